package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"broadsheet/internal/apperr"
	"broadsheet/internal/user"
)

const userCols = "id, email, name, role, password_hash, COALESCE(author_id, 0), disabled, notify_comments, created_at"

func scanUser(sc interface{ Scan(...any) error }, lead ...any) (user.User, error) {
	var u user.User
	var role string
	var disabled, notify int
	var created sql.NullInt64
	err := sc.Scan(append(lead, &u.ID, &u.Email, &u.Name, &role, &u.PasswordHash, &u.AuthorID, &disabled, &notify, &created)...)
	u.Role, u.Disabled, u.NotifyComments, u.CreatedAt = user.Role(role), disabled == 1, notify == 1, fromMicro(created)
	return u, err
}

// CreateUser inserts a user, setting its ID.
func (s *Store) CreateUser(ctx context.Context, u *user.User) error {
	u.CreatedAt = time.Now().UTC()
	var err error
	u.ID, err = insertID(ctx, s.wrow, "INSERT INTO users (email, name, role, password_hash, author_id, disabled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		u.Email, u.Name, string(u.Role), u.PasswordHash, nullID(u.AuthorID), boolInt(u.Disabled), micro(u.CreatedAt))
	if isUnique(err) {
		return apperr.FieldError("email", "A user with this email address already exists.")
	}
	return err
}

// CreateFirstAdmin inserts u only if there are no users yet, atomically, so the
// one-time setup form cannot be used twice.
func (s *Store) CreateFirstAdmin(ctx context.Context, u *user.User) error {
	return s.WithTx(ctx, func(tx *Tx) error {
		// Without the lock, two PostgreSQL transactions could both count no users.
		if err := tx.d.lockTable(ctx, tx.tx, "users"); err != nil {
			return err
		}
		var n int
		if err := tx.row(ctx, "SELECT COUNT(*) FROM users WHERE role <> 'reader'").Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("store: setup already done: %w", apperr.Forbidden)
		}
		u.CreatedAt = time.Now().UTC()
		id, err := insertID(ctx, tx.row, "INSERT INTO users (email, name, role, password_hash, author_id, disabled, created_at) VALUES (?, ?, ?, ?, ?, 0, ?)",
			u.Email, u.Name, string(u.Role), u.PasswordHash, nullID(u.AuthorID), micro(u.CreatedAt))
		u.ID = id
		return err
	})
}

// UpdateUser changes a user's name, email, role, author link, disabled flag,
// comment notices and, if hash is not empty, password. Disabling or a new
// password ends sessions; a new password or email also voids the reset and
// email-change links still out.
func (s *Store) UpdateUser(ctx context.Context, u user.User) error {
	return s.WithTx(ctx, func(tx *Tx) error {
		var oldHash, oldEmail string
		if err := tx.row(ctx, "SELECT password_hash, email FROM users WHERE id = ?", u.ID).Scan(&oldHash, &oldEmail); err != nil {
			return fmt.Errorf("store: user %d: %w", u.ID, notFound(err, user.ErrNotFound))
		}
		if u.PasswordHash == "" {
			u.PasswordHash = oldHash // an empty hash keeps the password, never blanks it
		}
		_, err := tx.exec(ctx, "UPDATE users SET email = ?, name = ?, role = ?, author_id = ?, disabled = ?, notify_comments = ?, password_hash = ? WHERE id = ?",
			u.Email, u.Name, string(u.Role), nullID(u.AuthorID), boolInt(u.Disabled), boolInt(u.NotifyComments), u.PasswordHash, u.ID)
		if isUnique(err) {
			return apperr.FieldError("email", "A user with this email address already exists.")
		}
		if err != nil {
			return err
		}
		if u.Disabled || u.PasswordHash != oldHash {
			if _, err := tx.exec(ctx, "DELETE FROM sessions WHERE user_id = ?", u.ID); err != nil {
				return err
			}
		}
		if u.Disabled || u.PasswordHash != oldHash || u.Email != oldEmail {
			if err := voidLinks(ctx, tx, u.ID); err != nil {
				return err
			}
		}
		if u.Disabled || u.Role == user.Reader {
			// A reader never uses the API: a demotion takes its tokens away.
			if _, err = tx.exec(ctx, "DELETE FROM api_tokens WHERE user_id = ?", u.ID); err != nil {
				return err
			}
		}
		if u.Disabled || !u.Can(user.ModerateComments) {
			// Only editors and admins read tips: a demotion, or closing the
			// account, takes the access away for good (a later promotion
			// does not bring it back) and locks any open inbox.
			if _, err = tx.exec(ctx, "DELETE FROM tip_unlocks WHERE session_hash IN (SELECT hash FROM sessions WHERE user_id = ?)", u.ID); err != nil {
				return err
			}
			_, err = tx.exec(ctx, "DELETE FROM tip_access WHERE user_id = ?", u.ID)
		}
		return err
	})
}

