package customer

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// nameKeySep separates the parts of a NameKey. It is a control character (US, unit separator),
// which foldPart removes from the parts, so no part can contain it; and unlike NUL, PostgreSQL
// can store it in a text column.
const nameKeySep = "\x1f"

// NameKey folds first name, last name and postcode into one key for the name + postcode
// duplicate check (FIELDS.md). Two keys are equal when the parts differ only in case (full
// Unicode case folding: "STRASSE" equals "Straße"), in surrounding or repeated white space, in
// Unicode normalisation form (NFC or NFD: "ÅSE  berg" equals "Åse Berg"), in control characters,
// or, for the postcode, in spaces ("SW1A 1AA" equals "sw1a1aa"). It returns "" when the postcode is
// blank or both names are blank, because such rows take part in no name comparison.
func NameKey(first, last, postcode string) string {
	f, l := foldPart(first), foldPart(last)
	p := strings.ReplaceAll(foldPart(postcode), " ", "")
	if p == "" || (f == "" && l == "") {
		return ""
	}
	return f + nameKeySep + l + nameKeySep + p
}

// foldPart folds one part of a NameKey: invalid UTF-8 is replaced, control characters are
// dropped, case is folded in canonical decomposition (the order Unicode prescribes for caseless
// matching), the result is composed to NFC, and white space runs become one space, trimmed.
func foldPart(s string) string {
	if f, ok := foldPrintableASCII(s); ok {
		return f
	}
	if f, ok := foldLatin(s); ok {
		return f
	}
	return foldPartFull(s)
}

// foldLatin is foldPart for text of printable ASCII and the Latin letters of Latin-1 and
// Latin Extended-A and -B (Åse, Ødegård, Łukasz, Gęślą) whose folding is one rune: each is
// folded by a table of foldPartFull's answers for it alone. That is foldPartFull's answer for the
// whole text because none of those runes combines with a neighbour in normalisation (no
// combining marks among them), which TestFoldLatinMatchesFull checks for every pair of them.
// It spares most Norwegian and Polish names x/text's folding and normalisation, a large part of
// normalising a row (BenchmarkPrepare). ok is false for any other text, which foldPartFull folds.
func foldLatin(s string) (folded string, ok bool) {
	latinFoldOnce.Do(initLatinFold)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == ' ':
			space = true
			continue
		case r < ' ' || r == 0x7f || r >= latinFoldTable:
			return "", false
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
		default:
			if r = latinFolds[r]; r == 0 {
				return "", false // also utf8.RuneError: invalid UTF-8 is foldPartFull's
			}
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String(), true
}

// latinFoldTable bounds the runes foldLatin folds: Latin-1 to the end of Latin Extended-B.
const latinFoldTable = 0x250

var (
	latinFoldOnce sync.Once
	// latinFolds holds, for each rune from U+0080 below latinFoldTable, foldPartFull's answer
	// for it alone when that is one rune that is neither white space nor a combining mark, and
	// 0 otherwise.
	latinFolds [latinFoldTable]rune
)

func initLatinFold() {
	for r := rune(utf8.RuneSelf); r < latinFoldTable; r++ {
		if isCellSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Mn, r) || norm.NFC.PropertiesString(string(r)).CCC() != 0 {
			continue
		}
		f := []rune(foldPartFull(string(r)))
		if len(f) == 1 && !unicode.Is(unicode.Mn, f[0]) {
			latinFolds[r] = f[0]
		}
	}
}

// foldPrintableASCII is foldPart for text of printable ASCII only (most names and postcodes),
// where every step but lower-casing and the white space is the identity, so that most names
// skip the Unicode folding and normalisation. ok is false for any other text, which foldPartFull
// folds.
func foldPrintableASCII(s string) (folded string, ok bool) {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] >= 0x7f {
			return "", false
		}
	}
	s = strings.ToLower(s)
	if strings.Contains(s, "  ") || strings.HasPrefix(s, " ") || strings.HasSuffix(s, " ") {
		s = strings.Join(strings.Fields(s), " ")
	}
	return s, true
}

// foldPartFull is foldPart for any text.
func foldPartFull(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
	s = norm.NFC.String(cases.Fold().String(norm.NFD.String(s)))
	if !isASCII(s) {
		s = strings.Map(stableFold, s)
	}
	return strings.Join(strings.FieldsFunc(s, isCellSpace), " ")
}

// stableFold makes folding settle on letters whose case folding goes round in a circle: x/text
// folds Cherokee capitals to small letters and those small letters back to the capitals (found by
// FuzzNameKey), so a key folded twice would differ from the key folded once. Such a pair folds to
// the lower code point of the two; every other rune is left as it is.
//
// It is called for every rune of every name that is not plain ASCII (most Norwegian and Polish
// names), and stableFoldOf builds two case folders and three strings a call: the runes below
// stableFoldTable are looked up in a table of its answers instead (BenchmarkNameKey).
func stableFold(r rune) rune {
	if r >= 0 && r < stableFoldTable {
		stableFoldOnce.Do(func() {
			for i := range stableFolds {
				stableFolds[i] = stableFoldOf(rune(i))
			}
		})
		return stableFolds[r]
	}
	return stableFoldOf(r)
}

// stableFoldTable bounds the runes whose stableFold is kept in a table: Latin, Greek, Cyrillic,
// Armenian, Hebrew and Arabic, 8 KB.
const stableFoldTable = 0x800

var (
	stableFoldOnce sync.Once
	stableFolds    [stableFoldTable]rune
)

// stableFoldOf is stableFold computed.
func stableFoldOf(r rune) rune {
	f := []rune(cases.Fold().String(string(r)))
	if len(f) != 1 || f[0] == r {
		return r
	}
	if ff := []rune(cases.Fold().String(string(f[0]))); len(ff) == 1 && ff[0] == r {
		return min(r, f[0])
	}
	return r
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
