package importer_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// bulkBase is a file whose error rows share causes, as a shop's exports do: emails with a comma
// for the dot, mobiles without their country code read in another country, blank countries.
var bulkBase = []map[string]string{
	{"first_name": "Kari", "last_name": "Lund", "email": "kari@example,no", "country": "NO"},               // 2: invalid email
	{"first_name": "Per", "last_name": "Hansen", "email": "per@example,no", "country": ""},                 // 3: invalid email
	{"first_name": "Ola", "last_name": "Berg", "email": "ola@example.no", "mobile": "12", "country": "NO"}, // 4: invalid phone
	{"first_name": "Lise", "last_name": "Dahl", "email": "lise@example.no", "country": ""},                 // 5
	{"first_name": "Tor", "last_name": "Dahl", "email": "LISE@example.no", "country": "NO"},                // 6: duplicate of 5
	{"first_name": "Anne", "last_name": "Lie", "email": "anne@example.no", "postcode": "150"},              // 7: leading zero warning
}

// TestBulkEdit runs each bulk operation on a staged import, both databases: what it changes, that
// the change waits for validate (or not, with validate), and that UndoBulkEdit takes it back.
func TestBulkEdit(t *testing.T) {
	ctx := context.Background()
	yes, no := true, false
	dbtest.Each(t, func(t *testing.T, dsn string) {
		s := openStore(t, dsn)
		stage := func(t *testing.T) (*shop, customer.Import) {
			sh := newShop(t, s, "NO")
			imp := sh.stage(csvFile(t, "kunder.csv", bulkBase...), customer.ModeCreate)
			checkStatus(t, sh.rows(imp.ID), map[int]customer.Status{2: customer.StatusError, 3: customer.StatusError,
				4: customer.StatusError, 5: customer.StatusNew, 6: customer.StatusError, 7: customer.StatusNew})
			return sh, imp
		}
		cell := func(t *testing.T, sh *shop, id int64, row, field int) string {
			t.Helper()
			return rowNum(t, sh.rows(id), row).Raw[field]
		}

		t.Run("filters", func(t *testing.T) {
			sh, imp := stage(t)
			cases := []struct {
				name string
				f    customer.RowFilter
				want []int
			}{
				{"all", customer.RowFilter{}, []int{2, 3, 4, 5, 6, 7}},
				{"status", customer.RowFilter{Status: customer.StatusError}, []int{2, 3, 4, 6}},
				{"code", customer.RowFilter{Code: customer.CodeInvalidEmail}, []int{2, 3}},
				{"code on its field", customer.RowFilter{Code: customer.CodeInvalidEmail, Field: "email"}, []int{2, 3}},
				{"code on another field", customer.RowFilter{Code: customer.CodeInvalidEmail, Field: "mobile"}, nil},
				{"field", customer.RowFilter{Field: "mobile"}, []int{4}},
				{"warnings", customer.RowFilter{Status: customer.FilterWarnings}, []int{7}},
				{"warning code", customer.RowFilter{Code: customer.WarnLeadingZero}, []int{7}},
				{"text, any case, any order", customer.RowFilter{Query: "DAHL lise"}, []int{5, 6}},
				{"text and status", customer.RowFilter{Query: "dahl", Status: customer.StatusNew}, []int{5}},
				{"rows", customer.RowFilter{Rows: []int{3, 5, 99}}, []int{3, 5}},
				{"rows and code", customer.RowFilter{Rows: []int{3, 4}, Code: customer.CodeInvalidEmail}, []int{3}},
			}
			for _, c := range cases {
				rows, total, err := sh.im.Rows(ctx, sh.tn, imp.ID, c.f, 0, 0)
				if err != nil {
					t.Fatalf("%s: %v", c.name, err)
				}
				var got []int
				for _, r := range rows {
					got = append(got, r.Row)
				}
				if !slices.Equal(got, c.want) || total != len(c.want) {
					t.Errorf("%s: rows %v (total %d), want %v", c.name, got, total, c.want)
				}
			}
			// A page of a text search.
			rows, total, err := sh.im.Rows(ctx, sh.tn, imp.ID, customer.RowFilter{Query: "example"}, 2, 2)
			if err != nil || total != 6 || len(rows) != 2 || rows[0].Row != 4 || rows[1].Row != 5 {
				t.Errorf("page 2 of a search: %d rows from %v, total %d, %v; want rows 4 and 5 of 6", len(rows), rows, total, err)
			}

			counts, err := sh.im.ProblemCounts(ctx, sh.tn, imp.ID, customer.RowFilter{})
			if err != nil {
				t.Fatal(err)
			}
			want := []customer.ProblemCount{
				{Code: customer.CodeInvalidEmail, Field: "email", Count: 2},
				{Code: customer.CodeDuplicateInFile, Field: "email", Count: 1},
				{Code: customer.CodeInvalidPhone, Field: "mobile", Count: 1},
				{Code: customer.WarnLeadingZero, Field: "postcode", Warning: true, Count: 1},
			}
			if !slices.Equal(counts, want) {
				t.Errorf("ProblemCounts = %+v, want %+v", counts, want)
			}
			// Counted among the rows a search finds: Kari's row alone.
			counts, err = sh.im.ProblemCounts(ctx, sh.tn, imp.ID, customer.RowFilter{Query: "kari"})
			if want := []customer.ProblemCount{{Code: customer.CodeInvalidEmail, Field: "email", Count: 1}}; err != nil || !slices.Equal(counts, want) {
				t.Errorf("ProblemCounts(kari) = %+v, %v; want %+v", counts, err, want)
			}
		})

		t.Run("replace on a cause, then validate", func(t *testing.T) {
			sh, imp := stage(t)
			f := customer.RowFilter{Code: customer.CodeInvalidEmail, Field: "email"}
			e := customer.BulkEdit{Replace: &customer.Replace{Field: "email", Find: ",NO", With: ".no"}}
			res, err := sh.im.BulkEdit(ctx, sh.tn, imp.ID, f, e, "kari@sykkelbutikken.no", false, true)
			if err != nil || res.Changed != 2 {
				t.Fatalf("dry run: %+v, %v; want 2 changed", res, err)
			}
			if got := cell(t, sh, imp.ID, 2, customer.FEmail); got != "kari@example,no" {
				t.Fatalf("a dry run changed row 2's email to %q", got)
			}
			res, err = sh.im.BulkEdit(ctx, sh.tn, imp.ID, f, e, "kari@sykkelbutikken.no", false, false)
			if err != nil || res.Changed != 2 {
				t.Fatalf("BulkEdit: %+v, %v; want 2 changed", res, err)
			}
			rows := sh.rows(imp.ID)
			for _, n := range []int{2, 3} {
				r := rowNum(t, rows, n)
				if !r.Edited || r.Status != customer.StatusError || !strings.HasSuffix(r.Raw[customer.FEmail], "@example.no") {
					t.Errorf("row %d after the edit: edited %v, %s, %q; want edited, still error until validated, @example.no", n, r.Edited, r.Status, r.Raw[customer.FEmail])
				}
			}
			v, err := sh.im.Validate(ctx, sh.tn, imp.ID)
			if err != nil {
				t.Fatal(err)
			}
			checkStatus(t, sh.rows(imp.ID), map[int]customer.Status{2: customer.StatusNew, 3: customer.StatusNew})
			if v.Summary.Error != 2 || v.Summary.New != 4 {
				t.Errorf("summary %+v, want 4 new and 2 errors", v.Summary)
			}

			// Undo puts the cells back; the next validate finds the errors again.
			u, err := sh.im.UndoBulkEdit(ctx, sh.tn, imp.ID, "kari@sykkelbutikken.no", true)
			if err != nil || u.Changed != 2 || u.Import.Summary.Error != 4 {
				t.Fatalf("UndoBulkEdit: %+v, %v; want 2 rows back and 4 errors", u, err)
			}
			if got := cell(t, sh, imp.ID, 3, customer.FEmail); got != "per@example,no" {
				t.Errorf("after undo row 3's email is %q", got)
			}
			if _, err := sh.im.UndoBulkEdit(ctx, sh.tn, imp.ID, "kari@sykkelbutikken.no", false); customer.ErrorCodeOf(err) != customer.EConflict {
				t.Errorf("a second undo: %v, want EConflict (nothing left to take back)", err)
			}
			edits, err := sh.im.BulkEdits(ctx, sh.tn, imp.ID)
			if err != nil || len(edits) != 1 || !edits[0].Undone || edits[0].Changed != 2 || edits[0].Actor != "kari@sykkelbutikken.no" ||
				edits[0].Edit.Replace == nil || edits[0].Edit.Replace.Find != ",NO" {
				t.Errorf("BulkEdits = %+v, %v; want the one replace, undone", edits, err)
			}
		})

		t.Run("set, fill blank and regex", func(t *testing.T) {
			sh, imp := stage(t)
			res, err := sh.im.BulkEdit(ctx, sh.tn, imp.ID, customer.RowFilter{}, customer.BulkEdit{FillBlank: map[string]string{"country": "NO"}}, "", false, false)
			if err != nil || res.Changed != 3 { // rows 3, 5 and 7 have no country
				t.Fatalf("fill_blank: %+v, %v; want 3 changed", res, err)
			}
			res, err = sh.im.BulkEdit(ctx, sh.tn, imp.ID, customer.RowFilter{Rows: []int{4}}, customer.BulkEdit{Set: map[string]string{"mobile": "912 34 567", "city": "Oslo"}}, "", false, false)
			if err != nil || res.Changed != 1 {
				t.Fatalf("set: %+v, %v; want 1 changed", res, err)
			}
			res, err = sh.im.BulkEdit(ctx, sh.tn, imp.ID, customer.RowFilter{}, customer.BulkEdit{Replace: &customer.Replace{Field: "email", Regex: true, Find: `^(\w+)@example,no$`, With: "${1}@example.no"}}, "", true, false)
			if err != nil || res.Changed != 2 {
				t.Fatalf("regex: %+v, %v; want 2 changed", res, err)
			}
			rows := sh.rows(imp.ID)
			for n, want := range map[int]string{2: "NO", 3: "NO", 5: "NO", 6: "NO"} {
				if got := rowNum(t, rows, n).Raw[customer.FCountry]; got != want {
					t.Errorf("row %d: country %q, want %q", n, got, want)
				}
			}
			if r := rowNum(t, rows, 2); r.Raw[customer.FEmail] != "kari@example.no" {
				t.Errorf("row 2: email %q", r.Raw[customer.FEmail])
			}
			// Validated at once: only the duplicate is left.
			if res.Import.Summary.Error != 1 || res.Import.Summary.New != 5 {
				t.Errorf("summary after validate %+v, want 5 new and 1 error", res.Import.Summary)
			}
		})

		t.Run("skip", func(t *testing.T) {
			sh, imp := stage(t)
			// Skipping the first of two rows with one email leaves the other no duplicate.
			res, err := sh.im.BulkEdit(ctx, sh.tn, imp.ID, customer.RowFilter{Rows: []int{5}}, customer.BulkEdit{Skip: &yes}, "", true, false)
			if err != nil || res.Changed != 1 {
				t.Fatalf("skip: %+v, %v", res, err)
			}
			rows := sh.rows(imp.ID)
			checkStatus(t, rows, map[int]customer.Status{5: customer.StatusSkipped, 6: customer.StatusNew})
			if r := rowNum(t, rows, 5); !r.Skipped || len(r.Errors) != 0 || r.Keys != (customer.Keys{}) {
				t.Errorf("skipped row: %+v", r)
			}
			if s := res.Import.Summary; s.Skipped != 1 || s.New != 2 || s.Error != 3 || s.Rows != 6 {
				t.Errorf("summary %+v, want 1 skipped, 2 new, 3 errors", s)
			}
			if got, total, err := sh.im.Rows(ctx, sh.tn, imp.ID, customer.RowFilter{Status: customer.StatusSkipped}, 0, 0); err != nil || len(got) != 1 || total != 1 || got[0].Row != 5 {
				t.Errorf("rows of status skipped: %+v (total %d), %v; want row 5", got, total, err)
			}
			// Taking it back makes the duplicate a duplicate again.
			if res, err = sh.im.BulkEdit(ctx, sh.tn, imp.ID, customer.RowFilter{Rows: []int{5}}, customer.BulkEdit{Skip: &no}, "", true, false); err != nil || res.Changed != 1 {
				t.Fatalf("include: %+v, %v", res, err)
			}
			checkStatus(t, sh.rows(imp.ID), map[int]customer.Status{5: customer.StatusNew, 6: customer.StatusError})
			// Skipped rows are not committed.
			if _, err = sh.im.BulkEdit(ctx, sh.tn, imp.ID, customer.RowFilter{Query: "lise"}, customer.BulkEdit{Skip: &yes}, "", true, false); err != nil {
				t.Fatal(err)
			}
			done := sh.confirm(imp.ID)
			if done.Summary.Skipped != 2 || done.Summary.New != 1 || done.Summary.Error != 3 {
				t.Errorf("committed summary %+v, want 2 skipped, 1 new, 3 errors", done.Summary)
			}
			for _, c := range sh.customers() {
				if strings.EqualFold(c.Values[customer.FEmail], "lise@example.no") {
					t.Errorf("a skipped row was committed: %+v", c.Values)
				}
			}
			if cs := sh.customers(); len(cs) != 1 || cs[0].Values[customer.FFirstName] != "Anne" {
				t.Errorf("customers %+v, want Anne's alone (the other rows are errors or skipped)", cs)
			}
		})

		t.Run("bad input changes nothing", func(t *testing.T) {
			sh, imp := stage(t)
			before := sh.rows(imp.ID)
			cases := []struct {
				name string
				f    customer.RowFilter
				e    customer.BulkEdit
				code customer.ErrorCode
				says string
			}{
				{"unknown field", customer.RowFilter{}, customer.BulkEdit{Set: map[string]string{"shoe_size": "42"}}, customer.EInvalid, `Unknown field "shoe_size"`},
				{"unknown filter field", customer.RowFilter{Field: "shoe_size"}, customer.BulkEdit{Skip: &yes}, customer.EInvalid, `Unknown field "shoe_size"`},
				{"no operation", customer.RowFilter{}, customer.BulkEdit{}, customer.EInvalid, "exactly one"},
				{"two operations", customer.RowFilter{}, customer.BulkEdit{Skip: &yes, ApplySuggestions: true}, customer.EInvalid, "exactly one"},
				{"nothing matches", customer.RowFilter{Query: "zebra"}, customer.BulkEdit{Skip: &yes}, customer.EInvalid, "No row"},
				{"bad pattern", customer.RowFilter{}, customer.BulkEdit{Replace: &customer.Replace{Field: "email", Find: "(", Regex: true}}, customer.EInvalid, "not a regular expression"},
				{"too long", customer.RowFilter{}, customer.BulkEdit{Set: map[string]string{"postcode": strings.Repeat("9", 11)}}, customer.EInvalid, "Postcode holds at most 10"},
				{"replaced too long", customer.RowFilter{}, customer.BulkEdit{Replace: &customer.Replace{Field: "first_name", Find: "a", With: strings.Repeat("a", 60)}}, customer.EInvalid, "Row 2"},
			}
			for _, c := range cases {
				_, err := sh.im.BulkEdit(ctx, sh.tn, imp.ID, c.f, c.e, "", true, false)
				if customer.ErrorCodeOf(err) != c.code || err == nil || !strings.Contains(err.Error(), c.says) {
					t.Errorf("%s: %v, want %s saying %q", c.name, err, c.code, c.says)
				}
			}
			if after := sh.rows(imp.ID); !slices.EqualFunc(before, after, func(a, b customer.StagedRow) bool {
				return a.Raw == b.Raw && a.Edited == b.Edited && a.Skipped == b.Skipped
			}) {
				t.Errorf("bad bulk edits changed rows")
			}
			if edits, err := sh.im.BulkEdits(ctx, sh.tn, imp.ID); err != nil || len(edits) != 0 {
				t.Errorf("bad bulk edits were recorded: %+v, %v", edits, err)
			}
			sh.confirm(imp.ID)
			_, err := sh.im.BulkEdit(ctx, sh.tn, imp.ID, customer.RowFilter{}, customer.BulkEdit{Skip: &yes}, "", false, false)
			if customer.ErrorCodeOf(err) != customer.EConflict {
				t.Errorf("a bulk edit of a committed import: %v, want EConflict", err)
			}
			if _, err := sh.im.UndoBulkEdit(ctx, sh.tn, imp.ID, "", false); customer.ErrorCodeOf(err) != customer.EConflict {
				t.Errorf("undoing a bulk edit of a committed import: %v, want EConflict", err)
			}
		})

		t.Run("another shop's import", func(t *testing.T) {
			sh, imp := stage(t)
			other := newShop(t, s, "NO")
			if _, err := other.im.BulkEdit(ctx, other.tn, imp.ID, customer.RowFilter{}, customer.BulkEdit{Skip: &yes}, "", false, false); customer.ErrorCodeOf(err) != customer.ENotFound {
				t.Errorf("BulkEdit from another shop: %v, want ENotFound", err)
			}
			if _, err := other.im.ProblemCounts(ctx, other.tn, imp.ID, customer.RowFilter{}); customer.ErrorCodeOf(err) != customer.ENotFound {
				t.Errorf("ProblemCounts from another shop: %v, want ENotFound", err)
			}
			if rows, _, err := sh.im.Rows(ctx, sh.tn, imp.ID, customer.RowFilter{}, 0, 0); err != nil || len(rows) != 6 || rows[0].Skipped {
				t.Errorf("the shop's own rows: %d, %v; want 6, none skipped", len(rows), err)
			}
		})

		t.Run("a new upload forgets the edits", func(t *testing.T) {
			sh, imp := stage(t)
			if _, err := sh.im.BulkEdit(ctx, sh.tn, imp.ID, customer.RowFilter{}, customer.BulkEdit{Skip: &yes}, "", false, false); err != nil {
				t.Fatal(err)
			}
			sh.restage(csvFile(t, "kunder.csv", bulkBase...), customer.ModeCreate, imp.ID)
			if _, err := sh.im.UndoBulkEdit(ctx, sh.tn, imp.ID, "", false); customer.ErrorCodeOf(err) != customer.EConflict {
				t.Errorf("undo after a new upload: %v, want EConflict (the edit went with the old rows)", err)
			}
		})
	})
}
