package customer

import (
	"strings"
	"testing"
)

func TestFormatPhone(t *testing.T) {
	tests := []struct {
		name string
		e164 string
		home string
		want string
	}{
		{"norwegian mobile at home", "+4791234567", "NO", "912 34 567"},
		{"norwegian landline at home", "+4722123456", "NO", "22 12 34 56"},
		{"polish mobile at home", "+48601234567", "PL", "601 234 567"},
		{"home in lower case", "+48601234567", "pl", "601 234 567"},
		{"polish mobile in norway", "+48601234567", "NO", "+48 601 234 567"},
		{"norwegian mobile in poland", "+4791234567", "PL", "+47 912 34 567"},
		{"swedish mobile in norway", "+46701234567", "NO", "+46 70 123 45 67"},
		{"uk landline at home keeps the trunk zero", "+442079460958", "GB", "020 7946 0958"},
		{"italian landline at home", "+390612345678", "IT", "06 1234 5678"},
		{"no home", "+4791234567", "", "+47 912 34 567"},
		// Svalbard shares +47 with Norway: 79 numbers are Svalbard's, written nationally there only.
		{"svalbard number in norway", "+4779123456", "NO", "+47 79 12 34 56"},
		{"not E.164", "91234567", "NO", "91234567"},
		{"not a valid number", "+4712", "NO", "+4712"},
		{"not canonical", "+47 912 34 567", "NO", "+47 912 34 567"},
		{"text", "ring etter kl. 16", "NO", "ring etter kl. 16"},
		{"blank", "", "NO", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := FormatPhone(tt.e164, tt.home)
			if got != tt.want {
				t.Fatalf("FormatPhone(%q, %q) = %q, want %q", tt.e164, tt.home, got, tt.want)
			}
			if e, _, ok := NormalizePhone(got, tt.home); tt.e164 != tt.want && (!ok || e != tt.e164) {
				t.Errorf("%q reads back as %q, %v; want %q", got, e, ok, tt.e164)
			}
		})
	}
}

// TestFormatPhoneReadsBack formats every region's example numbers for their own region and for
// another, and reads each result back: a written number must import as the number it was.
func TestFormatPhoneReadsBack(t *testing.T) {
	byRegion, _ := exampleNumbers()
	n := 0
	for region, nums := range byRegion {
		if region == "001" {
			continue
		}
		for _, ex := range nums {
			e, _, ok := NormalizePhone("+"+ex.cc+ex.nsn, "")
			if !ok {
				continue
			}
			for _, home := range []string{region, "NO", ""} {
				s := FormatPhone(e, home)
				if got, restored, ok := NormalizePhone(s, home); !ok || got != e || restored {
					t.Errorf("%s at home in %q: FormatPhone(%q) = %q reads back as %q, %v, %v", region, home, e, s, got, restored, ok)
				}
				if charCount(s) > Fields[FMobile].MaxLen {
					t.Errorf("%s: %q is longer than a phone field", region, s)
				}
				if s != e {
					n++
				}
			}
		}
	}
	if n == 0 {
		t.Error("no number was formatted")
	}
}

func TestWithPhonesWritten(t *testing.T) {
	tests := []struct {
		name, country, rowCountry, mobile, phone string
		wantMobile, wantPhone                    string
	}{
		{"at home", "NO", "NO", "+4791234567", "+4722123456", "912 34 567", "22 12 34 56"},
		{"row without country", "NO", "", "+4791234567", "", "912 34 567", ""},
		{"foreign number at home", "NO", "NO", "+48601234567", "+4791234567", "+48 601 234 567", "912 34 567"},
		// The importer reads a Swedish row's numbers as Swedish: a Norwegian one must carry +47.
		{"row of another country", "NO", "SE", "+4791234567", "+46701234567", "+47 912 34 567", "+46 70 123 45 67"},
		{"polish shop", "PL", "PL", "+48601234567", "+4791234567", "601 234 567", "+47 912 34 567"},
		{"not E.164 left alone", "NO", "NO", "ring meg", "", "ring meg", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v Values
			v[FCountry], v[FMobile], v[FPhone], v[FNote] = tt.rowCountry, tt.mobile, tt.phone, "+4791234567"
			got := v.WithPhonesWritten(tt.country)
			if got[FMobile] != tt.wantMobile || got[FPhone] != tt.wantPhone {
				t.Errorf("mobile %q, phone %q; want %q, %q", got[FMobile], got[FPhone], tt.wantMobile, tt.wantPhone)
			}
			if got[FNote] != v[FNote] || got[FCountry] != v[FCountry] {
				t.Errorf("other fields changed: %q", got)
			}
			// What the importer would read the row's numbers by.
			country := tt.rowCountry
			if country == "" {
				country = tt.country
			}
			for _, i := range []int{FMobile, FPhone} {
				if e, _, ok := NormalizePhone(got[i], country); strings.HasPrefix(v[i], "+") && (!ok || e != v[i]) {
					t.Errorf("%q reads back as %q, %v; want %q", got[i], e, ok, v[i])
				}
			}
		})
	}
}

func BenchmarkFormatPhone(b *testing.B) {
	for b.Loop() {
		FormatPhone("+4791234567", "NO")
		FormatPhone("+48601234567", "NO")
	}
}
