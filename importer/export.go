package importer

import (
	"context"
	"io"
	"iter"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/sheet"
)

// Format is a spreadsheet file format.
type Format string

// The formats Clientele writes.
const (
	FormatXLSX Format = "xlsx"
	FormatCSV  Format = "csv"
)

// CustomerLister walks a tenant's customers: what Export reads.
type CustomerLister interface {
	// AllCustomers calls fn for every customer of the tenant in account-number order, streaming
	// (export must not hold all customers in memory). An error from fn stops the walk.
	AllCustomers(ctx context.Context, tenantID int64, fn func(customer.Customer) error) error
}

// Export streams all of a tenant's customers to w in the template's columns, so that export →
// edit → import round-trips. Customers are never all held in memory.
func Export(ctx context.Context, s CustomerLister, t customer.Tenant, format Format, w io.Writer) error {
	records := func(yield func(sheet.Record, error) bool) {
		stop := errStop{}
		err := s.AllCustomers(ctx, t.ID, func(c customer.Customer) error {
			if !yield(sheet.Record{Values: c.Values}, nil) {
				return stop
			}
			return nil
		})
		if err != nil && err != error(stop) {
			yield(sheet.Record{}, err)
		}
	}
	return Write(w, format, sheet.WriteOptions{}, records)
}

// Template writes the empty template in lang ("en", "nb" or "pl"; "" is English): headers, input
// messages, examples and field guide in that language. Every language's template imports alike.
func Template(w io.Writer, lang string) error {
	return Write(w, FormatXLSX, sheet.WriteOptions{Language: lang}, func(func(sheet.Record, error) bool) {})
}

// Write writes records in format.
func Write(w io.Writer, format Format, opt sheet.WriteOptions, records iter.Seq2[sheet.Record, error]) error {
	if format == FormatCSV {
		return sheet.WriteCSV(w, opt, records)
	}
	return sheet.WriteXLSX(w, opt, records)
}

// errStop ends a walk early when the consumer stops iterating.
type errStop struct{}

func (errStop) Error() string { return "stopped" }
