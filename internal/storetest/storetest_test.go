package storetest

import (
	"context"
	"os"
	"runtime"
	"strings"
	"testing"

	"broadsheet/internal/store"
)

func TestWithSearchPath(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"postgres://u@h:5432/db", "postgres://u@h:5432/db?search_path=s1"},
		{"postgres://u@h:5432/db?sslmode=disable", "postgres://u@h:5432/db?search_path=s1&sslmode=disable"},
		{"postgresql://u:p%40ss@h/db?search_path=public", "postgresql://u:p%40ss@h/db?search_path=s1"},
		{"host=h dbname=db sslmode=disable", "host=h dbname=db sslmode=disable search_path=s1"},
	} {
		got, err := withSearchPath(tc.in, "s1")
		if err != nil || got != tc.want {
			t.Errorf("withSearchPath(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

// recorder stands in for a test to see whether the helper skips or fails; like
// the real methods, both stop the calling goroutine.
type recorder struct {
	testing.TB
	skipped, failed bool
}

func (r *recorder) Skipf(string, ...any)  { r.skipped = true; runtime.Goexit() }
func (r *recorder) Fatalf(string, ...any) { r.failed = true; runtime.Goexit() }

func TestPostgresWithoutURL(t *testing.T) {
	for _, tc := range []struct {
		ci                string
		wantSkip, wantErr bool
	}{
		{"", true, false},
		{"false", true, false},
		{"true", false, true},
		{"1", false, true},
	} {
		env := map[string]string{"CI": tc.ci}
		r := &recorder{TB: t}
		done := make(chan struct{})
		go func() {
			defer close(done)
			postgresOptions(r, func(k string) string { return env[k] })
			t.Errorf("CI=%q: postgresOptions returned without a URL", tc.ci)
		}()
		<-done
		if r.skipped != tc.wantSkip || r.failed != tc.wantErr {
			t.Errorf("CI=%q: skipped %v, failed %v; want %v, %v", tc.ci, r.skipped, r.failed, tc.wantSkip, tc.wantErr)
		}
	}
}

func TestSQLite(t *testing.T) {
	t.Parallel()
	s := SQLite(t)
	if s.Engine() != "sqlite" {
		t.Errorf("engine %q", s.Engine())
	}
	if v, err := s.SchemaVersion(context.Background()); err != nil || v < 1 {
		t.Errorf("schema version %d, %v; want migrated", v, err)
	}
}

// TestPostgresSchema checks that a test gets its own schema, that the store
// works in it, and that the schema is gone after the test.
func TestPostgresSchema(t *testing.T) {
	t.Parallel()
	if os.Getenv(PostgresURLEnv) == "" {
		Postgres(t) // skips, or fails in CI
	}
	admin := DB(t, store.Options{PostgresURL: os.Getenv(PostgresURLEnv)})
	var schema string
	t.Run("inside", func(t *testing.T) {
		o := PostgresOptions(t)
		s := Open(t, o)
		if s.Engine() != "postgres" {
			t.Errorf("engine %q", s.Engine())
		}
		if v, err := s.SchemaVersion(context.Background()); err != nil || v < 1 {
			t.Errorf("schema version %d, %v; want migrated", v, err)
		}
		if err := DB(t, o).QueryRow("SELECT current_schema()").Scan(&schema); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(schema, "bs_test_") {
			t.Fatalf("current schema %q, want bs_test_...", schema)
		}
		var n int
		if err := admin.QueryRow("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'articles'", schema).Scan(&n); err != nil || n != 1 {
			t.Errorf("articles table in %s: %d, %v", schema, n, err)
		}
	})
	var n int
	if err := admin.QueryRow("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = $1", schema).Scan(&n); err != nil || n != 0 {
		t.Errorf("schema %q after the test: %d, %v; want dropped", schema, n, err)
	}
}
