package importer_test

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// TestStageRules stages real-looking files and checks, row by row and column by column, the
// status and error codes of FIELDS.md that staging gives them: field errors, identity matches
// against the shop's stored customers, duplicates inside the file, and ignored blank rows.
func TestStageRules(t *testing.T) {
	type tc struct {
		name  string
		load  []string // files committed first: the shop's existing customers
		file  string   // the file staged, in testdata/
		mode  customer.Mode
		rows  map[int]want
		check func(t *testing.T, rows []customer.StagedRow) // more to check, when not nil
	}
	stored := []string{"kunder-i-butikken.csv", "klienci-pl.csv"}
	cases := []tc{
		{
			name: "every field error, one row each", file: "feil-per-felt.csv", mode: customer.ModeCreate,
			rows: map[int]want{
				2:  {customer.StatusNew, nil},
				3:  {customer.StatusError, []string{"first_name:required"}},
				4:  {customer.StatusError, []string{"last_name:required"}},
				5:  {customer.StatusError, []string{"email:invalid_email"}},
				6:  {customer.StatusError, []string{"mobile:invalid_phone", "phone:invalid_phone"}},
				7:  {customer.StatusError, []string{"birth_date:invalid_date"}}, // 31.02.1990
				8:  {customer.StatusError, []string{"birth_date:invalid_date"}}, // tomorrow
				9:  {customer.StatusError, []string{"title:invalid_value"}},     // Herr
				10: {customer.StatusError, []string{"email_opt_in:invalid_value", "sms_opt_in:invalid_value"}},
				11: {customer.StatusError, []string{"loyalty_points:invalid_value"}}, // -5
				12: {customer.StatusError, []string{"account_number:invalid_value"}}, // "A 1012"
				13: {customer.StatusError, []string{"country:invalid_value"}},        // Narnia
				// Every error of a row is reported together.
				14: {customer.StatusError, []string{"account_number:invalid_value", "title:invalid_value", "last_name:required",
					"email:invalid_email", "mobile:invalid_phone", "country:invalid_value", "birth_date:invalid_date",
					"email_opt_in:invalid_value", "loyalty_points:invalid_value"}},
				15: {customer.StatusNew, nil}, // born today, mrs., Norge, Tak/Nie, "1 000", postcode 150
				16: {customer.StatusNew, nil}, // Polish row: its mobile is read as Polish
			},
			check: func(t *testing.T, rows []customer.StagedRow) {
				if w := problems(rowNum(t, rows, 15).Warnings); len(w) != 1 || w[0] != "postcode:leading_zero_restored" {
					t.Errorf("row 15 warnings %v, want the restored leading zero of postcode 150", w)
				}
				msg := problem(t, rowNum(t, rows, 8), customer.CodeInvalidDate).Message
				if !strings.Contains(msg, "16.06.2024") {
					t.Errorf("future date message %q does not quote the cell", msg)
				}
			},
		},
		{
			name: "create mode: a match with a stored customer is an error", load: stored, file: "nye-kunder-kolliderer.csv", mode: customer.ModeCreate,
			rows: map[int]want{
				2: {customer.StatusError, []string{"account_number:account_in_use"}},
				3: {customer.StatusError, []string{"email:email_exists"}},   // " KARI@Example.NO " is kari@example.no
				4: {customer.StatusError, []string{"mobile:mobile_exists"}}, // "912 34 567" in NO is +4791234567
				5: {customer.StatusError, []string{"mobile:mobile_exists"}}, // "512 345 678" in Polska is +48512345678
				// "ÅSE" (decomposed Å) + "  BERG " + "01 50" is Åse Berg, 0150.
				6: {customer.StatusError, []string{"last_name:name_postcode_exists"}},
				// The same customer again: every key matches a stored customer, and the account
				// number and mobile repeat rows 2 and 4; all reported together.
				7: {customer.StatusError, []string{"account_number:account_in_use", "email:email_exists", "mobile:mobile_exists", "last_name:name_postcode_exists",
					"account_number:duplicate_in_file", "mobile:duplicate_in_file"}},
				8: {customer.StatusNew, nil},
				9: {customer.StatusNew, nil}, // Ola Nordmann at another postcode is someone else
			},
			check: func(t *testing.T, rows []customer.StagedRow) {
				for n, in := range map[int]string{2: "Ola Nordmann (account A-1001)", 3: "(account A-1003)", 4: "(account A-1001)", 5: "(account A-2001)", 6: "(account A-1002)"} {
					if p := rowNum(t, rows, n).Errors[0]; !strings.Contains(p.Message, in) {
						t.Errorf("row %d: message %q does not name %s", n, p.Message, in)
					}
				}
				for _, r := range rows {
					if r.CustomerID != 0 {
						t.Errorf("row %d: create mode matched customer %d", r.Row, r.CustomerID)
					}
				}
			},
		},
		{
			name: "duplicates inside the file", file: "dubletter-i-fila.csv", mode: customer.ModeCreate,
			rows: map[int]want{
				2:  {customer.StatusNew, nil},
				3:  {customer.StatusError, []string{"email:duplicate_in_file"}},     // PER.HANSEN@example.no
				4:  {customer.StatusError, []string{"mobile:duplicate_in_file"}},    // +47 934 56 780
				6:  {customer.StatusError, []string{"last_name:duplicate_in_file"}}, // " per " HANSEN 0855
				7:  {customer.StatusNew, nil},
				8:  {customer.StatusError, []string{"account_number:duplicate_in_file"}},
				9:  {customer.StatusError, []string{"email:duplicate_in_file"}},
				10: {customer.StatusError, []string{"email:duplicate_in_file", "mobile:duplicate_in_file", "last_name:duplicate_in_file"}},
			},
			check: func(t *testing.T, rows []customer.StagedRow) {
				// Every later occurrence names the first row, not the one before it.
				for n, first := range map[int]int{3: 2, 4: 2, 6: 2, 8: 7, 9: 2, 10: 2} {
					for _, p := range rowNum(t, rows, n).Errors {
						if p.Args["row"] != fmt.Sprint(first) {
							t.Errorf("row %d: %q does not name row %d", n, p.Message, first)
						}
					}
				}
			},
		},
		{
			name: "duplicates inside the file and with stored customers at once", load: stored, file: "dubletter-i-fila.csv", mode: customer.ModeUpsert,
			rows: map[int]want{
				2:  {customer.StatusNew, nil},
				3:  {customer.StatusError, []string{"email:duplicate_in_file"}},
				4:  {customer.StatusError, []string{"mobile:duplicate_in_file"}},
				6:  {customer.StatusError, []string{"last_name:duplicate_in_file"}},
				7:  {customer.StatusNew, nil},
				8:  {customer.StatusError, []string{"account_number:duplicate_in_file"}},
				9:  {customer.StatusError, []string{"email:duplicate_in_file"}},
				10: {customer.StatusError, []string{"email:duplicate_in_file", "mobile:duplicate_in_file", "last_name:duplicate_in_file"}},
			},
		},
		{
			name: "upsert: match by account number, else email", load: stored, file: "oppdatering.csv", mode: customer.ModeUpsert,
			rows: map[int]want{
				2: {customer.StatusUpdate, nil},    // A-1001 moves to Bergen
				3: {customer.StatusUpdate, nil},    // matched by KARI@EXAMPLE.NO: SMS Ja
				4: {customer.StatusUnchanged, nil}, // Ingrid exactly as stored
				// A-1002 is Åse Berg, but the email is Łukasz Wiśniewski's.
				5: {customer.StatusError, []string{"email:identity_conflict"}},
				6: {customer.StatusNew, nil},
				// A-2002 is Małgorzata Kowalczyk, the email Ingrid Haugen's (also on row 4).
				7:  {customer.StatusError, []string{"email:identity_conflict", "email:duplicate_in_file"}},
				8:  {customer.StatusNew, nil}, // an account number no one has: a new customer
				9:  {customer.StatusUpdate, nil},
				10: {customer.StatusError, []string{"mobile:mobile_exists"}}, // a new account with Åse's mobile
				11: {customer.StatusError, []string{"email:email_exists"}},   // a new account with Małgorzata's email
			},
			check: func(t *testing.T, rows []customer.StagedRow) {
				checkChanges(t, rowNum(t, rows, 2), []customer.Change{
					{Field: "address_line1", Old: "Storgata 12", New: "Nygårdsgaten 5"},
					{Field: "city", Old: "Oslo", New: "Bergen"},
					{Field: "region", Old: "Oslo", New: "Vestland"},
					{Field: "postcode", Old: "0150", New: "5015"},
				})
				// KARI@EXAMPLE.NO is the stored kari@example.no: not a change.
				// The consent changes, and the file has no date of it: the import's time dates it.
				checkChanges(t, rowNum(t, rows, 3), []customer.Change{{Field: "sms_opt_in", Old: "No", New: "Yes"},
					{Field: "sms_consent_at", Old: "", New: customer.FormatTime(today)}})
				checkChanges(t, rowNum(t, rows, 4), nil)
				checkChanges(t, rowNum(t, rows, 9), []customer.Change{{Field: "loyalty_points", Old: "1500", New: "1750"}})
				msg := problem(t, rowNum(t, rows, 5), customer.CodeIdentityConflict).Message
				if !strings.Contains(msg, "A-1002") || !strings.Contains(msg, "A-2001") {
					t.Errorf("identity conflict message %q does not name both customers", msg)
				}
				for _, n := range []int{2, 3, 4, 9} {
					if rowNum(t, rows, n).CustomerID == 0 {
						t.Errorf("row %d: no matched customer", n)
					}
				}
				if a, b := rowNum(t, rows, 2).CustomerID, rowNum(t, rows, 3).CustomerID; a == b {
					t.Errorf("rows 2 and 3 matched the same customer %d", a)
				}
			},
		},
		{
			name: "create mode: the upsert file's matches are errors", load: stored, file: "oppdatering.csv", mode: customer.ModeCreate,
			rows: map[int]want{
				2:  {customer.StatusError, []string{"account_number:account_in_use"}},
				3:  {customer.StatusError, []string{"email:email_exists"}},
				4:  {customer.StatusError, []string{"account_number:account_in_use", "email:email_exists", "last_name:name_postcode_exists"}},
				5:  {customer.StatusError, []string{"account_number:account_in_use", "email:email_exists"}},
				6:  {customer.StatusNew, nil},
				7:  {customer.StatusError, []string{"account_number:account_in_use", "email:email_exists", "email:duplicate_in_file"}},
				8:  {customer.StatusNew, nil},
				9:  {customer.StatusError, []string{"account_number:account_in_use"}},
				10: {customer.StatusError, []string{"mobile:mobile_exists"}},
				11: {customer.StatusError, []string{"email:email_exists"}},
			},
		},
		{
			name: "blank rows are ignored; rows keep their spreadsheet numbers", file: "blanke-rader.csv", mode: customer.ModeCreate,
			rows: map[int]want{
				2: {customer.StatusNew, nil},
				5: {customer.StatusNew, nil}, // its note spans two lines of the file
				7: {customer.StatusNew, nil},
			},
			check: func(t *testing.T, rows []customer.StagedRow) {
				if got := rowNum(t, rows, 5).Raw[customer.FNote]; got != "Ring før levering\nPortkode 1234" {
					t.Errorf("row 5 note %q", got)
				}
			},
		},
	}
	dbtest.Each(t, func(t *testing.T, dsn string) {
		s := openStore(t, dsn)
		for _, tt := range cases {
			t.Run(tt.name, func(t *testing.T) {
				sh := newShop(t, s, "NO")
				sh.load(tt.load...)
				before := len(sh.customers())
				imp := sh.stage(tt.file, tt.mode)
				rows := sh.rows(imp.ID)
				checkRows(t, rows, tt.rows)
				if tt.check != nil {
					tt.check(t, rows)
				}
				var sum customer.Summary
				for _, w := range tt.rows {
					sum.Add(w.status)
				}
				if imp.Summary != sum || imp.State != customer.StateStaged || imp.Mode != tt.mode {
					t.Errorf("import %+v, want state staged, mode %s, summary %+v", imp, tt.mode, sum)
				}
				if after := len(sh.customers()); after != before {
					t.Errorf("staging changed the customers: %d, then %d", before, after)
				}
			})
		}
	})
}

