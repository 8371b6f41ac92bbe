package customer

import "testing"

func TestNormalizeEmail(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
		ok   bool
	}{
		{"plain", "ingrid.haugen@example.no", "ingrid.haugen@example.no", true},
		{"trimmed", "  ola@example.no\u00a0", "ola@example.no", true},
		{"case kept", "Ola.Nordmann@Example.NO", "Ola.Nordmann@Example.NO", true},
		{"plus tag", "anna+sklep@example.pl", "anna+sklep@example.pl", true},
		{"subdomain", "jan@mail.example.co.uk", "jan@mail.example.co.uk", true},
		{"unicode local and domain", "zażółć@gęślą.pl", "zażółć@gęślą.pl", true},
		{"idn punycode", "ase@xn--sm-lka.no", "ase@xn--sm-lka.no", true},
		{"hyphen in domain", "kari@bygg-og-anlegg.no", "kari@bygg-og-anlegg.no", true},
		{"apostrophe", "o'brien@example.ie", "o'brien@example.ie", true},
		{"no dot in domain", "ola@example", "ola@example", false},
		{"no at", "ola.example.no", "ola.example.no", false},
		{"two ats", "ola@@example.no", "ola@@example.no", false},
		{"empty local", "@example.no", "@example.no", false},
		{"empty domain", "ola@", "ola@", false},
		{"space inside", "ola nordmann@example.no", "ola nordmann@example.no", false},
		{"display name", "Ola <ola@example.no>", "Ola <ola@example.no>", false},
		{"leading dot", ".ola@example.no", ".ola@example.no", false},
		{"double dot local", "ola..n@example.no", "ola..n@example.no", false},
		{"double dot domain", "ola@example..no", "ola@example..no", false},
		{"trailing dot domain", "ola@example.no.", "ola@example.no.", false},
		{"hyphen edge label", "ola@-example.no", "ola@-example.no", false},
		{"numeric tld", "ola@127.0.0.1", "ola@127.0.0.1", false},
		{"one letter tld", "ola@example.n", "ola@example.n", false},
		{"comma", "ola,kari@example.no", "ola,kari@example.no", false},
		{"semicolon list", "ola@example.no;kari@example.no", "ola@example.no;kari@example.no", false},
		{"blank", "   ", "", false},
		{"invalid utf8", "ola@exa\xffmple.no", "ola@exa\xffmple.no", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := NormalizeEmail(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("NormalizeEmail(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}
