package importer_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
)

// manyCustomers lists n customers with a Norwegian mobile each, as a store's walk does.
type manyCustomers int

func (n manyCustomers) AllCustomers(ctx context.Context, _ int64, fn func(customer.Customer) error) error {
	for i := range int(n) {
		if err := ctx.Err(); err != nil {
			return err
		}
		var v customer.Values
		v[customer.FAccount] = fmt.Sprintf("C%06d", i)
		v[customer.FFirstName], v[customer.FLastName] = "Ola", "Nordmann"
		v[customer.FMobile] = fmt.Sprintf("+479%07d", i)
		if err := fn(customer.Customer{ID: int64(i + 1), Values: v}); err != nil {
			return err
		}
	}
	return nil
}

// failingWriter fails once it has taken limit bytes.
type failingWriter struct{ n, limit int }

var errDiskFull = errors.New("disk full")

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.n += len(p); w.n > w.limit {
		return 0, errDiskFull
	}
	return len(p), nil
}

// TestExportStreams: the customers' phone numbers are written in batches beside the writing, in
// the walk's order, every customer once; a writer that fails stops the walk, and Export returns
// its error.
func TestExportStreams(t *testing.T) {
	tn := customer.Tenant{ID: 1, Country: "NO", Language: "en"}
	var buf bytes.Buffer
	const n = 2500 // two full batches and a part
	if err := importer.Export(context.Background(), manyCustomers(n), tn, &buf, importer.ExportOptions{Format: importer.FormatCSV}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != n+1 {
		t.Fatalf("%d lines, want %d", len(lines), n+1)
	}
	for i, line := range lines[1:] {
		want := fmt.Sprintf("C%06d,,Ola,Nordmann,,,9%02d %02d %03d,", i, i/100000%100, i/1000%100, i%1000)
		if !strings.HasPrefix(line, want) {
			t.Fatalf("line %d: %q, want it to begin %q", i+2, line, want)
		}
	}
	err := importer.Export(context.Background(), manyCustomers(n), tn, &failingWriter{limit: 10000}, importer.ExportOptions{Format: importer.FormatCSV})
	if !errors.Is(err, errDiskFull) {
		t.Errorf("a failing writer: %v, want %v", err, errDiskFull)
	}
}
