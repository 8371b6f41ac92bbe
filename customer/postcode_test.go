package customer

import "testing"

func TestNormalizePostcode(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		country string
		want    string
		padded  bool
	}{
		{"oslo kept", "0150", "NO", "0150", false},
		{"oslo restored", "150", "NO", "0150", true},
		{"oslo box restored", "1", "NO", "0001", true},
		{"bergen", "5003", "NO", "5003", false},
		{"trimmed", " 0150\u00a0", "NO", "0150", false},
		{"country lower case", "150", "no", "0150", true},
		{"copenhagen", "900", "DK", "0900", true},
		{"helsinki", "100", "FI", "00100", true},
		{"dresden", "1067", "DE", "01067", true},
		{"boston", "2134", "US", "02134", true},
		{"zip plus four kept", "02134-1234", "US", "02134-1234", false},
		{"warsaw kept", "00-950", "PL", "00-950", false},
		{"warsaw hyphen added", "00950", "PL", "00-950", false},
		{"warsaw restored", "950", "PL", "00-950", true},
		{"krakow", "31-042", "PL", "31-042", false},
		{"polish with space kept", "00 950", "PL", "00 950", false},
		{"swedish kept", "123 45", "SE", "123 45", false},
		{"swedish short not padded", "1234", "SE", "1234", false},
		{"swiss not padded", "800", "CH", "800", false},
		{"uk kept", "SW1A 1AA", "GB", "SW1A 1AA", false},
		{"too long kept", "01500", "NO", "01500", false},
		{"not digits kept", "O150", "NO", "O150", false},
		{"no country", "150", "", "150", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, padded := NormalizePostcode(tt.in, tt.country)
			if got != tt.want || padded != tt.padded {
				t.Errorf("NormalizePostcode(%q, %q) = %q, %v; want %q, %v", tt.in, tt.country, got, padded, tt.want, tt.padded)
			}
			if again, padded := NormalizePostcode(got, tt.country); again != got || padded {
				t.Errorf("NormalizePostcode(%q) = %q, %v; not stable", got, again, padded)
			}
		})
	}
}
