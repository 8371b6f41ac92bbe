package sheet

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/clientele/clientele/customer"
)

// Preview is what a mapping step shows of a file before any row is checked: its columns, their
// first values and a suggested field for each.
type Preview struct {
	Source    string          `json:"source"`    // the recognised platform (Reader.Source), "" when none
	Signature string          `json:"signature"` // HeaderSignature of the header row
	HeaderRow int             `json:"header_row"`
	Columns   []PreviewColumn `json:"columns"` // one per header cell, in file order
	// Missing are the keys of required fields no suggestion fills ("first_name", "last_name");
	// a FullNameKey column fills both.
	Missing []string `json:"missing"`
	// Ready says the file imports as it is, with no mapping step: nothing is missing and every
	// suggestion is one Open makes (a header, synonym or platform column, not a guess).
	Ready bool `json:"ready"`

	// Missing and Ready are for a create-only import; MissingFor and ReadyFor say them for
	// either mode from these.
	sure     bool // every suggestion is one Open makes
	suggests [customer.NumFields + 1]bool
}

// MissingFor returns the keys of the required fields no suggestion fills for an import in mode:
// none in ModeUpsert when a suggestion is an identity field (customer.MissingColumns).
func (pv *Preview) MissingFor(mode customer.Mode) []string {
	missing := []string{}
	for _, i := range customer.MissingColumns(mode, func(i int) bool { return pv.suggests[i] }) {
		missing = append(missing, customer.Fields[i].Key)
	}
	return missing
}

// ReadyFor is Ready for an import in mode.
func (pv *Preview) ReadyFor(mode customer.Mode) bool {
	return pv.sure && len(pv.MissingFor(mode)) == 0
}

// PreviewColumn is one column of a Preview.
type PreviewColumn struct {
	Column  int      `json:"column"` // 0-based
	Letter  string   `json:"letter"` // A, B, …
	Header  string   `json:"header"`
	Samples []string `json:"samples"` // up to five first non-blank values, as read
	Field   string   `json:"field"`   // the suggested target: a catalogue key, FullNameKey, or "" (ignore)
	// Reason says why: "header", "synonym", "vendor", "map" (PreviewWith's map; Field is ""
	// when it ignores the column), "similar header", "values look like emails" (phone numbers,
	// postcodes, dates, yes/no answers, whole numbers, street addresses, full names), or "" with
	// no suggestion.
	Reason     string  `json:"reason"`
	Confidence float64 `json:"confidence"` // 0 to 1: 1 header or vendor, 0.95 synonym, less for guesses
}

// Target is a field a column can be mapped to.
type Target struct {
	Key      string `json:"key"`
	Header   string `json:"header"` // English
	Required bool   `json:"required"`
}

// Targets lists the targets of a mapping step's choice, in template order, then FullNameKey.
func Targets() []Target {
	t := make([]Target, 0, customer.NumFields+1)
	for _, f := range customer.Fields {
		t = append(t, Target{Key: f.Key, Header: f.Header, Required: f.Required})
	}
	return append(t, Target{Key: FullNameKey, Header: "Full name (split into First Name and Last Name)"})
}

// previewSamples is how many values of each column a Preview shows, and previewRows how many
// rows it reads to find them.
const (
	previewSamples = 5
	previewRows    = 200
)

