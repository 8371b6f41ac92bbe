package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
	"github.com/clientele/clientele/sheet"
)

// needsMapping is the --json report's account of a file whose columns are not all recognised
// (state "mapping"): nothing was checked or stored.
type needsMapping struct {
	// Columns are the file's columns with their first values and suggested fields, as the page's
	// mapping step shows them (GET /api/imports/{id}/mapping).
	Columns []sheet.PreviewColumn `json:"columns"`
	// Missing are the keys of required fields no column fills, even as suggested.
	Missing []string `json:"missing"`
	// Map is the --map text that takes the suggestions (and any --map given), Command the
	// command line that runs it.
	Map     string `json:"map"`
	Command string `json:"command"`
}

// recognised reports whether a preview column is read without a guess: by its header, a synonym,
// a platform's export or the --map given.
func recognised(c sheet.PreviewColumn) bool {
	switch c.Reason {
	case "header", "synonym", "vendor", "map":
		return true
	}
	return false
}

// stopForMapping is import's answer to a file whose columns need mapping, as the page stops it at
// its mapping step: each column not recognised with its first values and suggested field, the
// --map that takes the suggestions and the command that runs it. It returns the EFile error
// (exit status 1) that says so in one line.
func stopForMapping(e *env, out io.Writer, asJSON bool, path string, mode customer.Mode, dryRun bool,
	pv *sheet.Preview, defaults customer.Defaults, args []string) error {
	nm := needsMapping{Columns: pv.Columns, Missing: pv.MissingFor(mode)}
	var pairs, unknown []string
	for _, c := range pv.Columns {
		if c.Reason == "map" || (!recognised(c) && c.Field != "") {
			pairs = append(pairs, mapQuote(c.Header)+"="+targetHeader(c.Field))
		}
		if !recognised(c) && (c.Header != "" || len(c.Samples) > 0) {
			unknown = append(unknown, c.Header)
		}
	}
	nm.Map = strings.Join(pairs, ",")
	nm.Command = commandWithMap(e, args, nm.Map)

	fmt.Fprintf(out, "%s: not every column is recognised; nothing was checked or stored.\n", path)
	fmt.Fprintln(out, "Columns not recognised (first values → suggested field):")
	for _, c := range pv.Columns {
		if recognised(c) || (c.Header == "" && len(c.Samples) == 0) {
			continue
		}
		samples := c.Samples
		if len(samples) > 3 {
			samples = samples[:3]
		}
		line := fmt.Sprintf("  %s %s: %s", c.Letter, c.Header, strings.Join(samples, ", "))
		if len(c.Samples) == 0 {
			line = fmt.Sprintf("  %s %s: (no values)", c.Letter, c.Header)
		}
		if c.Field != "" {
			line += fmt.Sprintf(" → %s (%s)", targetHeader(c.Field), c.Reason)
		} else {
			line += " → no suggestion; ignored unless mapped"
		}
		fmt.Fprintln(out, line)
	}
	var known []string
	for _, c := range pv.Columns {
		if recognised(c) {
			to := "ignored"
			if c.Field != "" {
				to = targetHeader(c.Field)
			}
			known = append(known, fmt.Sprintf("%s %s → %s", c.Letter, c.Header, to))
		}
	}
	if len(known) > 0 {
		fmt.Fprintf(out, "Recognised: %s\n", strings.Join(known, ", "))
	}
	missing := make([]string, len(nm.Missing))
	for i, k := range nm.Missing {
		missing[i] = "“" + targetHeader(k) + "”"
	}
	if len(missing) > 0 {
		fmt.Fprintf(out, "No column is read as %s.\n", strings.Join(missing, ", "))
	}
	if nm.Map != "" {
		fmt.Fprintln(out, "To import with these fields (change any that is wrong; \"Header=\" ignores a column):")
		fmt.Fprintf(out, "  %s\n", nm.Command)
	}
	if asJSON {
		rep := report{File: path, Mode: mode, DryRun: dryRun, State: customer.StateMapping, Warnings: []string{},
			Rows: []reportRow{}, Source: pv.Source, Mapping: []sheet.ColumnMapping{}, NeedsMapping: &nm,
			Defaults: reportDefaults(defaults)}
		if err := writeJSON(e.stdout, rep); err != nil {
			return err
		}
	}

	var msg strings.Builder
	fmt.Fprintf(&msg, "%s: ", path)
	switch {
	case len(unknown) == 1:
		fmt.Fprintf(&msg, "column %s is not recognised", unknown[0])
	case len(unknown) > 1:
		fmt.Fprintf(&msg, "columns %s are not recognised", strings.Join(unknown, ", "))
	}
	if len(missing) > 0 {
		if len(unknown) > 0 {
			msg.WriteString(" and ")
		}
		fmt.Fprintf(&msg, "no column is read as %s", strings.Join(missing, ", "))
	}
	msg.WriteString("; nothing was imported.")
	if nm.Map != "" {
		fmt.Fprintf(&msg, " Map the columns: --map %s", mapArg(nm.Map))
	} else {
		msg.WriteString(" Map the columns with --map \"HEADER=FIELD,…\" (\"clientele fields\" lists the fields).")
	}
	return customer.Errorf(customer.EFile, "%s", msg.String())
}

// commandWithMap is the import command line of args (the global flags that matter put back)
// with its --map replaced by one of text.
func commandWithMap(e *env, args []string, text string) string {
	parts := []string{"clientele"}
	if e.tenant != "default" {
		parts = append(parts, "--tenant", shellQuote(e.tenant))
	}
	parts = append(parts, "import")
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && name == "map" {
			if !hasValue {
				i++
			}
			continue
		}
		parts = append(parts, shellQuote(a))
	}
	return strings.Join(append(parts, "--map", mapArg(text)), " ")
}

// mapQuote writes a header for --map: in double quotes when it holds a comma or '=' (ParseMap).
func mapQuote(h string) string {
	if strings.ContainsAny(h, ",=") {
		return `"` + h + `"`
	}
	return h
}

// shellQuote quotes s for a POSIX shell: as it is when it is plain, else in double quotes when
// nothing in it is special inside them (as people write --map "E-post=Email,Mobil=Mobile"),
// else in single quotes.
func shellQuote(s string) string {
	special := func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r > 127 || strings.ContainsRune("-_./:@%+=,", r))
	}
	if s != "" && !strings.ContainsFunc(s, special) {
		return s
	}
	return mapArg(s)
}

// mapArg quotes a --map text for a POSIX shell, always: in double quotes unless it holds what a
// shell reads inside them, else in single quotes.
func mapArg(s string) string {
	if !strings.ContainsAny(s, "\"$`\\!'") {
		return `"` + s + `"`
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// saveColumnMapping saves m, the --map the file at path reads with, for the tenant's next file
// with the same header row (pv's signature), as the page's Remember does: checked and with each
// target as its field key (sheet.CheckMap).
func saveColumnMapping(ctx context.Context, s importer.Mappings, t customer.Tenant, path string, limits sheet.Limits,
	pv *sheet.Preview, m map[string]string, mode customer.Mode, defaults customer.Defaults, who string) error {
	if pv == nil {
		return customer.Errorf(customer.EFile, "%s: the file's headers cannot be read, so its mapping cannot be saved.", path)
	}
	checked, err := sheet.CheckMap(path, limits, sheet.Options{Map: m, Mode: mode, Defaults: defaults})
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return s.SaveMapping(ctx, &importer.SavedMapping{TenantID: t.ID, Signature: pv.Signature, Map: checked, CreatedBy: who})
}
