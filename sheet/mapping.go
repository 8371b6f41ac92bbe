package sheet

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/clientele/clientele/customer"
)

// Options change how OpenWith maps a file's columns to the catalogue.
type Options struct {
	// Map maps a header as the file has it (matched ignoring case, spaces, punctuation and
	// diacritics) to a target: a catalogue key ("email"), our template's header in any language
	// ("Email", "E-post"), FullNameKey (one column split into first and last name), or "" or "-"
	// to ignore the column. Columns not in Map are recognised as without it. Targets that are no
	// field, and headers the file does not have, are EFile errors naming them all. When two
	// headers are mapped to one field, the later one fills in where the earlier is blank (for Note
	// it is added to it).
	Map map[string]string
	// Mode is the import's: in customer.ModeUpsert a file with an identity column (account
	// number, email, mobile) need not have the required columns (customer.MissingColumns).
	Mode customer.Mode
	// Defaults fill the blank cells of every row read, by field key (checked: CheckDefaults). A
	// field with a default counts as a column of the file for the required columns.
	Defaults customer.Defaults
}

// ColumnMapping says what one column of the file becomes.
type ColumnMapping struct {
	Column int    `json:"column"` // 0-based column index
	Letter string `json:"letter"` // the spreadsheet's column name: A, B, …
	Header string `json:"header"` // as in the file
	Field  string `json:"field"`  // a catalogue key, FullNameKey, or "" when the column is ignored
	Via    string `json:"via"`    // "header", "synonym", "vendor", "map"; "" when ignored
	How    string `json:"how"`    // what is done to the values, for people; "" for plain copying
}

// colPlan is how one column's cells are read.
type colPlan struct {
	header     string
	target     int // a field index, fullName, or -1
	via        string
	xf         cellXform
	fallback   bool   // used only where the field is still blank after the other columns
	appendNote bool   // target FNote: added to the note as "Label: value"
	label      string // the label of an appended value: the header, or the platform's readable name
	omit       string // an appended value that says nothing ("All Customers")
	how        string // set for ignored columns that lost to another
	lostTo     int    // when how is set: the column that won,
	lostAs     int    // and the target it won
}

// plan is the mapping of a header row.
type plan struct {
	source     string
	cols       []colPlan
	stripQuote bool
}

// foldedSet is the set of a header row's cells, folded (fold).
func foldedSet(header []string) map[string]bool {
	folded := make(map[string]bool, len(header))
	for _, h := range header {
		folded[fold(h)] = true
	}
	return folded
}

// buildPlan maps a header row: Options.Map first, then the recognised platform's columns, then
// our template's headers and the synonyms. It does not require any column; check does.
func buildPlan(header []string, opt Options) (*plan, error) {
	folded := foldedSet(header)
	mapped, err := resolveMap(folded, opt.Map)
	if err != nil {
		return nil, err
	}
	p := &plan{cols: make([]colPlan, len(header))}
	v := detectVendor(folded)
	if v != nil {
		p.source, p.stripQuote = v.name, v.stripQuote
	} else {
		p.source = detectTemplate(header)
	}
	for i, h := range header {
		f := fold(h)
		c := colPlan{header: strings.TrimSpace(h), target: -1, label: strings.TrimSpace(h)}
		if t, ok := mapped[f]; ok {
			c.target, c.via = t, viaMap // Via stays "map" for a column the map ignores
		} else if vc, ok := v.lookup(f); ok {
			c.target, c.xf, c.fallback, c.appendNote, c.omit = vc.target, vc.xf, vc.fallback, vc.extra, vc.omit
			if vc.label != "" {
				c.label = vc.label
			}
			if c.target >= 0 {
				c.via = viaVendor
			}
		} else if t, via := targetOf(h); via != "" {
			c.target, c.via = t, via
		}
		if c.xf == xNone && c.target >= 0 && c.target < customer.NumFields {
			switch customer.Fields[c.target].Kind {
			case customer.KindYesNo:
				c.xf = xConsent
			case customer.KindDate:
				c.xf = xBirthday
			case customer.KindChoice:
				c.xf = xTitle
			}
		}
		p.cols[i] = c
	}
	if err := p.resolve(); err != nil {
		return nil, err
	}
	return p, nil
}

