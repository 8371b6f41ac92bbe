package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
)

// runContract is the store contract: what importer.Store promises, and the extras the CLI and
// web use, checked the same way on every database. open opens the one database of the test run
// (each call a new *Store on it); subtests keep apart by using tenants of their own.
func runContract(t *testing.T, open func(t *testing.T) *Store) {
	ctx := context.Background()
	s := open(t)

	// tenant creates a tenant with a slug unique to the test.
	tenant := func(t *testing.T) customer.Tenant {
		t.Helper()
		tn := customer.Tenant{Slug: strings.ToLower(strings.NewReplacer("/", "-", " ", "-").Replace(t.Name())), Name: t.Name(), Country: "NO", Language: "nb"}
		if err := s.CreateTenant(ctx, &tn); err != nil {
			t.Fatalf("CreateTenant: %v", err)
		}
		return tn
	}
	insert := func(t *testing.T, tenantID int64, vs ...customer.Values) []*customer.Customer {
		t.Helper()
		cs := make([]*customer.Customer, len(vs))
		for i := range vs {
			cs[i] = &customer.Customer{Values: vs[i]}
		}
		if err := s.InsertCustomers(ctx, tenantID, cs); err != nil {
			t.Fatalf("InsertCustomers: %v", err)
		}
		return cs
	}
	stageImport := func(t *testing.T, tenantID int64) customer.Import {
		t.Helper()
		imp := customer.Import{TenantID: tenantID, FileName: "customers.csv", FileSHA256: "abc", Mode: customer.ModeUpsert, CreatedBy: "cli"}
		if err := s.CreateImport(ctx, &imp); err != nil {
			t.Fatalf("CreateImport: %v", err)
		}
		return imp
	}

	t.Run("migrations are idempotent", func(t *testing.T) {
		again := open(t)
		if again.Dialect() != s.Dialect() {
			t.Errorf("Dialect = %q, then %q", s.Dialect(), again.Dialect())
		}
		tn := tenant(t)
		if _, err := again.Tenant(ctx, tn.Slug); err != nil {
			t.Errorf("second store cannot read the first's tenant: %v", err)
		}
	})

	t.Run("tenants", func(t *testing.T) {
		tn := tenant(t)
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

	t.Run("every field round-trips", func(t *testing.T) {
		tn := tenant(t)
		var v customer.Values
		for i, f := range customer.Fields {
			v[i] = f.Example
		}
		v[customer.FNote] = "Æøå «quotes» \"and\" 'apostrophes' \\ ? $1 \u00a0"
		c := insert(t, tn.ID, v)[0]
		if c.ID == 0 || c.TenantID != tn.ID || c.UpdatedAt.IsZero() {
			t.Fatalf("InsertCustomers set %+v", c)
		}
		var got []customer.Customer
		err := s.AllCustomers(ctx, tn.ID, func(c customer.Customer) error {
			got = append(got, c)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || !reflect.DeepEqual(got[0], *c) {
			t.Errorf("read back %+v\nwant %+v", got, *c)
		}
	})

	t.Run("customers by every key, set-based", func(t *testing.T) {
		tn := tenant(t)
		cs := insert(t, tn.ID,
			person("A-1", "Ola", "Nordmann", "ola@example.no", "+4791000001", "0150"),
			person("A-2", "Kari", "Nordmann", "kari@example.no", "+4791000002", "0151"),
			person("A-3", "Per", "Hansen", "per@example.no", "+4791000003", "5003"),
			person("A-4", "Åse", "Berg", "", "", "0 150"),
			person("A-5", "Nobody", "Matches", "nobody@example.no", "+4791000005", "9999"),
		)
		byAccount := customer.Keys{Account: "A-1"}
		byEmail := customer.KeysOf(&customer.Values{customer.FEmail: "  KARI@Example.NO "})
		byMobile := customer.Keys{Mobile: "+4791000003"}
		byName := customer.Keys{NamePostcode: customer.NameKey(" ÅSE ", "berg", "01 50")}
		twice := customer.Keys{Account: "A-1", Email: "ola@example.no"} // one customer, two keys
		none := customer.Keys{Account: "Z-9", Email: "zed@example.no", Mobile: "+4799999999", NamePostcode: customer.NameKey("Zed", "Zed", "1")}
		got, err := s.Customers(ctx, tn.ID, []customer.Keys{none, byName, byMobile, byEmail, byAccount, twice, {}})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"A-1", "A-2", "A-3", "A-4"}
		if accounts := accountsOf(got); !reflect.DeepEqual(accounts, want) {
			t.Errorf("Customers found %v, want %v", accounts, want)
		}
		for _, c := range got {
			if c.Values[customer.FAccount] == "A-1" && !reflect.DeepEqual(c, *cs[0]) {
				t.Errorf("Customers returned %+v, want %+v", c, *cs[0])
			}
		}

		got, err = s.Customers(ctx, tn.ID, []customer.Keys{none})
		if err != nil || len(got) != 0 {
			t.Errorf("Customers(no match) = %v, %v; want none", got, err)
		}
		if _, err := s.Customers(ctx, 1<<40, []customer.Keys{byAccount}); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("Customers(missing tenant): %v, want ENotFound", err)
		}

		// More keys than one query takes: 2,500 keys, most matching nothing.
		many := make([]customer.Keys, 2500)
		for i := range many {
			many[i] = customer.Keys{Account: fmt.Sprintf("X-%d", i), Email: fmt.Sprintf("x%d@example.no", i)}
		}
		many[1700] = byEmail
		many[2400] = byMobile
		got, err = s.Customers(ctx, tn.ID, many)
		if err != nil {
			t.Fatal(err)
		}
		if accounts := accountsOf(got); !reflect.DeepEqual(accounts, []string{"A-2", "A-3"}) {
			t.Errorf("Customers(2,500 keys) found %v, want [A-2 A-3]", accounts)
		}
	})

	t.Run("account numbers", func(t *testing.T) {
		tn := tenant(t)
		insert(t, tn.ID, person("C000002", "Given", "Two", "", "", ""), person("C000004", "Given", "Four", "", "", ""))
		cs := insert(t, tn.ID,
			person("", "Blank", "One", "", "", ""),
			person("C000003", "Given", "Three", "", "", ""),
			person("", "Blank", "Two", "", "", ""),
			person("  ", "Blank", "Three", "", "", ""),
		)
		if got, want := accountsOfPtr(cs), []string{"C000001", "C000003", "C000005", "C000006"}; !reflect.DeepEqual(got, want) {
			t.Errorf("assigned %v, want %v", got, want)
		}
		cs = insert(t, tn.ID, person("", "Blank", "Four", "", "", ""))
		if got := cs[0].Values[customer.FAccount]; got != "C000007" {
			t.Errorf("next assigned %q, want C000007", got)
		}
		// Another tenant has its own sequence.
		other := customer.Tenant{Slug: tn.Slug + "-other"}
		if err := s.CreateTenant(ctx, &other); err != nil {
			t.Fatal(err)
		}
		cs = insert(t, other.ID, person("", "Other", "One", "", "", ""))
		if got := cs[0].Values[customer.FAccount]; got != "C000001" {
			t.Errorf("other tenant's first number %q, want C000001", got)
		}
		if n, err := s.CountCustomers(ctx, tn.ID); err != nil || n != 7 {
			t.Errorf("CountCustomers = %d, %v; want 7", n, err)
		}
	})

	t.Run("unique keys conflict", func(t *testing.T) {
		tn := tenant(t)
		stored := insert(t, tn.ID,
			person("U-1", "Ola", "Nordmann", "ola@example.no", "+4791000001", "0150"),
			person("U-2", "Kari", "Nordmann", "kari@example.no", "+4791000002", "0151"),
		)
		tests := []struct {
			name string
			v    customer.Values
			word string
		}{
			{"account", person("U-1", "New", "Person", "", "", ""), "account number"},
			{"email", person("", "New", "Person", "  OLA@example.NO", "", ""), "email"},
			{"mobile", person("", "New", "Person", "", "+4791000001", ""), "mobile"},
			{"name and postcode", person("", "OLA", "nordmann", "", "", "0150"), "name"},
		}
		for _, tt := range tests {
			t.Run("insert "+tt.name, func(t *testing.T) {
				c := &customer.Customer{Values: tt.v}
				before := c.Values
				err := s.InsertCustomers(ctx, tn.ID, []*customer.Customer{c})
				checkConflict(t, err, tt.word)
				if c.ID != 0 || c.Values != before {
					t.Errorf("failed insert changed the customer: %+v", c)
				}
			})
			t.Run("update "+tt.name, func(t *testing.T) {
				c := *stored[1]
				for i, v := range tt.v {
					if v != "" && strings.TrimSpace(v) != "" {
						c.Values[i] = v
					}
				}
				if tt.name == "name and postcode" {
					c.Values[customer.FFirstName], c.Values[customer.FLastName] = "Ola", "Nordmann"
				}
				checkConflict(t, s.UpdateCustomers(ctx, tn.ID, []customer.Customer{c}), tt.word)
			})
		}
		t.Run("within one batch", func(t *testing.T) {
			a := &customer.Customer{Values: person("", "Twin", "One", "twin@example.no", "", "")}
			b := &customer.Customer{Values: person("", "Twin", "Two", "TWIN@example.no", "", "")}
			checkConflict(t, s.InsertCustomers(ctx, tn.ID, []*customer.Customer{a, b}), "email")
			if a.Values[customer.FAccount] != "" || b.Values[customer.FAccount] != "" {
				t.Errorf("failed insert kept assigned account numbers %q, %q", a.Values[customer.FAccount], b.Values[customer.FAccount])
			}
		})
		if n, _ := s.CountCustomers(ctx, tn.ID); n != 2 {
			t.Errorf("%d customers after failed writes, want 2", n)
		}
		// Empty keys collide with no one.
		insert(t, tn.ID, person("", "No", "Keys", "", "", ""), person("", "No", "Keys", "", "", ""))
	})

	t.Run("update customers", func(t *testing.T) {
		tn := tenant(t)
		cs := insert(t, tn.ID,
			person("P-1", "Ola", "Nordmann", "ola@example.no", "+4791000001", "0150"),
			person("P-2", "Kari", "Nordmann", "kari@example.no", "", ""),
		)
		a, b := *cs[0], *cs[1]
		a.Values[customer.FEmail] = "ola.new@example.no"
		a.Values[customer.FCity] = "Oslo"
		b.Values[customer.FAccount] = "P-20"
		b.Values[customer.FMobile] = "+4791000002"
		time.Sleep(2 * time.Millisecond)
		if err := s.UpdateCustomers(ctx, tn.ID, []customer.Customer{a, b}); err != nil {
			t.Fatal(err)
		}
		got, err := s.Customers(ctx, tn.ID, []customer.Keys{{Email: "ola.new@example.no"}, {Mobile: "+4791000002"}, {Email: "ola@example.no"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Values != a.Values || got[1].Values != b.Values {
			t.Fatalf("after update got %+v", got)
		}
		if !got[0].UpdatedAt.After(cs[0].UpdatedAt) {
			t.Errorf("UpdatedAt %v not after %v", got[0].UpdatedAt, cs[0].UpdatedAt)
		}
		missing := a
		missing.ID = 1 << 40
		if err := s.UpdateCustomers(ctx, tn.ID, []customer.Customer{missing}); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("UpdateCustomers(missing): %v, want ENotFound", err)
		}
		blank := a
		blank.Values[customer.FAccount] = ""
		if err := s.UpdateCustomers(ctx, tn.ID, []customer.Customer{blank}); customer.ErrorCodeOf(err) != customer.EInvalid {
			t.Errorf("UpdateCustomers(blank account): %v, want EInvalid", err)
		}
	})

	t.Run("tenant isolation", func(t *testing.T) {
		ta := tenant(t)
		tb := customer.Tenant{Slug: ta.Slug + "-b"}
		if err := s.CreateTenant(ctx, &tb); err != nil {
			t.Fatal(err)
		}
		ca := insert(t, ta.ID, person("I-1", "Ola", "Nordmann", "ola@example.no", "+4791000001", "0150"))[0]
		keys := []customer.Keys{customer.KeysOf(&ca.Values)}
		if got, err := s.Customers(ctx, tb.ID, keys); err != nil || len(got) != 0 {
			t.Errorf("tenant B sees A's customers: %v, %v", got, err)
		}
		// The same keys are free in B.
		cb := insert(t, tb.ID, ca.Values)[0]
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
		if got, total, err := s.SearchCustomers(ctx, tb.ID, "", 0, 0); err != nil || total != 1 || got[0].ID != cb.ID {
			t.Errorf("tenant B's search = %v, total %d, %v; want only its own customer", got, total, err)
		}
		imp := stageImport(t, ta.ID)
		if _, err := s.Import(ctx, tb.ID, imp.ID); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("tenant B reading A's import: %v, want ENotFound", err)
		}
		stolen := imp
		stolen.TenantID = tb.ID
		stolen.State = customer.StateDiscarded
		if err := s.SaveImport(ctx, stolen); customer.ErrorCodeOf(err) != customer.ENotFound {
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

	t.Run("imports", func(t *testing.T) {
		tn := tenant(t)
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
		if err := s.SaveImport(ctx, imp); err != nil {
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

	t.Run("import progress, failure and confirm key", func(t *testing.T) {
		tn := tenant(t)
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
			if err := s.SaveImport(ctx, imp); err != nil {
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
			if err := s.SaveImport(ctx, imp); err != nil {
				t.Fatal(err)
			}
			if got, err := s.Import(ctx, tn.ID, imp.ID); err != nil || !sameImport(got, imp) {
				t.Errorf("after SaveImport(new file): %+v, %v\nwant %+v", got, err, imp)
			}
			// Who created it, and when, stay.
			changed := imp
			changed.CreatedBy, changed.CreatedAt = "mallory", time.Now()
			if err := s.SaveImport(ctx, changed); err != nil {
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
			if err := s.SaveImport(ctx, imp); err != nil {
				t.Fatal(err)
			}
			if got, err := s.Import(ctx, tn.ID, imp.ID); err != nil || !sameImport(got, imp) {
				t.Errorf("after SaveImport(failed): %+v, %v\nwant %+v", got, err, imp)
			}
		})
		t.Run("confirm key is bound to one import", func(t *testing.T) {
			a, b := stageImport(t, tn.ID), stageImport(t, tn.ID)
			a.State, a.ConfirmKey = customer.StateCommitted, "key-1"
			if err := s.SaveImport(ctx, a); err != nil {
				t.Fatal(err)
			}
			if err := s.SaveImport(ctx, a); err != nil {
				t.Errorf("saving the key's own import again: %v", err)
			}
			b.ConfirmKey = "key-1"
			checkConflict(t, s.SaveImport(ctx, b), "idempotency key")
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
			o := stageImport(t, other.ID)
			o.ConfirmKey = "key-1"
			if err := s.SaveImport(ctx, o); err != nil {
				t.Errorf("another tenant's import with the same key: %v", err)
			}
			b.ConfirmKey = ""
			if err := s.SaveImport(ctx, b); err != nil {
				t.Errorf("an import without a key: %v", err)
			}
			// Inside a commit the conflict leaves the transaction usable.
			err := s.Commit(ctx, tn.ID, func(q importer.Queries) error {
				b.ConfirmKey = "key-1"
				if err := q.SaveImport(ctx, b); customer.ErrorCodeOf(err) != customer.EConflict {
					return fmt.Errorf("SaveImport(taken key) in a commit = %v, want EConflict", err)
				}
				b.ConfirmKey = "key-2"
				b.State = customer.StateCommitted
				return q.SaveImport(ctx, b)
			})
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := s.Import(ctx, tn.ID, b.ID); got.ConfirmKey != "key-2" || got.State != customer.StateCommitted {
				t.Errorf("after the commit: key %q, state %s; want key-2, committed", got.ConfirmKey, got.State)
			}
		})
	})

	t.Run("import history", func(t *testing.T) {
		tn := tenant(t)
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
		stageImport(t, other.ID) // another tenant's import is not in the history
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

	t.Run("staged rows", func(t *testing.T) {
		tn := tenant(t)
		imp := stageImport(t, tn.ID)
		first := stagedRows(5)
		if err := s.ReplaceRows(ctx, imp.ID, first); err != nil {
			t.Fatal(err)
		}
		rows := stagedRows(25)
		rows[3].Raw[customer.FNote] = "  untrimmed, \"quoted\", Ærlig  "
		rows[3].Errors = []customer.Problem{customer.NewProblem(customer.FEmail, customer.CodeInvalidEmail, "Not an email."), customer.NewProblem(customer.FMobile, customer.CodeInvalidPhone, "Not a phone.")}
		rows[4].Warnings = []customer.Problem{customer.NewProblem(customer.FPostcode, customer.WarnLeadingZero, "Zero restored.")}
		rows[5].CustomerID = 42
		rows[5].Changes = []customer.Change{{Field: "city", Old: "Oslo", New: "Bergen"}}
		if err := s.ReplaceRows(ctx, imp.ID, rows); err != nil {
			t.Fatal(err)
		}

		t.Run("all", func(t *testing.T) {
			got, total, err := s.Rows(ctx, imp.ID, "", 0, 0)
			if err != nil || total != 25 || !reflect.DeepEqual(got, rows) {
				t.Errorf("Rows = %d rows, total %d, %v; want the 25 replaced rows", len(got), total, err)
				for i := range min(len(got), len(rows)) {
					if !reflect.DeepEqual(got[i], rows[i]) {
						t.Errorf("row %d: got %+v\nwant %+v", i, got[i], rows[i])
					}
				}
			}
		})
		t.Run("page", func(t *testing.T) {
			got, total, err := s.Rows(ctx, imp.ID, "", 5, 10)
			if err != nil || total != 25 || !reflect.DeepEqual(got, rows[5:15]) {
				t.Errorf("Rows(offset 5, limit 10) = %v, total %d, %v", rowNums(got), total, err)
			}
			got, total, err = s.Rows(ctx, imp.ID, "", 20, 0)
			if err != nil || total != 25 || !reflect.DeepEqual(rowNums(got), rowNums(rows[20:])) {
				t.Errorf("Rows(offset 20, no limit) = %v, total %d, %v", rowNums(got), total, err)
			}
			got, total, err = s.Rows(ctx, imp.ID, "", 30, 10)
			if err != nil || total != 25 || len(got) != 0 {
				t.Errorf("Rows(offset past the end) = %v, total %d, %v", rowNums(got), total, err)
			}
		})
		t.Run("status filter", func(t *testing.T) {
			var want []customer.StagedRow
			for _, r := range rows {
				if r.Status == customer.StatusError {
					want = append(want, r)
				}
			}
			got, total, err := s.Rows(ctx, imp.ID, customer.StatusError, 1, 3)
			if err != nil || total != len(want) || !reflect.DeepEqual(got, want[1:4]) {
				t.Errorf("Rows(error, 1, 3) = %v, total %d, %v; want %v of %d", rowNums(got), total, err, rowNums(want[1:4]), len(want))
			}
			got, total, err = s.Rows(ctx, imp.ID, customer.StatusUnchanged, 0, 0)
			if err != nil || total != 6 || len(got) != 6 {
				t.Errorf("Rows(unchanged) = %v, total %d, %v", rowNums(got), total, err)
			}
		})
		t.Run("save", func(t *testing.T) {
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
			got, _, err := s.Rows(ctx, imp.ID, "", 0, 0)
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
		t.Run("one row", func(t *testing.T) {
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
		t.Run("missing import", func(t *testing.T) {
			if _, _, err := s.Rows(ctx, 1<<40, "", 0, 0); customer.ErrorCodeOf(err) != customer.ENotFound {
				t.Errorf("Rows(missing import): %v, want ENotFound", err)
			}
			if err := s.ReplaceRows(ctx, 1<<40, rows); customer.ErrorCodeOf(err) != customer.ENotFound {
				t.Errorf("ReplaceRows(missing import): %v, want ENotFound", err)
			}
			empty := stageImport(t, tn.ID)
			if got, total, err := s.Rows(ctx, empty.ID, "", 0, 0); err != nil || total != 0 || len(got) != 0 {
				t.Errorf("Rows(empty import) = %v, %d, %v", got, total, err)
			}
			if _, err := s.EditedRows(ctx, 1<<40); customer.ErrorCodeOf(err) != customer.ENotFound {
				t.Errorf("EditedRows(missing import): %v, want ENotFound", err)
			}
			if _, err := s.RowsByKeys(ctx, 1<<40, []customer.Keys{{Email: "a@example.no"}}); customer.ErrorCodeOf(err) != customer.ENotFound {
				t.Errorf("RowsByKeys(missing import): %v, want ENotFound", err)
			}
			if _, err := s.RowSummary(ctx, 1<<40); customer.ErrorCodeOf(err) != customer.ENotFound {
				t.Errorf("RowSummary(missing import): %v, want ENotFound", err)
			}
			if sum, err := s.RowSummary(ctx, empty.ID); err != nil || sum != (customer.Summary{}) {
				t.Errorf("RowSummary(empty import) = %+v, %v", sum, err)
			}
		})
	})

	t.Run("staged rows by keys, edited rows and summary", func(t *testing.T) {
		tn := tenant(t)
		imp := stageImport(t, tn.ID)
		rows := stagedRows(3000)
		rows[10].Keys = customer.Keys{Account: "A-1", Email: "shared@example.no", Mobile: "+4745000001", NamePostcode: "kari nordmann 0150"}
		rows[20].Keys = customer.Keys{Account: "X-20", Email: "SHARED@example.no", Mobile: "+4745000001"} // keys are compared as stored
		rows[30].Keys = customer.Keys{Account: "X-30", Email: "p31@example.no", NamePostcode: "kari nordmann 0150"}
		rows[40].Keys = customer.Keys{Account: "+4745000001"} // a value of another kind matches nothing
		if err := s.ReplaceRows(ctx, imp.ID, rows); err != nil {
			t.Fatal(err)
		}
		// Another import's rows with the same keys are not found.
		other := stageImport(t, tn.ID)
		if err := s.ReplaceRows(ctx, other.ID, rows[:50]); err != nil {
			t.Fatal(err)
		}
		find := func(keys ...customer.Keys) []int {
			t.Helper()
			got, err := s.RowsByKeys(ctx, imp.ID, keys)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range got {
				if !reflect.DeepEqual(r, rows[r.Row-2]) {
					t.Errorf("row %d read back as %+v, stored %+v", r.Row, r, rows[r.Row-2])
				}
			}
			return rowNums(got)
		}
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
				if got := find(tc.keys...); !reflect.DeepEqual(got, tc.want) {
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
			if got := find(keys...); !reflect.DeepEqual(got, want) {
				t.Errorf("RowsByKeys(%d emails) = %d rows, want %d", len(keys), len(got), len(want))
			}
			// Every third row but row 22, whose keys were replaced.
			if got := find(customer.Keys{Account: "A-2"}); len(got) != 999 {
				t.Errorf("RowsByKeys(account A-2) = %d rows, want 999", len(got))
			}
		})
		t.Run("edited rows", func(t *testing.T) {
			got, err := s.EditedRows(ctx, imp.ID)
			var want []customer.StagedRow
			for _, r := range rows {
				if r.Edited {
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
			rows[1], rows[2] = a, b
			got, err = s.EditedRows(ctx, imp.ID)
			if err != nil || len(got) != len(want) || got[0].Row != b.Row || !reflect.DeepEqual(got[0], b) {
				t.Errorf("after SaveRows, EditedRows = %v, %v; want row %d instead of %d", rowNums(got), err, b.Row, a.Row)
			}
			if got := find(customer.Keys{Email: "new@example.no"}); !reflect.DeepEqual(got, []int{a.Row}) {
				t.Errorf("RowsByKeys(saved key) = %v, want [%d]", got, a.Row)
			}
			if got, err := s.EditedRows(ctx, stageImport(t, tn.ID).ID); err != nil || len(got) != 0 {
				t.Errorf("EditedRows(empty import) = %v, %v", rowNums(got), err)
			}
		})
		t.Run("summary", func(t *testing.T) {
			var want customer.Summary
			for _, r := range rows {
				want.Add(r.Status)
			}
			if sum, err := s.RowSummary(ctx, imp.ID); err != nil || sum != want {
				t.Errorf("RowSummary = %+v, %v; want %+v", sum, err, want)
			}
			if sum, err := s.RowSummary(ctx, other.ID); err != nil || sum.Rows != 50 {
				t.Errorf("RowSummary(other import) = %+v, %v; want 50 rows", sum, err)
			}
		})
	})

	t.Run("revisions", func(t *testing.T) {
		tn := tenant(t)
		imp := stageImport(t, tn.ID)
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
		otherImp := stageImport(t, tn.ID)
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

	t.Run("commit", func(t *testing.T) {
		tn := tenant(t)
		imp := stageImport(t, tn.ID)
		if err := s.ReplaceRows(ctx, imp.ID, stagedRows(3)); err != nil {
			t.Fatal(err)
		}
		var created *customer.Customer
		err := s.Commit(ctx, tn.ID, func(q importer.Queries) error {
			created = &customer.Customer{Values: person("", "Ola", "Nordmann", "ola@example.no", "", "")}
			if err := q.InsertCustomers(ctx, tn.ID, []*customer.Customer{created}); err != nil {
				return err
			}
			// Writes inside the transaction are visible to its own reads.
			if got, err := q.Customers(ctx, tn.ID, []customer.Keys{{Email: "ola@example.no"}}); err != nil || len(got) != 1 {
				return fmt.Errorf("own insert not visible: %v, %v", got, err)
			}
			rows, err := q.RowsAhead(ctx, imp.ID, 0, 3)()
			if err != nil {
				return err
			}
			rows[0].CustomerID = created.ID
			if err := q.SaveRows(ctx, imp.ID, rows[:1]); err != nil {
				return err
			}
			imp.State = customer.StateCommitted
			imp.ConfirmedAt = time.Now()
			if err := q.SaveImport(ctx, imp); err != nil {
				return err
			}
			return q.AddRevisions(ctx, []customer.Revision{{ImportID: imp.ID, CustomerID: created.ID, Created: true, After: created.Values}})
		})
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Import(ctx, tn.ID, imp.ID); got.State != customer.StateCommitted {
			t.Errorf("import state %s after commit", got.State)
		}
		if n, _ := s.CountCustomers(ctx, tn.ID); n != 1 {
			t.Errorf("%d customers after commit, want 1", n)
		}

		t.Run("rolls back", func(t *testing.T) {
			imp2 := stageImport(t, tn.ID)
			if err := s.ReplaceRows(ctx, imp2.ID, stagedRows(3)); err != nil {
				t.Fatal(err)
			}
			boom := errors.New("boom")
			err := s.Commit(ctx, tn.ID, func(q importer.Queries) error {
				c := &customer.Customer{Values: person("", "Kari", "Nordmann", "kari@example.no", "", "")}
				if err := q.InsertCustomers(ctx, tn.ID, []*customer.Customer{c}); err != nil {
					return err
				}
				upd := *created
				upd.Values[customer.FCity] = "Bergen"
				if err := q.UpdateCustomers(ctx, tn.ID, []customer.Customer{upd}); err != nil {
					return err
				}
				rows, _ := q.RowsAhead(ctx, imp2.ID, 0, 3)()
				rows[1].Status = customer.StatusError
				if err := q.SaveRows(ctx, imp2.ID, rows); err != nil {
					return err
				}
				imp2.State = customer.StateCommitted
				if err := q.SaveImport(ctx, imp2); err != nil {
					return err
				}
				if err := q.AddRevisions(ctx, []customer.Revision{{ImportID: imp2.ID, CustomerID: c.ID, Created: true}}); err != nil {
					return err
				}
				return boom
			})
			if !errors.Is(err, boom) {
				t.Fatalf("Commit returned %v, want fn's error", err)
			}
			if n, _ := s.CountCustomers(ctx, tn.ID); n != 1 {
				t.Errorf("%d customers after a failed commit, want 1", n)
			}
			got, _ := s.Customers(ctx, tn.ID, []customer.Keys{{Email: "ola@example.no"}})
			if len(got) != 1 || got[0].Values[customer.FCity] != "" {
				t.Errorf("update kept after a failed commit: %+v", got)
			}
			if got, _ := s.Import(ctx, tn.ID, imp2.ID); got.State != customer.StateStaged {
				t.Errorf("import state %s after a failed commit", got.State)
			}
			if rows, _, _ := s.Rows(ctx, imp2.ID, customer.StatusError, 0, 0); len(rows) != 0 {
				t.Errorf("row edits kept after a failed commit: %v", rowNums(rows))
			}
			if revs, _ := s.Revisions(ctx, tn.ID, imp2.ID); len(revs) != 0 {
				t.Errorf("revisions kept after a failed commit: %+v", revs)
			}
			// The account sequence rolled back too.
			cs := insert(t, tn.ID, person("", "Per", "Hansen", "", "", ""))
			if got := cs[0].Values[customer.FAccount]; got != "C000002" {
				t.Errorf("account after a failed commit %q, want C000002", got)
			}
		})
		t.Run("a failed call inside leaves nothing and the commit goes on", func(t *testing.T) {
			before, _ := s.CountCustomers(ctx, tn.ID)
			var ok *customer.Customer
			err := s.Commit(ctx, tn.ID, func(q importer.Queries) error {
				// More rows than one statement takes; the last one conflicts, so the first
				// statement succeeded before the call failed.
				cs := manyCustomers(600, "inside")
				cs[599].Values[customer.FEmail] = "ola@example.no"
				err := q.InsertCustomers(ctx, tn.ID, cs)
				if customer.ErrorCodeOf(err) != customer.EConflict {
					return fmt.Errorf("InsertCustomers = %v, want EConflict", err)
				}
				if cs[0].ID != 0 || cs[0].Values[customer.FAccount] != "" {
					return fmt.Errorf("failed insert left ID %d, account %q", cs[0].ID, cs[0].Values[customer.FAccount])
				}
				ok = &customer.Customer{Values: person("", "After", "Conflict", "after@example.no", "", "")}
				return q.InsertCustomers(ctx, tn.ID, []*customer.Customer{ok})
			})
			if err != nil {
				t.Fatal(err)
			}
			if n, _ := s.CountCustomers(ctx, tn.ID); n != before+1 {
				t.Errorf("%d customers, want %d: the failed call's first batch was kept", n, before+1)
			}
			// Outside a commit, the same failure is the call's whole transaction.
			cs := manyCustomers(600, "outside")
			cs[599].Values[customer.FEmail] = "ola@example.no"
			checkConflict(t, s.InsertCustomers(ctx, tn.ID, cs), "email")
			if n, _ := s.CountCustomers(ctx, tn.ID); n != before+1 {
				t.Errorf("%d customers after a failed insert, want %d", n, before+1)
			}
		})
		t.Run("missing tenant", func(t *testing.T) {
			called := false
			err := s.Commit(ctx, 1<<40, func(importer.Queries) error { called = true; return nil })
			if customer.ErrorCodeOf(err) != customer.ENotFound || called {
				t.Errorf("Commit(missing tenant) = %v, fn called %v; want ENotFound, not called", err, called)
			}
		})
		t.Run("panic rolls back", func(t *testing.T) {
			before, _ := s.CountCustomers(ctx, tn.ID)
			func() {
				defer func() { recover() }()
				s.Commit(ctx, tn.ID, func(q importer.Queries) error {
					c := &customer.Customer{Values: person("", "Panic", "Person", "", "", "")}
					if err := q.InsertCustomers(ctx, tn.ID, []*customer.Customer{c}); err != nil {
						return err
					}
					panic("boom")
				})
			}()
			if n, _ := s.CountCustomers(ctx, tn.ID); n != before {
				t.Errorf("%d customers after a panicking commit, want %d", n, before)
			}
		})
	})

	t.Run("commits of a tenant are serialised", func(t *testing.T) {
		tn := tenant(t)
		// Two handles, as two processes would have: the lock must be in the database.
		stores := []*Store{s, open(t)}
		for round := range 5 {
			email := fmt.Sprintf("race%d@example.no", round)
			var wg sync.WaitGroup
			var mu sync.Mutex
			saw := 0
			errs := make([]error, 2)
			for g := range 2 {
				wg.Go(func() {
					errs[g] = stores[g].Commit(ctx, tn.ID, func(q importer.Queries) error {
						found, err := q.Customers(ctx, tn.ID, []customer.Keys{{Email: email}})
						if err != nil {
							return err
						}
						if len(found) > 0 {
							mu.Lock()
							saw++
							mu.Unlock()
							return nil
						}
						time.Sleep(30 * time.Millisecond) // let the other commit try to run now
						c := &customer.Customer{Values: person("", "Race", fmt.Sprint(g), email, "", "")}
						return q.InsertCustomers(ctx, tn.ID, []*customer.Customer{c})
					})
				})
			}
			wg.Wait()
			for g, err := range errs {
				if err != nil {
					t.Errorf("round %d, commit %d: %v", round, g, err)
				}
			}
			found, _ := s.Customers(ctx, tn.ID, []customer.Keys{{Email: email}})
			if len(found) != 1 || saw != 1 {
				t.Errorf("round %d: %d customers, %d commits saw the other's; want 1 and 1", round, len(found), saw)
			}
		}
	})

	t.Run("one customer", func(t *testing.T) {
		tn := tenant(t)
		c := insert(t, tn.ID, person("O-1", "Ola", "Nordmann", "ola@example.no", "+4791000001", "0150"))[0]
		got, err := s.Customer(ctx, tn.ID, c.ID)
		if err != nil || !reflect.DeepEqual(got, *c) {
			t.Errorf("Customer = %+v, %v\nwant %+v", got, err, *c)
		}
		if _, err := s.Customer(ctx, tn.ID, 1<<40); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("Customer(missing): %v, want ENotFound", err)
		}
	})

	t.Run("search customers", func(t *testing.T) {
		tn := tenant(t)
		withCity := func(v customer.Values, company, city string) customer.Values {
			v[customer.FCompany], v[customer.FCity] = company, city
			return v
		}
		cs := insert(t, tn.ID,
			withCity(person("S-1", "Ola", "Nordmann", "ola@example.no", "+4791000001", "0150"), "", "Oslo"),
			withCity(person("S-2", "Kari", "Nordmann", "kari@kiwi.no", "+4791000002", "0151"), "Kiwi Storo", "Oslo"),
			withCity(person("S-3", "Åse", "Berg", "", "", "5003"), "", "Bergen"),
			withCity(person("S-4", "Łukasz", "Żółć", "lukasz@example.pl", "+48601000004", "90-001"), "", "Łódź"),
			withCity(person("S-5", "Per", "Hansen", "", "", ""), "100% Sport_AS", ""),
		)
		// Another tenant's customers are never found.
		other := customer.Tenant{Slug: tn.Slug + "-other"}
		if err := s.CreateTenant(ctx, &other); err != nil {
			t.Fatal(err)
		}
		insert(t, other.ID, withCity(person("S-9", "Ola", "Nordmann", "ola@example.no", "", ""), "100% Sport_AS", "Oslo"))
		tests := []struct {
			name, query string
			want        []string
		}{
			{"everyone", "", []string{"S-1", "S-2", "S-3", "S-4", "S-5"}},
			{"blank is everyone", "   ", []string{"S-1", "S-2", "S-3", "S-4", "S-5"}},
			{"last name", "nordmann", []string{"S-1", "S-2"}},
			{"upper case", "NORDMANN", []string{"S-1", "S-2"}},
			{"full name", "Ola Nordmann", []string{"S-1"}},
			{"spaces around", "  ola nordmann ", []string{"S-1"}},
			{"Norwegian letters, other case", "ÅSE", []string{"S-3"}},
			{"Polish letters, other case", "ŻÓŁĆ", []string{"S-4"}},
			{"city", "łódź", []string{"S-4"}},
			{"name or city", "berg", []string{"S-3"}},
			{"account number", "s-2", []string{"S-2"}},
			{"company", "kiwi", []string{"S-2"}},
			{"email", "@example.", []string{"S-1", "S-4"}},
			{"mobile, part", "91000001", []string{"S-1"}},
			{"postcode", "90-0", []string{"S-4"}},
			{"percent is literal", "100%", []string{"S-5"}},
			{"percent alone", "%", []string{"S-5"}},
			{"underscore is literal", "_", []string{"S-5"}},
			{"backslash", `\`, nil},
			{"not a searched field", "Storgata", nil},
			{"no match", "zzz", nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, total, err := s.SearchCustomers(ctx, tn.ID, tt.query, 0, 0)
				if err != nil || total != len(tt.want) || !reflect.DeepEqual(accountsOf(got), tt.want) {
					t.Errorf("SearchCustomers(%q) = %v, total %d, %v; want %v", tt.query, accountsOf(got), total, err, tt.want)
				}
			})
		}
		t.Run("pages", func(t *testing.T) {
			for _, tt := range []struct {
				offset, limit int
				want          []string
			}{
				{0, 2, []string{"S-1", "S-2"}},
				{2, 2, []string{"S-3", "S-4"}},
				{4, 2, []string{"S-5"}},
				{5, 2, nil},
				{3, 0, []string{"S-4", "S-5"}},
			} {
				got, total, err := s.SearchCustomers(ctx, tn.ID, "", tt.offset, tt.limit)
				if err != nil || total != 5 || !reflect.DeepEqual(accountsOf(got), tt.want) {
					t.Errorf("SearchCustomers(\"\", %d, %d) = %v, total %d, %v; want %v", tt.offset, tt.limit, accountsOf(got), total, err, tt.want)
				}
			}
			got, total, err := s.SearchCustomers(ctx, tn.ID, "nordmann", 1, 1)
			if err != nil || total != 2 || !reflect.DeepEqual(accountsOf(got), []string{"S-2"}) {
				t.Errorf("SearchCustomers(nordmann, 1, 1) = %v, total %d, %v; want [S-2] of 2", accountsOf(got), total, err)
			}
		})
		t.Run("follows updates", func(t *testing.T) {
			c := *cs[0]
			c.Values[customer.FCity] = "Trondheim"
			if err := s.UpdateCustomers(ctx, tn.ID, []customer.Customer{c}); err != nil {
				t.Fatal(err)
			}
			if got, _, _ := s.SearchCustomers(ctx, tn.ID, "TRONDHEIM", 0, 0); !reflect.DeepEqual(accountsOf(got), []string{"S-1"}) {
				t.Errorf("search for the new city found %v", accountsOf(got))
			}
			if got, _, _ := s.SearchCustomers(ctx, tn.ID, "oslo", 0, 0); !reflect.DeepEqual(accountsOf(got), []string{"S-2"}) {
				t.Errorf("search for the old city found %v", accountsOf(got))
			}
		})
		t.Run("filled for customers stored before the search", func(t *testing.T) {
			tm := tenant(t)
			if err := s.InsertCustomers(ctx, tm.ID, manyCustomers(2500, "Migrated")); err != nil {
				t.Fatal(err)
			}
			err := s.write(ctx, func(q *queries) error {
				if _, err := q.exec(ctx, `UPDATE customers SET search_text = '' WHERE tenant_id = ?`, tm.ID); err != nil {
					return err
				}
				return q.fillSearchText(ctx)
			})
			if err != nil {
				t.Fatal(err)
			}
			if _, total, err := s.SearchCustomers(ctx, tm.ID, "MIGRATED", 0, 1); err != nil || total != 2500 {
				t.Errorf("after filling: %d found, %v; want 2500", total, err)
			}
			if _, total, _ := s.SearchCustomers(ctx, tn.ID, "nordmann", 0, 0); total != 2 {
				t.Errorf("filling changed other customers' search: %d found, want 2", total)
			}
		})
		if _, _, err := s.SearchCustomers(ctx, 1<<40, "", 0, 0); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("SearchCustomers(missing tenant): %v, want ENotFound", err)
		}
	})

	accessContract(t, s, tenant)

	t.Run("all customers", func(t *testing.T) {
		tn := tenant(t)
		insert(t, tn.ID,
			person("a-1", "Lower", "Case", "", "", ""),
			person("C000002", "Given", "Two", "", "", ""),
			person("", "Assigned", "One", "", "", ""),
			person("B-2", "Upper", "Case", "", "", ""),
			person("10", "Digits", "Only", "", "", ""),
			person("A-10", "Upper", "Ten", "", "", ""),
		)
		var got []string
		err := s.AllCustomers(ctx, tn.ID, func(c customer.Customer) error {
			// The walk streams from an open cursor; other reads go on meanwhile.
			if _, err := s.CountCustomers(ctx, tn.ID); err != nil {
				return err
			}
			got = append(got, c.Values[customer.FAccount])
			return nil
		})
		want := []string{"10", "A-10", "B-2", "C000001", "C000002", "a-1"} // byte order on both databases
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("AllCustomers = %v, %v; want %v", got, err, want)
		}
		stop := errors.New("stop")
		n := 0
		err = s.AllCustomers(ctx, tn.ID, func(customer.Customer) error {
			n++
			if n == 2 {
				return stop
			}
			return nil
		})
		if !errors.Is(err, stop) || n != 2 {
			t.Errorf("AllCustomers stopped with %v after %d, want fn's error after 2", err, n)
		}
		if err := s.AllCustomers(ctx, 1<<40, func(customer.Customer) error { return nil }); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("AllCustomers(missing tenant): %v, want ENotFound", err)
		}
		if _, err := s.CountCustomers(ctx, 1<<40); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("CountCustomers(missing tenant): %v, want ENotFound", err)
		}
	})

	t.Run("bulk", func(t *testing.T) {
		if os.Getenv("CLIENTELE_TEST_BULK") == "" {
			t.Skip("set CLIENTELE_TEST_BULK=1 to time 100,000-row writes")
		}
		runBulk(t, s, tenant(t))
	})
}

// runBulk times the bulk paths with 100,000 rows and logs the durations.
func runBulk(t *testing.T, s *Store, tn customer.Tenant) {
	ctx := context.Background()
	const n = 100_000
	imp := customer.Import{TenantID: tn.ID, FileName: "big.csv"}
	if err := s.CreateImport(ctx, &imp); err != nil {
		t.Fatal(err)
	}
	rows := stagedRows(n)
	timed := func(what string, fn func() error) {
		t.Helper()
		start := time.Now()
		if err := fn(); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		t.Logf("%s %s: %v", s.Dialect(), what, time.Since(start).Round(time.Millisecond))
	}
	timed("ReplaceRows 100k", func() error { return s.ReplaceRows(ctx, imp.ID, rows) })
	timed("ReplaceRows 100k again", func() error { return s.ReplaceRows(ctx, imp.ID, rows) })
	timed("Rows 100k", func() error {
		got, total, err := s.Rows(ctx, imp.ID, "", 0, 0)
		if err == nil && (len(got) != n || total != n) {
			err = fmt.Errorf("%d rows, total %d", len(got), total)
		}
		return err
	})
	timed("Rows errors page", func() error { _, _, err := s.Rows(ctx, imp.ID, customer.StatusError, 50_000, 100); return err })
	for i := range rows {
		rows[i].Status = customer.StatusNew
	}
	timed("SaveRows 100k", func() error { return s.SaveRows(ctx, imp.ID, rows) })

	cs := manyCustomers(n, "bulk")
	timed("InsertCustomers 100k", func() error { return s.InsertCustomers(ctx, tn.ID, cs) })
	timed("Customers 100 × 1,000 keys", func() error {
		for lo := 0; lo < n; lo += 1000 {
			keys := make([]customer.Keys, 0, 1000)
			for _, c := range cs[lo : lo+1000] {
				keys = append(keys, customer.KeysOf(&c.Values))
			}
			got, err := s.Customers(ctx, tn.ID, keys)
			if err != nil {
				return err
			}
			if len(got) != 1000 {
				return fmt.Errorf("found %d of 1000", len(got))
			}
		}
		return nil
	})
	upd := make([]customer.Customer, n)
	for i, c := range cs {
		upd[i] = *c
		upd[i].Values[customer.FCity] = "Bergen"
	}
	timed("UpdateCustomers 100k", func() error { return s.UpdateCustomers(ctx, tn.ID, upd) })
	timed("AllCustomers 100k", func() error {
		count := 0
		err := s.AllCustomers(ctx, tn.ID, func(customer.Customer) error { count++; return nil })
		if err == nil && count != n {
			err = fmt.Errorf("walked %d", count)
		}
		return err
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
