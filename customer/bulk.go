package customer

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
)

// FilterWarnings is the RowFilter status that selects the rows with at least one warning,
// whatever their status: warnings are shown beside the statuses, not as one.
const FilterWarnings Status = "warning"

// RowFilter selects the staged rows of an import: the grid's filters, and what a bulk edit
// changes. Every part that is set must hold; the zero RowFilter selects every row.
type RowFilter struct {
	Status Status // one status, or FilterWarnings
	Code   Code   // rows with a problem (error or warning) of this code …
	Field  string // … on this field (a catalogue key); with Code, one problem must have both
	Query  string // every word of it somewhere in the row's cells, case-insensitively
	Rows   []int  // only these row numbers
}

// maxFilterRows bounds a selection by row numbers: more than a grid's rows at once is a filter's
// job, not a list's.
const maxFilterRows = 100_000

// Check returns an EInvalid error, one sentence, when f asks for something no row can have.
func (f RowFilter) Check() error {
	if f.Status != "" && f.Status != FilterWarnings && !slices.Contains(Statuses, f.Status) {
		return Errorf(EInvalid, "Unknown status %q: use new, update, unchanged, error, skipped or warning.", string(f.Status))
	}
	if f.Field != "" && FieldByKey(f.Field) < 0 {
		return Errorf(EInvalid, "Unknown field %q.", f.Field)
	}
	if len(f.Rows) > maxFilterRows {
		return Errorf(EInvalid, "At most %d row numbers can be listed; use a filter instead.", maxFilterRows)
	}
	for _, r := range f.Rows {
		if r < 2 {
			return Errorf(EInvalid, "Row %d is not a row of the file: rows are numbered from 2, below the header.", r)
		}
	}
	return nil
}

// ByStatusOnly reports whether f selects by status alone (or selects every row): the counts an
// import's summary keeps.
func (f RowFilter) ByStatusOnly() bool {
	return f.Status != FilterWarnings && f.Code == "" && f.Field == "" && strings.TrimSpace(f.Query) == "" && len(f.Rows) == 0
}

// Words returns the words of the filter's Query, lower-cased.
func (f RowFilter) Words() []string {
	return strings.Fields(strings.ToLower(f.Query))
}

