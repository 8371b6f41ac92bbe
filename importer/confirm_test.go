package importer_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// TestConfirm checks committing staged imports: what is written, what is skipped, what is
// recorded, and that a commit holds against other commits and customers created meanwhile.
func TestConfirm(t *testing.T) {
	ctx := context.Background()
	dbtest.Each(t, func(t *testing.T, dsn string) {
		s := openStore(t, dsn)

		t.Run("writes the valid rows, normalised, and skips the error rows", func(t *testing.T) {
			sh := newShop(t, s, "NO")
			staged := sh.stage("feil-per-felt.csv", customer.ModeCreate)
			imp := sh.confirm(staged.ID)
			if imp.Summary != staged.Summary || imp.ConfirmedBy != "kari@sykkelbutikken.no" || !imp.ConfirmedAt.Equal(today) {
				t.Errorf("committed import %+v", imp)
			}
			cs := sh.customers()
			if len(cs) != 3 {
				t.Fatalf("%d customers, want the 3 valid rows: %+v", len(cs), cs)
			}
			checkValues(t, sh.customer(customer.FAccount, "A-1001"), map[int]string{
				customer.FTitle: "Mr", customer.FFirstName: "Ola", customer.FLastName: "Nordmann", customer.FEmail: "ola.nordmann@example.no",
				customer.FMobile: "+4791234567", customer.FPhone: "+4722123456", customer.FPostcode: "0150", customer.FCountry: "NO",
				customer.FBirthDate: "1990-02-28", customer.FEmailOptIn: "Yes", customer.FSMSOptIn: "No", customer.FLoyaltyPoints: "120",
				customer.FNote: "Stamkunde",
			})
			checkValues(t, sh.customer(customer.FFirstName, "Åse"), map[int]string{
				customer.FTitle: "Mrs", customer.FEmail: "Ase.Berg@Example.NO", customer.FMobile: "+4748123456", customer.FPostcode: "0150",
				customer.FCountry: "NO", customer.FBirthDate: "2024-06-15", customer.FEmailOptIn: "Yes", customer.FSMSOptIn: "No",
				customer.FLoyaltyPoints: "1000",
			})
			checkValues(t, sh.customer(customer.FFirstName, "Zofia"), map[int]string{
				customer.FMobile: "+48601234567", customer.FPostcode: "31-042", customer.FCountry: "PL", customer.FCity: "Kraków",
				customer.FBirthDate: "1987-11-03", customer.FEmailOptIn: "Yes", customer.FSMSOptIn: "No", customer.FLoyaltyPoints: "0",
			})
			// The rows point at what was created; error rows at nothing.
			ids := map[int64]bool{}
			for _, c := range cs {
				ids[c.ID] = true
			}
			for _, r := range sh.rows(imp.ID) {
				switch {
				case r.Status == customer.StatusNew && !ids[r.CustomerID]:
					t.Errorf("row %d: new, customer %d is not among the created", r.Row, r.CustomerID)
				case r.Status == customer.StatusError && r.CustomerID != 0:
					t.Errorf("row %d: error, yet customer %d", r.Row, r.CustomerID)
				}
			}
			revs, err := s.Revisions(ctx, sh.tn.ID, imp.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(revs) != 3 {
				t.Fatalf("%d revisions, want 3", len(revs))
			}
			for _, rev := range revs {
				if !rev.Created || rev.Before != (customer.Values{}) || !ids[rev.CustomerID] {
					t.Errorf("revision %+v: want created, nothing before, a created customer", rev)
				}
				for _, c := range cs {
					if c.ID == rev.CustomerID && c.Values != rev.After {
						t.Errorf("revision of %d records %q, stored %q", c.ID, rev.After, c.Values)
					}
				}
			}
		})

		t.Run("upsert updates matched customers and leaves blank cells' values", func(t *testing.T) {
			sh := newShop(t, s, "NO")
			sh.load("kunder-i-butikken.csv", "klienci-pl.csv")
			before := map[string]customer.Customer{}
			for _, c := range sh.customers() {
				before[c.Values[customer.FAccount]] = c
			}
			imp := sh.confirm(sh.stage("oppdatering.csv", customer.ModeUpsert).ID)
			if want := (customer.Summary{Rows: 10, New: 2, Update: 3, Unchanged: 1, Error: 4}); imp.Summary != want {
				t.Errorf("summary %+v, want %+v", imp.Summary, want)
			}
			after := map[string]customer.Customer{}
			for _, c := range sh.customers() {
				after[c.Values[customer.FAccount]] = c
			}
			if len(after) != len(before)+2 {
				t.Errorf("%d customers, want %d + 2 new", len(after), len(before))
			}
			// Ola moved to Bergen: only the cells given changed.
			ola := before["A-1001"].Values
			ola[customer.FAddress1], ola[customer.FCity], ola[customer.FRegion], ola[customer.FPostcode] = "Nygårdsgaten 5", "Bergen", "Vestland", "5015"
			checkValues(t, after["A-1001"], valuesMap(ola))
			kari := before["A-1003"].Values
			kari[customer.FSMSOptIn] = "Yes"                          // and the email keeps its stored spelling
			kari[customer.FSMSConsentAt] = customer.FormatTime(today) // the consent changed: dated by the import
			checkValues(t, after["A-1003"], valuesMap(kari))
			lars := before["A-1006"].Values
			lars[customer.FLoyaltyPoints] = "1750"
			checkValues(t, after["A-1006"], valuesMap(lars))
			// Unchanged and error rows write nothing.
			for _, acc := range []string{"A-1005", "A-1002", "A-2001", "A-2002"} {
				if after[acc].Values != before[acc].Values || !after[acc].UpdatedAt.Equal(before[acc].UpdatedAt) {
					t.Errorf("%s was written: %q at %v, was %q at %v", acc, after[acc].Values, after[acc].UpdatedAt, before[acc].Values, before[acc].UpdatedAt)
				}
			}
			// New rows: a given account number is kept, a blank one assigned.
			checkValues(t, after["A-9999"], map[int]string{customer.FFirstName: "Jan", customer.FCountry: "PL", customer.FEmailOptIn: "No"})
			checkValues(t, after["C000001"], map[int]string{customer.FFirstName: "Zofia", customer.FMobile: "+48692111222", customer.FPostcode: "80-831"})

			revs, err := s.Revisions(ctx, sh.tn.ID, imp.ID)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, r := range revs {
				acc := r.After[customer.FAccount]
				got[acc] = fmt.Sprint(r.Created)
				if r.Created {
					if r.Before != (customer.Values{}) {
						t.Errorf("revision of created %s has values before: %q", acc, r.Before)
					}
				} else if r.Before != before[acc].Values || r.CustomerID != before[acc].ID {
					t.Errorf("revision of %s: before %q (customer %d), want %q (customer %d)", acc, r.Before, r.CustomerID, before[acc].Values, before[acc].ID)
				}
				if r.After != after[acc].Values {
					t.Errorf("revision of %s: after %q, stored %q", acc, r.After, after[acc].Values)
				}
			}
			if want := map[string]string{"A-1001": "false", "A-1003": "false", "A-1006": "false", "A-9999": "true", "C000001": "true"}; fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("revisions (account: created) %v, want %v", got, want)
			}
		})

		t.Run("confirming twice commits once", func(t *testing.T) {
			sh := newShop(t, s, "NO")
			first := sh.confirm(sh.stage("kunder-i-butikken.csv", customer.ModeCreate).ID)
			second := sh.confirm(first.ID)
			if second.ID != first.ID || second.Summary != first.Summary || !second.ConfirmedAt.Equal(first.ConfirmedAt) {
				t.Errorf("second confirm returned %+v, first %+v", second, first)
			}
			if n := len(sh.customers()); n != 5 {
				t.Errorf("%d customers after confirming twice, want 5", n)
			}
			if revs, err := s.Revisions(ctx, sh.tn.ID, first.ID); err != nil || len(revs) != 5 {
				t.Errorf("%d revisions (%v), want 5", len(revs), err)
			}
		})

		t.Run("a double click confirms once", func(t *testing.T) {
			sh := newShop(t, s, "NO")
			views := []*shop{sh, sh.on(openStore(t, dsn))}
			imp := sh.stage("kunder-i-butikken.csv", customer.ModeCreate)
			var wg sync.WaitGroup
			got := make([]customer.Import, 2)
			errs := make([]error, 2)
			for i, v := range views {
				wg.Go(func() { got[i], errs[i] = v.im.Confirm(ctx, v.tn, imp.ID, "kari@sykkelbutikken.no", nil) })
			}
			wg.Wait()
			for i := range views {
				if errs[i] != nil || got[i].State != customer.StateCommitted || got[i].Summary.New != 5 {
					t.Errorf("confirm %d: %+v, %v", i, got[i], errs[i])
				}
			}
			if n := len(sh.customers()); n != 5 {
				t.Errorf("%d customers, want 5", n)
			}
		})

		t.Run("a discarded import cannot be confirmed", func(t *testing.T) {
			sh := newShop(t, s, "NO")
			imp := sh.stage("kunder-i-butikken.csv", customer.ModeCreate)
			if d, err := sh.im.Discard(ctx, sh.tn, imp.ID, "test"); err != nil || d.State != customer.StateDiscarded {
				t.Fatalf("Discard: %+v, %v", d, err)
			}
			_, err := sh.im.Confirm(ctx, sh.tn, imp.ID, "kari@sykkelbutikken.no", nil)
			if customer.ErrorCodeOf(err) != customer.EConflict {
				t.Errorf("Confirm after Discard: %v, want EConflict", err)
			}
			if n := len(sh.customers()); n != 0 {
				t.Errorf("%d customers written by a discarded import", n)
			}
			if got, _ := sh.im.Import(ctx, sh.tn, imp.ID); got.State != customer.StateDiscarded {
				t.Errorf("import is %s after the refused confirm", got.State)
			}
			if _, err := sh.im.Discard(ctx, sh.tn, sh.confirm(sh.stage("klienci-pl.csv", customer.ModeCreate).ID).ID, "test"); customer.ErrorCodeOf(err) != customer.EConflict {
				t.Errorf("Discard after Confirm: %v, want EConflict", err)
			}
		})

		t.Run("an import waiting for its column mapping cannot be confirmed", func(t *testing.T) {
			sh := newShop(t, s, "NO")
			imp := sh.stage("kunder-i-butikken.csv", customer.ModeCreate)
			imp.State = customer.StateMapping
			if err := s.SaveImport(ctx, imp, customer.StateStaged); err != nil {
				t.Fatal(err)
			}
			_, err := sh.im.Confirm(ctx, sh.tn, imp.ID, "kari@sykkelbutikken.no", nil)
			if customer.ErrorCodeOf(err) != customer.EConflict {
				t.Errorf("Confirm of a mapping import: %v, want EConflict", err)
			}
			if n := len(sh.customers()); n != 0 {
				t.Errorf("%d customers written by an import still being mapped", n)
			}
			if got, _ := sh.im.Import(ctx, sh.tn, imp.ID); got.State != customer.StateMapping {
				t.Errorf("import is %s after the refused confirm", got.State)
			}
		})

		t.Run("another shop cannot confirm the import", func(t *testing.T) {
			sh := newShop(t, s, "NO")
			imp := sh.stage("kunder-i-butikken.csv", customer.ModeCreate)
			other := newShop(t, s, "NO")
			if _, err := other.im.Confirm(ctx, other.tn, imp.ID, "eva@annen-butikk.no", nil); customer.ErrorCodeOf(err) != customer.ENotFound {
				t.Errorf("Confirm from another shop: %v, want ENotFound", err)
			}
			if n := len(sh.customers()) + len(other.customers()); n != 0 {
				t.Errorf("%d customers written", n)
			}
		})

		t.Run("customers created after staging are checked at confirm", func(t *testing.T) {
			sh := newShop(t, s, "NO")
			path := csvFile(t, "kunder.csv",
				map[string]string{"first_name": "Kari", "last_name": "Nordmann", "email": "kari@example.no"},
				map[string]string{"first_name": "Per", "last_name": "Hansen", "mobile": "934 56 789"},
				map[string]string{"account_number": "A-1001", "first_name": "Ola", "last_name": "Nordmann"},
				map[string]string{"first_name": "Åse", "last_name": "Berg", "postcode": "0150"},
				map[string]string{"first_name": "Ingrid", "last_name": "Haugen", "email": "ingrid@example.no"},
			)
			staged := sh.stage(path, customer.ModeCreate)
			if staged.Summary.New != 5 {
				t.Fatalf("staged %+v", staged.Summary)
			}
			// Meanwhile the till (or another import) creates four of them.
			var meanwhile []*customer.Customer
			for _, v := range []map[int]string{
				{customer.FFirstName: "Kari", customer.FLastName: "Lie", customer.FEmail: "KARI@example.no"},
				{customer.FFirstName: "Pål", customer.FLastName: "Hansen", customer.FMobile: "+4793456789"},
				{customer.FAccount: "A-1001", customer.FFirstName: "Olav", customer.FLastName: "Nordby"},
				{customer.FFirstName: "Åse", customer.FLastName: "Berg", customer.FPostcode: "0150"},
			} {
				c := &customer.Customer{}
				for i, x := range v {
					c.Values[i] = x
				}
				meanwhile = append(meanwhile, c)
			}
			if err := s.InsertCustomers(ctx, sh.tn.ID, meanwhile); err != nil {
				t.Fatal(err)
			}
			imp := sh.confirm(staged.ID)
			if want := (customer.Summary{Rows: 5, New: 1, Error: 4}); imp.Summary != want {
				t.Errorf("summary %+v, want %+v", imp.Summary, want)
			}
			checkRows(t, sh.rows(imp.ID), map[int]want{
				2: {customer.StatusError, []string{"email:email_exists"}},
				3: {customer.StatusError, []string{"mobile:mobile_exists"}},
				4: {customer.StatusError, []string{"account_number:account_in_use"}},
				5: {customer.StatusError, []string{"last_name:name_postcode_exists"}},
				6: {customer.StatusNew, nil},
			})
			if n := len(sh.customers()); n != 5 {
				t.Errorf("%d customers, want the 4 created meanwhile and Ingrid", n)
			}
		})

		t.Run("two imports with one email confirmed at once create it once", func(t *testing.T) {
			// Two stores on one database are two server processes.
			s2 := openStore(t, dsn)
			for round := range 3 {
				a := newShop(t, s, "NO")
				b := a.on(s2)
				email := fmt.Sprintf("kari.%d@example.no", round)
				impA := a.stage(csvFile(t, "a.csv",
					map[string]string{"first_name": "Kari", "last_name": "Nordmann", "email": email},
					map[string]string{"first_name": "Per", "last_name": "Hansen", "email": "per@example.no"},
				), customer.ModeCreate)
				impB := b.stage(csvFile(t, "b.csv",
					map[string]string{"first_name": "Ola", "last_name": "Nordmann", "email": "ola@example.no"},
					map[string]string{"first_name": "Kari", "last_name": "Nordmann-Lie", "email": " " + strings.ToUpper(email)},
				), customer.ModeCreate)
				if impA.Summary.New != 2 || impB.Summary.New != 2 {
					t.Fatalf("staged %+v and %+v, want all new", impA.Summary, impB.Summary)
				}
				var wg sync.WaitGroup
				start := make(chan struct{})
				results := make([]customer.Import, 2)
				errs := make([]error, 2)
				for i, job := range []struct {
					sh *shop
					id int64
				}{{a, impA.ID}, {b, impB.ID}} {
					wg.Go(func() {
						<-start
						results[i], errs[i] = job.sh.im.Confirm(ctx, job.sh.tn, job.id, "kari@sykkelbutikken.no", nil)
					})
				}
				close(start)
				wg.Wait()
				for i, err := range errs {
					if err != nil {
						t.Fatalf("round %d: confirm %d: %v", round, i, err)
					}
				}
				var withEmail int
				for _, c := range a.customers() {
					if strings.EqualFold(c.Values[customer.FEmail], email) {
						withEmail++
					}
				}
				if withEmail != 1 || len(a.customers()) != 3 {
					t.Errorf("round %d: %d customers with %s among %d, want 1 among 3", round, withEmail, email, len(a.customers()))
				}
				// Exactly one of the two Kari rows lost, as an email_exists error.
				rowA, rowB := rowNum(t, a.rows(impA.ID), 2), rowNum(t, b.rows(impB.ID), 3)
				if (rowA.Status == customer.StatusError) == (rowB.Status == customer.StatusError) {
					t.Errorf("round %d: Kari rows %s and %s, want one new and one error", round, rowA.Status, rowB.Status)
				}
				for _, r := range []customer.StagedRow{rowA, rowB} {
					if r.Status == customer.StatusError && fmt.Sprint(problems(r.Errors)) != "[email:email_exists]" {
						t.Errorf("round %d: losing row %d errors %v, want email_exists", round, r.Row, problems(r.Errors))
					}
				}
				if results[0].Summary.Error+results[1].Summary.Error != 1 {
					t.Errorf("round %d: summaries %+v and %+v, want one error between them", round, results[0].Summary, results[1].Summary)
				}
			}
		})
	})
}

