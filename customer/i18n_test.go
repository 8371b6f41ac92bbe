package customer

import (
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var placeholder = regexp.MustCompile(`\{[a-z0-9_:]+\}`)

// TestMessageCatalogue checks that every message id says the same thing in every language: the
// same placeholders, each used once, and no stray braces.
func TestMessageCatalogue(t *testing.T) {
	for id, byLang := range messages {
		want := slices.Sorted(slices.Values(placeholder.FindAllString(byLang["en"], -1)))
		for _, lang := range Languages {
			s, ok := byLang[lang]
			if !ok {
				t.Errorf("%s: no %s", id, lang)
				continue
			}
			got := slices.Sorted(slices.Values(placeholder.FindAllString(s, -1)))
			if !slices.Equal(got, want) {
				t.Errorf("%s/%s: placeholders %v, English has %v", id, lang, got, want)
			}
			if strings.Count(s, "{") != len(got) || strings.Count(s, "}") != len(got) {
				t.Errorf("%s/%s: a brace outside a placeholder: %q", id, lang, s)
			}
			if lang != "en" && (strings.Contains(s, "“") || strings.Contains(s, "\"")) {
				t.Errorf("%s/%s: English quotation marks: %q", id, lang, s)
			}
		}
		if len(byLang) != len(Languages) {
			t.Errorf("%s: %d languages, want %d", id, len(byLang), len(Languages))
		}
	}
	for _, lang := range Languages {
		if _, ok := words[lang]; !ok {
			t.Errorf("no words for %s", lang)
		}
	}
}

// sampleArgs are arguments for every message id, for the golden table.
var sampleArgs = map[string]struct {
	field int
	args  map[string]string
}{
	"required":               {FFirstName, nil},
	"required_new":           {FFirstName, nil},
	"too_long":               {FNote, map[string]string{"n": "523", "max": "500"}},
	"unreadable":             {FCity, nil},
	"account":                {FAccount, map[string]string{"value": "A 1001!"}},
	"choice":                 {FTitle, map[string]string{"value": "Herr", "allowed": "Mr, Mrs, Ms, Miss, Mx, Dr"}},
	"email":                  {FEmail, map[string]string{"value": "ola@x"}},
	"possible_duplicate":     {FLastName, map[string]string{"ref": "A-1002", "name": "Kari Nordmann", "where": "Storgata 5, 0150 Oslo", "reasons": "name,address"}},
	"possible_duplicate_row": {FLastName, map[string]string{"row": "12", "name": "Kari Nordmann", "where": "", "reasons": "email,phone"}},
	"email_typo":             {FEmail, map[string]string{"suggestion": "kari@gmail.com", "domain": "gmial.com", "target": "gmail.com"}},
	"email_invalid_typo":     {FEmail, map[string]string{"value": "kari@onet.p", "suggestion": "kari@onet.pl", "domain": "onet.p", "target": "onet.pl"}},
	"phone":                  {FMobile, map[string]string{"value": "12"}},
	"phone_in_country":       {FMobile, map[string]string{"value": "12345", "country": "GB"}},
	"phone_ambiguous":        {FPhone, map[string]string{"value": "4791234567", "readings": "+4791234567\n+47 912 34 567"}},
	"phone_fixed_zero":       {FMobile, map[string]string{"value": "7700900123", "e164": "+447700900123"}},
	"phone_fixed_plus":       {FMobile, map[string]string{"value": "4791234567", "e164": "+4791234567"}},
	"postcode_padded":        {FPostcode, map[string]string{"value": "150", "postcode": "0150"}},
	"country":                {FCountry, map[string]string{"value": "Narnia"}},
	"date_not_real":          {FBirthDate, map[string]string{"value": "30.02.1990"}},
	"date_too_early":         {FBirthDate, map[string]string{"value": "1899-12-31"}},
	"date_future":            {FBirthDate, map[string]string{"value": "2099-01-01"}},
	"date_month_first":       {FBirthDate, map[string]string{"value": "12/31/1985", "local": "31.12.1985"}},
	"date_unreadable":        {FBirthDate, map[string]string{"value": "Feb 28th", "local": "28.02.1990"}},
	"yes_no":                 {FEmailOptIn, map[string]string{"value": "maybe"}},
	"whole_number":           {FLoyaltyPoints, map[string]string{"value": "-5"}},
	"number_too_large":       {FLoyaltyPoints, map[string]string{"value": "99999999999", "max": "2147483647"}},
	"identity_conflict":      {FEmail, map[string]string{"account": "A-1001", "email": "kari@example.no", "owner": "Ola Nordmann", "owner_ref": "A-1001", "owner2": "Kari Nordmann", "owner2_ref": "#7"}},
	"account_in_use":         {FAccount, map[string]string{"account": "A-1001", "owner": "Ola Nordmann", "owner_ref": "A-1001"}},
	"email_exists":           {FEmail, map[string]string{"email": "ola@example.no", "other": "A-1001"}},
	"mobile_exists":          {FMobile, map[string]string{"mobile": "+4791234567", "other": "#7"}},
	"name_postcode_exists":   {FLastName, map[string]string{"first": "Ola", "last": "Nordmann", "postcode": "0150", "other": "A-1001"}},
	"duplicate_account":      {FAccount, map[string]string{"account": "A-1001", "row": "3", "row_name": " (Ola Nordmann)"}},
	"duplicate_email":        {FEmail, map[string]string{"email": "ola@example.no", "row": "3", "row_name": " (Ola Nordmann)"}},
	"duplicate_mobile":       {FMobile, map[string]string{"mobile": "+4791234567", "row": "3", "row_name": " (Ola Nordmann)"}},
	"name_one_word":          {FFirstName, map[string]string{"value": "Cher"}},
	"name_split":             {FFirstName, map[string]string{"value": "Anne Marie Olsen", "first": "Anne Marie", "last": "Olsen"}},
	"note_full":              {FNote, map[string]string{"value": "Points: 12.5", "max": "500"}},
	"points_not_whole":       {FLoyaltyPoints, map[string]string{"balance": "12.5"}},
	"birthday_no_year":       {FBirthDate, map[string]string{"value": "14/06"}},
	"duplicate_name":         {FLastName, map[string]string{"first": "Ola", "last": "Nordmann", "postcode": "0150", "row": "3"}},
}

// TestMessagesGolden renders a sample of every message id in every language and compares the
// lot with testdata/messages.golden (rewrite it with -update, then read the diff: it is the
// place to review the translations).
func TestMessagesGolden(t *testing.T) {
	var b strings.Builder
	for _, id := range slices.Sorted(maps.Keys(messages)) {
		s, ok := sampleArgs[id]
		if !ok {
			t.Errorf("%s: no sample arguments", id)
			continue
		}
		p := newProblem(s.field, CodeInvalidValue, message{id, s.args})
		fmt.Fprintf(&b, "%s\n", id)
		for _, lang := range Languages {
			got := p.In(lang)
			if strings.ContainsAny(got, "{}") {
				t.Errorf("%s/%s: unfilled placeholder: %q", id, lang, got)
			}
			fmt.Fprintf(&b, "\t%s: %s\n", lang, got)
		}
	}
	for id := range sampleArgs {
		if _, ok := messages[id]; !ok {
			t.Errorf("sample for %s, which the catalogue does not have", id)
		}
	}
	checkGolden(t, "messages.golden", b.String())
}

// checkGolden compares got with testdata/name, or writes it there with -update: the rendered
// messages are reviewed as a diff of that file.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("messages differ from %s (run with -update and review the diff):\n%s", path, got)
	}
}

