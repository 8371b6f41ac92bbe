package sqlstore

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
)

// stageTestRows stages 25 rows for a new import of a new tenant, over 5 staged before, with odd
// text, problems, a customer and changes in some.
func stageTestRows(t *testing.T, s *Store) (customer.Tenant, customer.Import, []customer.StagedRow) {
	t.Helper()
	tn := newTenant(t, s)
	imp := createImport(t, s, tn.ID)
	first := stagedRows(5)
	replaceRows(t, s, imp.ID, first)
	rows := stagedRows(25)
	rows[3].Raw[customer.FNote] = "  untrimmed, \"quoted\", Ærlig  "
	rows[3].Errors = []customer.Problem{customer.NewProblem(customer.FEmail, customer.CodeInvalidEmail, "Not an email."), customer.NewProblem(customer.FMobile, customer.CodeInvalidPhone, "Not a phone.")}
	rows[4].Warnings = []customer.Problem{customer.NewProblem(customer.FPostcode, customer.WarnLeadingZero, "Zero restored.")}
	rows[5].CustomerID = 42
	rows[5].Changes = []customer.Change{{Field: "city", Old: "Oslo", New: "Bergen"}}
	replaceRows(t, s, imp.ID, rows)
	return tn, imp, rows
}

// TestRows reads back all staged rows as stored: a second staging replaced the first.
func TestRows(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		_, imp, rows := stageTestRows(t, s)
		got, total, err := rowsCounted(ctx, s, imp.ID, "", 0, 0)
		if err != nil || total != 25 || !reflect.DeepEqual(got, rows) {
			t.Errorf("Rows = %d rows, total %d, %v; want the 25 replaced rows", len(got), total, err)
			for i := range min(len(got), len(rows)) {
				if !reflect.DeepEqual(got[i], rows[i]) {
					t.Errorf("row %d: got %+v\nwant %+v", i, got[i], rows[i])
				}
			}
		}
	})
}

// TestRowsPage reads staged rows a page at a time.
func TestRowsPage(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		_, imp, rows := stageTestRows(t, s)
		got, total, err := rowsCounted(ctx, s, imp.ID, "", 5, 10)
		if err != nil || total != 25 || !reflect.DeepEqual(got, rows[5:15]) {
			t.Errorf("Rows(offset 5, limit 10) = %v, total %d, %v", rowNums(got), total, err)
		}
		got, total, err = rowsCounted(ctx, s, imp.ID, "", 20, 0)
		if err != nil || total != 25 || !reflect.DeepEqual(rowNums(got), rowNums(rows[20:])) {
			t.Errorf("Rows(offset 20, no limit) = %v, total %d, %v", rowNums(got), total, err)
		}
		got, total, err = rowsCounted(ctx, s, imp.ID, "", 30, 10)
		if err != nil || total != 25 || len(got) != 0 {
			t.Errorf("Rows(offset past the end) = %v, total %d, %v", rowNums(got), total, err)
		}
	})
}

// TestRowsStatusFilter reads the staged rows of one status, a page at a time.
func TestRowsStatusFilter(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		_, imp, rows := stageTestRows(t, s)
		var want []customer.StagedRow
		for _, r := range rows {
			if r.Status == customer.StatusError {
				want = append(want, r)
			}
		}
		got, total, err := rowsCounted(ctx, s, imp.ID, customer.StatusError, 1, 3)
		if err != nil || total != len(want) || !reflect.DeepEqual(got, want[1:4]) {
			t.Errorf("Rows(error, 1, 3) = %v, total %d, %v; want %v of %d", rowNums(got), total, err, rowNums(want[1:4]), len(want))
		}
		unchanged := 0
		for _, r := range rows {
			if r.Status == customer.StatusUnchanged {
				unchanged++
			}
		}
		got, total, err = rowsCounted(ctx, s, imp.ID, customer.StatusUnchanged, 0, 0)
		if err != nil || unchanged == 0 || total != unchanged || len(got) != unchanged {
			t.Errorf("Rows(unchanged) = %v, total %d, %v; want %d rows", rowNums(got), total, err, unchanged)
		}
	})
}