// checkChanges compares an update row's changes with want, in catalogue order.
func checkChanges(t *testing.T, r customer.StagedRow, want []customer.Change) {
	t.Helper()
	if fmt.Sprint(r.Changes) != fmt.Sprint(want) {
		t.Errorf("row %d changes %+v, want %+v", r.Row, r.Changes, want)
	}
}

// TestStageMaxLength checks every field's maximum length at its boundary: the maximum is
// accepted and one character more is too_long, counted in characters, not bytes ("Ø" is two
// bytes in UTF-8), and a decomposed "Å" (two code points, as macOS writes it) is one character.
func TestStageMaxLength(t *testing.T) {
	type tc struct {
		name  string
		field int
		value func(n int) string // a valid value n characters long
	}
	text := func(s string) func(int) string {
		return func(n int) string { return strings.Repeat(s, n) }
	}
	cases := []tc{
		{"account number", customer.FAccount, text("Ø")},
		{"first name", customer.FFirstName, text("Ø")},
		{"first name, decomposed Å", customer.FFirstName, text("A\u030a")},
		{"last name", customer.FLastName, text("Ø")},
		{"company", customer.FCompany, text("Æ")},
		{"email", customer.FEmail, emailOfLen},
		{"mobile", customer.FMobile, phoneOfLen},
		{"phone", customer.FPhone, phoneOfLen},
		{"address line 1", customer.FAddress1, text("å")},
		{"address line 2", customer.FAddress2, text("å")},
		{"town", customer.FCity, text("ø")},
		{"region", customer.FRegion, text("ł")},
		{"postcode", customer.FPostcode, text("Ø")},
		{"note", customer.FNote, text("ż")},
	}
	// One file: for each case a row at the maximum, then a row one character over it.
	var cells []map[string]string
	for i, tt := range cases {
		f := customer.Fields[tt.field]
		for _, n := range []int{f.MaxLen, f.MaxLen + 1} {
			r := map[string]string{"first_name": "Kari", "last_name": fmt.Sprintf("Nordmann %d", len(cells)), f.Key: tt.value(n)}
			if got := utf8.RuneCountInString(norm.NFC.String(r[f.Key])); got != n {
				t.Fatalf("case %d: value of %d characters, want %d", i, got, n)
			}
			cells = append(cells, r)
		}
	}
	// The title's maximum (10) is longer than any allowed title: at 10 it is a wrong value, at
	// 11 too long.
	cells = append(cells, map[string]string{"first_name": "Kari", "last_name": "Tittel", "title": "Fru doktor"},
		map[string]string{"first_name": "Kari", "last_name": "Tittel", "title": "Fru doktor."})

	dbtest.Each(t, func(t *testing.T, dsn string) {
		sh := newShop(t, openStore(t, dsn), "NO")
		path := csvFile(t, "lengder.csv", cells...)
		rows := sh.rows(sh.stage(path, customer.ModeCreate).ID)
		for i, tt := range cases {
			key := customer.Fields[tt.field].Key
			at, over := 2+2*i, 3+2*i
			maxLen := customer.Fields[tt.field].MaxLen
			t.Run(tt.name, func(t *testing.T) {
				checkRows(t, []customer.StagedRow{rowNum(t, rows, at), rowNum(t, rows, over)}, map[int]want{
					at:   {customer.StatusNew, nil},
					over: {customer.StatusError, []string{key + ":too_long"}},
				})
				msg := problem(t, rowNum(t, rows, over), customer.CodeTooLong).Message
				if !strings.Contains(msg, fmt.Sprintf("is %d characters long; the most allowed is %d", maxLen+1, maxLen)) {
					t.Errorf("message %q does not count characters", msg)
				}
			})
		}
		t.Run("title", func(t *testing.T) {
			n := 2 + 2*len(cases)
			checkRows(t, []customer.StagedRow{rowNum(t, rows, n), rowNum(t, rows, n+1)}, map[int]want{
				n:     {customer.StatusError, []string{"title:invalid_value"}},
				n + 1: {customer.StatusError, []string{"title:too_long"}},
			})
		})
	})
}

// emailOfLen returns a valid email address n characters long (222 ≤ n ≤ 284): a local part, four
// domain labels of 50 characters and one that takes up the rest (a label may have 63).
func emailOfLen(n int) string {
	label := strings.Repeat("k", 50) + "."
	rest := n - len("kari.nordmann@") - 4*len(label) - len(".no")
	return "kari.nordmann@" + strings.Repeat(label, 4) + strings.Repeat("s", rest) + ".no"
}

// phoneOfLen returns the Norwegian mobile +47 912 34 567 written n characters long (n ≥ 19),
// its digits spaced out as some tills print them.
func phoneOfLen(n int) string {
	return "+47" + strings.Repeat(" ", n-18) + "9 1 2 3 4 5 6 7"
}
