// Package dbtest gives tests throwaway databases: a SQLite file in the test's temp folder, and a
// fresh PostgreSQL database created on the server named by $CLIENTELE_TEST_POSTGRES and dropped
// when the test ends. Every test that touches a store runs on both, through Each.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// DefaultPostgres is the local server the tests use when $CLIENTELE_TEST_POSTGRES is unset.
const DefaultPostgres = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// SQLite returns the path of a new SQLite database file for the test.
func SQLite(t testing.TB) string {
	return filepath.Join(t.TempDir(), "clientele.db")
}

// Postgres returns the URL of a new, empty PostgreSQL database for the test, dropped at its end.
// When the server is unreachable the test is skipped — unless $CLIENTELE_REQUIRE_POSTGRES is 1
// (CI sets it), where a missing server fails the test instead of passing it silently.
func Postgres(t testing.TB) string {
	t.Helper()
	base := os.Getenv("CLIENTELE_TEST_POSTGRES")
	if base == "" {
		base = DefaultPostgres
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	admin, err := sql.Open("pgx", base)
	if err == nil {
		err = admin.PingContext(ctx)
	}
	if err != nil {
		if os.Getenv("CLIENTELE_REQUIRE_POSTGRES") == "1" {
			t.Fatalf("PostgreSQL at %s: %v", base, err)
		}
		t.Skipf("PostgreSQL not reachable at %s (%v); set CLIENTELE_REQUIRE_POSTGRES=1 to fail instead", base, err)
	}
	var b [6]byte
	rand.Read(b[:])
	name := "clientele_test_" + hex.EncodeToString(b[:])
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Logf("drop test database %s: %v", name, err)
		}
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", base, err)
	}
	u.Path = "/" + name
	return u.String()
}

// Each runs fn as a subtest on SQLite and on PostgreSQL, each with its own new database.
func Each(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}
