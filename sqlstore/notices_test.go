package sqlstore

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// TestImportNotices is the store contract for an import's translatable warnings and failure on
// both databases: the notices round-trip with their message ids, a warning without one (a plain
// note) stays a plain string beside them, and a row stored before warnings were translated (the
// warnings column a list of plain strings, failure_msg empty) still reads, its warnings in English
// in every language.
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

		// A row as stored before warnings were translated.
		old := `["Column “Fax” is not a customer field and was ignored.","Some rows have cells to the right of the last column with a header; those cells were ignored."]`
		if _, err := s.db.ExecContext(ctx, fmt.Sprintf(`UPDATE imports SET warnings = '%s', failure = 'The file is empty.', failure_msg = '' WHERE id = %d`, old, imp.ID)); err != nil {
			t.Fatal(err)
		}
		prior, err := s.Import(ctx, tn.ID, imp.ID)
		if err != nil {
			t.Fatalf("an old row does not read: %v", err)
		}
		want := []string{"Column “Fax” is not a customer field and was ignored.", "Some rows have cells to the right of the last column with a header; those cells were ignored."}
		if !slices.Equal(prior.Warnings, want) || prior.Notices != nil || prior.FailureMsg != nil {
			t.Errorf("old row: warnings %q, notices %+v, failure %+v", prior.Warnings, prior.Notices, prior.FailureMsg)
		}
		if !slices.Equal(prior.WarningsIn("nb"), want) || prior.FailureIn("pl") != "The file is empty." {
			t.Errorf("old row in another language: %q, %q", prior.WarningsIn("nb"), prior.FailureIn("pl"))
		}
		list, _, err := s.Imports(ctx, tn.ID, 0, 10)
		if err != nil || len(list) != 1 || !slices.Equal(list[0].Warnings, want) {
			t.Errorf("Imports: %v, %+v", err, list)
		}
	})
}