// The forms a user fills in for themselves change one thing each, so that
// an administrator's change made meanwhile (closing the account, a new role)
// is never written back over.

// SetUserName changes only a user's name.
func (s *Store) SetUserName(ctx context.Context, id int64, name string) error {
	return s.setUser(ctx, "UPDATE users SET name = ? WHERE id = ?", name, id)
}

// SetUserNotify changes only whether a user is mailed about new comments.
func (s *Store) SetUserNotify(ctx context.Context, id int64, notify bool) error {
	return s.setUser(ctx, "UPDATE users SET notify_comments = ? WHERE id = ?", boolInt(notify), id)
}

// SetUserPassword sets a new password hash: every session of the user ends
// and the links still out (reset, email change, linking) stop working.
func (s *Store) SetUserPassword(ctx context.Context, id int64, hash string) error {
	if hash == "" {
		return fmt.Errorf("store: empty password hash: %w", apperr.Invalid)
	}
	return s.WithTx(ctx, func(tx *Tx) error {
		if err := tx.setUser(ctx, "UPDATE users SET password_hash = ? WHERE id = ?", hash, id); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "DELETE FROM sessions WHERE user_id = ?", id); err != nil {
			return err
		}
		return voidLinks(ctx, tx, id)
	})
}

// SetUserEmail moves a user to a new address (another account's address is a
// field error); the links still out stop working.
func (s *Store) SetUserEmail(ctx context.Context, id int64, email string) error {
	return s.WithTx(ctx, func(tx *Tx) error {
		err := tx.setUser(ctx, "UPDATE users SET email = ? WHERE id = ?", email, id)
		if isUnique(err) {
			return apperr.FieldError("email", "A user with this email address already exists.")
		}
		if err != nil {
			return err
		}
		return voidLinks(ctx, tx, id)
	})
}

func (s *Store) setUser(ctx context.Context, q string, args ...any) error {
	return s.WithTx(ctx, func(tx *Tx) error { return tx.setUser(ctx, q, args...) })
}

// setUser runs an update of one user, whose id is the last argument.
func (t *Tx) setUser(ctx context.Context, q string, args ...any) error {
	res, err := t.exec(ctx, q, args...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("store: user %v: %w", args[len(args)-1], user.ErrNotFound)
	}
	return nil
}

func voidLinks(ctx context.Context, tx *Tx, userID int64) error {
	_, err := tx.exec(ctx, "DELETE FROM user_tokens WHERE user_id = ? AND kind IN ('reset', 'email', 'link', 'link-pending')", userID)
	return err
}

// CountStaff counts newsroom accounts (readers do not count: a reader who
// signs up on a new site must not close its one-time setup).
func (s *Store) CountStaff(ctx context.Context) (int, error) {
	var n int
	err := s.row(ctx, "SELECT COUNT(*) FROM users WHERE role <> 'reader'").Scan(&n)
	return n, err
}

// UserByEmail loads a user by email (lower case).
func (s *Store) UserByEmail(ctx context.Context, email string) (user.User, error) {
	u, err := scanUser(s.row(ctx, "SELECT "+userCols+" FROM users WHERE email = ?", email))
	if err != nil {
		return u, fmt.Errorf("store: user: %w", notFound(err, user.ErrNotFound))
	}
	return u, nil
}

// User loads a user by id.
func (s *Store) User(ctx context.Context, id int64) (user.User, error) {
	u, err := scanUser(s.row(ctx, "SELECT "+userCols+" FROM users WHERE id = ?", id))
	if err != nil {
		return u, fmt.Errorf("store: user %d: %w", id, notFound(err, user.ErrNotFound))
	}
	return u, nil
}

// Users lists the newsroom's accounts by name.
func (s *Store) Users(ctx context.Context) ([]user.User, error) {
	return s.users(ctx, "SELECT "+userCols+" FROM users WHERE role <> 'reader' ORDER BY name")
}

