// Package storetest gives tests a fresh, migrated store on every engine: SQLite
// in a file under t.TempDir(), and PostgreSQL in a schema of its own on the
// server named by BROADSHEET_TEST_POSTGRES_URL. Only tests import it; it imports
// store and nothing above it.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/store" // also registers the "sqlite" and "pgx" drivers
)

// PostgresURLEnv names the variable that points tests at a PostgreSQL server,
// for example postgres://postgres@127.0.0.1:5432/test?sslmode=disable.
const PostgresURLEnv = "BROADSHEET_TEST_POSTGRES_URL"

// SQLite returns a migrated store on a new database file, closed on cleanup.
func SQLite(t testing.TB) *store.Store {
	t.Helper()
	return Open(t, SQLiteOptions(t))
}

// Postgres returns a migrated store in a new PostgreSQL schema that is dropped on
// cleanup. Without BROADSHEET_TEST_POSTGRES_URL it skips the test, except when CI
// is true: CI must never pass by skipping.
func Postgres(t testing.TB) *store.Store {
	t.Helper()
	return Open(t, PostgresOptions(t))
}

// Each runs fn on a fresh store of each engine, as subtests "sqlite" and
// "postgres".
func Each(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// EachOptions is Each for tests that open (and reopen) the store themselves: fn
// gets the options of a fresh, not yet migrated database of each engine.
func EachOptions(t *testing.T, fn func(t *testing.T, o store.Options)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLiteOptions(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, PostgresOptions(t)) })
}

// Open opens (and migrates) the store for o and closes it on cleanup.
func Open(t testing.TB, o store.Options) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), o)
	if err != nil {
		t.Fatalf("storetest: open %s: %v", engine(o), err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("storetest: close %s: %v", engine(o), err)
		}
	})
	return s
}

// SQLiteOptions names a database file in a new temporary folder.
func SQLiteOptions(t testing.TB) store.Options {
	return store.Options{SQLitePath: filepath.Join(t.TempDir(), "broadsheet.db")}
}

// PostgresOptions creates an empty schema, drops it (with everything in it) on
// cleanup, and returns options whose URL makes it the search path, so a test
// sees only its own tables. It skips or fails as Postgres does.
func PostgresOptions(t testing.TB) store.Options {
	t.Helper()
	return postgresOptions(t, os.Getenv)
}

func postgresOptions(t testing.TB, getenv func(string) string) store.Options {
	t.Helper()
	base := getenv(PostgresURLEnv)
	if base == "" {
		if ci, _ := strconv.ParseBool(getenv("CI")); ci {
			t.Fatalf("storetest: %s is not set; CI must run the PostgreSQL tests", PostgresURLEnv)
		}
		t.Skipf("storetest: set %s to run the PostgreSQL tests", PostgresURLEnv)
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("storetest: postgres: %v", err)
	}
	db.SetMaxOpenConns(1)
	schema := "bs_test_" + randomHex(8)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		db.Close()
		t.Fatalf("storetest: postgres: create schema: %v", err)
	}
	// Registered before the store's own cleanup, so it runs after the store is
	// closed. The test's context is already cancelled by then.
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := db.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("storetest: postgres: drop schema %s: %v", schema, err)
		}
		db.Close()
	})
	u, err := withSearchPath(base, schema)
	if err != nil {
		t.Fatalf("storetest: postgres: %v", err)
	}
	return store.Options{PostgresURL: u}
}

// withSearchPath adds search_path to a connection string; pgx sends parameters
// it does not know itself to the server as run-time parameters. Both forms pgx
// accepts work: a URL and keyword=value pairs.
func withSearchPath(conn, schema string) (string, error) {
	if !strings.Contains(conn, "://") {
		return strings.TrimSpace(conn) + " search_path=" + schema, nil
	}
	u, err := url.Parse(conn)
	if err != nil {
		return "", err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// DB opens a plain database/sql handle on the same database as o (and, for
// PostgreSQL, the same schema), for tests that look beneath the store. It is
// closed on cleanup.
func DB(t testing.TB, o store.Options) *sql.DB {
	t.Helper()
	driver, dsn := "pgx", o.PostgresURL
	if dsn == "" {
		driver, dsn = "sqlite", "file:"+strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(o.SQLitePath)+"?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatalf("storetest: open %s: %v", driver, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func engine(o store.Options) string {
	if o.PostgresURL != "" {
		return "postgres"
	}
	return "sqlite"
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never returns an error (Go 1.24+)
	return hex.EncodeToString(b)
}
