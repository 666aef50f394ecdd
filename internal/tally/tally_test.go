package tally

import (
	"context"
	"errors"
	"testing"
)

func TestCounterKeepsWhatFailedAndBoundsKeys(t *testing.T) {
	var c Counter[string]
	c.Add("a", 2)
	c.Add("a", 1)
	c.Add("b", 1)
	fail := errors.New("database down")
	if err := c.Flush(context.Background(), func(context.Context, map[string]int64) error { return fail }); err != fail {
		t.Fatal(err)
	}
	c.Add("a", 1)
	var saved map[string]int64
	if err := c.Flush(context.Background(), func(_ context.Context, m map[string]int64) error { saved = m; return nil }); err != nil {
		t.Fatal(err)
	}
	if len(saved) != 2 || saved["a"] != 4 || saved["b"] != 1 {
		t.Errorf("saved %v", saved)
	}
	if left := c.Take(); len(left) != 0 {
		t.Errorf("left %v", left)
	}
	var big Counter[int]
	for i := 0; i < MaxKeys+10; i++ {
		big.Add(i, 1)
	}
	big.Add(0, 1) // a key already there still counts
	m := big.Take()
	if len(m) != MaxKeys || m[0] != 2 {
		t.Errorf("%d keys, m[0] = %d", len(m), m[0])
	}
}