// TestProblemIn checks rendering and its fallbacks, and that a problem keeps what it needs to be
// rendered again after a round trip through JSON, as staged rows are stored.
func TestProblemIn(t *testing.T) {
	r := Rules{Country: "NO", Language: "nb", Today: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	raw := Values{}
	raw[FFirstName], raw[FLastName] = "Ola", ""
	raw[FEmail], raw[FMobile], raw[FCountry] = "ola@x", "12", "GB"
	_, errs, _ := r.Normalize(&raw)
	if len(errs) != 3 {
		t.Fatalf("errors %+v, want last name, email, mobile", errs)
	}
	b, err := json.Marshal(errs)
	if err != nil {
		t.Fatal(err)
	}
	var back []Problem
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	want := [][3]string{
		{"Last Name is required.", "Etternavn må fylles ut.", "Nazwisko: to pole jest wymagane."},
		{"Email “ola@x” is not a valid email address.", "E-post «ola@x» er ikke en gyldig e-postadresse.", "E-mail: adres „ola@x” jest nieprawidłowy."},
		{"Mobile “12” is not a valid phone number in United Kingdom (GB); write numbers from other countries with their country code, for example +46 70 123 45 67.",
			"Mobil «12» er ikke et gyldig telefonnummer i Storbritannia (GB); skriv numre fra andre land med landskode, for eksempel +46 70 123 45 67.",
			"Telefon komórkowy: „12” nie jest prawidłowym numerem telefonu w kraju Wielka Brytania (GB); numery z innych krajów wpisuj z numerem kierunkowym, na przykład +46 70 123 45 67."},
	}
	for i, p := range back {
		if p.Message != want[i][0] {
			t.Errorf("Message = %q, want %q", p.Message, want[i][0])
		}
		for j, lang := range Languages {
			if got := p.In(lang); got != want[i][j] {
				t.Errorf("In(%s) = %q, want %q", lang, got, want[i][j])
			}
		}
		if got := p.In("de"); got != p.Message {
			t.Errorf("In(de) = %q, want the English message", got)
		}
		if p.Column != Fields[FieldByKey(p.Field)].Header {
			t.Errorf("Column = %q, want the English header", p.Column)
		}
	}

	old := NewProblem(FEmail, CodeEmailExists, "Taken.")
	if got := old.In("pl"); got != "Taken." {
		t.Errorf("a problem without an id: In = %q", got)
	}
	gone := Problem{Field: "email", Msg: "no_such_message", Message: "Kept."}
	if got := gone.In("nb"); got != "Kept." {
		t.Errorf("an unknown id: In = %q", got)
	}
}

// TestMessagesFromRules checks that every problem the rules and checks produce carries a message
// id of the catalogue, so that none stays English in another language.
func TestMessagesFromRules(t *testing.T) {
	r := Rules{Country: "NO", Language: "nb", Today: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	bad := []Values{
		{FAccount: "A 1", FTitle: "Herr", FEmail: "x@", FMobile: "12", FCountry: "Narnia", FBirthDate: "31.02.1990",
			FEmailOptIn: "maybe", FLoyaltyPoints: "-1", FNote: strings.Repeat("x", 501), FCity: "Oslo\x00"},
		{FFirstName: "A", FLastName: "B", FBirthDate: "1850-01-01", FLoyaltyPoints: "99999999999", FMobile: "91234567"},
		{FFirstName: "A", FLastName: "B", FBirthDate: "2030-01-01", FPostcode: "150", FPhone: "nonsense"},
		{FFirstName: "A", FLastName: "B", FBirthDate: "soon"},
	}
	seen := map[string]bool{}
	for n, raw := range bad {
		r := r
		if n == 0 {
			r.Country = "" // a tenant without a default country: the plain "phone" message
		}
		_, errs, warns := r.Normalize(&raw)
		for _, p := range append(errs, warns...) {
			if _, ok := messages[p.Msg]; !ok {
				t.Errorf("%s (%s) has no message id: %q", p.Field, p.Code, p.Message)
			}
			seen[p.Msg] = true
		}
	}
	stored := Customer{ID: 7, Values: Values{FFirstName: "Ola", FLastName: "Nordmann", FEmail: "ola@example.no",
		FMobile: "+4791234567", FPostcode: "0150", FAccount: "A-1"}}
	x := NewIndex()
	x.Add(stored)
	var rows []*Checked
	for i, raw := range []Values{
		{FFirstName: "Ola", FLastName: "Nordmann", FEmail: "ola@example.no", FMobile: "+4791234567", FPostcode: "0150", FAccount: "A-1"},
		{FFirstName: "Ola", FLastName: "Nordmann", FEmail: "ola@example.no", FMobile: "+4791234567", FPostcode: "0150", FAccount: "A-1"},
	} {
		c := new(Checked)
		r.PrepareInto(c, &StagedRow{Row: i + 2, Raw: raw})
		r.Resolve(ModeCreate, c, x)
		rows = append(rows, c)
	}
	NewFileKeys().Classify(rows, x)
	for _, c := range rows {
		for _, p := range c.Errors {
			if _, ok := messages[p.Msg]; !ok {
				t.Errorf("%s (%s) has no message id: %q", p.Field, p.Code, p.Message)
			}
			seen[p.Msg] = true
		}
	}
	for _, id := range []string{"required", "too_long", "unreadable", "account", "choice", "email", "phone", "country",
		"date_not_real", "date_too_early", "date_future", "date_unreadable", "yes_no", "whole_number", "number_too_large",
		"postcode_padded", "account_in_use", "email_exists", "mobile_exists", "name_postcode_exists",
		"duplicate_account", "duplicate_email", "duplicate_mobile", "duplicate_name"} {
		if !seen[id] {
			t.Errorf("no row produced %s", id)
		}
	}
}

// TestFieldTexts checks that every field has every text in every language.
func TestFieldTexts(t *testing.T) {
	for _, lang := range Languages {
		for i := range Fields {
			ft := FieldTextIn(lang, i)
			if ft.Header == "" || ft.Format == "" || ft.Default == "" || ft.Meaning == "" || ft.Example == "" {
				t.Errorf("%s/%s: a text is missing: %+v", lang, Fields[i].Key, ft)
			}
			if lang != "en" && ft.Format == Fields[i].Format && ft.Format != "text" {
				t.Errorf("%s/%s: Format is the English one", lang, Fields[i].Key)
			}
		}
		if yn := YesNoIn(lang); len(yn) != 2 {
			t.Errorf("%s: YesNoIn = %v", lang, yn)
		} else if y, _ := ParseYesNo(yn[0]); y != "Yes" {
			t.Errorf("%s: %q is not read as Yes", lang, yn[0])
		} else if n, _ := ParseYesNo(yn[1]); n != "No" {
			t.Errorf("%s: %q is not read as No", lang, yn[1])
		}
	}
}
