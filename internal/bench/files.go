package bench

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/sheet"
)

// WriteCSV writes rows as a customer file exported from another system would be: UTF-8 with a
// BOM, the template's headers, commas, CR LF, and the cells exactly as given (a phone number
// keeps its +, unlike in Clientele's own export).
func WriteCSV(w io.Writer, rows []Row) error {
	return writeCSV(w, rows, true, func(Row) bool { return true })
}

// writeCopyCSV writes the rows psql's \copy loads for the baseline: the file without its BOM and
// without the rows that the baseline table's unique indexes would reject (see copyTable) — those
// repeating an earlier row's email, and error rows whose invalid email or mobile happens to be
// written like another's ("ukjent"). An empty cell is NULL to \copy, and NULLs never clash.
func writeCopyCSV(w io.Writer, rows []Row) (n int, err error) {
	var seen [4]map[string]bool
	for i := range seen {
		seen[i] = map[string]bool{}
	}
	err = writeCSV(w, rows, false, func(r Row) bool {
		v := &r.Values
		keys := [4]string{v[customer.FAccount], strings.ToLower(v[customer.FEmail]), v[customer.FMobile], ""}
		if v[customer.FFirstName] != "" && v[customer.FLastName] != "" && v[customer.FPostcode] != "" {
			keys[3] = strings.ToLower(v[customer.FFirstName]) + "\x00" + strings.ToLower(v[customer.FLastName]) + "\x00" + v[customer.FPostcode]
		}
		for i, k := range keys {
			if k != "" && seen[i][k] {
				return false
			}
		}
		for i, k := range keys {
			if k != "" {
				seen[i][k] = true
			}
		}
		n++
		return true
	})
	return n, err
}

func writeCSV(w io.Writer, rows []Row, bom bool, keep func(Row) bool) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	if bom {
		bw.WriteString("\ufeff")
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	// The template's columns, as a shop's file has them (not the extra fields exports add).
	n := customer.TemplateFields
	header := make([]string, n)
	for i, f := range customer.Fields[:n] {
		header[i] = f.Header
	}
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("bench: write csv: %w", err)
	}
	for _, r := range rows {
		if !keep(r) {
			continue
		}
		if err := cw.Write(r.Values[:n]); err != nil {
			return fmt.Errorf("bench: write csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("bench: write csv: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("bench: write csv: %w", err)
	}
	return nil
}

// WriteXLSX writes rows as the template workbook with the rows filled in (sheet.WriteXLSX), as a
// shop that downloaded the template and pasted its customers would upload it.
func WriteXLSX(w io.Writer, rows []Row) error {
	return sheet.WriteXLSX(w, sheet.WriteOptions{}, func(yield func(sheet.Record, error) bool) {
		for _, r := range rows {
			if !yield(sheet.Record{Values: r.Values}, nil) {
				return
			}
		}
	})
}

// writeFile creates path and writes it with fn.
func writeFile(path string, fn func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	if err := fn(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	return nil
}
