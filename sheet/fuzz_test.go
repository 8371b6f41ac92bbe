package sheet

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/clientele/clientele/customer"
)

// FuzzReadCSV feeds arbitrary bytes to Open and Next: they must not panic or hang, and every
// error must be an EFile *customer.Error.
func FuzzReadCSV(f *testing.F) {
	for _, name := range []string{"no-excel-1252.csv", "pl-excel-1250.csv", "utf8-bom-comma.csv", "excel-unicode-text.txt", "reordered-unknown.csv", "header-only.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("sep=;\rFirst Name;Last Name\r\"a\rb\";c\r\r"))
	f.Add([]byte("Title\nFirst Name,Last Name\n\"unterminated,x\n"))
	f.Add([]byte("\xff\xfeF\x00i\x00"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "fuzz.csv")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		readFuzzed(t, path, Limits{MaxRows: 1000, MaxColumns: 100, MaxCellLen: 1000})
	})
}

func checkFileError(t *testing.T, err error) {
	t.Helper()
	var e *customer.Error
	if !errors.As(err, &e) || e.Code != customer.EFile || e.Message == "" {
		t.Fatalf("error %v (%T) is not an EFile *customer.Error", err, err)
	}
}

// FuzzReadXLSX feeds arbitrary bytes, seeded with workbooks, to Open and Next as an .xlsx
// upload: they must not panic or hang, and every error must be an EFile *customer.Error. The
// seeds in testdata/fuzz/FuzzReadXLSX are small hostile workbooks (a DTD, a part lying about
// its size, duplicate parts, a sheet cut short, shared string indexes out of range).
func FuzzReadXLSX(f *testing.F) {
	for _, name := range []string{"libreoffice.xlsx", "libreoffice-1904.xlsx", "title-row.xlsx"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "fuzz.xlsx")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		readFuzzed(t, path, Limits{MaxRows: 1000, MaxColumns: 100, MaxCellLen: 1000, MaxUnzipped: 8 << 20})
	})
}

// readFuzzed reads every row of a fuzzed file: it must end in rows or a file-level error, never
// a panic, a blank row or more rows than the limit.
func readFuzzed(t *testing.T, path string, limits Limits) {
	r, err := Open(path, limits)
	if err != nil {
		checkFileError(t, err)
		return
	}
	defer r.Close()
	for n := 0; ; n++ {
		row, err := r.Next()
		if err == io.EOF {
			return
		}
		if err != nil {
			checkFileError(t, err)
			return
		}
		if row.Values.Blank() {
			t.Fatalf("blank row %d returned", row.Num)
		}
		if n > limits.MaxRows {
			t.Fatal("more rows than MaxRows")
		}
	}
}