// HeaderSignature returns a short stable hash of a header row: the folded cells in order, blank
// ones included, so that a mapping confirmed for one file is offered again for the next file with
// the same headers, whatever their case, spacing or BOM.
func HeaderSignature(headers []string) string {
	h := sha256.New()
	for _, c := range headers {
		io.WriteString(h, fold(c))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// PreviewFile reads the header row of a customer file (found as Open finds it) and its first
// rows, and suggests a field for each column. It does not require any column. It returns the
// EFile errors Open returns for a file that cannot be read, but not those about its columns.
func PreviewFile(path string, limits Limits) (*Preview, error) {
	return PreviewWith(path, limits, Options{})
}

// PreviewWith is PreviewFile with the columns opt.Map maps taken as mapped (their Reason is
// "map"), so that Ready says whether the file reads with that map and no more: the CLI's
// --map. A field with one of opt.Defaults is not Missing. It returns OpenWith's errors for a map that does not fit the file's header row.
func PreviewWith(path string, limits Limits, opt Options) (*Preview, error) {
	limits = limits.withDefaults()
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fileError(err, "file_missing", nil)
		}
		return nil, fileError(err, "file_unreadable", nil)
	}
	src, _, err := openSource(f, path, limits)
	if err != nil {
		return nil, err
	}
	defer src.close()
	r := &Reader{src: src, limits: limits, warned: map[string]bool{}}
	var look []rawRow
	for len(look) < headerSearchRows {
		num, cells, err := src.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if err := r.checkCells(num, cells); err != nil {
			return nil, err
		}
		if !blankCells(cells) {
			look = append(look, rawRow{num: num, cells: slices.Clone(cells)})
		}
	}
	if len(look) == 0 {
		return nil, fileError(nil, "file_empty", nil)
	}
	best := chooseHeader(look, opt)
	header := look[best].cells
	pv := &Preview{Signature: HeaderSignature(header), HeaderRow: look[best].num, Columns: make([]PreviewColumn, len(header))}
	for i, h := range header {
		pv.Columns[i] = PreviewColumn{Column: i, Letter: columnName(i), Header: strings.TrimSpace(h), Samples: []string{}}
	}
	// Samples: the queued rows, then more from the source.
	rows := look[best+1:]
	add := func(cells []string) {
		for i, c := range cells {
			if i < len(pv.Columns) && !customer.BlankCell(c) && len(pv.Columns[i].Samples) < previewSamples {
				pv.Columns[i].Samples = append(pv.Columns[i].Samples, strings.TrimSpace(c))
			}
		}
	}
	for _, row := range rows {
		add(row.cells)
	}
	for n := len(rows); n < previewRows; n++ {
		num, cells, err := src.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if err := r.checkCells(num, cells); err != nil {
			return nil, err
		}
		add(cells)
	}
	// A map that does not fit the header is the person's mistake, to be told; buildPlan's other
	// errors are the file's, which the preview lets the person settle.
	mapped, err := resolveMap(foldedSet(header), opt.Map)
	if err != nil {
		return nil, err
	}
	p, err := buildPlan(header, opt)
	if err != nil {
		// Two columns of equal standing for one field: suggest each column on its own, and let
		// the person choose.
		p = &plan{cols: make([]colPlan, len(header))}
		for i, h := range header {
			t, via := targetOf(h)
			if mt, ok := mapped[fold(h)]; ok {
				t, via = mt, viaMap
			}
			p.cols[i] = colPlan{header: h, target: t, via: via}
		}
		p.cols = dropDuplicateTargets(p.cols)
	}
	pv.Source = p.source
	suggest(pv, p, opt.Defaults)
	return pv, nil
}

// dropDuplicateTargets keeps the first column of each target.
func dropDuplicateTargets(cols []colPlan) []colPlan {
	seen := map[int]bool{}
	for i := range cols {
		if t := cols[i].target; t >= 0 {
			if seen[t] {
				cols[i].target, cols[i].via = -1, ""
			}
			seen[t] = true
		}
	}
	return cols
}

