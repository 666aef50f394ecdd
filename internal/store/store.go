// Package store is the SQL implementation of the domain packages' storage
// interfaces, on embedded SQLite or on PostgreSQL. SQL is written once, with ?
// placeholders and the subset both engines share; the few real differences live
// in dialect.go. It imports domain packages, never web.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"
)

//go:embed migrations
var migrations embed.FS

// Store holds the connection pools. For SQLite, writes go through a pool of one
// connection (SQLite has one writer at a time) and reads through a wider pool.
type Store struct {
	r, w *sql.DB
	d    dialect
	hook purgeHook
}

// Options choose the engine: a PostgreSQL URL, or a folder for SQLite.
type Options struct {
	PostgresURL string
	SQLitePath  string // file path of the SQLite database
}

// Open connects and applies migrations.
func Open(ctx context.Context, o Options) (*Store, error) {
	var s *Store
	var err error
	if o.PostgresURL != "" {
		s, err = openPostgres(o.PostgresURL)
	} else {
		s, err = openSQLite(o.SQLitePath)
	}
	if err != nil {
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func openSQLite(path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	// WAL lets readers run while one writer writes; busy_timeout makes a second
	// process (a shell command beside a running server) wait instead of failing.
	// The path is part of a file: URI, where "?" and "#" would end it early.
	dsn := "file:" + strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path) + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	w, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	w.SetMaxOpenConns(1)
	r, err := sql.Open("sqlite", dsn+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	r.SetMaxOpenConns(max(4, runtime.NumCPU()*2))
	r.SetConnMaxIdleTime(5 * time.Minute)
	return &Store{r: r, w: w, d: sqliteDialect}, nil
}

func openPostgres(url string) (*Store, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	// Idle connections are kept as many as may be open: database/sql's
	// default of two made every query under load open a new connection
	// (40 pages a second instead of 300).
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(20)
	db.SetConnMaxIdleTime(5 * time.Minute)
	return &Store{r: db, w: db, d: postgresDialect}, nil
}

// Close closes the pools.
func (s *Store) Close() error {
	err := s.w.Close()
	if s.r != s.w {
		err = errors.Join(err, s.r.Close())
	}
	return err
}

// Engine names the engine: "sqlite" or "postgres".
func (s *Store) Engine() string { return s.d.name }

// Ping checks that the database answers a query.
func (s *Store) Ping(ctx context.Context) error {
	var n int
	return s.r.QueryRowContext(ctx, "SELECT 1").Scan(&n)
}

// SchemaVersion returns the highest applied migration.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v sql.NullInt64
	err := s.r.QueryRowContext(ctx, "SELECT MAX(version) FROM schema_migrations").Scan(&v)
	return int(v.Int64), err
}

type migration struct {
	version int
	name    string
	sql     string
}

func loadMigrations(engine string) ([]migration, error) {
	dir := "migrations/" + engine
	entries, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("store: migration %s: name must be NNNN_what.sql", e.Name())
		}
		b, err := migrations.ReadFile(dir + "/" + e.Name())
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{v, e.Name(), string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// migrate applies what is missing, each migration in its own transaction, and
// refuses to run on a schema newer than this binary knows.
func (s *Store) migrate(ctx context.Context) error {
	ms, err := loadMigrations(s.d.name)
	if err != nil {
		return err
	}
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	defer conn.Close()
	unlock, err := s.d.lockMigrations(ctx, conn)
	if err != nil {
		return fmt.Errorf("store: migrate: lock: %w", err)
	}
	defer unlock()
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	var cur sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT MAX(version) FROM schema_migrations").Scan(&cur); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	if last := ms[len(ms)-1].version; int(cur.Int64) > last {
		return fmt.Errorf("store: the database schema is version %d, newer than this program (%d): upgrade Broadsheet", cur.Int64, last)
	}
	for _, m := range ms {
		if m.version <= int(cur.Int64) {
			continue
		}
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			tx.Rollback()
			return fmt.Errorf("store: migration %s: %w", m.name, err)
		}
		if _, err := tx.ExecContext(ctx, s.d.rebind("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)"), m.version, micro(time.Now())); err != nil {
			tx.Rollback()
			return fmt.Errorf("store: migration %s: %w", m.name, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("store: migration %s: %w", m.name, err)
		}
	}
	return nil
}

// Tx is a write transaction with the store's placeholder rebinding.
type Tx struct {
	tx    *sql.Tx
	d     dialect
	keys  []string             // page cache keys the change touches (purge)
	stmts map[string]*sql.Stmt // prepared once for a loop (execPrepared)
}

// insertPrepared runs an INSERT ... RETURNING id through a statement
// prepared once for the transaction.
func (t *Tx) insertPrepared(ctx context.Context, q string, args ...any) (int64, error) {
	q += " RETURNING id"
	st, err := t.prepared(ctx, q)
	if err != nil {
		return 0, err
	}
	var id int64
	err = st.QueryRowContext(ctx, args...).Scan(&id)
	return id, err
}

func (t *Tx) prepared(ctx context.Context, q string) (*sql.Stmt, error) {
	st := t.stmts[q]
	if st == nil {
		var err error
		if st, err = t.tx.PrepareContext(ctx, t.d.rebind(q)); err != nil {
			return nil, err
		}
		if t.stmts == nil {
			t.stmts = map[string]*sql.Stmt{}
		}
		t.stmts[q] = st
	}
	return st, nil
}

// execPrepared runs q through a statement prepared once for the
// transaction: for loops that write many rows.
func (t *Tx) execPrepared(ctx context.Context, q string, args ...any) (sql.Result, error) {
	st, err := t.prepared(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (t *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, t.d.rebind(q), args...)
}
func (t *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, t.d.rebind(q), args...)
}
func (t *Tx) row(ctx context.Context, q string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, t.d.rebind(q), args...)
}

