package sqlstore

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
	"github.com/clientele/clientele/internal/dbtest"
)

// TestUndoContract checks the store calls undo makes (importer.Undo), on both databases:
// reading customers by id, deleting and restoring them, and the revisions' time stamps.
func TestUndoContract(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := opener(dsn)(t)
		n := 0
		tenant := func(t *testing.T) customer.Tenant {
			t.Helper()
			n++
			tn := customer.Tenant{Slug: "undo-" + string(rune('a'+n)), Country: "NO", Language: "nb"}
			if err := s.CreateTenant(ctx, &tn); err != nil {
				t.Fatalf("CreateTenant: %v", err)
			}
			return tn
		}
		person := func(account, first, email string) customer.Values {
			var v customer.Values
			v[customer.FAccount], v[customer.FFirstName], v[customer.FLastName], v[customer.FEmail] = account, first, "Berg", email
			return v
		}
		insert := func(t *testing.T, tenantID int64, vs ...customer.Values) []customer.Customer {
			t.Helper()
			ps := make([]*customer.Customer, len(vs))
			for i := range vs {
				ps[i] = &customer.Customer{Values: vs[i]}
			}
			if err := s.InsertCustomers(ctx, tenantID, ps); err != nil {
				t.Fatalf("InsertCustomers: %v", err)
			}
			out := make([]customer.Customer, len(ps))
			for i, c := range ps {
				out[i] = *c
			}
			return out
		}
		all := func(t *testing.T, tenantID int64) []customer.Customer {
			t.Helper()
			var cs []customer.Customer
			if err := s.AllCustomers(ctx, tenantID, func(c customer.Customer) error { cs = append(cs, c); return nil }); err != nil {
				t.Fatal(err)
			}
			return cs
		}

		t.Run("customers by id, in one tenant only", func(t *testing.T) {
			a, b := tenant(t), tenant(t)
			ca := insert(t, a.ID, person("A-1", "Åse", "ase@example.no"), person("A-2", "Ola", "ola@example.no"))
			cb := insert(t, b.ID, person("B-1", "Kari", "kari@example.no"))
			got, err := s.CustomersByID(ctx, a.ID, []int64{ca[1].ID, cb[0].ID, 1 << 40, ca[0].ID})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, ca) {
				t.Errorf("CustomersByID = %+v\nwant %+v (another tenant's and missing ids left out)", got, ca)
			}
			if got, err := s.CustomersByID(ctx, a.ID, nil); err != nil || len(got) != 0 {
				t.Errorf("CustomersByID(none) = %+v, %v", got, err)
			}
		})

		t.Run("more ids than one statement takes", func(t *testing.T) {
			tn := tenant(t)
			vs := make([]customer.Values, idBatch+5)
			for i := range vs {
				vs[i][customer.FFirstName] = "Kunde"
			}
			cs := insert(t, tn.ID, vs...)
			ids := make([]int64, len(cs))
			for i, c := range cs {
				ids[i] = c.ID
			}
			got, err := s.CustomersByID(ctx, tn.ID, ids)
			if err != nil || len(got) != len(ids) {
				t.Fatalf("CustomersByID: %d customers, %v; want %d", len(got), err, len(ids))
			}
			if err := s.DeleteCustomers(ctx, tn.ID, ids); err != nil {
				t.Fatal(err)
			}
			if left := all(t, tn.ID); len(left) != 0 {
				t.Errorf("%d customers left after deleting all", len(left))
			}
		})

		t.Run("delete", func(t *testing.T) {
			a, b := tenant(t), tenant(t)
			ca := insert(t, a.ID, person("A-1", "Åse", "ase@example.no"), person("A-2", "Ola", "ola@example.no"))
			cb := insert(t, b.ID, person("B-1", "Kari", "kari@example.no"))
			// Another tenant's customer among the ids: nothing at all is deleted.
			if err := s.DeleteCustomers(ctx, a.ID, []int64{ca[0].ID, cb[0].ID}); customer.ErrorCodeOf(err) != customer.ENotFound {
				t.Errorf("DeleteCustomers(another tenant's) = %v, want ENotFound", err)
			}
			if got := all(t, a.ID); len(got) != 2 {
				t.Errorf("a failed delete deleted something: %+v", got)
			}
			if got := all(t, b.ID); len(got) != 1 {
				t.Errorf("tenant B lost its customer: %+v", got)
			}
			if err := s.DeleteCustomers(ctx, a.ID, []int64{ca[0].ID, ca[0].ID}); customer.ErrorCodeOf(err) != customer.EInvalid {
				t.Errorf("DeleteCustomers(an id twice) = %v, want EInvalid", err)
			}
			if err := s.DeleteCustomers(ctx, a.ID, []int64{ca[0].ID}); err != nil {
				t.Fatal(err)
			}
			if got := all(t, a.ID); !reflect.DeepEqual(got, ca[1:]) {
				t.Errorf("after delete %+v, want %+v", got, ca[1:])
			}
			// The deleted email is free again.
			insert(t, a.ID, person("A-3", "Åse", "ase@example.no"))
		})

		t.Run("restore puts values and time stamp back", func(t *testing.T) {
			tn := tenant(t)
			cs := insert(t, tn.ID, person("A-1", "Åse", "ase@example.no"), person("A-2", "Ola", "ola@example.no"))
			old := cs[0]
			changed := old
			changed.Values[customer.FEmail], changed.Values[customer.FCity] = "ase@butikk.no", "Bergen"
			if err := s.UpdateCustomers(ctx, tn.ID, []customer.Customer{changed}); err != nil {
				t.Fatal(err)
			}
			stamp := time.Date(2025, 1, 2, 3, 4, 5, 123456000, time.UTC)
			old.UpdatedAt = stamp
			if err := s.RestoreCustomers(ctx, tn.ID, []customer.Customer{old}); err != nil {
				t.Fatal(err)
			}
			got, err := s.Customer(ctx, tn.ID, old.ID)
			if err != nil || !reflect.DeepEqual(got, old) {
				t.Errorf("restored %+v, %v\nwant %+v", got, err, old)
			}
			// Found again by its old keys and its search text.
			if found, err := s.Customers(ctx, tn.ID, []customer.Keys{{Email: "ase@example.no"}}); err != nil || len(found) != 1 || found[0].ID != old.ID {
				t.Errorf("lookup by the restored email = %+v, %v", found, err)
			}
			if page, total, err := s.SearchCustomers(ctx, tn.ID, "bergen", customer.OrderAccount, 0, 10); err != nil || total != 0 {
				t.Errorf("search still finds the undone city: %+v, %d, %v", page, total, err)
			}
		})

		t.Run("restore refuses a taken key, another tenant's customer and blanks", func(t *testing.T) {
			a, b := tenant(t), tenant(t)
			cs := insert(t, a.ID, person("A-1", "Åse", "ase@example.no"), person("A-2", "Ola", "ola@example.no"))
			cb := insert(t, b.ID, person("B-1", "Kari", "kari@example.no"))
			taken := cs[1]
			taken.Values[customer.FEmail] = "ase@example.no"
			if err := s.RestoreCustomers(ctx, a.ID, []customer.Customer{taken}); customer.ErrorCodeOf(err) != customer.EConflict {
				t.Errorf("RestoreCustomers(taken email) = %v, want EConflict", err)
			}
			if err := s.RestoreCustomers(ctx, a.ID, []customer.Customer{cb[0]}); customer.ErrorCodeOf(err) != customer.ENotFound {
				t.Errorf("RestoreCustomers(another tenant's) = %v, want ENotFound", err)
			}
			blank := cs[0]
			blank.Values[customer.FAccount] = " "
			if err := s.RestoreCustomers(ctx, a.ID, []customer.Customer{blank}); customer.ErrorCodeOf(err) != customer.EInvalid {
				t.Errorf("RestoreCustomers(blank account) = %v, want EInvalid", err)
			}
			zero := cs[1]
			zero.UpdatedAt = time.Time{}
			zero.Values[customer.FNote] = "tilbake"
			if err := s.RestoreCustomers(ctx, a.ID, []customer.Customer{zero}); customer.ErrorCodeOf(err) != customer.EInvalid {
				t.Errorf("RestoreCustomers(zero time) = %v, want EInvalid", err)
			}
			if got := all(t, a.ID); !reflect.DeepEqual(got, cs) {
				t.Errorf("failed restores changed customers: %+v\nwant %+v", got, cs)
			}
			if got := all(t, b.ID); !reflect.DeepEqual(got, cb) {
				t.Errorf("tenant B changed: %+v", got)
			}
		})

		t.Run("revisions keep the time stamp from before", func(t *testing.T) {
			tn := tenant(t)
			imp := customer.Import{TenantID: tn.ID, FileName: "kunder.csv", Mode: customer.ModeUpsert}
			if err := s.CreateImport(ctx, &imp); err != nil {
				t.Fatal(err)
			}
			stamp := time.Date(2025, 1, 2, 3, 4, 5, 123456000, time.UTC)
			revs := []customer.Revision{
				{ImportID: imp.ID, CustomerID: 1, Before: person("A-1", "Åse", ""), After: person("A-1", "Åse", "ase@example.no"), BeforeUpdatedAt: stamp},
				{ImportID: imp.ID, CustomerID: 2, Created: true, After: person("A-2", "Ola", "")},
			}
			if err := s.AddRevisions(ctx, revs); err != nil {
				t.Fatal(err)
			}
			got, err := s.Revisions(ctx, tn.ID, imp.ID)
			if err != nil || !reflect.DeepEqual(got, revs) {
				t.Errorf("Revisions = %+v, %v\nwant %+v", got, err, revs)
			}
		})

		t.Run("inside a commit, all or nothing", func(t *testing.T) {
			tn := tenant(t)
			cs := insert(t, tn.ID, person("A-1", "Åse", "ase@example.no"), person("A-2", "Ola", "ola@example.no"))
			imp := customer.Import{TenantID: tn.ID, FileName: "kunder.csv", Mode: customer.ModeUpsert}
			if err := s.CreateImport(ctx, &imp); err != nil {
				t.Fatal(err)
			}
			if err := s.AddRevisions(ctx, []customer.Revision{{ImportID: imp.ID, CustomerID: cs[0].ID, Created: true, After: cs[0].Values}}); err != nil {
				t.Fatal(err)
			}
			boom := errors.New("boom")
			err := s.Commit(ctx, tn.ID, func(q importer.Queries) error {
				revs, err := q.Revisions(ctx, tn.ID, imp.ID)
				if err != nil || len(revs) != 1 {
					t.Errorf("Revisions in commit = %+v, %v", revs, err)
				}
				if got, err := q.CustomersByID(ctx, tn.ID, []int64{cs[0].ID}); err != nil || len(got) != 1 {
					t.Errorf("CustomersByID in commit = %+v, %v", got, err)
				}
				if err := q.DeleteCustomers(ctx, tn.ID, []int64{cs[0].ID}); err != nil {
					return err
				}
				// A failed restore leaves the transaction usable (PostgreSQL would abort it).
				taken := cs[1]
				taken.Values[customer.FAccount] = "A-3"
				taken.Values[customer.FEmail] = "ola@example.no"
				if err := q.RestoreCustomers(ctx, tn.ID, []customer.Customer{{ID: 1 << 40, Values: taken.Values, UpdatedAt: cs[1].UpdatedAt}}); customer.ErrorCodeOf(err) != customer.ENotFound {
					t.Errorf("RestoreCustomers(missing) in commit = %v, want ENotFound", err)
				}
				if got, err := q.CustomersByID(ctx, tn.ID, []int64{cs[0].ID, cs[1].ID}); err != nil || len(got) != 1 {
					t.Errorf("after delete in commit = %+v, %v", got, err)
				}
				return boom
			})
			if !errors.Is(err, boom) {
				t.Fatalf("Commit = %v, want boom", err)
			}
			if got := all(t, tn.ID); !reflect.DeepEqual(got, cs) {
				t.Errorf("a failed commit deleted customers: %+v", got)
			}
		})
	})
}
