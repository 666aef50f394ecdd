package store

import (
	"context"
	crand "crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"broadsheet/internal/audit"
	"broadsheet/internal/jobs"
)

// Enqueue adds a job to run at runAt (now if zero).
func (s *Store) Enqueue(ctx context.Context, kind string, payload any, runAt time.Time) error {
	b, err := json.Marshal(payload)
	if err != nil {
		return fmt.Errorf("store: enqueue %s: %w", kind, err)
	}
	now := time.Now().UTC()
	if runAt.IsZero() {
		runAt = now
	}
	_, err = s.exec(ctx, "INSERT INTO jobs (kind, payload, run_at, created_at) VALUES (?, ?, ?, ?)", kind, string(b), micro(runAt), micro(now))
	return err
}

// EnqueueOnce adds a job unless one with the same key was ever enqueued; it
// reports whether it added one. A message, a notice or a task keyed by what it
// is about is done once, however often it is asked for.
func (s *Store) EnqueueOnce(ctx context.Context, kind, key string, payload any, runAt time.Time) (bool, error) {
	return s.EnqueueOncePriority(ctx, kind, key, payload, runAt, 0)
}

// EnqueueOncePriority is EnqueueOnce with a priority: among due jobs, higher
// ones are taken first (personal mail 1, alerts 0, bulk digests -1).
func (s *Store) EnqueueOncePriority(ctx context.Context, kind, key string, payload any, runAt time.Time, priority int) (bool, error) {
	b, err := json.Marshal(payload)
	if err != nil {
		return false, fmt.Errorf("store: enqueue %s: %w", kind, err)
	}
	now := time.Now().UTC()
	if runAt.IsZero() {
		runAt = now
	}
	res, err := s.exec(ctx, "INSERT INTO jobs (kind, payload, run_at, created_at, dedupe_key, priority) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING",
		kind, string(b), micro(runAt), micro(now), key, priority)
	if err != nil {
		return false, fmt.Errorf("store: enqueue %s: %w", kind, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ClaimJob takes the oldest due job and locks it for lease; several workers (and
// several instances on PostgreSQL) may claim at once: the conditional UPDATE lets
// only one win each job.
func (s *Store) ClaimJob(ctx context.Context, now time.Time, lease time.Duration) (jobs.Job, bool, error) {
	for range 5 {
		var j jobs.Job
		var runAt sql.NullInt64
		err := s.w.QueryRowContext(ctx, s.d.rebind(`SELECT id, kind, payload, run_at, attempts FROM jobs
			WHERE done_at IS NULL AND run_at <= ? AND locked_until <= ? ORDER BY priority DESC, run_at, id LIMIT 1`), micro(now), now.UnixMicro()).
			Scan(&j.ID, &j.Kind, &j.Payload, &runAt, &j.Attempts)
		if err == sql.ErrNoRows {
			return jobs.Job{}, false, nil
		}
		if err != nil {
			return jobs.Job{}, false, fmt.Errorf("store: claim job: %w", err)
		}
		res, err := s.exec(ctx, "UPDATE jobs SET locked_until = ?, attempts = attempts + 1 WHERE id = ? AND locked_until <= ? AND done_at IS NULL",
			now.Add(lease).UnixMicro(), j.ID, now.UnixMicro())
		if err != nil {
			return jobs.Job{}, false, fmt.Errorf("store: claim job: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			j.RunAt = fromMicro(runAt)
			j.Attempts++
			return j, true, nil
		}
	}
	return jobs.Job{}, false, nil
}

// FinishJob marks a job done, or records its error and when to retry.
func (s *Store) FinishJob(ctx context.Context, id int64, jobErr error, retryAt time.Time) error {
	if jobErr == nil {
		// A done job's payload is not needed again, and a mail's holds links
		// that open accounts: keep none of it.
		_, err := s.exec(ctx, "UPDATE jobs SET done_at = ?, last_error = '', payload = '{}' WHERE id = ?", micro(time.Now()), id)
		return err
	}
	if retryAt.IsZero() { // given up: keep the row for inspection
		_, err := s.exec(ctx, "UPDATE jobs SET done_at = ?, last_error = ? WHERE id = ?", micro(time.Now()), jobErr.Error(), id)
		return err
	}
	_, err := s.exec(ctx, "UPDATE jobs SET run_at = ?, locked_until = 0, last_error = ? WHERE id = ?", micro(retryAt), jobErr.Error(), id)
	return err
}

// SweepJobs deletes jobs done (or given up) before the time, so that the
// queue does not grow for ever. Their idempotency keys go with them: a key
// names one message or one task, never asked for again so long after.
func (s *Store) SweepJobs(ctx context.Context, before time.Time) error {
	_, err := s.exec(ctx, "DELETE FROM jobs WHERE done_at IS NOT NULL AND done_at < ?", micro(before))
	return err
}

// PendingJobs counts jobs not done.
func (s *Store) PendingJobs(ctx context.Context) (int, error) {
	var n int
	err := s.row(ctx, "SELECT COUNT(*) FROM jobs WHERE done_at IS NULL").Scan(&n)
	return n, err
}

// MailSent reports whether the message with this key was handed to the mail
// server already.
func (s *Store) MailSent(ctx context.Context, key string) (bool, error) {
	var n int
	err := s.w.QueryRowContext(ctx, s.d.rebind("SELECT COUNT(*) FROM mail_sent WHERE key = ?"), key).Scan(&n)
	return n > 0, err
}

// RecordMailSent notes that a message was handed to the mail server.
func (s *Store) RecordMailSent(ctx context.Context, key, messageID string, at time.Time) error {
	_, err := s.exec(ctx, "INSERT INTO mail_sent (key, message_id, sent_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING", key, messageID, micro(at))
	return err
}

// ThrottleCount counts a key's attempts since a time and returns the oldest.
func (s *Store) ThrottleCount(ctx context.Context, key string, since time.Time) (int, time.Time, error) {
	var n int
	var oldest sql.NullInt64
	// The write pool: a count must see the attempt just recorded.
	err := s.w.QueryRowContext(ctx, s.d.rebind("SELECT COUNT(*), MIN(at) FROM throttle_events WHERE key = ? AND at >= ?"), key, since.UnixMicro()).Scan(&n, &oldest)
	return n, fromMicro(oldest), err
}

// ThrottleHit records an attempt.
func (s *Store) ThrottleHit(ctx context.Context, key string, at time.Time) error {
	if _, err := s.exec(ctx, "INSERT INTO throttle_events (key, at) VALUES (?, ?)", key, at.UnixMicro()); err != nil {
		return err
	}
	return s.sweepThrottle(ctx, at)
}

// ThrottleTake counts a key's attempts at or after since and, when there are
// fewer than limit, records one more at at; n is the count before. The count
// and the write are one step (the key is locked meanwhile), so attempts made
// at the same moment, from any instance, never all slip under the limit.
func (s *Store) ThrottleTake(ctx context.Context, key string, at, since time.Time, limit int) (n int, oldest time.Time, err error) {
	err = s.WithTx(ctx, func(tx *Tx) error {
		if err := tx.d.lockKey(ctx, tx.tx, "throttle:"+key); err != nil {
			return err
		}
		var o sql.NullInt64
		if err := tx.row(ctx, "SELECT COUNT(*), MIN(at) FROM throttle_events WHERE key = ? AND at >= ?", key, since.UnixMicro()).Scan(&n, &o); err != nil {
			return err
		}
		oldest = fromMicro(o)
		if n >= limit {
			return nil
		}
		_, err := tx.exec(ctx, "INSERT INTO throttle_events (key, at) VALUES (?, ?)", key, at.UnixMicro())
		return err
	})
	if err != nil || n >= limit {
		return n, oldest, err
	}
	return n, oldest, s.sweepThrottle(ctx, at)
}

// sweepThrottle now and then deletes attempts older than a day, which no
// rule looks at.
func (s *Store) sweepThrottle(ctx context.Context, now time.Time) error {
	if rand.IntN(200) != 0 {
		return nil
	}
	_, err := s.exec(ctx, "DELETE FROM throttle_events WHERE at < ?", now.Add(-25*time.Hour).UnixMicro())
	return err
}

// ThrottleClear forgets a key's attempts.
func (s *Store) ThrottleClear(ctx context.Context, key string) error {
	_, err := s.exec(ctx, "DELETE FROM throttle_events WHERE key = ?", key)
	return err
}

// ThrottleForget forgets a key's latest attempt: one, even when several share
// its time.
func (s *Store) ThrottleForget(ctx context.Context, key string) error {
	id := s.d.rowID
	_, err := s.exec(ctx, "DELETE FROM throttle_events WHERE "+id+" IN (SELECT "+id+" FROM throttle_events WHERE key = ? ORDER BY at DESC LIMIT 1)", key)
	return err
}

// Secret returns the site's secret of a name, making it on first use: 32
// random bytes kept in the database, so every instance signs alike.
func (s *Store) Secret(ctx context.Context, name string) ([]byte, error) {
	key := "secret:" + name
	b := make([]byte, 32)
	crand.Read(b) // never fails (Go 1.24+)
	if _, err := s.exec(ctx, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", key, hex.EncodeToString(b)); err != nil {
		return nil, err
	}
	var v string
	if err := s.w.QueryRowContext(ctx, s.d.rebind("SELECT value FROM settings WHERE key = ?"), key).Scan(&v); err != nil {
		return nil, err
	}
	return hex.DecodeString(v)
}

// Audit records an action.
func (s *Store) Audit(ctx context.Context, e audit.Entry) error {
	_, err := s.exec(ctx, "INSERT INTO audit_log (user_id, action, target, detail, ip, created_at) VALUES (?, ?, ?, ?, ?, ?)",
		nullID(e.UserID), e.Action, e.Target, e.Detail, e.IP, micro(time.Now()))
	return err
}

// AuditLog lists the latest entries.
func (s *Store) AuditLog(ctx context.Context, limit int) ([]audit.Entry, error) {
	rows, err := s.query(ctx, `SELECT l.id, COALESCE(l.user_id, 0), COALESCE(u.name, ''), l.action, l.target, l.detail, l.ip, l.created_at
		FROM audit_log l LEFT JOIN users u ON u.id = l.user_id ORDER BY l.id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []audit.Entry
	for rows.Next() {
		var e audit.Entry
		var at sql.NullInt64
		if err := rows.Scan(&e.ID, &e.UserID, &e.UserName, &e.Action, &e.Target, &e.Detail, &e.IP, &at); err != nil {
			return nil, err
		}
		e.At = fromMicro(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// DeferJob puts a claimed job off until a time, its attempt not counted.
func (s *Store) DeferJob(ctx context.Context, id int64, until time.Time) error {
	_, err := s.exec(ctx, "UPDATE jobs SET run_at = ?, locked_until = 0, attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END WHERE id = ? AND done_at IS NULL",
		micro(until), id)
	return err
}
