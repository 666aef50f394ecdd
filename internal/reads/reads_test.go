package reads

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestBot(t *testing.T) {
	people := []string{
		"Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36 Edg/141.0.0.0",
		"Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Mobile Safari/537.36",
		"Mozilla/5.0 (Linux; Android 13; CUBOT X70 Build/TP1A.220624.014) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Mobile Safari/537.36",
	}
	software := []string{"", "   ", "curl/8.5.0", "python-requests/2.32", "Go-http-client/2.0",
		"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
		"Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
		"Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2)",
		"facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
		"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0.0.0 Safari/537.36",
		"Mozilla/5.0 (compatible; Feedly/1.0)", "Slackbot-LinkExpanding 1.0", "WhatsApp/2.23",
		"Mozilla/5.0 (compatible; DuckDuckBot-Https/1.1; https://duckduckgo.com/duckduckbot)", "Mozilla/5.0 (compatible; SemrushBot/7~bl)",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1)",
	}
	for _, ua := range people {
		if Bot(ua) {
			t.Errorf("a reader's browser is a bot: %q", ua)
		}
	}
	for _, ua := range software {
		if !Bot(ua) {
			t.Errorf("not a bot: %q", ua)
		}
	}
}

func TestFillDays(t *testing.T) {
	lagos := time.FixedZone("WAT", 3600)
	now := time.Date(2026, 11, 29, 23, 30, 0, 0, time.UTC) // already the 30th in Lagos
	got := FillDays([]Day{{"2026-11-30", 4}, {"2026-11-28", 2}, {"2026-01-01", 9}}, now, lagos, 3)
	want := []Day{{"2026-11-28", 2}, {"2026-11-29", 0}, {"2026-11-30", 4}}
	if len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("got %v; want %v", got, want)
	}
	if p := (Stats{Days: got}).Peak(); p != 4 {
		t.Errorf("peak %d", p)
	}
	if p := (Stats{}).Peak(); p != 1 {
		t.Errorf("empty peak %d", p)
	}
}

type ranker struct {
	calls int
	since []int64
	err   error
}

func (r *ranker) MostRead(_ context.Context, since int64, sections []int64, limit int) ([]Ranked, error) {
	r.calls++
	r.since = append(r.since, since)
	return []Ranked{{ArticleID: int64(len(sections)), Views: int64(limit)}}, r.err
}

func TestBoardKeepsRankingsAWhile(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 10, 0, 0, time.UTC)
	r := &ranker{}
	b := &Board{Ranker: r, TTL: time.Minute, Now: func() time.Time { return now }}
	ctx := context.Background()
	b.Top(ctx, 24*time.Hour, []int64{2, 1}, 5)
	b.Top(ctx, 24*time.Hour, []int64{1, 2}, 5) // the same sections in another order
	if r.calls != 1 || r.since[0] != HourOf(now)-23 {
		t.Fatalf("calls %d, since %v (now %d)", r.calls, r.since, HourOf(now))
	}
	b.Top(ctx, 24*time.Hour, nil, 5)
	b.Top(ctx, 7*24*time.Hour, nil, 5)
	if r.calls != 3 {
		t.Errorf("other rankings share an entry: %d calls", r.calls)
	}
	now = now.Add(2 * time.Minute)
	b.Top(ctx, 24*time.Hour, []int64{1, 2}, 5)
	if r.calls != 4 {
		t.Errorf("a stale ranking was kept: %d calls", r.calls)
	}
	r.err = errors.New("database down")
	now = now.Add(2 * time.Minute)
	if _, err := b.Top(ctx, 24*time.Hour, []int64{1, 2}, 5); err == nil {
		t.Error("an error is hidden")
	}
	b.Forget()
	r.err = nil
	b.Top(ctx, 24*time.Hour, []int64{1, 2}, 5)
	if r.calls != 6 {
		t.Errorf("after Forget: %d calls", r.calls)
	}
}

func TestDayOf(t *testing.T) {
	lagos := time.FixedZone("WAT", 3600)
	h := HourOf(time.Date(2026, 11, 29, 23, 10, 0, 0, time.UTC)) // already the 30th in Lagos
	if got := DayOf(h, lagos); got != "2026-11-30" {
		t.Errorf("DayOf in Lagos: %s", got)
	}
	if got := DayOf(h, time.UTC); got != "2026-11-29" {
		t.Errorf("DayOf in UTC: %s", got)
	}
}
