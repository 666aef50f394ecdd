package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"broadsheet/internal/article"
)

// SendBack returns a submitted story to draft with an editor's note, in one
// transaction; a story not waiting for review is left alone.
func (s *Store) SendBack(ctx context.Context, id, userID int64, note string, at time.Time) error {
	return s.WithTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, "UPDATE articles SET status = ?, updated_at = ? WHERE id = ? AND status = ?",
			article.Draft, micro(at), id, article.Submitted)
		if err != nil {
			return fmt.Errorf("store: send back: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var status string
			if err := tx.row(ctx, "SELECT status FROM articles WHERE id = ?", id).Scan(&status); errors.Is(err, sql.ErrNoRows) {
				return article.ErrNotFound
			}
			return article.ErrNotSubmitted
		}
		_, err = tx.exec(ctx, "INSERT INTO article_returns (article_id, note, user_id, created_at) VALUES (?, ?, ?, ?)",
			id, note, nullID(userID), micro(at))
		return err
	})
}

// resolveReturns closes a story's open notes, as when it is submitted again.
func resolveReturns(ctx context.Context, tx *Tx, id int64, at time.Time) error {
	_, err := tx.exec(ctx, "UPDATE article_returns SET resolved_at = ? WHERE article_id = ? AND resolved_at IS NULL", micro(at), id)
	return err
}

const returnCols = `SELECT r.article_id, a.headline, r.note, COALESCE(u.name, ''), r.created_at
	FROM article_returns r JOIN articles a ON a.id = r.article_id LEFT JOIN users u ON u.id = r.user_id
	WHERE r.resolved_at IS NULL`

func (s *Store) returns(ctx context.Context, q string, args ...any) ([]article.Return, error) {
	rows, err := s.query(ctx, returnCols+q+" ORDER BY r.created_at DESC, r.id DESC LIMIT 50", args...)
	if err != nil {
		return nil, fmt.Errorf("store: returns: %w", err)
	}
	defer rows.Close()
	var out []article.Return
	for rows.Next() {
		var r article.Return
		var at sql.NullInt64
		if err := rows.Scan(&r.ArticleID, &r.Headline, &r.Note, &r.By, &at); err != nil {
			return nil, err
		}
		r.At = fromMicro(at)
		out = append(out, r)
	}
	return out, rows.Err()
}

// OpenReturns are the notes still open on a story, newest first.
func (s *Store) OpenReturns(ctx context.Context, id int64) ([]article.Return, error) {
	return s.returns(ctx, " AND r.article_id = ?", id)
}

// ReturnsTo are the open notes on stories a user wrote, newest first.
func (s *Store) ReturnsTo(ctx context.Context, userID int64) ([]article.Return, error) {
	return s.returns(ctx, " AND a.created_by = ?", userID)
}
