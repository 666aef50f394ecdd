package app

import (
	"context"
	"sync"
	"time"

	"broadsheet/internal/store"
	"broadsheet/internal/web/pagecache"
)

// purgeLookback is how far back the purge log is read again on each poll:
// on PostgreSQL a transaction that took an id may commit after one that
// took a later id, so a poll past the later one would miss it.
const purgeLookback = 10 * time.Second

// purgeFollower applies the purge log to this instance's page cache: the
// changes made here at once (the store's hook), those made by other
// instances and by shell commands when it polls.
type purgeFollower struct {
	cache *pagecache.Cache
	st    *store.Store

	mu   sync.Mutex
	last int64
	seen map[int64]time.Time // ids applied within the lookback
}

func newPurgeFollower(ctx context.Context, c *pagecache.Cache, st *store.Store) (*purgeFollower, error) {
	last, err := st.LastPurge(ctx) // the cache is empty: nothing before matters
	if err != nil {
		return nil, err
	}
	f := &purgeFollower{cache: c, st: st, last: last, seen: map[int64]time.Time{}}
	st.OnPurge(f.apply)
	return f, nil
}

// apply purges once per log entry.
func (f *purgeFollower) apply(p store.Purge) {
	f.mu.Lock()
	_, done := f.seen[p.ID]
	if !done {
		f.seen[p.ID] = time.Now()
	}
	f.last = max(f.last, p.ID)
	f.mu.Unlock()
	if !done {
		f.cache.Purge(p.Keys...)
	}
}

// poll reads what other processes wrote since the last poll.
func (f *purgeFollower) poll(ctx context.Context) error {
	now := time.Now()
	f.mu.Lock()
	last := f.last
	for id, at := range f.seen {
		if now.Sub(at) > 2*purgeLookback {
			delete(f.seen, id)
		}
	}
	f.mu.Unlock()
	ps, err := f.st.Purges(ctx, last, now.Add(-purgeLookback), 5000)
	if err != nil {
		return err
	}
	for _, p := range ps {
		f.apply(p)
	}
	return nil
}

// run polls every interval, and at once when the database says a purge
// was recorded (PostgreSQL's LISTEN), until ctx ends.
func (f *purgeFollower) run(ctx context.Context, every time.Duration, logErr func(error)) {
	kick := make(chan struct{}, 1)
	listening := make(chan struct{})
	go func() {
		defer close(listening)
		f.st.ListenPurges(ctx, func() {
			select {
			case kick <- struct{}{}:
			default:
			}
		})
	}()
	defer func() { <-listening }()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-kick:
		}
		if err := f.poll(ctx); err != nil && ctx.Err() == nil {
			logErr(err)
		}
	}
}
