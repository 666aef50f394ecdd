package ad

import (
	"context"
	"log/slog"
	"sort"
	"sync"
	"time"
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
	mu sync.Mutex
	m  map[countKey]*Count
}

type countKey struct {
	id  int64
	day string
}

func (c *Counter) add(id int64, day string, imp, clk int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[countKey]*Count{}
	}
	k := countKey{id, day}
	n := c.m[k]
	if n == nil {
		if len(c.m) >= 100_000 { // bounded whatever happens to the database
			return
		}
		n = &Count{AdID: id, Day: day}
		c.m[k] = n
	}
	n.Impressions += imp
	n.Clicks += clk
}

// Impression counts one showing of ad id on day.
func (c *Counter) Impression(id int64, day string) { c.add(id, day, 1, 0) }

// Click counts one click on ad id on day.
func (c *Counter) Click(id int64, day string) { c.add(id, day, 0, 1) }

// Take returns the counts so far and starts again from zero.
func (c *Counter) Take() []Count {
	c.mu.Lock()
	m := c.m
	c.m = nil
	c.mu.Unlock()
	out := make([]Count, 0, len(m))
	for _, n := range m {
		out = append(out, *n)
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
	counts := c.Take()
	if len(counts) == 0 {
		return nil
	}
	if err := save(ctx, counts); err != nil {
		for _, n := range counts {
			c.add(n.AdID, n.Day, n.Impressions, n.Clicks)
		}
		return err
	}
	return nil
}

// Run flushes every interval until ctx ends, then once more.
func (c *Counter) Run(ctx context.Context, every time.Duration, save func(context.Context, []Count) error, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if err := c.Flush(ctx, save); err != nil && ctx.Err() == nil {
				log.Warn("ads: counts not saved, kept for the next try", "err", err)
			}
		case <-ctx.Done():
			fctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			if err := c.Flush(fctx, save); err != nil {
				log.Warn("ads: counts lost at shutdown", "err", err)
			}
			cancel()
			return
		}
	}
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
