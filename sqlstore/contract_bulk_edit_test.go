package sqlstore

import (
	"context"
	"slices"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
)

// TestRowFilters holds the store's filters to what they say, on both databases: a cause is one
// problem's code and field, whatever LIKE's wildcards the request holds; text is matched in Go;
// the chips count each row once per cause.
func TestRowFilters(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := newTenant(t, s)
		imp := createImport(t, s, tn.ID)
		rows := stagedRows(6)
		for i := range rows {
			rows[i].Status, rows[i].Errors, rows[i].Warnings = customer.StatusNew, nil, nil
		}
		p := customer.NewProblem
		rows[0].Status, rows[0].Errors = customer.StatusError, []customer.Problem{p(customer.FMobile, customer.CodeInvalidPhone, "x"), p(customer.FPhone, customer.CodeInvalidPhone, "x")}
		rows[1].Status, rows[1].Errors = customer.StatusError, []customer.Problem{p(customer.FPhone, customer.CodeInvalidPhone, "x")}
		rows[2].Warnings = []customer.Problem{p(customer.FPostcode, customer.WarnLeadingZero, "x"), p(customer.FPostcode, customer.WarnLeadingZero, "again")}
		rows[3].Raw[customer.FCity] = "Ålesund 50% off_sale"
		rows[4].Raw[customer.FNote] = `Ola & "Kari" <ok>`
		replaceRows(t, s, imp.ID, rows)

		cases := []struct {
			name string
			f    customer.RowFilter
			want []int
		}{
			{"code", customer.RowFilter{Code: customer.CodeInvalidPhone}, []int{2, 3}},
			{"code on a field", customer.RowFilter{Code: customer.CodeInvalidPhone, Field: "mobile"}, []int{2}},
			{"field of an error", customer.RowFilter{Field: "phone"}, []int{2, 3}},
			{"a wildcard is a character", customer.RowFilter{Code: "invalid%"}, nil},
			{"an underscore is a character", customer.RowFilter{Code: "invalid_phon_"}, nil},
			{"warnings", customer.RowFilter{Status: customer.FilterWarnings}, []int{4}},
			{"error status and field", customer.RowFilter{Status: customer.StatusError, Field: "mobile"}, []int{2}},
			{"text with LIKE's characters", customer.RowFilter{Query: "50% OFF_SALE ålesund"}, []int{5}},
			{"rows", customer.RowFilter{Rows: []int{7, 3, 100}}, []int{3, 7}},
			{"text JSON escapes", customer.RowFilter{Query: `"kari" & <OK>`}, []int{6}},
			{"text found in JSON's keys only", customer.RowFilter{Query: "note"}, nil},
			{"text upper case", customer.RowFilter{Query: "OLA KARI"}, []int{6}},
			{"text upper case beyond ASCII", customer.RowFilter{Query: "ÅLESUND"}, []int{5}},
			{"text and a cause", customer.RowFilter{Query: "ålesund", Status: customer.StatusError}, nil},
		}
		for _, c := range cases {
			page, err := s.RowPage(ctx, imp.ID, c.f, 0, 0)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			n, err := s.CountRows(ctx, imp.ID, c.f)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			var got, walked []int
			for _, r := range page {
				got = append(got, r.Row)
			}
			if err := s.write(ctx, func(q *queries) error {
				return q.EachFiltered(ctx, imp.ID, c.f, func(r *customer.StagedRow) error { walked = append(walked, r.Row); return nil })
			}); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, c.want) || n != len(c.want) || !slices.Equal(walked, c.want) {
				t.Errorf("%s: RowPage %v, CountRows %d, EachFiltered %v; want %v", c.name, got, n, walked, c.want)
			}
		}

		counts, err := s.ProblemCounts(ctx, imp.ID, customer.RowFilter{})
		want := []customer.ProblemCount{
			{Code: customer.CodeInvalidPhone, Field: "phone", Count: 2},
			{Code: customer.CodeInvalidPhone, Field: "mobile", Count: 1},
			{Code: customer.WarnLeadingZero, Field: "postcode", Warning: true, Count: 1},
		}
		if err != nil || !slices.Equal(counts, want) {
			t.Errorf("ProblemCounts = %+v, %v; want %+v", counts, err, want)
		}
		if counts, err := s.ProblemCounts(ctx, imp.ID, customer.RowFilter{Rows: []int{3, 4}}); err != nil || len(counts) != 2 {
			t.Errorf("ProblemCounts of rows 3 and 4 = %+v, %v; want phone and postcode", counts, err)
		}
		if _, err := s.ProblemCounts(ctx, 987654, customer.RowFilter{}); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("ProblemCounts of no import: %v", err)
		}
	})
}

