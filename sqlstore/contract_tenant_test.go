package sqlstore

import (
	"context"
	"slices"
	"testing"

	"github.com/clientele/clientele/customer"
)

func ptr(s string) *string { return &s }

// TestUpdateTenant changes a shop group's name, country and language: the values are
// normalised, what changed is audited, nothing changes on a refused or empty change, a change of
// country or language moves the customers version on (so that staged imports are checked again
// in full), and a change of language re-sorts the customers.
func TestUpdateTenant(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := customer.Tenant{Slug: "settings", Name: "settings", Country: "NO", Language: "en"}
		if err := s.CreateTenant(ctx, &tn); err != nil {
			t.Fatal(err)
		}
		var v1, v2 customer.Values
		v1[customer.FFirstName], v1[customer.FLastName] = "Liv", "Åsen"
		v2[customer.FFirstName], v2[customer.FLastName] = "Ola", "Zahl"
		insertValues(t, s, tn.ID, v1, v2)
		byName := func() []string {
			t.Helper()
			got, _, err := s.SearchCustomers(ctx, tn.ID, "", customer.OrderName, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, c := range got {
				out = append(out, c.Values[customer.FLastName])
			}
			return out
		}
		if got := byName(); !slices.Equal(got, []string{"Åsen", "Zahl"}) {
			t.Fatalf("in English: %v, want Åsen before Zahl", got)
		}
		version := func() int64 {
			t.Helper()
			v, err := s.CustomersVersion(ctx, tn.ID)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		before := version()

		got, err := s.UpdateTenant(ctx, tn.ID, customer.TenantChange{Name: ptr("  Sport Kraków "), Country: ptr("pl"), Language: ptr("NB")}, "kari@example.no")
		want := customer.Tenant{ID: tn.ID, Slug: "settings", Name: "Sport Kraków", Country: "PL", Language: "nb"}
		if err != nil || got != want {
			t.Fatalf("UpdateTenant = %+v, %v; want %+v", got, err, want)
		}
		if stored, err := s.TenantByID(ctx, tn.ID); err != nil || stored != want {
			t.Errorf("stored %+v, %v; want %+v", stored, err, want)
		}
		if got := byName(); !slices.Equal(got, []string{"Zahl", "Åsen"}) {
			t.Errorf("in Norwegian: %v, want Åsen after Zahl", got)
		}
		if v := version(); v <= before {
			t.Errorf("customers version %d after a change of country, want more than %d", v, before)
		}
		es, _, err := s.Audit(ctx, tn.ID, 0, 0)
		if err != nil || len(es) != 1 {
			t.Fatalf("audit: %+v, %v; want one entry", es, err)
		}
		if e := es[0]; e.Action != "settings" || e.Actor != "kari@example.no" ||
			e.Detail != `name "settings" → "Sport Kraków"; country NO → PL; language en → nb` {
			t.Errorf("audit entry %+v", e)
		}

		t.Run("name only", func(t *testing.T) {
			before := version()
			got, err := s.UpdateTenant(ctx, tn.ID, customer.TenantChange{Name: ptr("Sport")}, "cli")
			if err != nil || got.Name != "Sport" || got.Country != "PL" || got.Language != "nb" {
				t.Errorf("UpdateTenant(name) = %+v, %v", got, err)
			}
			if v := version(); v != before {
				t.Errorf("customers version %d after a change of name only, want %d", v, before)
			}
		})
		t.Run("nothing changes", func(t *testing.T) {
			_, n, _ := s.Audit(ctx, tn.ID, 0, 0)
			got, err := s.UpdateTenant(ctx, tn.ID, customer.TenantChange{Country: ptr("Polska")}, "cli")
			if err != nil || got.Country != "PL" {
				t.Errorf("UpdateTenant(same country) = %+v, %v", got, err)
			}
			if _, n2, _ := s.Audit(ctx, tn.ID, 0, 0); n2 != n {
				t.Errorf("audit grew from %d to %d entries for no change", n, n2)
			}
		})
		t.Run("refused", func(t *testing.T) {
			for _, c := range []customer.TenantChange{
				{Name: ptr("  ")},
				{Country: ptr("Atlantis")},
				{Language: ptr("de")},
				{Name: ptr("ok"), Language: ptr("sv")},
			} {
				if _, err := s.UpdateTenant(ctx, tn.ID, c, "cli"); customer.ErrorCodeOf(err) != customer.EInvalid {
					t.Errorf("UpdateTenant(%+v): %v, want EInvalid", c, err)
				}
			}
			if stored, _ := s.TenantByID(ctx, tn.ID); stored.Name != "Sport" || stored.Country != "PL" || stored.Language != "nb" {
				t.Errorf("a refused change changed the tenant: %+v", stored)
			}
		})
		if _, err := s.UpdateTenant(ctx, 1<<40, customer.TenantChange{Name: ptr("x")}, "cli"); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("UpdateTenant(missing tenant): %v, want ENotFound", err)
		}
	})
}

// TestSearchPhoneInTenantCountry: a number written without its country code is read in the
// tenant's country, and a change of country changes what it finds.
func TestSearchPhoneInTenantCountry(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := newTenant(t, s) // NO
		insertValues(t, s, tn.ID,
			person("G-1", "Amelia", "Jones", "", "+447400123456", ""),
			person("N-1", "Kari", "Nordmann", "", "+4791234567", ""),
		)
		search := func(q string) []string {
			t.Helper()
			got, _, err := s.SearchCustomers(ctx, tn.ID, q, customer.OrderAccount, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			return accountsOf(got)
		}
		// A British number with its trunk 0: its digits are not in +447400123456.
		if got := search("07400 123456"); got != nil {
			t.Errorf("in Norway, 07400 123456 found %v", got)
		}
		if got := search("912 34 567"); !slices.Equal(got, []string{"N-1"}) {
			t.Errorf("in Norway, 912 34 567 found %v", got)
		}
		if _, err := s.UpdateTenant(ctx, tn.ID, customer.TenantChange{Country: ptr("GB")}, "cli"); err != nil {
			t.Fatal(err)
		}
		if got := search("07400 123456"); !slices.Equal(got, []string{"G-1"}) {
			t.Errorf("in Britain, 07400 123456 found %v, want [G-1]", got)
		}
		if got := search("+47 912 34 567"); !slices.Equal(got, []string{"N-1"}) {
			t.Errorf("in Britain, +47 912 34 567 found %v", got)
		}
	})
}
