package store_test

import (
	"broadsheet/internal/jobs"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"broadsheet/internal/store"
	"broadsheet/internal/storetest"
)

func claim(t *testing.T, s *store.Store, now time.Time, lease time.Duration) (jobs.Job, bool) {
	t.Helper()
	j, ok, err := s.ClaimJob(context.Background(), now, lease)
	if err != nil {
		t.Fatal(err)
	}
	return j, ok
}

func pending(t *testing.T, s *store.Store) int {
	t.Helper()
	n, err := s.PendingJobs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestJobs(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		at := time.Now().UTC().Add(time.Hour).Truncate(time.Microsecond)
		lease := time.Minute
		if err := s.Enqueue(ctx, "mail", map[string]string{"to": "a@example.com"}, at); err != nil {
			t.Fatal(err)
		}
		if err := s.Enqueue(ctx, "later", 1, at.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := s.Enqueue(ctx, "bad", func() {}, at); err == nil {
			t.Error("enqueued a payload that is not JSON")
		}
		if n := pending(t, s); n != 2 {
			t.Fatalf("%d pending; want 2", n)
		}

		if j, ok := claim(t, s, at.Add(-time.Microsecond), lease); ok {
			t.Fatalf("claimed %+v before it was due", j)
		}
		j, ok := claim(t, s, at, lease)
		if !ok {
			t.Fatal("no job claimed when one was due")
		}
		if j.Kind != "mail" || j.Payload != `{"to":"a@example.com"}` || !j.RunAt.Equal(at) || j.Attempts != 1 || j.ID == 0 {
			t.Errorf("claimed %+v", j)
		}
		// Leased: nobody else gets it until the lease runs out.
		if again, ok := claim(t, s, at.Add(lease-time.Microsecond), lease); ok {
			t.Fatalf("claimed %+v again within its lease", again)
		}
		again, ok := claim(t, s, at.Add(lease), lease)
		if !ok || again.ID != j.ID || again.Attempts != 2 {
			t.Fatalf("after the lease: %+v, %v; want job %d on its second attempt", again, ok, j.ID)
		}

		// A failure with a retry time runs again then, and not before.
		retry := at.Add(10 * time.Minute)
		if err := s.FinishJob(ctx, j.ID, errors.New("smtp down"), retry); err != nil {
			t.Fatal(err)
		}
		if x, ok := claim(t, s, retry.Add(-time.Microsecond), lease); ok {
			t.Fatalf("claimed %+v before its retry time", x)
		}
		third, ok := claim(t, s, retry, lease)
		if !ok || third.ID != j.ID || third.Attempts != 3 || !third.RunAt.Equal(retry) {
			t.Fatalf("retry: %+v, %v", third, ok)
		}

		// Success: done for good.
		if err := s.FinishJob(ctx, j.ID, nil, time.Time{}); err != nil {
			t.Fatal(err)
		}
		if n := pending(t, s); n != 1 {
			t.Errorf("%d pending after success; want 1", n)
		}
		later, ok := claim(t, s, at.Add(24*time.Hour), lease)
		if !ok || later.Kind != "later" || later.Payload != "1" {
			t.Fatalf("next job: %+v, %v; want the later one (the finished one never again)", later, ok)
		}

		// A failure without a retry time gives up: done, not pending.
		if err := s.FinishJob(ctx, later.ID, errors.New("hopeless"), time.Time{}); err != nil {
			t.Fatal(err)
		}
		if n := pending(t, s); n != 0 {
			t.Errorf("%d pending after giving up; want 0", n)
		}
		if x, ok := claim(t, s, at.Add(48*time.Hour), lease); ok {
			t.Errorf("claimed %+v from an empty queue", x)
		}

		// A zero run time means now; the oldest due job goes first.
		if err := s.Enqueue(ctx, "now", nil, time.Time{}); err != nil {
			t.Fatal(err)
		}
		if err := s.Enqueue(ctx, "earlier", nil, time.Now().Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
		first, _ := claim(t, s, time.Now().Add(time.Second), lease)
		second, _ := claim(t, s, time.Now().Add(time.Second), lease)
		if first.Kind != "earlier" || second.Kind != "now" || first.Payload != "null" {
			t.Errorf("claimed %q then %q; want earlier then now", first.Kind, second.Kind)
		}
	})
}

// TestClaimJobConcurrent has four workers drain twenty jobs: each job is
// claimed exactly once.
func TestClaimJobConcurrent(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		const jobs, workers = 20, 4
		now := time.Now().UTC()
		for i := range jobs {
			if err := s.Enqueue(ctx, "work", i, now.Add(-time.Duration(i)*time.Millisecond)); err != nil {
				t.Fatal(err)
			}
		}
		var mu sync.Mutex
		claims := map[string]int{} // payload -> times claimed
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for {
					j, ok, err := s.ClaimJob(ctx, now, time.Hour)
					if err != nil {
						t.Error(err)
						return
					}
					if !ok {
						return
					}
					mu.Lock()
					claims[j.Payload]++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		for i := range jobs {
			if n := claims[fmt.Sprint(i)]; n != 1 {
				t.Errorf("job %d claimed %d times; want once", i, n)
			}
		}
		if len(claims) != jobs {
			t.Errorf("claims %v", claims)
		}
		if x, ok := claim(t, s, now, time.Hour); ok {
			t.Errorf("claimed %+v again while every job is leased", x)
		}
	})
}