// resolveMap reads Options.Map against the folded cells of a header row: the target of each
// mapped header by its folded header. It fails naming every target that is no field, or else
// every header the row does not have.
func resolveMap(folded map[string]bool, m map[string]string) (map[string]int, error) {
	mapped := make(map[string]int, len(m))
	var notField [][2]string // header, target
	var noColumn []string
	for h, target := range m {
		t, ok := parseTarget(target)
		if !ok {
			notField = append(notField, [2]string{strings.TrimSpace(h), strings.TrimSpace(target)})
			continue
		}
		f := fold(h)
		if f == "" || !folded[f] {
			noColumn = append(noColumn, strings.TrimSpace(h))
			continue
		}
		mapped[f] = t
	}
	switch {
	case len(notField) == 1:
		return nil, fileError(nil, "mapping_not_field", args("column", notField[0][0], "target", notField[0][1]))
	case len(notField) > 1:
		targets := make([]string, len(notField))
		for i, nf := range notField {
			targets[i] = nf[1]
		}
		return nil, fileError(nil, "mapping_not_fields", args("targets", sortedList(targets)))
	case len(noColumn) == 1:
		return nil, fileError(nil, "mapping_no_column", args("column", noColumn[0]))
	case len(noColumn) > 1:
		return nil, fileError(nil, "mapping_no_columns", args("columns", sortedList(noColumn)))
	}
	return mapped, nil
}

// sortedList is a {quoted:…} message argument: the distinct items, sorted.
func sortedList(items []string) string {
	slices.Sort(items)
	return strings.Join(slices.Compact(items), "\n")
}

// CheckMap checks opt.Map, a mapping of the headers of the file at path, as OpenWith reads the
// file with it: every target a field, every header one of the file's, every required field
// filled by a column (mapped, or recognised by its header when the map leaves it out) unless
// opt.Mode lets an update go without. It returns the map with each target as its catalogue key
// or FullNameKey ("" for an ignored column), the form in which a mapping is saved. Its errors are
// OpenWith's, EFile naming what is wrong.
func CheckMap(path string, limits Limits, opt Options) (map[string]string, error) {
	r, err := OpenWith(path, limits, opt)
	if err != nil {
		return nil, err
	}
	if err := r.Close(); err != nil {
		return nil, err
	}
	out := make(map[string]string, len(opt.Map))
	for h, target := range opt.Map {
		t, _ := parseTarget(target)
		out[h] = targetKey(t)
	}
	return out, nil
}

// lookup is vendor.column on a possibly nil vendor.
func (v *vendor) lookup(folded string) (vendorColumn, bool) {
	if v == nil {
		return vendorColumn{}, false
	}
	return v.column(folded)
}

// resolve settles columns that name the same field. A mapped or platform column decides as it
// says; otherwise our template's header (or key) wins over a synonym, whose column is ignored;
// the first note column is the note and later ones are added to it; a full-name column is used
// only where first and last name columns are blank; two columns of equal standing are an error.
func (p *plan) resolve() error {
	byTarget := map[int][]int{}
	for i, c := range p.cols {
		if c.target >= 0 && !c.fallback && !c.appendNote {
			byTarget[c.target] = append(byTarget[c.target], i)
		}
	}
	for t, idx := range byTarget {
		if len(idx) < 2 {
			continue
		}
		if t == customer.FNote {
			for _, i := range idx[1:] {
				p.cols[i].appendNote = true
			}
			continue
		}
		// Mapped and platform columns: the later ones fill in.
		first := idx[0]
		rest := idx[1:]
		if p.cols[first].via == viaMap || p.cols[first].via == viaVendor {
			for _, i := range rest {
				p.cols[i].fallback = true
			}
			continue
		}
		var exact []int
		for _, i := range idx {
			if p.cols[i].via == viaHeader || p.cols[i].via == viaMap || p.cols[i].via == viaVendor {
				exact = append(exact, i)
			}
		}
		switch len(exact) {
		case 1:
			for _, i := range idx {
				if i != exact[0] {
					p.cols[i].target, p.cols[i].via = -1, ""
					p.cols[i].how = fmt.Sprintf("not read: column %s “%s” is the %s", columnName(exact[0]), p.cols[exact[0]].header, targetName(t))
					p.cols[i].lostTo, p.cols[i].lostAs = exact[0], t
				}
			}
		case 0:
			return fileError(nil, "columns_could_be", args("field", targetKey(t),
				"col1", columnName(idx[0]), "header1", p.cols[idx[0]].header, "col2", columnName(idx[1]), "header2", p.cols[idx[1]].header))
		default:
			return fileError(nil, "columns_twice", args("field", targetKey(t), "col1", columnName(exact[0]), "col2", columnName(exact[1])))
		}
	}
	hasFirst, hasLast := false, false
	for _, c := range p.cols {
		hasFirst = hasFirst || (c.target == customer.FFirstName && !c.fallback)
		hasLast = hasLast || (c.target == customer.FLastName && !c.fallback)
	}
	for i := range p.cols {
		if p.cols[i].target == fullName && (hasFirst || hasLast) {
			p.cols[i].fallback = true
		}
	}
	return nil
}

