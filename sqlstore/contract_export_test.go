package sqlstore

import (
	"context"
	"fmt"
	"testing"

	"github.com/clientele/clientele/customer"
)

// TestAllCustomersHoldsNoTransaction walks more customers than a page while fn is slow (a
// client downloading an export): no connection is held by the walk while fn runs, so no read
// transaction stays open, and every customer comes once, in account-number order.
func TestAllCustomersHoldsNoTransaction(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := newTenant(t, s)
		const n = allCustomersPage*2 + 37
		vs := make([]customer.Values, n)
		for i := range vs {
			vs[i] = person(fmt.Sprintf("K%05d", i), "Kari", fmt.Sprint("Nordmann ", i), "", "", "")
		}
		insertValues(t, s, tn.ID, vs...)
		seen, held := 0, 0
		err := s.AllCustomers(ctx, tn.ID, func(c customer.Customer) error {
			if want := fmt.Sprintf("K%05d", seen); c.Values[customer.FAccount] != want {
				return fmt.Errorf("customer %d is %s, want %s", seen, c.Values[customer.FAccount], want)
			}
			seen++
			if s.db.Stats().InUse != 0 {
				held++
			}
			return nil
		})
		if err != nil || seen != n {
			t.Fatalf("AllCustomers walked %d of %d: %v", seen, n, err)
		}
		if held != 0 {
			t.Errorf("a connection (a read transaction) was held during %d of %d callbacks", held, n)
		}
	})
}
