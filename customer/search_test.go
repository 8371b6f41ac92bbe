package customer

import (
	"reflect"
	"testing"
)

func TestParseSearch(t *testing.T) {
	tests := []struct {
		name, query, country string
		want                 [][]string
	}{
		{"blank", "   ", "NO", nil},
		{"one word", " Kari ", "NO", [][]string{{"kari"}}},
		{"words in any order", "Nordmann  Kari", "NO", [][]string{{"nordmann"}, {"kari"}}},
		{"a word twice counts once", "kari KARI", "NO", [][]string{{"kari"}}},
		{"national, spaced", "912 34 567", "NO", [][]string{{"912 34 567", "91234567"}}},
		{"national, plain", "91234567", "NO", [][]string{{"91234567"}}},
		{"with country code", "+47 912 34 567", "NO", [][]string{{"+47 912 34 567", "+4791234567"}}},
		{"00 prefix", "0047 91234567", "NO", [][]string{{"0047 91234567", "+4791234567"}}},
		{"00 prefix, part", "0047 912", "NO", [][]string{{"0047 912", "+47912"}}},
		{"part of a number", "912 34", "NO", [][]string{{"912 34", "91234"}}},
		{"in the shop's country", "601 234 567", "PL", [][]string{{"601 234 567", "601234567"}}},
		{"with a trunk 0", "07400 123456", "GB", [][]string{{"07400 123456", "07400123456", "+447400123456"}}},
		{"with a trunk 0, elsewhere", "07400 123456", "NO", [][]string{{"07400 123456", "07400123456"}}},
		{"another country's number in Norway", "601 234 567", "NO", [][]string{{"601 234 567", "601234567"}}},
		{"dashes and parentheses", "(+48) 601-234-567", "NO", [][]string{{"(+48) 601-234-567", "+48601234567"}}},
		{"few digits stay text", "90-0", "NO", [][]string{{"90-0"}}},
		{"postcode", "0150", "NO", [][]string{{"0150"}}},
		{"name and number", "Kari 912 34 567", "NO", [][]string{{"kari"}, {"912 34 567", "91234567"}}},
		{"number and name", "+47 912 34 567 Kari", "NO", [][]string{{"+47 912 34 567", "+4791234567"}, {"kari"}}},
		{"short numbers stay words", "Storgata 12 b", "NO", [][]string{{"storgata"}, {"12"}, {"b"}}},
		{"name and whole number", "kari 91234567", "NO", [][]string{{"kari"}, {"91234567"}}},
		{"email", "Kari@Butikk.no", "NO", [][]string{{"kari@butikk.no"}}},
		{"no country", "912 34 567", "", [][]string{{"912 34 567", "91234567"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ParseSearch(tt.query, tt.country).Terms; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseSearch(%q, %q) = %q, want %q", tt.query, tt.country, got, tt.want)
			}
		})
	}
}

func TestSearchMatches(t *testing.T) {
	var kari, ola Values
	kari[FAccount], kari[FFirstName], kari[FLastName], kari[FMobile], kari[FCity] = "A-1", "Kari", "Nordmann", "+4791234567", "Oslo"
	ola[FAccount], ola[FFirstName], ola[FLastName], ola[FPhone], ola[FPostcode] = "A-2", "Ola", "Hansen", "+4722334455", "0150"
	tests := []struct {
		query     string
		kari, ola bool
	}{
		{"", true, true},
		{"Kari Nordmann", true, false},
		{"Nordmann Kari", true, false},
		{"nordmann oslo", true, false},
		{"kari hansen", false, false},
		{"912 34 567", true, false},
		{"+47 912 34 567", true, false},
		{"0047 91234567", true, false},
		{"91234567", true, false},
		{"+47 912", true, false},
		{"22 33 44 55", false, true},
		{"0150", false, true},
		{"a-", true, true},
		{"913 34 567", false, false},
		{"kari 912 34 567", true, false},
		{"ola 912 34 567", false, false},
	}
	for _, tt := range tests {
		s := ParseSearch(tt.query, "NO")
		if got := s.Matches(SearchText(&kari)); got != tt.kari {
			t.Errorf("%q matches Kari: %v, want %v", tt.query, got, tt.kari)
		}
		if got := s.Matches(SearchText(&ola)); got != tt.ola {
			t.Errorf("%q matches Ola: %v, want %v", tt.query, got, tt.ola)
		}
	}
}
