package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/binary"
	"fmt"
	"time"

	"broadsheet/internal/apperr"
	"broadsheet/internal/tip"
	"broadsheet/internal/user"
)

// TipKeyring returns the newsroom key (tip.ErrNotFound before it is set up).
func (s *Store) TipKeyring(ctx context.Context) (tip.Keyring, error) {
	var k tip.Keyring
	var created, changed sql.NullInt64
	err := s.row(ctx, "SELECT recipient, sealed, created_at, changed_at FROM tip_keys WHERE id = 1").Scan(&k.Recipient, &k.Sealed, &created, &changed)
	if err != nil {
		return k, fmt.Errorf("store: tip key: %w", notFound(err, tip.ErrNotFound))
	}
	k.CreatedAt, k.ChangedAt = fromMicro(created), fromMicro(changed)
	return k, nil
}

// CreateTipKeyring stores the newsroom key once; a second one is a conflict
// (two editors setting it up at the same moment: the first wins).
func (s *Store) CreateTipKeyring(ctx context.Context, k tip.Keyring) error {
	_, err := s.exec(ctx, "INSERT INTO tip_keys (id, recipient, sealed, created_at, changed_at) VALUES (1, ?, ?, ?, ?)",
		k.Recipient, k.Sealed, micro(k.CreatedAt), micro(k.ChangedAt))
	if isUnique(err) {
		return fmt.Errorf("store: tip key exists: %w", apperr.Conflict)
	}
	return err
}

// TipAccess lists who may unlock the tips inbox.
func (s *Store) TipAccess(ctx context.Context) ([]user.User, error) {
	return s.users(ctx, "SELECT "+prefixed("u.", userCols)+" FROM tip_access a JOIN users u ON u.id = a.user_id ORDER BY u.name, u.id")
}

// HasTipAccess tells whether a user may unlock the tips inbox.
func (s *Store) HasTipAccess(ctx context.Context, userID int64) (bool, error) {
	var n int
	err := s.row(ctx, "SELECT COUNT(*) FROM tip_access WHERE user_id = ?", userID).Scan(&n)
	return n > 0, err
}

// GrantTipAccess lets a user unlock the tips inbox; granting twice is fine.
func (s *Store) GrantTipAccess(ctx context.Context, userID, by int64, at time.Time) error {
	_, err := s.exec(ctx, "INSERT INTO tip_access (user_id, granted_by, granted_at) VALUES (?, ?, ?) ON CONFLICT (user_id) DO NOTHING",
		userID, nullID(by), micro(at))
	return err
}

// RevokeTipAccess takes access away, and locks the user's open inboxes.
func (s *Store) RevokeTipAccess(ctx context.Context, userID int64) error {
	return s.WithTx(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, "DELETE FROM tip_unlocks WHERE session_hash IN (SELECT hash FROM sessions WHERE user_id = ?)", userID); err != nil {
			return err
		}
		_, err := tx.exec(ctx, "DELETE FROM tip_access WHERE user_id = ?", userID)
		return err
	})
}

// SaveTipUnlock parks a session's unlocked newsroom key.
func (s *Store) SaveTipUnlock(ctx context.Context, sessionHash string, u tip.Unlocked) error {
	_, err := s.exec(ctx, `INSERT INTO tip_unlocks (session_hash, sealed, expires_at) VALUES (?, ?, ?)
		ON CONFLICT (session_hash) DO UPDATE SET sealed = excluded.sealed, expires_at = excluded.expires_at`,
		sessionHash, u.Sealed, micro(u.ExpiresAt))
	return err
}

// TipUnlock returns a session's parked key, if it has not expired.
func (s *Store) TipUnlock(ctx context.Context, sessionHash string, now time.Time) (tip.Unlocked, error) {
	var u tip.Unlocked
	var exp sql.NullInt64
	err := s.row(ctx, "SELECT sealed, expires_at FROM tip_unlocks WHERE session_hash = ? AND expires_at > ?", sessionHash, micro(now)).Scan(&u.Sealed, &exp)
	if err != nil {
		return u, fmt.Errorf("store: tip unlock: %w", notFound(err, tip.ErrLocked))
	}
	u.ExpiresAt = fromMicro(exp)
	return u, nil
}

