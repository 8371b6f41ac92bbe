package sqlstore

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
	"github.com/clientele/clientele/internal/dbtest"
)

// TestRowCustomerFromRevision holds, on both databases, that a staged row's customer is the one
// its import's revision of that row names (confirm records a created customer there alone), over
// the customer_id stored with the row; that rows without a revision keep their stored one; that
// another import's revision of the same row number changes nothing; and that every way of
// reading rows agrees, and Revisions gives the row back.
func TestRowCustomerFromRevision(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := opener(dsn)(t)
		tn, imp := stagedImport(t, s, "revrows")
		other := customer.Import{TenantID: tn.ID, Mode: customer.ModeCreate, State: customer.StateStaged}
		if err := s.CreateImport(ctx, &other); err != nil {
			t.Fatal(err)
		}
		rows := stagedRows(6)
		rows[1].CustomerID = 900 // a match stored at staging, which the revision overrides
		rows[2].CustomerID = 901 // a match without revision: kept
		if err := s.AddRows(ctx, imp.ID, rows); err != nil {
			t.Fatal(err)
		}
		if err := s.AddRows(ctx, other.ID, stagedRows(6)); err != nil {
			t.Fatal(err)
		}
		revs := []customer.Revision{
			{ImportID: imp.ID, CustomerID: 700, Row: rows[0].Row, Created: true, After: person("R-1", "Kari", "Nordmann", "", "", "")},
			{ImportID: imp.ID, CustomerID: 701, Row: rows[1].Row, After: person("R-2", "Ola", "Nordmann", "", "", "")},
			{ImportID: other.ID, CustomerID: 702, Row: rows[3].Row, Created: true, After: person("R-3", "Per", "Hansen", "", "", "")},
		}
		if err := s.AddRevisions(ctx, revs); err != nil {
			t.Fatal(err)
		}
		want := map[int]int64{}
		for _, r := range rows {
			want[r.Row] = r.CustomerID // rows[3]: the other import's revision is not its
		}
		want[rows[0].Row], want[rows[1].Row] = 700, 701
		check := func(how string, got []customer.StagedRow) {
			t.Helper()
			if len(got) == 0 {
				t.Errorf("%s: no rows", how)
			}
			for _, r := range got {
				if r.CustomerID != want[r.Row] {
					t.Errorf("%s: row %d has customer %d, want %d", how, r.Row, r.CustomerID, want[r.Row])
				}
			}
		}
		all, _, err := rowsCounted(ctx, s, imp.ID, "", 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		check("Rows", all)
		page, err := s.RowPage(ctx, imp.ID, customer.RowFilter{}, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		check("RowPage", page)
		after, err := s.RowsAfter(ctx, imp.ID, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		check("RowsAfter", after)
		for _, r := range rows[:3] {
			one, err := s.Row(ctx, imp.ID, r.Row)
			if err != nil {
				t.Fatal(err)
			}
			check("Row", []customer.StagedRow{one})
		}
		byKeys, err := s.RowsByKeys(ctx, imp.ID, []customer.Keys{rows[0].Keys, rows[1].Keys})
		if err != nil {
			t.Fatal(err)
		}
		check("RowsByKeys", byKeys)
		got, err := s.Revisions(ctx, tn.ID, imp.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Row != rows[0].Row || got[1].Row != rows[1].Row {
			t.Errorf("Revisions gave rows %+v, want %d and %d", got, rows[0].Row, rows[1].Row)
		}
	})
}

// readBackAs reads every row of the import and wants them as rows.
func readBackAs(t *testing.T, s *Store, importID int64, rows []customer.StagedRow) {
	t.Helper()
	got, _, err := rowsCounted(context.Background(), s, importID, "", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(rows) {
		t.Fatalf("%d rows read back, want %d", len(got), len(rows))
	}
	for i := range rows {
		if !reflect.DeepEqual(got[i], rows[i]) {
			t.Fatalf("row %d read back as %+v, want %+v", rows[i].Row, got[i], rows[i])
		}
	}
}

// importOfRows stages n rows (stagedRows) in a new import of a new tenant.
func importOfRows(t *testing.T, s *Store, slug string, n int) (customer.Import, []customer.StagedRow) {
	t.Helper()
	_, imp := stagedImport(t, s, slug)
	rows := stagedRows(n)
	if err := s.AddRows(context.Background(), imp.ID, rows); err != nil {
		t.Fatal(err)
	}
	return imp, rows
}

// TestSetRowCustomers sets the customer of some staged rows, across a batch boundary, and checks
// on both databases that exactly those rows changed and only in their customer; that a customer
// can be cleared; and that a row not in the import fails with ENotFound and changes nothing.
func TestSetRowCustomers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := opener(dsn)(t)
		// Every second row of twice a statement's rows, on the database's statement size.
		size := s.d.rowsPerStatement(2, 3)
		n := 2*size + 10
		imp, rows := importOfRows(t, s, "ids", n)
		var set []importer.RowCustomer
		for i := range rows {
			if i%2 == 0 {
				id := int64(50000 + i)
				if i == 4 {
					id = 0 // cleared: stored as no customer
				}
				set = append(set, importer.RowCustomer{Row: rows[i].Row, CustomerID: id})
				rows[i].CustomerID = id
			}
		}
		if len(set) <= size {
			t.Fatalf("%d rows to set fit one statement of %d", len(set), size)
		}
		if err := s.SetRowCustomers(ctx, imp.ID, set); err != nil {
			t.Fatalf("SetRowCustomers(%d rows): %v", len(set), err)
		}
		readBackAs(t, s, imp.ID, rows)

		missing := []importer.RowCustomer{{Row: rows[1].Row, CustomerID: 7}, {Row: n + 100, CustomerID: 8}}
		if err := s.SetRowCustomers(ctx, imp.ID, missing); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("SetRowCustomers(a row not in the import) = %v, want ENotFound", err)
		}
		if r, err := s.Row(ctx, imp.ID, rows[1].Row); err != nil || r.CustomerID != rows[1].CustomerID {
			t.Errorf("after the failed call, row %d has customer %d (%v), want %d", rows[1].Row, r.CustomerID, err, rows[1].CustomerID)
		}
		if err := s.SetRowCustomers(ctx, imp.ID+1000, set[:1]); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("SetRowCustomers(another import) = %v, want ENotFound", err)
		}
		if err := s.SetRowCustomers(ctx, imp.ID, nil); err != nil {
			t.Errorf("SetRowCustomers(no rows) = %v", err)
		}
	})
}

