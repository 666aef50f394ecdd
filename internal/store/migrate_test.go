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
	for _, cols := range out {
		slices.Sort(cols)
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
