package sqlstore

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// TestImportNotices is the store contract for an import's translatable warnings and failure on
// both databases: the notices round-trip with their message ids, and a warning without one (a
// plain note) reads back beside them as it was, in every language.
func TestImportNotices(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := opener(dsn)(t)
		tn := customer.Tenant{Slug: "sandnes", Name: "Sandnes Sport", Country: "NO", Language: "nb"}
		if err := s.CreateTenant(ctx, &tn); err != nil {
			t.Fatal(err)
		}
		unknown := customer.NewNotice("warn_unknown_column", map[string]string{"column": "Fax"})
		imp := customer.Import{TenantID: tn.ID, FileName: "kunder.csv",
			Warnings: []string{"A plain note.", unknown.Message}, Notices: []customer.Notice{unknown}}
		if err := s.CreateImport(ctx, &imp); err != nil {
			t.Fatal(err)
		}
		got, err := s.Import(ctx, tn.ID, imp.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.Warnings, imp.Warnings) || !reflect.DeepEqual(got.Notices, imp.Notices) || got.FailureMsg != nil {
			t.Errorf("read back: warnings %q, notices %+v, failure %+v", got.Warnings, got.Notices, got.FailureMsg)
		}
		if want := []string{"A plain note.", "Kolonnen «Fax» er ikke et kundefelt og ble ignorert."}; !slices.Equal(got.WarningsIn("nb"), want) {
			t.Errorf("WarningsIn(nb) = %q, want %q", got.WarningsIn("nb"), want)
		}

		empty := customer.NewNotice("file_empty", nil)
		got.State, got.Failure, got.FailureMsg = customer.StateFailed, empty.Message, &empty
		if err := s.SaveImport(ctx, got, customer.StateStaged); err != nil {
			t.Fatal(err)
		}
		failed, err := s.Import(ctx, tn.ID, imp.ID)
		if err != nil {
			t.Fatal(err)
		}
		if failed.FailureMsg == nil || !reflect.DeepEqual(*failed.FailureMsg, empty) || failed.FailureIn("pl") != "Plik jest pusty." {
			t.Errorf("failure read back: %q %+v", failed.Failure, failed.FailureMsg)
		}
		failed.FailureMsg = nil
		if err := s.SaveImport(ctx, failed, customer.StateFailed); err != nil {
			t.Fatal(err)
		}
		if cleared, err := s.Import(ctx, tn.ID, imp.ID); err != nil || cleared.FailureMsg != nil || cleared.FailureIn("nb") != empty.Message {
			t.Errorf("failure without its message: %v, %+v, %q", err, cleared.FailureMsg, cleared.FailureIn("nb"))
		}
	})
}
