package customer

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// rulesNO, rulesPL and rulesGB are tenants of the three markets.
var (
	rulesNO = Rules{Country: "NO", Language: "nb", Today: testToday}
	rulesPL = Rules{Country: "PL", Language: "pl", Today: testToday}
	rulesGB = Rules{Country: "GB", Language: "en", Today: testToday}
)

// cellsOf builds raw cells from field key/value pairs.
func cellsOf(kv ...string) Values {
	var v Values
	for i := 0; i < len(kv); i += 2 {
		f := FieldByKey(kv[i])
		if f < 0 {
			panic("no field " + kv[i])
		}
		v[f] = kv[i+1]
	}
	return v
}

// codes lists problems as "field:code", in order.
func codes(ps []Problem) []string {
	var s []string
	for _, p := range ps {
		s = append(s, p.Field+":"+string(p.Code))
	}
	return s
}

func TestNormalizeValidRows(t *testing.T) {
	tests := []struct {
		name  string
		rules Rules
		raw   Values
		want  Values // the whole normalised row
		warns []string
	}{
		{
			name:  "norwegian customer, everything filled",
			rules: rulesNO,
			raw: cellsOf("account_number", "A-1001", "title", "ms.", "first_name", " Ingrid ", "last_name", "Haugen",
				"company", "Haugen Sykkel AS", "email", " Ingrid.Haugen@Example.no ", "mobile", "+47 912 34 567",
				"phone", "22 12 34 56", "address_line1", "Storgata 12", "address_line2", "H0201", "city", "Oslo",
				"region", "Oslo", "postcode", "0150", "country", "Norge", "birth_date", "28.02.1990",
				"email_opt_in", "Ja", "sms_opt_in", "nei", "loyalty_points", "1 250", "note", "Foretrekker SMS-kvittering"),
			want: cellsOf("account_number", "A-1001", "title", "Ms", "first_name", "Ingrid", "last_name", "Haugen",
				"company", "Haugen Sykkel AS", "email", "Ingrid.Haugen@Example.no", "mobile", "+4791234567",
				"phone", "+4722123456", "address_line1", "Storgata 12", "address_line2", "H0201", "city", "Oslo",
				"region", "Oslo", "postcode", "0150", "country", "NO", "birth_date", "1990-02-28",
				"email_opt_in", "Yes", "sms_opt_in", "No", "loyalty_points", "1250", "note", "Foretrekker SMS-kvittering"),
		},
		{
			name:  "only the required fields; blanks stay blank",
			rules: rulesNO,
			raw:   cellsOf("first_name", "Åse", "last_name", "Berg", "email", "  ", "note", "\u00a0"),
			want:  cellsOf("first_name", "Åse", "last_name", "Berg"),
		},
		{
			name:  "polish customer",
			rules: rulesPL,
			raw: cellsOf("first_name", "Zażółć", "last_name", "Gęślą", "email", "zazolc@przyklad.pl",
				"mobile", "601 234 567", "postcode", "00-950", "city", "Warszawa", "country", "Polska",
				"birth_date", "14.06.1985", "email_opt_in", "TAK", "sms_opt_in", "Nie", "loyalty_points", "250,00"),
			want: cellsOf("first_name", "Zażółć", "last_name", "Gęślą", "email", "zazolc@przyklad.pl",
				"mobile", "+48601234567", "postcode", "00-950", "city", "Warszawa", "country", "PL",
				"birth_date", "1985-06-14", "email_opt_in", "Yes", "sms_opt_in", "No", "loyalty_points", "250"),
		},
		{
			name:  "british customer",
			rules: rulesGB,
			raw: cellsOf("title", "DR", "first_name", "Margaret", "last_name", "O'Neill", "mobile", "07400 123456",
				"postcode", "SW1A 1AA", "country", "United Kingdom", "birth_date", "01/02/1970", "email_opt_in", "TRUE",
				"loyalty_points", "12,500"),
			want: cellsOf("title", "Dr", "first_name", "Margaret", "last_name", "O'Neill", "mobile", "+447400123456",
				"postcode", "SW1A 1AA", "country", "GB", "birth_date", "1970-02-01", "email_opt_in", "Yes",
				"loyalty_points", "12500"),
		},
		{
			name:  "row country decides phone and postcode",
			rules: rulesNO,
			raw:   cellsOf("first_name", "Jan", "last_name", "Kowalski", "mobile", "601234567", "postcode", "950", "country", "pl"),
			want:  cellsOf("first_name", "Jan", "last_name", "Kowalski", "mobile", "+48601234567", "postcode", "00-950", "country", "PL"),
			warns: []string{"postcode:leading_zero_restored"},
		},
		{
			name:  "spreadsheet damage is repaired with warnings",
			rules: rulesNO,
			raw: cellsOf("first_name", "Ola", "last_name", "Nordmann", "mobile", "4791234567",
				"phone", "4.7221234E+09", "postcode", "150"),
			want: cellsOf("first_name", "Ola", "last_name", "Nordmann", "mobile", "+4791234567",
				"phone", "+4722123400", "postcode", "0150"),
			warns: []string{"mobile:leading_zero_restored", "phone:leading_zero_restored", "postcode:leading_zero_restored"},
		},
		{
			name:  "uk mobile that lost its zero",
			rules: rulesGB,
			raw:   cellsOf("first_name", "Tom", "last_name", "Jones", "mobile", "7400123456"),
			want:  cellsOf("first_name", "Tom", "last_name", "Jones", "mobile", "+447400123456"),
			warns: []string{"mobile:leading_zero_restored"},
		},
		{
			name:  "decomposed text is kept as typed",
			rules: rulesNO,
			raw:   cellsOf("first_name", "A\u030ase", "last_name", "Berg"),
			want:  cellsOf("first_name", "A\u030ase", "last_name", "Berg"),
		},
		{
			name:  "names as long as allowed, counted in characters",
			rules: rulesNO,
			raw:   cellsOf("first_name", strings.Repeat("Ø", 50), "last_name", strings.Repeat("ł", 50), "country", "Storbritannia"),
			want:  cellsOf("first_name", strings.Repeat("Ø", 50), "last_name", strings.Repeat("ł", 50), "country", "GB"),
		},
		{
			name:  "cells neutralised against CSV injection come back as typed",
			rules: rulesNO,
			raw: cellsOf("first_name", "'@Ola", "last_name", "'-Nordmann", "mobile", "'+4791234567",
				"note", "'=1+2", "company", "'Quoted AS"),
			want: cellsOf("first_name", "@Ola", "last_name", "-Nordmann", "mobile", "+4791234567",
				"note", "=1+2", "company", "'Quoted AS"),
		},
		{
			name:  "account number with unicode letters",
			rules: rulesNO,
			raw:   cellsOf("account_number", "ÅS_2024/17", "first_name", "Ola", "last_name", "Nordmann"),
			want:  cellsOf("account_number", "ÅS_2024/17", "first_name", "Ola", "last_name", "Nordmann"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			norm, errs, warns := tt.rules.Normalize(&tt.raw)
			if len(errs) > 0 {
				t.Errorf("errors: %v", errs)
			}
			for i := range norm {
				if norm[i] != tt.want[i] {
					t.Errorf("%s = %q, want %q", Fields[i].Key, norm[i], tt.want[i])
				}
			}
			if got := strings.Join(codes(warns), " "); got != strings.Join(tt.warns, " ") {
				t.Errorf("warnings %v, want %v", warns, tt.warns)
			}
		})
	}
}