// RowText returns the text a row's cells are searched in: each non-empty cell lower-cased, ending
// with a line break, which no word of a query holds. The store keeps it with each staged row, so
// that the database matches a query's words as plain substrings.
func RowText(v *Values) string {
	n := 0
	for _, s := range v {
		if s != "" {
			n += len(s) + 1
		}
	}
	var b strings.Builder
	b.Grow(n)
	for _, s := range v {
		if s != "" {
			b.WriteString(strings.ToLower(s))
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// BulkEdit is one change to many staged rows at once: exactly one of its operations.
type BulkEdit struct {
	Set       map[string]string `json:"set,omitempty"`        // field key → the new text of every row
	FillBlank map[string]string `json:"fill_blank,omitempty"` // field key → the text of rows where it is blank
	Replace   *Replace          `json:"replace,omitempty"`
	// ApplySuggestions takes the suggestion of every warning of the rows that has one.
	ApplySuggestions bool  `json:"apply_suggestions,omitempty"`
	Skip             *bool `json:"skip,omitempty"` // leave the rows out of the import (true) or take them back
}

// Replace replaces text in one field: Find as plain text, case-insensitively, or as a Go
// regular expression (RE2: linear time, whatever the pattern) whose With may name its groups
// ($1, ${name}).
type Replace struct {
	Field string `json:"field"`
	Find  string `json:"find"`
	With  string `json:"with"`
	Regex bool   `json:"regex,omitempty"`
}

// maxPattern bounds what Replace looks for: RE2 runs in linear time, but compiling a long
// pattern is not free and no column needs one.
const maxPattern = 1000

// BulkOp is a checked BulkEdit, ready to apply to rows.
type BulkOp struct {
	edit   BulkEdit
	fields []int          // Set and FillBlank: the fields, in catalogue order
	values map[int]string // their texts
	field  int            // Replace's field
	re     *regexp.Regexp // Replace's pattern
}

// Compile checks e and returns it ready to apply. It fails with an EInvalid error of one sentence
// for no operation or more than one, an unknown field, a text longer than its field holds, and a
// pattern that is empty, too long or not a regular expression.
func (e BulkEdit) Compile() (*BulkOp, error) {
	n := 0
	for _, set := range []bool{e.Set != nil, e.FillBlank != nil, e.Replace != nil, e.ApplySuggestions, e.Skip != nil} {
		if set {
			n++
		}
	}
	if n != 1 {
		return nil, Errorf(EInvalid, "A bulk edit takes exactly one of set, fill_blank, replace, apply_suggestions and skip; this one has %d.", n)
	}
	op := &BulkOp{edit: e, field: -1}
	switch {
	case e.Set != nil || e.FillBlank != nil:
		m := e.Set
		if m == nil {
			m = e.FillBlank
		}
		if len(m) == 0 {
			return nil, Errorf(EInvalid, "Name at least one field to set.")
		}
		op.values = make(map[int]string, len(m))
		for _, k := range slices.Sorted(maps.Keys(m)) {
			i := FieldByKey(k)
			if i < 0 {
				return nil, Errorf(EInvalid, "Unknown field %q.", k)
			}
			if err := fits(i, m[k]); err != nil {
				return nil, err
			}
			op.fields = append(op.fields, i)
			op.values[i] = m[k]
		}
		slices.Sort(op.fields)
	case e.Replace != nil:
		r := e.Replace
		if op.field = FieldByKey(r.Field); op.field < 0 {
			return nil, Errorf(EInvalid, "Unknown field %q.", r.Field)
		}
		if r.Find == "" {
			return nil, Errorf(EInvalid, "Say what to find: the text to replace is empty.")
		}
		if len(r.Find) > maxPattern {
			return nil, Errorf(EInvalid, "The text to find is longer than %d characters.", maxPattern)
		}
		pattern := "(?i)" + regexp.QuoteMeta(r.Find)
		if r.Regex {
			pattern = r.Find
		}
		re, err := regexp.Compile(pattern)
		if err != nil {
			return nil, Errorf(EInvalid, "%q is not a regular expression: %s.", r.Find, regexErr(err))
		}
		op.re = re
	}
	return op, nil
}

// regexErr is what regexp says is wrong, without its "error parsing regexp: " prefix.
func regexErr(err error) string {
	return strings.TrimPrefix(err.Error(), "error parsing regexp: ")
}

// fits returns an EInvalid error when s is longer than field i holds, measured as the check
// measures a cell (Rules.PrepareInto): trimmed, and never for a country, whose names are read.
func fits(i int, s string) error {
	f := Fields[i]
	if f.MaxLen == 0 || f.Kind == KindCountry {
		return nil
	}
	if n := charCount(trimCell(unneutralise(trimCell(s)))); n > f.MaxLen {
		return Errorf(EInvalid, "%s holds at most %d characters; %q has %d.", f.Header, f.MaxLen, s, n)
	}
	return nil
}

// Apply changes row r as the edit says and reports whether anything of it changed. It fails with
// an EInvalid error when a replacement makes a cell longer than its field holds; r is then
// unchanged.
func (op *BulkOp) Apply(r *StagedRow) (bool, error) {
	e := op.edit
	switch {
	case e.Set != nil:
		changed := false
		for _, i := range op.fields {
			if r.Raw[i] != op.values[i] {
				r.Raw[i], changed = op.values[i], true
			}
		}
		return changed, nil
	case e.FillBlank != nil:
		changed := false
		for _, i := range op.fields {
			if BlankCell(r.Raw[i]) && r.Raw[i] != op.values[i] {
				r.Raw[i], changed = op.values[i], true
			}
		}
		return changed, nil
	case e.Replace != nil:
		old := r.Raw[op.field]
		var s string
		if e.Replace.Regex {
			s = op.re.ReplaceAllString(old, e.Replace.With)
		} else {
			s = op.re.ReplaceAllLiteralString(old, e.Replace.With)
		}
		if s == old {
			return false, nil
		}
		if err := fits(op.field, s); err != nil {
			return false, Errorf(EInvalid, "Row %d: %s", r.Row, err.(*Error).Message)
		}
		r.Raw[op.field] = s
		return true, nil
	case e.ApplySuggestions:
		changed := false
		for _, p := range r.Warnings {
			if p.Suggestion == "" {
				continue
			}
			if i := FieldByKey(p.Field); i >= 0 && r.Raw[i] != p.Suggestion {
				r.Raw[i], changed = p.Suggestion, true
			}
		}
		return changed, nil
	case e.Skip != nil:
		if r.Skipped == *e.Skip {
			return false, nil
		}
		r.Skipped = *e.Skip
		return true, nil
	}
	return false, nil
}

// String describes the edit in English, for the import's record of its edits.
func (e BulkEdit) String() string {
	pairs := func(m map[string]string) string {
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(m)) {
			parts = append(parts, fmt.Sprintf("%s = %q", k, m[k]))
		}
		return strings.Join(parts, ", ")
	}
	switch {
	case e.Set != nil:
		return "set " + pairs(e.Set)
	case e.FillBlank != nil:
		return "fill blank " + pairs(e.FillBlank)
	case e.Replace != nil:
		how := "text"
		if e.Replace.Regex {
			how = "pattern"
		}
		return fmt.Sprintf("replace %s %q with %q in %s", how, e.Replace.Find, e.Replace.With, e.Replace.Field)
	case e.ApplySuggestions:
		return "apply suggestions"
	case e.Skip != nil && *e.Skip:
		return "skip"
	case e.Skip != nil:
		return "include"
	}
	return ""
}

// ProblemCount is how many rows of an import have one kind of problem: an error or warning
// code on one field ("" for the whole row).
type ProblemCount struct {
	Code    Code
	Field   string
	Warning bool
	Count   int
}
