package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"broadsheet/internal/alert"
	"broadsheet/internal/apperr"
)

// ConfirmAlerts makes an address's subscription active with the choices it
// confirmed (a new one, or one that replaces what it had, even after an
// unsubscribe).
func (s *Store) ConfirmAlerts(ctx context.Context, email string, c alert.Choices, at time.Time) (alert.Subscription, error) {
	var sub alert.Subscription
	err := s.WithTx(ctx, func(tx *Tx) error {
		var id int64
		err := tx.row(ctx, "SELECT id FROM alert_subscriptions WHERE email = ?", email).Scan(&id)
		switch {
		case err == sql.ErrNoRows:
			id, err = insertID(ctx, tx.row, `INSERT INTO alert_subscriptions (email, breaking, digest, status, created_at, confirmed_at)
				VALUES (?, ?, ?, 'active', ?, ?)`, email, boolInt(c.Breaking), boolInt(c.Digest), micro(at), micro(at))
		case err == nil:
			_, err = tx.exec(ctx, `UPDATE alert_subscriptions SET breaking = ?, digest = ?, status = 'active', confirmed_at = ?, unsubscribed_at = NULL
				WHERE id = ?`, boolInt(c.Breaking), boolInt(c.Digest), micro(at), id)
		}
		if err != nil {
			return err
		}
		if err := setAlertSections(ctx, tx, id, c.Sections); err != nil {
			return err
		}
		sub, err = alertSubscription(ctx, tx.row, tx.query, id)
		return err
	})
	return sub, err
}

func setAlertSections(ctx context.Context, tx *Tx, id int64, sections []int64) error {
	if _, err := tx.exec(ctx, "DELETE FROM alert_sections WHERE subscription_id = ?", id); err != nil {
		return err
	}
	for _, sec := range sections {
		if _, err := tx.exec(ctx, "INSERT INTO alert_sections (subscription_id, section_id) SELECT ?, id FROM sections WHERE id = ?", id, sec); err != nil {
			return err
		}
	}
	return nil
}

func alertSubscription(ctx context.Context, row func(context.Context, string, ...any) *sql.Row,
	query func(context.Context, string, ...any) (*sql.Rows, error), id int64) (alert.Subscription, error) {
	var sub alert.Subscription
	var breaking, digest int
	var status string
	var created, confirmed, unsub sql.NullInt64
	err := row(ctx, "SELECT id, email, breaking, digest, status, created_at, confirmed_at, unsubscribed_at FROM alert_subscriptions WHERE id = ?", id).
		Scan(&sub.ID, &sub.Email, &breaking, &digest, &status, &created, &confirmed, &unsub)
	if err != nil {
		return sub, fmt.Errorf("store: alerts %d: %w", id, notFound(err, alert.ErrNotFound))
	}
	sub.Choices.Breaking, sub.Choices.Digest, sub.Status = breaking != 0, digest != 0, alert.Status(status)
	sub.CreatedAt, sub.ConfirmedAt, sub.UnsubscribedAt = fromMicro(created), fromMicro(confirmed), fromMicro(unsub)
	rows, err := query(ctx, "SELECT section_id FROM alert_sections WHERE subscription_id = ? ORDER BY section_id", id)
	if err != nil {
		return sub, err
	}
	defer rows.Close()
	for rows.Next() {
		var sec int64
		if err := rows.Scan(&sec); err != nil {
			return sub, err
		}
		sub.Choices.Sections = append(sub.Choices.Sections, sec)
	}
	return sub, rows.Err()
}

// AlertSubscription returns one subscription.
func (s *Store) AlertSubscription(ctx context.Context, id int64) (alert.Subscription, error) {
	return alertSubscription(ctx, s.row, s.query, id)
}

// AlertSubscriptionByEmail returns an address's subscription.
func (s *Store) AlertSubscriptionByEmail(ctx context.Context, email string) (alert.Subscription, error) {
	var id int64
	if err := s.row(ctx, "SELECT id FROM alert_subscriptions WHERE email = ?", email).Scan(&id); err != nil {
		return alert.Subscription{}, fmt.Errorf("store: alerts: %w", notFound(err, alert.ErrNotFound))
	}
	return s.AlertSubscription(ctx, id)
}

// SetAlertChoices changes what an active subscription receives.
func (s *Store) SetAlertChoices(ctx context.Context, id int64, c alert.Choices) error {
	return s.WithTx(ctx, func(tx *Tx) error {
		if err := deleted(tx.exec(ctx, "UPDATE alert_subscriptions SET breaking = ?, digest = ?, status = 'active', unsubscribed_at = NULL WHERE id = ?",
			boolInt(c.Breaking), boolInt(c.Digest), id))(alert.ErrNotFound); err != nil {
			return err
		}
		return setAlertSections(ctx, tx, id, c.Sections)
	})
}