// TestSaveRowKeys sets the keys of some staged rows, across a batch boundary, and checks on both
// databases that exactly those rows changed and only in their keys, that RowsByKeys finds them by
// their new keys and no longer by their old ones, and that a row not in the import fails with
// ENotFound and changes nothing.
func TestSaveRowKeys(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := opener(dsn)(t)
		// Every third row of three times a statement's rows, on the database's statement size.
		size := s.d.rowsPerStatement(5, 3)
		n := 3*size + 10
		imp, rows := importOfRows(t, s, "keys", n)
		var set []importer.RowKeys
		for i := range rows {
			if i%3 == 0 {
				rows[i].Keys.Email = fmt.Sprintf("p%d@mail.example.no", i)
				rows[i].Keys.Mobile = fmt.Sprintf("+479%07d", i)
				set = append(set, importer.RowKeys{Row: rows[i].Row, Keys: rows[i].Keys})
			}
		}
		if len(set) <= size {
			t.Fatalf("%d rows to set fit one statement of %d", len(set), size)
		}
		if err := s.SaveRowKeys(ctx, imp.ID, set); err != nil {
			t.Fatalf("SaveRowKeys(%d rows): %v", len(set), err)
		}
		readBackAs(t, s, imp.ID, rows)
		last := len(set) - 1
		found, err := s.RowsByKeys(ctx, imp.ID, []customer.Keys{{Email: set[last].Keys.Email}, {Email: fmt.Sprintf("p%d@example.no", set[last].Row-2)}})
		if err != nil || len(found) != 1 || found[0].Row != set[last].Row {
			t.Errorf("RowsByKeys(row %d's new and old email) = %d rows (%v), want the row once", set[last].Row, len(found), err)
		}

		missing := []importer.RowKeys{{Row: rows[1].Row, Keys: customer.Keys{Email: "x@example.no"}}, {Row: n + 100}}
		if err := s.SaveRowKeys(ctx, imp.ID, missing); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("SaveRowKeys(a row not in the import) = %v, want ENotFound", err)
		}
		if r, err := s.Row(ctx, imp.ID, rows[1].Row); err != nil || r.Keys != rows[1].Keys {
			t.Errorf("after the failed call, row %d has keys %+v (%v), want %+v", rows[1].Row, r.Keys, err, rows[1].Keys)
		}
		if err := s.SaveRowKeys(ctx, imp.ID+1000, set[:1]); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("SaveRowKeys(another import) = %v, want ENotFound", err)
		}
		if err := s.SaveRowKeys(ctx, imp.ID, nil); err != nil {
			t.Errorf("SaveRowKeys(no rows) = %v", err)
		}
	})
}

