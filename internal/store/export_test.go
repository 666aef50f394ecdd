package store

import (
	"context"
	"strings"
	"time"

	"broadsheet/internal/article"
)

// ArticlesQuery exposes the statement Articles runs, for the query plan tests.
func ArticlesQuery(f article.Filter) (string, []any) { return articlesQuery(f) }

// Explain gives the plan of q on this engine, a line per step. On
// PostgreSQL sequential scans are switched off first, so a plan that still
// reads a whole table has no index it could use.
func (s *Store) Explain(ctx context.Context, q string, args ...any) ([]string, error) {
	conn, err := s.r.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	prefix := "EXPLAIN QUERY PLAN "
	if s.d.name == "postgres" {
		if _, err := conn.ExecContext(ctx, "SET enable_seqscan = off"); err != nil {
			return nil, err
		}
		defer conn.ExecContext(context.Background(), "RESET enable_seqscan")
		prefix = "EXPLAIN "
	}
	rows, err := conn.QueryContext(ctx, prefix+s.d.rebind(q), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		if line, ok := vals[len(vals)-1].(string); ok {
			out = append(out, strings.TrimSpace(line))
		} else if b, ok := vals[len(vals)-1].([]byte); ok {
			out = append(out, strings.TrimSpace(string(b)))
		}
	}
	return out, rows.Err()
}

// FillPurgeLog records n purges, a second apart up to now, in one
// transaction: a day's log for the plan of its reading.
func (s *Store) FillPurgeLog(ctx context.Context, n int) error {
	return s.WithTx(ctx, func(tx *Tx) error {
		now := time.Now()
		for i := range n {
			if _, err := tx.exec(ctx, "INSERT INTO cache_purges (keys, created_at) VALUES (?, ?)", "a1 lall", micro(now.Add(-time.Duration(n-i)*time.Second))); err != nil {
				return err
			}
		}
		return nil
	})
}
