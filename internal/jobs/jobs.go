// Package jobs runs the durable queue kept in the database: scheduled
// publishing now, and later mail, image variants, alerts and feed polling. Jobs
// survive restarts because they live in the jobs table; a worker claims one at a
// time with a lease, so several instances can share the queue. It must not
// import store or web.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// Job is one row of the queue.
type Job struct {
	ID       int64
	Kind     string
	Payload  string
	RunAt    time.Time
	Attempts int
}

// Store is the queue's storage.
type Store interface {
	// ClaimJob takes the oldest due job and locks it for lease.
	ClaimJob(ctx context.Context, now time.Time, lease time.Duration) (Job, bool, error)
	// FinishJob marks a job done, or records its error and when to retry
	// (never again if retryAt is zero).
	FinishJob(ctx context.Context, id int64, jobErr error, retryAt time.Time) error
	// DeferJob puts a job off until a time without counting the attempt.
	DeferJob(ctx context.Context, id int64, until time.Time) error
}

// Later is what a handler returns to be run again at Until, the attempt not
// counted: a send rate was reached, nothing failed.
type Later struct{ Until time.Time }

func (l *Later) Error() string { return "jobs: later, at " + l.Until.Format(time.RFC3339) }

// Final is what a handler returns when the job cannot succeed and must not
// be tried again, though nothing went wrong here (a browser that left its
// push service, say): the job is finished with Reason as its outcome.
type Final struct{ Reason string }

func (f *Final) Error() string { return f.Reason }

// Handler runs one job's payload (JSON).
type Handler func(ctx context.Context, payload []byte) error

// Worker polls the queue and runs due jobs.
type Worker struct {
	Store    Store
	Handlers map[string]Handler
	Log      *slog.Logger
	Poll     time.Duration // how often to look for due jobs
	Now      func() time.Time
	// Attempts overrides MaxAttempts for a kind: mail, say, keeps trying
	// through a mail server's outage of a few hours.
	Attempts map[string]int
}

// MaxAttempts is how often a failing job is tried before it is given up,
// unless Worker.Attempts says otherwise for its kind. The wait before try n+1
// is n² × 10 s: 6 tries span about 9 minutes, 15 about 3.4 hours.
const MaxAttempts = 6

const lease = 2 * time.Minute

func (w *Worker) now() time.Time {
	if w.Now != nil {
		return w.Now().UTC()
	}
	return time.Now().UTC()
}

// Run works until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	poll := w.Poll
	if poll <= 0 {
		poll = time.Second
	}
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		for w.RunOnce(ctx) {
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// RunOnce runs one due job, if any, and reports whether it found one.
func (w *Worker) RunOnce(ctx context.Context) bool {
	if ctx.Err() != nil {
		return false
	}
	j, ok, err := w.Store.ClaimJob(ctx, w.now(), lease)
	if err != nil {
		w.Log.Error("jobs: claim", "err", err)
		return false
	}
	if !ok {
		return false
	}
	err = w.run(ctx, j)
	var later *Later
	if errors.As(err, &later) {
		if derr := w.Store.DeferJob(ctx, j.ID, later.Until); derr != nil {
			w.Log.Error("jobs: defer", "id", j.ID, "err", derr)
		}
		return true
	}
	retry := time.Time{}
	var final *Final
	if errors.As(err, &final) {
		w.Log.Info("jobs: finished without success", "id", j.ID, "kind", j.Kind, "reason", final.Reason)
	} else if err != nil {
		limit := MaxAttempts
		if n, ok := w.Attempts[j.Kind]; ok {
			limit = n
		}
		if j.Attempts < limit {
			retry = w.now().Add(time.Duration(j.Attempts*j.Attempts) * 10 * time.Second)
		}
		w.Log.Error("jobs: failed", "id", j.ID, "kind", j.Kind, "attempt", j.Attempts, "err", err, "retry", !retry.IsZero())
	}
	if ferr := w.Store.FinishJob(ctx, j.ID, err, retry); ferr != nil {
		w.Log.Error("jobs: finish", "id", j.ID, "err", ferr)
	}
	return true
}

func (w *Worker) run(ctx context.Context, j Job) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("panic: %v", v)
		}
	}()
	h, ok := w.Handlers[j.Kind]
	if !ok {
		return fmt.Errorf("no handler for job kind %q", j.Kind)
	}
	return h(ctx, []byte(j.Payload))
}
