package sqlstore

import (
	"context"
	"testing"
	"time"

	"github.com/clientele/clientele/internal/dbtest"
)

// TestLoginFailures is the store contract of the shared login rate limit: failures are counted
// per key within a window, seen by another Store (another server process) on the same database,
// cleared per key, and pruned once older than the window.
func TestLoginFailures(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, b := opener(dsn)(t), opener(dsn)(t)
		const window = 15 * time.Minute
		now := time.Now().UTC()
		count := func(s *Store, key string) int {
			t.Helper()
			n, err := s.LoginFailures(ctx, key, now.Add(-window))
			if err != nil {
				t.Fatalf("LoginFailures(%q): %v", key, err)
			}
			return n
		}
		add := func(s *Store, key string, at time.Time) {
			t.Helper()
			if err := s.AddLoginFailure(ctx, key, at, now.Add(-window)); err != nil {
				t.Fatalf("AddLoginFailure(%q): %v", key, err)
			}
		}
		const ola, kari = "10.0.0.1|ola@example.no", "10.0.0.1|kari@example.no"

		if n := count(a, ola); n != 0 {
			t.Fatalf("fresh database: %d failures", n)
		}
		for i := range 3 {
			add(a, ola, now.Add(time.Duration(i-3)*time.Minute))
		}
		add(b, ola, now)
		add(b, kari, now)
		if n := count(b, ola); n != 4 {
			t.Errorf("failures of %s seen by the other store: %d, want 4", ola, n)
		}
		if n := count(a, kari); n != 1 {
			t.Errorf("failures of %s: %d, want 1", kari, n)
		}
		// A failure at the window's start counts; one before it does not.
		if n, err := a.LoginFailures(ctx, ola, now.Add(-2*time.Minute)); err != nil || n != 3 {
			t.Errorf("failures since 2 minutes ago: %d, %v; want 3 (2 and 1 minute ago, and now)", n, err)
		}

		if err := b.ClearLoginFailures(ctx, ola); err != nil {
			t.Fatal(err)
		}
		if n := count(a, ola); n != 0 {
			t.Errorf("after clearing %s: %d failures", ola, n)
		}
		if n := count(a, kari); n != 1 {
			t.Errorf("clearing %s cleared %s too: %d failures left, want 1", ola, kari, n)
		}

		// An old failure is deleted by the next failure recorded, of any key.
		add(a, ola, now.Add(-time.Hour))
		if n, err := a.LoginFailures(ctx, ola, now.Add(-2*time.Hour)); err != nil || n != 1 {
			t.Fatalf("old failure before pruning: %d, %v; want 1", n, err)
		}
		add(b, kari, now)
		var rows int
		if err := a.db.QueryRowContext(ctx, `SELECT count(*) FROM login_failures`).Scan(&rows); err != nil {
			t.Fatal(err)
		}
		if rows != 2 {
			t.Errorf("after pruning: %d rows in login_failures, want 2 (kari's)", rows)
		}
	})
}