// SweepJobs deletes only jobs finished before the time; pending ones stay,
// however old.
func TestSweepJobs(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		for _, k := range []string{"done", "waiting"} {
			if _, err := s.EnqueueOnce(ctx, "sweep-"+k, "sweep:"+k, nil, time.Now().Add(-48*time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
		j, ok := claim(t, s, time.Now(), time.Minute)
		if !ok {
			t.Fatal("nothing to claim")
		}
		if err := s.FinishJob(ctx, j.ID, nil, time.Time{}); err != nil {
			t.Fatal(err)
		}
		if err := s.SweepJobs(ctx, time.Now().Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
		if created, err := s.EnqueueOnce(ctx, j.Kind, "sweep:"+strings.TrimPrefix(j.Kind, "sweep-"), nil, time.Time{}); err != nil || created {
			t.Fatalf("a job finished just now was swept: enqueued again = %v, %v", created, err)
		}
		if err := s.SweepJobs(ctx, time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if n := pending(t, s); n != 1 {
			t.Fatalf("%d pending after the sweep; want the waiting one", n)
		}
		if created, err := s.EnqueueOnce(ctx, j.Kind, "sweep:"+strings.TrimPrefix(j.Kind, "sweep-"), nil, time.Time{}); err != nil || !created {
			t.Fatalf("the finished job is still there: enqueued again = %v, %v", created, err)
		}
	})
}

// Among due jobs, a higher priority goes first, whatever the order they
// were queued in.
func TestJobPriority(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Now().UTC()
		for i, p := range []int{-1, 0, 1, -1, 1} {
			if _, err := s.EnqueueOncePriority(ctx, "k", "p:"+strconv.Itoa(i), map[string]int{"i": i}, now.Add(-time.Duration(10-i)*time.Second), p); err != nil {
				t.Fatal(err)
			}
		}
		var got []string
		for range 5 {
			j, ok, err := s.ClaimJob(ctx, now, time.Minute)
			if err != nil || !ok {
				t.Fatalf("claim: %v %v", ok, err)
			}
			got = append(got, string(j.Payload))
			if err := s.FinishJob(ctx, j.ID, nil, time.Time{}); err != nil {
				t.Fatal(err)
			}
		}
		want := []string{`{"i":2}`, `{"i":4}`, `{"i":1}`, `{"i":0}`, `{"i":3}`}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("claimed in order %v; want %v", got, want)
		}
	})
}