// TestSaveRows saves edited rows over the staged ones; a missing row or import is ENotFound.
func TestSaveRows(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		_, imp, rows := stageTestRows(t, s)
		edited := []customer.StagedRow{rows[0], rows[7]}
		edited[0].Raw[customer.FEmail] = "fixed@example.no"
		edited[0].Status = customer.StatusNew
		edited[0].Errors = nil
		edited[1].Status = customer.StatusError
		edited[1].CustomerID = 0
		edited[1].Errors = []customer.Problem{customer.NewProblem(customer.FEmail, customer.CodeEmailExists, "Taken.")}
		if err := s.SaveRows(ctx, imp.ID, edited); err != nil {
			t.Fatal(err)
		}
		rows[0], rows[7] = edited[0], edited[1]
		got, _, err := rowsCounted(ctx, s, imp.ID, "", 0, 0)
		if err != nil || !reflect.DeepEqual(got, rows) {
			t.Errorf("after SaveRows: %v", err)
			for i := range min(len(got), len(rows)) {
				if !reflect.DeepEqual(got[i], rows[i]) {
					t.Errorf("row %d: got %+v\nwant %+v", i, got[i], rows[i])
				}
			}
		}
		missing := []customer.StagedRow{{Row: 9999, Status: customer.StatusNew}}
		if err := s.SaveRows(ctx, imp.ID, missing); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("SaveRows(missing row): %v, want ENotFound", err)
		}
		if err := s.SaveRows(ctx, 1<<40, edited); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("SaveRows(missing import): %v, want ENotFound", err)
		}
	})
}

// TestRow reads one staged row, inside a commit too; the header row and rows past the end are
// ENotFound.
func TestRow(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn, imp, rows := stageTestRows(t, s)
		for _, i := range []int{0, 3, 24} {
			got, err := s.Row(ctx, imp.ID, rows[i].Row)
			if err != nil || !reflect.DeepEqual(got, rows[i]) {
				t.Errorf("Row(%d) = %+v, %v\nwant %+v", rows[i].Row, got, err, rows[i])
			}
		}
		for _, tc := range []struct {
			name     string
			importID int64
			row      int
		}{
			{"header row", imp.ID, 1},
			{"past the end", imp.ID, 27},
			{"missing import", 1 << 40, 2},
		} {
			if _, err := s.Row(ctx, tc.importID, tc.row); customer.ErrorCodeOf(err) != customer.ENotFound {
				t.Errorf("Row(%s): %v, want ENotFound", tc.name, err)
			}
		}
		err := s.Commit(ctx, tn.ID, func(q importer.Queries) error {
			got, err := q.Row(ctx, imp.ID, rows[5].Row)
			if err == nil && !reflect.DeepEqual(got, rows[5]) {
				err = fmt.Errorf("Row in a commit = %+v, want %+v", got, rows[5])
			}
			return err
		})
		if err != nil {
			t.Error(err)
		}
	})
}

// TestRowReadsMissingImport checks that reading the rows of a missing import is ENotFound, and
// of an import without rows gives none.
func TestRowReadsMissingImport(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := newTenant(t, s)
		if _, _, err := rowsCounted(ctx, s, 1<<40, "", 0, 0); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("Rows(missing import): %v, want ENotFound", err)
		}
		if err := s.DeleteRows(ctx, 1<<40); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("DeleteRows(missing import): %v, want ENotFound", err)
		}
		if err := s.AddRows(ctx, 1<<40, stagedRows(1)); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("AddRows(missing import): %v, want ENotFound", err)
		}
		empty := createImport(t, s, tn.ID)
		if got, total, err := rowsCounted(ctx, s, empty.ID, "", 0, 0); err != nil || total != 0 || len(got) != 0 {
			t.Errorf("Rows(empty import) = %v, %d, %v", got, total, err)
		}
		if _, err := s.EditedRows(ctx, 1<<40); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("EditedRows(missing import): %v, want ENotFound", err)
		}
		if _, err := s.RowsByKeys(ctx, 1<<40, []customer.Keys{{Email: "a@example.no"}}); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("RowsByKeys(missing import): %v, want ENotFound", err)
		}
		if _, err := rowSummary(ctx, s, 1<<40); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("RowSummary(missing import): %v, want ENotFound", err)
		}
		if sum, err := rowSummary(ctx, s, empty.ID); err != nil || sum != (customer.Summary{}) {
			t.Errorf("RowSummary(empty import) = %+v, %v", sum, err)
		}
	})
}

