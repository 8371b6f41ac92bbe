package customer

import (
	"strings"
	"testing"

	"golang.org/x/text/language"
)

func TestCountryCode(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"NO", "NO", true},
		{"no", "NO", true},
		{" pl ", "PL", true},
		{"Gb", "GB", true},
		{"AQ", "AQ", true},
		{"XK", "XK", true},
		{"NOR", "NO", true},
		{"pol", "PL", true},
		{"GBR", "GB", true},
		{"USA", "US", true},
		{"Norway", "NO", true},
		{"Norge", "NO", true},
		{"Noreg", "NO", true},
		{"NORGE", "NO", true},
		{"Poland", "PL", true},
		{"Polska", "PL", true},
		{"Polen", "PL", true},
		{"Sweden", "SE", true},
		{"Sverige", "SE", true},
		{"Szwecja", "SE", true},
		{"Denmark", "DK", true},
		{"Danmark", "DK", true},
		{"Dania", "DK", true},
		{"Germany", "DE", true},
		{"Deutschland", "DE", true},
		{"Tyskland", "DE", true},
		{"Niemcy", "DE", true},
		{"United Kingdom", "GB", true},
		{"UK", "GB", true},
		{"U.K.", "GB", true},
		{"Great Britain", "GB", true},
		{"Storbritannia", "GB", true},
		{"Wielka Brytania", "GB", true},
		{"Wielka  brytania", "GB", true},
		{"England", "GB", true},
		{"Finland", "FI", true},
		{"Suomi", "FI", true},
		{"Finlandia", "FI", true},
		{"Włochy", "IT", true},
		{"Wlochy", "IT", true},
		{"Østerrike", "AT", true},
		{"Osterrike", "AT", true},
		{"Island", "IS", true},
		{"The Netherlands", "NL", true},
		{"Bosnia & Herzegovina", "BA", true},
		{"Bosnia-Hercegovina", "BA", true},
		{"United States of America", "US", true},
		{"Stany Zjednoczone", "US", true},
		{"Canada", "CA", true},
		{"Czechy", "CZ", true},
		{"Česko", "CZ", true},
		{"Ukraina", "UA", true},
		{"Færøyane", "FO", true},
		{"", "", false},
		{"  ", "", false},
		{"ZZ", "", false},
		{"EU", "", false},
		{"YU", "", false},
		{"AN", "", false},
		{"SUN", "", false},
		{"Narnia", "", false},
		{"Nor", "NO", true},
		{"N", "", false},
		{strings.Repeat("Norway", 50), "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := CountryCode(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("CountryCode(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
			if ok {
				if again, ok := CountryCode(got); again != got || !ok {
					t.Errorf("CountryCode(%q) = %q, %v; not stable", got, again, ok)
				}
			}
		})
	}
}

// TestCountryCodes checks the ISO list against golang.org/x/text: 249 assigned codes plus XK,
// each a country there, and no code listed twice.
func TestCountryCodes(t *testing.T) {
	codes := strings.Fields(isoCountries)
	if len(codes) != 250 || len(countryCodes) != 250 {
		t.Errorf("%d codes (%d distinct); want 249 ISO codes plus XK", len(codes), len(countryCodes))
	}
	for _, c := range codes {
		r, err := language.ParseRegion(c)
		if err != nil || !r.IsCountry() || r.String() != c {
			t.Errorf("%s: x/text says %v, %v, country %v", c, r, err, r.IsCountry())
		}
	}
}

// TestCountryTable checks that every name in the table maps to a listed code and that no two
// codes share a folded name.
func TestCountryTable(t *testing.T) {
	seen := map[string]string{}
	for _, c := range countryTable {
		if !countryCodes[c.code] {
			t.Errorf("%s is not an ISO code", c.code)
		}
		for _, n := range c.names {
			k := foldCountryName(n)
			if other, ok := seen[k]; ok && other != c.code {
				t.Errorf("%q folds to %q, a name of both %s and %s", n, k, other, c.code)
			}
			seen[k] = c.code
			if got, ok := CountryCode(n); !ok || got != c.code {
				t.Errorf("CountryCode(%q) = %q, %v; want %s", n, got, ok, c.code)
			}
		}
	}
}