// suggest fills the Preview's suggestions: the plan's where it has one, then similar headers,
// then what the values look like, never giving a field two columns by a guess.
func suggest(pv *Preview, p *plan, defaults customer.Defaults) {
	taken := map[int]bool{}
	ready := true
	for i, c := range p.cols {
		if c.target < 0 {
			if c.via == viaMap {
				pv.Columns[i].Reason, pv.Columns[i].Confidence = viaMap, 1
			}
			continue
		}
		pc := &pv.Columns[i]
		pc.Field, pc.Reason = targetKey(c.target), c.via
		pc.Confidence = 1
		if c.via == viaSynonym {
			pc.Confidence = 0.95
		}
		if !c.fallback && !c.appendNote {
			taken[c.target] = true
		}
	}
	for i := range pv.Columns {
		pc := &pv.Columns[i]
		// A recognised platform's or template's columns are all known: what they do not map is
		// not stored, and a guess would only add a wrong suggestion.
		if p.source != "" || pc.Field != "" || (pc.Header == "" && len(pc.Samples) == 0) || p.cols[i].how != "" || p.cols[i].via == viaMap {
			continue
		}
		if t, sim := similarHeader(pc.Header); t >= 0 && !taken[t] {
			pc.Field, pc.Reason, pc.Confidence = targetKey(t), "similar header", round2(0.9*sim)
			taken[t] = true
			ready = false
			continue
		}
		if t, what, share := valuesLookLike(pc.Samples); t >= 0 && !taken[t] {
			// Yes/no values could answer any question; a consent is only suggested weakly.
			weight := 0.7
			if t == customer.FEmailOptIn {
				weight = 0.5
			}
			pc.Field, pc.Reason, pc.Confidence = targetKey(t), "values look like "+what, round2(weight*share)
			taken[t] = true
			ready = false
		}
	}
	for _, pc := range pv.Columns {
		if t, ok := parseTarget(pc.Field); ok && t >= 0 {
			pv.suggests[t] = true
		}
	}
	if pv.suggests[fullName] {
		pv.suggests[customer.FFirstName], pv.suggests[customer.FLastName] = true, true
	}
	// A field with a default is filled in every row, as by a column.
	for i := range customer.NumFields {
		pv.suggests[i] = pv.suggests[i] || defaults.Has(i)
	}
	pv.sure = ready
	pv.Missing = pv.MissingFor(customer.ModeCreate)
	pv.Ready = pv.ReadyFor(customer.ModeCreate)
}

func round2(x float64) float64 { return float64(int(x*100+0.5)) / 100 }

// similarHeader returns the target whose header, key or synonym is most like h (folded), when
// the Jaro-Winkler similarity is at least 0.88 and the lengths differ by one letter at most, with
// the similarity; else -1. It catches typing slips and spellings the synonym lists lack
// ("Emial", "Postkode", "Etternvan"). The length rule keeps a word that merely begins like a
// header ("Customer ID", "First visit", "Kundetype") from being taken for it, which
// Jaro-Winkler's bonus for a shared beginning would otherwise do.
func similarHeader(h string) (int, float64) {
	f := fold(h)
	n := len([]rune(f))
	if n < 3 {
		return -1, 0
	}
	best, bestSim := -1, 0.0
	consider := func(word string, t int) {
		if d := len([]rune(word)) - n; d < -1 || d > 1 {
			return
		}
		if s := jaroWinkler(f, word); s > bestSim {
			best, bestSim = t, s
		}
	}
	for w, t := range headerTargets {
		consider(w, t)
	}
	for w, t := range synonymTargets {
		consider(w, t)
	}
	if bestSim < 0.88 {
		return -1, 0
	}
	return best, bestSim
}

// jaroWinkler returns the Jaro-Winkler similarity of a and b, from 0 (nothing alike) to 1
// (equal). It suits short words with slips and shared beginnings, which headers are.
func jaroWinkler(a, b string) float64 {
	s, t := []rune(a), []rune(b)
	if len(s) == 0 || len(t) == 0 {
		return 0
	}
	window := max(len(s), len(t))/2 - 1
	window = max(window, 0)
	sm, tm := make([]bool, len(s)), make([]bool, len(t))
	matches := 0
	for i := range s {
		lo, hi := max(0, i-window), min(len(t), i+window+1)
		for j := lo; j < hi; j++ {
			if !tm[j] && s[i] == t[j] {
				sm[i], tm[j] = true, true
				matches++
				break
			}
		}
	}
	if matches == 0 {
		return 0
	}
	transpositions, k := 0, 0
	for i := range s {
		if !sm[i] {
			continue
		}
		for !tm[k] {
			k++
		}
		if s[i] != t[k] {
			transpositions++
		}
		k++
	}
	m := float64(matches)
	jaro := (m/float64(len(s)) + m/float64(len(t)) + (m-float64(transpositions)/2)/m) / 3
	prefix := 0
	for prefix < min(4, len(s), len(t)) && s[prefix] == t[prefix] {
		prefix++
	}
	return jaro + float64(prefix)*0.1*(1-jaro)
}

