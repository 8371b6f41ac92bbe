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
	"github.com/clientele/clientele/internal/dbtest"
)

// The store contract is what importer.Store promises, and the extras the CLI and web use,
// checked the same way on both databases: each Test in the contract_*_test.go files runs on a new
// SQLite database and a new PostgreSQL one (eachStore), so any one can run alone, e.g.
// go test ./sqlstore -run TestRowsPage.

// eachStore runs fn as a subtest on a new SQLite database and on a new PostgreSQL database
// (dbtest.Each), with a store open on each. Without a reachable PostgreSQL server its half is
// skipped, unless CLIENTELE_REQUIRE_POSTGRES=1 (as in CI), where it fails.
func eachStore(t *testing.T, fn func(t *testing.T, s *Store)) {
	dbtest.Each(t, func(t *testing.T, dsn string) { fn(t, opener(dsn)(t)) })
}

// newTenant creates a tenant with a slug made from the test's name.
func newTenant(t *testing.T, s *Store) customer.Tenant {
	t.Helper()
	tn := customer.Tenant{Slug: strings.ToLower(strings.NewReplacer("/", "-", " ", "-").Replace(t.Name())), Name: t.Name(), Country: "NO", Language: "nb"}
	if err := s.CreateTenant(context.Background(), &tn); err != nil {
		t.Fatalf("CreateTenant: %v", err)
	}
	return tn
}

// insertValues inserts customers with the values vs into the tenant and returns them.
func insertValues(t *testing.T, s *Store, tenantID int64, vs ...customer.Values) []*customer.Customer {
	t.Helper()
	cs := make([]*customer.Customer, len(vs))
	for i := range vs {
		cs[i] = &customer.Customer{Values: vs[i]}
	}
	if err := s.InsertCustomers(context.Background(), tenantID, cs); err != nil {
		t.Fatalf("InsertCustomers: %v", err)
	}
	return cs
}

// createImport creates a staged import in the tenant.
func createImport(t *testing.T, s *Store, tenantID int64) customer.Import {
	t.Helper()
	imp := customer.Import{TenantID: tenantID, FileName: "customers.csv", FileSHA256: "abc", Mode: customer.ModeUpsert, CreatedBy: "cli"}
	if err := s.CreateImport(context.Background(), &imp); err != nil {
		t.Fatalf("CreateImport: %v", err)
	}
	return imp
}

// replaceRows stages rows for the import in place of those staged before, as staging a file
// again does.
func replaceRows(t testing.TB, s *Store, importID int64, rows []customer.StagedRow) {
	t.Helper()
	ctx := context.Background()
	if err := s.DeleteRows(ctx, importID); err != nil {
		t.Fatalf("DeleteRows: %v", err)
	}
	if err := s.AddRows(ctx, importID, rows); err != nil {
		t.Fatalf("AddRows: %v", err)
	}
}

// TestMigrateTwice opens a second store on a migrated database: migrating again changes nothing,
// and the second store reads what the first wrote.
func TestMigrateTwice(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		open := opener(dsn)
		s := open(t)
		again := open(t)
		if again.Dialect() != s.Dialect() {
			t.Errorf("Dialect = %q, then %q", s.Dialect(), again.Dialect())
		}
		tn := newTenant(t, s)
		if _, err := again.Tenant(ctx, tn.Slug); err != nil {
			t.Errorf("second store cannot read the first's tenant: %v", err)
		}
	})
}