func TestNormalizeErrors(t *testing.T) {
	tests := []struct {
		name  string
		rules Rules
		raw   Values
		errs  []string // field:code, in column order
		msg   string   // the first error's message, exactly
	}{
		{"first name required", rulesNO, cellsOf("last_name", "Haugen"),
			[]string{"first_name:required"}, "First Name is required."},
		{"white space is blank", rulesNO, cellsOf("first_name", " \u00a0\t", "last_name", "Haugen"),
			[]string{"first_name:required"}, "First Name is required."},
		{"both names required", rulesNO, cellsOf("email", "ola@example.no"),
			[]string{"first_name:required", "last_name:required"}, "First Name is required."},
		{"note too long", rulesNO, cellsOf("first_name", "Ola", "last_name", "Nordmann", "note", strings.Repeat("å", 612)),
			[]string{"note:too_long"}, "Note is 612 characters long; the most allowed is 500."},
		{"too long is checked as typed", rulesNO, cellsOf("first_name", "Ola", "last_name", "Nordmann", "mobile", "+47 (0) 912 - 34 - 567"),
			[]string{"mobile:too_long"}, "Mobile is 22 characters long; the most allowed is 20."},
		{"account number with space", rulesNO, cellsOf("account_number", "A 1001", "first_name", "Ola", "last_name", "Nordmann"),
			[]string{"account_number:invalid_value"}, "Account Number “A 1001” may contain only letters, digits, -, _ and /."},
		{"title not allowed", rulesGB, cellsOf("title", "Sir", "first_name", "Tom", "last_name", "Jones"),
			[]string{"title:invalid_value"}, "Title “Sir” is not one of the allowed values: Mr, Mrs, Ms, Miss, Mx, Dr."},
		{"email without dot", rulesNO, cellsOf("first_name", "Ola", "last_name", "Nordmann", "email", "ola@example"),
			[]string{"email:invalid_email"}, "Email “ola@example” is not a valid email address."},
		{"mobile not a number", rulesNO, cellsOf("first_name", "Ola", "last_name", "Nordmann", "mobile", "12345"),
			[]string{"mobile:invalid_phone"}, "Mobile “12345” is not a valid phone number in Norway (NO); write numbers from other countries with their country code, for example +46 70 123 45 67."},
		{"phone without country", Rules{Today: testToday}, cellsOf("first_name", "Ola", "last_name", "Nordmann", "phone", "22 12 34 56"),
			[]string{"phone:invalid_phone"}, "Phone “22 12 34 56” is not a valid phone number; write it with its country code, for example +47 912 34 567."},
		{"phone read by the row's country", rulesNO, cellsOf("first_name", "Jan", "last_name", "Nowak", "phone", "22 12 34 56", "country", "PL"),
			[]string{"phone:invalid_phone"}, "Phone “22 12 34 56” is not a valid phone number in Poland (PL); write numbers from other countries with their country code, for example +46 70 123 45 67."},
		{"unknown country", rulesNO, cellsOf("first_name", "Ola", "last_name", "Nordmann", "country", "Narnia"),
			[]string{"country:invalid_value"}, "Country “Narnia” is not a country we know; use a two-letter code such as NO, PL or GB."},
		{"date not real", rulesNO, cellsOf("first_name", "Ola", "last_name", "Nordmann", "birth_date", "2023-02-30"),
			[]string{"birth_date:invalid_date"}, "Date of Birth “2023-02-30” is not a real date."},
		{"date in the future", rulesNO, cellsOf("first_name", "Ola", "last_name", "Nordmann", "birth_date", "16.06.2025"),
			[]string{"birth_date:invalid_date"}, "Date of Birth “16.06.2025” is in the future."},
		{"date before 1900", rulesNO, cellsOf("first_name", "Ola", "last_name", "Nordmann", "birth_date", "1899-12-31"),
			[]string{"birth_date:invalid_date"}, "Date of Birth “1899-12-31” is before 1900."},
		{"date unreadable, norwegian", rulesNO, cellsOf("first_name", "Ola", "last_name", "Nordmann", "birth_date", "28. februar 1990"),
			[]string{"birth_date:invalid_date"}, "Date of Birth “28. februar 1990” is not a date; write it as 1990-02-28 or 28.02.1990."},
		{"date unreadable, british", rulesGB, cellsOf("first_name", "Tom", "last_name", "Jones", "birth_date", "Feb 28 1990"),
			[]string{"birth_date:invalid_date"}, "Date of Birth “Feb 28 1990” is not a date; write it as 1990-02-28 or 28/02/1990."},
		{"yes/no word unknown", rulesNO, cellsOf("first_name", "Ola", "last_name", "Nordmann", "sms_opt_in", "kanskje"),
			[]string{"sms_opt_in:invalid_value"}, "SMS Marketing “kanskje” is neither Yes nor No."},
		{"negative points", rulesNO, cellsOf("first_name", "Ola", "last_name", "Nordmann", "loyalty_points", "-5"),
			[]string{"loyalty_points:invalid_value"}, "Loyalty Points “-5” is not a whole number of 0 or more."},
		{"fractional points", rulesNO, cellsOf("first_name", "Ola", "last_name", "Nordmann", "loyalty_points", "12,5"),
			[]string{"loyalty_points:invalid_value"}, "Loyalty Points “12,5” is not a whole number of 0 or more."},
		{"too many points", rulesNO, cellsOf("first_name", "Ola", "last_name", "Nordmann", "loyalty_points", "3000000000"),
			[]string{"loyalty_points:invalid_value"}, "Loyalty Points “3000000000” is larger than the most allowed, 2147483647."},
		{"mis-decoded file", rulesNO, cellsOf("first_name", "Ola", "last_name", "Nordmann", "city", "Troms\xf8"),
			[]string{"city:invalid_value"}, "Town/City contains characters that cannot be read; save the file as UTF-8 text and upload it again."},
		{"nul character", rulesNO, cellsOf("first_name", "Ola\x00", "last_name", "Nordmann"),
			[]string{"first_name:invalid_value"}, "First Name contains characters that cannot be read; save the file as UTF-8 text and upload it again."},
		{"long value is shortened in the message", rulesNO, cellsOf("first_name", "Ola", "last_name", "Nordmann", "email", strings.Repeat("x", 100)),
			[]string{"email:invalid_email"}, "Email “" + strings.Repeat("x", 59) + "…” is not a valid email address."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs, _ := tt.rules.Normalize(&tt.raw)
			if got := strings.Join(codes(errs), " "); got != strings.Join(tt.errs, " ") {
				t.Fatalf("errors %v, want %v", codes(errs), tt.errs)
			}
			if errs[0].Message != tt.msg {
				t.Errorf("message\n%s\nwant\n%s", errs[0].Message, tt.msg)
			}
			for _, p := range errs {
				if p.Column != Fields[FieldByKey(p.Field)].Header {
					t.Errorf("problem %+v names the wrong column", p)
				}
			}
		})
	}
}

