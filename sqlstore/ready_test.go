package sqlstore

import (
	"context"
	"maps"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

func TestReady(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, err := Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if err := s.Ready(ctx); err != nil {
			t.Fatalf("Ready on a migrated database: %v", err)
		}

		// The database forgets its newest migration: this binary's schema is not applied.
		if _, err := s.db.ExecContext(ctx, `DELETE FROM goose_db_version WHERE version_id = (SELECT max(version_id) FROM goose_db_version)`); err != nil {
			t.Fatal(err)
		}
		err = s.Ready(ctx)
		if want := "The database's schema is older than this version of Clientele: migrations are pending."; err == nil || err.Error() != want {
			t.Errorf("Ready with a migration pending = %v, want %q", err, want)
		}

		s.Close()
		err = s.Ready(ctx)
		if want := "The database does not answer."; err == nil || err.Error() != want {
			t.Errorf("Ready on a closed store = %v, want %q", err, want)
		}
	})
}

func TestImportsByState(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := opener(dsn)(t)
		got, err := s.ImportsByState(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 0 {
			t.Errorf("ImportsByState with no imports = %v, want none", got)
		}
		// Two tenants: the counts are across tenants.
		var tenants []customer.Tenant
		for _, slug := range []string{"oslo", "krakow"} {
			tn := customer.Tenant{Slug: slug, Name: slug, Country: "NO", Language: "nb"}
			if err := s.CreateTenant(ctx, &tn); err != nil {
				t.Fatal(err)
			}
			tenants = append(tenants, tn)
		}
		states := []customer.State{customer.StateStaged, customer.StateStaged, customer.StateFailed, customer.StateCommitted}
		for i, st := range states {
			imp := customer.Import{TenantID: tenants[i%2].ID, FileName: "kunder.csv", State: st}
			if err := s.CreateImport(ctx, &imp); err != nil {
				t.Fatal(err)
			}
		}
		// A dry run's record is not counted.
		dry := customer.Import{TenantID: tenants[0].ID, FileName: "kunder.csv", State: customer.StateDiscarded, DryRun: true}
		if err := s.CreateImport(ctx, &dry); err != nil {
			t.Fatal(err)
		}
		got, err = s.ImportsByState(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := map[customer.State]int{customer.StateStaged: 2, customer.StateFailed: 1, customer.StateCommitted: 1}
		if !maps.Equal(got, want) {
			t.Errorf("ImportsByState = %v, want %v", got, want)
		}
	})
}
