package sqlstore

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// TestUpgradeFromVersion2 migrates a database made by the first release, with a customer and an
// import in it, to the current schema: the new import columns get their defaults (updated_at
// from created_at), and the Go migration fills the search text of the stored customer.
func TestUpgradeFromVersion2(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db, d := migratedTo(t, dsn, 2)
		created := time.Date(2025, 5, 6, 7, 8, 9, 0, time.UTC)
		for _, stmt := range []string{
			`INSERT INTO tenants (id, slug, created_at) VALUES (1, 'old', ?)`,
			`INSERT INTO customers (tenant_id, account_number, first_name, last_name, city, created_at, updated_at)
				VALUES (1, 'C000001', 'ÅSE', 'BERG', 'ŁÓDŹ', ?, ?)`,
			`INSERT INTO imports (tenant_id, mode, state, created_at) VALUES (1, 'create', 'committed', ?)`,
		} {
			args := make([]any, strings.Count(stmt, "?"))
			for i := range args {
				args[i] = d.timeArg(created)
			}
			if _, err := db.ExecContext(ctx, d.rebind(stmt), args...); err != nil {
				t.Fatalf("%s: %v", stmt, err)
			}
		}

		s := opener(dsn)(t)
		tn, err := s.Tenant(ctx, "old")
		if err != nil {
			t.Fatal(err)
		}
		imps, total, err := s.Imports(ctx, tn.ID, 0, 0)
		if err != nil || total != 1 || imps[0].CreatedAt != created || imps[0].Progress != (customer.Progress{}) || imps[0].ConfirmKey != "" {
			t.Errorf("old import after the upgrade: %+v, %d, %v", imps, total, err)
		}
		var updated time.Time
		if err := s.db.QueryRowContext(ctx, `SELECT updated_at FROM imports`).Scan(timeDest{&updated}); err != nil || updated != created {
			t.Errorf("old import's updated_at = %v, %v; want its created_at %v", updated, err, created)
		}
		for _, q := range []string{"åse berg", "łódź", "c000001"} {
			if got, total, err := s.SearchCustomers(ctx, tn.ID, q, 0, 0); err != nil || total != 1 || len(got) != 1 {
				t.Errorf("SearchCustomers(%q) after the upgrade: %d found, %v; want the old customer", q, total, err)
			}
		}
	})
}

// TestSQLiteMemory checks that ":memory:" opens one database, not one per pooled connection.
func TestSQLiteMemory(t *testing.T) {
	ctx := context.Background()
	s := opener(":memory:")(t)
	tn, err := s.EnsureTenant(ctx, "default", "NO", "en")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if _, err := s.Tenant(ctx, tn.Slug); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
}

// opener returns a function that opens the test database, closing it when the test ends.
func opener(dsn string) func(t testing.TB) *Store {
	return func(t testing.TB) *Store {
		t.Helper()
		s, err := Open(context.Background(), dsn)
		if err != nil {
			t.Fatalf("Open(%q): %v", dsn, err)
		}
		t.Cleanup(func() {
			if err := s.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
		return s
	}
}

func TestRebind(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"none", `SELECT 1`, `SELECT 1`},
		{"several", `SELECT a FROM t WHERE a = ? AND b IN (?, ?)`, `SELECT a FROM t WHERE a = $1 AND b IN ($2, $3)`},
		{"quoted", `SELECT '?' , "a?" FROM t WHERE a = ?`, `SELECT '?' , "a?" FROM t WHERE a = $1`},
		{"cast", `VALUES (CAST(? AS BIGINT), ?)`, `VALUES (CAST($1 AS BIGINT), $2)`},
	}
	pg := dialect{name: DialectPostgres}
	lite := dialect{name: DialectSQLite}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := pg.rebind(tt.in); got != tt.want {
				t.Errorf("postgres rebind(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if got := lite.rebind(tt.in); got != tt.in {
				t.Errorf("sqlite rebind(%q) = %q, want it unchanged", tt.in, got)
			}
		})
	}
}

func TestSQLiteColumns(t *testing.T) {
	msg := "constraint failed: UNIQUE constraint failed: customers.tenant_id, customers.email_key (2067)"
	got := sqliteColumns(msg)
	if len(got) != 2 || got[0] != "customers.tenant_id" || got[1] != "customers.email_key" {
		t.Errorf("sqliteColumns(%q) = %q", msg, got)
	}
}

// migratedTo opens the test database dsn directly (not through Open, which would migrate it
// all the way) and migrates it to version, for tests of what later migrations do to old data.
// The database is closed when the test ends.
func migratedTo(t *testing.T, dsn string, version int64) (*sql.DB, dialect) {
	t.Helper()
	d, driver, source := dialect{name: DialectSQLite}, "sqlite", sqliteDSN(dsn)
	if strings.HasPrefix(dsn, "postgres") {
		d, driver, source = dialect{name: DialectPostgres}, "pgx", dsn
	}
	db, err := sql.Open(driver, source)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	p, err := migrations(db, d)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(context.Background(), version); err != nil {
		t.Fatal(err)
	}
	return db, d
}

// TestSQLiteSettings checks the settings every pooled SQLite connection gets (sqliteDSN), on a
// connection of a write and of a read.
func TestSQLiteSettings(t *testing.T) {
	ctx := context.Background()
	s := opener(filepath.Join(t.TempDir(), "settings.db"))(t)
	want := map[string]string{"foreign_keys": "1", "journal_mode": "wal", "synchronous": "1", "cache_size": "-2000", "busy_timeout": "10000"}
	for name, via := range map[string]func(context.Context, func(*queries) error) error{"write": s.write, "read": s.read} {
		err := via(ctx, func(q *queries) error {
			for pragma, v := range want {
				var got string
				if err := q.queryRow(ctx, `PRAGMA `+pragma).Scan(&got); err != nil {
					return err
				}
				if got != v {
					t.Errorf("%s: PRAGMA %s = %s, want %s", name, pragma, got, v)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
