package main

import (
	"fmt"
	"os"
	"strconv"

	"github.com/clientele/clientele/sheet"
)

// limitVars are the environment variables that bound what reading one file may cost, for the
// CLI and the server alike. Unset means the default of package sheet.
var limitVars = []struct {
	name, doc string
	set       func(l *sheet.Limits, n int64)
}{
	{"CLIENTELE_MAX_ROWS", "data rows in one file (default 1048576)", func(l *sheet.Limits, n int64) { l.MaxRows = int(n) }},
	{"CLIENTELE_MAX_COLUMNS", "columns in one file (default 16384)", func(l *sheet.Limits, n int64) { l.MaxColumns = int(n) }},
	{"CLIENTELE_MAX_CELL", "characters in one cell (default 1048576)", func(l *sheet.Limits, n int64) { l.MaxCellLen = int(n) }},
	{"CLIENTELE_MAX_UNZIPPED_MB", "inflated size of an .xlsx's parts in MB (default 1024)", func(l *sheet.Limits, n int64) { l.MaxUnzipped = n << 20 }},
}

// limitsFromEnv reads the limits from the environment; EInvalid-style usage errors name the
// variable that is not a positive whole number.
func limitsFromEnv() (sheet.Limits, error) {
	var l sheet.Limits
	for _, v := range limitVars {
		s := os.Getenv(v.name)
		if s == "" {
			continue
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			return l, usagef("%s must be a whole number above 0 (%s), not %q", v.name, v.doc, s)
		}
		v.set(&l, n)
	}
	return l, nil
}

// printLimits describes the variables for the help text.
func printLimits() string {
	s := "Limits on one file (environment variables):\n"
	for _, v := range limitVars {
		s += fmt.Sprintf("  %-26s %s\n", v.name, v.doc)
	}
	return s
}
