package sqlstore

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/match"
)

// TestCustomersByMatchKeys stores customers' blocking keys on every write that changes a customer
// (insert, update, restore, delete, erase) and finds customers by them, in one tenant only and
// with more keys than one query takes.
func TestCustomersByMatchKeys(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := newTenant(t, s)
		other := customer.Tenant{Slug: tn.Slug + "-b", Country: "NO", Language: "nb"}
		if err := s.CreateTenant(ctx, &other); err != nil {
			t.Fatal(err)
		}
		kari := person("A-1", "Kari", "Nordmann", "kari.nordmann@example.no", "+4791000001", "0150")
		cs := insertValues(t, s, tn.ID,
			kari,
			person("A-2", "Ola", "Hansen", "ola@example.no", "+4791000002", "5003"),
			person("A-3", "Åse", "Håland", "", "", "4006"),
		)
		insertValues(t, s, other.ID, person("B-1", "Kari", "Nordmann", "kari.nordmann@example.no", "+4791000001", "0150"))
		find := func(keys ...string) []string {
			t.Helper()
			got, err := s.CustomersByMatchKeys(ctx, tn.ID, keys)
			if err != nil {
				t.Fatal(err)
			}
			return accountsOf(got)
		}
		// A near-duplicate of Kari shares keys with her, and of no one else.
		near := person("", "Kari", "Nordman", "kari.nordmann@gmial.com", "", "0150")
		if got := find(match.Keys(&near)...); !reflect.DeepEqual(got, []string{"A-1"}) {
			t.Errorf("candidates of %v: %v, want [A-1]", near, got)
		}
		haland := person("", "Aase", "Haland", "", "", "4006")
		if got := find(match.Keys(&haland)...); !reflect.DeepEqual(got, []string{"A-3"}) {
			t.Errorf("candidates of Haland: %v, want [A-3]", got)
		}
		if got := find(); got != nil {
			t.Errorf("no keys found %v", got)
		}
		// More keys than one query takes, the real ones last.
		many := make([]string, 0, 2500)
		for i := range 2400 {
			many = append(many, fmt.Sprintf("p:%08d", i))
		}
		many = append(many, match.Keys(&kari)...)
		many = append(many, match.Keys(&cs[1].Values)...)
		if got := find(many...); !reflect.DeepEqual(got, []string{"A-1", "A-2"}) {
			t.Errorf("candidates of many keys: %v, want [A-1 A-2]", got)
		}

		// An update moves the keys: Kari's old postcode and email no longer find her.
		old := match.Keys(&kari)
		moved := *cs[0]
		moved.Values = person("A-1", "Kari", "Nordmann", "kari@example.com", "+4791000001", "5003")
		if err := s.UpdateCustomers(ctx, tn.ID, []customer.Customer{moved}); err != nil {
			t.Fatal(err)
		}
		oldNameEmail := person("", "Kari", "Nordmann", "kari.nordmann@example.no", "", "0150")
		if got := find(match.Keys(&oldNameEmail)...); got != nil {
			t.Errorf("old keys found %v after the update", got)
		}
		newName := person("", "Kari", "Nordmann", "", "", "5003")
		if got := find(match.Keys(&newName)...); !reflect.DeepEqual(got, []string{"A-1"}) {
			t.Errorf("new key found %v, want [A-1]", got)
		}
		// Undo puts them back.
		if err := s.RestoreCustomers(ctx, tn.ID, []customer.Customer{*cs[0]}); err != nil {
			t.Fatal(err)
		}
		if got := find(old...); !reflect.DeepEqual(got, []string{"A-1"}) {
			t.Errorf("restored keys found %v, want [A-1]", got)
		}
		if got := find(match.Keys(&newName)...); got != nil {
			t.Errorf("the update's keys found %v after the restore", got)
		}
		// Deleting and erasing take the keys away.
		if err := s.DeleteCustomers(ctx, tn.ID, []int64{cs[1].ID}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.EraseCustomer(ctx, tn.ID, cs[0].ID, func(c customer.Customer) customer.AuditEntry {
			return customer.AuditEntry{TenantID: tn.ID, Action: "erase", At: time.Now()}
		}); err != nil {
			t.Fatal(err)
		}
		if got := find(append(old, match.Keys(&cs[1].Values)...)...); got != nil {
			t.Errorf("keys of deleted customers found %v", got)
		}
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM customer_match_keys`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if want := len(match.Keys(&cs[2].Values)) + len(old); n != want {
			t.Errorf("%d keys stored, want %d (A-3's and the other tenant's)", n, want)
		}
		// The other tenant's Kari is still found there.
		got, err := s.CustomersByMatchKeys(ctx, other.ID, old)
		if err != nil || !reflect.DeepEqual(accountsOf(got), []string{"B-1"}) {
			t.Errorf("other tenant: %v, %v; want [B-1]", accountsOf(got), err)
		}
	})
}
