package customer

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

// TestFileMessageCatalogue checks that every file message id says the same thing in every
// language: the same placeholders, of kinds renderFile knows, and no stray braces or English
// quotation marks outside English; and that every kind of file has a name in every language.
func TestFileMessageCatalogue(t *testing.T) {
	kinds := []string{"n", "size", "field", "fields", "quoted", "kind", "source"}
	for id, byLang := range fileMessages {
		want := slices.Sorted(slices.Values(placeholder.FindAllString(byLang["en"], -1)))
		for _, ph := range want {
			if k, _, ok := strings.Cut(strings.Trim(ph, "{}"), ":"); ok && !slices.Contains(kinds, k) {
				t.Errorf("%s: placeholder %s of unknown kind", id, ph)
			}
		}
		for _, lang := range Languages {
			s, ok := byLang[lang]
			if !ok {
				t.Errorf("%s: no %s", id, lang)
				continue
			}
			got := slices.Sorted(slices.Values(placeholder.FindAllString(s, -1)))
			if !slices.Equal(slices.Compact(got), slices.Compact(slices.Clone(want))) {
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
		if _, clash := messages[id]; clash {
			t.Errorf("%s is both a row and a file message id", id)
		}
	}
	for name, byLang := range fileSources {
		for _, lang := range Languages[1:] {
			if byLang[lang] == "" {
				t.Errorf("source %s: no %s", name, lang)
			}
		}
	}
	for kind, byLang := range fileKinds {
		for _, lang := range Languages {
			if byLang[lang] == "" {
				t.Errorf("file kind %s: no %s", kind, lang)
			}
		}
	}
}

// fileSampleArgs are arguments for every file message id, for the golden table.
var fileSampleArgs = map[string]map[string]string{
	"file_missing":           nil,
	"file_unreadable":        nil,
	"file_folder":            nil,
	"file_empty":             nil,
	"file_other_kind":        {"kind": "png"},
	"file_not_spreadsheet":   nil,
	"file_encrypted":         nil,
	"file_xls":               nil,
	"file_too_many_rows":     {"max": "1048576", "row": "1048578"},
	"file_too_many_columns":  {"row": "1", "max": "16384"},
	"file_cell_too_long":     {"row": "7", "col": "C", "max": "32767"},
	"csv_row_too_long":       {"row": "12"},
	"csv_unreadable_after":   {"row": "12"},
	"csv_open_quote":         {"row": "12"},
	"mapping_not_field":      {"column": "Kundenr", "target": "fax"},
	"mapping_no_column":      {"column": "Fax"},
	"mapping_not_fields":     {"targets": "fax\nsurname"},
	"mapping_no_columns":     {"columns": "Fax\nTelefon"},
	"default_not_field":      {"name": "Favourite colour"},
	"default_too_long":       {"field": "city", "len": "61", "max": "50"},
	"default_invalid":        {"field": "sms_opt_in", "value": "Maybe"},
	"default_malformed":      {"text": "Country"},
	"columns_could_be":       {"field": "email", "col1": "B", "header1": "E-mail", "col2": "D", "header2": "Epost"},
	"columns_twice":          {"field": "full_name", "col1": "A", "col2": "C"},
	"column_missing":         {"field": "last_name"},
	"columns_missing":        {"fields": "first_name\nlast_name\nemail"},
	"dates_month_first":      nil,
	"column_missing_update":  {"field": "last_name", "account": "account_number", "email": "email", "mobile": "mobile"},
	"columns_missing_update": {"fields": "first_name\nlast_name", "account": "account_number", "email": "email", "mobile": "mobile"},
	"xlsx_damaged":           nil,
	"xlsx_no_sheets":         nil,
	"xlsx_unreadable_after":  {"row": "41"},
	"xlsx_row_unreadable":    {"row": "41"},
	"xlsx_bad_zip":           nil,
	"xlsx_too_many_parts":    {"parts": "10001"},
	"xlsx_too_large":         {"limit": "1073741824"},
	"xlsx_too_large_other":   {"limit": "104857600"},
	"xlsx_duplicate_part":    {"part": "xl/workbook.xml"},
	"xlsx_part_unpack":       {"part": "xl/worksheets/sheet1.xml"},
	"xlsx_dtd":               {"part": "xl/sharedStrings.xml"},
	"xlsx_bad_xml":           {"part": "xl/worksheets/sheet1.xml", "line": "2", "detail": "unexpected EOF"},
	"xlsx_checksum":          {"part": "xl/worksheets/sheet1.xml"},
	"xlsx_ods":               nil,
	"xlsx_odf_other":         nil,
	"xlsx_docx":              nil,
	"xlsx_pptx":              nil,
	"xlsx_zip":               nil,
	"warn_unknown_column":    {"column": "Fax"},
	"warn_unknown_columns":   {"columns": "Fax\nFavourite colour"},
	"warn_shadowed":          {"col": "D", "header": "Epost", "col2": "B", "header2": "E-mail", "field": "email"},
	"warn_first_sheet":       {"sheets": "3", "sheet": "Ark1"},
	"warn_extra_cells":       nil,
	"warn_no_header":         {"col": "F"},
	"warn_recognised":        {"source": "Clientele template (Norwegian)"},
}

// TestFileMessagesGolden renders a sample of every file message id in every language and
// compares the lot with testdata/file_messages.golden (rewrite it with -update and review the
// diff), and every kind of file in file_other_kind.
func TestFileMessagesGolden(t *testing.T) {
	var b strings.Builder
	for _, id := range slices.Sorted(maps.Keys(fileMessages)) {
		args, ok := fileSampleArgs[id]
		if !ok {
			t.Errorf("%s: no sample arguments", id)
			continue
		}
		e := FileErrorMsg(id, args, nil)
		fmt.Fprintf(&b, "%s\n", id)
		for _, lang := range Languages {
			got := e.In(lang)
			if strings.ContainsAny(got, "{}") || got == "" {
				t.Errorf("%s/%s: unfilled placeholder: %q", id, lang, got)
			}
			fmt.Fprintf(&b, "\t%s: %s\n", lang, got)
		}
	}
	for _, kind := range slices.Sorted(maps.Keys(fileKinds)) {
		fmt.Fprintf(&b, "file_other_kind %s\n", kind)
		for _, lang := range Languages {
			fmt.Fprintf(&b, "\t%s: %s\n", lang, NewNotice("file_other_kind", map[string]string{"kind": kind}).In(lang))
		}
	}
	for id := range fileSampleArgs {
		if _, ok := fileMessages[id]; !ok {
			t.Errorf("sample for %s, which the catalogue does not have", id)
		}
	}
	checkGolden(t, "file_messages.golden", b.String())
}

// TestFileErrorIn checks the English rendering (byte for byte what Clientele has always said),
// the numbers' separators by language, and the fallbacks.
func TestFileErrorIn(t *testing.T) {
	e := FileErrorMsg("file_too_many_rows", map[string]string{"max": "1048576", "row": "1048578"}, errors.New("cause"))
	if want := "The file has more than 1,048,576 customer rows (the limit is reached at row 1048578); split it into smaller files."; e.Error() != want || e.In("en") != want {
		t.Errorf("English: %q / %q, want %q", e.Error(), e.In("en"), want)
	}
	if got := e.In("nb"); !strings.Contains(got, "1\u00a0048\u00a0576 kunderader") {
		t.Errorf("Norwegian: %q", got)
	}
	if got := e.In("pl"); !strings.Contains(got, "1\u00a0048\u00a0576") {
		t.Errorf("Polish: %q", got)
	}
	if e.Code != EFile || e.Unwrap() == nil || e.In("de") != e.Message {
		t.Errorf("code %s, cause %v, German %q", e.Code, e.Unwrap(), e.In("de"))
	}
	plain := Errorf(EFile, "Something.")
	if plain.In("nb") != "Something." || NoticeOf(plain) != nil {
		t.Errorf("an error without an id: %q, notice %v", plain.In("nb"), NoticeOf(plain))
	}
	wrapped := fmt.Errorf("stage: %w", e)
	if n := NoticeOf(wrapped); n == nil || n.Message != e.Message || n.In("nb") != e.In("nb") {
		t.Errorf("NoticeOf(wrapped) = %+v", n)
	}
	if got := ErrorMessageIn(wrapped, "pl"); got != e.In("pl") {
		t.Errorf("ErrorMessageIn = %q", got)
	}
	miss := NewNotice("column_missing", map[string]string{"field": "last_name"})
	for lang, want := range map[string]string{
		"en": "The file has no “Last Name” column; it is required.",
		"nb": "Filen har ingen «Etternavn»-kolonne; den er påkrevd.",
		"pl": "W pliku brakuje kolumny „Nazwisko”; jest ona wymagana.",
	} {
		if got := miss.In(lang); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
}

// TestNoticeJSON checks that a Notice survives a round trip through JSON, with its id or, for a
// plain note, with only its Message, which it then says as it is in every language.
func TestNoticeJSON(t *testing.T) {
	n := NewNotice("warn_unknown_column", map[string]string{"column": "Fax"})
	b, err := json.Marshal([]Notice{n, {Message: "A note."}})
	if err != nil {
		t.Fatal(err)
	}
	var back []Notice
	if err := json.Unmarshal(b, &back); err != nil || len(back) != 2 || back[0].In("nb") != "Kolonnen «Fax» er ikke et kundefelt og ble ignorert." {
		t.Fatalf("round trip: %v, %+v", err, back)
	}
	if back[1].Msg != "" || back[1].In("nb") != "A note." {
		t.Errorf("plain note: %+v", back[1])
	}
	imp := Import{Warnings: []string{"A note.", n.Message}, Notices: []Notice{n}, Failure: "Failed.", FailureMsg: nil}
	if got := imp.WarningsIn("pl"); !slices.Equal(got, []string{"A note.", "Kolumna „Fax” nie jest polem klienta i została pominięta."}) {
		t.Errorf("WarningsIn = %q", got)
	}
	if imp.FailureIn("nb") != "Failed." {
		t.Errorf("FailureIn without FailureMsg = %q", imp.FailureIn("nb"))
	}
	f := NewNotice("file_empty", nil)
	imp.Failure, imp.FailureMsg = f.Message, &f
	if imp.FailureIn("nb") != "Filen er tom." || imp.FailureIn("en") != "The file is empty." {
		t.Errorf("FailureIn = %q", imp.FailureIn("nb"))
	}
}