// TestRowsAfter walks an import's rows page by page, with pages that do and do not divide the
// rows evenly, and checks on both databases that the walk reads every row once, in order, as
// stored; and that a missing import fails with ENotFound while an empty one simply ends.
func TestRowsAfter(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := opener(dsn)(t)
		tn := customer.Tenant{Slug: "pages", Name: "Pages", Country: "NO", Language: "nb"}
		if err := s.CreateTenant(ctx, &tn); err != nil {
			t.Fatal(err)
		}
		stage := func(rows []customer.StagedRow) customer.Import {
			imp := customer.Import{TenantID: tn.ID, FileName: "pages.csv", Mode: customer.ModeCreate}
			if err := s.CreateImport(ctx, &imp); err != nil {
				t.Fatal(err)
			}
			if err := s.AddRows(ctx, imp.ID, rows); err != nil {
				t.Fatal(err)
			}
			return imp
		}
		rows := stagedRows(1000)
		rows = append(rows[:10], rows[11:]...) // a gap in the row numbers
		for i := range rows[900:] {
			rows[900+i].Row += 20000 // and a gap of many pages
		}
		imp := stage(rows)
		stage(stagedRows(30)) // another import's rows are not walked
		for _, size := range []int{1, 7, 999, 1000, 5000} {
			var got []customer.StagedRow
			after := 0
			for calls := 0; ; calls++ {
				page, err := s.RowsAfter(ctx, imp.ID, after, size)
				if err != nil {
					t.Fatalf("RowsAfter(%d, %d): %v", after, size, err)
				}
				if len(page) > size {
					t.Fatalf("RowsAfter(%d, %d) gave %d rows", after, size, len(page))
				}
				if len(page) == 0 {
					break
				}
				if calls > len(rows) {
					t.Fatalf("page size %d: the walk does not end", size)
				}
				got = append(got, page...)
				after = page[len(page)-1].Row
			}
			if !reflect.DeepEqual(got, rows) {
				t.Errorf("page size %d: the walk read %d rows, want the %d stored, in order", size, len(got), len(rows))
			}
		}
		if _, err := s.RowsAfter(ctx, 1<<40, 0, 10); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("RowsAfter(missing import) = %v, want ENotFound", err)
		}
		if got, err := s.RowsAfter(ctx, stage(nil).ID, 0, 10); err != nil || len(got) != 0 {
			t.Errorf("RowsAfter(empty import) = %d rows, %v", len(got), err)
		}
	})
}

// TestAddRows stages an import's rows in chunks, as Stage does, and checks on both databases that
// they read back as added; that a row number staged twice fails and leaves the rows staged
// before; and that DeleteRows empties the import, and only it.
func TestAddRows(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := opener(dsn)(t)
		tn := customer.Tenant{Slug: "chunks", Name: "Chunks", Country: "NO", Language: "nb"}
		if err := s.CreateTenant(ctx, &tn); err != nil {
			t.Fatal(err)
		}
		newImport := func() customer.Import {
			imp := customer.Import{TenantID: tn.ID, FileName: "chunks.csv", Mode: customer.ModeCreate}
			if err := s.CreateImport(ctx, &imp); err != nil {
				t.Fatal(err)
			}
			return imp
		}
		rows := stagedRows(2500)
		imp, other := newImport(), newImport()
		if err := s.AddRows(ctx, other.ID, rows[:10]); err != nil {
			t.Fatal(err)
		}
		for _, part := range [][]customer.StagedRow{rows[:1000], rows[1000:1001], nil, rows[1001:]} {
			if err := s.AddRows(ctx, imp.ID, part); err != nil {
				t.Fatalf("AddRows(%d rows): %v", len(part), err)
			}
		}
		got, _, err := rowsCounted(ctx, s, imp.ID, "", 0, 0)
		if err != nil || !reflect.DeepEqual(got, rows) {
			t.Fatalf("after AddRows in chunks, %d rows read back (%v), want the %d added", len(got), err, len(rows))
		}
		if err := s.AddRows(ctx, imp.ID, rows[5:7]); err == nil {
			t.Error("AddRows of row numbers already staged succeeded")
		}
		if _, total, _ := rowsCounted(ctx, s, imp.ID, "", 0, 0); total != len(rows) {
			t.Errorf("after the failed AddRows, %d rows, want %d", total, len(rows))
		}
		if err := s.AddRows(ctx, 1<<40, rows[:1]); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("AddRows(missing import) = %v, want ENotFound", err)
		}
		if err := s.DeleteRows(ctx, imp.ID); err != nil {
			t.Fatal(err)
		}
		if _, total, _ := rowsCounted(ctx, s, imp.ID, "", 0, 0); total != 0 {
			t.Errorf("after DeleteRows, %d rows", total)
		}
		if _, total, _ := rowsCounted(ctx, s, other.ID, "", 0, 0); total != 10 {
			t.Errorf("DeleteRows of one import left another with %d rows, want 10", total)
		}
		if err := s.DeleteRows(ctx, 1<<40); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("DeleteRows(missing import) = %v, want ENotFound", err)
		}
	})
}