// covers reports which targets the plan fills (fallbacks included).
func (p *plan) covers() [customer.NumFields + 1]bool {
	var seen [customer.NumFields + 1]bool
	for _, c := range p.cols {
		if c.target >= 0 {
			seen[c.target] = true
		}
	}
	if seen[fullName] {
		seen[customer.FFirstName], seen[customer.FLastName] = true, true
	}
	return seen
}

// score rates the plan's header row as a header: the number of distinct targets it names, plus
// a bonus when it names every required field.
func (p *plan) score() int {
	seen := p.covers()
	n := 0
	for _, s := range seen[:customer.NumFields] {
		if s {
			n++
		}
	}
	for i, f := range customer.Fields {
		if f.Required && !seen[i] {
			return n
		}
	}
	return n + customer.NumFields
}

// missing returns the required fields that neither a column nor a default fills, for an import
// in mode.
func (p *plan) missing(mode customer.Mode, defaults customer.Defaults) []int {
	seen := p.covers()
	return customer.MissingColumns(mode, func(i int) bool { return seen[i] || defaults.Has(i) })
}

// check returns the EFile error for missing required columns, for an import in mode with
// defaults.
func (p *plan) check(mode customer.Mode, defaults customer.Defaults) error {
	var missing []string
	for _, i := range p.missing(mode, defaults) {
		missing = append(missing, customer.Fields[i].Key)
	}
	id := "column_missing"
	if len(missing) > 1 {
		id = "columns_missing"
	}
	if mode == customer.ModeUpsert {
		// An update needs either the names or a column saying whom each row updates.
		id += "_update"
	}
	var a map[string]string
	switch len(missing) {
	case 0:
		return nil
	case 1:
		a = args("field", missing[0])
	default:
		a = args("fields", strings.Join(missing, "\n"))
	}
	if mode == customer.ModeUpsert {
		a["account"], a["email"], a["mobile"] = "account_number", "email", "mobile"
	}
	return fileError(nil, id, a)
}

// mapping describes the plan for people and programs.
func (p *plan) mapping() []ColumnMapping {
	m := make([]ColumnMapping, len(p.cols))
	for i, c := range p.cols {
		m[i] = ColumnMapping{Column: i, Letter: columnName(i), Header: c.header, Field: targetKey(c.target), Via: c.via, How: p.how(c)}
	}
	return m
}

// how says in a few words what is done to a column's values.
func (p *plan) how(c colPlan) string {
	if c.target < 0 {
		return c.how
	}
	var parts []string
	switch {
	case c.target == fullName && c.fallback:
		parts = append(parts, "split into First Name and Last Name where those are blank")
	case c.target == fullName:
		parts = append(parts, "split into First Name and Last Name")
	case c.appendNote:
		parts = append(parts, fmt.Sprintf("added to Note as “%s: …” (not when zero)", c.label))
	case c.fallback:
		parts = append(parts, "used where the other "+targetName(c.target)+" column is blank")
	}
	switch c.xf {
	case xUnsubscribed:
		parts = append(parts, "true → No (unsubscribed); false → blank")
	case xPoints:
		parts = append(parts, "a whole balance becomes points; a fraction is kept in Note")
	case xBirthdayUS:
		parts = append(parts, "MM-DD-YYYY read as a US date; a birthday without a year is left blank")
	}
	return strings.Join(parts, "; ")
}

// noteSep separates the note from what other columns add to it.
const noteSep = "; "

