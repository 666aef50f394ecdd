// Package throttletest is an in-memory throttle.Store for the unit tests of
// the packages that throttle, which can also fail on demand; tests of
// storage use the real store.
package throttletest

import (
	"context"
	"time"

	"broadsheet/internal/throttle"
)

// Mem keeps attempts in memory (throttle.Memory). Err, when set, is returned
// by every call.
type Mem struct {
	*throttle.Memory
	Err error
}

// New returns an empty store that keeps attempts for a day.
func New() *Mem { return &Mem{Memory: throttle.NewMemory(24 * time.Hour)} }

// ThrottleCount counts a key's attempts at or after since.
func (m *Mem) ThrottleCount(ctx context.Context, key string, since time.Time) (int, time.Time, error) {
	if m.Err != nil {
		return 0, time.Time{}, m.Err
	}
	return m.Memory.ThrottleCount(ctx, key, since)
}

// ThrottleHit records an attempt.
func (m *Mem) ThrottleHit(ctx context.Context, key string, at time.Time) error {
	if m.Err != nil {
		return m.Err
	}
	return m.Memory.ThrottleHit(ctx, key, at)
}

// ThrottleTake records an attempt when the key has fewer than limit.
func (m *Mem) ThrottleTake(ctx context.Context, key string, at, since time.Time, limit int) (int, time.Time, error) {
	if m.Err != nil {
		return 0, time.Time{}, m.Err
	}
	return m.Memory.ThrottleTake(ctx, key, at, since, limit)
}

// ThrottleClear forgets a key's attempts.
func (m *Mem) ThrottleClear(ctx context.Context, key string) error {
	if m.Err != nil {
		return m.Err
	}
	return m.Memory.ThrottleClear(ctx, key)
}

// ThrottleForget forgets a key's latest attempt.
func (m *Mem) ThrottleForget(ctx context.Context, key string) error {
	if m.Err != nil {
		return m.Err
	}
	return m.Memory.ThrottleForget(ctx, key)
}
