// Package reads is the site's own readership count: how often each story
// is read, by the hour, with no cookie, no third-party script and nothing
// about the reader stored. The reader's browser reports a read once per
// story and browsing session; bots, prefetches and the newsroom's staff
// are not counted. The counts give "Most read", "Trending" and the
// newsroom's readership figures. It must not import store or web.
package reads

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Key is one story in one hour: what a read is counted under.
type Key struct {
	ArticleID int64
	// Hour is the hour's start in Unix hours (UTC).
	Hour int64
}

// KeyAt is the key of a read of article id at t.
func KeyAt(id int64, t time.Time) Key { return Key{ArticleID: id, Hour: HourOf(t)} }

// DayOf is the date, in the site's zone loc, of an hour's start: the daily
// totals the newsroom shows are kept by the site's days. (In a zone whose
// offset is not whole hours, a read in the first minutes of a day counts
// on the day before.)
func DayOf(hour int64, loc *time.Location) string {
	return time.Unix(hour*3600, 0).In(loc).Format(time.DateOnly)
}

// HourOf is t's hour in Unix hours.
func HourOf(t time.Time) int64 { return t.Unix() / 3600 }

// Ranked is a story's place in a ranking.
type Ranked struct {
	ArticleID int64
	Views     int64
}

// Day is one day's reads.
type Day struct {
	Day   string // 2006-01-02
	Views int64
}

// Label is the day as the newsroom shows it: "Mon 16 Nov".
func (d Day) Label() string {
	t, err := time.Parse(time.DateOnly, d.Day)
	if err != nil {
		return d.Day
	}
	return t.Format("Mon 2 Jan")
}

// Stats are one story's readership, for the newsroom.
type Stats struct {
	Last24h, Last7d, Last30d, Total int64
	// Days are the last days' reads, oldest first, with the days without
	// reads filled in.
	Days []Day
}

// Peak is the largest day in Days (at least 1, to scale bars by).
func (s Stats) Peak() int64 {
	p := int64(1)
	for _, d := range s.Days {
		p = max(p, d.Views)
	}
	return p
}

// FillDays returns the n days up to and including today (in loc), oldest
// first, with the views from got.
func FillDays(got []Day, today time.Time, loc *time.Location, n int) []Day {
	by := map[string]int64{}
	for _, d := range got {
		by[d.Day] = d.Views
	}
	out := make([]Day, n)
	t := today.In(loc)
	for i := n - 1; i >= 0; i-- {
		day := t.Format(time.DateOnly)
		out[i] = Day{Day: day, Views: by[day]}
		t = t.AddDate(0, 0, -1)
	}
	return out
}

// botWords are pieces of user agents that announce software rather than a
// person reading: crawlers, link previews, monitors, scripts and headless
// browsers.
var botWords = []string{
	"spider", "crawl", "slurp", "scrape", "preview", "fetch", "monitor", "check",
	"headless", "lighthouse", "pingdom", "uptime", "facebookexternalhit", "embedly",
	"curl", "wget", "python", "java/", "go-http-client", "okhttp", "axios", "node-fetch",
	"libwww", "httpclient", "http_request", "phantomjs", "feed", "rss", "archive",
}

// botName finds "bot" as robots name themselves ("Googlebot/2.1",
// "Slackbot-LinkExpanding", "compatible; bot;"), and not inside a phone's
// name such as CUBOT.
var botName = regexp.MustCompile(`bot[/\-;)_]|bot$|\bbot\b`)

// Bot reports whether a user agent is software rather than a reader's
// browser (an empty one is).
func Bot(userAgent string) bool {
	ua := strings.ToLower(strings.TrimSpace(userAgent))
	if ua == "" || !strings.Contains(ua, "mozilla/") || botName.MatchString(ua) {
		return true
	}
	for _, w := range botWords {
		if strings.Contains(ua, w) {
			return true
		}
	}
	return false
}

// Ranker is where rankings come from: the published stories most read
// since an hour, within some sections (none: all).
type Ranker interface {
	MostRead(ctx context.Context, sinceHour int64, sectionIDs []int64, limit int) ([]Ranked, error)
}

// Board keeps rankings in memory for a while: every reader page shows one
// and they change slowly. Stories unpublished meanwhile are left out when
// the page loads them, so a stale ranking never shows one.
type Board struct {
	Ranker Ranker
	TTL    time.Duration
	Now    func() time.Time

	mu    sync.Mutex
	cache map[string]boardEntry
}

type boardEntry struct {
	at  time.Time
	top []Ranked
}

// Top is the ranking of the last window within sections, at most limit long.
func (b *Board) Top(ctx context.Context, window time.Duration, sectionIDs []int64, limit int) ([]Ranked, error) {
	now := time.Now()
	if b.Now != nil {
		now = b.Now()
	}
	ids := slices.Clone(sectionIDs)
	slices.Sort(ids)
	var k strings.Builder
	k.WriteString(window.String())
	k.WriteString("/" + strconv.Itoa(limit))
	for _, id := range ids {
		k.WriteString("/" + strconv.FormatInt(id, 10))
	}
	key := k.String()
	b.mu.Lock()
	e, ok := b.cache[key]
	b.mu.Unlock()
	if ok && now.Sub(e.at) < b.TTL {
		return e.top, nil
	}
	top, err := b.Ranker.MostRead(ctx, HourOf(now.Add(-window))+1, ids, limit)
	if err != nil {
		return nil, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.cache == nil || len(b.cache) > 1000 {
		b.cache = map[string]boardEntry{}
	}
	b.cache[key] = boardEntry{now, top}
	return top, nil
}

// Forget drops the rankings kept, so the next pages ask again.
func (b *Board) Forget() {
	b.mu.Lock()
	b.cache = nil
	b.mu.Unlock()
}
