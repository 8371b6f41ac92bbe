package match

import (
	"slices"
	"testing"

	"github.com/clientele/clientele/customer"
)

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Håland":            "haland",
		"  ØDEGÅRD ":        "odegard",
		"Sæther":            "saether",
		"Łukasz Wiśniewski": "lukasz wisniewski",
		"Hansen-Berg":       "hansen berg",
		"O'Brien":           "o brien",
		"Gęślą  Żółć":       "gesla zolc",
		"Straße":            "strasse",
		"":                  "",
	} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestPhoneticKeys: spellings of one name have one key; other names have others.
func TestPhoneticKeys(t *testing.T) {
	same := [][2]string{
		{"haaland", "haland"}, {"kristiansen", "christiansen"}, {"nilsen", "nielsen"}, {"pedersen", "petersen"},
		{"hansen", "hanssen"}, {"johansen", "johanssen"}, {"karlsen", "carlsen"}, {"nygaard", "nygard"},
	}
	for _, p := range same {
		if a, b := norphone(p[0]), norphone(p[1]); a != b {
			t.Errorf("norphone: %s %q, %s %q", p[0], a, p[1], b)
		}
	}
	for _, p := range [][2]string{{"hansen", "jensen"}, {"olsen", "larsen"}, {"berg", "bakke"}} {
		if norphone(p[0]) == norphone(p[1]) {
			t.Errorf("norphone: %s and %s are both %q", p[0], p[1], norphone(p[0]))
		}
	}
	dmSame := [][2]string{
		{"kowalczyk", "kowalczik"}, {"szymanski", "szymansky"}, {"wawrzyniak", "wawrzyniack"}, {"kowalski", "kovalski"},
	}
	for _, p := range dmSame {
		if a, b := dmSoundex(p[0]), dmSoundex(p[1]); a != b {
			t.Errorf("dmSoundex: %s %q, %s %q", p[0], a, p[1], b)
		}
	}
	for w, want := range map[string]string{"moskowitz": "645740", "auerbach": "097500", "peters": "739400"} {
		if got := dmSoundex(w); got != want {
			t.Errorf("dmSoundex(%s) = %s, want %s", w, got, want)
		}
	}
	if dmSoundex("nowak") == dmSoundex("kowalski") {
		t.Error("dmSoundex: nowak and kowalski alike")
	}
}

func values(first, last, email, mobile, address, postcode, city string) customer.Values {
	var v customer.Values
	v[customer.FFirstName], v[customer.FLastName], v[customer.FEmail], v[customer.FMobile] = first, last, email, mobile
	v[customer.FAddress1], v[customer.FPostcode], v[customer.FCity] = address, postcode, city
	return v
}

// TestKeys: a swapped name shares the name keys; keys are sorted, each once.
func TestKeys(t *testing.T) {
	kari := values("Kari", "Nordmann", "Kari.Nordmann+shop@Gmail.com", "+47 912 34 567", "Storgata 5", "0150", "Oslo")
	want := []string{"e:karinordmann", "n:KR:NR:0150", "n:NRMN:KR:0150", "p:91234567"}
	if got := Keys(&kari); !slices.Equal(got, want) {
		t.Errorf("Keys = %q, want %q", got, want)
	}
	swapped := values("Nordmann", "Kari", "", "", "", "0150", "")
	if got := Keys(&swapped); !slices.Equal(got, want[1:3]) {
		t.Errorf("swapped: %q, want %q", got, want[1:3])
	}
	// Looked up: not the own mobile's key, nor the first name's key with the last name's
	// letters; the swapped name's lookup key is the other kind of Kari's.
	for _, tc := range []struct {
		v          customer.Values
		keys, look []string
	}{
		{kari, want, []string{"e:karinordmann", "n:NRMN:KR:0150"}},
		{swapped, want[1:3], []string{"n:KR:NR:0150"}},
		{values("Kari", "Nordmann", "", "+47 912 34 567", "", "", ""), []string{"p:91234567"}, nil},
	} {
		keys, look := ProfileOf(&tc.v).KeysAndLookup()
		if !slices.Equal(keys, tc.keys) || !slices.Equal(look, tc.look) {
			t.Errorf("KeysAndLookup(%q) = %q, %q; want %q, %q", tc.v[:14], keys, look, tc.keys, tc.look)
		}
	}
	landline := values("Kari", "Nordmann", "", "+47 912 34 567", "", "", "")
	landline[customer.FPhone] = "22 33 44 55"
	if _, look := ProfileOf(&landline).KeysAndLookup(); !slices.Equal(look, []string{"p:22334455"}) {
		t.Errorf("lookup keys with a landline: %q, want the landline's", look)
	}
	if got := Keys(&customer.Values{}); got != nil {
		t.Errorf("no values: %q", got)
	}
}

// TestCompare: the variants, each alone, are likely the same person; a family member and
// a namesake elsewhere are not.
func TestCompare(t *testing.T) {
	kari := values("Kari", "Nordmann", "kari.nordmann@gmail.com", "+4791234567", "Storgata 5", "0150", "Oslo")
	for _, c := range []struct {
		name    string
		row     customer.Values
		likely  bool
		reasons []string
	}{
		{"swapped", values("Nordmann", "Kari", "", "", "Storgata 5", "0150", "Oslo"), true, []string{"name", "address"}},
		{"one letter", values("Kari", "Nordman", "", "", "Storgata 5", "0150", "Oslo"), true, []string{"name", "address"}},
		{"email typo", values("Kari", "Nordmann", "kari.nordmann@gmial.com", "", "", "", ""), true, []string{"name", "email"}},
		{"double surname", values("Kari", "Nordmann-Berg", "", "912 34 567", "", "", ""), true, []string{"name", "phone"}},
		{"family", values("Ola", "Nordmann", "ola@online.no", "+4798765432", "Storgata 5", "0150", "Oslo"), false, []string{"address"}},
		{"namesake", values("Kari", "Nordmann", "kari.n@online.no", "+4747474747", "Fjellveien 2", "5003", "Bergen"), false, []string{"name"}},
	} {
		r := Compare(&c.row, &kari)
		if r.Likely() != c.likely || !slices.Equal(r.Reasons, c.reasons) || r.Score < 0 || r.Score > 1 {
			t.Errorf("%s: %+v, want likely %v with reasons %q", c.name, r, c.likely, c.reasons)
		}
		if back := Compare(&kari, &c.row); back.Score != r.Score {
			t.Errorf("%s: %v one way, %v the other", c.name, r.Score, back.Score)
		}
	}
}
