package ad

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)

func TestLiveAndFits(t *testing.T) {
	a := Ad{Weight: 1, Placements: []Placement{Header}, Starts: t0, Ends: t0.Add(time.Hour)}
	for _, c := range []struct {
		at   time.Time
		live bool
	}{{t0.Add(-time.Second), false}, {t0, true}, {t0.Add(59 * time.Minute), true}, {t0.Add(time.Hour), false}} {
		if a.Live(c.at) != c.live {
			t.Errorf("live at %v: %v", c.at, !c.live)
		}
	}
	if p := a; p.Paused || !p.Live(t0) {
		t.Error("running ad not live")
	}
	a.Paused = true
	if a.Live(t0) || a.Status(t0) != "paused" {
		t.Error("paused ad live")
	}
	a.Paused = false
	if a.Status(t0.Add(-time.Minute)) != "scheduled" || a.Status(t0.Add(time.Hour)) != "ended" || a.Status(t0) != "running" {
		t.Error("status")
	}
	// Sections: the trail is the page's section and its parents.
	a.Targeted, a.Sections = true, []int64{2}
	if !a.Fits(Header, []int64{5, 2}) || a.Fits(Header, []int64{2 + 1}) || a.Fits(Header, nil) || a.Fits(Sidebar, []int64{2}) {
		t.Error("section targeting")
	}
	a.Sections = nil // its sections were deleted: nowhere
	if a.Fits(Header, []int64{2}) || a.Fits(Header, nil) || a.Status(t0) != "no section" {
		t.Error("an ad whose sections went shows")
	}
}

func TestPickByWeight(t *testing.T) {
	ads := []Ad{{ID: 1, Weight: 1}, {ID: 2, Weight: 3}, {ID: 3, Weight: 6}}
	cands := []*Ad{&ads[0], &ads[1], &ads[2]}
	got := map[int64]int{}
	for n := 0; n < 10; n++ {
		got[Pick(cands, func(int) int { return n }).ID]++
	}
	if got[1] != 1 || got[2] != 3 || got[3] != 6 {
		t.Errorf("shares %v", got)
	}
	if Pick(nil, func(int) int { return 0 }) != nil {
		t.Error("picked from nothing")
	}
}

func TestNextChange(t *testing.T) {
	ads := []Ad{{Starts: t0.Add(-time.Hour), Ends: t0.Add(3 * time.Hour)}, {Starts: t0.Add(2 * time.Hour)}, {}}
	if got := NextChange(ads, t0); !got.Equal(t0.Add(2 * time.Hour)) {
		t.Errorf("next change %v", got)
	}
	if got := NextChange(ads, t0.Add(4*time.Hour)); !got.IsZero() {
		t.Errorf("after all: %v", got)
	}
}

func TestCheckLink(t *testing.T) {
	good := map[string]string{"https://shop.example/a?b=c#d": "https://shop.example/a?b=c#d", " /alerts ": "/alerts", "http://x.example": "http://x.example"}
	for in, want := range good {
		if got, ok := CheckLink(in); !ok || got != want {
			t.Errorf("%q: %q %v", in, got, ok)
		}
	}
	for _, bad := range []string{"", "//evil.example", "/\\evil.example", "\\\\evil.example", "https:evil.example", "https:///x", "javascript:alert(1)",
		"data:text/html,x", "https://u:p@x.example/", "ftp://x.example", "evil.example", "/a\nb", "https://x.example/\x00", "mailto:a@b.example",
		"https://" + strings.Repeat("a", MaxLink)} {
		if got, ok := CheckLink(bad); ok {
			t.Errorf("%q accepted as %q", bad, got)
		}
	}
}

func TestValidate(t *testing.T) {
	a := Ad{Name: " Spring\x00 sale\u202e ", Kind: House, Placements: []Placement{Header, "footer", Header}, Text: "Buy", Link: "/shop", Weight: 1,
		Code: "<script>x</script>", Sections: []int64{3, 1, 3}}
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	if a.Name != "Spring sale" || len(a.Placements) != 1 || a.Code != "" || len(a.Sections) != 2 || !a.Targeted {
		t.Errorf("cleaned: %+v", a)
	}
	bad := Ad{Kind: House, ImageURL: "https://elsewhere.example/x.png", Weight: 0, Starts: t0, Ends: t0, Link: "javascript:x"}
	err := bad.Validate()
	for _, field := range []string{"name", "placements", "image_url", "image_alt", "link", "weight", "ends"} {
		if err == nil || !strings.Contains(err.Error(), field) {
			t.Errorf("no complaint about %s: %v", field, err)
		}
	}
	n := Ad{Name: "N", Kind: Network, Placements: []Placement{Sidebar}, Weight: 1, Text: "x", Link: "/x", Code: "  \r\n "}
	if err := n.Validate(); err == nil || !strings.Contains(err.Error(), "code") || n.Text != "" || n.Link != "" {
		t.Errorf("network without code: %v %+v", err, n)
	}
	if err := (&Ad{Name: "K", Kind: "popup", Placements: []Placement{Header}, Weight: 1}).Validate(); err == nil {
		t.Error("unknown kind accepted")
	}
}

func TestScriptHashes(t *testing.T) {
	code := `<div></div><script>var a = "</b>";</script><script src="https://ads.example/t.js"></script><SCRIPT type="text/javascript">b()</SCRIPT><script></script>`
	h := func(s string) string {
		sum := sha256.Sum256([]byte(s))
		return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
	}
	got := ScriptHashes(code)
	want := []string{h(`var a = "</b>";`), h("b()"), h("")}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("hashes %v; want %v", got, want)
	}
}

func TestCounterKeepsWhatFailed(t *testing.T) {
	var c Counter
	c.Impression(1, "2026-11-29")
	c.Impression(1, "2026-11-29")
	c.Click(1, "2026-11-29")
	c.Impression(2, "2026-11-30")
	fail := errors.New("database down")
	if err := c.Flush(context.Background(), func(context.Context, []Count) error { return fail }); err != fail {
		t.Fatal(err)
	}
	c.Impression(1, "2026-11-29")
	var saved []Count
	if err := c.Flush(context.Background(), func(_ context.Context, cs []Count) error { saved = cs; return nil }); err != nil {
		t.Fatal(err)
	}
	if len(saved) != 2 || saved[0] != (Count{AdID: 1, Day: "2026-11-29", Impressions: 3, Clicks: 1}) || saved[1].Impressions != 1 {
		t.Errorf("saved %+v", saved)
	}
	if left := c.Take(); len(left) != 0 {
		t.Errorf("left %+v", left)
	}
}

func TestBookReloads(t *testing.T) {
	loads := 0
	b := NewBook(func(context.Context) ([]Ad, error) { loads++; return []Ad{{ID: int64(loads)}}, nil }, time.Hour)
	for i := 0; i < 3; i++ {
		if ads, _ := b.All(context.Background()); ads[0].ID != 1 {
			t.Fatal("reloaded before its time")
		}
	}
	b.Invalidate()
	if ads, _ := b.All(context.Background()); ads[0].ID != 2 || loads != 2 {
		t.Errorf("not reloaded after a change: %d loads", loads)
	}
}
