package importer_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
	"github.com/clientele/clientele/internal/dbtest"
	"github.com/clientele/clientele/sheet"
)

// TestPlanColumns: the one decision of what becomes of a file's columns. A recognised file is
// read as it is; an unrecognised one waits for its mapping, unless the shop saved a mapping for
// its headers that still reads it; a map given decides over recognition, and the saved mapping is
// then not used.
func TestPlanColumns(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	known := write("known.csv", "First Name;Last Name;Email\nOla;Nordmann;ola@example.no\n")
	unknown := write("unknown.csv", "Kunde;Kontakt;Post\nOla Nordmann;ola@example.no;0150\nKari Berg;kari@example.no;5003\n")
	pv, err := sheet.PreviewFile(unknown, sheet.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	dbtest.Each(t, func(t *testing.T, dsn string) {
		s := openStore(t, dsn)
		for _, tc := range []struct {
			name   string
			saved  map[string]string // saved for unknown.csv's headers
			path   string
			given  map[string]string
			want   string // "read", "saved", "mapping"
			errHas string
			stale  bool
		}{
			{"recognised", nil, known, nil, "read", "", false},
			{"not recognised", nil, unknown, nil, "mapping", "", false},
			{"saved mapping", map[string]string{"Kontakt": "email", "Post": "postcode"}, unknown, nil, "saved", "", false},
			{"saved mapping that no longer reads it", map[string]string{"Kontakt": "fax"}, unknown, nil, "mapping", "", true},
			{"a map given", nil, unknown, map[string]string{"kontakt": "Email", "Post": "-"}, "read", "", false},
			{"a map given for part", nil, unknown, map[string]string{"Kontakt": "Email"}, "mapping", "", false},
			{"a map given over a saved one", map[string]string{"Kontakt": "email", "Post": "postcode"}, unknown, map[string]string{"Kontakt": "email"}, "mapping", "", false},
			{"a map that does not fit", nil, unknown, map[string]string{"Fax": "email"}, "", "Fax", false},
		} {
			t.Run(tc.name, func(t *testing.T) {
				sh := newShop(t, s, "NO")
				if tc.saved != nil {
					if err := s.SaveMapping(ctx, &importer.SavedMapping{TenantID: sh.tn.ID, Signature: pv.Signature, Map: tc.saved}); err != nil {
						t.Fatal(err)
					}
				}
				plan, err := importer.PlanColumns(ctx, s, sh.tn.ID, tc.path, sheet.Limits{}, sheet.Options{Map: tc.given})
				if tc.errHas != "" {
					if customer.ErrorCodeOf(err) != customer.EFile || !strings.Contains(err.Error(), tc.errHas) {
						t.Errorf("error %v, want EFile naming %s", err, tc.errHas)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				got := "read"
				switch {
				case plan.NeedsMapping:
					got = "mapping"
				case plan.Saved != nil:
					got = "saved"
				}
				if got != tc.want || plan.Preview == nil || (plan.Problem != nil) != tc.stale {
					t.Errorf("plan %s (problem %v), want %s (stale %v)", got, plan.Problem, tc.want, tc.stale)
				}
				if got == "saved" && (plan.Saved.Map["Kontakt"] != "email" || !strings.HasPrefix(plan.Note, "Columns mapped as saved on ")) {
					t.Errorf("saved plan: %+v, note %q", plan.Saved, plan.Note)
				}
			})
		}
	})
}