// DeleteTipUnlock locks a session's inbox (and sweeps expired unlocks).
func (s *Store) DeleteTipUnlock(ctx context.Context, sessionHash string, now time.Time) error {
	_, err := s.exec(ctx, "DELETE FROM tip_unlocks WHERE session_hash = ? OR expires_at <= ?", sessionHash, micro(now))
	return err
}

const tipCols = "t.id, t.lookup, t.recipient, t.key_newsroom, t.key_tipster, t.status, COALESCE(t.assigned_to, 0), t.received_on, t.updated_at, t.unread"

func scanTip(sc interface{ Scan(...any) error }, extra ...any) (tip.Tip, error) {
	var t tip.Tip
	var status string
	var updated sql.NullInt64
	var unread int
	err := sc.Scan(append([]any{&t.ID, &t.Lookup, &t.Recipient, &t.KeyNewsroom, &t.KeyTipster, &status, &t.AssignedTo, &t.ReceivedOn, &updated, &unread}, extra...)...)
	t.Status, t.UpdatedAt, t.Unread = tip.Status(status), fromMicro(updated), unread != 0
	return t, err
}

// CreateTip stores a new thread with its first message and attachments.
// newsroom is the recipient its key was sealed to: if the newsroom key was
// replaced in the meantime, nothing is stored and tip.ErrStaleKey says so.
func (s *Store) CreateTip(ctx context.Context, newsroom string, t *tip.Tip, m *tip.Message, files []tip.File) error {
	return s.WithTx(ctx, func(tx *Tx) error {
		if err := checkTipKey(ctx, tx, newsroom); err != nil {
			return err
		}
		id, err := insertID(ctx, tx.row, `INSERT INTO tips (lookup, recipient, key_newsroom, key_tipster, status, received_on, updated_at, unread)
			VALUES (?, ?, ?, ?, ?, ?, ?, 1)`, t.Lookup, t.Recipient, t.KeyNewsroom, t.KeyTipster, string(t.Status), t.ReceivedOn, micro(t.UpdatedAt))
		if err != nil {
			if isUnique(err) {
				return fmt.Errorf("store: tip code taken: %w", apperr.Conflict)
			}
			return err
		}
		t.ID, m.TipID = id, id
		return addTipMessage(ctx, tx, m, files)
	})
}

// checkTipKey waits for a rotation of the newsroom key in progress and
// tells whether the key is still the one given.
func checkTipKey(ctx context.Context, tx *Tx, newsroom string) error {
	if err := tx.d.lockKey(ctx, tx.tx, "tip-keys"); err != nil {
		return err
	}
	var current string
	if err := tx.row(ctx, "SELECT recipient FROM tip_keys WHERE id = 1").Scan(&current); err != nil {
		return fmt.Errorf("store: tip key: %w", notFound(err, tip.ErrNotFound))
	}
	if current != newsroom {
		return tip.ErrStaleKey
	}
	return nil
}

// RotateTipKeys replaces the newsroom key (from old to next): each tip's key
// and every internal note are sealed again with rewrap, in one transaction
// that new tips wait for; every open inbox is locked.
func (s *Store) RotateTipKeys(ctx context.Context, old, next tip.Keyring, rewrap func([]byte) ([]byte, error)) error {
	return s.WithTx(ctx, func(tx *Tx) error {
		if err := checkTipKey(ctx, tx, old.Recipient); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "UPDATE tip_keys SET recipient = ?, sealed = ?, changed_at = ? WHERE id = 1",
			next.Recipient, next.Sealed, micro(next.ChangedAt)); err != nil {
			return err
		}
		for _, q := range []struct{ sel, upd string }{
			{"SELECT id, key_newsroom FROM tips", "UPDATE tips SET key_newsroom = ? WHERE id = ?"},
			{"SELECT id, body FROM tip_messages WHERE author = 'note'", "UPDATE tip_messages SET body = ? WHERE id = ?"},
		} {
			rows, err := tx.query(ctx, q.sel)
			if err != nil {
				return err
			}
			type item struct {
				id     int64
				sealed []byte
			}
			var items []item
			for rows.Next() {
				var it item
				if err := rows.Scan(&it.id, &it.sealed); err != nil {
					rows.Close()
					return err
				}
				items = append(items, it)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, it := range items {
				b, err := rewrap(it.sealed)
				if err != nil {
					return fmt.Errorf("store: rewrap %d: %w", it.id, err)
				}
				if _, err := tx.exec(ctx, q.upd, b, it.id); err != nil {
					return err
				}
			}
		}
		_, err := tx.exec(ctx, "DELETE FROM tip_unlocks")
		return err
	})
}

