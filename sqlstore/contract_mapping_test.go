package sqlstore

import (
	"context"
	"maps"
	"testing"
	"time"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
	"github.com/clientele/clientele/internal/dbtest"
)

// TestSavedMappings is the store contract of remembered column mappings: one per tenant and
// header signature, replaced when saved again, seen by another Store on the same database, and
// never another tenant's.
func TestSavedMappings(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, b := opener(dsn)(t), opener(dsn)(t)
		oslo := customer.Tenant{Slug: "oslo", Country: "NO", Language: "nb"}
		krakow := customer.Tenant{Slug: "krakow", Country: "PL", Language: "pl"}
		for _, tn := range []*customer.Tenant{&oslo, &krakow} {
			if err := a.CreateTenant(ctx, tn); err != nil {
				t.Fatal(err)
			}
		}
		const sig = "0123456789abcdef"

		if _, err := a.SavedMapping(ctx, oslo.ID, sig); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Fatalf("SavedMapping before any save: %v, want ENotFound", err)
		}

		first := importer.SavedMapping{TenantID: oslo.ID, Signature: sig, CreatedBy: "kari@butikk.no",
			Map: map[string]string{"Fornavn": "first_name", "Etternavn": "last_name", "E-post": "email", "Kundetype": ""}}
		before := time.Now().Add(-time.Second)
		if err := a.SaveMapping(ctx, &first); err != nil {
			t.Fatalf("SaveMapping: %v", err)
		}
		if first.UpdatedAt.Before(before) {
			t.Errorf("SaveMapping set UpdatedAt %v", first.UpdatedAt)
		}
		got, err := b.SavedMapping(ctx, oslo.ID, sig)
		if err != nil {
			t.Fatalf("SavedMapping on another store: %v", err)
		}
		if !maps.Equal(got.Map, first.Map) || got.CreatedBy != "kari@butikk.no" || !got.UpdatedAt.Equal(first.UpdatedAt) ||
			got.TenantID != oslo.ID || got.Signature != sig {
			t.Errorf("SavedMapping = %+v, want %+v", got, first)
		}

		// Another tenant has its own mappings, even for the same headers.
		if _, err := a.SavedMapping(ctx, krakow.ID, sig); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("another tenant's mapping: %v, want ENotFound", err)
		}
		pl := importer.SavedMapping{TenantID: krakow.ID, Signature: sig, CreatedBy: "jan@sklep.pl", Map: map[string]string{"Fornavn": "full_name"}}
		if err := b.SaveMapping(ctx, &pl); err != nil {
			t.Fatal(err)
		}

		// Saving again for the same headers replaces the mapping; the other tenant's stays.
		second := importer.SavedMapping{TenantID: oslo.ID, Signature: sig, CreatedBy: "ola@butikk.no", Map: map[string]string{"Fornavn": "full_name"}}
		if err := b.SaveMapping(ctx, &second); err != nil {
			t.Fatalf("SaveMapping again: %v", err)
		}
		got, err = a.SavedMapping(ctx, oslo.ID, sig)
		if err != nil || !maps.Equal(got.Map, second.Map) || got.CreatedBy != "ola@butikk.no" || got.UpdatedAt.Before(first.UpdatedAt) {
			t.Errorf("after saving again: %+v, %v; want %+v", got, err, second)
		}
		if got, err := a.SavedMapping(ctx, krakow.ID, sig); err != nil || got.Map["Fornavn"] != "full_name" || got.CreatedBy != "jan@sklep.pl" {
			t.Errorf("the other tenant's mapping: %+v, %v", got, err)
		}

		// An empty map is kept as empty (every column as recognised); headers keep their text.
		empty := importer.SavedMapping{TenantID: oslo.ID, Signature: "fedcba9876543210"}
		if err := a.SaveMapping(ctx, &empty); err != nil {
			t.Fatal(err)
		}
		if got, err := a.SavedMapping(ctx, oslo.ID, empty.Signature); err != nil || got.Map == nil || len(got.Map) != 0 {
			t.Errorf("empty mapping read back as %+v, %v", got.Map, err)
		}
		odd := importer.SavedMapping{TenantID: oslo.ID, Signature: "1111222233334444", Map: map[string]string{`Navn, "fullt"`: "full_name", "Łódź ✓": "city"}}
		if err := a.SaveMapping(ctx, &odd); err != nil {
			t.Fatal(err)
		}
		if got, err := b.SavedMapping(ctx, oslo.ID, odd.Signature); err != nil || !maps.Equal(got.Map, odd.Map) {
			t.Errorf("headers with quotes and letters beyond ASCII: %+v, %v", got.Map, err)
		}

		if err := a.SaveMapping(ctx, &importer.SavedMapping{TenantID: 999999, Signature: sig}); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("SaveMapping for a missing tenant: %v, want ENotFound", err)
		}
		if err := a.SaveMapping(ctx, &importer.SavedMapping{TenantID: oslo.ID}); customer.ErrorCodeOf(err) != customer.EInvalid {
			t.Errorf("SaveMapping without a signature: %v, want EInvalid", err)
		}
	})
}
