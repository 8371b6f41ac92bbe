package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/clientele/clientele/customer"
)

// TestCustomerFieldsRoundTrip stores a customer with every field set, odd characters included,
// and reads it back unchanged.
func TestCustomerFieldsRoundTrip(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := newTenant(t, s)
		var v customer.Values
		for i, f := range customer.Fields {
			v[i] = f.Example
		}
		v[customer.FNote] = "Æøå «quotes» \"and\" 'apostrophes' \\ ? $1 \u00a0"
		c := insertValues(t, s, tn.ID, v)[0]
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
}

// TestCustomersByKeys finds customers by each kind of key, several keys at once and more keys
// than one query takes, in one tenant only.
func TestCustomersByKeys(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := newTenant(t, s)
		cs := insertValues(t, s, tn.ID,
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
}

// TestAccountNumbers checks that customers without an account number are given the next free
// one of their tenant, and that each tenant has its own sequence.
func TestAccountNumbers(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := newTenant(t, s)
		insertValues(t, s, tn.ID, person("C000002", "Given", "Two", "", "", ""), person("C000004", "Given", "Four", "", "", ""))
		cs := insertValues(t, s, tn.ID,
			person("", "Blank", "One", "", "", ""),
			person("C000003", "Given", "Three", "", "", ""),
			person("", "Blank", "Two", "", "", ""),
			person("  ", "Blank", "Three", "", "", ""),
		)
		if got, want := accountsOfPtr(cs), []string{"C000001", "C000003", "C000005", "C000006"}; !reflect.DeepEqual(got, want) {
			t.Errorf("assigned %v, want %v", got, want)
		}
		cs = insertValues(t, s, tn.ID, person("", "Blank", "Four", "", "", ""))
		if got := cs[0].Values[customer.FAccount]; got != "C000007" {
			t.Errorf("next assigned %q, want C000007", got)
		}
		// Another tenant has its own sequence.
		other := customer.Tenant{Slug: tn.Slug + "-other"}
		if err := s.CreateTenant(ctx, &other); err != nil {
			t.Fatal(err)
		}
		cs = insertValues(t, s, other.ID, person("", "Other", "One", "", "", ""))
		if got := cs[0].Values[customer.FAccount]; got != "C000001" {
			t.Errorf("other tenant's first number %q, want C000001", got)
		}
		if n, err := s.CountCustomers(ctx, tn.ID); err != nil || n != 7 {
			t.Errorf("CountCustomers = %d, %v; want 7", n, err)
		}
	})
}

// TestUniqueKeysConflict checks that inserts and updates that would give two customers of a tenant
// the same key fail with EConflict naming the key, and change nothing.
func TestUniqueKeysConflict(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := newTenant(t, s)
		stored := insertValues(t, s, tn.ID,
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
		insertValues(t, s, tn.ID, person("", "No", "Keys", "", "", ""), person("", "No", "Keys", "", "", ""))
	})
}

// TestUpdateCustomers updates customers' values and keys and moves their UpdatedAt; a missing
// customer is ENotFound and a blank account number EInvalid.
func TestUpdateCustomers(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := newTenant(t, s)
		cs := insertValues(t, s, tn.ID,
			person("P-1", "Ola", "Nordmann", "ola@example.no", "+4791000001", "0150"),
			person("P-2", "Kari", "Nordmann", "kari@example.no", "", ""),
		)
		a, b := *cs[0], *cs[1]
		a.Values[customer.FEmail] = "ola.new@example.no"
		a.Values[customer.FCity] = "Oslo"
		b.Values[customer.FAccount] = "P-20"
		b.Values[customer.FMobile] = "+4791000002"
		// Stored as an hour ago, so that the update's time is later whatever the clock's
		// resolution.
		cs[0].UpdatedAt = cs[0].UpdatedAt.Add(-time.Hour)
		err := s.write(ctx, func(q *queries) error {
			_, err := q.exec(ctx, `UPDATE customers SET updated_at = ? WHERE id = ?`, q.d.timeArg(cs[0].UpdatedAt), cs[0].ID)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
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
}

// TestCustomer reads one customer by id.
func TestCustomer(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := newTenant(t, s)
		c := insertValues(t, s, tn.ID, person("O-1", "Ola", "Nordmann", "ola@example.no", "+4791000001", "0150"))[0]
		got, err := s.Customer(ctx, tn.ID, c.ID)
		if err != nil || !reflect.DeepEqual(got, *c) {
			t.Errorf("Customer = %+v, %v\nwant %+v", got, err, *c)
		}
		if _, err := s.Customer(ctx, tn.ID, 1<<40); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("Customer(missing): %v, want ENotFound", err)
		}
	})
}

