package customer

import "testing"

func TestNormalizePhone(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		country  string
		want     string
		restored bool
		ok       bool
	}{
		{"norwegian mobile spaced", "912 34 567", "NO", "+4791234567", false, true},
		{"norwegian mobile international", "+47 912 34 567", "NO", "+4791234567", false, true},
		{"already E.164", "+4791234567", "NO", "+4791234567", false, true},
		{"00 prefix", "0047 912 34 567", "NO", "+4791234567", false, true},
		{"00 prefix other tenant country", "0047 912 34 567", "PL", "+4791234567", false, true},
		{"international ignores country", "+48 601 234 567", "NO", "+48601234567", false, true},
		{"international without country", "+48 601 234 567", "", "+48601234567", false, true},
		{"norwegian landline", "22 12 34 56", "NO", "+4722123456", false, true},
		{"polish mobile dashed", "601-234-567", "PL", "+48601234567", false, true},
		{"polish with brackets", "(+48) 601 234 567", "PL", "+48601234567", false, true},
		{"uk mobile national", "07400 123456", "GB", "+447400123456", false, true},
		{"uk international with trunk zero", "+44 (0)7400 123456", "NO", "+447400123456", false, true},
		{"dots", "912.34.567", "NO", "+4791234567", false, true},
		{"spreadsheet text marker", "'91234567", "NO", "+4791234567", false, true},
		{"nbsp", "\u00a0912\u00a034\u00a0567\u00a0", "NO", "+4791234567", false, true},
		{"country lower case", "912 34 567", "no", "+4791234567", false, true},
		{"us number", "(202) 555-0123", "US", "+12025550123", false, true},
		{"italian landline keeps zero", "06 1234 5678", "IT", "+390612345678", false, true},

		// Spreadsheet damage.
		{"uk mobile lost zero", "7400123456", "GB", "+447400123456", true, true},
		{"lost plus, norwegian", "4791234567", "NO", "+4791234567", true, true},
		{"lost plus, polish in norway", "48601234567", "NO", "+48601234567", true, true},
		{"lost plus, uk", "447400123456", "GB", "+447400123456", true, true},
		{"italian lost zero", "612345678", "IT", "+390612345678", true, true},
		{"decimal", "91234567.0", "NO", "+4791234567", false, true},
		{"scientific", "4.791234567E+09", "NO", "+4791234567", true, true},
		{"scientific decimal comma", "4,791234567E+09", "NO", "+4791234567", true, true},
		{"scientific lower case", "9.1234567e7", "NO", "+4791234567", false, true},

		// Not numbers.
		{"too short", "12345", "NO", "", false, false},
		{"letters", "912 FLOWERS", "NO", "", false, false},
		{"extension", "22 12 34 56 ext 12", "NO", "", false, false},
		{"no country", "912 34 567", "", "", false, false},
		{"unknown country", "912 34 567", "QQ", "", false, false},
		{"plus in the middle", "912+34567", "NO", "", false, false},
		{"only punctuation", "--", "NO", "", false, false},
		{"blank", "", "NO", "", false, false},
		{"invalid international", "+47 12", "NO", "", false, false},
		{"scientific not integer", "4.79123456789E+05", "NO", "", false, false},
		{"far too long", "+4791234567912345678912345", "NO", "", false, false},
		// libphonenumber calls +234 7000000000000 valid; 16 digits do not fit E.164 (found by FuzzNormalizePhone).
		{"longer than E.164", "+2347000000000000", "NO", "", false, false},
		{"longer than E.164 after a lost plus", "2347000000000000", "NO", "", false, false},
		{"longest E.164 nigerian", "+234700000000000", "NO", "+234700000000000", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, restored, ok := NormalizePhone(tt.in, tt.country)
			if got != tt.want || restored != tt.restored || ok != tt.ok {
				t.Errorf("NormalizePhone(%q, %q) = %q, %v, %v; want %q, %v, %v",
					tt.in, tt.country, got, restored, ok, tt.want, tt.restored, tt.ok)
			}
			if ok {
				again, restored, ok := NormalizePhone(got, tt.country)
				if again != got || restored || !ok {
					t.Errorf("NormalizePhone(%q) = %q, %v, %v; not stable", got, again, restored, ok)
				}
			}
		})
	}
}

func TestSpreadsheetInteger(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"91234567.0", "91234567", true},
		{"91234567,00", "91234567", true},
		{"4.7912345E+09", "4791234500", true},
		{"4.7912345E09", "4791234500", true},
		{"4.791234567E+09", "4791234567", true},
		{"1E+20", "", false},  // 21 digits
		{"1E+100", "", false}, // exponent too long
		{"1.5", "", false},
		{"91234567", "", false}, // plain digits need no conversion
		{"0.0", "", false},
		{"012.0", "", false},
		{"22.12.34.56", "", false},
		{"4.7E+", "", false},
		{".5E+3", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := spreadsheetInteger(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("spreadsheetInteger(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

// benchPhones is a realistic mix of the phone cells of a Norwegian and Polish customer file:
// mobiles and landlines written nationally, with +47/+48 and 0047/0048, the damage a
// spreadsheet does (a lost leading + or 0, scientific notation) and numbers that are not valid
// as given (too short: readPhone then tries them with a 0 and with a + in front).
var benchPhones = []struct{ s, country string }{
	{"912 34 567", "NO"}, {"+47 912 34 567", "NO"}, {"0047 41234567", "NO"}, {"22 12 34 56", "NO"},
	{"+4722123456", "NO"}, {"4791234567", "NO"}, {"4.791234567E+09", "NO"}, {"55 55 55 55", "NO"},
	{"601-234-567", "PL"}, {"+48 601 234 567", "PL"}, {"0048 22 123 45 67", "PL"}, {"22 123 45 67", "PL"},
	{"(+48) 512 345 678", "NO"}, {"48601234567", "PL"}, {"12 345 67 89", "PL"}, {"12345", "NO"},
	{"9123456", "NO"}, {"2212345", "PL"},
}

// BenchmarkReadPhone reads the numbers of benchPhones, as the row checks do for every row.
func BenchmarkReadPhone(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range benchPhones {
			readPhone(p.s, p.country)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(benchPhones)), "ns/phone")
}
