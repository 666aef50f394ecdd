package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
)

// dialect is the one seam where SQLite and PostgreSQL differ.
type dialect struct {
	name string
	// rebind turns ? placeholders into the engine's own.
	rebind func(q string) string
	// lockMigrations keeps two processes from migrating at once.
	lockMigrations func(ctx context.Context, c *sql.Conn) (func(), error)
	// lockTable keeps other writers of a table out until tx ends, for a check
	// followed by a write that must not interleave with another.
	lockTable func(ctx context.Context, tx *sql.Tx, table string) error
	// lockKey keeps other transactions that lock the same key waiting until
	// tx ends: finer than lockTable, for a check and a write about one key.
	lockKey func(ctx context.Context, tx *sql.Tx, key string) error
	// rowID is the engine's hidden column that names one row of a table
	// without a key of its own.
	rowID string
}

var sqliteDialect = dialect{
	name:   "sqlite",
	rebind: func(q string) string { return q },
	// SQLite: the single write connection and busy_timeout already serialise
	// migrations within a process; between processes each migration's
	// transaction takes the write lock.
	lockMigrations: func(context.Context, *sql.Conn) (func(), error) { return func() {}, nil },
	// Write transactions begin IMMEDIATE (_txlock in the DSN): each already
	// holds the database's one write lock.
	lockTable: func(context.Context, *sql.Tx, string) error { return nil },
	lockKey:   func(context.Context, *sql.Tx, string) error { return nil },
	rowID:     "rowid",
}

var postgresDialect = dialect{
	name: "postgres",
	rebind: func(q string) string {
		if !strings.Contains(q, "?") {
			return q
		}
		var b strings.Builder
		n := 0
		for _, r := range q {
			if r == '?' {
				n++
				b.WriteString("$" + strconv.Itoa(n))
				continue
			}
			b.WriteRune(r)
		}
		return b.String()
	},
	// Several instances behind a load balancer may start together.
	lockMigrations: func(ctx context.Context, c *sql.Conn) (func(), error) {
		const key = 7_460_523_301 // "broadsheet migrations"
		if _, err := c.ExecContext(ctx, "SELECT pg_advisory_lock($1)", key); err != nil {
			return nil, err
		}
		return func() { c.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1)", key) }, nil
	},
	// SHARE ROW EXCLUSIVE conflicts with itself and with writers, not with readers.
	lockTable: func(ctx context.Context, tx *sql.Tx, table string) error {
		_, err := tx.ExecContext(ctx, "LOCK TABLE "+table+" IN SHARE ROW EXCLUSIVE MODE")
		return err
	},
	lockKey: func(ctx context.Context, tx *sql.Tx, key string) error {
		_, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", key)
		return err
	},
	rowID: "ctid",
}

// isUnique reports a unique-constraint violation in either engine.
func isUnique(err error) bool {
	if err == nil {
		return false
	}
	m := err.Error()
	return strings.Contains(m, "UNIQUE constraint failed") || strings.Contains(m, "SQLSTATE 23505")
}
