package sheet

import (
	"archive/zip"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/clientele/clientele/customer"
	"github.com/xuri/excelize/v2"
)

// longNote is a Note of n characters, longer than the field allows and, past 32,767, than an
// Excel cell holds.
func longNote(n int) string {
	return strings.Repeat("Ringer helst etter kl. 16. ", n/27+1)[:n]
}

// longCellXLSX writes a workbook with rows, where the cell "LONG" becomes long. Neither Excel nor
// excelize writes a cell over 32,767 characters, but other programs do, so the part is
// rewritten.
func longCellXLSX(t *testing.T, rows [][]string, long string) string {
	t.Helper()
	f := excelize.NewFile()
	for i, row := range rows {
		cells := make([]any, len(row))
		for j, c := range row {
			cells[j] = c
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &cells); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "short.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f.Close()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, zf := range zr.File {
		if zf.Name != "xl/sharedStrings.xml" {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "<t>LONG</t>") {
			t.Fatalf("no LONG cell in the shared strings: %s", b)
		}
		return rezip(t, path, map[string]string{zf.Name: strings.Replace(string(b), "<t>LONG</t>", "<t>"+long+"</t>", 1)})
	}
	t.Fatal("the workbook has no shared strings")
	return ""
}

// TestLongCellIsRead reads a 40,000-character Note, in CSV and in xlsx, whole, and the rows
// after it: too long for its field is that row's error (customer's too_long), not the file's;
// only a cell over MaxCellLen refuses the file.
func TestLongCellIsRead(t *testing.T) {
	note := longNote(40000)
	rows := [][]string{{"First Name", "Last Name", "Note"}, {"Ola", "Nordmann", "LONG"}, {"Kari", "Hansen", "kort"}}
	var csv strings.Builder
	for _, r := range rows {
		csv.WriteString(strings.Replace(strings.Join(r, ","), "LONG", note, 1) + "\r\n")
	}
	wants := []want{
		{2, map[string]string{"first_name": "Ola", "note": note}},
		{3, map[string]string{"first_name": "Kari", "note": "kort"}},
	}
	for name, path := range map[string]string{
		"csv":  writeTemp(t, "long.csv", csv.String()),
		"xlsx": longCellXLSX(t, rows, note),
	} {
		t.Run(name, func(t *testing.T) {
			_, got := readAll(t, path, Limits{})
			checkRows(t, got, wants)
			_, err := readHostile(t, path, Limits{MaxCellLen: 39999})
			fileErr(t, err, "Row 2, column C: the cell has more than 39,999 characters.")
		})
	}
}

func TestFitCell(t *testing.T) {
	smile := "\U0001F600" // two UTF-16 code units, as Excel counts it
	tests := []struct {
		name, in string
		want     int // characters kept
		cut      bool
	}{
		{"empty", "", 0, false},
		{"32,767 ASCII", strings.Repeat("a", 32767), 32767, false},
		{"32,768 ASCII", strings.Repeat("a", 32768), 32767, true},
		{"32,767 two-byte letters", strings.Repeat("ø", 32767), 32767, false},
		{"40,000 two-byte letters", strings.Repeat("ø", 40000), 32767, true},
		{"16,383 surrogate pairs and one letter", strings.Repeat(smile, 16383) + "a", 16384, false},
		{"16,384 surrogate pairs", strings.Repeat(smile, 16384), 16383, true},
		{"a pair across the limit", strings.Repeat("a", 32766) + smile, 32766, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, cut := fitCell(tt.in)
			if n := utf8.RuneCountInString(got); n != tt.want || cut != tt.cut || !strings.HasPrefix(tt.in, got) {
				t.Errorf("fitCell kept %d characters (a prefix: %v), cut %v; want %d, %v", n, strings.HasPrefix(tt.in, got), cut, tt.want, tt.cut)
			}
		})
	}
}

// TestWriteXLSXCutsLongCells writes an error report whose row has a Note longer than an xlsx
// cell holds: the cell is cut to 32,767 characters, the row's error message says so in the
// report's language, and the file opens (excelize reads it back, and so does Open).
func TestWriteXLSXCutsLongCells(t *testing.T) {
	note := longNote(40000)
	for _, tt := range []struct {
		lang, errCol, says string
	}{
		{"en", "Error message", "Note was cut to 32,767 characters to fit in an Excel cell; it had 40,000."},
		{"nb", "Feilmelding", "Notat ble kortet ned til 32\u00a0767 tegn for å få plass i en Excel-celle; teksten hadde 40\u00a0000."},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			tooLong := "Note is 40000 characters long; the most allowed is 500."
			path := writeTemplate(t, WriteOptions{ExtraColumn: ErrorColumn(tt.lang), Language: tt.lang},
				Record{Values: values(t, map[string]string{"first_name": "Ola", "last_name": "Nordmann", "note": note}), Extra: tooLong},
				Record{Values: values(t, map[string]string{"first_name": "Kari", "last_name": "Hansen", "note": "kort"}), Extra: "x"},
			)
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows, err := f.GetRows(f.GetSheetList()[0])
			if err != nil {
				t.Fatal(err)
			}
			col := 0 // the message column is first
			if rows[0][col] != tt.errCol || len(rows) != 3 {
				t.Fatalf("header %q, %d rows", rows[0], len(rows))
			}
			noteCol := -1
			for i, h := range rows[0] {
				if h == customer.HeaderIn(tt.lang, customer.FieldByKey("note")) {
					noteCol = i
				}
			}
			if got := rows[1][noteCol]; got != note[:32767] {
				t.Errorf("Note cell has %d characters, want the first 32,767", utf8.RuneCountInString(got))
			}
			if got, want := rows[1][col], tooLong+" "+tt.says; got != want {
				t.Errorf("error cell = %q, want %q", got, want)
			}
			if got := rows[2][col]; got != "x" {
				t.Errorf("the next row's error cell = %q, want it untouched", got)
			}
			_, read := readAll(t, path, Limits{})
			checkRows(t, read, []want{{2, map[string]string{"note": note[:32767]}}, {3, map[string]string{"note": "kort"}}})
		})
	}
	t.Run("export", func(t *testing.T) {
		path := writeTemplate(t, WriteOptions{}, Record{Values: values(t, map[string]string{"first_name": "Ola", "note": note})})
		_, read := readAll(t, path, Limits{})
		checkRows(t, read, []want{{2, map[string]string{"first_name": "Ola", "note": note[:32767]}}})
	})
}
