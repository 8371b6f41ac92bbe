package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// TestSQLite runs the store contract against a SQLite file.
func TestSQLite(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "clientele.db")
	runContract(t, opener(dsn))
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

// TestPostgres runs the store contract against a throwaway PostgreSQL database, created on the
// server named by CLIENTELE_TEST_POSTGRES and dropped afterwards. Without a reachable server the
// test is skipped, unless CLIENTELE_REQUIRE_POSTGRES=1 (as in CI), where it fails.
func TestPostgres(t *testing.T) {
	admin := os.Getenv("CLIENTELE_TEST_POSTGRES")
	if admin == "" {
		admin = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	}
	db, err := sql.Open("pgx", admin)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = db.PingContext(ctx)
		cancel()
	}
	if err != nil {
		if os.Getenv("CLIENTELE_REQUIRE_POSTGRES") == "1" {
			t.Fatalf("PostgreSQL at %s: %v", admin, err)
		}
		t.Skipf("PostgreSQL not reachable at %s (set CLIENTELE_TEST_POSTGRES): %v", admin, err)
	}
	t.Cleanup(func() { db.Close() })

	var b [6]byte
	rand.Read(b[:])
	name := "clientele_test_" + hex.EncodeToString(b[:])
	if _, err := db.Exec(`CREATE DATABASE ` + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := db.Exec(`DROP DATABASE ` + name + ` WITH (FORCE)`); err != nil {
			t.Errorf("drop test database: %v", err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	runContract(t, opener(u.String()))
}

// opener returns a function that opens the test database, closing it when the test ends.
func opener(dsn string) func(t *testing.T) *Store {
	return func(t *testing.T) *Store {
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