// randomID is a row id that says nothing of when the row was written.
func randomID() (int64, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return 0, err
	}
	return int64(binary.BigEndian.Uint64(b[:])>>12) + 1, nil // below 2^52: exact in JSON and JavaScript
}

func addTipMessage(ctx context.Context, tx *Tx, m *tip.Message, files []tip.File) error {
	id, err := randomID()
	if err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `INSERT INTO tip_messages (id, tip_id, seq, author, user_id, body, created_at)
		VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM tip_messages WHERE tip_id = ?), ?, ?, ?, ?)`,
		id, m.TipID, m.TipID, string(m.Author), nullID(m.UserID), m.Body, micro(m.CreatedAt)); err != nil {
		return err
	}
	m.ID = id
	for i := range files {
		files[i].TipID, files[i].MessageID = m.TipID, m.ID
		if files[i].ID, err = randomID(); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "INSERT INTO tip_files (id, tip_id, message_id, path, size, meta) VALUES (?, ?, ?, ?, ?, ?)",
			files[i].ID, m.TipID, m.ID, files[i].Path, files[i].Size, files[i].Meta); err != nil {
			return err
		}
	}
	return nil
}

// AddTipMessage adds a message (and its attachments) to a thread. A
// tipster's marks the thread unread; anyone's moves its time on, except a
// tipster's, whose time is the day only (at). An internal note is sealed to
// the newsroom key: newsroom names the key it was sealed to, and a note
// sealed to a key replaced in the meantime is refused (tip.ErrStaleKey).
func (s *Store) AddTipMessage(ctx context.Context, m *tip.Message, files []tip.File, at time.Time, newsroom string) error {
	return s.WithTx(ctx, func(tx *Tx) error {
		if m.Author == tip.Note {
			if err := checkTipKey(ctx, tx, newsroom); err != nil {
				return err
			}
		}
		set := "updated_at = ?"
		if m.Author == tip.Tipster {
			set += ", unread = 1"
		}
		if err := deleted(tx.exec(ctx, "UPDATE tips SET "+set+" WHERE id = ?", micro(at), m.TipID))(tip.ErrNotFound); err != nil {
			return err
		}
		return addTipMessage(ctx, tx, m, files)
	})
}

// Tip returns one thread.
func (s *Store) Tip(ctx context.Context, id int64) (tip.Tip, error) {
	t, err := scanTip(s.row(ctx, "SELECT "+tipCols+" FROM tips t WHERE t.id = ?", id))
	if err != nil {
		return t, fmt.Errorf("store: tip %d: %w", id, notFound(err, tip.ErrNotFound))
	}
	return t, nil
}

// TipByLookup finds a thread by the hash of its receipt code.
func (s *Store) TipByLookup(ctx context.Context, lookup string) (tip.Tip, error) {
	t, err := scanTip(s.row(ctx, "SELECT "+tipCols+" FROM tips t WHERE t.lookup = ?", lookup))
	if err != nil {
		return t, fmt.Errorf("store: tip: %w", notFound(err, tip.ErrNotFound))
	}
	return t, nil
}

