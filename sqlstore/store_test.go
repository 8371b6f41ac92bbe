package sqlstore

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// TestOpenRefusesNewerSchema opens a database whose goose version is above the schema's last
// migration: Open must fail, saying so, rather than run against tables it does not know.
func TestOpenRefusesNewerSchema(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := opener(dsn)(t)
		if _, err := s.db.ExecContext(ctx, s.d.rebind(`INSERT INTO goose_db_version (version_id, is_applied) VALUES (?, ?)`), 20, true); err != nil {
			t.Fatal(err)
		}
		// Each dialect counts its own migrations (migrate.go): this Clientele's version is its last.
		last := map[string]int{"sqlite": 1, "postgres": 2}[s.d.name()]
		want := fmt.Sprintf("The database's schema version (20) is newer than this Clientele's (%d); open it with the Clientele that made it.", last)
		_, err := Open(ctx, dsn)
		if err == nil || err.Error() != want || customer.ErrorCodeOf(err) != customer.EInvalid {
			t.Errorf("Open = %v (%s); want EInvalid %q", err, customer.ErrorCodeOf(err), want)
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
	pg := postgresDialect{}
	lite := newSQLiteDialect()
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