// Readers lists readers' accounts, newest first, optionally those whose name
// or email contains q.
func (s *Store) Readers(ctx context.Context, q string, limit, offset int) ([]user.User, error) {
	where, args := "", []any{}
	if q = strings.ToLower(strings.TrimSpace(q)); q != "" {
		like := "%" + likeEscape(q) + "%"
		where, args = ` AND (LOWER(name) LIKE ? ESCAPE '\' OR email LIKE ? ESCAPE '\')`, []any{like, like}
	}
	return s.users(ctx, "SELECT "+userCols+" FROM users WHERE role = 'reader'"+where+" ORDER BY id DESC LIMIT ? OFFSET ?",
		append(args, limit, max(offset, 0))...)
}

func (s *Store) users(ctx context.Context, q string, args ...any) ([]user.User, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []user.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// CreateSession stores a session (by hash).
func (s *Store) CreateSession(ctx context.Context, ss user.Session) error {
	_, err := s.exec(ctx, "INSERT INTO sessions (hash, user_id, csrf, created_at, expires_at, auth_at) VALUES (?, ?, ?, ?, ?, ?)",
		ss.Hash, ss.UserID, ss.CSRF, micro(ss.CreatedAt), micro(ss.ExpiresAt), micro(ss.AuthAt))
	return err
}

// SetSessionAuth notes that the person at a session's browser has just
// proved who they are again.
func (s *Store) SetSessionAuth(ctx context.Context, hash string, at time.Time) error {
	return deleted(s.exec(ctx, "UPDATE sessions SET auth_at = ? WHERE hash = ?", micro(at), hash))(user.ErrNotFound)
}

// Session loads a live session and its (enabled) user.
func (s *Store) Session(ctx context.Context, hash string) (user.Session, user.User, error) {
	var ss user.Session
	var created, expires, auth sql.NullInt64
	u, err := scanUser(s.row(ctx, `SELECT s.hash, s.user_id, s.csrf, s.created_at, s.expires_at, s.auth_at, `+prefixed("u.", userCols)+`
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.hash = ? AND s.expires_at > ? AND u.disabled = 0`,
		hash, micro(time.Now())), &ss.Hash, &ss.UserID, &ss.CSRF, &created, &expires, &auth)
	if err != nil {
		return ss, u, fmt.Errorf("store: session: %w", notFound(err, user.ErrNotFound))
	}
	ss.CreatedAt, ss.ExpiresAt, ss.AuthAt = fromMicro(created), fromMicro(expires), fromMicro(auth)
	return ss, u, nil
}

// DeleteUserSessions signs a user out everywhere but the session keep (a hash;
// "" ends them all).
func (s *Store) DeleteUserSessions(ctx context.Context, userID int64, keep string) error {
	_, err := s.exec(ctx, "DELETE FROM sessions WHERE user_id = ? AND hash <> ?", userID, keep)
	return err
}

// DeleteSession signs a browser out; it also clears expired sessions.
func (s *Store) DeleteSession(ctx context.Context, hash string) error {
	_, err := s.exec(ctx, "DELETE FROM sessions WHERE hash = ? OR expires_at < ?", hash, micro(time.Now()))
	return err
}

// CreateToken stores an API token (by hash).
func (s *Store) CreateToken(ctx context.Context, userID int64, hash, name string) error {
	_, err := s.exec(ctx, "INSERT INTO api_tokens (user_id, hash, name, created_at) VALUES (?, ?, ?, ?)", userID, hash, name, micro(time.Now()))
	return err
}

// UserByToken loads the enabled user owning a token hash.
func (s *Store) UserByToken(ctx context.Context, hash string) (user.User, error) {
	u, err := scanUser(s.row(ctx, "SELECT "+prefixed("u.", userCols)+" FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = ? AND u.disabled = 0 AND u.role <> 'reader'", hash))
	if err != nil {
		return u, fmt.Errorf("store: token: %w", notFound(err, user.ErrNotFound))
	}
	return u, nil
}

func prefixed(p, cols string) string {
	out := ""
	for i, c := range splitCols(cols) {
		if i > 0 {
			out += ", "
		}
		if len(c) > 9 && c[:9] == "COALESCE(" {
			out += "COALESCE(" + p + c[9:]
		} else {
			out += p + c
		}
	}
	return out
}

func splitCols(cols string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range cols {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, trim(cols[start:i]))
				start = i + 1
			}
		}
	}
	return append(out, trim(cols[start:]))
}

func trim(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\n' || s[0] == '\t') {
		s = s[1:]
	}
	return s
}
