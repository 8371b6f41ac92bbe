package sqlstore

import (
	"context"
	"fmt"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
	"github.com/clientele/clientele/internal/dbtest"
)

// TestCustomersVersion checks, on both databases, that a tenant's customers version starts at 1
// and that every write of its customers adds one — an insert, an update, a restore, a delete,
// outside a commit and inside one — while reads, a failed insert, another tenant's writes and
// the writes of a rolled-back commit leave it as it was; and that an import keeps the version it
// is given.
func TestCustomersVersion(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := opener(dsn)(t)
		var tenants []customer.Tenant
		for i := range 2 {
			tn := customer.Tenant{Slug: fmt.Sprintf("version-%d", i), Country: "NO", Language: "nb"}
			if err := s.CreateTenant(ctx, &tn); err != nil {
				t.Fatal(err)
			}
			tenants = append(tenants, tn)
		}
		tn, other := tenants[0], tenants[1]
		person := func(account, email string) *customer.Customer {
			c := &customer.Customer{}
			c.Values[customer.FAccount], c.Values[customer.FFirstName], c.Values[customer.FLastName], c.Values[customer.FEmail] = account, "Kari", "Berg", email
			return c
		}
		version := func(t *testing.T, tenantID int64) int64 {
			t.Helper()
			v, err := s.CustomersVersion(ctx, tenantID)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		want := int64(1)
		step := func(name string, adds int64, fn func() error) {
			t.Helper()
			if err := fn(); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			want += adds
			if got := version(t, tn.ID); got != want {
				t.Errorf("after %s: version %d, want %d", name, got, want)
			}
		}
		step("nothing", 0, func() error { return nil })

		var kari *customer.Customer
		step("an insert", 1, func() error {
			kari = person("A-1", "kari@example.no")
			return s.InsertCustomers(ctx, tn.ID, []*customer.Customer{kari, person("", "ola@example.no")})
		})
		step("a lookup", 0, func() error {
			_, err := s.Customers(ctx, tn.ID, []customer.Keys{{Email: "kari@example.no"}})
			return err
		})
		step("an insert refused for a taken email", 0, func() error {
			err := s.InsertCustomers(ctx, tn.ID, []*customer.Customer{person("", "kari@example.no")})
			if customer.ErrorCodeOf(err) != customer.EConflict {
				return fmt.Errorf("InsertCustomers = %v, want EConflict", err)
			}
			return nil
		})
		step("another tenant's insert", 0, func() error {
			return s.InsertCustomers(ctx, other.ID, []*customer.Customer{person("", "kari@example.no")})
		})
		step("an update", 1, func() error {
			c := *kari
			c.Values[customer.FEmail] = "kari.berg@example.no"
			return s.UpdateCustomers(ctx, tn.ID, []customer.Customer{c})
		})
		step("a restore", 1, func() error { return s.RestoreCustomers(ctx, tn.ID, []customer.Customer{*kari}) })
		step("a commit that inserts and updates", 2, func() error {
			return s.Commit(ctx, tn.ID, func(q importer.Queries) error {
				if err := q.InsertCustomers(ctx, tn.ID, []*customer.Customer{person("", "per@example.no")}); err != nil {
					return err
				}
				return q.UpdateCustomers(ctx, tn.ID, []customer.Customer{*kari})
			})
		})
		step("a commit that fails after its insert", 0, func() error {
			err := s.Commit(ctx, tn.ID, func(q importer.Queries) error {
				if err := q.InsertCustomers(ctx, tn.ID, []*customer.Customer{person("", "liv@example.no")}); err != nil {
					return err
				}
				return fmt.Errorf("disk full")
			})
			if err == nil {
				return fmt.Errorf("the failing commit succeeded")
			}
			return nil
		})
		step("a delete", 1, func() error { return s.DeleteCustomers(ctx, tn.ID, []int64{kari.ID}) })
		if got := version(t, other.ID); got != 2 {
			t.Errorf("the other tenant's version is %d after its one insert, want 2", got)
		}

		imp := customer.Import{TenantID: tn.ID, FileName: "kunder.csv", Mode: customer.ModeCreate, CreatedBy: "cli"}
		if err := s.CreateImport(ctx, &imp); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Import(ctx, tn.ID, imp.ID); err != nil || got.CheckedVersion != 0 {
			t.Errorf("a new import's version: %d, %v; want 0 (not known)", got.CheckedVersion, err)
		}
		imp.CheckedVersion = want
		if err := s.SaveImport(ctx, imp, customer.StateStaged); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Import(ctx, tn.ID, imp.ID); err != nil || got.CheckedVersion != want {
			t.Errorf("the saved import's version: %d, %v; want %d", got.CheckedVersion, err, want)
		}
	})
}

// TestHasCustomers checks, on both databases, that HasCustomers says whether the tenant has any
// customer — none at first, one after an insert (another tenant's customers do not count, nor
// do those of a commit rolled back), none again once all are deleted, true inside the commit
// that inserts the first — and that it fails with ENotFound for a tenant that does not exist.
func TestHasCustomers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := opener(dsn)(t)
		var tenants []customer.Tenant
		for i := range 2 {
			tn := customer.Tenant{Slug: fmt.Sprintf("has-%d", i), Country: "NO", Language: "nb"}
			if err := s.CreateTenant(ctx, &tn); err != nil {
				t.Fatal(err)
			}
			tenants = append(tenants, tn)
		}
		tn, other := tenants[0], tenants[1]
		has := func(step string, want bool) {
			t.Helper()
			if got, err := s.HasCustomers(ctx, tn.ID); err != nil || got != want {
				t.Errorf("%s: HasCustomers = %v, %v; want %v", step, got, err, want)
			}
		}
		person := func(email string) *customer.Customer {
			c := &customer.Customer{}
			c.Values[customer.FFirstName], c.Values[customer.FEmail] = "Kari", email
			return c
		}
		has("a new tenant", false)
		if err := s.InsertCustomers(ctx, other.ID, []*customer.Customer{person("kari@example.no")}); err != nil {
			t.Fatal(err)
		}
		has("after another tenant's insert", false)
		err := s.Commit(ctx, tn.ID, func(q importer.Queries) error {
			if err := q.InsertCustomers(ctx, tn.ID, []*customer.Customer{person("ola@example.no")}); err != nil {
				return err
			}
			if got, err := q.HasCustomers(ctx, tn.ID); err != nil || !got {
				t.Errorf("inside the commit that inserted: HasCustomers = %v, %v; want true", got, err)
			}
			return fmt.Errorf("disk full")
		})
		if err == nil {
			t.Fatal("the failing commit succeeded")
		}
		has("after a commit rolled back", false)
		c := person("per@example.no")
		if err := s.InsertCustomers(ctx, tn.ID, []*customer.Customer{c}); err != nil {
			t.Fatal(err)
		}
		has("after an insert", true)
		if err := s.DeleteCustomers(ctx, tn.ID, []int64{c.ID}); err != nil {
			t.Fatal(err)
		}
		has("after the delete of the only customer", false)
		if _, err := s.HasCustomers(ctx, tn.ID+other.ID+1000); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("HasCustomers of a tenant that does not exist: %v, want ENotFound", err)
		}
	})
}