// stageKeyedRows stages 3,000 rows for a new import of a new tenant, some sharing keys, and the
// first 50 of them for another import of the tenant; it returns the tenant, the import, the
// other import and the rows.
func stageKeyedRows(t *testing.T, s *Store) (customer.Tenant, customer.Import, customer.Import, []customer.StagedRow) {
	t.Helper()
	tn := newTenant(t, s)
	imp := createImport(t, s, tn.ID)
	rows := stagedRows(3000)
	rows[10].Keys = customer.Keys{Account: "A-1", Email: "shared@example.no", Mobile: "+4745000001", NamePostcode: "kari nordmann 0150"}
	rows[20].Keys = customer.Keys{Account: "X-20", Email: "SHARED@example.no", Mobile: "+4745000001"} // keys are compared as stored
	rows[30].Keys = customer.Keys{Account: "X-30", Email: "p31@example.no", NamePostcode: "kari nordmann 0150"}
	rows[40].Keys = customer.Keys{Account: "+4745000001"} // a value of another kind matches nothing
	replaceRows(t, s, imp.ID, rows)
	// Another import's rows with the same keys are not found.
	other := createImport(t, s, tn.ID)
	replaceRows(t, s, other.ID, rows[:50])
	return tn, imp, other, rows
}

// rowsByKeys returns the numbers of the import's staged rows that RowsByKeys finds for keys,
// checking each against rows, the rows staged.
func rowsByKeys(t *testing.T, s *Store, importID int64, rows []customer.StagedRow, keys ...customer.Keys) []int {
	t.Helper()
	got, err := s.RowsByKeys(context.Background(), importID, keys)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range got {
		if !reflect.DeepEqual(r, rows[r.Row-2]) {
			t.Errorf("row %d read back as %+v, stored %+v", r.Row, r, rows[r.Row-2])
		}
	}
	// RowNumsByKeys finds the same rows, looking the keys up or, for more than a batch of them,
	// reading every row's keys; RowsByNums reads them back.
	var nums []int
	err = s.write(context.Background(), func(q *queries) error {
		if nums, err = q.RowNumsByKeys(context.Background(), importID, keys); err != nil {
			return err
		}
		back, err := q.RowsByNums(context.Background(), importID, append(slices.Clone(nums), nums...))
		if !reflect.DeepEqual(back, got) && len(back)+len(got) > 0 {
			t.Errorf("RowsByNums(%d numbers) = %d rows, want %d", len(nums), len(back), len(got))
		}
		return err
	})
	if err != nil || !slices.Equal(nums, rowNums(got)) && len(nums)+len(got) > 0 {
		t.Errorf("RowNumsByKeys(%d keys) = %v, %v; want %v", len(keys), nums, err, rowNums(got))
	}
	return rowNums(got)
}

