package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"broadsheet/internal/apperr"
	"broadsheet/internal/cachekey"
	"broadsheet/internal/user"
)

// CreateUserToken stores a single-use token (by hash).
func (s *Store) CreateUserToken(ctx context.Context, t user.Token) error {
	_, err := s.exec(ctx, "INSERT INTO user_tokens (hash, kind, user_id, email, data, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		t.Hash, string(t.Kind), nullID(t.UserID), t.Email, t.Data, micro(t.CreatedAt), micro(t.ExpiresAt))
	return err
}

// UserToken loads a live, unused token of a kind without using it (to show
// the form it opens).
func (s *Store) UserToken(ctx context.Context, hash string, kind user.TokenKind, now time.Time) (user.Token, error) {
	t, err := scanToken(s.row(ctx, `SELECT hash, kind, COALESCE(user_id, 0), email, data, created_at, expires_at FROM user_tokens
		WHERE hash = ? AND kind = ? AND used_at IS NULL AND expires_at > ?`, hash, string(kind), micro(now)))
	if err != nil {
		return t, fmt.Errorf("store: token: %w", notFound(err, user.ErrNotFound))
	}
	return t, nil
}

// UseUserToken marks a live token used and returns it; of two requests with
// the same token, only one gets it.
func (s *Store) UseUserToken(ctx context.Context, hash string, kind user.TokenKind, now time.Time) (user.Token, error) {
	t, err := scanToken(s.w.QueryRowContext(ctx, s.d.rebind(`UPDATE user_tokens SET used_at = ?
		WHERE hash = ? AND kind = ? AND used_at IS NULL AND expires_at > ?
		RETURNING hash, kind, COALESCE(user_id, 0), email, data, created_at, expires_at`), micro(now), hash, string(kind), micro(now)))
	if err != nil {
		return t, fmt.Errorf("store: token: %w", notFound(err, user.ErrNotFound))
	}
	return t, nil
}

// DeleteUserTokens voids a user's tokens of a kind.
func (s *Store) DeleteUserTokens(ctx context.Context, userID int64, kind user.TokenKind) error {
	_, err := s.exec(ctx, "DELETE FROM user_tokens WHERE user_id = ? AND kind = ?", userID, string(kind))
	return err
}

// SweepUserTokens deletes tokens that expired before the time.
func (s *Store) SweepUserTokens(ctx context.Context, before time.Time) error {
	_, err := s.exec(ctx, "DELETE FROM user_tokens WHERE expires_at < ?", micro(before))
	return err
}

// SweepMailSent forgets messages sent before the time: by then their jobs
// are long done.
func (s *Store) SweepMailSent(ctx context.Context, before time.Time) error {
	_, err := s.exec(ctx, "DELETE FROM mail_sent WHERE sent_at < ?", micro(before))
	return err
}

func scanToken(sc interface{ Scan(...any) error }) (user.Token, error) {
	var t user.Token
	var kind string
	var created, expires sql.NullInt64
	err := sc.Scan(&t.Hash, &kind, &t.UserID, &t.Email, &t.Data, &created, &expires)
	t.Kind, t.CreatedAt, t.ExpiresAt = user.TokenKind(kind), fromMicro(created), fromMicro(expires)
	return t, err
}

// UserByIdentity loads the user an account at a provider signs in as.
func (s *Store) UserByIdentity(ctx context.Context, provider, subject string) (user.User, error) {
	u, err := scanUser(s.row(ctx, "SELECT "+prefixed("u.", userCols)+` FROM user_identities i JOIN users u ON u.id = i.user_id
		WHERE i.provider = ? AND i.subject = ?`, provider, subject))
	if err != nil {
		return u, fmt.Errorf("store: identity: %w", notFound(err, user.ErrNotFound))
	}
	return u, nil
}

// LinkIdentity links an account at a provider to a user. An account already
// linked to someone else is a conflict.
func (s *Store) LinkIdentity(ctx context.Context, provider, subject, email string, userID int64) error {
	_, err := s.exec(ctx, `INSERT INTO user_identities (provider, subject, user_id, email, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (provider, subject) DO NOTHING`, provider, subject, userID, email, micro(time.Now()))
	if err != nil {
		return err
	}
	var owner int64
	if err := s.w.QueryRowContext(ctx, s.d.rebind("SELECT user_id FROM user_identities WHERE provider = ? AND subject = ?"), provider, subject).Scan(&owner); err != nil {
		return err
	}
	if owner != userID {
		return fmt.Errorf("store: identity linked to another account: %w", apperr.Conflict)
	}
	return nil
}

// Identities lists the provider accounts linked to a user.
func (s *Store) Identities(ctx context.Context, userID int64) ([]user.Identity, error) {
	rows, err := s.query(ctx, "SELECT provider, subject, email, user_id, created_at FROM user_identities WHERE user_id = ? ORDER BY created_at", userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []user.Identity
	for rows.Next() {
		var i user.Identity
		var at sql.NullInt64
		if err := rows.Scan(&i.Provider, &i.Subject, &i.Email, &i.UserID, &at); err != nil {
			return nil, err
		}
		i.CreatedAt = fromMicro(at)
		out = append(out, i)
	}
	return out, rows.Err()
}

// UnlinkIdentity removes a provider account from a user.
func (s *Store) UnlinkIdentity(ctx context.Context, userID int64, provider string) error {
	return deleted(s.exec(ctx, "DELETE FROM user_identities WHERE user_id = ? AND provider = ?", userID, provider))(user.ErrNotFound)
}

// CreateReader inserts a reader made from a proven sign-up, and links an
// account at a provider to it when one is given, in one transaction. An email
// taken meanwhile is a field error.
func (s *Store) CreateReader(ctx context.Context, u *user.User, provider, subject string) error {
	return s.WithTx(ctx, func(tx *Tx) error {
		u.CreatedAt = time.Now().UTC()
		u.Role = user.Reader
		id, err := insertID(ctx, tx.row, "INSERT INTO users (email, name, role, password_hash, disabled, created_at) VALUES (?, ?, ?, ?, 0, ?)",
			u.Email, u.Name, string(u.Role), u.PasswordHash, micro(u.CreatedAt))
		if isUnique(err) {
			return apperr.FieldError("email", "An account with this email address already exists.")
		}
		if err != nil {
			return err
		}
		u.ID = id
		if provider != "" {
			_, err = tx.exec(ctx, "INSERT INTO user_identities (provider, subject, user_id, email, created_at) VALUES (?, ?, ?, ?, ?)",
				provider, subject, id, u.Email, micro(u.CreatedAt))
			if isUnique(err) {
				return fmt.Errorf("store: identity linked to another account: %w", apperr.Conflict)
			}
		}
		return err
	})
}

// DeleteUser deletes an account with its sessions, tokens and links. Its
// comments are removed (keepComments false: their text is gone, a placeholder
// keeps replies in place) or kept under "deleted reader" (no name, no
// account, no email), and the articles they were on are recounted.
func (s *Store) DeleteUser(ctx context.Context, id int64, keepComments bool) error {
	return s.WithTx(ctx, func(tx *Tx) error {
		var role string
		if err := tx.row(ctx, "SELECT role FROM users WHERE id = ?", id).Scan(&role); err != nil {
			return fmt.Errorf("store: user %d: %w", id, notFound(err, user.ErrNotFound))
		}
		articles, err := commentArticles(ctx, tx, "user_id = ?", id)
		if err != nil {
			return err
		}
		for _, a := range articles {
			tx.purge(cachekey.Comments(a))
		}
		if keepComments {
			_, err = tx.exec(ctx, "UPDATE comments SET author_name = '', author_email = '', user_id = NULL, ip_hash = '' WHERE user_id = ?", id)
		} else {
			_, err = tx.exec(ctx, `UPDATE comments SET status = 'deleted', body = '', body_hash = '', author_name = '', author_email = '',
				user_id = NULL, ip_hash = '' WHERE user_id = ?`, id)
		}
		if err != nil {
			return err
		}
		// A ban on the account becomes a ban on the address it had: the
		// address stays banned, and the id (which SQLite may give to the
		// next account) does not.
		if _, err := tx.exec(ctx, `INSERT INTO comment_bans (kind, value, reason, created_by, created_at)
			SELECT 'email', email, reason, created_by, created_at FROM comment_bans WHERE kind = 'account' AND value = ? AND email <> ''
			ON CONFLICT (kind, value) DO NOTHING`, strconv.FormatInt(id, 10)); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "DELETE FROM comment_bans WHERE kind = 'account' AND value = ?", strconv.FormatInt(id, 10)); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "DELETE FROM users WHERE id = ?", id); err != nil {
			return err
		}
		return recount(ctx, tx, articles)
	})
}
