package sqlstore

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
)

// TestImports creates an import, reads it back and saves it in another state.
func TestImports(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := newTenant(t, s)
		imp := customer.Import{TenantID: tn.ID, FileName: "kunder.xlsx", FileSHA256: strings.Repeat("ab", 32),
			Mode: customer.ModeCreate, CreatedBy: "ola@example.no", Warnings: []string{"Column \"Fax\" was ignored."}}
		start := time.Now().Add(-time.Second)
		if err := s.CreateImport(ctx, &imp); err != nil {
			t.Fatal(err)
		}
		if imp.ID == 0 || imp.State != customer.StateStaged || imp.CreatedAt.Before(start) || imp.CreatedAt.Location() != time.UTC {
			t.Fatalf("CreateImport set %+v", imp)
		}
		got, err := s.Import(ctx, tn.ID, imp.ID)
		if err != nil || !sameImport(got, imp) {
			t.Fatalf("Import = %+v, %v\nwant %+v", got, err, imp)
		}
		imp.State = customer.StateCommitted
		imp.ConfirmedBy = "kari@example.no"
		imp.ConfirmedAt = time.Date(2025, 3, 4, 5, 6, 7, 123456000, time.UTC)
		imp.Summary = customer.Summary{Rows: 10, New: 5, Update: 2, Unchanged: 1, Error: 2}
		imp.Warnings = nil
		if err := s.SaveImport(ctx, imp, customer.StateStaged); err != nil {
			t.Fatal(err)
		}
		got, err = s.Import(ctx, tn.ID, imp.ID)
		if err != nil || !sameImport(got, imp) {
			t.Fatalf("after SaveImport: %+v, %v\nwant %+v", got, err, imp)
		}
		if _, err := s.Import(ctx, tn.ID, 1<<40); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("Import(missing): %v, want ENotFound", err)
		}
		if err := s.CreateImport(ctx, &customer.Import{TenantID: 1 << 40}); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("CreateImport(missing tenant): %v, want ENotFound", err)
		}
	})
}

// TestImportProgressAndFailure follows one import through progress reports, a new file and a
// failure: each save changes what it should and nothing else.
func TestImportProgressAndFailure(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := newTenant(t, s)
		imp := customer.Import{TenantID: tn.ID, FileName: "kunder.csv", Mode: customer.ModeUpsert, CreatedBy: "ola@example.no",
			State: customer.StateChecking, Progress: customer.Progress{Phase: "reading"}}
		if err := s.CreateImport(ctx, &imp); err != nil {
			t.Fatal(err)
		}
		if imp.State != customer.StateChecking {
			t.Fatalf("CreateImport(checking) set state %s", imp.State)
		}
		got, err := s.Import(ctx, tn.ID, imp.ID)
		if err != nil || !sameImport(got, imp) {
			t.Fatalf("Import = %+v, %v\nwant %+v", got, err, imp)
		}

		t.Run("progress touches nothing else", func(t *testing.T) {
			imp.Summary = customer.Summary{Rows: 3, New: 3}
			if err := s.SaveImport(ctx, imp, customer.StateChecking); err != nil {
				t.Fatal(err)
			}
			p := customer.Progress{Phase: "checking", Done: 500, Total: 1200}
			if err := s.SetProgress(ctx, tn.ID, imp.ID, p); err != nil {
				t.Fatal(err)
			}
			want := imp
			want.Progress = p
			if got, err := s.Import(ctx, tn.ID, imp.ID); err != nil || !sameImport(got, want) {
				t.Errorf("after SetProgress: %+v, %v\nwant %+v", got, err, want)
			}
			imp.Progress = p
			for _, tc := range []struct {
				name               string
				tenantID, importID int64
			}{
				{"missing import", tn.ID, 1 << 40},
				{"missing tenant", 1 << 40, imp.ID},
			} {
				if err := s.SetProgress(ctx, tc.tenantID, tc.importID, p); customer.ErrorCodeOf(err) != customer.ENotFound {
					t.Errorf("SetProgress(%s): %v, want ENotFound", tc.name, err)
				}
			}
		})
		t.Run("a new file", func(t *testing.T) {
			imp.FileName, imp.FileSHA256, imp.Mode = "kunder-v2.xlsx", strings.Repeat("cd", 32), customer.ModeCreate
			if err := s.SaveImport(ctx, imp, customer.StateChecking); err != nil {
				t.Fatal(err)
			}
			if got, err := s.Import(ctx, tn.ID, imp.ID); err != nil || !sameImport(got, imp) {
				t.Errorf("after SaveImport(new file): %+v, %v\nwant %+v", got, err, imp)
			}
			// Who created it, and when, stay.
			changed := imp
			changed.CreatedBy, changed.CreatedAt = "mallory", time.Now()
			if err := s.SaveImport(ctx, changed, customer.StateChecking); err != nil {
				t.Fatal(err)
			}
			if got, _ := s.Import(ctx, tn.ID, imp.ID); got.CreatedBy != imp.CreatedBy || !got.CreatedAt.Equal(imp.CreatedAt) {
				t.Errorf("SaveImport changed the creator: %q at %v", got.CreatedBy, got.CreatedAt)
			}
		})
		t.Run("failure", func(t *testing.T) {
			imp.State = customer.StateFailed
			imp.Failure = "The file is not a spreadsheet."
			imp.Progress = customer.Progress{}
			if err := s.SaveImport(ctx, imp, customer.StateChecking); err != nil {
				t.Fatal(err)
			}
			if got, err := s.Import(ctx, tn.ID, imp.ID); err != nil || !sameImport(got, imp) {
				t.Errorf("after SaveImport(failed): %+v, %v\nwant %+v", got, err, imp)
			}
		})
	})
}