func TestNormalizeReportsEveryErrorOfARow(t *testing.T) {
	raw := cellsOf("account_number", "A 1", "title", "Herr", "first_name", "", "last_name", strings.Repeat("x", 51),
		"email", "ola@@example.no", "mobile", "123", "phone", "abc", "postcode", "150", "country", "Atlantis",
		"birth_date", "31.04.1990", "email_opt_in", "kanskje", "sms_opt_in", "ja", "loyalty_points", "ti",
		"note", strings.Repeat("n", 501))
	norm, errs, warns := rulesNO.Normalize(&raw)
	want := []string{
		"account_number:invalid_value", "title:invalid_value", "first_name:required", "last_name:too_long",
		"email:invalid_email", "mobile:invalid_phone", "phone:invalid_phone", "country:invalid_value",
		"birth_date:invalid_date", "email_opt_in:invalid_value", "loyalty_points:invalid_value", "note:too_long",
	}
	if got := strings.Join(codes(errs), " "); got != strings.Join(want, " ") {
		t.Errorf("errors\n%v\nwant\n%v", codes(errs), want)
	}
	// The row's country is invalid, so the postcode is read by the tenant's (NO).
	if norm[FPostcode] != "0150" || norm[FSMSOptIn] != "Yes" {
		t.Errorf("valid cells of an erroneous row: postcode %q sms %q", norm[FPostcode], norm[FSMSOptIn])
	}
	if len(warns) != 1 || warns[0].Field != "postcode" {
		t.Errorf("warnings %v", warns)
	}
	// A cell with an error keeps its trimmed text, so it can be shown.
	if norm[FEmail] != "ola@@example.no" {
		t.Errorf("email = %q", norm[FEmail])
	}
}

