package importer

import (
	"bufio"
	"errors"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/sheet"
)

// spoolRows are rows as a file's reading gives them: cells empty, untrimmed, multi-line, long
// and beyond ASCII, with and without reading warnings.
func spoolRows() []sheet.Row {
	var a, b, c customer.Values
	a[customer.FFirstName], a[customer.FLastName], a[customer.FEmail] = "Åse", "Ødegård", " KARI@Example.NO "
	b[customer.FNote] = "line one\nline two\r\n\ttabbed \"quoted\"; semi"
	b[customer.FCity] = strings.Repeat("Łódź ", 300)
	c[customer.FMobile] = "+47 912 34 567"
	warn := customer.Problem{Field: "first_name", Column: "First name", Code: customer.WarnNameSplit,
		Message: "split", Msg: "warn_name_split", Args: map[string]string{"name": "Ola Nordmann"}}
	return []sheet.Row{
		{Num: 2, Values: a},
		{Num: 3, Values: b, Warnings: []customer.Problem{warn}},
		{Num: 1_048_576, Values: c},
		{Num: 7}, // every cell empty: the spool keeps what it is given
	}
}

func TestRowSpoolRoundTrip(t *testing.T) {
	dir := t.TempDir()
	sp, err := newRowSpool(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := spoolRows()
	for i := range want {
		if err := sp.add(&want[i]); err != nil {
			t.Fatal(err)
		}
	}
	r, err := sp.reader()
	if err != nil {
		t.Fatal(err)
	}
	var got []sheet.Row
	for {
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, row)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("read back\n%+v\nwant\n%+v", got, want)
	}
	sp.close()
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("close left %d files in the spool's folder", len(left))
	}
}

// A spool cut short (the disk filled, the file was truncated) is an error, never fewer rows.
func TestRowSpoolDamaged(t *testing.T) {
	rows := spoolRows()
	full := func() []byte {
		sp, err := newRowSpool(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		defer sp.close()
		for i := range rows {
			if err := sp.add(&rows[i]); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := sp.reader(); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(sp.f.Name())
		if err != nil {
			t.Fatal(err)
		}
		return b
	}()
	for _, cut := range []int{1, 5, len(full) / 2, len(full) - 1} {
		f, err := os.CreateTemp(t.TempDir(), "spool")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write(full[:cut]); err != nil {
			t.Fatal(err)
		}
		r, err := (&rowSpool{f: f, w: bufio.NewWriter(f)}).reader()
		if err != nil {
			t.Fatal(err)
		}
		n, err := 0, error(nil)
		for err == nil {
			if _, err = r.Next(); err == nil {
				n++
			}
		}
		if errors.Is(err, io.EOF) {
			t.Errorf("cut at %d of %d bytes: %d rows and then the end, want an error", cut, len(full), n)
		}
		f.Close()
	}
}
