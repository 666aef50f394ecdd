// Package tally adds up counts in memory, to be written to the database in
// batches: one write every few seconds rather than one per event. Nothing
// about who caused an event is kept, only the numbers under their keys. It
// imports nothing of the application.
package tally

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// MaxKeys bounds a counter's memory whatever happens to the database: once
// this many keys wait to be written, new keys are dropped (existing ones
// still count).
const MaxKeys = 100_000

// Counter adds up numbers by key. The zero value is ready to use.
type Counter[K comparable] struct {
	mu sync.Mutex
	m  map[K]int64
}

// Add adds n to k's count.
func (c *Counter[K]) Add(k K, n int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[K]int64{}
	}
	if _, ok := c.m[k]; !ok && len(c.m) >= MaxKeys {
		return
	}
	c.m[k] += n
}

// Take returns the counts so far and starts again from zero.
func (c *Counter[K]) Take() map[K]int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	m := c.m
	c.m = nil
	return m
}

// Flush writes the counts so far with save; counts that could not be
// written are kept for the next time.
func (c *Counter[K]) Flush(ctx context.Context, save func(context.Context, map[K]int64) error) error {
	m := c.Take()
	if len(m) == 0 {
		return nil
	}
	if err := save(ctx, m); err != nil {
		for k, n := range m {
			c.Add(k, n)
		}
		return err
	}
	return nil
}

// Run flushes every interval until ctx ends, then once more; what names
// the counts in the log.
func (c *Counter[K]) Run(ctx context.Context, every time.Duration, save func(context.Context, map[K]int64) error, log *slog.Logger, what string) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if err := c.Flush(ctx, save); err != nil && ctx.Err() == nil {
				log.Warn(what+": counts not saved, kept for the next try", "err", err)
			}
		case <-ctx.Done():
			fctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			if err := c.Flush(fctx, save); err != nil {
				log.Warn(what+": counts lost at shutdown", "err", err)
			}
			cancel()
			return
		}
	}
}
