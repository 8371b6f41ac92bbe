package sheet

import (
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"E-post", "epost"},
		{" e post ", "epost"},
		{"\ufeffEPOST", "epost"},
		{"Imię", "imie"},
		{"IMIĘ", "imie"},
		{"Fødselsdato", "fodselsdato"},
		{"Bjørn Æsøy", "bjornaesoy"},
		{"Miejscowość", "miejscowosc"},
		{"Łódź", "lodz"},
		{"Address 1", "address1"},
		{"Province / State", "provincestate"},
		{"first_name", "firstname"},
		{"A\u030Ase", "ase"}, // Å decomposed, as a Mac may type it
		{"", ""},
		{" - ", ""},
	}
	for _, tt := range tests {
		if got := fold(tt.in); got != tt.want {
			t.Errorf("fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTargetOf(t *testing.T) {
	tests := []struct {
		header string
		want   string // target key; "" none
		via    string
	}{
		// Our template, every language, and keys.
		{"First Name", "first_name", viaHeader},
		{"Fornavn", "first_name", viaHeader},
		{"Imię", "first_name", viaHeader},
		{"imie", "first_name", viaHeader},
		{"Telefon komórkowy", "mobile", viaHeader},
		{"Adres (linia 1)", "address_line1", viaHeader},
		{"Bonuspoeng", "loyalty_points", viaHeader},
		{"loyalty_points", "loyalty_points", viaHeader},
		{"E-mail", "email", viaHeader}, // folds like "Email"
		// Norwegian everyday words.
		{"Etternavn", "last_name", viaHeader},
		{"Epost", "email", viaHeader},
		{"E-postadresse", "email", viaSynonym},
		{"Mobilnummer", "mobile", viaSynonym},
		{"Mobil", "mobile", viaHeader},
		{"Tlf.", "phone", viaSynonym},
		{"Telefon", "phone", viaHeader},
		{"Adresse", "address_line1", viaSynonym},
		{"Postnr.", "postcode", viaSynonym},
		{"Postnummer", "postcode", viaHeader},
		{"Poststed", "city", viaHeader},
		{"Sted", "city", viaSynonym},
		{"By", "city", viaSynonym},
		{"Land", "country", viaHeader},
		{"Født", "birth_date", viaSynonym},
		{"Kundenr.", "account_number", viaSynonym},
		{"Bedrift", "company", viaSynonym},
		{"Merknad", "note", viaSynonym},
		{"Kommentar", "note", viaSynonym},
		{"Poeng", "loyalty_points", viaSynonym},
		{"Navn", "full_name", viaSynonym},
		// Polish everyday words.
		{"Nazwisko", "last_name", viaHeader},
		{"Adres e-mail", "email", viaSynonym},
		{"Komórka", "mobile", viaSynonym},
		{"Ulica", "address_line1", viaSynonym},
		{"Adres", "address_line1", viaSynonym},
		{"Miasto", "city", viaSynonym},
		{"Miejscowość", "city", viaHeader},
		{"Kraj", "country", viaHeader},
		{"Numer klienta", "account_number", viaHeader},
		{"Uwagi", "note", viaSynonym},
		{"Punkty", "loyalty_points", viaSynonym},
		{"Imię i nazwisko", "full_name", viaSynonym},
		// English.
		{"Surname", "last_name", viaSynonym},
		{"ZIP code", "postcode", viaSynonym},
		{"D.O.B.", "birth_date", viaSynonym},
		{"Customer name", "full_name", viaSynonym},
		// Not ours.
		{"Favourite colour", "", ""},
		{"Kundetype", "", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		got, via := targetOf(tt.header)
		if targetKey(got) != tt.want || via != tt.via {
			t.Errorf("targetOf(%q) = %q via %q, want %q via %q", tt.header, targetKey(got), via, tt.want, tt.via)
		}
	}
}

// TestSynonymsUnambiguous makes sure no synonym folds like another target's synonym, which the
// map would settle silently by iteration order.
func TestSynonymsUnambiguous(t *testing.T) {
	seen := map[string]int{}
	for target, words := range synonyms {
		for _, w := range words {
			f := fold(w)
			if other, ok := seen[f]; ok && other != target {
				t.Errorf("synonym %q folds to %q for both %s and %s", w, f, targetKey(other), targetKey(target))
			}
			seen[f] = target
			if h, ok := headerTargets[f]; ok && h != target {
				t.Errorf("synonym %q of %s is a template header of %s", w, targetKey(target), targetKey(h))
			}
		}
	}
}

func TestSplitName(t *testing.T) {
	tests := []struct {
		in          string
		first, last string
		guess       bool
	}{
		{"Kari Nordmann", "Kari", "Nordmann", false},
		{"  Kari   Nordmann ", "Kari", "Nordmann", false},
		{"Nordmann, Kari", "Kari", "Nordmann", false},
		{"Wiśniewska, Zofia Anna", "Zofia Anna", "Wiśniewska", false},
		{"Kari", "Kari", "", true},
		{"Anne Marie Johansen", "Anne Marie", "Johansen", true},
		{"Jan van der Berg", "Jan", "van der Berg", true},
		{"Ida Marie af Rosenborg", "Ida Marie", "af Rosenborg", true},
		{"Nordmann,", "Nordmann", "", true},
		{"", "", "", false},
	}
	for _, tt := range tests {
		f, l, g := splitName(tt.in)
		if f != tt.first || l != tt.last || g != tt.guess {
			t.Errorf("splitName(%q) = %q, %q, %v; want %q, %q, %v", tt.in, f, l, g, tt.first, tt.last, tt.guess)
		}
	}
}

func TestConvert(t *testing.T) {
	tests := []struct {
		name  string
		xf    cellXform
		in    string
		out   string
		extra string
		warn  customer.Code
	}{
		{"consent subscribed", xConsent, "Subscribed", "Yes", "", ""},
		{"consent unsubscribed", xConsent, "unsubscribed", "No", "", ""},
		{"consent unknown is blank", xConsent, "Unknown", "", "", ""},
		{"consent yes word kept for the rules", xConsent, "yes", "yes", "", ""},
		{"consent Ja kept", xConsent, "Ja", "Ja", "", ""},
		{"unsubscribed true", xUnsubscribed, "TRUE", "No", "", ""},
		{"unsubscribed false is no consent", xUnsubscribed, "false", "", "", ""},
		{"points whole", xPoints, "120.00", "120", "", ""},
		{"points comma", xPoints, "1 250,00", "1250", "", ""},
		{"points grouped", xPoints, "1,250.00", "1250", "", ""},
		{"points zero", xPoints, "0.000", "0", "", ""},
		{"points fraction", xPoints, "12.50", "", "Points: 12.50", customer.WarnPointsNotWhole},
		{"points not a number is left to the rules", xPoints, "many", "many", "", ""},
		{"birthday without year", xBirthday, "05-14", "", "", customer.WarnBirthdayNoYear},
		{"birthday dd.mm.", xBirthday, "14.05.", "", "", customer.WarnBirthdayNoYear},
		{"birthday full date kept", xBirthday, "14.05.1990", "14.05.1990", "", ""},
		{"US birthday", xBirthdayUS, "07-04-1988", "1988-07-04", "", ""},
		{"US birthday one digit", xBirthdayUS, "7-4-1988", "1988-07-04", "", ""},
		{"US birthday without year", xBirthdayUS, "12-01", "", "", customer.WarnBirthdayNoYear},
		{"ISO kept", xBirthdayUS, "1984-11-03", "1984-11-03", "", ""},
		{"title dot", xTitle, "Mrs.", "Mrs", "", ""},
		{"title dot, other word", xTitle, "Prof.", "Prof.", "", ""},
		{"title too long keeps its dots", xTitle, "Mrs........", "Mrs........", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, extra, warn := convert(&colPlan{header: "Points", xf: tt.xf}, tt.in)
			var code customer.Code
			if warn != nil {
				code = warn.Code
			}
			if out != tt.out || extra != tt.extra || code != tt.warn {
				t.Errorf("convert(%q) = %q, %q, %v; want %q, %q, %v", tt.in, out, extra, code, tt.out, tt.extra, tt.warn)
			}
		})
	}
}

func TestStripQuote(t *testing.T) {
	for in, want := range map[string]string{
		"'0150": "0150", "'+4791234567": "+4791234567", "'7493781586013": "7493781586013",
		"'Tante' Olga": "'Tante' Olga", "0150": "0150", "'": "'",
	} {
		if got := stripQuote(in); got != want {
			t.Errorf("stripQuote(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSynonymLosesToHeader: a file with both "Email" and "E-mail address" reads Email and
// ignores the other, saying so; two columns of equal standing are an error naming both.
func TestSynonymLosesToHeader(t *testing.T) {
	path := writeTemp(t, "x.csv", "First Name,Last Name,Email,E-mail address\nOla,Nordmann,ola@example.no,old@example.no\n")
	r, rows := readAll(t, path, Limits{})
	if rows[0].Values[customer.FEmail] != "ola@example.no" {
		t.Errorf("email = %q", rows[0].Values[customer.FEmail])
	}
	want := []string{"Column D “E-mail address” was ignored: column C “Email” is the Email."}
	if got := r.Warnings(); !slices.Equal(got, want) {
		t.Errorf("Warnings() = %q, want %q", got, want)
	}
	_, err := Open(writeTemp(t, "y.csv", "Fornavn,Etternavn,Tlf,Telefonnummer\nOla,Nordmann,1,2\n"), Limits{})
	fileErr(t, err, "The file has two columns that could be “Phone” (C “Tlf” and D “Telefonnummer”); delete or rename one of them.")
}

// TestFullNameColumn: a name column is split, and where the file has first and last name
// columns too, it only fills in rows where both are blank.
func TestFullNameColumn(t *testing.T) {
	_, rows := readAll(t, writeTemp(t, "x.csv", "Navn;E-post\nKari Nordmann;kari@example.no\n"), Limits{})
	if v := rows[0].Values; v[customer.FFirstName] != "Kari" || v[customer.FLastName] != "Nordmann" {
		t.Errorf("split: %q", v)
	}
	_, rows = readAll(t, writeTemp(t, "y.csv", "Name,First Name,Last Name\nKari Nordmann,Kari,Berg\nOla Hansen,,\n"), Limits{})
	if v := rows[0].Values; v[customer.FFirstName] != "Kari" || v[customer.FLastName] != "Berg" {
		t.Errorf("row 2: %q", v)
	}
	if v := rows[1].Values; v[customer.FFirstName] != "Ola" || v[customer.FLastName] != "Hansen" {
		t.Errorf("row 3: %q", v)
	}
	_, err := Open(writeTemp(t, "z.csv", "Navn;Etternavn\nKari;Nordmann\n"), Limits{})
	if err != nil {
		t.Errorf("a name column with a last name column: %v", err)
	}
}

func TestOptionsMap(t *testing.T) {
	file := "Kunde-ID;Fornavn;Slektsnavn;Epost adr;Mob;Ekstra\nK1;Ola;Nordmann;ola@example.no;912 34 567;x\n"
	tests := []struct {
		name   string
		m      map[string]string
		err    string
		fields map[string]string // field key → value of the one row
		via    map[string]string // header → via
	}{
		{
			name: "keys and headers as targets",
			m:    map[string]string{"Slektsnavn": "last_name", "Epost adr": "Email", "mob": "Mobile", "Kunde-ID": "account_number", "Ekstra": "-"},
			fields: map[string]string{"account_number": "K1", "first_name": "Ola", "last_name": "Nordmann", "email": "ola@example.no",
				"mobile": "912 34 567"},
			via: map[string]string{"Slektsnavn": viaMap, "Fornavn": viaHeader, "Ekstra": viaMap},
		},
		{
			name: "a map overrides recognition",
			m:    map[string]string{"Slektsnavn": "last_name", "Fornavn": "note"},
			err:  "The file has no “First Name” column; it is required.",
		},
		{
			name: "full name target",
			m:    map[string]string{"Fornavn": "full_name", "Slektsnavn": ""},
			err:  "",
			// "Ola" is one word: first name, no last name (the rules then ask for one).
			fields: map[string]string{"first_name": "Ola", "last_name": ""},
		},
		{name: "unknown target", m: map[string]string{"Slektsnavn": "surname_2"},
			err: "The mapping sends “Slektsnavn” to “surname_2”, which is not a customer field."},
		{name: "unknown header", m: map[string]string{"Etternavn": "last_name"},
			err: "The mapping names a column “Etternavn”, but the file has no such column."},
		{name: "required still required", m: map[string]string{"Ekstra": "note"},
			err: "The file has no “Last Name” column; it is required."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := OpenWith(writeTemp(t, "x.csv", file), Limits{}, Options{Map: tt.m})
			if tt.err != "" {
				fileErr(t, err, tt.err)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			row, err := r.Next()
			if err != nil {
				t.Fatal(err)
			}
			for key, v := range tt.fields {
				if got := row.Values[customer.FieldByKey(key)]; got != v {
					t.Errorf("%s = %q, want %q", key, got, v)
				}
			}
			for _, c := range r.Mapping() {
				if v, ok := tt.via[c.Header]; ok && c.Via != v {
					t.Errorf("%s via %q, want %q", c.Header, c.Via, v)
				}
			}
		})
	}
}

// TestCheckMap: what a mapping must satisfy before a file is read with it, and the form it is
// saved in.
func TestCheckMap(t *testing.T) {
	// Kunde is a synonym of full_name and Fornavn of first_name; Kontakt and Slektsnavn are not
	// recognised (a preview guesses Kontakt from its values, which the reader never does).
	path := writeTemp(t, "x.csv", "Kunde;Kontakt;Fornavn;Slektsnavn\nOla Nordmann;ola@example.no;Ola;Nordmann\n")
	tests := []struct {
		name string
		m    map[string]string
		want map[string]string // nil: refused
		err  string            // part of the refusal
	}{
		{"keys and headers in any case", map[string]string{"Kunde": "", "Kontakt": "EMAIL", "Fornavn": "First Name", "Slektsnavn": "last_name"},
			map[string]string{"Kunde": "", "Kontakt": "email", "Fornavn": "first_name", "Slektsnavn": "last_name"}, ""},
		{"headers in the template's other languages", map[string]string{"Kontakt": "E-post", "Slektsnavn": "Nazwisko"},
			map[string]string{"Kontakt": "email", "Slektsnavn": "last_name"}, ""},
		{"full name fills both names", map[string]string{"Kunde": "full_name", "Fornavn": "-", "Slektsnavn": ""},
			map[string]string{"Kunde": "full_name", "Fornavn": "", "Slektsnavn": ""}, ""},
		{"a recognised column left out of the map counts", map[string]string{"Slektsnavn": "last_name"},
			map[string]string{"Slektsnavn": "last_name"}, ""},
		{"an unrecognised column left out of the map does not count", map[string]string{"Kunde": "", "Fornavn": "first_name"}, nil,
			"The file has no “Last Name” column; it is required."},
		{"headers match as the reader matches them", map[string]string{"kontakt ": "email", "SLEKTS-NAVN": "last_name"},
			map[string]string{"kontakt ": "email", "SLEKTS-NAVN": "last_name"}, ""},
		{"a synonym is a target, as the CLI's --map takes it", map[string]string{"Kontakt": "Mail", "Slektsnavn": "last_name"},
			map[string]string{"Kontakt": "email", "Slektsnavn": "last_name"}, ""},
		{"an unknown target", map[string]string{"Kontakt": "shoe size", "Slektsnavn": "last_name"}, nil,
			"The mapping sends “Kontakt” to “shoe size”, which is not a customer field."},
		{"unknown targets are all named", map[string]string{"Kunde": "hat", "Kontakt": "shoe size", "Slektsnavn": "last_name"}, nil,
			"The mapping sends columns to “hat”, “shoe size”, which are not customer fields."},
		{"unknown headers are all named", map[string]string{"Telefon": "mobile", "Faks": "phone", "Slektsnavn": "last_name"}, nil,
			"The mapping names columns “Faks”, “Telefon”, but the file has no such columns."},
		{"an unknown header", map[string]string{"Telefon": "mobile"}, nil,
			"The mapping names a column “Telefon”, but the file has no such column."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CheckMap(path, Limits{}, Options{Map: tt.m})
			if tt.want == nil {
				fileErr(t, err, tt.err)
				return
			}
			if err != nil || !maps.Equal(got, tt.want) {
				t.Errorf("CheckMap = %v, %v; want %v", got, err, tt.want)
			}
		})
	}
	// A refusal keeps its message id, to be said in the reader's language.
	_, err := CheckMap(path, Limits{}, Options{Map: map[string]string{"Kunde": "hat", "Kontakt": "shoe size"}})
	if got := customer.ErrorMessageIn(err, "nb"); !strings.Contains(got, "«hat», «shoe size»") {
		t.Errorf("in Norwegian: %q", got)
	}
}

// TestCheckTargets: the mapping step's API takes a field's key or template header as a target,
// not a synonym, and names what it refuses as CheckMap does.
func TestCheckTargets(t *testing.T) {
	for _, tt := range []struct {
		name string
		m    map[string]string
		err  string // "" for none
	}{
		{"keys, headers in any language, full name, ignored", map[string]string{"A": "email", "B": "Last Name", "C": "Nazwisko", "D": "full_name", "E": "", "F": "-"}, ""},
		{"a synonym", map[string]string{"Kontakt": "Mail", "Slektsnavn": "last_name"}, "The mapping sends “Kontakt” to “Mail”, which is not a customer field."},
		{"synonyms are all named", map[string]string{"Kunde": "name", "Kontakt": "mail", "Slektsnavn": "last_name"}, "The mapping sends columns to “mail”, “name”, which are not customer fields."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckTargets(tt.m)
			if tt.err == "" {
				if err != nil {
					t.Errorf("CheckTargets = %v, want nil", err)
				}
				return
			}
			fileErr(t, err, tt.err)
		})
	}
}

// TestOptionsMapTwoColumns: two headers mapped to one field: the second fills in; to Note, it
// is added.
func TestOptionsMapTwoColumns(t *testing.T) {
	path := writeTemp(t, "x.csv", "Fornavn,Etternavn,Mob1,Mob2,Info1,Info2\nOla,N,,912 34 567,a,b\nKari,N,413 00 000,912 00 000,,c\n")
	_, err := Open(path, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := OpenWith(path, Limits{}, Options{Map: map[string]string{"Mob1": "mobile", "Mob2": "mobile", "Info1": "note", "Info2": "note"}})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var got []string
	for {
		row, err := r.Next()
		if err != nil {
			break
		}
		got = append(got, row.Values[customer.FMobile], row.Values[customer.FNote])
	}
	want := []string{"912 34 567", "a; Info2: b", "413 00 000", "Info2: c"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestNoteOverflow(t *testing.T) {
	long := make([]byte, 495)
	for i := range long {
		long[i] = 'x'
	}
	p, err := buildPlan([]string{"First Name", "Last Name", "Note", "Visits"}, Options{Map: map[string]string{"Visits": "note"}})
	if err != nil {
		t.Fatal(err)
	}
	v, warns := p.apply([]string{"Ola", "N", string(long), "12"})
	if v[customer.FNote] != string(long) || len(warns) != 1 || warns[0].Code != customer.WarnNoteFull {
		t.Errorf("note %d chars, warnings %+v", len(v[customer.FNote]), warns)
	}
}

func TestParseMap(t *testing.T) {
	tests := []struct {
		in   string
		want map[string]string
		err  bool
	}{
		{"E-post=Email,Mobil=Mobile", map[string]string{"E-post": "Email", "Mobil": "Mobile"}, false},
		{" E-post = email , Kundetype=- ", map[string]string{"E-post": "email", "Kundetype": "-"}, false},
		{`"Navn, fullt"=full_name,Ekstra=`, map[string]string{"Navn, fullt": "full_name", "Ekstra": ""}, false},
		{`"a=b"=note`, map[string]string{"a=b": "note"}, false},
		{"E-post", nil, true},
		{"=Email", nil, true},
		{`"E-post=Email`, nil, true},
		{"", nil, true},
	}
	for _, tt := range tests {
		got, err := ParseMap(tt.in)
		if (err != nil) != tt.err || !maps.Equal(got, tt.want) {
			t.Errorf("ParseMap(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestHeaderSignature(t *testing.T) {
	a := HeaderSignature([]string{"\ufeffFornavn", "E-post", ""})
	if b := HeaderSignature([]string{"fornavn", " e post ", ""}); a != b {
		t.Errorf("folded headers differ: %s %s", a, b)
	}
	if b := HeaderSignature([]string{"Fornavn", "E-post"}); a == b {
		t.Error("a trailing blank column does not count")
	}
	if b := HeaderSignature([]string{"E-post", "Fornavn", ""}); a == b {
		t.Error("order does not count")
	}
	if len(a) != 16 {
		t.Errorf("signature %q", a)
	}
}

func TestJaroWinkler(t *testing.T) {
	if s := jaroWinkler("martha", "marhta"); s < 0.96 || s > 0.962 {
		t.Errorf("martha/marhta = %v, want 0.961", s)
	}
	if s := jaroWinkler("abc", "abc"); s != 1 {
		t.Errorf("equal = %v", s)
	}
	if s := jaroWinkler("abc", "xyz"); s != 0 {
		t.Errorf("unlike = %v", s)
	}
}

func TestPreviewFile(t *testing.T) {
	path := writeTemp(t, "x.csv", "Kunde liste 2024\n"+
		"Fornavn;Etternavn;Emial;Kontakt;Postkode;Hvem;Farge;Medlem\n"+
		"Ola;Nordmann;ola@example.no;912 34 567;0150;Ola Nordmann;blå;ja\n"+
		"Kari;Nordmann;kari@example.no;+47 413 00 000;5003;Kari Nordmann;;nei\n"+
		"Per;Hansen;per@example.no;22 33 44 55;7011;Per Hansen;grønn;ja\n")
	pv, err := PreviewFile(path, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if pv.HeaderRow != 2 || pv.Source != "" || pv.Ready || len(pv.Missing) != 0 {
		t.Errorf("preview: row %d source %q ready %v missing %v", pv.HeaderRow, pv.Source, pv.Ready, pv.Missing)
	}
	want := []struct {
		field, reason string
	}{
		{"first_name", "header"}, {"last_name", "header"}, {"email", "similar header"}, {"mobile", "values look like phone numbers"},
		{"postcode", "similar header"}, {"full_name", "values look like full names"}, {"", ""}, {"email_opt_in", "values look like yes/no answers"},
	}
	for i, w := range want {
		c := pv.Columns[i]
		if c.Field != w.field || c.Reason != w.reason {
			t.Errorf("column %s %q: %q (%s, %.2f), want %q (%s)", c.Letter, c.Header, c.Field, c.Reason, c.Confidence, w.field, w.reason)
		}
		if (c.Field == "") != (c.Confidence == 0) || c.Confidence > 1 {
			t.Errorf("column %s: confidence %v", c.Letter, c.Confidence)
		}
	}
	if got := pv.Columns[3].Samples; !slices.Equal(got, []string{"912 34 567", "+47 413 00 000", "22 33 44 55"}) {
		t.Errorf("samples %q", got)
	}
	if got := pv.Columns[6].Samples; !slices.Equal(got, []string{"blå", "grønn"}) {
		t.Errorf("blank values are skipped: %q", got)
	}
	if pv.Signature != HeaderSignature([]string{"Fornavn", "Etternavn", "Emial", "Kontakt", "Postkode", "Hvem", "Farge", "Medlem"}) {
		t.Errorf("signature %s", pv.Signature)
	}
}

func TestPreviewVendorsReady(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "vendors", "*.csv"))
	xlsx, _ := filepath.Glob(filepath.Join("testdata", "vendors", "*.xlsx"))
	files = append(files, xlsx...)
	if len(files) < 10 {
		t.Fatalf("%d samples", len(files))
	}
	for _, f := range files {
		pv, err := PreviewFile(f, Limits{})
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if !pv.Ready {
			t.Errorf("%s: not ready: missing %v, %+v", f, pv.Missing, pv.Columns)
		}
		r, _ := readAll(t, f, Limits{})
		if pv.Source != r.Source() {
			t.Errorf("%s: preview source %q, reader %q", f, pv.Source, r.Source())
		}
		for i, m := range r.Mapping() {
			if pv.Columns[i].Field != m.Field {
				t.Errorf("%s column %s: preview %q, reader %q", f, m.Letter, pv.Columns[i].Field, m.Field)
			}
		}
	}
}

func TestPreviewErrors(t *testing.T) {
	_, err := PreviewFile(filepath.Join("testdata", "png-renamed.xlsx"), Limits{})
	var ce *customer.Error
	if !errors.As(err, &ce) || ce.Code != customer.EFile {
		t.Errorf("png: %v", err)
	}
	// No required column is needed.
	pv, err := PreviewFile(filepath.Join("testdata", "missing-last-name.csv"), Limits{})
	if err != nil || !slices.Equal(pv.Missing, []string{"last_name"}) || pv.Ready {
		t.Errorf("missing-last-name: %+v, %v", pv, err)
	}
}

func TestTargets(t *testing.T) {
	ts := Targets()
	if len(ts) != customer.NumFields+1 || ts[customer.FFirstName].Key != "first_name" || !ts[customer.FFirstName].Required ||
		ts[len(ts)-1].Key != FullNameKey {
		t.Errorf("Targets() = %+v", ts)
	}
	for _, tg := range ts {
		if i, ok := parseTarget(tg.Key); !ok || targetKey(i) != tg.Key {
			t.Errorf("parseTarget(%q) = %d, %v", tg.Key, i, ok)
		}
	}
}

// TestFormatsDoc keeps docs/FORMATS.md in step with the code: every synonym and every
// platform's name and column is named there.
func TestFormatsDoc(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "docs", "FORMATS.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for target, words := range synonyms {
		for _, w := range words {
			if !strings.Contains(doc, w) {
				t.Errorf("docs/FORMATS.md does not list the synonym %q of %s", w, targetKey(target))
			}
		}
	}
	for _, v := range vendors {
		if !strings.Contains(doc, v.name) {
			t.Errorf("docs/FORMATS.md does not name %q", v.name)
		}
		for _, c := range v.columns {
			h := strings.TrimSuffix(strings.TrimSuffix(c.header, "_1"), "1")
			if !strings.Contains(doc, h) {
				t.Errorf("docs/FORMATS.md does not name %s's column %q", v.name, c.header)
			}
		}
	}
}

func TestValuesLookLike(t *testing.T) {
	for _, tc := range []struct {
		name    string
		samples []string
		want    string
	}{
		{"emails", []string{"ola@example.no", "kari@example.no"}, "emails"},
		{"Norwegian streets", []string{"Storgata 1", "Bryggen 5", "Kongens gate 12 B", "Torget 3"}, "street addresses"},
		{"Polish streets", []string{"ul. Długa 5/12", "ul. Polna 7", "Aleje Jerozolimskie 100"}, "street addresses"},
		{"English streets", []string{"12 High Street", "221B Baker Street"}, "street addresses"},
		{"postcodes are not streets", []string{"0150", "5003"}, "postcodes"},
		{"names are not streets", []string{"Ola Nordmann", "Kari Berg"}, "full names"},
		{"words", []string{"blå", "grønn"}, ""},
		{"one sample", []string{"Storgata 1"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, what, _ := valuesLookLike(tc.samples); what != tc.want {
				t.Errorf("%q look like %q, want %q", tc.samples, what, tc.want)
			}
		})
	}
}

// TestPreviewWith: the columns a map maps are taken as mapped, so that a map naming every
// guessed column makes the file ready; a map that does not fit the file is refused.
func TestPreviewWith(t *testing.T) {
	path := writeTemp(t, "x.csv", "Kunde;Kontakt;Gate;Post;Farge\n"+
		"Ola Nordmann;ola@example.no;Storgata 1;0150;blå\n"+
		"Kari Berg;kari@example.no;Bryggen 5;5003;grønn\n")
	pv, err := PreviewFile(path, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if pv.Ready || pv.Columns[1].Reason != "values look like emails" || pv.Columns[2].Field != "address_line1" {
		t.Fatalf("without a map: ready %v, %+v", pv.Ready, pv.Columns)
	}
	pv, err = PreviewWith(path, Limits{}, Options{Map: map[string]string{"kontakt": "Email", "Gate": "Address Line 1", "Post": "postcode", "Farge": ""}})
	if err != nil {
		t.Fatal(err)
	}
	if !pv.Ready || pv.Signature != HeaderSignature([]string{"Kunde", "Kontakt", "Gate", "Post", "Farge"}) {
		t.Errorf("with the map: ready %v, signature %s, %+v", pv.Ready, pv.Signature, pv.Columns)
	}
	for i, want := range []string{"synonym:full_name", "map:email", "map:address_line1", "map:postcode", "map:"} {
		if c := pv.Columns[i]; c.Reason+":"+c.Field != want {
			t.Errorf("column %s: %s:%s, want %s", c.Letter, c.Reason, c.Field, want)
		}
	}
	// A map naming only some guessed columns leaves the file waiting.
	if pv, err = PreviewWith(path, Limits{}, Options{Map: map[string]string{"Kontakt": "email"}}); err != nil || pv.Ready {
		t.Errorf("part of the map: ready %v, %v", pv != nil && pv.Ready, err)
	}
	if _, err = PreviewWith(path, Limits{}, Options{Map: map[string]string{"Fax": "email"}}); err == nil || !strings.Contains(err.Error(), "Fax") {
		t.Errorf("a header the file lacks: %v", err)
	}
}

// TestOpenForUpdate: the required columns are required of a file that may create customers; in
// create-and-update mode an identity column (account number, email, mobile) is enough, and the
// message for a file with neither says both ways out.
func TestOpenForUpdate(t *testing.T) {
	cases := []struct {
		name, text string
		mode       customer.Mode
		want       string // the file message id, "" when the file opens
	}{
		{"update by email", "E-post;Poststed\nola@example.no;Bergen\n", customer.ModeUpsert, ""},
		{"update by account number", "Kundenummer;Postnummer\nA-1;0150\n", customer.ModeUpsert, ""},
		{"update by mobile", "Mobil;Poststed\n912 34 567;Bergen\n", customer.ModeUpsert, ""},
		{"create needs the names", "E-post;Poststed\nola@example.no;Bergen\n", customer.ModeCreate, "columns_missing"},
		{"no mode is create", "E-post;Poststed\nola@example.no;Bergen\n", "", "columns_missing"},
		{"update without identity", "Etternavn;Poststed\nNordmann;Bergen\n", customer.ModeUpsert, "column_missing_update"},
		{"update, neither", "Poststed;Telefon\nBergen;22 33 44 55\n", customer.ModeUpsert, "columns_missing_update"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writeTemp(t, "f.csv", tc.text)
			r, err := OpenWith(path, Limits{}, Options{Mode: tc.mode})
			if tc.want == "" {
				if err != nil {
					t.Fatalf("OpenWith: %v", err)
				}
				defer r.Close()
				if _, err := r.Next(); err != nil {
					t.Errorf("Next: %v", err)
				}
				return
			}
			var ce *customer.Error
			if !errors.As(err, &ce) || ce.Msg != tc.want {
				t.Fatalf("OpenWith = %v, want file message %s", err, tc.want)
			}
			if tc.mode == customer.ModeUpsert && !strings.Contains(err.Error(), "“Account Number”, “Email” or “Mobile”") {
				t.Errorf("the update message names no identity column: %v", err)
			}
		})
	}
}