// TestSaveImportComparesState: a save based on a reading the import has moved on from changes
// nothing and says so (EConflict); a missing import is ENotFound.
func TestSaveImportComparesState(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := newTenant(t, s)
		imp := createImport(t, s, tn.ID) // staged
		discarded := imp
		discarded.State = customer.StateDiscarded
		if err := s.SaveImport(ctx, discarded, customer.StateStaged); err != nil {
			t.Fatal(err)
		}
		late := imp
		late.State, late.Summary = customer.StateCommitted, customer.Summary{Rows: 1, New: 1}
		checkConflict(t, s.SaveImport(ctx, late, customer.StateStaged), "discarded")
		if got, _ := s.Import(ctx, tn.ID, imp.ID); got.State != customer.StateDiscarded || got.Summary.Rows != 0 {
			t.Errorf("the late save changed the import: %+v", got)
		}
		missing := imp
		missing.ID = 1 << 40
		if err := s.SaveImport(ctx, missing, customer.StateStaged); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("SaveImport(missing): %v, want ENotFound", err)
		}
	})
}

// TestConfirmKey checks that a confirm (idempotency) key belongs to one import of a tenant,
// inside a commit too, and that other tenants and imports without a key are free.
func TestConfirmKey(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := newTenant(t, s)
		a, b := createImport(t, s, tn.ID), createImport(t, s, tn.ID)
		a.State, a.ConfirmKey = customer.StateCommitted, "key-1"
		if err := s.SaveImport(ctx, a, customer.StateStaged); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveImport(ctx, a, customer.StateCommitted); err != nil {
			t.Errorf("saving the key's own import again: %v", err)
		}
		b.ConfirmKey = "key-1"
		checkConflict(t, s.SaveImport(ctx, b, customer.StateStaged), "idempotency key")
		if got, _ := s.Import(ctx, tn.ID, b.ID); got.ConfirmKey != "" {
			t.Errorf("the conflicting key was stored: %q", got.ConfirmKey)
		}
		c := customer.Import{TenantID: tn.ID, ConfirmKey: "key-1"}
		checkConflict(t, s.CreateImport(ctx, &c), "idempotency key")
		// Another tenant may use the same key; imports without a key never conflict.
		other := customer.Tenant{Slug: tn.Slug + "-other"}
		if err := s.CreateTenant(ctx, &other); err != nil {
			t.Fatal(err)
		}
		o := createImport(t, s, other.ID)
		o.ConfirmKey = "key-1"
		if err := s.SaveImport(ctx, o, customer.StateStaged); err != nil {
			t.Errorf("another tenant's import with the same key: %v", err)
		}
		b.ConfirmKey = ""
		if err := s.SaveImport(ctx, b, customer.StateStaged); err != nil {
			t.Errorf("an import without a key: %v", err)
		}
		// Inside a commit the conflict leaves the transaction usable.
		err := s.Commit(ctx, tn.ID, func(q importer.Queries) error {
			b.ConfirmKey = "key-1"
			if err := q.SaveImport(ctx, b, customer.StateStaged); customer.ErrorCodeOf(err) != customer.EConflict {
				return fmt.Errorf("SaveImport(taken key) in a commit = %v, want EConflict", err)
			}
			b.ConfirmKey = "key-2"
			b.State = customer.StateCommitted
			return q.SaveImport(ctx, b, customer.StateStaged)
		})
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Import(ctx, tn.ID, b.ID); got.ConfirmKey != "key-2" || got.State != customer.StateCommitted {
			t.Errorf("after the commit: key %q, state %s; want key-2, committed", got.ConfirmKey, got.State)
		}
	})
}

