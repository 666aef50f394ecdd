package throttle

import (
	"context"
	"sync"
	"time"
)

// Memory is a Store that keeps attempts in this process only: for limits
// whose keys must never be written anywhere (the tips form counts its
// senders this way, so no trace of a tipster's address reaches the database
// or a backup). Limits then hold per instance. It keeps at most MaxKeys keys
// and forgets attempts older than Keep.
type Memory struct {
	Keep    time.Duration // the longest window of the rules that use it
	MaxKeys int

	mu   sync.Mutex
	hits map[string][]time.Time
	ops  int
}

// NewMemory returns an empty store for rules whose windows are at most keep.
func NewMemory(keep time.Duration) *Memory {
	return &Memory{Keep: keep, MaxKeys: 100_000, hits: map[string][]time.Time{}}
}

func (m *Memory) count(key string, since time.Time) (int, time.Time) {
	n, oldest := 0, time.Time{}
	for _, at := range m.hits[key] {
		if at.Before(since) {
			continue
		}
		n++
		if oldest.IsZero() || at.Before(oldest) {
			oldest = at
		}
	}
	return n, oldest
}

// record adds an attempt, keeping the map small: a key's attempts older than
// Keep are dropped as it is touched, every key's now and then, and when too
// many keys are held the ones with the oldest latest attempt go first.
func (m *Memory) record(key string, at time.Time) {
	if m.hits == nil {
		m.hits = map[string][]time.Time{}
	}
	h := m.hits[key]
	cut := at.Add(-m.Keep)
	i := 0
	for i < len(h) && h[i].Before(cut) {
		i++
	}
	m.hits[key] = append(h[i:], at)
	if m.ops++; m.ops%1000 == 0 || len(m.hits) > m.MaxKeys {
		for k, h := range m.hits {
			if len(h) == 0 || h[len(h)-1].Before(cut) {
				delete(m.hits, k)
			}
		}
		for k := range m.hits { // still too many: any will do
			if len(m.hits) <= m.MaxKeys {
				break
			}
			if k != key {
				delete(m.hits, k)
			}
		}
	}
}

// ThrottleCount counts a key's attempts at or after since.
func (m *Memory) ThrottleCount(_ context.Context, key string, since time.Time) (int, time.Time, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n, oldest := m.count(key, since)
	return n, oldest, nil
}

// ThrottleHit records an attempt.
func (m *Memory) ThrottleHit(_ context.Context, key string, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.record(key, at)
	return nil
}

// ThrottleTake records an attempt when the key has fewer than limit.
func (m *Memory) ThrottleTake(_ context.Context, key string, at, since time.Time, limit int) (int, time.Time, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n, oldest := m.count(key, since)
	if n < limit {
		m.record(key, at)
	}
	return n, oldest, nil
}

// ThrottleClear forgets a key's attempts.
func (m *Memory) ThrottleClear(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.hits, key)
	return nil
}

// ThrottleForget forgets a key's latest attempt.
func (m *Memory) ThrottleForget(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if n := len(m.hits[key]); n > 0 {
		m.hits[key] = m.hits[key][:n-1]
	}
	return nil
}

// Total counts every attempt held, under every key.
func (m *Memory) Total() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, h := range m.hits {
		n += len(h)
	}
	return n
}

// Keys counts the keys held.
func (m *Memory) Keys() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.hits)
}
