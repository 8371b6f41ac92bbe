package customer

import (
	"encoding/json"
	"testing"
)

// TestDuplicateWarning renders the example in every language, and its JSON.
func TestDuplicateWarning(t *testing.T) {
	var kari Values
	kari[FFirstName], kari[FLastName], kari[FAddress1], kari[FPostcode], kari[FCity] = "Kari", "Nordmann", "Storgata 5", "0150", "Oslo"
	p := DuplicateWarning(DuplicateMatch{CustomerID: 12, AccountNumber: "A-1002", Score: 0.93, Reasons: []string{"name", "address"}}, &kari)
	want := map[string]string{
		"en": "May be the same person as A-1002 Kari Nordmann (Storgata 5, 0150 Oslo): similar name, same address.",
		"nb": "Kan være samme person som A-1002 Kari Nordmann (Storgata 5, 0150 Oslo): likt navn, samme adresse.",
		"pl": "Może to być ta sama osoba co A-1002 Kari Nordmann (Storgata 5, 0150 Oslo): podobne imię i nazwisko, ten sam adres.",
	}
	for lang, w := range want {
		if got := p.In(lang); got != w {
			t.Errorf("%s: %q, want %q", lang, got, w)
		}
	}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var back struct {
		Field, Code string
		Match       map[string]any
	}
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Field != "" || back.Code != "possible_duplicate" || back.Match["customer_id"] != 12.0 || back.Match["account_number"] != "A-1002" ||
		back.Match["row"] != 0.0 || back.Match["score"] != 0.93 || len(back.Match["reasons"].([]any)) != 2 {
		t.Errorf("JSON %s", b)
	}

	var row Values
	row[FFirstName], row[FLastName] = "Ola", "Hansen"
	p = DuplicateWarning(DuplicateMatch{Row: 7, Score: 0.8, Reasons: []string{"name", "phone"}}, &row)
	if got, w := p.In("en"), "May be the same person as on row 7, Ola Hansen: similar name, same phone number."; got != w {
		t.Errorf("row: %q, want %q", got, w)
	}
}
