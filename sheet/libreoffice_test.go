package sheet

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestTemplateValidationsSurviveLibreOffice has LibreOffice open the template and save it as
// .xlsx again: the validations LibreOffice writes back are the ones it understood, so this
// proves a real spreadsheet program sees every length limit and list, with its alert and its
// input message (the CSV conversion in TestWriteXLSXOpensInLibreOffice shows only the cells).
func TestTemplateValidationsSurviveLibreOffice(t *testing.T) {
	path := writeTemplate(t, WriteOptions{})
	// LibreOffice names its output after the input, so convert a copy under another name.
	src := filepath.Join(t.TempDir(), "template-in.xlsx")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(src, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out := soffice(t, src, "xlsx:Calc MS Excel 2007 XML")
	resaved := filepath.Join(t.TempDir(), "resaved.xlsx")
	if err := os.WriteFile(resaved, out, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(resaved)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer want.Close()
	ours, err := want.GetDataValidations("Customers")
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := f.GetDataValidations("Customers")
	if err != nil {
		t.Fatalf("LibreOffice's copy has no Customers sheet: %v", err)
	}
	if len(theirs) != len(ours) || len(ours) == 0 {
		t.Fatalf("LibreOffice kept %d validations of %d", len(theirs), len(ours))
	}
	// Compare by column (the range's first cell), since LibreOffice may reorder and rewrite ranges.
	kinds := map[string]*excelize.DataValidation{}
	for _, dv := range theirs {
		kinds[firstColumn(dv.Sqref)] = dv
	}
	for _, dv := range ours {
		col := firstColumn(dv.Sqref)
		got := kinds[col]
		if got == nil {
			t.Errorf("column %s: validation %s lost", col, dv.Type)
			continue
		}
		// LibreOffice writes operator="between" on lists, where Excel ignores the operator,
		// and escapes the list's quotes once more.
		sameOp := got.Operator == dv.Operator || dv.Type == "list"
		sameFormula := strings.ReplaceAll(got.Formula1, "&quot;", `"`) == dv.Formula1
		if got.Type != dv.Type || !sameOp || !sameFormula {
			t.Errorf("column %s: LibreOffice has %s %s %q, we wrote %s %s %q", col, got.Type, got.Operator, got.Formula1, dv.Type, dv.Operator, dv.Formula1)
		}
		if !got.ShowErrorMessage || got.Error == nil || *got.Error == "" {
			t.Errorf("column %s: no error alert after LibreOffice", col)
		}
		if !got.ShowInputMessage || got.Prompt == nil || *got.Prompt == "" {
			t.Errorf("column %s: no input message after LibreOffice", col)
		}
	}
}

// firstColumn returns the column letters of a range's first cell ("B2:B1048576 D2" → "B").
func firstColumn(sqref string) string {
	i := 0
	for i < len(sqref) && sqref[i] >= 'A' && sqref[i] <= 'Z' {
		i++
	}
	return sqref[:i]
}
