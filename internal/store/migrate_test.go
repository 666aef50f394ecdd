package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"broadsheet/internal/store"
	"broadsheet/internal/storetest"
)

// migrationNumbers reads the numbers of the migration files of one engine.
func migrationNumbers(t *testing.T, engine string) []int {
	t.Helper()
	entries, err := os.ReadDir("migrations/" + engine)
	if err != nil {
		t.Fatal(err)
	}
	var nums []int
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		n, err := strconv.Atoi(num)
		if !ok || err != nil || len(num) != 4 || !strings.HasSuffix(e.Name(), ".sql") {
			t.Errorf("%s/%s: name must be NNNN_what.sql", engine, e.Name())
			continue
		}
		nums = append(nums, n)
	}
	slices.Sort(nums)
	return nums
}

func TestMigrationNumbersMatch(t *testing.T) {
	t.Parallel()
	lite, pg := migrationNumbers(t, "sqlite"), migrationNumbers(t, "postgres")
	if len(lite) == 0 {
		t.Fatal("no migrations")
	}
	if !slices.Equal(lite, pg) {
		t.Errorf("migration numbers differ:\nsqlite   %v\npostgres %v", lite, pg)
	}
	for i, n := range lite {
		if n != i+1 {
			t.Errorf("migrations %v: want 1, 2, 3, ... without gaps or repeats", lite)
			break
		}
	}
}

// columns describes the migrated schema: table -> sorted "column" or
// "column NOT NULL" entries. SQLite reports a primary key column as nullable
// (and PostgreSQL never does), so keys are left out of the NOT NULL comparison.
func columns(t *testing.T, engine string, db *sql.DB) map[string][]string {
	t.Helper()
	q := `SELECT m.name, p.name, p."notnull" = 1 AND p.pk = 0 FROM sqlite_master m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`
	if engine == "postgres" {
		q = `SELECT c.table_name, c.column_name, c.is_nullable = 'NO' AND NOT EXISTS (
				SELECT 1 FROM information_schema.key_column_usage k JOIN information_schema.table_constraints tc
				ON tc.constraint_name = k.constraint_name AND tc.table_schema = k.table_schema
				WHERE tc.constraint_type = 'PRIMARY KEY' AND k.table_schema = c.table_schema
				AND k.table_name = c.table_name AND k.column_name = c.column_name)
			FROM information_schema.columns c WHERE c.table_schema = current_schema()`
	}
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", engine, err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var table, col string
		var notNull bool
		if err := rows.Scan(&table, &col, &notNull); err != nil {
			t.Fatal(err)
		}
		if notNull {
			col += " NOT NULL"
		}
		out[table] = append(out[table], col)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for table, cols := range out {
		slices.Sort(cols)
		// The full-text index is the one place the engines differ by design
		// (FTS5 virtual tables and their shadow tables; a tsvector table):
		// its parity is its tests' results, the same on both.
		if strings.HasPrefix(table, "article_search") || strings.HasPrefix(table, "article_words") {
			delete(out, table)
		}
	}
	return out
}

func TestSchemaParity(t *testing.T) {
	t.Parallel()
	schemas := map[string]map[string][]string{}
	storetest.EachOptions(t, func(t *testing.T, o store.Options) {
		s := storetest.Open(t, o)
		schemas[s.Engine()] = columns(t, s.Engine(), storetest.DB(t, o))
	})
	lite, pg := schemas["sqlite"], schemas["postgres"]
	if lite == nil || pg == nil {
		return // an engine was skipped (or failed and said so)
	}
	if len(lite) < 10 {
		t.Errorf("sqlite has only %d tables: %v", len(lite), lite)
	}
	for table, cols := range lite {
		if other, ok := pg[table]; !ok {
			t.Errorf("table %s: only in sqlite", table)
		} else if !slices.Equal(cols, other) {
			t.Errorf("table %s differs:\nsqlite   %v\npostgres %v", table, cols, other)
		}
	}
	for table := range pg {
		if _, ok := lite[table]; !ok {
			t.Errorf("table %s: only in postgres", table)
		}
	}
}

func TestReopen(t *testing.T) {
	t.Parallel()
	latest := slices.Max(migrationNumbers(t, "sqlite"))
	storetest.EachOptions(t, func(t *testing.T, o store.Options) {
		ctx := context.Background()
		s, err := store.Open(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		if v, err := s.SchemaVersion(ctx); err != nil || v != latest {
			t.Errorf("schema version %d, %v; want %d", v, err, latest)
		}
		u := mkUser(t, s, "kept@example.com", "admin")
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}

		// A second open finds everything applied and keeps the data.
		s = storetest.Open(t, o)
		if v, err := s.SchemaVersion(ctx); err != nil || v != latest {
			t.Errorf("reopened: schema version %d, %v; want %d", v, err, latest)
		}
		if got, err := s.User(ctx, u.ID); err != nil || got.Email != u.Email {
			t.Errorf("reopened: user %+v, %v", got, err)
		}
		var n int
		if err := storetest.DB(t, o).QueryRow("SELECT COUNT(*) FROM schema_migrations").Scan(&n); err != nil || n != latest {
			t.Errorf("schema_migrations has %d rows, %v; want %d (each applied once)", n, err, latest)
		}
	})
}

