package bench

import (
	"io"
	"path/filepath"
	"testing"
)

// benchmarkRead reads a generated 10,000-row file and reports rows per second; the timings are
// reported, never asserted.
func benchmarkRead(b *testing.B, name string, write func(io.Writer, []Row) error) {
	const rows = 10000
	path := filepath.Join(b.TempDir(), name)
	if err := writeFile(path, func(w io.Writer) error { return write(w, NewGenerator(Seed).Rows(rows)) }); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		n, err := readAll(path)
		if err != nil {
			b.Fatal(err)
		}
		if n != rows {
			b.Fatalf("read %d rows, want %d", n, rows)
		}
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkReadCSV10k(b *testing.B)  { benchmarkRead(b, "customers.csv", WriteCSV) }
func BenchmarkReadXLSX10k(b *testing.B) { benchmarkRead(b, "customers.xlsx", WriteXLSX) }
