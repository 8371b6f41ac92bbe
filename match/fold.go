package match

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// letterFolds are the letters that decomposition does not bring to ASCII, written as a Nordic or
// Polish reader would spell them without the letter.
var letterFolds = map[rune]string{
	'å': "a", 'ø': "o", 'æ': "ae", 'ł': "l", 'ß': "ss", 'đ': "d", 'ð': "d", 'þ': "th", 'œ': "oe",
	'ı': "i",
}

// fold brings a name, street or city to the form names are compared in: lower-case ASCII letters
// and digits, words separated by one space. Diacritics go (ś→s, é→e, å→a), ø→o, æ→ae, ł→l, and
// every other character (hyphen, apostrophe, dot, comma) separates words, so "Hansen-Berg" is
// the words "hansen" and "berg".
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	put := func(c byte) {
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteByte(c)
	}
	for _, r := range s {
		if r < utf8.RuneSelf {
			switch {
			case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
				put(byte(r))
			case 'A' <= r && r <= 'Z':
				put(byte(r + 'a' - 'A'))
			default:
				space = true
			}
			continue
		}
		r = unicode.ToLower(r)
		if f, ok := letterFolds[r]; ok {
			for i := 0; i < len(f); i++ {
				put(f[i])
			}
			continue
		}
		kept := false
		for _, d := range norm.NFD.String(string(r)) {
			if d < utf8.RuneSelf && ('a' <= d && d <= 'z' || '0' <= d && d <= '9') {
				put(byte(d))
				kept = true
			}
		}
		if !kept && !unicode.Is(unicode.Mn, r) {
			space = true
		}
	}
	return b.String()
}

// compact is a folded text without its spaces: "hansen berg" is "hansenberg".
func compact(folded string) string {
	return strings.ReplaceAll(folded, " ", "")
}
