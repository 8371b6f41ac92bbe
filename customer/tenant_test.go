package customer

import "testing"

func TestTenantChangeApply(t *testing.T) {
	p := func(s string) *string { return &s }
	base := Tenant{ID: 7, Slug: "default", Name: "default", Country: "NO", Language: "en"}
	tests := []struct {
		name   string
		change TenantChange
		want   Tenant
		detail string
		code   ErrorCode
	}{
		{"nothing", TenantChange{}, base, "", ""},
		{"name trimmed", TenantChange{Name: p("  Oslo Sport ")}, Tenant{ID: 7, Slug: "default", Name: "Oslo Sport", Country: "NO", Language: "en"}, `name "default" → "Oslo Sport"`, ""},
		{"country code in any case", TenantChange{Country: p("pl")}, Tenant{ID: 7, Slug: "default", Name: "default", Country: "PL", Language: "en"}, "country NO → PL", ""},
		{"country by name", TenantChange{Country: p("Polska")}, Tenant{ID: 7, Slug: "default", Name: "default", Country: "PL", Language: "en"}, "country NO → PL", ""},
		{"language upper case", TenantChange{Language: p(" PL ")}, Tenant{ID: 7, Slug: "default", Name: "default", Country: "NO", Language: "pl"}, "language en → pl", ""},
		{"all three", TenantChange{Name: p("Kraków"), Country: p("POL"), Language: p("pl")}, Tenant{ID: 7, Slug: "default", Name: "Kraków", Country: "PL", Language: "pl"},
			`name "default" → "Kraków"; country NO → PL; language en → pl`, ""},
		{"same values", TenantChange{Name: p("default"), Country: p("no"), Language: p("en")}, base, "", ""},
		{"blank name", TenantChange{Name: p(" ")}, base, "", EInvalid},
		{"long name", TenantChange{Name: p(string(make([]rune, 101)))}, base, "", EInvalid},
		{"unknown country", TenantChange{Country: p("Atlantis")}, base, "", EInvalid},
		{"blank country", TenantChange{Country: p("")}, base, "", EInvalid},
		{"unknown language", TenantChange{Language: p("de")}, base, "", EInvalid},
		{"blank language", TenantChange{Language: p("")}, base, "", EInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.change.Apply(base)
			if ErrorCodeOf(err) != tt.code && !(tt.code == "" && err == nil) {
				t.Fatalf("Apply: %v, want code %q", err, tt.code)
			}
			if tt.code != "" {
				if err == nil {
					t.Fatalf("Apply = %+v, want an error %s", got, tt.code)
				}
				return
			}
			if got != tt.want {
				t.Errorf("Apply = %+v, want %+v", got, tt.want)
			}
			if d := TenantChanges(base, got); d != tt.detail {
				t.Errorf("TenantChanges = %q, want %q", d, tt.detail)
			}
		})
	}
}

// TestCountries: every country a shop may choose is one CountryCode accepts, as itself.
func TestCountries(t *testing.T) {
	cs := Countries()
	if len(cs) < 240 {
		t.Fatalf("Countries lists %d codes", len(cs))
	}
	for _, c := range cs {
		if got, ok := CountryCode(c); !ok || got != c {
			t.Errorf("CountryCode(%q) = %q, %v", c, got, ok)
		}
	}
}
