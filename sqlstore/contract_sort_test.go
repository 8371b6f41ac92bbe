package sqlstore

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// TestCustomersSortedByName is the store contract of the name order: both databases return the
// customer list in the tenant's language's order — Norwegian Æ Ø Å after Z (Aa as Å), Polish Ą
// after A, Ł after L, Ś after S, Ź Ż after Z — identically, with paging, searching, updates
// (a renamed customer moves) and the account-number order still the default.
func TestCustomersSortedByName(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := opener(dsn)(t)
		for _, tt := range []struct {
			lang string
			want []string // "Last First", in order; inserted in another order
		}{
			{"nb", []string{"Andersen Kari", "Berg Anne", "Berg Åse", "Olsen Per", "Zahl Ola", "Ærø Anne", "Ødegård Kari", "Øyen Pål", "Aasen Ivar", "Åsen Liv"}},
			{"pl", []string{"Azor Jan", "Ąbel Anna", "Lis Ewa", "Łukasik Adam", "Mazur Ola", "Sowa Jan", "Śliwa Iga", "Tomczak Ala", "Zawada Jan", "Źrebiec Ala", "Żak Jan"}},
		} {
			t.Run(tt.lang, func(t *testing.T) {
				tn := customer.Tenant{Slug: "sort-" + tt.lang, Name: tt.lang, Country: "NO", Language: tt.lang}
				if err := s.CreateTenant(ctx, &tn); err != nil {
					t.Fatal(err)
				}
				// Insert in reverse order, so that neither id nor account number gives the answer.
				var cs []*customer.Customer
				for i := len(tt.want) - 1; i >= 0; i-- {
					last, first, _ := strings.Cut(tt.want[i], " ")
					var v customer.Values
					v[customer.FLastName], v[customer.FFirstName] = last, first
					cs = append(cs, &customer.Customer{Values: v})
				}
				if err := s.InsertCustomers(ctx, tn.ID, cs); err != nil {
					t.Fatal(err)
				}
				names := func(order customer.Order, query string, offset, limit int) []string {
					t.Helper()
					got, _, err := s.SearchCustomers(ctx, tn.ID, query, order, offset, limit)
					if err != nil {
						t.Fatalf("SearchCustomers(%q): %v", order, err)
					}
					var out []string
					for _, c := range got {
						out = append(out, c.Values[customer.FLastName]+" "+c.Values[customer.FFirstName])
					}
					return out
				}
				if got := names(customer.OrderName, "", 0, 0); !slices.Equal(got, tt.want) {
					t.Errorf("by name:\n got %v\nwant %v", got, tt.want)
				}
				if got := names(customer.OrderName, "", 3, 4); !slices.Equal(got, tt.want[3:7]) {
					t.Errorf("by name, page 3+4: %v, want %v", got, tt.want[3:7])
				}
				// The default and "account" stay in account-number order: the reverse here.
				rev := slices.Clone(tt.want)
				slices.Reverse(rev)
				if got := names("", "", 0, 0); !slices.Equal(got, rev) {
					t.Errorf("default order: %v, want account order %v", got, rev)
				}
				if got := names(customer.OrderAccount, "", 0, 0); !slices.Equal(got, rev) {
					t.Errorf("account order: %v, want %v", got, rev)
				}

				// Renaming the first customer to a name that sorts last moves it.
				first := *cs[len(cs)-1]
				first.Values[customer.FLastName] = "Żółw"
				if tt.lang == "nb" {
					first.Values[customer.FLastName] = "Åvik"
				}
				if err := s.UpdateCustomers(ctx, tn.ID, []customer.Customer{first}); err != nil {
					t.Fatal(err)
				}
				got := names(customer.OrderName, "", 0, 0)
				if want := first.Values[customer.FLastName] + " " + first.Values[customer.FFirstName]; got[len(got)-1] != want {
					t.Errorf("after renaming: last is %q, want %q (%v)", got[len(got)-1], want, got)
				}
			})
		}
		if _, _, err := s.SearchCustomers(ctx, 1, "", "city", 0, 0); customer.ErrorCodeOf(err) != customer.EInvalid {
			t.Errorf("unknown order: %v, want EInvalid", err)
		}
	})
}