// TestSaveBulkEdit stores an edit's rows and takes it back: the rows get their cells and skip
// back, marked edited, and the edit is recorded as undone; edits are taken back last first.
func TestSaveBulkEdit(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := newTenant(t, s)
		imp := createImport(t, s, tn.ID)
		rows := stagedRows(4)
		for i := range rows {
			rows[i].Edited = false
		}
		replaceRows(t, s, imp.ID, rows)
		edit := func(seqWant int, changes map[int]string, skip bool) {
			t.Helper()
			var brs []importer.BulkRow
			for n, city := range changes {
				r := rows[n-2]
				br := importer.BulkRow{Row: n, Raw: r.Raw, Skipped: skip, Touched: 1 << customer.FCity}
				br.Raw[customer.FCity] = city
				if skip != r.Skipped {
					br.Touched |= customer.TouchSkip
				}
				brs = append(brs, br)
			}
			rec := importer.BulkRecord{Actor: "kari@example.no", Edit: customer.BulkEdit{Set: map[string]string{"city": "x"}}, Changed: len(brs)}
			if err := s.Commit(ctx, tn.ID, func(q importer.Queries) error { return q.SaveBulkEdit(ctx, imp.ID, &rec, brs) }); err != nil {
				t.Fatal(err)
			}
			if rec.Seq != seqWant {
				t.Errorf("seq %d, want %d", rec.Seq, seqWant)
			}
			// The edit's rows hold their new cells, marked edited.
			for n, city := range changes {
				r, err := s.Row(ctx, imp.ID, n)
				if err != nil || r.Raw[customer.FCity] != city || !r.Edited || r.Skipped != skip {
					t.Errorf("row %d after edit %d: %q edited %v skipped %v, %v", n, seqWant, r.Raw[customer.FCity], r.Edited, r.Skipped, err)
				}
				rows[n-2] = r
			}
		}
		edit(1, map[int]string{2: "Bergen", 4: "Molde"}, false)
		edit(2, map[int]string{4: "Tromsø", 5: "Bodø"}, true)

		undo := func(seqWant int) {
			t.Helper()
			var rec importer.BulkRecord
			err := s.Commit(ctx, tn.ID, func(q importer.Queries) error {
				var err error
				rec, err = q.UndoBulkEdit(ctx, imp.ID)
				return err
			})
			if err != nil || rec.Seq != seqWant || !rec.Undone || rec.Edit.Set["city"] != "x" || rec.Actor != "kari@example.no" {
				t.Fatalf("UndoBulkEdit = %+v, %v; want edit %d", rec, err, seqWant)
			}
		}
		// A search finds the rows by their cells as edited …
		search := func(word string, want ...int) {
			t.Helper()
			var got []int
			page, err := s.RowPage(ctx, imp.ID, customer.RowFilter{Query: word}, 0, 0)
			for _, r := range page {
				got = append(got, r.Row)
			}
			if err != nil || !slices.Equal(got, want) {
				t.Errorf("search %q: %v, %v; want %v", word, got, err, want)
			}
		}
		search("tromsø", 4)
		undo(2)
		if r, _ := s.Row(ctx, imp.ID, 4); r.Raw[customer.FCity] != "Molde" || r.Skipped {
			t.Errorf("row 4 after undoing edit 2: %q skipped %v; want Molde, not skipped", r.Raw[customer.FCity], r.Skipped)
		}
		// … and, once an edit is taken back, as they were before it.
		search("tromsø")
		search("molde", 4)
		// What the edits touched: the city, and the skip of the rows edit 2 skipped.
		edited, err := s.EditedRows(ctx, imp.ID)
		for _, r := range edited {
			want := customer.FieldSet(1 << customer.FCity)
			if r.Row == 4 || r.Row == 5 {
				want |= customer.TouchSkip
			}
			if r.Touched != want {
				t.Errorf("row %d touched %b, want %b (%v)", r.Row, r.Touched, want, err)
			}
		}
		undo(1)
		r, _ := s.Row(ctx, imp.ID, 4)
		if r.Raw != stagedRows(4)[2].Raw || !r.Edited {
			t.Errorf("row 4 after undoing both: %+v", r.Raw)
		}
		err = s.Commit(ctx, tn.ID, func(q importer.Queries) error { _, err := q.UndoBulkEdit(ctx, imp.ID); return err })
		if customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("a third undo: %v, want ENotFound", err)
		}
		recs, err := s.BulkEdits(ctx, imp.ID)
		if err != nil || len(recs) != 2 || !recs[0].Undone || !recs[1].Undone || recs[1].Changed != 2 {
			t.Errorf("BulkEdits = %+v, %v", recs, err)
		}
		// ClearEdited leaves no row edited.
		if err := s.Commit(ctx, tn.ID, func(q importer.Queries) error { return q.ClearEdited(ctx, imp.ID) }); err != nil {
			t.Fatal(err)
		}
		if edited, err := s.EditedRows(ctx, imp.ID); err != nil || len(edited) != 0 {
			t.Errorf("EditedRows after ClearEdited: %d, %v", len(edited), err)
		}
	})
}
