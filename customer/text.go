package customer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// trimCell removes surrounding white space from a cell: ASCII spaces, tabs and line breaks, the
// no-break spaces spreadsheets and web pages paste in (U+00A0, U+202F), and the invisible
// zero-width space and byte-order mark, which users cannot see and so cannot remove themselves.
func trimCell(s string) string {
	// Most cells begin and end with a printable ASCII character and need no trimming; saying so
	// from two bytes spares decoding the runes of both ends.
	if n := len(s); n > 0 && s[0] > ' ' && s[0] < utf8.RuneSelf && s[n-1] > ' ' && s[n-1] < utf8.RuneSelf {
		return s
	}
	return strings.TrimFunc(s, isCellSpace)
}

// isCellSpace reports whether r is white space for trimming cells.
func isCellSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' || r == '\u2060'
}

// charCount returns the number of characters in s as a person counts them for a maximum length:
// code points of the composed form (NFC), so that "Å" typed on a Mac, which may arrive decomposed
// as A and a combining ring, counts once, as it does when typed elsewhere.
//
// Text already in NFC (all ASCII, and most names typed or exported) is counted as it is, sparing
// every cell an NFC copy (BenchmarkPrepare).
func charCount(s string) int {
	if norm.NFC.QuickSpanString(s) == len(s) {
		return utf8.RuneCountInString(s)
	}
	return utf8.RuneCountInString(norm.NFC.String(s))
}

// storable reports whether s can be stored as text: valid UTF-8 without NUL characters. Both
// databases refuse anything else, and such text means the file was read in the wrong encoding.
func storable(s string) bool {
	return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}

// onlyASCIIDigits reports whether s is non-empty and holds only the digits 0-9.
func onlyASCIIDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// allZeros reports whether s is non-empty and holds only '0'.
func allZeros(s string) bool {
	return s != "" && strings.Trim(s, "0") == ""
}

// unneutralise undoes the CSV-injection guard of our own export (and of Shopify's and others'):
// a cell written as '=SUM(…), '+4791234567 or '-5 comes back without the quote, so that an
// exported file imports again as unchanged. A quote before anything else is the user's text.
func unneutralise(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.IndexByte("=+-@\t\r", s[1]) >= 0 {
		return s[1:]
	}
	return s
}
