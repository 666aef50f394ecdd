package ad

import (
	"context"
	"log/slog"
	"sort"
	"sync"
	"time"

	"broadsheet/internal/tally"
)

// Book keeps the ads in memory for the reader pages, which ask on every
// request whether a slot has anything to show and which ad it shows. It
// loads them again after a while (another instance may have changed them)
// or at once when this instance changes them.
type Book struct {
	load func(ctx context.Context) ([]Ad, error)
	ttl  time.Duration

	mu    sync.Mutex
	ads   []Ad
	until time.Time // when ads must be loaded again
	gen   uint64    // bumped by Invalidate; a load started before it is not kept
}

// NewBook returns a Book that loads ads with load, keeping them for ttl.
func NewBook(load func(ctx context.Context) ([]Ad, error), ttl time.Duration) *Book {
	return &Book{load: load, ttl: ttl}
}

// Invalidate makes the next read load the ads again.
func (b *Book) Invalidate() {
	b.mu.Lock()
	b.until, b.gen = time.Time{}, b.gen+1
	b.mu.Unlock()
}

// All returns every ad (the slice is shared: do not change it).
func (b *Book) All(ctx context.Context) ([]Ad, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	if now.Before(b.until) {
		return b.ads, nil
	}
	gen := b.gen
	ads, err := b.load(ctx)
	if err != nil {
		return nil, err
	}
	if gen == b.gen {
		b.ads, b.until = ads, now.Add(b.ttl)
	}
	return ads, nil
}

// Candidates are the ads that may fill placement p at t on a page in trail.
func Candidates(ads []Ad, p Placement, trail []int64, t time.Time) []*Ad {
	var out []*Ad
	for i := range ads {
		if a := &ads[i]; a.Live(t) && a.Fits(p, trail) {
			out = append(out, a)
		}
	}
	return out
}

// Pick chooses one of the candidates, each in proportion to its weight;
// rnd(n) returns a number in [0, n). It returns nil when there is none.
func Pick(cands []*Ad, rnd func(n int) int) *Ad {
	total := 0
	for _, a := range cands {
		total += a.Weight
	}
	if total <= 0 {
		return nil
	}
	n := rnd(total)
	for _, a := range cands {
		if n -= a.Weight; n < 0 {
			return a
		}
	}
	return cands[len(cands)-1]
}

// NextChange is the first moment after t when some ad starts or ends: until
// then, which slots have something to show stays the same (a page cache can
// keep pages until it).
func NextChange(ads []Ad, t time.Time) time.Time {
	var next time.Time
	for _, a := range ads {
		for _, at := range []time.Time{a.Starts, a.Ends} {
			if at.After(t) && (next.IsZero() || at.Before(next)) {
				next = at
			}
		}
	}
	return next
}

// Count is what one ad had on one day.
type Count struct {
	AdID        int64
	Day         string // 2006-01-02 in the site's time zone
	Impressions int64
	Clicks      int64
}

// Counter adds up impressions and clicks in memory, to be written to the
// database in batches: one write every few seconds rather than one a view.
// Nothing about the reader is kept, only the numbers.
type Counter struct {
	t tally.Counter[countKey]
}

type countKey struct {
	id    int64
	day   string
	click bool
}

// Impression counts one showing of ad id on day.
func (c *Counter) Impression(id int64, day string) { c.t.Add(countKey{id, day, false}, 1) }

// Click counts one click on ad id on day.
func (c *Counter) Click(id int64, day string) { c.t.Add(countKey{id, day, true}, 1) }

// Take returns the counts so far and starts again from zero.
func (c *Counter) Take() []Count { return counts(c.t.Take()) }

// counts turns tallies into one Count per ad and day, in order.
func counts(m map[countKey]int64) []Count {
	byKey := map[countKey]*Count{}
	out := make([]Count, 0, len(m))
	for k, n := range m {
		k0 := countKey{k.id, k.day, false}
		c := byKey[k0]
		if c == nil {
			out = append(out, Count{AdID: k.id, Day: k.day})
			c = &out[len(out)-1]
			byKey[k0] = c
		}
		if k.click {
			c.Clicks += n
		} else {
			c.Impressions += n
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].AdID != out[j].AdID {
			return out[i].AdID < out[j].AdID
		}
		return out[i].Day < out[j].Day
	})
	return out
}

// Flush writes the counts so far with save; counts that could not be
// written are kept for the next time.
func (c *Counter) Flush(ctx context.Context, save func(context.Context, []Count) error) error {
	return c.t.Flush(ctx, func(ctx context.Context, m map[countKey]int64) error { return save(ctx, counts(m)) })
}

// Run flushes every interval until ctx ends, then once more.
func (c *Counter) Run(ctx context.Context, every time.Duration, save func(context.Context, []Count) error, log *slog.Logger) {
	c.t.Run(ctx, every, func(ctx context.Context, m map[countKey]int64) error { return save(ctx, counts(m)) }, log, "ads")
}

// Stats are an ad's totals, for the newsroom.
type Stats struct {
	Impressions, Clicks int64
}

// CTR is the share of impressions that were clicked, in percent.
func (s Stats) CTR() float64 {
	if s.Impressions == 0 {
		return 0
	}
	return float64(s.Clicks) * 100 / float64(s.Impressions)
}
