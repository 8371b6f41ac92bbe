package duplicates_test

import (
	"context"
	"testing"
	"time"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/duplicates"
	"github.com/clientele/clientele/internal/dbtest"
	"github.com/clientele/clientele/sqlstore"
)

func person(account, first, last, email, mobile, address, postcode string) customer.Values {
	var v customer.Values
	v[customer.FAccount], v[customer.FFirstName], v[customer.FLastName] = account, first, last
	v[customer.FEmail], v[customer.FMobile], v[customer.FAddress1], v[customer.FPostcode] = email, mobile, address, postcode
	v[customer.FCity], v[customer.FCountry] = "Oslo", "NO"
	return v
}

// TestWorkflow: clusters from the stored blocking keys, a dismissed pair, a merge and its undo,
// on both databases.
func TestWorkflow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, err := sqlstore.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		tn := customer.Tenant{Slug: "butikk", Name: "Butikk", Country: "NO", Language: "nb"}
		if err := s.CreateTenant(ctx, &tn); err != nil {
			t.Fatal(err)
		}
		vs := []customer.Values{
			person("A-1", "Kari", "Nordmann", "kari.nordmann@gmail.com", "+4791234567", "Storgata 5", "0150"),
			person("A-2", "Kari", "Nordman", "kari.nordmann@online.no", "", "Storgata 5", "0150"),
			person("A-3", "Ola", "Hansen", "ola@hansen.no", "", "Kirkeveien 1", "0368"),
			person("A-4", "Ola", "Hansen-Berg", "", "+4747111222", "Kirkeveien 1", "0368"),
			person("A-5", "Per", "Lie", "per@lie.no", "+4799887766", "Bakken 2", "5003"),
		}
		cs := make([]*customer.Customer, len(vs))
		for i := range vs {
			cs[i] = &customer.Customer{Values: vs[i]}
		}
		if err := s.InsertCustomers(ctx, tn.ID, cs); err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		svc := &duplicates.Service{Store: s, Now: func() time.Time { return now }}
		clusters := func() [][]string {
			t.Helper()
			got, err := svc.Clusters(ctx, tn)
			if err != nil {
				t.Fatal(err)
			}
			var out [][]string
			for _, c := range got {
				var accounts []string
				for _, cu := range c.Customers {
					accounts = append(accounts, cu.Values[customer.FAccount])
				}
				if len(c.Pairs) == 0 || c.Pairs[0].Score != c.Score || len(c.Pairs[0].Reasons) == 0 {
					t.Errorf("cluster %v: pairs %+v, score %v", accounts, c.Pairs, c.Score)
				}
				out = append(out, accounts)
			}
			return out
		}
		got := clusters()
		if len(got) != 2 || !has(got, "A-1", "A-2") || !has(got, "A-3", "A-4") {
			t.Fatalf("clusters = %v, want A-1 with A-2 and A-3 with A-4", got)
		}

		if err := svc.Dismiss(ctx, tn, cs[3].ID, cs[2].ID, "kari@butikk.no"); err != nil {
			t.Fatal(err)
		}
		if got := clusters(); len(got) != 1 || !has(got, "A-1", "A-2") {
			t.Errorf("clusters after dismissing A-3 and A-4 = %v", got)
		}

		m, err := svc.Merge(ctx, tn, cs[0].ID, cs[1].ID, map[string]string{"last_name": "from", "account_number": "from"}, "kari@butikk.no")
		if err != nil {
			t.Fatal(err)
		}
		kept, err := s.Customer(ctx, tn.ID, cs[0].ID)
		if err != nil || kept.Values[customer.FLastName] != "Nordman" || kept.Values[customer.FAccount] != "A-2" ||
			kept.Values[customer.FEmail] != "kari.nordmann@gmail.com" {
			t.Errorf("kept customer = %v, %v", kept.Values, err)
		}
		if got := clusters(); len(got) != 0 {
			t.Errorf("clusters after the merge = %v", got)
		}
		if page, _, err := s.Audit(ctx, tn.ID, 0, 1); err != nil || page[0].Action != duplicates.ActionMerge {
			t.Errorf("audit = %+v, %v", page, err)
		}

		if _, err := svc.UndoMerge(ctx, tn, m.ID, "kari@butikk.no"); err != nil {
			t.Fatal(err)
		}
		for i := range 2 {
			c, err := s.Customer(ctx, tn.ID, cs[i].ID)
			if err != nil || c.Values != vs[i] {
				t.Errorf("customer %d after undo = %v, %v", i, c.Values, err)
			}
		}
		if got := clusters(); len(got) != 1 || !has(got, "A-1", "A-2") {
			t.Errorf("clusters after undo = %v", got)
		}
		if ms, n, err := svc.Merges(ctx, tn, 0, 10); err != nil || n != 1 || ms[0].UndoneAt.IsZero() {
			t.Errorf("Merges = %+v, %d, %v", ms, n, err)
		}
		if err := svc.Dismiss(ctx, tn, cs[0].ID, cs[0].ID, "kari@butikk.no"); customer.ErrorCodeOf(err) != customer.EInvalid {
			t.Errorf("dismissing a customer with itself: %v", err)
		}
		if _, err := svc.Merge(ctx, tn, cs[0].ID, cs[1].ID, map[string]string{"email": "both"}, "kari@butikk.no"); customer.ErrorCodeOf(err) != customer.EInvalid {
			t.Errorf("a bad choice: %v", err)
		}
	})
}

// has reports whether one of clusters is exactly accounts.
func has(clusters [][]string, accounts ...string) bool {
	for _, c := range clusters {
		if len(c) != len(accounts) {
			continue
		}
		same := true
		for i := range c {
			same = same && c[i] == accounts[i]
		}
		if same {
			return true
		}
	}
	return false
}
