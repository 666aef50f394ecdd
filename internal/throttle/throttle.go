// Package throttle slows floods: sign-in guessing, sign-up and reset mail
// bombing, comment spam. Attempts are counted in the database (by a hash of
// their key, so no address or email is kept in clear), so every instance on a
// shared PostgreSQL sees the same counts. Windows slide: a limit is never a
// lock that lasts; each refusal says how long to wait. It must not import
// store or web.
package throttle

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// Rule is one limit: at most Max attempts per Window for each key.
type Rule struct {
	Name   string // e.g. "signin-ip"; part of the stored key
	Max    int
	Window time.Duration
}

// Store keeps attempts.
type Store interface {
	// ThrottleCount counts a key's attempts at or after since, and returns the
	// oldest of them.
	ThrottleCount(ctx context.Context, key string, since time.Time) (int, time.Time, error)
	// ThrottleHit records an attempt.
	ThrottleHit(ctx context.Context, key string, at time.Time) error
	// ThrottleTake records an attempt at at only when the key has fewer than
	// limit attempts at or after since, as one step that attempts made at the
	// same moment cannot interleave with; n is the count before.
	ThrottleTake(ctx context.Context, key string, at, since time.Time, limit int) (n int, oldest time.Time, err error)
	// ThrottleClear forgets a key's attempts.
	ThrottleClear(ctx context.Context, key string) error
	// ThrottleForget forgets a key's latest attempt.
	ThrottleForget(ctx context.Context, key string) error
}

// Limiter applies rules through a store.
type Limiter struct {
	Store Store
	Now   func() time.Time
}

func (l *Limiter) now() time.Time {
	if l.Now != nil {
		return l.Now()
	}
	return time.Now()
}

// Key is the stored form of a rule's key: a hash, so that the table holds no
// email address or network address in clear.
func Key(r Rule, key string) string {
	sum := sha256.Sum256([]byte(r.Name + "\x00" + key))
	return r.Name + ":" + hex.EncodeToString(sum[:16])
}

// Wait returns how long key must wait before its next attempt under r (0 when
// it may go ahead now).
func (l *Limiter) Wait(ctx context.Context, r Rule, key string) (time.Duration, error) {
	now := l.now()
	n, oldest, err := l.Store.ThrottleCount(ctx, Key(r, key), now.Add(-r.Window))
	if err != nil || n < r.Max {
		return 0, err
	}
	return until(oldest, r.Window, now), nil
}

// Hit records an attempt by key under r.
func (l *Limiter) Hit(ctx context.Context, r Rule, key string) error {
	return l.Store.ThrottleHit(ctx, Key(r, key), l.now())
}

// Clear forgets key's attempts under r (after a success that proves the
// owner, such as a password reset).
func (l *Limiter) Clear(ctx context.Context, r Rule, key string) error {
	return l.Store.ThrottleClear(ctx, Key(r, key))
}

// Forget takes back key's latest attempt under r: one counted in advance that
// turned out to be no failure.
func (l *Limiter) Forget(ctx context.Context, r Rule, key string) error {
	return l.Store.ThrottleForget(ctx, Key(r, key))
}

// Check waits on every (rule, key) pair and returns the longest wait as a
// *Limited error naming what, or nil.
func (l *Limiter) Check(ctx context.Context, what string, pairs ...Pair) error {
	var longest time.Duration
	for _, p := range pairs {
		if p.Key == "" {
			continue
		}
		w, err := l.Wait(ctx, p.Rule, p.Key)
		if err != nil {
			return err
		}
		longest = max(longest, w)
	}
	if longest > 0 {
		return &Limited{What: what, Wait: longest}
	}
	return nil
}

// Take counts an attempt on every pair, or refuses it with a *Limited error
// when any key is at its limit. Each key is counted and recorded in one step
// (see Store.ThrottleTake), so a burst of attempts at the same moment gets no
// more through than the limit; a refused attempt counts on no key, so
// refusals never lengthen the wait.
func (l *Limiter) Take(ctx context.Context, what string, pairs ...Pair) error {
	now := l.now()
	var taken []Pair
	var longest time.Duration
	for _, p := range pairs {
		if p.Key == "" {
			continue
		}
		n, oldest, err := l.Store.ThrottleTake(ctx, Key(p.Rule, p.Key), now, now.Add(-p.Rule.Window), p.Rule.Max)
		if err != nil {
			// What was taken before the failure is given back: a broken
			// database must not use up a reader's attempts.
			return errors.Join(err, l.ForgetAll(ctx, taken...))
		}
		if n >= p.Rule.Max {
			longest = max(longest, until(oldest, p.Rule.Window, now))
		} else {
			taken = append(taken, p)
		}
	}
	if longest == 0 {
		return nil
	}
	if err := l.ForgetAll(ctx, taken...); err != nil {
		return err
	}
	return &Limited{What: what, Wait: longest}
}

// ForgetAll takes back the latest attempt on every pair.
func (l *Limiter) ForgetAll(ctx context.Context, pairs ...Pair) error {
	for _, p := range pairs {
		if p.Key == "" {
			continue
		}
		if err := l.Forget(ctx, p.Rule, p.Key); err != nil {
			return err
		}
	}
	return nil
}

// until is the wait until the oldest attempt leaves the window: at least a
// second, so that a refusal never says "try again in 0 seconds".
func until(oldest time.Time, window time.Duration, now time.Time) time.Duration {
	return max(oldest.Add(window).Sub(now), time.Second)
}

// HitAll records an attempt on every pair.
func (l *Limiter) HitAll(ctx context.Context, pairs ...Pair) error {
	for _, p := range pairs {
		if p.Key == "" {
			continue
		}
		if err := l.Hit(ctx, p.Rule, p.Key); err != nil {
			return err
		}
	}
	return nil
}

// Pair is a rule applied to one key.
type Pair struct {
	Rule Rule
	Key  string
}

// Limited is a refusal: too many attempts; try again after Wait.
type Limited struct {
	What string // "sign-in attempts", "comments", ...
	Wait time.Duration
}

func (e *Limited) Error() string {
	return fmt.Sprintf("Too many %s in a short time. Please try again in %s.", e.What, Human(e.Wait))
}

// Seconds is the Retry-After value.
func (e *Limited) Seconds() int { return int((e.Wait + time.Second - 1) / time.Second) }

// Human says a wait the way a person would: "40 seconds", "1 minute", "12 minutes", "2 hours".
func Human(d time.Duration) string {
	switch {
	case d < time.Minute:
		s := int((d + time.Second - 1) / time.Second)
		return plural(max(s, 1), "second")
	case d < time.Hour:
		return plural(int((d+time.Minute-1)/time.Minute), "minute")
	default:
		return plural(int((d+time.Hour-1)/time.Hour), "hour")
	}
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