// TestTenants creates tenants and reads them by slug; EnsureTenant creates one once.
func TestTenants(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := newTenant(t, s)
		if tn.ID == 0 {
			t.Fatal("CreateTenant set no ID")
		}
		got, err := s.Tenant(ctx, tn.Slug)
		if err != nil || got != tn {
			t.Errorf("Tenant = %+v, %v; want %+v", got, err, tn)
		}
		dup := customer.Tenant{Slug: tn.Slug}
		if err := s.CreateTenant(ctx, &dup); customer.ErrorCodeOf(err) != customer.EConflict {
			t.Errorf("CreateTenant with a taken slug: %v, want EConflict", err)
		}
		if _, err := s.Tenant(ctx, "no-such-tenant"); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("Tenant(missing): %v, want ENotFound", err)
		}
		if err := s.CreateTenant(ctx, &customer.Tenant{}); customer.ErrorCodeOf(err) != customer.EInvalid {
			t.Errorf("CreateTenant without a slug: %v, want EInvalid", err)
		}

		slug := tn.Slug + "-ensured"
		e1, err := s.EnsureTenant(ctx, slug, "NO", "en")
		if err != nil {
			t.Fatalf("EnsureTenant: %v", err)
		}
		want := customer.Tenant{ID: e1.ID, Slug: slug, Name: slug, Country: "NO", Language: "en"}
		if e1 != want || e1.ID == 0 {
			t.Errorf("EnsureTenant created %+v, want %+v", e1, want)
		}
		e2, err := s.EnsureTenant(ctx, slug, "PL", "pl")
		if err != nil || e2 != e1 {
			t.Errorf("EnsureTenant again = %+v, %v; want the existing %+v", e2, err, e1)
		}
	})
}

// TestTenantIsolation checks that no call for one tenant reads or changes another's customers,
// imports or revisions.
func TestTenantIsolation(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		ta := newTenant(t, s)
		tb := customer.Tenant{Slug: ta.Slug + "-b"}
		if err := s.CreateTenant(ctx, &tb); err != nil {
			t.Fatal(err)
		}
		ca := insertValues(t, s, ta.ID, person("I-1", "Ola", "Nordmann", "ola@example.no", "+4791000001", "0150"))[0]
		keys := []customer.Keys{customer.KeysOf(&ca.Values)}
		if got, err := s.Customers(ctx, tb.ID, keys); err != nil || len(got) != 0 {
			t.Errorf("tenant B sees A's customers: %v, %v", got, err)
		}
		// The same keys are free in B.
		cb := insertValues(t, s, tb.ID, ca.Values)[0]
		if cb.ID == ca.ID {
			t.Fatal("same ID in two tenants")
		}
		changed := *ca
		changed.Values[customer.FFirstName] = "Hacked"
		if err := s.UpdateCustomers(ctx, tb.ID, []customer.Customer{changed}); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("tenant B updating A's customer: %v, want ENotFound", err)
		}
		got, _ := s.Customers(ctx, ta.ID, keys)
		if len(got) != 1 || got[0].Values[customer.FFirstName] != "Ola" {
			t.Errorf("A's customer after B's update: %+v", got)
		}
		var walked []int64
		s.AllCustomers(ctx, tb.ID, func(c customer.Customer) error { walked = append(walked, c.ID); return nil })
		if !reflect.DeepEqual(walked, []int64{cb.ID}) {
			t.Errorf("AllCustomers(B) = %v, want [%d]", walked, cb.ID)
		}

		if _, err := s.Customer(ctx, tb.ID, ca.ID); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("tenant B reading A's customer: %v, want ENotFound", err)
		}
		if got, total, err := s.SearchCustomers(ctx, tb.ID, "", customer.OrderAccount, 0, 0); err != nil || total != 1 || got[0].ID != cb.ID {
			t.Errorf("tenant B's search = %v, total %d, %v; want only its own customer", got, total, err)
		}
		imp := createImport(t, s, ta.ID)
		if _, err := s.Import(ctx, tb.ID, imp.ID); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("tenant B reading A's import: %v, want ENotFound", err)
		}
		stolen := imp
		stolen.TenantID = tb.ID
		stolen.State = customer.StateDiscarded
		if err := s.SaveImport(ctx, stolen, customer.StateStaged); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("tenant B saving A's import: %v, want ENotFound", err)
		}
		if got, _ := s.Import(ctx, ta.ID, imp.ID); got.State != customer.StateStaged {
			t.Errorf("A's import is %s after B's save", got.State)
		}
		if err := s.SetProgress(ctx, tb.ID, imp.ID, customer.Progress{Phase: "checking"}); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("tenant B setting A's progress: %v, want ENotFound", err)
		}
		if got, _ := s.Import(ctx, ta.ID, imp.ID); got.Progress != (customer.Progress{}) {
			t.Errorf("A's import has progress %+v after B's write", got.Progress)
		}
		if imps, total, err := s.Imports(ctx, tb.ID, 0, 0); err != nil || total != 0 || len(imps) != 0 {
			t.Errorf("tenant B's history = %v, %d, %v; want none", imps, total, err)
		}
		if _, err := s.Revisions(ctx, tb.ID, imp.ID); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("tenant B reading A's revisions: %v, want ENotFound", err)
		}
		err := s.Commit(ctx, tb.ID, func(q importer.Queries) error {
			_, err := q.Import(ctx, tb.ID, imp.ID)
			return err
		})
		if customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("tenant B reading A's import in a commit: %v, want ENotFound", err)
		}
	})
}