// TestRowsByKeys finds an import's staged rows by their keys: any key of a row, each row once, in
// row order, never another import's.
func TestRowsByKeys(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		_, imp, _, rows := stageKeyedRows(t, s)
		for _, tc := range []struct {
			name string
			keys []customer.Keys
			want []int
		}{
			{"an email", []customer.Keys{{Email: "shared@example.no"}}, []int{12}},
			{"a mobile", []customer.Keys{{Mobile: "+4745000001"}}, []int{12, 22}},
			{"a name and postcode", []customer.Keys{{NamePostcode: "kari nordmann 0150"}}, []int{12, 32}},
			{"any key of a row, each row once", []customer.Keys{{Email: "p31@example.no", Mobile: "+4745000001", NamePostcode: "kari nordmann 0150"}}, []int{12, 22, 32, 33}},
			{"empty keys match nothing", []customer.Keys{{}, {Mobile: ""}}, nil},
			{"no keys", nil, nil},
			{"unknown values", []customer.Keys{{Account: "nobody", Email: "nobody@example.no"}}, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if got := rowsByKeys(t, s, imp.ID, rows, tc.keys...); !reflect.DeepEqual(got, tc.want) {
					t.Errorf("RowsByKeys = %v, want %v", got, tc.want)
				}
			})
		}
		t.Run("more keys than one statement takes, in row order", func(t *testing.T) {
			var keys []customer.Keys
			var want []int
			for i := len(rows) - 1; i >= 0; i -= 2 {
				if i != 31 && i != 10 && i != 20 && i != 30 && i != 40 { // their emails are not p<i>
					keys = append(keys, customer.Keys{Email: fmt.Sprintf("p%d@example.no", i)})
					want = append([]int{i + 2}, want...)
				}
			}
			if got := rowsByKeys(t, s, imp.ID, rows, keys...); !reflect.DeepEqual(got, want) {
				t.Errorf("RowsByKeys(%d emails) = %d rows, want %d", len(keys), len(got), len(want))
			}
			// Two kinds at once: the emails and a mobile, read from their own columns.
			both := append(slices.Clone(keys), customer.Keys{Mobile: "+4745000001"})
			wantBoth := slices.Sorted(slices.Values(append(slices.Clone(want), 12, 22)))
			if got := rowsByKeys(t, s, imp.ID, rows, both...); !reflect.DeepEqual(got, wantBoth) {
				t.Errorf("RowsByKeys(%d emails and a mobile) = %d rows, want %d", len(keys), len(got), len(wantBoth))
			}
			// Every third row but row 22, whose keys were replaced.
			if got := rowsByKeys(t, s, imp.ID, rows, customer.Keys{Account: "A-2"}); len(got) != 999 {
				t.Errorf("RowsByKeys(account A-2) = %d rows, want 999", len(got))
			}
		})
	})
}

// TestEditedRows reads the rows edited by hand; saving a row sets or clears its flag and keys.
func TestEditedRows(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn, imp, _, rows := stageKeyedRows(t, s)
		got, err := s.EditedRows(ctx, imp.ID)
		var want []customer.StagedRow
		for _, r := range rows {
			if r.Edited {
				r.Touched = customer.TouchAll // staged edited, by edits not known
				want = append(want, r)
			}
		}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("EditedRows = %v, %v; want %v", rowNums(got), err, rowNums(want))
		}
		// Saving a row clears or sets its flag and keys.
		a, b := rows[1], rows[2]
		a.Edited, a.Keys = false, customer.Keys{Email: "new@example.no"}
		b.Edited = true
		if err := s.SaveRows(ctx, imp.ID, []customer.StagedRow{a, b}); err != nil {
			t.Fatal(err)
		}
		b.Touched = customer.TouchAll
		rows[1], rows[2] = a, b
		got, err = s.EditedRows(ctx, imp.ID)
		if err != nil || len(got) != len(want) || got[0].Row != b.Row || !reflect.DeepEqual(got[0], b) {
			t.Errorf("after SaveRows, EditedRows = %v, %v; want row %d instead of %d", rowNums(got), err, b.Row, a.Row)
		}
		if got := rowsByKeys(t, s, imp.ID, rows, customer.Keys{Email: "new@example.no"}); !reflect.DeepEqual(got, []int{a.Row}) {
			t.Errorf("RowsByKeys(saved key) = %v, want [%d]", got, a.Row)
		}
		if got, err := s.EditedRows(ctx, createImport(t, s, tn.ID).ID); err != nil || len(got) != 0 {
			t.Errorf("EditedRows(empty import) = %v, %v", rowNums(got), err)
		}
		// What edits touched adds up until the row is checked.
		a.Edited = true
		for _, f := range []int{customer.FCity, customer.FNote} {
			a.Touched = 1 << f
			if err := s.SaveRows(ctx, imp.ID, []customer.StagedRow{a}); err != nil {
				t.Fatal(err)
			}
		}
		got, err = s.EditedRows(ctx, imp.ID)
		if i := slices.IndexFunc(got, func(r customer.StagedRow) bool { return r.Row == a.Row }); err != nil || i < 0 ||
			got[i].Touched != 1<<customer.FCity|1<<customer.FNote {
			t.Errorf("row %d touched by a city and a note edit reads back as %v, %v", a.Row, got, err)
		}
		// In row order, whatever order the rows were marked in (a last).
		if !slices.IsSortedFunc(got, func(x, y customer.StagedRow) int { return x.Row - y.Row }) {
			t.Errorf("EditedRows after marking row %d last = %v, want row order", a.Row, rowNums(got))
		}

	})
}

