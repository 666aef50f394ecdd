package throttle_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/throttle"
	"broadsheet/internal/throttle/throttletest"
)

// clock is a Now that tests move by hand.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }
func newLimiter() (*throttle.Limiter, *throttletest.Mem, *clock) {
	st, c := throttletest.New(), &clock{t: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
	return &throttle.Limiter{Store: st, Now: c.now}, st, c
}

var rule = throttle.Rule{Name: "test", Max: 3, Window: 10 * time.Minute}

func TestWait(t *testing.T) {
	tests := []struct {
		name string
		hits []time.Duration // attempts, as offsets before now
		want time.Duration
	}{
		{"no attempts", nil, 0},
		{"under the limit", []time.Duration{5 * time.Minute, time.Minute}, 0},
		{"at the limit waits for the oldest to leave", []time.Duration{4 * time.Minute, 2 * time.Minute, time.Minute}, 6 * time.Minute},
		{"over the limit still waits for the oldest", []time.Duration{9 * time.Minute, 3 * time.Minute, 2 * time.Minute, time.Minute}, time.Minute},
		{"old attempts outside the window do not count", []time.Duration{11 * time.Minute, 20 * time.Minute, 2 * time.Minute, time.Minute}, 0},
		{"oldest about to leave: at least one second", []time.Duration{10*time.Minute - 100*time.Millisecond, time.Minute, 0}, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, st, c := newLimiter()
			for _, d := range tt.hits {
				if err := st.ThrottleHit(context.Background(), throttle.Key(rule, "k"), c.now().Add(-d)); err != nil {
					t.Fatal(err)
				}
			}
			got, err := l.Wait(context.Background(), rule, "k")
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Wait = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestHitWaitClearOverTime(t *testing.T) {
	ctx := context.Background()
	l, _, c := newLimiter()
	for i := range rule.Max {
		if w, err := l.Wait(ctx, rule, "a"); err != nil || w != 0 {
			t.Fatalf("attempt %d: wait %v, %v; want none", i+1, w, err)
		}
		if err := l.Hit(ctx, rule, "a"); err != nil {
			t.Fatal(err)
		}
		c.advance(time.Minute)
	}
	// Three attempts at 0, 1 and 2 minutes; now is 3 minutes: the first
	// leaves the window at 10 minutes.
	if w, _ := l.Wait(ctx, rule, "a"); w != 7*time.Minute {
		t.Fatalf("at the limit: wait %v, want 7m", w)
	}
	if w, _ := l.Wait(ctx, rule, "b"); w != 0 {
		t.Fatalf("another key is limited too: wait %v", w)
	}
	if w, _ := l.Wait(ctx, throttle.Rule{Name: "other", Max: 3, Window: time.Hour}, "a"); w != 0 {
		t.Fatalf("the same key under another rule is limited too: wait %v", w)
	}
	// The window includes its edge: an attempt counts until strictly more
	// than Window has passed.
	c.advance(7*time.Minute + time.Microsecond)
	if w, _ := l.Wait(ctx, rule, "a"); w != 0 {
		t.Fatalf("after the oldest left the window: wait %v, want 0", w)
	}
	if err := l.Hit(ctx, rule, "a"); err != nil {
		t.Fatal(err)
	}
	if w, _ := l.Wait(ctx, rule, "a"); w == 0 {
		t.Fatal("at the limit again but not limited")
	}
	if err := l.Clear(ctx, rule, "a"); err != nil {
		t.Fatal(err)
	}
	if w, _ := l.Wait(ctx, rule, "a"); w != 0 {
		t.Fatalf("after Clear: wait %v, want 0", w)
	}
}

func TestCheck(t *testing.T) {
	ctx := context.Background()
	short := throttle.Rule{Name: "short", Max: 1, Window: time.Minute}
	long := throttle.Rule{Name: "long", Max: 1, Window: time.Hour}
	l, _, _ := newLimiter()
	if err := l.HitAll(ctx, throttle.Pair{short, "x"}, throttle.Pair{long, "y"}); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name  string
		pairs []throttle.Pair
		want  time.Duration // 0: allowed
	}{
		{"nothing to check", nil, 0},
		{"fresh keys", []throttle.Pair{{short, "fresh"}, {long, "fresh"}}, 0},
		{"one limited", []throttle.Pair{{short, "x"}, {long, "fresh"}}, time.Minute},
		{"longest wait wins", []throttle.Pair{{short, "x"}, {long, "y"}}, time.Hour},
		{"longest wait wins in any order", []throttle.Pair{{long, "y"}, {short, "x"}}, time.Hour},
		{"empty keys ignored", []throttle.Pair{{short, ""}, {long, ""}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := l.Check(ctx, "comments", tt.pairs...)
			if tt.want == 0 {
				if err != nil {
					t.Fatalf("Check = %v, want nil", err)
				}
				return
			}
			var lim *throttle.Limited
			if !errors.As(err, &lim) {
				t.Fatalf("Check = %v, want *throttle.Limited", err)
			}
			if lim.Wait != tt.want || lim.What != "comments" {
				t.Errorf("Limited = %+v, want wait %v for comments", lim, tt.want)
			}
		})
	}
}

func TestEmptyKeysNeverRecorded(t *testing.T) {
	ctx := context.Background()
	l, st, _ := newLimiter()
	strict := throttle.Rule{Name: "strict", Max: 1, Window: time.Hour}
	for range 3 {
		if err := l.Take(ctx, "x", throttle.Pair{strict, ""}); err != nil {
			t.Fatalf("Take with an empty key = %v", err)
		}
	}
	if n := st.Total(); n != 0 {
		t.Fatalf("%d attempts recorded for empty keys", n)
	}
}

func TestTake(t *testing.T) {
	ctx := context.Background()
	l, st, c := newLimiter()
	ip := throttle.Rule{Name: "ip", Max: 2, Window: time.Minute}
	email := throttle.Rule{Name: "email", Max: 5, Window: time.Minute}
	pairs := []throttle.Pair{{ip, "192.0.2.1"}, {email, "a@example.com"}}

	for i := range 2 {
		if err := l.Take(ctx, "sign-in attempts", pairs...); err != nil {
			t.Fatalf("take %d: %v", i+1, err)
		}
		c.advance(time.Second)
	}
	if n := st.Total(); n != 4 {
		t.Fatalf("after two takes %d attempts recorded, want 4 (two per pair)", n)
	}
	err := l.Take(ctx, "sign-in attempts", pairs...)
	var lim *throttle.Limited
	if !errors.As(err, &lim) {
		t.Fatalf("third take = %v, want *throttle.Limited", err)
	}
	if lim.Wait != 58*time.Second {
		t.Errorf("wait %v, want 58s (the first attempt leaves the window then)", lim.Wait)
	}
	if n := st.Total(); n != 4 {
		t.Fatalf("a refused take recorded attempts: %d, want 4", n)
	}
	c.advance(time.Duration(lim.Seconds()) * time.Second)
	c.advance(time.Microsecond) // past the window's inclusive edge
	if err := l.Take(ctx, "sign-in attempts", pairs...); err != nil {
		t.Fatalf("after waiting as told: %v", err)
	}
}

func TestStoreErrorsPassThrough(t *testing.T) {
	ctx := context.Background()
	l, st, _ := newLimiter()
	st.Err = errors.New("database gone")
	if _, err := l.Wait(ctx, rule, "k"); !errors.Is(err, st.Err) {
		t.Errorf("Wait: %v", err)
	}
	if err := l.Check(ctx, "x", throttle.Pair{rule, "k"}); !errors.Is(err, st.Err) {
		t.Errorf("Check: %v", err)
	}
	if err := l.Take(ctx, "x", throttle.Pair{rule, "k"}); !errors.Is(err, st.Err) {
		t.Errorf("Take: %v", err)
	}
	if err := l.HitAll(ctx, throttle.Pair{rule, "k"}); !errors.Is(err, st.Err) {
		t.Errorf("HitAll: %v", err)
	}
	if err := l.Clear(ctx, rule, "k"); !errors.Is(err, st.Err) {
		t.Errorf("Clear: %v", err)
	}
}

func TestKey(t *testing.T) {
	r := throttle.Rule{Name: "signin-ip", Max: 5, Window: time.Minute}
	secrets := []string{"reader@example.com", "203.0.113.77", "2001:db8::1"}
	for _, s := range secrets {
		k := throttle.Key(r, s)
		if strings.Contains(k, s) {
			t.Errorf("Key(%q) = %q holds the key in clear", s, k)
		}
		if !strings.HasPrefix(k, "signin-ip:") {
			t.Errorf("Key(%q) = %q does not name its rule", s, k)
		}
		if k != throttle.Key(r, s) {
			t.Errorf("Key(%q) is not stable", s)
		}
	}
	if throttle.Key(r, "a") == throttle.Key(r, "b") {
		t.Error("different keys hash alike")
	}
	if strings.TrimPrefix(throttle.Key(r, "a"), "signin-ip:") == strings.TrimPrefix(throttle.Key(throttle.Rule{Name: "signup-ip"}, "a"), "signup-ip:") {
		t.Error("the same key under two rules hashes alike")
	}
}

func TestHuman(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "1 second"},
		{300 * time.Millisecond, "1 second"},
		{time.Second, "1 second"},
		{1500 * time.Millisecond, "2 seconds"},
		{40 * time.Second, "40 seconds"},
		{time.Minute, "1 minute"},
		{61 * time.Second, "2 minutes"},
		{12 * time.Minute, "12 minutes"},
		{time.Hour, "1 hour"},
		{2 * time.Hour, "2 hours"},
		{90 * time.Minute, "2 hours"},
	}
	for _, tt := range tests {
		if got := throttle.Human(tt.d); got != tt.want {
			t.Errorf("Human(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestLimited(t *testing.T) {
	tests := []struct {
		wait    time.Duration
		seconds int
		msg     string
	}{
		{40 * time.Second, 40, "Too many comments in a short time. Please try again in 40 seconds."},
		{1500 * time.Millisecond, 2, "Too many comments in a short time. Please try again in 2 seconds."},
		{time.Millisecond, 1, "Too many comments in a short time. Please try again in 1 second."},
		{12 * time.Minute, 720, "Too many comments in a short time. Please try again in 12 minutes."},
	}
	for _, tt := range tests {
		e := &throttle.Limited{What: "comments", Wait: tt.wait}
		if got := e.Error(); got != tt.msg {
			t.Errorf("Error() = %q, want %q", got, tt.msg)
		}
		if got := e.Seconds(); got != tt.seconds {
			t.Errorf("Seconds() for %v = %d, want %d", tt.wait, got, tt.seconds)
		}
	}
}

func TestForgetTakesBackOneAttempt(t *testing.T) {
	st := throttletest.New()
	now := time.Now()
	l := &throttle.Limiter{Store: st, Now: func() time.Time { return now }}
	r := throttle.Rule{Name: "r", Max: 2, Window: time.Minute}
	ctx := context.Background()
	for range 2 {
		if err := l.Hit(ctx, r, "k"); err != nil {
			t.Fatal(err)
		}
	}
	if w, _ := l.Wait(ctx, r, "k"); w == 0 {
		t.Fatal("not limited at the limit")
	}
	if err := l.Forget(ctx, r, "k"); err != nil {
		t.Fatal(err)
	}
	if w, _ := l.Wait(ctx, r, "k"); w != 0 {
		t.Fatalf("still limited after taking one attempt back: %v", w)
	}
}

// failSecondTake is a store whose second ThrottleTake fails.
type failSecondTake struct {
	*throttletest.Mem
	takes int
}

func (f *failSecondTake) ThrottleTake(ctx context.Context, key string, at, since time.Time, limit int) (int, time.Time, error) {
	if f.takes++; f.takes == 2 {
		return 0, time.Time{}, errors.New("connection lost")
	}
	return f.Mem.ThrottleTake(ctx, key, at, since, limit)
}

// A store failing halfway through a Take gives back what was taken: a
// broken moment does not use up a reader's attempts.
func TestTakeGivesBackOnError(t *testing.T) {
	ctx := context.Background()
	st := &failSecondTake{Mem: throttletest.New()}
	l := &throttle.Limiter{Store: st}
	if err := l.Take(ctx, "x", throttle.Pair{rule, "first"}, throttle.Pair{rule, "second"}); err == nil || !strings.Contains(err.Error(), "connection lost") {
		t.Fatalf("Take = %v; want the store's error", err)
	}
	if n := st.Total(); n != 0 {
		t.Fatalf("%d attempts kept after a failed Take; want 0", n)
	}
}
