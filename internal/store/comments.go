package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"broadsheet/internal/apperr"
	"broadsheet/internal/cachekey"
	"broadsheet/internal/comment"
)

const commentCols = `c.id, c.article_id, COALESCE(c.parent_id, 0), c.depth, COALESCE(c.user_id, 0), c.author_name,
	c.author_email, c.body, c.body_hash, c.status, c.staff, c.ip_hash, c.created_at, c.edited_at,
	COALESCE(c.moderated_by, 0), c.moderated_at`

func scanComment(sc interface{ Scan(...any) error }, extra ...any) (comment.Comment, error) {
	var c comment.Comment
	var status string
	var staff int
	var created, edited, moderated sql.NullInt64
	err := sc.Scan(append([]any{&c.ID, &c.ArticleID, &c.ParentID, &c.Depth, &c.UserID, &c.Name, &c.Email, &c.Body,
		&c.BodyHash, &status, &staff, &c.IPHash, &created, &edited, &c.ModeratedBy, &moderated}, extra...)...)
	c.Status, c.Staff = comment.Status(status), staff == 1
	c.CreatedAt, c.EditedAt, c.ModeratedAt = fromMicro(created), fromMicro(edited), fromMicro(moderated)
	return c, err
}

// CreateComment inserts a comment (setting its ID) and recounts its article.
func (s *Store) CreateComment(ctx context.Context, c *comment.Comment) error {
	return s.WithTx(ctx, func(tx *Tx) error {
		id, err := insertID(ctx, tx.row, `INSERT INTO comments (article_id, parent_id, depth, user_id, author_name, author_email,
			body, body_hash, status, staff, ip_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ArticleID, nullID(c.ParentID), c.Depth, nullID(c.UserID), c.Name, c.Email, c.Body, c.BodyHash,
			string(c.Status), boolInt(c.Staff), c.IPHash, micro(c.CreatedAt))
		if err != nil {
			return fmt.Errorf("store: create comment: %w", err)
		}
		c.ID = id
		if c.Status == comment.Approved {
			tx.purge(cachekey.Comments(c.ArticleID))
		}
		return recount(ctx, tx, []int64{c.ArticleID})
	})
}

// Comment loads one comment, with its article's headline and address.
func (s *Store) Comment(ctx context.Context, id int64) (comment.Comment, error) {
	var headline, slug string
	var section int64
	c, err := scanComment(s.row(ctx, "SELECT "+commentCols+`, a.headline, COALESCE(a.section_id, 0), a.slug
		FROM comments c JOIN articles a ON a.id = c.article_id WHERE c.id = ?`, id), &headline, &section, &slug)
	if err != nil {
		return c, fmt.Errorf("store: comment %d: %w", id, notFound(err, comment.ErrNotFound))
	}
	c.ArticleHeadline, c.ArticleSectionID, c.ArticleSlug = headline, section, slug
	return c, nil
}

// ArticleComments loads what an article's comment threads are built from,
// oldest first: approved comments, and the ones no longer shown (which may
// still hold replies as placeholders). Waiting comments are left out.
func (s *Store) ArticleComments(ctx context.Context, articleID int64) ([]comment.Comment, error) {
	rows, err := s.query(ctx, "SELECT "+commentCols+" FROM comments c WHERE c.article_id = ? AND c.status <> 'pending' ORDER BY c.created_at, c.id", articleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []comment.Comment
	for rows.Next() {
		c, err := scanComment(rows)
		if err != nil {
			return nil, err
		}
		if c.Status != comment.Approved {
			c.Body, c.Email, c.Name = "", "", "" // never on a page, not even in memory for it
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func commentWhere(f comment.Filter) (string, []any) {
	var where []string
	var args []any
	if f.Status != "" {
		where, args = append(where, "c.status = ?"), append(args, string(f.Status))
	}
	if f.ArticleID != 0 {
		where, args = append(where, "c.article_id = ?"), append(args, f.ArticleID)
	}
	if q := strings.ToLower(strings.TrimSpace(f.Query)); q != "" {
		like := "%" + likeEscape(q) + "%"
		where = append(where, `(LOWER(c.body) LIKE ? ESCAPE '\' OR LOWER(c.author_name) LIKE ? ESCAPE '\' OR c.author_email LIKE ? ESCAPE '\')`)
		args = append(args, like, like, like)
	}
	if !f.BeforeTime.IsZero() || f.BeforeID != 0 {
		where = append(where, "(c.created_at < ? OR (c.created_at = ? AND c.id < ?))")
		args = append(args, f.BeforeTime.UnixMicro(), f.BeforeTime.UnixMicro(), f.BeforeID)
	}
	if !f.AfterTime.IsZero() || f.AfterID != 0 {
		where = append(where, "(c.created_at > ? OR (c.created_at = ? AND c.id > ?))")
		args = append(args, f.AfterTime.UnixMicro(), f.AfterTime.UnixMicro(), f.AfterID)
	}
	if len(where) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

// Comments lists comments with their articles, newest first (for
// moderation) or oldest first (f.OldestFirst, for readers).
func (s *Store) Comments(ctx context.Context, f comment.Filter) ([]comment.Comment, error) {
	where, args := commentWhere(f)
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	order := " ORDER BY c.created_at DESC, c.id DESC"
	if f.OldestFirst {
		order = " ORDER BY c.created_at, c.id"
	}
	rows, err := s.query(ctx, "SELECT "+commentCols+`, a.headline, COALESCE(a.section_id, 0), a.slug
		FROM comments c JOIN articles a ON a.id = c.article_id`+where+order+" LIMIT ?", append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("store: comments: %w", err)
	}
	defer rows.Close()
	var out []comment.Comment
	for rows.Next() {
		var c comment.Comment
		var headline, slug string
		var section int64
		if c, err = scanComment(rows, &headline, &section, &slug); err != nil {
			return nil, err
		}
		c.ArticleHeadline, c.ArticleSectionID, c.ArticleSlug = headline, section, slug
		out = append(out, c)
	}
	return out, rows.Err()
}

// CountComments counts the comments a filter selects (its cursor ignored).
func (s *Store) CountComments(ctx context.Context, f comment.Filter) (int, error) {
	f.BeforeTime, f.BeforeID, f.AfterTime, f.AfterID = time.Time{}, 0, time.Time{}, 0
	where, args := commentWhere(f)
	var n int
	err := s.row(ctx, "SELECT COUNT(*) FROM comments c"+where, args...).Scan(&n)
	return n, err
}

// HasApprovedComment reports whether an account (or, without one, an email
// address) has had a comment approved.
func (s *Store) HasApprovedComment(ctx context.Context, userID int64, email string) (bool, error) {
	q, arg := "user_id = ?", any(userID)
	if userID == 0 {
		if email == "" {
			return false, nil
		}
		q, arg = "author_email = ? AND user_id IS NULL", email
	}
	var n int
	err := s.row(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM comments WHERE status = 'approved' AND "+q+" LIMIT 1) x", arg).Scan(&n)
	return n > 0, err
}

// DuplicateComment reports whether the same text was sent since then by the
// same account, email or address, or to the same article by anyone.
func (s *Store) DuplicateComment(ctx context.Context, c comment.Comment, since time.Time) (bool, error) {
	conds := []string{"article_id = ?"}
	args := []any{c.BodyHash, micro(since), c.ArticleID}
	if c.UserID != 0 {
		conds, args = append(conds, "user_id = ?"), append(args, c.UserID)
	}
	if c.Email != "" {
		conds, args = append(conds, "author_email = ?"), append(args, c.Email)
	}
	if c.IPHash != "" {
		conds, args = append(conds, "ip_hash = ?"), append(args, c.IPHash)
	}
	var n int
	err := s.row(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM comments WHERE body_hash = ? AND created_at >= ? AND status <> 'deleted' AND ("+
		strings.Join(conds, " OR ")+") LIMIT 1) x", args...).Scan(&n)
	return n > 0, err
}

// Banned reports whether an account or email address is banned from commenting.
func (s *Store) Banned(ctx context.Context, userID int64, email string) (bool, error) {
	var n int
	// A banned account's address is banned too: signing out and commenting
	// as a guest with it changes nothing; nor does closing the account or
	// moving it to another address (the ban keeps the address it had).
	err := s.row(ctx, `SELECT COUNT(*) FROM comment_bans WHERE (kind = 'account' AND (value = ? OR (email <> '' AND email = ?))) OR (kind = 'email' AND value = ?)
		OR (kind = 'account' AND value IN (SELECT CAST(id AS TEXT) FROM users WHERE email = ?))`,
		strconv.FormatInt(userID, 10), email, email, email).Scan(&n)
	return n > 0, err
}

// AddBan records a ban; banning twice keeps the first. A ban on an account
// keeps the account's address too (Email), read in the same statement.
func (s *Store) AddBan(ctx context.Context, b *comment.Ban) error {
	if b.Kind == comment.BanAccount {
		err := s.w.QueryRowContext(ctx, s.d.rebind(`INSERT INTO comment_bans (kind, value, email, reason, created_by, created_at)
		VALUES (?, ?, COALESCE((SELECT email FROM users WHERE CAST(id AS TEXT) = ?), ''), ?, ?, ?)
		ON CONFLICT (kind, value) DO UPDATE SET email = comment_bans.email RETURNING email`),
			b.Kind, b.Value, b.Value, b.Reason, nullID(b.CreatedBy), micro(b.CreatedAt)).Scan(&b.Email)
		return err
	}
	_, err := s.exec(ctx, `INSERT INTO comment_bans (kind, value, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (kind, value) DO NOTHING`, b.Kind, b.Value, b.Reason, nullID(b.CreatedBy), micro(b.CreatedAt))
	return err
}

// Bans lists the bans, newest first.
func (s *Store) Bans(ctx context.Context) ([]comment.Ban, error) {
	rows, err := s.query(ctx, "SELECT id, kind, value, email, reason, COALESCE(created_by, 0), created_at FROM comment_bans ORDER BY id DESC")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []comment.Ban
	for rows.Next() {
		var b comment.Ban
		var at sql.NullInt64
		if err := rows.Scan(&b.ID, &b.Kind, &b.Value, &b.Email, &b.Reason, &b.CreatedBy, &at); err != nil {
			return nil, err
		}
		b.CreatedAt = fromMicro(at)
		out = append(out, b)
	}
	return out, rows.Err()
}

// DeleteBan lifts a ban.
func (s *Store) DeleteBan(ctx context.Context, id int64) error {
	return deleted(s.exec(ctx, "DELETE FROM comment_bans WHERE id = ?", id))(comment.ErrNotFound)
}

// ModerateComments moves comments to a status and recounts their articles in
// one transaction; Deleted also removes their text and the guest's address.
// It returns the comments as they were before.
func (s *Store) ModerateComments(ctx context.Context, ids []int64, to comment.Status, by int64, at time.Time) ([]comment.Comment, error) {
	var before []comment.Comment
	err := s.WithTx(ctx, func(tx *Tx) error {
		in, args := inList(ids)
		rows, err := tx.query(ctx, "SELECT "+commentCols+" FROM comments c WHERE c.id IN ("+in+") ORDER BY c.id", args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			c, err := scanComment(rows)
			if err != nil {
				rows.Close()
				return err
			}
			before = append(before, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(before) != len(ids) {
			return fmt.Errorf("store: moderate: %d of %d comments exist: %w", len(before), len(ids), comment.ErrNotFound)
		}
		// Deleting is final: the text is gone, so nothing can be shown again.
		for _, c := range before {
			if c.Status == comment.Deleted && to != comment.Deleted {
				return apperr.FieldError("ids", fmt.Sprintf("Comment %d was deleted and its text is gone: a deleted comment stays deleted.", c.ID))
			}
		}
		set, where := "status = ?, moderated_by = ?, moderated_at = ?", ""
		if to == comment.Deleted {
			set += ", body = '', body_hash = '', author_email = ''"
		} else {
			// PostgreSQL reads the rows again here if another moderator
			// changed them since the SELECT: one deleted in the meantime
			// stays deleted.
			where = " AND status <> 'deleted'"
		}
		res, err := tx.exec(ctx, "UPDATE comments SET "+set+" WHERE id IN ("+in+")"+where, append([]any{string(to), nullID(by), micro(at)}, args...)...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != int64(len(ids)) {
			return apperr.FieldError("ids", "A comment among these was deleted in the meantime (a deleted comment stays deleted), or is gone with its article. Nothing was changed.")
		}
		var articles []int64
		for _, c := range before {
			articles = append(articles, c.ArticleID)
			if c.Status == comment.Approved || to == comment.Approved {
				tx.purge(cachekey.Comments(c.ArticleID))
			}
		}
		return recount(ctx, tx, articles)
	})
	return before, err
}

// EditComment changes a comment's text; a deleted comment has none to change,
// even if it was deleted a moment ago.
func (s *Store) EditComment(ctx context.Context, id int64, body, hash string, by int64, at time.Time) error {
	err := s.WithTx(ctx, func(tx *Tx) error {
		var articleID int64
		var status string
		if err := tx.row(ctx, "SELECT article_id, status FROM comments WHERE id = ?", id).Scan(&articleID, &status); err != nil {
			return notFound(err, comment.ErrNotFound)
		}
		if status == string(comment.Approved) {
			tx.purge(cachekey.Comments(articleID))
		}
		return deleted(tx.exec(ctx, "UPDATE comments SET body = ?, body_hash = ?, edited_at = ?, moderated_by = ?, moderated_at = ? WHERE id = ? AND status <> 'deleted'",
			body, hash, micro(at), nullID(by), micro(at), id))(comment.ErrNotFound)
	})
	if errors.Is(err, comment.ErrNotFound) {
		if c, cerr := s.Comment(ctx, id); cerr == nil && c.Status == comment.Deleted {
			return apperr.FieldError("body", "A deleted comment cannot be edited.")
		}
	}
	return err
}

// SetCommentsClosed closes or reopens an article's comments.
func (s *Store) SetCommentsClosed(ctx context.Context, articleID int64, closed bool) error {
	return s.WithTx(ctx, func(tx *Tx) error {
		tx.purge(cachekey.Comments(articleID))
		return deleted(tx.exec(ctx, "UPDATE articles SET comments_closed = ? WHERE id = ?", boolInt(closed), articleID))(comment.ErrNotFound)
	})
}

// commentArticles lists the articles whose comments match a condition.
func commentArticles(ctx context.Context, tx *Tx, cond string, args ...any) ([]int64, error) {
	return queryIDs(ctx, tx, "SELECT DISTINCT article_id FROM comments WHERE "+cond, args...)
}

// recount sets articles' comment counts from their approved comments, so a
// count is exact after every change, whatever happened before.
func recount(ctx context.Context, tx *Tx, articleIDs []int64) error {
	seen := map[int64]bool{}
	for _, id := range articleIDs {
		if seen[id] {
			continue
		}
		seen[id] = true
		if _, err := tx.exec(ctx, `UPDATE articles SET comment_count = (SELECT COUNT(*) FROM comments
			WHERE article_id = ? AND status = 'approved') WHERE id = ?`, id, id); err != nil {
			return fmt.Errorf("store: recount comments of article %d: %w", id, err)
		}
	}
	return nil
}