// TestImportHistory pages through a tenant's imports, newest first.
func TestImportHistory(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := newTenant(t, s)
		if imps, total, err := s.Imports(ctx, tn.ID, 0, 10); err != nil || total != 0 || len(imps) != 0 {
			t.Errorf("Imports(no imports) = %v, %d, %v; want none", imps, total, err)
		}
		var ids []int64 // newest first
		for i := range 5 {
			imp := customer.Import{TenantID: tn.ID, FileName: fmt.Sprintf("file%d.csv", i), Warnings: []string{"w"}}
			if err := s.CreateImport(ctx, &imp); err != nil {
				t.Fatal(err)
			}
			ids = append([]int64{imp.ID}, ids...)
		}
		other := customer.Tenant{Slug: tn.Slug + "-other"}
		if err := s.CreateTenant(ctx, &other); err != nil {
			t.Fatal(err)
		}
		createImport(t, s, other.ID) // another tenant's import is not in the history
		tests := []struct {
			name          string
			offset, limit int
			want          []int64
		}{
			{"first page", 0, 2, ids[:2]},
			{"second page", 2, 2, ids[2:4]},
			{"last, short page", 4, 2, ids[4:]},
			{"past the end", 5, 2, nil},
			{"no limit", 1, 0, ids[1:]},
			{"negative offset", -3, 1, ids[:1]},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				imps, total, err := s.Imports(ctx, tn.ID, tt.offset, tt.limit)
				var got []int64
				for _, imp := range imps {
					got = append(got, imp.ID)
					if imp.TenantID != tn.ID || imp.Warnings[0] != "w" || imp.State != customer.StateStaged {
						t.Errorf("import read back as %+v", imp)
					}
				}
				if err != nil || total != 5 || !reflect.DeepEqual(got, tt.want) {
					t.Errorf("Imports(%d, %d) = %v, total %d, %v; want %v of 5", tt.offset, tt.limit, got, total, err, tt.want)
				}
			})
		}
		if _, _, err := s.Imports(ctx, 1<<40, 0, 10); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("Imports(missing tenant): %v, want ENotFound", err)
		}
	})
}

