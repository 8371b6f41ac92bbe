package web

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// TestCustomersSortParam lists customers through the API by name (sort=name) in a Norwegian and
// a Polish shop, checks that the default order is still the account number, and that an
// unknown sort is a 400.
func TestCustomersSortParam(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, Config{})
		for _, tt := range []struct {
			tenant customer.Tenant
			user   string
			want   []string
		}{
			{f.oslo, "manager@oslo.no", []string{"Olsen", "Zahl", "Ærø", "Ødegård", "Aarvik", "Åsen"}},
			{f.krakow, "manager@krakow.pl", []string{"Lis", "Łukasik", "Sowa", "Śliwa", "Zawada", "Żak"}},
		} {
			var cs []*customer.Customer
			for i := len(tt.want) - 1; i >= 0; i-- {
				var v customer.Values
				v[customer.FLastName], v[customer.FFirstName] = tt.want[i], "Test"
				cs = append(cs, &customer.Customer{Values: v})
			}
			if err := f.store.InsertCustomers(context.Background(), tt.tenant.ID, cs); err != nil {
				t.Fatal(err)
			}
			c := f.login(tt.user)
			list := func(query string) []string {
				t.Helper()
				var page struct {
					Customers []customerBody `json:"customers"`
				}
				c.decode(c.do("GET", "/api/customers"+query, nil, ""), 200, &page)
				var out []string
				for _, cu := range page.Customers {
					out = append(out, cu.Cells["last_name"])
				}
				return out
			}
			if got := list("?sort=name"); !slices.Equal(got, tt.want) {
				t.Errorf("%s, sort=name: %v, want %v", tt.tenant.Slug, got, tt.want)
			}
			rev := slices.Clone(tt.want)
			slices.Reverse(rev)
			for _, q := range []string{"", "?sort=account"} {
				if got := list(q); !slices.Equal(got, rev) {
					t.Errorf("%s, %q: %v, want account order %v", tt.tenant.Slug, q, got, rev)
				}
			}
			if got := list("?sort=name&q=" + strings.ToLower(tt.want[4][:2]) + "&limit=1"); len(got) != 1 {
				t.Errorf("%s: search and page by name: %v", tt.tenant.Slug, got)
			}
			c.errorCode(c.do("GET", "/api/customers?sort=city", nil, ""), 400)
		}
	})
}