// manyCustomers returns n new customers with distinct keys, all marked with tag.
func manyCustomers(n int, tag string) []*customer.Customer {
	cs := make([]*customer.Customer, n)
	for i := range cs {
		v := person("", fmt.Sprintf("First%d", i), tag, fmt.Sprintf("%s%d@example.no", tag, i), fmt.Sprintf("+4790%06d", i), fmt.Sprintf("%04d", i%10000))
		v[customer.FAddress1] = "Storgata 12"
		v[customer.FCity] = "Oslo"
		v[customer.FCountry] = "NO"
		cs[i] = &customer.Customer{Values: v}
	}
	return cs
}

// person returns customer values with the fields the tests vary.
func person(account, first, last, email, mobile, postcode string) customer.Values {
	var v customer.Values
	v[customer.FAccount] = account
	v[customer.FFirstName] = first
	v[customer.FLastName] = last
	v[customer.FEmail] = email
	v[customer.FMobile] = mobile
	v[customer.FPostcode] = postcode
	return v
}

// stagedRows returns n staged rows numbered from 2 (the header is row 1), cycling through the
// statuses, with keys (account numbers in turn, an email each) and every fifth row
// edited.
func stagedRows(n int) []customer.StagedRow {
	rows := make([]customer.StagedRow, n)
	for i := range rows {
		r := &rows[i]
		r.Row = i + 2
		r.Raw = person("", fmt.Sprintf("First %d", i), "Last", fmt.Sprintf("p%d@example.no", i), "", "0150")
		r.Raw[customer.FCountry] = "Norge"
		r.Status = customer.Statuses[i%len(customer.Statuses)]
		r.Keys = customer.Keys{Account: fmt.Sprintf("A-%d", i%3), Email: fmt.Sprintf("p%d@example.no", i)}
		r.Edited = i%5 == 1
		switch r.Status {
		case customer.StatusError:
			r.Errors = []customer.Problem{customer.NewProblem(customer.FEmail, customer.CodeEmailExists, "A customer with this email already exists.")}
		case customer.StatusUpdate, customer.StatusUnchanged:
			r.CustomerID = int64(1000 + i)
		}
	}
	return rows
}

func checkConflict(t *testing.T, err error, word string) {
	t.Helper()
	if customer.ErrorCodeOf(err) != customer.EConflict {
		t.Errorf("got %v, want EConflict", err)
		return
	}
	if msg := customer.ErrorMessage(err); !strings.Contains(msg, word) {
		t.Errorf("conflict message %q does not name the %s", msg, word)
	}
}

func accountsOf(cs []customer.Customer) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Values[customer.FAccount])
	}
	return out
}

func accountsOfPtr(cs []*customer.Customer) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Values[customer.FAccount])
	}
	return out
}

func rowNums(rows []customer.StagedRow) []int {
	var out []int
	for _, r := range rows {
		out = append(out, r.Row)
	}
	return out
}

// sameImport compares imports whole, except that UpdatedAt must not go back: every save and
// progress report moves it (that is how a live background job is told from a dead one).
func sameImport(got, want customer.Import) bool {
	if got.UpdatedAt.IsZero() || got.UpdatedAt.Before(want.UpdatedAt) {
		return false
	}
	got.UpdatedAt, want.UpdatedAt = time.Time{}, time.Time{}
	return reflect.DeepEqual(got, want)
}
