package importer_test

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// dupeOf returns a row's possible_duplicate warning, or nil.
func dupeOf(r customer.StagedRow) *customer.Problem {
	for i := range r.Warnings {
		if r.Warnings[i].Code == customer.WarnPossibleDuplicate {
			return &r.Warnings[i]
		}
	}
	return nil
}

// TestPossibleDuplicates: a row likely to be the same person as a stored customer (a swapped
// name at her address, a slip in her name with her email at a mistyped domain) or as an earlier
// row of the file (across a chunk boundary) gets a possible_duplicate warning naming whom, stays
// importable, and is counted in the summary; a family member at the address, a new customer and
// a row that updates the stored customer it is like do not. The dry run says the same, and the
// confirm commits every row. Both databases.
func TestPossibleDuplicates(t *testing.T) {
	ctx := context.Background()
	dbtest.Each(t, func(t *testing.T, dsn string) {
		s := openStore(t, dsn)
		sh := newShop(t, s, "NO")
		sh.im.Chunk = 2
		sh.load(csvFile(t, "stored.csv",
			map[string]string{"account_number": "A-1002", "first_name": "Kari", "last_name": "Nordmann", "email": "kari.nordmann@gmail.com",
				"mobile": "+47 912 34 567", "address_line1": "Storgata 5", "postcode": "0150", "city": "Oslo"},
			map[string]string{"account_number": "A-1003", "first_name": "Ola", "last_name": "Hansen", "email": "ola.hansen@online.no",
				"address_line1": "Kirkeveien 3", "postcode": "5003", "city": "Bergen"},
		))
		kari := sh.customer(customer.FAccount, "A-1002")
		path := csvFile(t, "nye.csv",
			map[string]string{"first_name": "Nordmann", "last_name": "Kari", "address_line1": "Storgata 5", "postcode": "0150", "city": "Oslo"},
			map[string]string{"first_name": "Kari", "last_name": "Nordman", "email": "kari.nordmann@gmial.com"},
			map[string]string{"first_name": "Per", "last_name": "Nordmann", "email": "per.nordmann@gmail.com", "mobile": "+47 987 65 432",
				"address_line1": "Storgata 5", "postcode": "0150", "city": "Oslo"},
			map[string]string{"first_name": "Zofia", "last_name": "Wójcik", "address_line1": "ul. Długa 5", "postcode": "00-001", "city": "Warszawa", "country": "PL"},
			map[string]string{"first_name": "Zofia", "last_name": "Wojcik", "address_line1": "ul. Długa 5", "postcode": "00-001", "city": "Warszawa", "country": "PL"},
			map[string]string{"account_number": "A-1003", "first_name": "Ola", "last_name": "Hansen", "city": "Bergen sentrum"},
		)
		wantDupes := map[int]customer.DuplicateMatch{
			2: {CustomerID: kari.ID, AccountNumber: "A-1002", Reasons: []string{"name", "address"}},
			3: {CustomerID: kari.ID, AccountNumber: "A-1002", Reasons: []string{"name", "email"}},
			6: {Row: 5, Reasons: []string{"name", "address"}},
		}
		check := func(t *testing.T, rows []customer.StagedRow) {
			t.Helper()
			for _, r := range rows {
				w, p := wantDupes[r.Row], dupeOf(r)
				switch {
				case w.Reasons == nil && p != nil:
					t.Errorf("row %d: %+v, want no possible duplicate", r.Row, p)
				case w.Reasons == nil:
				case p == nil:
					t.Errorf("row %d: no possible duplicate, want %+v; warnings %+v", r.Row, w, r.Warnings)
				case p.Field != "" || p.Match == nil || p.Match.CustomerID != w.CustomerID || p.Match.AccountNumber != w.AccountNumber ||
					p.Match.Row != w.Row || !reflect.DeepEqual(p.Match.Reasons, w.Reasons) || p.Match.Score < 0.6 || p.Match.Score > 1:
					t.Errorf("row %d: %+v %+v, want %+v", r.Row, p, p.Match, w)
				}
				if r.Status == customer.StatusError {
					t.Errorf("row %d: %s %+v, want importable", r.Row, r.Status, r.Errors)
				}
			}
		}

		imp := sh.stage(path, customer.ModeUpsert)
		if imp.Summary.PossibleDuplicates != 3 || imp.Summary.New != 5 || imp.Summary.Update != 1 {
			t.Errorf("summary %+v, want 5 new, 1 update, 3 possible duplicates", imp.Summary)
		}
		rows := sh.rows(imp.ID)
		check(t, rows)
		if p := dupeOf(rowNum(t, rows, 2)); p != nil {
			if want := "May be the same person as A-1002 Kari Nordmann (Storgata 5, 0150 Oslo): similar name, same address."; p.Message != want {
				t.Errorf("row 2 says %q, want %q", p.Message, want)
			}
			if want := "Kan være samme person som A-1002 Kari Nordmann (Storgata 5, 0150 Oslo): likt navn, samme adresse."; p.In("nb") != want {
				t.Errorf("row 2 in Norwegian: %q, want %q", p.In("nb"), want)
			}
		}

		var dry []customer.StagedRow
		drySum, err := sh.im.Check(ctx, sh.tn, path, stageOpts(customer.ModeUpsert, 0), func(r *customer.StagedRow) error {
			dry = append(dry, *r)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if drySum.Summary != imp.Summary {
			t.Errorf("dry run %+v, stage %+v", drySum.Summary, imp.Summary)
		}
		check(t, dry)

		// An edit of a field no key or name is made of re-checks the edited row alone
		// (validateKinds): its possible duplicate in the file stays, and so does the count.
		if _, err := sh.im.EditRow(ctx, sh.tn, imp.ID, 6, map[string]string{"note": "stamkunde"}); err != nil {
			t.Fatal(err)
		}
		if imp, err = sh.im.Validate(ctx, sh.tn, imp.ID); err != nil {
			t.Fatal(err)
		}
		if imp.Summary.PossibleDuplicates != 3 {
			t.Errorf("after an edit of a note: %+v, want 3 possible duplicates", imp.Summary)
		}
		check(t, sh.rows(imp.ID))

		done := sh.confirm(imp.ID)
		if done.Summary.PossibleDuplicates != 3 || done.Summary.New != 5 {
			t.Errorf("confirmed %+v, want 5 new with 3 possible duplicates", done.Summary)
		}
		check(t, sh.rows(imp.ID))
		if n := len(sh.customers()); n != 7 {
			t.Errorf("%d customers after the confirm, want 7", n)
		}
		// The same file again: every row is now a stored customer (an update or unchanged), and
		// none is its own duplicate.
		again := sh.stage(path, customer.ModeUpsert)
		for _, r := range sh.rows(again.ID) {
			if p := dupeOf(r); p != nil && slices.Contains([]int{4, 7}, r.Row) {
				t.Errorf("again, row %d: %+v", r.Row, p.Message)
			}
		}
	})
}

// TestPossibleDuplicatesAfterEdits: an edit of a field the comparison reads (an address, an
// email) is re-checked at once only for the rows it can change by their keys, whose possible
// duplicates in the file are those of their last check; the next check of every row (a Validate
// with nothing edited, or the confirm) compares them again, and they are those of a fresh check of
// the same cells. Both databases, both ways of re-checking edits (validateKinds for the address,
// validateEdited for a name).
func TestPossibleDuplicatesAfterEdits(t *testing.T) {
	ctx := context.Background()
	zofia := func(last, street string) map[string]string {
		return map[string]string{"first_name": "Zofia", "last_name": last, "address_line1": street, "postcode": "00-001", "city": "Warszawa", "country": "PL"}
	}
	per := map[string]string{"first_name": "Per", "last_name": "Lie", "address_line1": "Bakken 2", "postcode": "5003", "city": "Bergen"}
	for _, tc := range []struct {
		name  string
		edit  map[string]string // row 3's edit
		after map[string]string // row 3 as edited
	}{
		{"address", map[string]string{"address_line1": "ul. Krótka 9"}, zofia("Wojcik", "ul. Krótka 9")},
		{"name", map[string]string{"last_name": "Wójcikowa"}, zofia("Wójcikowa", "ul. Długa 5")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dbtest.Each(t, func(t *testing.T, dsn string) {
				sh := newShop(t, openStore(t, dsn), "NO")
				imp := sh.stage(csvFile(t, "nye.csv", zofia("Wójcik", "ul. Długa 5"), zofia("Wojcik", "ul. Długa 5"), per), customer.ModeCreate)
				if dupeOf(rowNum(t, sh.rows(imp.ID), 3)) == nil {
					t.Fatal("row 3 is not a possible duplicate of row 2 as staged")
				}
				if _, err := sh.im.EditRow(ctx, sh.tn, imp.ID, 3, tc.edit); err != nil {
					t.Fatal(err)
				}
				var err error
				if imp, err = sh.im.Validate(ctx, sh.tn, imp.ID); err != nil {
					t.Fatal(err)
				}
				if imp, err = sh.im.Validate(ctx, sh.tn, imp.ID); err != nil {
					t.Fatal(err)
				}
				fresh := sh.stage(csvFile(t, "rettet.csv", zofia("Wójcik", "ul. Długa 5"), tc.after, per), customer.ModeCreate)
				if imp.Summary.PossibleDuplicates != fresh.Summary.PossibleDuplicates {
					t.Errorf("summary %+v, a fresh check's %+v", imp.Summary, fresh.Summary)
				}
				want := sh.rows(fresh.ID)
				for _, r := range sh.rows(imp.ID) {
					got, w := dupeOf(r), dupeOf(rowNum(t, want, r.Row))
					if (got == nil) != (w == nil) || got != nil && !reflect.DeepEqual(got.Match, w.Match) {
						t.Errorf("row %d: %+v, a fresh check's %+v", r.Row, got, w)
					}
				}
			})
		})
	}
}