func TestNormalizeWarningMessages(t *testing.T) {
	tests := []struct {
		name  string
		rules Rules
		raw   Values
		msg   string
	}{
		{"postcode", rulesNO, cellsOf("first_name", "Ola", "last_name", "Nordmann", "postcode", "150"),
			"Postcode “150” was read as 0150: a spreadsheet seems to have removed its leading zeros."},
		{"zero", rulesGB, cellsOf("first_name", "Tom", "last_name", "Jones", "mobile", "7400123456"),
			"Mobile “7400123456” was read as +447400123456: a spreadsheet seems to have removed its leading 0. Check that the number is right."},
		{"plus", rulesNO, cellsOf("first_name", "Ola", "last_name", "Nordmann", "mobile", "4791234567"),
			"Mobile “4791234567” was read as +4791234567: a spreadsheet seems to have removed its leading + (or 00). Check that the number is right."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs, warns := tt.rules.Normalize(&tt.raw)
			if len(errs) > 0 || len(warns) != 1 {
				t.Fatalf("errors %v warnings %v", errs, warns)
			}
			if warns[0].Code != WarnLeadingZero || warns[0].Message != tt.msg {
				t.Errorf("warning %s %q\nwant %q", warns[0].Code, warns[0].Message, tt.msg)
			}
		})
	}
}

