package importer_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// TestChooseDuplicate: in a create-only import, a row chosen to merge into the stored customer it
// may be becomes that customer's update (its non-blank cells win, the account number stays), a
// row kept as new loses its warning; the choices hold through a full re-check and the confirm,
// the merge is recorded with the customer's previous values and the import's undo puts them back.
// Both databases.
func TestChooseDuplicate(t *testing.T) {
	ctx := context.Background()
	dbtest.Each(t, func(t *testing.T, dsn string) {
		s := openStore(t, dsn)
		sh := newShop(t, s, "NO")
		sh.load(csvFile(t, "stored.csv",
			map[string]string{"account_number": "A-1002", "first_name": "Kari", "last_name": "Nordmann", "email": "kari.nordmann@gmail.com",
				"mobile": "+47 912 34 567", "address_line1": "Storgata 5", "postcode": "0150", "city": "Oslo"},
			map[string]string{"account_number": "A-1003", "first_name": "Ola", "last_name": "Hansen", "email": "ola.hansen@online.no",
				"address_line1": "Kirkeveien 3", "postcode": "5003", "city": "Bergen"},
		))
		kari, ola := sh.customer(customer.FAccount, "A-1002"), sh.customer(customer.FAccount, "A-1003")
		imp := sh.stage(csvFile(t, "nye.csv",
			map[string]string{"account_number": "B-7", "first_name": "Kari", "last_name": "Nordman", "address_line1": "Storgata 5", "postcode": "0150",
				"city": "Oslo", "note": "Fra papirskjema"},
			map[string]string{"first_name": "Ola", "last_name": "Hanssen", "address_line1": "Kirkeveien 3", "postcode": "5003", "city": "Bergen"},
		), customer.ModeCreate)
		rows := sh.rows(imp.ID)
		if p := dupeOf(rows[0]); p == nil || p.Match.CustomerID != kari.ID {
			t.Fatalf("row 2: no possible duplicate of A-1002: %+v", rows[0].Warnings)
		}
		if p := dupeOf(rows[1]); p == nil || p.Match.CustomerID != ola.ID {
			t.Fatalf("row 3: no possible duplicate of A-1003: %+v", rows[1].Warnings)
		}

		for _, bad := range []customer.DuplicateChoice{{}, {MergeInto: kari.ID, Keep: true}, {MergeInto: -1}} {
			if _, err := sh.im.ChooseDuplicate(ctx, sh.tn, imp.ID, 2, bad); customer.ErrorCodeOf(err) != customer.EInvalid {
				t.Errorf("choice %+v: %v, want EInvalid", bad, err)
			}
		}
		if _, err := sh.im.ChooseDuplicate(ctx, sh.tn, imp.ID, 2, customer.DuplicateChoice{MergeInto: kari.ID + 1000}); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("another customer: %v, want ENotFound", err)
		}
		if _, err := sh.im.ChooseDuplicate(ctx, sh.tn, imp.ID, 9, customer.DuplicateChoice{Keep: true}); customer.ErrorCodeOf(err) != customer.ENotFound ||
			err.Error() != fmt.Sprintf("Import %d has no row 9.", imp.ID) {
			t.Errorf("a row the import has not: %v, want ENotFound naming it", err)
		}
		merged, err := sh.im.ChooseDuplicate(ctx, sh.tn, imp.ID, 2, customer.DuplicateChoice{MergeInto: kari.ID})
		if err != nil {
			t.Fatal(err)
		}
		if merged.Status != customer.StatusUpdate || merged.CustomerID != kari.ID || dupeOf(merged) != nil || len(merged.Errors) != 0 {
			t.Errorf("row 2 merged: %+v", merged)
		}
		kept, err := sh.im.ChooseDuplicate(ctx, sh.tn, imp.ID, 3, customer.DuplicateChoice{Keep: true})
		if err != nil {
			t.Fatal(err)
		}
		if kept.Status != customer.StatusNew || dupeOf(kept) != nil {
			t.Errorf("row 3 kept: %+v", kept)
		}
		// A full re-check keeps both choices.
		full, err := sh.im.Validate(ctx, sh.tn, imp.ID)
		if err != nil {
			t.Fatal(err)
		}
		if full.Summary.Update != 1 || full.Summary.New != 1 || full.Summary.PossibleDuplicates != 0 {
			t.Errorf("summary after a full re-check: %+v", full.Summary)
		}

		sh.confirm(imp.ID)
		if _, err := sh.im.ChooseDuplicate(ctx, sh.tn, imp.ID, 3, customer.DuplicateChoice{Keep: true}); customer.ErrorCodeOf(err) != customer.EConflict {
			t.Errorf("a choice in a committed import: %v, want EConflict", err)
		}
		got := sh.customer(customer.FAccount, "A-1002")
		if got.ID != kari.ID || got.Values[customer.FLastName] != "Nordman" || got.Values[customer.FNote] != "Fra papirskjema" ||
			got.Values[customer.FEmail] != "kari.nordmann@gmail.com" {
			t.Errorf("A-1002 after the merge: %v", got.Values)
		}
		if n := len(sh.customers()); n != 3 {
			t.Errorf("%d customers, want 3 (Ola Hanssen new)", n)
		}
		revs, err := s.Revisions(ctx, sh.tn.ID, imp.ID)
		if err != nil || len(revs) != 2 || revs[0].CustomerID != kari.ID || revs[0].Before != kari.Values {
			t.Errorf("revisions %+v, %v", revs, err)
		}

		sh.undo(imp.ID, false)
		if back := sh.customer(customer.FAccount, "A-1002"); back.Values != kari.Values {
			t.Errorf("A-1002 after the undo: %v, want %v", back.Values, kari.Values)
		}
		if n := len(sh.customers()); n != 2 {
			t.Errorf("%d customers after the undo, want 2", n)
		}
	})
}