func TestRefusesNewerSchema(t *testing.T) {
	t.Parallel()
	storetest.EachOptions(t, func(t *testing.T, o store.Options) {
		ctx := context.Background()
		s, err := store.Open(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		db := storetest.DB(t, o)
		if _, err := db.Exec(fmt.Sprintf("INSERT INTO schema_migrations (version, applied_at) VALUES (%d, 0)", 999_999)); err != nil {
			t.Fatal(err)
		}
		s, err = store.Open(ctx, o)
		if err == nil {
			s.Close()
			t.Fatal("opened a database whose schema is newer than the program")
		}
		if !strings.Contains(err.Error(), "999999") || !strings.Contains(err.Error(), "newer") {
			t.Errorf("error %q; want it to name the version and say it is newer", err)
		}
		// Nothing was changed on the way.
		var n int
		if err := db.QueryRow("SELECT COUNT(*) FROM schema_migrations WHERE version = 999999").Scan(&n); err != nil || n != 1 {
			t.Errorf("newer version row: %d, %v", n, err)
		}
	})
}

// TestBanAddressBackfill runs the data changes of migration 3 on rows as they
// were before it: an account ban gets the account's address, and a mailed
// provider link from before is voided.
func TestBanAddressBackfill(t *testing.T) {
	t.Parallel()
	storetest.EachOptions(t, func(t *testing.T, o store.Options) {
		s := storetest.Open(t, o)
		db := storetest.DB(t, o)
		u := mkUser(t, s, "old-ban@example.com", "reader")
		for _, q := range []string{
			fmt.Sprintf("INSERT INTO comment_bans (kind, value, reason, created_at) VALUES ('account', '%d', 'old', 1)", u.ID),
			"INSERT INTO comment_bans (kind, value, reason, created_at) VALUES ('account', '999999', 'gone', 1)",
			"INSERT INTO comment_bans (kind, value, reason, created_at) VALUES ('email', 'guest@example.com', 'spam', 1)",
			"INSERT INTO user_tokens (hash, kind, email, data, created_at, expires_at) VALUES ('h-link', 'link', 'a@example.com', '{}', 1, 9999999999999999)",
			"INSERT INTO user_tokens (hash, kind, email, data, created_at, expires_at) VALUES ('h-reset', 'reset', 'a@example.com', '{}', 1, 9999999999999999)",
		} {
			if _, err := db.Exec(q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		raw, err := os.ReadFile("migrations/" + s.Engine() + "/0003_bans_links.sql")
		if err != nil {
			t.Fatal(err)
		}
		var code []string
		for _, line := range strings.Split(string(raw), "\n") {
			if !strings.HasPrefix(strings.TrimSpace(line), "--") {
				code = append(code, line)
			}
		}
		ran := 0
		for _, stmt := range strings.Split(strings.Join(code, "\n"), ";") {
			if stmt = strings.TrimSpace(stmt); strings.HasPrefix(stmt, "UPDATE") || strings.HasPrefix(stmt, "DELETE") {
				if _, err := db.Exec(stmt); err != nil {
					t.Fatalf("%s: %v", stmt, err)
				}
				ran++
			}
		}
		if ran != 2 {
			t.Fatalf("ran %d data statements of migration 3; want 2", ran)
		}
		got := map[string]string{}
		rows, err := db.Query("SELECT value, email FROM comment_bans")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var v, e string
			if err := rows.Scan(&v, &e); err != nil {
				t.Fatal(err)
			}
			got[v] = e
		}
		want := map[string]string{strconv.FormatInt(u.ID, 10): "old-ban@example.com", "999999": "", "guest@example.com": ""}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("bans after the back-fill: %v; want %v", got, want)
		}
		var links, resets int
		if err := db.QueryRow("SELECT COUNT(*) FILTER (WHERE kind = 'link'), COUNT(*) FILTER (WHERE kind = 'reset') FROM user_tokens").Scan(&links, &resets); err != nil {
			t.Fatal(err)
		}
		if links != 0 || resets != 1 {
			t.Errorf("after migration 3: %d mailed links (want 0), %d resets (want 1)", links, resets)
		}
	})
}