// Tips lists threads, newest first: those of one status, or all ("").
func (s *Store) Tips(ctx context.Context, status tip.Status, limit int) ([]tip.Tip, error) {
	where, args := "", []any{}
	if status != "" {
		where, args = " WHERE t.status = ?", append(args, string(status))
	}
	if limit <= 0 || limit > 500 {
		limit = 200
	}
	rows, err := s.query(ctx, "SELECT "+tipCols+`, COALESCE(u.name, ''), (SELECT COUNT(*) FROM tip_messages m WHERE m.tip_id = t.id AND m.author <> 'note')
		FROM tips t LEFT JOIN users u ON u.id = t.assigned_to`+where+" ORDER BY t.id DESC LIMIT ?", append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []tip.Tip
	for rows.Next() {
		var name string
		var n int
		t, err := scanTip(rows, &name, &n)
		if err != nil {
			return nil, err
		}
		t.Assignee, t.Messages = name, n
		out = append(out, t)
	}
	return out, rows.Err()
}

// CountUnreadTips counts the threads with something new from the tipster.
func (s *Store) CountUnreadTips(ctx context.Context) (int, error) {
	var n int
	err := s.row(ctx, "SELECT COUNT(*) FROM tips WHERE unread = 1").Scan(&n)
	return n, err
}

// TipMessages lists a thread's messages, oldest first, with their writers'
// names.
func (s *Store) TipMessages(ctx context.Context, tipID int64) ([]tip.Message, error) {
	rows, err := s.query(ctx, `SELECT m.id, m.tip_id, m.author, COALESCE(m.user_id, 0), COALESCE(u.name, ''), m.body, m.created_at
		FROM tip_messages m LEFT JOIN users u ON u.id = m.user_id WHERE m.tip_id = ? ORDER BY m.seq, m.id`, tipID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []tip.Message
	for rows.Next() {
		var m tip.Message
		var author string
		var at sql.NullInt64
		if err := rows.Scan(&m.ID, &m.TipID, &author, &m.UserID, &m.UserName, &m.Body, &at); err != nil {
			return nil, err
		}
		m.Author, m.CreatedAt = tip.Author(author), fromMicro(at)
		out = append(out, m)
	}
	return out, rows.Err()
}

// TipFiles lists a thread's attachments.
func (s *Store) TipFiles(ctx context.Context, tipID int64) ([]tip.File, error) {
	rows, err := s.query(ctx, `SELECT f.id, f.tip_id, f.message_id, f.path, f.size, f.meta FROM tip_files f
		JOIN tip_messages m ON m.id = f.message_id WHERE f.tip_id = ? ORDER BY m.seq, f.path`, tipID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []tip.File
	for rows.Next() {
		var f tip.File
		if err := rows.Scan(&f.ID, &f.TipID, &f.MessageID, &f.Path, &f.Size, &f.Meta); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// TipFile returns one attachment of a thread.
func (s *Store) TipFile(ctx context.Context, tipID, fileID int64) (tip.File, error) {
	var f tip.File
	err := s.row(ctx, "SELECT id, tip_id, message_id, path, size, meta FROM tip_files WHERE id = ? AND tip_id = ?", fileID, tipID).
		Scan(&f.ID, &f.TipID, &f.MessageID, &f.Path, &f.Size, &f.Meta)
	if err != nil {
		return f, fmt.Errorf("store: tip file: %w", notFound(err, tip.ErrNotFound))
	}
	return f, nil
}

// UpdateTip sets a thread's status and assignee (0: nobody); it also marks
// it read.
func (s *Store) UpdateTip(ctx context.Context, id int64, status tip.Status, assignee int64) error {
	if !status.Valid() {
		return apperr.FieldError("status", "Choose a status.")
	}
	return deleted(s.exec(ctx, "UPDATE tips SET status = ?, assigned_to = ?, unread = 0 WHERE id = ?", string(status), nullID(assignee), id))(tip.ErrNotFound)
}

// MarkTipRead notes that the newsroom has read what the tipster sent.
func (s *Store) MarkTipRead(ctx context.Context, id int64) error {
	_, err := s.exec(ctx, "UPDATE tips SET unread = 0 WHERE id = ?", id)
	return err
}
