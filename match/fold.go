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
		f, sep := foldRune(r)
		if sep {
			space = true
		}
		for i := 0; i < len(f); i++ {
			put(f[i])
		}
	}
	return b.String()
}

// latinTable bounds the runes whose folding foldRune keeps in a table: Latin-1 and Latin
// Extended-A and -B, the letters of Nordic and Polish names. Folding them one by one through
// decomposition was most of ProfileOf's time.
const latinTable = 0x250

// latinFolds holds foldRuneSlow's answers below latinTable, "" for a separator.
var latinFolds = func() (t [latinTable]string) {
	for r := rune(utf8.RuneSelf); r < latinTable; r++ {
		if f, sep := foldRuneSlow(r); !sep {
			t[r] = f
		}
	}
	return t
}()

// foldRune folds one rune above ASCII: its letters, or sep when it separates words. A combining
// mark folds to nothing and separates nothing.
func foldRune(r rune) (f string, sep bool) {
	if r < latinTable {
		f = latinFolds[r]
		return f, f == ""
	}
	return foldRuneSlow(r)
}

func foldRuneSlow(r rune) (string, bool) {
	r = unicode.ToLower(r)
	if f, ok := letterFolds[r]; ok {
		return f, false
	}
	var b strings.Builder
	for _, d := range norm.NFD.String(string(r)) {
		if d < utf8.RuneSelf && ('a' <= d && d <= 'z' || '0' <= d && d <= '9') {
			b.WriteRune(d)
		}
	}
	if b.Len() == 0 && !unicode.Is(unicode.Mn, r) {
		return "", true
	}
	return b.String(), false
}

// compact is a folded text without its spaces: "hansen berg" is "hansenberg".
func compact(folded string) string {
	return strings.ReplaceAll(folded, " ", "")
}