// apply maps one row's cells to the catalogue's fields, with the problems found on the way.
func (p *plan) apply(cells []string) (customer.Values, []customer.Problem) {
	var v customer.Values
	var warns []customer.Problem
	var extras []string
	var names []string // full-name cells
	for pass := 0; pass < 2; pass++ {
		// By pointer: a colPlan is 120 bytes, too large to copy for every cell of every row (here
		// and into convert; BenchmarkReadCSV10000).
		for i := range p.cols {
			c := &p.cols[i]
			if i >= len(cells) || c.target < 0 || c.fallback != (pass == 1) {
				continue
			}
			s := cells[i]
			if p.stripQuote {
				s = stripQuote(s)
			}
			if customer.BlankCell(s) {
				continue
			}
			switch {
			case c.target == fullName:
				names = append(names, s)
				continue
			case c.appendNote:
				// A zero count or sum, or a platform's default, says nothing about the customer.
				t := strings.TrimSpace(s)
				if n, ok := wholeBalance(t); !(ok && n == "0") && !strings.EqualFold(t, c.omit) {
					extras = append(extras, c.label+": "+t)
				}
				continue
			}
			if pass == 1 && !customer.BlankCell(v[c.target]) {
				continue
			}
			s, extra, warn := convert(c, s)
			if extra != "" {
				extras = append(extras, extra)
			}
			if warn != nil {
				warns = append(warns, *warn)
			}
			v[c.target] = s
		}
	}
	if len(names) > 0 && customer.BlankCell(v[customer.FFirstName]) && customer.BlankCell(v[customer.FLastName]) {
		first, last, guess := splitName(names[0])
		v[customer.FFirstName], v[customer.FLastName] = first, last
		switch {
		case guess && last == "":
			warns = append(warns, customer.NewProblemMsg(customer.FFirstName, customer.WarnNameSplit, "name_one_word",
				map[string]string{"value": first}))
		case guess:
			warns = append(warns, customer.NewProblemMsg(customer.FFirstName, customer.WarnNameSplit, "name_split",
				map[string]string{"value": strings.Join(strings.Fields(names[0]), " "), "first": first, "last": last}))
		}
	}
	if len(extras) > 0 {
		note := strings.TrimSpace(v[customer.FNote])
		all := append([]string{}, extras...)
		if note != "" {
			all = append([]string{note}, extras...)
		}
		joined := strings.Join(all, noteSep)
		if max := customer.Fields[customer.FNote].MaxLen; utf8.RuneCountInString(joined) > max {
			warns = append(warns, customer.NewProblemMsg(customer.FNote, customer.WarnNoteFull, "note_full",
				map[string]string{"value": strings.Join(extras, noteSep), "max": strconv.Itoa(max)}))
		} else {
			v[customer.FNote] = joined
		}
	}
	// In catalogue order, as the rules give theirs.
	slices.SortStableFunc(warns, func(a, b customer.Problem) int {
		return customer.FieldByKey(a.Field) - customer.FieldByKey(b.Field)
	})
	return v, warns
}

// stripQuote removes the apostrophe a platform puts before a number to keep a spreadsheet from
// reading it as one ("'0150", "'+4791234567", "'7493781586013"). Only a quote before a digit or
// a plus sign is removed: an apostrophe before a word is the customer's ("'Tante' Olga").
func stripQuote(s string) string {
	t := strings.TrimLeft(s, " ")
	if len(t) >= 2 && t[0] == '\'' && (t[1] == '+' || (t[1] >= '0' && t[1] <= '9')) {
		return t[1:]
	}
	return s
}

var (
	// dayMonth is a birthday without a year: 05-14, 14.05., 5/14.
	dayMonth = regexp.MustCompile(`^\s*-{0,2}(\d{1,2})[-./](\d{1,2})\.?\s*$`)
	// usDate is Square's MM-DD-YYYY.
	usDate = regexp.MustCompile(`^\s*(\d{1,2})-(\d{1,2})-(\d{4})\s*$`)
	// balance is a number with an optional fraction; spaces, and commas or dots before three
	// digits, are thousands separators.
	balance = regexp.MustCompile(`^(\d+)(?:[.,](\d+))?$`)
)

// consentWords are what platforms write for a marketing consent besides the yes/no words
// customer.ParseYesNo reads. Square's "Unknown" and never-asked states are blank: no consent is
// recorded, so the default (No) applies without pretending the customer refused.
var consentWords = map[string]string{
	"subscribed": "Yes", "opted in": "Yes", "opt in": "Yes", "opt-in": "Yes", "granted": "Yes", "accepted": "Yes",
	"unsubscribed": "No", "opted out": "No", "opt out": "No", "opt-out": "No", "declined": "No", "denied": "No",
	"not subscribed": "No", "never subscribed": "", "unknown": "", "pending": "", "not_subscribed": "No",
}