// TestDefaultsOnCommit checks the defaults FIELDS.md gives blank cells of new customers: the
// account number from the shop's sequence (skipping numbers taken), the shop's country, No for
// the marketing fields and 0 points.
func TestDefaultsOnCommit(t *testing.T) {
	accountForm := regexp.MustCompile(`^C\d{6}$`)
	cases := []struct {
		name    string
		country string // the shop's default
		rows    []map[string]string
		want    []map[int]string // per row, in order
	}{
		{
			name: "Norwegian shop", country: "NO",
			rows: []map[string]string{
				{"first_name": "Kari", "last_name": "Nordmann", "mobile": "412 34 567"},
				{"account_number": "C000002", "first_name": "Per", "last_name": "Hansen"},
				{"first_name": "Zofia", "last_name": "Wójcik", "country": "Polska", "email_opt_in": "Tak"},
				{"first_name": "Ola", "last_name": "Nordmann", "loyalty_points": "0", "sms_opt_in": "Ja"},
			},
			want: []map[int]string{
				{customer.FAccount: "C000001", customer.FCountry: "NO", customer.FMobile: "+4741234567", customer.FEmailOptIn: "No", customer.FSMSOptIn: "No", customer.FLoyaltyPoints: "0", customer.FTitle: "", customer.FEmail: ""},
				{customer.FAccount: "C000002", customer.FCountry: "NO", customer.FEmailOptIn: "No", customer.FSMSOptIn: "No", customer.FLoyaltyPoints: "0"},
				{customer.FAccount: "C000003", customer.FCountry: "PL", customer.FEmailOptIn: "Yes", customer.FSMSOptIn: "No", customer.FLoyaltyPoints: "0"},
				{customer.FAccount: "C000004", customer.FCountry: "NO", customer.FEmailOptIn: "No", customer.FSMSOptIn: "Yes", customer.FLoyaltyPoints: "0"},
			},
		},
		{
			name: "Polish shop: phones read as Polish", country: "PL",
			rows: []map[string]string{
				{"first_name": "Małgorzata", "last_name": "Kowalczyk", "mobile": "601 234 567", "postcode": "31042"},
			},
			want: []map[int]string{
				{customer.FAccount: "C000001", customer.FCountry: "PL", customer.FMobile: "+48601234567", customer.FPostcode: "31-042", customer.FEmailOptIn: "No", customer.FSMSOptIn: "No", customer.FLoyaltyPoints: "0"},
			},
		},
	}
	dbtest.Each(t, func(t *testing.T, dsn string) {
		s := openStore(t, dsn)
		for _, tt := range cases {
			t.Run(tt.name, func(t *testing.T) {
				sh := newShop(t, s, tt.country)
				imp := sh.stage(csvFile(t, "nye.csv", tt.rows...), customer.ModeCreate)
				// Staging shows the cells as given: nothing is assigned before the commit.
				for _, r := range sh.rows(imp.ID) {
					if r.Status != customer.StatusNew {
						t.Fatalf("row %d: %s %v", r.Row, r.Status, problems(r.Errors))
					}
				}
				sh.confirm(imp.ID)
				rows := sh.rows(imp.ID)
				byID := map[int64]customer.Customer{}
				for _, c := range sh.customers() {
					byID[c.ID] = c
					if !accountForm.MatchString(c.Values[customer.FAccount]) {
						t.Errorf("account number %q is not C and six digits", c.Values[customer.FAccount])
					}
				}
				for i, w := range tt.want {
					r := rowNum(t, rows, i+2)
					c, ok := byID[r.CustomerID]
					if !ok {
						t.Fatalf("row %d: no customer %d", r.Row, r.CustomerID)
					}
					checkValues(t, c, w)
				}
			})
		}
	})
}

// checkValues compares some of a customer's stored values with want.
func checkValues(t *testing.T, c customer.Customer, want map[int]string) {
	t.Helper()
	for i, v := range want {
		if c.Values[i] != v {
			t.Errorf("customer %s %s: %s = %q, want %q", c.Values[customer.FAccount], c.Values[customer.FFirstName], customer.Fields[i].Key, c.Values[i], v)
		}
	}
}

// valuesMap returns every value of v by field index.
func valuesMap(v customer.Values) map[int]string {
	m := map[int]string{}
	for i, s := range v {
		m[i] = s
	}
	return m
}