// TestAllCustomers walks a tenant's customers in account-number order, with other reads going
// on meanwhile, and stops at the callback's error.
func TestAllCustomers(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := newTenant(t, s)
		insertValues(t, s, tn.ID,
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
}

// TestSearchCustomers finds customers by a part of their name, city, account number, company,
// email, mobile, phone or postcode, in any case, with LIKE's wildcards taken literally, a page at
// a time; every word of a query in any order, and phone numbers however they are written —
// exactly the customers customer.Search.Matches finds.
func TestSearchCustomers(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := newTenant(t, s)
		withCity := func(v customer.Values, company, city string) customer.Values {
			v[customer.FCompany], v[customer.FCity] = company, city
			return v
		}
		cs := insertValues(t, s, tn.ID,
			withCity(person("S-1", "Ola", "Nordmann", "ola@example.no", "+4791000001", "0150"), "", "Oslo"),
			withCity(person("S-2", "Kari", "Nordmann", "kari@kiwi.no", "+4791000002", "0151"), "Kiwi Storo", "Oslo"),
			withCity(person("S-3", "Åse", "Berg", "", "", "5003"), "", "Bergen"),
			withCity(person("S-4", "Łukasz", "Żółć", "lukasz@example.pl", "+48601000004", "90-001"), "", "Łódź"),
			withCity(person("S-5", "Per", "Hansen", "", "", ""), "100% Sport_AS", ""),
		)
		s6 := person("S-6", "Anne", "Olsen", "", "", "")
		s6[customer.FPhone] = "+4722334455"
		cs = append(cs, insertValues(t, s, tn.ID, s6)...)
		// Another tenant's customers are never found.
		other := customer.Tenant{Slug: tn.Slug + "-other"}
		if err := s.CreateTenant(ctx, &other); err != nil {
			t.Fatal(err)
		}
		insertValues(t, s, other.ID, withCity(person("S-9", "Ola", "Nordmann", "ola@example.no", "", ""), "100% Sport_AS", "Oslo"))
		tests := []struct {
			name, query string
			want        []string
		}{
			{"everyone", "", []string{"S-1", "S-2", "S-3", "S-4", "S-5", "S-6"}},
			{"blank is everyone", "   ", []string{"S-1", "S-2", "S-3", "S-4", "S-5", "S-6"}},
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
			{"last name first", "Nordmann Ola", []string{"S-1"}},
			{"words in different fields", "oslo kari", []string{"S-2"}},
			{"every word must match", "kari hansen", nil},
			{"mobile, spaced", "910 00 001", []string{"S-1"}},
			{"mobile, country code", "+47 910 00 001", []string{"S-1"}},
			{"mobile, 00 prefix", "0047 91000001", []string{"S-1"}},
			{"mobile, dashes", "910-00-001", []string{"S-1"}},
			{"mobile, start", "910 00", []string{"S-1", "S-2"}},
			{"name and mobile", "kari 910 00 002", []string{"S-2"}},
			{"another country's mobile", "601 000 004", []string{"S-4"}},
			{"phone", "22 33 44 55", []string{"S-6"}},
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
				got, total, err := s.SearchCustomers(ctx, tn.ID, tt.query, customer.OrderAccount, 0, 0)
				if err != nil || total != len(tt.want) || !reflect.DeepEqual(accountsOf(got), tt.want) {
					t.Errorf("SearchCustomers(%q) = %v, total %d, %v; want %v", tt.query, accountsOf(got), total, err, tt.want)
				}
				// The SQL finds what customer.Search.Matches says it finds.
				search := customer.ParseSearch(tt.query, tn.Country)
				var matches []string
				for _, c := range cs {
					if search.Matches(customer.SearchText(&c.Values)) {
						matches = append(matches, c.Values[customer.FAccount])
					}
				}
				if !reflect.DeepEqual(matches, tt.want) {
					t.Errorf("Search.Matches(%q) finds %v; want %v", tt.query, matches, tt.want)
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
				{4, 2, []string{"S-5", "S-6"}},
				{5, 2, []string{"S-6"}},
				{6, 2, nil},
				{3, 0, []string{"S-4", "S-5", "S-6"}},
			} {
				got, total, err := s.SearchCustomers(ctx, tn.ID, "", customer.OrderAccount, tt.offset, tt.limit)
				if err != nil || total != 6 || !reflect.DeepEqual(accountsOf(got), tt.want) {
					t.Errorf("SearchCustomers(\"\", %d, %d) = %v, total %d, %v; want %v", tt.offset, tt.limit, accountsOf(got), total, err, tt.want)
				}
			}
			got, total, err := s.SearchCustomers(ctx, tn.ID, "nordmann", customer.OrderAccount, 1, 1)
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
			if got, _, _ := s.SearchCustomers(ctx, tn.ID, "TRONDHEIM", customer.OrderAccount, 0, 0); !reflect.DeepEqual(accountsOf(got), []string{"S-1"}) {
				t.Errorf("search for the new city found %v", accountsOf(got))
			}
			if got, _, _ := s.SearchCustomers(ctx, tn.ID, "oslo", customer.OrderAccount, 0, 0); !reflect.DeepEqual(accountsOf(got), []string{"S-2"}) {
				t.Errorf("search for the old city found %v", accountsOf(got))
			}
		})
		if _, _, err := s.SearchCustomers(ctx, 1<<40, "", customer.OrderAccount, 0, 0); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("SearchCustomers(missing tenant): %v, want ENotFound", err)
		}
	})
}
