// Package throttletest is an in-memory throttle.Store for the unit tests of
// the packages that throttle; tests of storage use the real store.
package throttletest

import (
	"context"
	"sync"
	"time"
)

// Mem keeps the attempts of each stored key in memory. Err, when set, is
// returned by every call.
type Mem struct {
	mu   sync.Mutex
	hits map[string][]time.Time
	Err  error
}

// New returns an empty store.
func New() *Mem { return &Mem{hits: map[string][]time.Time{}} }

func (m *Mem) count(key string, since time.Time) (int, time.Time) {
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

// ThrottleCount counts a key's attempts at or after since.
func (m *Mem) ThrottleCount(_ context.Context, key string, since time.Time) (int, time.Time, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Err != nil {
		return 0, time.Time{}, m.Err
	}
	n, oldest := m.count(key, since)
	return n, oldest, nil
}

// ThrottleHit records an attempt.
func (m *Mem) ThrottleHit(_ context.Context, key string, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Err != nil {
		return m.Err
	}
	m.hits[key] = append(m.hits[key], at)
	return nil
}

// ThrottleTake records an attempt when the key has fewer than limit.
func (m *Mem) ThrottleTake(_ context.Context, key string, at, since time.Time, limit int) (int, time.Time, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Err != nil {
		return 0, time.Time{}, m.Err
	}
	n, oldest := m.count(key, since)
	if n < limit {
		m.hits[key] = append(m.hits[key], at)
	}
	return n, oldest, nil
}

// ThrottleClear forgets a key's attempts.
func (m *Mem) ThrottleClear(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Err != nil {
		return m.Err
	}
	delete(m.hits, key)
	return nil
}

// ThrottleForget forgets a key's latest attempt.
func (m *Mem) ThrottleForget(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Err != nil {
		return m.Err
	}
	if n := len(m.hits[key]); n > 0 {
		m.hits[key] = m.hits[key][:n-1]
	}
	return nil
}

// Total counts every recorded attempt under every key.
func (m *Mem) Total() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, h := range m.hits {
		n += len(h)
	}
	return n
}
