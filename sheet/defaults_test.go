package sheet

import (
	"errors"
	"io"
	"maps"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
)

func TestParseDefault(t *testing.T) {
	for _, tc := range []struct {
		in, name, value string
		bad             bool
	}{
		{in: "Country=NO", name: "Country", value: "NO"},
		{in: "SMS Marketing=No", name: "SMS Marketing", value: "No"},
		{in: " Land = Norge", name: "Land", value: " Norge"},
		{in: "Note=a=b", name: "Note", value: "a=b"},
		{in: "Country=", name: "Country", value: ""},
		{in: "Country", bad: true},
		{in: "=NO", bad: true},
		{in: "  =NO", bad: true},
		{in: "", bad: true},
	} {
		name, value, err := ParseDefault(tc.in)
		if tc.bad {
			var e *customer.Error
			if !errors.As(err, &e) || e.Code != customer.EInvalid || e.Msg != "default_malformed" {
				t.Errorf("ParseDefault(%q) = %q, %q, %v; want default_malformed", tc.in, name, value, err)
			}
			continue
		}
		if err != nil || name != tc.name || value != tc.value {
			t.Errorf("ParseDefault(%q) = %q, %q, %v; want %q, %q", tc.in, name, value, err, tc.name, tc.value)
		}
	}
}

func TestCheckDefaults(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   map[string]string
		want customer.Defaults // nil with msg
		msg  string            // the error's message id
		says string            // in its English message
	}{
		{name: "none", in: nil, want: nil},
		{name: "key", in: map[string]string{"country": "NO"}, want: customer.Defaults{"country": "NO"}},
		{name: "English header, any case", in: map[string]string{"sms marketing": "No", "LAST NAME": "Hansen"},
			want: customer.Defaults{"sms_opt_in": "No", "last_name": "Hansen"}},
		{name: "Norwegian and Polish headers", in: map[string]string{"Poststed": "Oslo", "Zgoda na SMS marketing": "Tak"},
			want: customer.Defaults{"city": "Oslo", "sms_opt_in": "Tak"}},
		{name: "a synonym, as --map takes it", in: map[string]string{"Land": "Norge"}, want: customer.Defaults{"country": "Norge"}},
		{name: "values trimmed", in: map[string]string{"note": "  fra kassa 2 "}, want: customer.Defaults{"note": "fra kassa 2"}},
		{name: "a blank value gives none", in: map[string]string{"country": " ", "city": "Oslo"}, want: customer.Defaults{"city": "Oslo"}},
		{name: "only blank values", in: map[string]string{"country": ""}, want: nil},
		{name: "a country's name", in: map[string]string{"country": "Polska"}, want: customer.Defaults{"country": "Polska"}},
		{name: "a title with its dot", in: map[string]string{"title": "dr."}, want: customer.Defaults{"title": "dr."}},
		{name: "as long as the field allows", in: map[string]string{"postcode": "1234567890"}, want: customer.Defaults{"postcode": "1234567890"}},
		{name: "no field", in: map[string]string{"country": "NO", "Favourite colour": "blue"}, msg: "default_not_field", says: "“Favourite colour”"},
		{name: "full name is no field", in: map[string]string{"full_name": "Ola Nordmann"}, msg: "default_not_field", says: "“full_name”"},
		{name: "too long", in: map[string]string{"postcode": "12345678901"}, msg: "default_too_long", says: "“Postcode” has 11 characters; the field holds at most 10"},
		{name: "too long in characters, not bytes", in: map[string]string{"city": strings.Repeat("ø", 51)}, msg: "default_too_long", says: "51 characters"},
		{name: "not a country", in: map[string]string{"country": "Narnia"}, msg: "default_invalid", says: "“Narnia” cannot be the default for “Country”"},
		{name: "not yes or no", in: map[string]string{"email_opt_in": "Maybe"}, msg: "default_invalid", says: "“Email Marketing”"},
		{name: "not a title", in: map[string]string{"title": "Sir"}, msg: "default_invalid", says: "“Sir”"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := CheckDefaults(tc.in)
			if tc.msg != "" {
				var e *customer.Error
				if !errors.As(err, &e) || e.Code != customer.EInvalid || e.Msg != tc.msg || !strings.Contains(e.Message, tc.says) {
					t.Fatalf("CheckDefaults(%v) = %v, %v; want %s saying %q", tc.in, got, err, tc.msg, tc.says)
				}
				if e.In("nb") == e.Message || e.In("pl") == e.Message {
					t.Errorf("%s is not said in Norwegian or Polish: %q", tc.msg, e.In("nb"))
				}
				return
			}
			if err != nil || !maps.Equal(got, tc.want) || (tc.want == nil) != (got == nil) {
				t.Errorf("CheckDefaults(%v) = %#v, %v; want %#v", tc.in, got, err, tc.want)
			}
		})
	}
}

// TestReaderDefaults: defaults fill the blank cells of every row read — of a column the file has
// and of one it lacks — and a required column the file lacks is no error when it has a default;
// blank rows stay ignored.
func TestReaderDefaults(t *testing.T) {
	file := "First Name,Email,SMS Marketing\n" +
		"Ola,ola@example.no,\n" +
		",,\n" +
		"Kari,kari@example.no,Yes\n"
	for _, tc := range []struct {
		name     string
		defaults customer.Defaults
		wants    []want
		err      string // the file error, for none
	}{
		{name: "none", err: "no “Last Name” column"},
		{name: "a required column the file lacks", defaults: customer.Defaults{"last_name": "Hansen"}, wants: []want{
			{2, map[string]string{"first_name": "Ola", "last_name": "Hansen", "country": "", "sms_opt_in": ""}},
			{4, map[string]string{"first_name": "Kari", "last_name": "Hansen", "sms_opt_in": "Yes"}},
		}},
		{name: "blank cells of a column and a column the file lacks",
			defaults: customer.Defaults{"last_name": "Hansen", "country": "NO", "sms_opt_in": "No", "email": "x@example.no"}, wants: []want{
				{2, map[string]string{"first_name": "Ola", "email": "ola@example.no", "country": "NO", "sms_opt_in": "No"}},
				{4, map[string]string{"first_name": "Kari", "email": "kari@example.no", "country": "NO", "sms_opt_in": "Yes"}},
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeTemp(t, "kunder.csv", file)
			opt := Options{Defaults: tc.defaults}
			r, err := OpenWith(path, Limits{}, opt)
			if tc.err != "" {
				fileErr(t, err, tc.err)
				pv, err := PreviewWith(path, Limits{}, opt)
				if err != nil || pv.Ready || strings.Join(pv.Missing, ",") != "last_name" {
					t.Errorf("preview: %+v, %v; want last_name missing", pv, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			var rows []Row
			for {
				row, err := r.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				rows = append(rows, row)
			}
			checkRows(t, rows, tc.wants)
			// The preview agrees: nothing is missing, and the file needs no mapping step.
			pv, err := PreviewWith(path, Limits{}, opt)
			if err != nil || !pv.Ready || len(pv.MissingFor(customer.ModeCreate)) != 0 {
				t.Errorf("preview: %+v, %v; want it ready", pv, err)
			}
			if _, err := CheckMap(path, Limits{}, opt); err != nil {
				t.Errorf("CheckMap: %v", err)
			}
		})
	}
}
