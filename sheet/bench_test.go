package sheet

import (
	"bytes"
	"fmt"
	"io"
	"iter"
	"os"
	"testing"
	"time"

	"github.com/clientele/clientele/customer"
)

// manyRecords yields n varied customer records.
func manyRecords(n int) iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		for i := range n {
			var v customer.Values
			v[customer.FAccount] = fmt.Sprintf("A-%06d", i)
			v[customer.FTitle] = "Ms"
			v[customer.FFirstName] = "Ingrid"
			v[customer.FLastName] = fmt.Sprintf("Haugen %d", i)
			v[customer.FEmail] = fmt.Sprintf("kunde%d@example.no", i)
			v[customer.FMobile] = fmt.Sprintf("+47 9%07d", i)
			v[customer.FAddress1] = "Storgata 12"
			v[customer.FCity] = "Oslo"
			v[customer.FPostcode] = "0150"
			v[customer.FCountry] = "NO"
			v[customer.FBirthDate] = "1985-06-14"
			v[customer.FEmailOptIn] = "Yes"
			v[customer.FLoyaltyPoints] = fmt.Sprint(i % 1000)
			v[customer.FNote] = "Prefers SMS receipts"
			if !yield(Record{Values: v}, nil) {
				return
			}
		}
	}
}

// TestRead10000RowXLSX reads a 10,000-row export back and reports the time it took.
func TestRead10000RowXLSX(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	var buf bytes.Buffer
	start := time.Now()
	if err := WriteXLSX(&buf, WriteOptions{}, manyRecords(10000)); err != nil {
		t.Fatal(err)
	}
	wrote := time.Since(start)
	path := writeTemp(t, "big.xlsx", buf.String())
	start = time.Now()
	_, rows := readAll(t, path, Limits{})
	t.Logf("10,000 rows: wrote %d KiB in %v, read in %v", buf.Len()>>10, wrote, time.Since(start))
	if len(rows) != 10000 || rows[9999].Num != 10001 || rows[9999].Values[customer.FBirthDate] != "1985-06-14" {
		t.Errorf("read %d rows, last %+v", len(rows), rows[len(rows)-1])
	}
}

func BenchmarkReadXLSX10000(b *testing.B) {
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, WriteOptions{}, manyRecords(10000)); err != nil {
		b.Fatal(err)
	}
	path := b.TempDir() + "/big.xlsx"
	if err := writeFile(path, buf.Bytes()); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		r, err := Open(path, Limits{})
		if err != nil {
			b.Fatal(err)
		}
		for {
			if _, err := r.Next(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
		r.Close()
	}
}

func BenchmarkReadCSV10000(b *testing.B) {
	var buf bytes.Buffer
	if err := WriteCSV(&buf, WriteOptions{}, manyRecords(10000)); err != nil {
		b.Fatal(err)
	}
	path := b.TempDir() + "/big.csv"
	if err := writeFile(path, buf.Bytes()); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len())) // the target is in MB/s
	for b.Loop() {
		r, err := Open(path, Limits{})
		if err != nil {
			b.Fatal(err)
		}
		for {
			if _, err := r.Next(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
		r.Close()
	}
}

func writeFile(path string, b []byte) error { return os.WriteFile(path, b, 0o600) }

// BenchmarkReadXLSXFile reads the workbook named by $CLIENTELE_BENCH_XLSX (e.g. a 100,000-row
// customer list saved by LibreOffice) with each xlsx reader: excelize's, the reference, and the
// streaming reader Open uses.
func BenchmarkReadXLSXFile(b *testing.B) {
	path := os.Getenv("CLIENTELE_BENCH_XLSX")
	if path == "" {
		b.Skip("CLIENTELE_BENCH_XLSX is not set")
	}
	limits := Limits{}.withDefaults()
	for name, open := range map[string]func() (source, error){
		"excelize": func() (source, error) { return openXLSX(path, limits) },
		"stream":   func() (source, error) { return openXLSXStream(path, limits) },
	} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				src, err := open()
				if err != nil {
					b.Fatal(err)
				}
				n := 0
				for {
					if _, _, err := src.next(); err == io.EOF {
						break
					} else if err != nil {
						b.Fatal(err)
					}
					n++
				}
				src.close()
				b.ReportMetric(float64(n), "rows")
			}
		})
	}
}
