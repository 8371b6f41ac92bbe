package sqlstore

import (
	"context"
	"maps"
	"testing"

	"github.com/clientele/clientele/customer"
)

// TestImportDefaults: an import's defaults are stored with it by CreateImport, replaced by
// SaveImport, and read back by field key; none read back as nil.
func TestImportDefaults(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := newTenant(t, s)
		imp := customer.Import{TenantID: tn.ID, FileName: "kunder.csv", Mode: customer.ModeCreate, State: customer.StateChecking,
			Defaults: customer.Defaults{"country": "NO", "note": "Fra «kassa» 2; \"sommer\""}}
		if err := s.CreateImport(ctx, &imp); err != nil {
			t.Fatal(err)
		}
		got, err := s.Import(ctx, tn.ID, imp.ID)
		if err != nil || !maps.Equal(got.Defaults, imp.Defaults) {
			t.Fatalf("created: %#v, %v; want %#v", got.Defaults, err, imp.Defaults)
		}
		for _, d := range []customer.Defaults{{"sms_opt_in": "No"}, nil} {
			imp.Defaults = d
			if err := s.SaveImport(ctx, imp, customer.StateChecking); err != nil {
				t.Fatal(err)
			}
			got, err := s.Import(ctx, tn.ID, imp.ID)
			if err != nil || !maps.Equal(got.Defaults, d) || (d == nil) != (got.Defaults == nil) {
				t.Errorf("saved %#v, read back %#v, %v", d, got.Defaults, err)
			}
		}
	})
}