// WithTx runs fn in a write transaction, committing if it returns nil.
func (s *Store) WithTx(ctx context.Context, fn func(tx *Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	t := &Tx{tx: tx, d: s.d}
	if err := fn(t); err != nil {
		tx.Rollback()
		return err
	}
	var p Purge
	if len(t.keys) > 0 {
		if p, err = t.recordPurge(ctx); err != nil {
			tx.Rollback()
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	if p.ID != 0 {
		s.hook.mu.RLock()
		fn := s.hook.fn
		s.hook.mu.RUnlock()
		if fn != nil {
			fn(p)
		}
	}
	return nil
}

func (s *Store) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return s.w.ExecContext(ctx, s.d.rebind(q), args...)
}
func (s *Store) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return s.r.QueryContext(ctx, s.d.rebind(q), args...)
}
func (s *Store) row(ctx context.Context, q string, args ...any) *sql.Row {
	return s.r.QueryRowContext(ctx, s.d.rebind(q), args...)
}

// insert runs an INSERT ... RETURNING id.
func insertID(ctx context.Context, row func(context.Context, string, ...any) *sql.Row, q string, args ...any) (int64, error) {
	var id int64
	err := row(ctx, q+" RETURNING id", args...).Scan(&id)
	return id, err
}

// micro is the stored form of a time; the zero time is NULL.
func micro(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMicro()
}

func fromMicro(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.UnixMicro(v.Int64).UTC()
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// placeholders returns "?, ?, ?" and the args for an IN list.
func inList[T any](vals []T) (string, []any) {
	args := make([]any, len(vals))
	for i, v := range vals {
		args[i] = v
	}
	return strings.TrimSuffix(strings.Repeat("?, ", len(vals)), ", "), args
}

// deleted turns a DELETE's result into kind when no row was there.
func deleted(res sql.Result, err error) func(kind error) error {
	return func(kind error) error {
		if err != nil {
			return err
		}
		if n, rerr := res.RowsAffected(); rerr == nil && n == 0 {
			return kind
		}
		return nil
	}
}

func notFound(err error, kind error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return kind
	}
	return err
}

// likeEscape escapes LIKE's wildcards; queries say ESCAPE '\'.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s)
}