// UnsubscribeAlerts ends a subscription; doing it twice changes nothing.
func (s *Store) UnsubscribeAlerts(ctx context.Context, id int64, at time.Time) error {
	return deleted(s.exec(ctx, `UPDATE alert_subscriptions SET status = 'unsubscribed', unsubscribed_at = COALESCE(unsubscribed_at, ?)
		WHERE id = ?`, micro(at), id))(alert.ErrNotFound)
}

// CountAlertSubscriptions is the newsroom's summary of the subscriptions.
func (s *Store) CountAlertSubscriptions(ctx context.Context) (alert.Counts, error) {
	var c alert.Counts
	err := s.row(ctx, `SELECT
		COUNT(*) FILTER (WHERE status = 'active'),
		COUNT(*) FILTER (WHERE status = 'active' AND breaking = 1),
		COUNT(*) FILTER (WHERE status = 'active' AND digest = 1),
		COUNT(*) FILTER (WHERE status = 'active' AND EXISTS (SELECT 1 FROM alert_sections a WHERE a.subscription_id = alert_subscriptions.id)),
		COUNT(*) FILTER (WHERE status = 'unsubscribed')
		FROM alert_subscriptions`).Scan(&c.Active, &c.Breaking, &c.Digest, &c.Sections, &c.Unsubscribed)
	if err != nil {
		return c, err
	}
	err = s.row(ctx, "SELECT COUNT(*) FROM alert_push").Scan(&c.Browsers)
	return c, err
}

