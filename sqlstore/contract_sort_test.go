package sqlstore

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

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
					got, _, err := s.SearchCustomersSorted(ctx, tn.ID, query, order, offset, limit)
					if err != nil {
						t.Fatalf("SearchCustomersSorted(%q): %v", order, err)
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
		if _, _, err := s.SearchCustomersSorted(ctx, 1, "", "city", 0, 0); customer.ErrorCodeOf(err) != customer.EInvalid {
			t.Errorf("unknown order: %v, want EInvalid", err)
		}
	})
}

// TestUpgradeFillsSortKeys migrates a database with customers in a Norwegian and a Polish
// tenant from version 11 to the current schema: migration 12 computes their sort keys, so the
// name order is right for customers stored before it.
func TestUpgradeFillsSortKeys(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db, d := migratedTo(t, dsn, sortKeyVersion-1)
		at := d.timeArg(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
		for _, stmt := range []string{
			`INSERT INTO tenants (id, slug, language, created_at) VALUES (1, 'oslo', 'nb', ?)`,
			`INSERT INTO tenants (id, slug, language, created_at) VALUES (2, 'krakow', 'pl', ?)`,
			`INSERT INTO customers (tenant_id, account_number, first_name, last_name, created_at, updated_at) VALUES (1, 'C1', 'Liv', 'Åsen', ?, ?)`,
			`INSERT INTO customers (tenant_id, account_number, first_name, last_name, created_at, updated_at) VALUES (1, 'C2', 'Kari', 'Ødegård', ?, ?)`,
			`INSERT INTO customers (tenant_id, account_number, first_name, last_name, created_at, updated_at) VALUES (1, 'C3', 'Ola', 'Zahl', ?, ?)`,
			`INSERT INTO customers (tenant_id, account_number, first_name, last_name, created_at, updated_at) VALUES (2, 'C1', 'Adam', 'Łukasik', ?, ?)`,
			`INSERT INTO customers (tenant_id, account_number, first_name, last_name, created_at, updated_at) VALUES (2, 'C2', 'Ewa', 'Lis', ?, ?)`,
			`INSERT INTO customers (tenant_id, account_number, first_name, last_name, created_at, updated_at) VALUES (2, 'C3', 'Ola', 'Mazur', ?, ?)`,
		} {
			args := make([]any, strings.Count(stmt, "?"))
			for i := range args {
				args[i] = at
			}
			if _, err := db.ExecContext(ctx, d.rebind(stmt), args...); err != nil {
				t.Fatalf("%s: %v", stmt, err)
			}
		}
		s := opener(dsn)(t)
		for tenant, want := range map[int64][]string{1: {"Zahl", "Ødegård", "Åsen"}, 2: {"Lis", "Łukasik", "Mazur"}} {
			got, _, err := s.SearchCustomersSorted(ctx, tenant, "", customer.OrderName, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			var last []string
			for _, c := range got {
				last = append(last, c.Values[customer.FLastName])
			}
			if !slices.Equal(last, want) {
				t.Errorf("tenant %d after the upgrade: %v, want %v", tenant, last, want)
			}
		}
	})
}