// TestCountRows counts an import's staged rows, all and by status.
func TestCountRows(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		_, imp, other, rows := stageKeyedRows(t, s)
		var want customer.Summary
		for _, r := range rows {
			want.Add(r.Status)
		}
		if got, err := rowSummary(ctx, s, imp.ID); err != nil || got != want {
			t.Errorf("counted %+v, %v; want %+v", got, err, want)
		}
		if n, err := s.CountRows(ctx, other.ID, customer.RowFilter{}); err != nil || n != 50 {
			t.Errorf("CountRows(other import) = %d, %v; want 50", n, err)
		}
	})
}

// rowSummary counts an import's staged rows by status with CountRows.
func rowSummary(ctx context.Context, s *Store, importID int64) (customer.Summary, error) {
	var sum customer.Summary
	var err error
	if sum.Rows, err = s.CountRows(ctx, importID, customer.RowFilter{}); err != nil {
		return sum, err
	}
	for _, c := range []struct {
		st customer.Status
		n  *int
	}{{customer.StatusNew, &sum.New}, {customer.StatusUpdate, &sum.Update}, {customer.StatusUnchanged, &sum.Unchanged}, {customer.StatusError, &sum.Error}, {customer.StatusSkipped, &sum.Skipped}} {
		if *c.n, err = s.CountRows(ctx, importID, customer.RowFilter{Status: c.st}); err != nil {
			return sum, err
		}
	}
	return sum, nil
}

// rowsCounted is a page of staged rows with the count of all that match, as the grid reads them
// when the summary cannot say: CountRows, then RowPage.
func rowsCounted(ctx context.Context, s *Store, importID int64, status customer.Status, offset, limit int) ([]customer.StagedRow, int, error) {
	total, err := s.CountRows(ctx, importID, customer.RowFilter{Status: status})
	if err != nil || max(offset, 0) >= total {
		return nil, total, err
	}
	rows, err := s.RowPage(ctx, importID, customer.RowFilter{Status: status}, offset, limit)
	return rows, total, err
}

// TestSaveChecks stores the outcome of rows' checks and nothing else of them: their cells, skip
// and edited mark stay as stored; a row not in the import is ENotFound.
func TestSaveChecks(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		_, imp, _, rows := stageKeyedRows(t, s)
		a := rows[3]
		a.Raw[customer.FCity] = "not saved"
		a.Edited = !a.Edited
		a.Status, a.Keys = customer.StatusError, customer.Keys{Email: "checked@example.no"}
		a.Errors = []customer.Problem{customer.NewProblem(customer.FEmail, customer.CodeDuplicateInFile, "Twice.")}
		err := s.write(ctx, func(q *queries) error { return q.SaveChecks(ctx, imp.ID, []customer.StagedRow{a}) })
		if err != nil {
			t.Fatal(err)
		}
		want := rows[3]
		want.Status, want.Keys, want.Errors = a.Status, a.Keys, a.Errors
		if got, err := s.Row(ctx, imp.ID, a.Row); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("row %d read back as\n%+v, %v\nwant\n%+v", a.Row, got, err, want)
		}
		if got, _ := s.RowPage(ctx, imp.ID, customer.RowFilter{Code: customer.CodeDuplicateInFile, Field: "email"}, 0, 0); len(got) != 1 || got[0].Row != a.Row {
			t.Errorf("rows by the saved error: %v", rowNums(got))
		}
		a.Row = 99999
		err = s.write(ctx, func(q *queries) error { return q.SaveChecks(ctx, imp.ID, []customer.StagedRow{a}) })
		if customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("a row not in the import: %v, want ENotFound", err)
		}
	})
}