// TestNormalizeIsStable checks that normalised values normalise to themselves without errors or
// warnings, for every field kind: an export imported again must be "unchanged".
func TestNormalizeIsStable(t *testing.T) {
	rows := []struct {
		rules Rules
		raw   Values
	}{
		{rulesNO, cellsOf("account_number", "A-1001", "title", "mr.", "first_name", "Ingrid", "last_name", "Haugen",
			"email", "Ingrid@Example.no", "mobile", "912 34 567", "phone", "0047 22 12 34 56", "postcode", "150",
			"country", "Noreg", "birth_date", "28.2.1990", "email_opt_in", "1", "sms_opt_in", "usant",
			"loyalty_points", "0250", "note", "Line one\nline two")},
		{rulesPL, cellsOf("first_name", "Zażółć", "last_name", "Gęślą", "mobile", "48601234567", "postcode", "950",
			"birth_date", "1985-06-14 00:00:00", "email_opt_in", "tak", "loyalty_points", "1 000")},
		{rulesGB, cellsOf("title", "MISS", "first_name", "Amy", "last_name", "Smith", "mobile", "7400123456",
			"phone", "+44 (0)20 7946 0958", "postcode", "SW1A 1AA", "country", "U.K.", "birth_date", "28/02/1990",
			"email_opt_in", "y", "loyalty_points", "1,000")},
		{rulesNO, cellsOf("first_name", "Per", "last_name", "Berg", "mobile", "4.791234567E+09", "country", "USA",
			"phone", "(202) 555-0123", "postcode", "2134")},
	}
	for i, tt := range rows {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			first, errs, _ := tt.rules.Normalize(&tt.raw)
			if len(errs) > 0 {
				t.Fatalf("errors: %v", errs)
			}
			again, errs, warns := tt.rules.Normalize(&first)
			if again != first || len(errs) > 0 || len(warns) > 0 {
				t.Errorf("not stable:\n%q\n%q\nerrors %v warnings %v", first, again, errs, warns)
			}
			tt.rules.ApplyDefaults(&first)
			again, errs, warns = tt.rules.Normalize(&first)
			if again != first || len(errs) > 0 || len(warns) > 0 {
				t.Errorf("defaults not stable:\n%q\n%q\nerrors %v warnings %v", first, again, errs, warns)
			}
		})
	}
}

func TestNormalizeZeroToday(t *testing.T) {
	r := Rules{Country: "NO", Language: "nb"}
	raw := cellsOf("first_name", "Ola", "last_name", "Nordmann", "birth_date", time.Now().AddDate(1, 0, 0).Format("02.01.2006"))
	if _, errs, _ := r.Normalize(&raw); len(errs) != 1 || errs[0].Code != CodeInvalidDate {
		t.Errorf("a birth date next year was not refused: %v", errs)
	}
}

func TestApplyDefaults(t *testing.T) {
	tests := []struct {
		name  string
		rules Rules
		in    Values
		want  Values
	}{
		{"blank row gets defaults", rulesNO,
			cellsOf("first_name", "Ola", "last_name", "Nordmann"),
			cellsOf("first_name", "Ola", "last_name", "Nordmann", "country", "NO", "email_opt_in", "No", "sms_opt_in", "No", "loyalty_points", "0")},
		{"given values are kept", rulesPL,
			cellsOf("first_name", "Jan", "last_name", "Nowak", "country", "SE", "email_opt_in", "Yes", "sms_opt_in", "Yes", "loyalty_points", "10"),
			cellsOf("first_name", "Jan", "last_name", "Nowak", "country", "SE", "email_opt_in", "Yes", "sms_opt_in", "Yes", "loyalty_points", "10")},
		{"tenant country in lower case", Rules{Country: "pl"},
			cellsOf("first_name", "Jan"),
			cellsOf("first_name", "Jan", "country", "PL", "email_opt_in", "No", "sms_opt_in", "No", "loyalty_points", "0")},
		{"no tenant country", Rules{},
			cellsOf("first_name", "Jan"),
			cellsOf("first_name", "Jan", "email_opt_in", "No", "sms_opt_in", "No", "loyalty_points", "0")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := tt.in
			tt.rules.ApplyDefaults(&v)
			if v != tt.want {
				t.Errorf("got  %q\nwant %q", v, tt.want)
			}
			if v[FAccount] != "" {
				t.Errorf("account number assigned: %q", v[FAccount])
			}
		})
	}
}

func TestKeysOf(t *testing.T) {
	v := cellsOf("account_number", "A-1001", "first_name", "Åse", "last_name", "Berg", "email", "Ase.Berg@Example.NO",
		"mobile", "+4791234567", "postcode", "0150")
	k := KeysOf(&v)
	want := Keys{Account: "A-1001", Email: "ase.berg@example.no", Mobile: "+4791234567", NamePostcode: NameKey("ÅSE", "berg", "0150")}
	if k != want {
		t.Errorf("KeysOf = %+v, want %+v", k, want)
	}
	if blank := KeysOf(&Values{}); blank != (Keys{}) {
		t.Errorf("keys of blank values: %+v", blank)
	}
}