// AlertRecipients lists active subscriptions that take breaking news, by id
// after afterID, a page at a time.
func (s *Store) AlertRecipients(ctx context.Context, afterID int64, limit int) ([]alert.Subscription, error) {
	rows, err := s.query(ctx, `SELECT id, email FROM alert_subscriptions WHERE status = 'active' AND breaking = 1 AND id > ?
		ORDER BY id LIMIT ?`, afterID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []alert.Subscription
	for rows.Next() {
		var sub alert.Subscription
		if err := rows.Scan(&sub.ID, &sub.Email); err != nil {
			return nil, err
		}
		sub.Status, sub.Choices.Breaking = alert.Active, true
		out = append(out, sub)
	}
	return out, rows.Err()
}

// AlertSends reports the latest breaking-news alerts: per article, its
// messages waiting (or retrying), sent, and given up.
func (s *Store) AlertSends(ctx context.Context, limit int) ([]alert.Send, error) {
	// Keys are compared as ranges (':' is followed by ';'), which the
	// unique index on dedupe_key serves on both engines.
	rows, err := s.query(ctx, `SELECT a.id, a.headline, j.created_at,
		COUNT(m.id) FILTER (WHERE m.done_at IS NULL),
		COUNT(m.id) FILTER (WHERE m.done_at IS NOT NULL AND m.last_error = ''),
		COUNT(m.id) FILTER (WHERE m.done_at IS NOT NULL AND m.last_error <> '')
		FROM jobs j
		JOIN articles a ON j.dedupe_key >= 'alert.breaking:' || a.id || ':' AND j.dedupe_key < 'alert.breaking:' || a.id || ';'
		LEFT JOIN jobs m ON m.dedupe_key >= 'mail:alert:' || a.id || ':' AND m.dedupe_key < 'mail:alert:' || a.id || ';'
		WHERE j.kind = 'alert.breaking'
		GROUP BY j.id, a.id, a.headline, j.created_at ORDER BY j.id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []alert.Send
	for rows.Next() {
		var a alert.Send
		var at sql.NullInt64
		if err := rows.Scan(&a.ArticleID, &a.Headline, &at, &a.Queued, &a.Sent, &a.Failed); err != nil {
			return nil, err
		}
		a.QueuedAt = fromMicro(at)
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	for i := range out { // browsers: a second count per alert (a few rows a page)
		a := &out[i]
		err := s.row(ctx, `SELECT COUNT(*) FILTER (WHERE done_at IS NULL),
			COUNT(*) FILTER (WHERE done_at IS NOT NULL AND last_error = ''),
			COUNT(*) FILTER (WHERE done_at IS NOT NULL AND last_error <> '' AND last_error <> ?),
			COUNT(*) FILTER (WHERE done_at IS NOT NULL AND last_error = ?)
			FROM jobs WHERE dedupe_key >= ? AND dedupe_key < ?`, alert.PushGone, alert.PushGone,
			fmt.Sprintf("push:alert:%d:", a.ArticleID), fmt.Sprintf("push:alert:%d;", a.ArticleID)).Scan(&a.PushQueued, &a.PushSent, &a.PushFailed, &a.PushGone)
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DigestRecipients lists active subscriptions that take the daily digest or
// follow sections, with their choices, by id after afterID, a page at a time.
func (s *Store) DigestRecipients(ctx context.Context, afterID int64, limit int) ([]alert.Subscription, error) {
	rows, err := s.query(ctx, `SELECT s.id, s.email, s.breaking, s.digest FROM alert_subscriptions s
		WHERE s.status = 'active' AND s.id > ? AND (s.digest = 1 OR EXISTS (SELECT 1 FROM alert_sections a WHERE a.subscription_id = s.id))
		ORDER BY s.id LIMIT ?`, afterID, limit)
	if err != nil {
		return nil, err
	}
	var out []alert.Subscription
	byID := map[int64]int{}
	for rows.Next() {
		var sub alert.Subscription
		var breaking, digest int
		if err := rows.Scan(&sub.ID, &sub.Email, &breaking, &digest); err != nil {
			rows.Close()
			return nil, err
		}
		sub.Status, sub.Choices.Breaking, sub.Choices.Digest = alert.Active, breaking != 0, digest != 0
		byID[sub.ID] = len(out)
		out = append(out, sub)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	ids := make([]int64, len(out))
	for i, sub := range out {
		ids[i] = sub.ID
	}
	in, args := inList(ids)
	srows, err := s.query(ctx, "SELECT subscription_id, section_id FROM alert_sections WHERE subscription_id IN ("+in+") ORDER BY section_id", args...)
	if err != nil {
		return nil, err
	}
	defer srows.Close()
	for srows.Next() {
		var id, sec int64
		if err := srows.Scan(&id, &sec); err != nil {
			return nil, err
		}
		out[byID[id]].Choices.Sections = append(out[byID[id]].Choices.Sections, sec)
	}
	return out, srows.Err()
}

// SavePushSubscription keeps a browser's push subscription. A subscription
// already kept (same endpoint) keeps its first keys: whoever learns an
// endpoint cannot make its browser's alerts unreadable. It refuses new
// browsers beyond alert.MaxPushSubscriptions.
func (s *Store) SavePushSubscription(ctx context.Context, p *alert.PushSubscription) error {
	var n int
	if err := s.row(ctx, "SELECT COUNT(*) FROM alert_push").Scan(&n); err != nil {
		return err
	}
	if n >= alert.MaxPushSubscriptions {
		var exists int
		if err := s.row(ctx, "SELECT COUNT(*) FROM alert_push WHERE endpoint = ?", p.Endpoint).Scan(&exists); err != nil {
			return err
		}
		if exists == 0 {
			return apperr.FieldError("endpoint", "Browser alerts are full for now. Try email alerts instead.")
		}
	}
	_, err := s.exec(ctx, `INSERT INTO alert_push (endpoint, p256dh, auth, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (endpoint) DO NOTHING`,
		p.Endpoint, p.P256dh, p.Auth, micro(p.CreatedAt))
	if err == nil {
		err = s.w.QueryRowContext(ctx, s.d.rebind("SELECT id FROM alert_push WHERE endpoint = ?"), p.Endpoint).Scan(&p.ID)
	}
	if err != nil {
		return fmt.Errorf("store: push subscription: %w", err)
	}
	return nil
}

// DeletePushSubscription forgets a browser, by endpoint ("" : by id).
func (s *Store) DeletePushSubscription(ctx context.Context, id int64, endpoint string) error {
	if endpoint != "" {
		return deleted(s.exec(ctx, "DELETE FROM alert_push WHERE endpoint = ?", endpoint))(alert.ErrNotFound)
	}
	return deleted(s.exec(ctx, "DELETE FROM alert_push WHERE id = ?", id))(alert.ErrNotFound)
}

const pushCols = "id, endpoint, p256dh, auth, created_at"

func scanPush(sc interface{ Scan(...any) error }) (alert.PushSubscription, error) {
	var p alert.PushSubscription
	var at sql.NullInt64
	err := sc.Scan(&p.ID, &p.Endpoint, &p.P256dh, &p.Auth, &at)
	p.CreatedAt = fromMicro(at)
	return p, err
}

// PushSubscription returns one browser's subscription.
func (s *Store) PushSubscription(ctx context.Context, id int64) (alert.PushSubscription, error) {
	p, err := scanPush(s.row(ctx, "SELECT "+pushCols+" FROM alert_push WHERE id = ?", id))
	if err != nil {
		return p, fmt.Errorf("store: push subscription %d: %w", id, notFound(err, alert.ErrNotFound))
	}
	return p, nil
}

// PushRecipients lists browsers by id after afterID, a page at a time.
func (s *Store) PushRecipients(ctx context.Context, afterID int64, limit int) ([]alert.PushSubscription, error) {
	rows, err := s.query(ctx, "SELECT "+pushCols+" FROM alert_push WHERE id > ? ORDER BY id LIMIT ?", afterID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []alert.PushSubscription
	for rows.Next() {
		p, err := scanPush(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
