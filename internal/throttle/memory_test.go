package throttle_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"broadsheet/internal/throttle"
)

// Memory forgets what no rule can count any more, and holds at most MaxKeys
// keys however many addresses come: a flood costs bounded memory.
func TestMemoryStaysSmall(t *testing.T) {
	ctx := context.Background()
	m := throttle.NewMemory(time.Hour)
	m.MaxKeys = 500
	l := &throttle.Limiter{Store: m}
	rule := throttle.Rule{Name: "tips", Max: 2, Window: time.Hour}
	for i := range 5000 {
		if err := l.Take(ctx, "tips", throttle.Pair{Rule: rule, Key: "addr-" + strconv.Itoa(i)}); err != nil {
			t.Fatal(err)
		}
	}
	if n := m.Keys(); n > 500 {
		t.Fatalf("%d keys held; at most 500", n)
	}
	// A key's old attempts go as it is touched again.
	start := time.Now()
	for i := range 3 {
		if err := m.ThrottleHit(ctx, "k", start.Add(time.Duration(i)*2*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	if n, _, _ := m.ThrottleCount(ctx, "k", time.Time{}); n != 1 {
		t.Errorf("%d attempts kept under one key; those older than an hour should be gone", n)
	}
	// The limit still holds within the window.
	if err := l.Take(ctx, "tips", throttle.Pair{Rule: rule, Key: "one"}); err != nil {
		t.Fatal(err)
	}
	if err := l.Take(ctx, "tips", throttle.Pair{Rule: rule, Key: "one"}); err != nil {
		t.Fatal(err)
	}
	if err := l.Take(ctx, "tips", throttle.Pair{Rule: rule, Key: "one"}); err == nil {
		t.Error("a third attempt passed a limit of two")
	}
}
