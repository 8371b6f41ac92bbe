package main

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
	"github.com/xuri/excelize/v2"
)

// longCellFiles writes rows as a CSV and as an xlsx, with the cell "LONG" replaced by long.
// excelize cuts a cell at Excel's 32,767 characters, so the xlsx's shared strings are rewritten.
func longCellFiles(t *testing.T, rows [][]string, long string) (csvPath, xlsxPath string) {
	t.Helper()
	dir := t.TempDir()
	var csv strings.Builder
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		csv.WriteString(strings.Replace(strings.Join(row, ","), "LONG", long, 1) + "\r\n")
		cells := make([]any, len(row))
		for j, c := range row {
			cells[j] = c
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &cells); err != nil {
			t.Fatal(err)
		}
	}
	csvPath = filepath.Join(dir, "customers.csv")
	if err := os.WriteFile(csvPath, []byte(csv.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	short := filepath.Join(dir, "short.xlsx")
	if err := f.SaveAs(short); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(short)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	xlsxPath = filepath.Join(dir, "customers.xlsx")
	out, err := os.Create(xlsxPath)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(out)
	replaced := false
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if s := string(b); zf.Name == "xl/sharedStrings.xml" && strings.Contains(s, "<t>LONG</t>") {
			b, replaced = []byte(strings.Replace(s, "<t>LONG</t>", "<t>"+long+"</t>", 1)), true
		}
		w, err := zw.Create(zf.Name)
		if err == nil {
			_, err = w.Write(b)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	if !replaced {
		t.Fatal("no LONG cell in the workbook's shared strings")
	}
	return csvPath, xlsxPath
}

// TestImportTooLongCell imports a file whose row 3 has a 40,000-character Note, as CSV and as
// xlsx: that row is a too_long error naming its row and column, and the other rows are new and
// committed. A cell over CLIENTELE_MAX_CELL still refuses the whole file, naming row and column.
func TestImportTooLongCell(t *testing.T) {
	note := strings.Repeat("Ringer helst etter kl. 16. ", 40000/27+1)[:39999] + "."
	rows := [][]string{
		{"First Name", "Last Name", "Email", "Note"},
		{"Ola", "Nordmann", "ola@example.no", "kort"},
		{"Kari", "Hansen", "kari@example.no", "LONG"},
		{"Per", "Berg", "per@example.no", ""},
	}
	csvPath, xlsxPath := longCellFiles(t, rows, note)
	for name, path := range map[string]string{"csv": csvPath, "xlsx": xlsxPath} {
		t.Run(name, func(t *testing.T) {
			dbtest.Each(t, func(t *testing.T, dsn string) {
				c := cli{t, dsn}
				rep := c.report("import", path, "--yes")
				if want := (customer.Summary{Rows: 3, New: 2, Error: 1}); rep.Summary != want || !rep.Committed {
					t.Fatalf("summary %+v, committed %v; want %+v, committed", rep.Summary, rep.Committed, want)
				}
				bad := rowByNum(t, rep, 3)
				if len(bad.Errors) != 1 || bad.Errors[0].Code != customer.CodeTooLong || bad.Errors[0].Column != "Note" ||
					bad.Errors[0].Message != "Note is 40000 characters long; the most allowed is 500." {
					t.Errorf("row 3 errors = %+v, want one too_long on Note", bad.Errors)
				}
				for _, n := range []int{2, 4} {
					if r := rowByNum(t, rep, n); r.Status != customer.StatusNew || len(r.Errors) > 0 {
						t.Errorf("row %d: %s %+v, want new", n, r.Status, r.Errors)
					}
				}

				t.Setenv("CLIENTELE_MAX_CELL", "39999")
				r := c.run("", "import", path, "--yes")
				if want := "Row 3, column D: the cell has more than 39,999 characters."; r.code == exitOK || !strings.Contains(r.stderr, want) {
					t.Errorf("over CLIENTELE_MAX_CELL: exit %d, stderr %q; want a refusal saying %q", r.code, r.stderr, want)
				}
			})
		})
	}
}
