package customer

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// NormalizeEmail returns s trimmed, and whether it is a plausible email address: one "@", a local
// part of dot-separated atoms (letters in any script, digits and !#$%&'*+-/=?^_`{|}~), and a
// domain of at least two dot-separated labels (letters in any script, digits and inner hyphens)
// whose last label is not all digits. Spaces, quoted local parts, comments and IP-address
// domains are refused: they are legal in RFC 5322 but in a shop's customer list they are typing
// mistakes. The case is kept, because the local part may be case-sensitive; compare addresses
// with KeysOf, which lower-cases them.
func NormalizeEmail(s string) (string, bool) {
	s = trimCell(s)
	if !utf8.ValidString(s) || strings.Count(s, "@") != 1 {
		return s, false
	}
	local, domain, _ := strings.Cut(s, "@")
	if !emailLocalOK(local) || !emailDomainOK(domain) {
		return s, false
	}
	return s, true
}

func emailLocalOK(local string) bool {
	if local == "" || len(local) > 64 {
		return false
	}
	for _, atom := range strings.Split(local, ".") {
		if atom == "" {
			return false // leading, trailing or doubled dot
		}
		for _, r := range atom {
			if !isWordRune(r) && !strings.ContainsRune("!#$%&'*+-/=?^_`{|}~", r) {
				return false
			}
		}
	}
	return true
}

func emailDomainOK(domain string) bool {
	if len(domain) > 253 {
		return false
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, r := range l {
			if !isWordRune(r) && r != '-' {
				return false
			}
		}
	}
	tld := labels[len(labels)-1]
	return utf8.RuneCountInString(tld) >= 2 && !onlyASCIIDigits(tld)
}

// isWordRune reports whether r is a letter, a digit or a combining mark (which belongs to the
// letter before it in decomposed text).
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}
