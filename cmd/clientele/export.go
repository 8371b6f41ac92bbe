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
	"github.com/clientele/clientele/sheet"
)

func cmdExport(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "export", "export -o FILE.xlsx|FILE.csv [--format xlsx|csv] [--lang en|nb|pl] [--delimiter ,|;|tab]")
	out := fs.String("o", "", "the file to write; its extension (.xlsx or .csv) chooses the format")
	format := fs.String("format", "", "xlsx or csv (default: from the file name)")
	lang := fs.String("lang", "", "the headers' language: en, nb or pl (default: the shop group's language)")
	delimiter := fs.String("delimiter", "", "the CSV separator: , or ; or tab (default: ; for nb and pl, as their Excel expects; , for en)")
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
	var comma rune
	if *delimiter != "" {
		var ok bool
		if comma, ok = sheet.ParseDelimiter(*delimiter); !ok {
			return usagef("--delimiter must be , or ; or tab")
		}
	}
	l, err := e.language(ctx, *lang)
	if err != nil {
		return err
	}
	s, t, who, err := e.openAs(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	n, err := s.CountCustomers(ctx, t.ID)
	if err != nil {
		return err
	}
	if err := importer.AuditExport(ctx, s, t, who, filepath.Base(*out)); err != nil {
		return err
	}
	opt := importer.ExportOptions{Format: f, Language: l, Comma: comma}
	if err := writeFile(*out, func(w io.Writer) error { return importer.Export(ctx, s, t, w, opt) }); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Exported %d customers to %s.\n", n, *out)
	return nil
}

func cmdTemplate(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "template", "template [-o FILE.xlsx] [--with-customers] [--lang en|nb|pl]")
	out := fs.String("o", "", "the file to write (default clientele-template.xlsx, or customers.xlsx with --with-customers)")
	with := fs.Bool("with-customers", false, "pre-fill the template with the stored customers (the xlsx export)")
	lang := fs.String("lang", "", "the template's language: en, nb or pl (default: the shop group's language)")
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
	l, err := e.language(ctx, *lang)
	if err != nil {
		return err
	}
	if !*with {
		if err := writeFile(*out, func(w io.Writer) error { return importer.Template(w, l) }); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Wrote the template to %s.\n", *out)
		return nil
	}
	s, t, who, err := e.openAs(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := importer.AuditExport(ctx, s, t, who, filepath.Base(*out)); err != nil {
		return err
	}
	opt := importer.ExportOptions{Format: importer.FormatXLSX, Language: l}
	if err := writeFile(*out, func(w io.Writer) error { return importer.Export(ctx, s, t, w, opt) }); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Wrote the template with the customers to %s.\n", *out)
	return nil
}

func cmdFields(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "fields", "fields [--lang en|nb|pl]")
	lang := fs.String("lang", "", "the guide's language: en, nb or pl (default: the shop group's language)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("fields takes no arguments")
	}
	l, err := e.language(ctx, *lang)
	if err != nil {
		return err
	}
	printFieldGuide(e.stdout, l)
	return nil
}

// language returns the language a command writes in: flag when given (an unknown one is a usage
// error), else the tenant's.
func (e *env) language(ctx context.Context, flag string) (string, error) {
	if flag != "" {
		flag = strings.ToLower(flag)
		if !customer.KnownLanguage(flag) {
			return "", usagef("--lang must be one of %s", strings.Join(customer.Languages, ", "))
		}
		return flag, nil
	}
	s, t, err := e.open(ctx)
	if err != nil {
		return "", err
	}
	defer s.Close()
	if customer.KnownLanguage(t.Language) {
		return t.Language, nil
	}
	return customer.Languages[0], nil
}

// guideWords are the terminal field guide's own words in each language.
var guideWords = map[string]struct {
	header  string
	yes, no string
	notes   string
	extra   string // the line before the fields that are not template columns
}{
	"en": {"#\tColumn\tKey\tRequired\tMax\tFormat and allowed values\tWhen blank", "yes", "no", `
Columns are found by their header, in any order. A row that is entirely blank is ignored.
Identity: a customer is identified by Account Number, else Email. In "create" mode a row that matches
a stored customer by account number, email, mobile, or first name + last name + postcode is an error;
in "upsert" mode a match by account number (when given), else email, updates that customer and blank
cells leave its stored values unchanged.`, "\t(Not in the template: exports write these, imports read them when a file has them.)"},
	"nb": {"#\tKolonne\tNøkkel\tMå fylles ut\tMaks.\tFormat og tillatte verdier\tNår feltet er tomt", "ja", "nei", `
Kolonnene finnes etter overskriften, i hvilken som helst rekkefølge. En helt tom rad hoppes over.
Identitet: en kunde kjennes igjen på Kundenummer, ellers E-post. I modusen «create» er en rad som
treffer en lagret kunde på kundenummer, e-post, mobil eller fornavn + etternavn + postnummer en feil;
i modusen «upsert» oppdaterer en rad kunden med samme kundenummer (når det er fylt ut), ellers samme
e-post, og tomme celler lar de lagrede verdiene stå.`, "\t(Ikke i malen: eksporter skriver disse, og importen leser dem når filen har dem.)"},
	"pl": {"#\tKolumna\tKlucz\tWymagane\tMaks.\tFormat i dozwolone wartości\tGdy puste", "tak", "nie", `
Kolumny są rozpoznawane po nagłówku, w dowolnej kolejności. Całkowicie pusty wiersz jest pomijany.
Tożsamość: klienta rozpoznaje się po Numerze klienta, a gdy go brak – po adresie e-mail. W trybie
„create” wiersz pasujący do zapisanego klienta po numerze klienta, adresie e-mail, telefonie
komórkowym albo imieniu, nazwisku i kodzie pocztowym jest błędem; w trybie „upsert” wiersz
aktualizuje klienta o tym samym numerze (jeśli podano), a w przeciwnym razie o tym samym adresie
e-mail, a puste komórki nie zmieniają zapisanych wartości.`, "\t(Nie ma ich w szablonie: eksport je zapisuje, a import odczytuje, gdy plik je ma.)"},
}

// printFieldGuide prints the catalogue in lang as a table a person reads in a terminal.
func printFieldGuide(w io.Writer, lang string) {
	words, ok := guideWords[lang]
	if !ok {
		words = guideWords["en"]
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, words.header)
	for i, f := range customer.Fields {
		if i == customer.TemplateFields {
			// The fields after the template's columns: exports write them, imports read them.
			fmt.Fprintln(tw, words.extra)
		}
		ft := customer.FieldTextIn(lang, i)
		req := words.no
		if f.Required {
			req = words.yes
		}
		max := "—"
		if f.MaxLen > 0 {
			max = strconv.Itoa(f.MaxLen)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", i+1, ft.Header, f.Key, req, max, ft.Format, ft.Default)
	}
	tw.Flush()
	fmt.Fprintln(w, words.notes)
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