// convert applies a column's cellXform to a non-blank cell. extra is text for the note; warn a
// row warning.
func convert(c *colPlan, s string) (out, extra string, warn *customer.Problem) {
	if c.xf == xNone {
		return s, "", nil
	}
	t := strings.TrimSpace(s)
	switch c.xf {
	case xConsent:
		// Every consent word has six letters or more; the common yes/no words are shorter and
		// are left to the rules without the cost of lower-casing every cell.
		if len(t) >= 6 {
			for word, w := range consentWords {
				if strings.EqualFold(t, word) {
					return w, "", nil
				}
			}
		}
	case xUnsubscribed:
		if yn, ok := customer.ParseYesNo(t); ok {
			if yn == "Yes" {
				return "No", "", nil
			}
			return "", "", nil
		}
	case xPoints:
		whole, ok := wholeBalance(t)
		if ok {
			return whole, "", nil
		}
		if _, isNum := numberParts(t); isNum {
			p := customer.NewProblemMsg(customer.FLoyaltyPoints, customer.WarnPointsNotWhole, "points_not_whole",
				map[string]string{"balance": t})
			return "", c.header + ": " + t, &p
		}
	case xBirthday, xBirthdayUS:
		if c.xf == xBirthdayUS {
			if m := usDate.FindStringSubmatch(t); m != nil {
				return fmt.Sprintf("%s-%02s-%02s", m[3], pad2(m[1]), pad2(m[2])), "", nil
			}
		}
		if dayMonth.MatchString(t) {
			p := customer.NewProblemMsg(customer.FBirthDate, customer.WarnBirthdayNoYear, "birthday_no_year",
				map[string]string{"value": t})
			return "", "", &p
		}
	case xTitle:
		// Only a known title loses its dot: anything else is left for the rules to judge whole.
		if u := strings.TrimSuffix(t, "."); u != t && slices.ContainsFunc(customer.Titles, func(w string) bool { return strings.EqualFold(w, u) }) {
			return u, "", nil
		}
	}
	return s, "", nil
}

func pad2(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}

// numberParts returns a balance's digits before and after the decimal mark, with thousands
// separators removed; ok is false when s is not a plain non-negative number.
func numberParts(s string) ([2]string, bool) {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00a0', '\u202f', '\u2009':
			return -1
		}
		return r
	}, s)
	// "1,250.00" and "1.250,00": the first of two different marks separates thousands.
	if i, j := strings.IndexByte(s, ','), strings.IndexByte(s, '.'); i >= 0 && j >= 0 {
		if i < j {
			s = strings.ReplaceAll(s, ",", "")
		} else {
			s = strings.ReplaceAll(s, ".", "")
		}
	}
	m := balance.FindStringSubmatch(s)
	if m == nil {
		return [2]string{}, false
	}
	return [2]string{m[1], m[2]}, true
}

// wholeBalance returns a balance as a whole number when it is one ("120.00" → "120").
func wholeBalance(s string) (string, bool) {
	parts, ok := numberParts(s)
	if !ok || strings.Trim(parts[1], "0") != "" {
		return "", false
	}
	n := strings.TrimLeft(parts[0], "0")
	if n == "" {
		n = "0"
	}
	return n, true
}

// nameParticles start a family name when they follow the given names: "Jan van der Berg",
// "Ingrid de Vries". Compared in lower case.
var nameParticles = map[string]bool{
	"van": true, "von": true, "der": true, "den": true, "de": true, "da": true, "di": true, "del": true, "la": true, "le": true, "af": true, "av": true,
}

// splitName splits a whole name into first and last name. "Last, First" is read as written. Two
// words are first and last name. Otherwise the split is a guess (guess is true): one word is a
// first name with no last name (the row then needs a last name); with three or more, a particle
// (van, de, af, …) starts the last name, else the last word is the last name and the others are
// given names ("Anne Marie Hansen"), which is how Norwegian and Polish names are most often
// written, though a double family name ("Kari Nordmann Berg") would be split wrongly.
func splitName(s string) (first, last string, guess bool) {
	if i := strings.IndexByte(s, ','); i >= 0 {
		l, f := strings.Join(strings.Fields(s[:i]), " "), strings.Join(strings.Fields(s[i+1:]), " ")
		if l != "" && f != "" {
			return f, l, false
		}
		s = l + " " + f
	}
	w := strings.Fields(s)
	switch len(w) {
	case 0:
		return "", "", false
	case 1:
		return w[0], "", true
	case 2:
		return w[0], w[1], false
	}
	for i := 1; i < len(w)-1; i++ {
		if nameParticles[strings.ToLower(w[i])] {
			return strings.Join(w[:i], " "), strings.Join(w[i:], " "), true
		}
	}
	return strings.Join(w[:len(w)-1], " "), w[len(w)-1], true
}

// IsReadWarning reports whether a row warning code is one reading a file gives (Row.Warnings),
// as opposed to one the row rules give: an importer that checks a row again keeps these, since
// the rules cannot find them from the values.
func IsReadWarning(c customer.Code) bool {
	switch c {
	case customer.WarnNameSplit, customer.WarnBirthdayNoYear, customer.WarnPointsNotWhole, customer.WarnNoteFull:
		return true
	}
	return false
}
