package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
)

func cmdExport(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "export", "export -o FILE.xlsx|FILE.csv [--format xlsx|csv]")
	out := fs.String("o", "", "the file to write; its extension (.xlsx or .csv) chooses the format")
	format := fs.String("format", "", "xlsx or csv (default: from the file name)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("export takes no arguments; name the file with -o")
	}
	if *out == "" {
		return usagef("export needs -o FILE.xlsx or -o FILE.csv")
	}
	f, err := formatOf(*out, *format)
	if err != nil {
		return err
	}
	s, t, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	n, err := s.CountCustomers(ctx, t.ID)
	if err != nil {
		return err
	}
	if err := importer.AuditExport(ctx, s, t, "cli", filepath.Base(*out)); err != nil {
		return err
	}
	if err := writeFile(*out, func(w io.Writer) error { return importer.Export(ctx, s, t, f, w) }); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Exported %d customers to %s.\n", n, *out)
	return nil
}

func cmdTemplate(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "template", "template [-o FILE.xlsx] [--with-customers]")
	out := fs.String("o", "", "the file to write (default clientele-template.xlsx, or customers.xlsx with --with-customers)")
	with := fs.Bool("with-customers", false, "pre-fill the template with the stored customers (the export format)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("template takes no arguments; name the file with -o")
	}
	if *out == "" {
		*out = "clientele-template.xlsx"
		if *with {
			*out = "customers.xlsx"
		}
	}
	if !*with {
		if err := writeFile(*out, importer.Template); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Wrote the template to %s.\n", *out)
		return nil
	}
	s, t, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := importer.AuditExport(ctx, s, t, "cli", filepath.Base(*out)); err != nil {
		return err
	}
	if err := writeFile(*out, func(w io.Writer) error { return importer.Export(ctx, s, t, importer.FormatXLSX, w) }); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Wrote the template with the customers to %s.\n", *out)
	return nil
}

func cmdFields(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "fields", "fields")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("fields takes no arguments")
	}
	printFieldGuide(e.stdout)
	return nil
}

// printFieldGuide prints the catalogue as a table a person reads in a terminal.
func printFieldGuide(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tColumn\tKey\tRequired\tMax\tFormat and allowed values\tWhen blank")
	for i, f := range customer.Fields {
		req := "no"
		if f.Required {
			req = "yes"
		}
		max := "—"
		if f.MaxLen > 0 {
			max = strconv.Itoa(f.MaxLen)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", i+1, f.Header, f.Key, req, max, f.Format, f.Default)
	}
	tw.Flush()
	fmt.Fprintln(w, `
Columns are found by their header, in any order. A row that is entirely blank is ignored.
Identity: a customer is identified by Account Number, else Email. In "create" mode a row that matches
a stored customer by account number, email, mobile, or first name + last name + postcode is an error;
in "upsert" mode a match by account number (when given), else email, updates that customer and blank
cells leave its stored values unchanged.`)
}

func formatOf(path, explicit string) (importer.Format, error) {
	f := strings.ToLower(explicit)
	if f == "" {
		f = strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	}
	switch importer.Format(f) {
	case importer.FormatXLSX, importer.FormatCSV:
		return importer.Format(f), nil
	}
	return "", usagef("cannot tell the format of %q: name it .xlsx or .csv, or pass --format", path)
}

// writeFile writes through a temporary file in the same folder and renames it into place, so a
// failed export never leaves a half-written file behind under the name the user asked for.
func writeFile(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return customer.Errorf(customer.EFile, "Cannot write %s: %v.", path, unwrapPathError(err))
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return customer.Errorf(customer.EFile, "Cannot write %s: %v.", path, err)
	}
	return nil
}