// TestRevisions stores revisions and reads them back by import and by customer.
func TestRevisions(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := newTenant(t, s)
		imp := createImport(t, s, tn.ID)
		before := person("R-1", "Ola", "Nordmann", "ola@example.no", "", "")
		after := before
		after[customer.FCity] = "Bergen"
		revs := []customer.Revision{
			{ImportID: imp.ID, CustomerID: 7, Created: true, After: person("R-2", "Kari", "Nordmann", "", "", "")},
			{ImportID: imp.ID, CustomerID: 3, Before: before, After: after},
		}
		if err := s.AddRevisions(ctx, revs); err != nil {
			t.Fatal(err)
		}
		got, err := s.Revisions(ctx, tn.ID, imp.ID)
		if err != nil || !reflect.DeepEqual(got, revs) {
			t.Errorf("Revisions = %+v, %v\nwant %+v", got, err, revs)
		}
		if err := s.AddRevisions(ctx, []customer.Revision{{ImportID: 1 << 40, CustomerID: 1}}); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("AddRevisions(missing import): %v, want ENotFound", err)
		}

		// RevisionsOf: by customer, in the order added, each once, only the import's own.
		later := after
		later[customer.FCity] = "Molde"
		second := customer.Revision{ImportID: imp.ID, CustomerID: 3, Before: after, After: later}
		otherImp := createImport(t, s, tn.ID)
		if err := s.AddRevisions(ctx, []customer.Revision{second, {ImportID: otherImp.ID, CustomerID: 3, Before: later, After: before}}); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			ids  []int64
			want []customer.Revision
		}{
			{[]int64{3}, []customer.Revision{revs[1], second}},
			{[]int64{7, 3, 3}, []customer.Revision{revs[0], revs[1], second}},
			{[]int64{99}, nil},
			{nil, nil},
		} {
			got, err := s.RevisionsOf(ctx, imp.ID, tc.ids)
			if err != nil || len(got) != len(tc.want) || (len(got) > 0 && !reflect.DeepEqual(got, tc.want)) {
				t.Errorf("RevisionsOf(%v) = %+v, %v\nwant %+v", tc.ids, got, err, tc.want)
			}
		}
		many := make([]int64, 2500) // more than one IN list
		for i := range many {
			many[i] = int64(i + 1)
		}
		if got, err := s.RevisionsOf(ctx, otherImp.ID, many); err != nil || len(got) != 1 || got[0].After != before {
			t.Errorf("RevisionsOf(other import, 2,500 ids) = %+v, %v; want its one revision", got, err)
		}
	})
}

// TestImportHistoryLeavesOutDryRuns: a dry run's record is kept (AllImports lists it, marked),
// but the history (Imports) and its count leave it out.
func TestImportHistoryLeavesOutDryRuns(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := newTenant(t, s)
		staged := customer.Import{TenantID: tn.ID, FileName: "kunder.csv"}
		dry := customer.Import{TenantID: tn.ID, FileName: "kunder.csv", State: customer.StateDiscarded, DryRun: true}
		for _, imp := range []*customer.Import{&staged, &dry} {
			if err := s.CreateImport(ctx, imp); err != nil {
				t.Fatal(err)
			}
		}
		imps, total, err := s.Imports(ctx, tn.ID, 0, 10)
		if err != nil || total != 1 || len(imps) != 1 || imps[0].ID != staged.ID || imps[0].DryRun {
			t.Errorf("Imports = %+v, total %d, %v; want only the staged import", imps, total, err)
		}
		imps, total, err = s.AllImports(ctx, tn.ID, 0, 10)
		if err != nil || total != 2 || len(imps) != 2 || imps[0].ID != dry.ID || !imps[0].DryRun || imps[1].DryRun {
			t.Errorf("AllImports = %+v, total %d, %v; want the dry run (marked), then the staged import", imps, total, err)
		}
		if got, err := s.Import(ctx, tn.ID, dry.ID); err != nil || !got.DryRun {
			t.Errorf("Import(dry run) = %+v, %v; want it marked", got, err)
		}
		// Only dry runs: the history is empty, and says so for an existing tenant.
		other := customer.Tenant{Slug: tn.Slug + "-other"}
		if err := s.CreateTenant(ctx, &other); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateImport(ctx, &customer.Import{TenantID: other.ID, State: customer.StateDiscarded, DryRun: true}); err != nil {
			t.Fatal(err)
		}
		if imps, total, err := s.Imports(ctx, other.ID, 0, 10); err != nil || total != 0 || len(imps) != 0 {
			t.Errorf("Imports(only a dry run) = %+v, %d, %v; want none", imps, total, err)
		}
	})
}