var (
	looksEmail    = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	looksPhone    = regexp.MustCompile(`^\+?[\d\s().\-/]{6,20}$`)
	looksPostcode = regexp.MustCompile(`^(\d{4,5}|\d{2}-\d{3}|[A-Za-z]{1,2}\d[A-Za-z\d]?\s?\d[A-Za-z]{2})$`)
	looksWhole    = regexp.MustCompile(`^\d{1,7}([.,]0+)?$`)
	// looksAddress is a street and a house number, either way round: "Storgata 1", "ul. Długa
	// 5/12", "Kongens gate 12 B", "12 High Street".
	looksAddress = regexp.MustCompile(`^(\p{L}[\p{L}.'’-]*\s+)+\d{1,4}\s?[A-Za-z]?(/\d{1,4})?$|^\d{1,5}[A-Za-z]?\s+\p{L}[\p{L}.'’-]*(\s+\p{L}[\p{L}.'’-]*)*$`)
	looksName    = regexp.MustCompile(`^\p{Lu}[\p{L}'’-]+(\s+\p{Lu}[\p{L}'’-]+){1,3}$`)
)

// valueShapes are what a column's values can look like, in the order they are tried: a more
// particular shape before a looser one (a postcode is also a whole number).
var valueShapes = []struct {
	what   string
	target int
	match  func(string) bool
}{
	{"emails", customer.FEmail, looksEmail.MatchString},
	{"dates", customer.FBirthDate, func(s string) bool {
		_, ok := customer.ParseDate(s, "nb", time.Now())
		return ok
	}},
	{"yes/no answers", customer.FEmailOptIn, func(s string) bool { _, ok := customer.ParseYesNo(s); return ok }},
	{"postcodes", customer.FPostcode, looksPostcode.MatchString},
	{"phone numbers", customer.FMobile, func(s string) bool {
		digits := 0
		for _, r := range s {
			if unicode.IsDigit(r) {
				digits++
			}
		}
		return looksPhone.MatchString(s) && digits >= 8
	}},
	{"whole numbers", customer.FLoyaltyPoints, looksWhole.MatchString},
	{"street addresses", customer.FAddress1, looksAddress.MatchString},
	{"full names", fullName, looksName.MatchString},
}

// valuesLookLike returns the target whose shape at least four in five samples have, what the
// shape is called, and the share of samples that have it; -1 when none fits or there are fewer
// than two samples.
func valuesLookLike(samples []string) (int, string, float64) {
	if len(samples) < 2 {
		return -1, "", 0
	}
	for _, sh := range valueShapes {
		n := 0
		for _, s := range samples {
			if sh.match(s) {
				n++
			}
		}
		if share := float64(n) / float64(len(samples)); share >= 0.8 {
			return sh.target, sh.what, share
		}
	}
	return -1, "", 0
}

// ParseMap reads the CLI's --map text: header=target pairs separated by commas, as in
// "E-post=Email,Mobil=Mobile,Kundetype=-". A header or target that holds a comma or '=' is
// written in double quotes. Targets are checked by OpenWith, against the file.
func ParseMap(s string) (map[string]string, error) {
	m := map[string]string{}
	var parts []string
	var cur strings.Builder
	quoted := false
	for _, r := range s {
		switch {
		case r == '"':
			quoted = !quoted
		case r == ',' && !quoted:
			parts = append(parts, cur.String())
			cur.Reset()
		case r == '=' && !quoted:
			cur.WriteRune('\x00')
		default:
			cur.WriteRune(r)
		}
	}
	if quoted {
		return nil, fmt.Errorf("unclosed quote in %q", s)
	}
	parts = append(parts, cur.String())
	for _, p := range parts {
		if strings.TrimSpace(p) == "" {
			continue
		}
		h, t, ok := strings.Cut(p, "\x00")
		if !ok || strings.Contains(t, "\x00") || strings.TrimSpace(h) == "" {
			return nil, fmt.Errorf("%q is not HEADER=FIELD", strings.ReplaceAll(p, "\x00", "="))
		}
		m[strings.TrimSpace(h)] = strings.TrimSpace(t)
	}
	if len(m) == 0 {
		return nil, fmt.Errorf("no HEADER=FIELD pairs in %q", s)
	}
	return m, nil
}
