package customer

import (
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxFileNameBytes is the longest file name an import keeps, in bytes.
const MaxFileNameBytes = 200

// CleanFileName makes the name of an uploaded or imported file fit to store and show: its last
// path element only (a name is never used as a path), valid UTF-8 (a byte sequence that is not
// becomes U+FFFD, so a Windows-1252 name from an old browser shows as readable as it can),
// without control characters (PostgreSQL refuses NUL in text), and at most MaxFileNameBytes
// bytes, cut between characters. An empty result is "upload".
func CleanFileName(name string) string {
	name = strings.ToValidUTF8(name, "\uFFFD")
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if len(name) > MaxFileNameBytes {
		cut := MaxFileNameBytes
		for cut > 0 && !utf8.RuneStart(name[cut]) {
			cut--
		}
		name = name[:cut]
	}
	if name == "" || name == "." || name == "/" || name == ".." {
		return "upload"
	}
	return name
}
