package sqlstore

import (
	"context"
	"strings"
	"testing"

	"github.com/clientele/clientele/internal/dbtest"
)

// TestPostgresPlansEachCall checks that every PostgreSQL connection plans each statement for its
// arguments (plan_cache_mode=force_custom_plan; see postgresDSN), also inside a write, and that a
// URL that chooses its own mode keeps it.
func TestPostgresPlansEachCall(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		if !strings.HasPrefix(dsn, "postgres") {
			t.Skip("a PostgreSQL setting")
		}
		ctx := context.Background()
		s := opener(dsn)(t)
		var mode string
		err := s.write(ctx, func(q *queries) error {
			return q.queryRow(ctx, `SHOW plan_cache_mode`).Scan(&mode)
		})
		if err != nil || mode != "force_custom_plan" {
			t.Errorf("plan_cache_mode in a write = %q, %v; want force_custom_plan", mode, err)
		}
		if got := postgresDSN("postgres://u@h:5432/db?plan_cache_mode=auto&sslmode=disable"); got != "postgres://u@h:5432/db?plan_cache_mode=auto&sslmode=disable" {
			t.Errorf("postgresDSN overrode the URL's own mode: %s", got)
		}
	})
}
