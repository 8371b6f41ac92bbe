package web

import (
	"context"
	"net/url"
	"slices"
	"strconv"
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

// TestCustomersSortOrders lists customers by account, name, email and last change, ascending and
// descending: customers equal in the order (the same time of change, no email) come by id, so
// each descending order is the ascending one reversed and pages never overlap or skip; a
// customer without an email sorts after every email.
func TestCustomersSortOrders(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, Config{})
		// Two batches: the customers of a batch share their time of change.
		batches := [][][3]string{ // account, last name, email
			{{"K-3", "Łukasik", "Beata@example.pl"}, {"K-1", "Lis", ""}, {"K-5", "Żak", "adam@example.pl"}},
			{{"K-2", "Sowa", "celina@example.pl"}, {"K-4", "Zawada", ""}},
		}
		for _, batch := range batches {
			var cs []*customer.Customer
			for _, c := range batch {
				var v customer.Values
				v[customer.FAccount], v[customer.FLastName], v[customer.FFirstName], v[customer.FEmail] = c[0], c[1], "Test", c[2]
				cs = append(cs, &customer.Customer{Values: v})
			}
			if err := f.store.InsertCustomers(context.Background(), f.krakow.ID, cs); err != nil {
				t.Fatal(err)
			}
		}
		c := f.login("manager@krakow.pl")
		list := func(query string) []string {
			t.Helper()
			var page struct {
				Customers []customerBody `json:"customers"`
				Total     int            `json:"total"`
			}
			c.decode(c.do("GET", "/api/customers"+query, nil, ""), 200, &page)
			if page.Total != 5 {
				t.Errorf("%s: total %d, want 5", query, page.Total)
			}
			var out []string
			for _, cu := range page.Customers {
				out = append(out, cu.Cells["last_name"])
			}
			return out
		}
		for _, tt := range []struct {
			sort string
			want []string
		}{
			{"account", []string{"Lis", "Sowa", "Łukasik", "Zawada", "Żak"}},
			{"name", []string{"Lis", "Łukasik", "Sowa", "Zawada", "Żak"}},
			{"email", []string{"Żak", "Łukasik", "Sowa", "Lis", "Zawada"}},
			{"updated", []string{"Łukasik", "Lis", "Żak", "Sowa", "Zawada"}},
		} {
			if got := list("?sort=" + tt.sort); !slices.Equal(got, tt.want) {
				t.Errorf("sort=%s: %v, want %v", tt.sort, got, tt.want)
			}
			rev := slices.Clone(tt.want)
			slices.Reverse(rev)
			if got := list("?sort=-" + tt.sort); !slices.Equal(got, rev) {
				t.Errorf("sort=-%s: %v, want %v", tt.sort, got, rev)
			}
			// Two at a time, the pages add up to the whole order.
			var paged []string
			for offset := 0; offset < 5; offset += 2 {
				paged = append(paged, list("?sort=-"+tt.sort+"&limit=2&offset="+strconv.Itoa(offset))...)
			}
			if !slices.Equal(paged, rev) {
				t.Errorf("sort=-%s two at a time: %v, want %v", tt.sort, paged, rev)
			}
		}
		for _, bad := range []string{"-", "--name", "city", "Email", "name,email"} {
			c.errorCode(c.do("GET", "/api/customers?sort="+url.QueryEscape(bad), nil, ""), 400)
		}
	})
}
