package customer

import (
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hbollon/go-edlib"
)

// emailTypo is a mistyped email domain and the address with it corrected.
type emailTypo struct {
	suggestion string // the whole address, its domain replaced by target
	domain     string // the domain as typed
	target     string // the common domain it looks like a slip of
}

// target is a domain to correct to, with what the comparison needs of it computed once.
type target struct {
	name  string
	runes int
	edits int    // the most edits a typed domain may be from it
	chars uint64 // charSet(name)
}

var targets = func() []target {
	ts := make([]target, len(typoTargets))
	for i, t := range typoTargets {
		n := utf8.RuneCountInString(t)
		ts[i] = target{name: t, runes: n, edits: maxTypoEdits(n), chars: charSet(t)}
	}
	return ts
}()

// charSet is the set of characters in s, as bits: one for each ASCII letter and digit, '.' and
// '-', and one for all other bytes.
func charSet(s string) uint64 {
	var set uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z':
			set |= 1 << (c - 'a')
		case c >= '0' && c <= '9':
			set |= 1 << (26 + c - '0')
		case c == '.':
			set |= 1 << 36
		case c == '-':
			set |= 1 << 37
		default:
			set |= 1 << 38
		}
	}
	return set
}

// editsAtLeast is a lower bound of the edit distance between strings with the character sets
// a and b: an edit brings at most one character into a string and takes at most one out (all
// bytes of a rune share a bit, so one rune is one character here too).
func editsAtLeast(a, b uint64) int {
	return max(bits.OnesCount64(a&^b), bits.OnesCount64(b&^a))
}

// maxTypoEdits is how many edits a typed domain may be from a target of n runes and still be
// taken for a slip of it. Two edits on a short domain reach too many real ones ("wp.pl" is two
// from "o2.pl", "onet.pl" from "onet.eu"), so short targets allow one.
func maxTypoEdits(n int) int {
	if n < 9 {
		return 1
	}
	return 2
}

// checkEmailDomain returns the correction of email's domain when it is not a known domain and is
// within a few edits (insert, delete, substitute, transpose adjacent characters) of exactly one
// common domain; ok is false otherwise, and when there is a tie. email is a trimmed cell; when it
// is not a valid address ("kari@onet.p"), neither need the suggestion be.
//
// The suggestion keeps the local part as typed, and writes the domain in capitals when it was
// typed in capitals (emails are compared ignoring case, so that is only for the eye).
//
// An address at a known domain costs one map lookup, the only cost most rows pay. Otherwise the
// typed domain is compared with each target of a length and a set of characters within reach
// (editsAtLeast), by the optimal string alignment form of the Damerau-Levenshtein distance
// (go-edlib), which differs from the unrestricted one only when a transposed pair is edited
// again, not what one slip of the fingers does. The cheap bounds come first because the library
// allocates at each call (see the package doc).
func checkEmailDomain(email string) (t emailTypo, ok bool) {
	at := strings.IndexByte(email, '@')
	if at < 0 {
		return t, false
	}
	local, domain := email[:at], email[at+1:]
	if knownDomain(domain) || strings.IndexByte(domain, '@') >= 0 {
		return t, false
	}
	d := strings.ToLower(domain)
	n, chars := utf8.RuneCountInString(d), charSet(d)
	best, bestDist, tie := "", 0, false
	for _, c := range targets {
		if n < c.runes-c.edits || n > c.runes+c.edits || editsAtLeast(chars, c.chars) > c.edits {
			continue
		}
		dist := edlib.OSADamerauLevenshteinDistance(d, c.name)
		switch {
		case dist > c.edits:
		case best == "" || dist < bestDist:
			best, bestDist, tie = c.name, dist, false
		case dist == bestDist:
			tie = true
		}
	}
	if best == "" || tie {
		return t, false
	}
	fixed := best
	if isUpper(domain) {
		fixed = strings.ToUpper(best)
	}
	return emailTypo{suggestion: local + "@" + fixed, domain: domain, target: best}, true
}

// knownDomain reports whether domain, ignoring case, is in knownDomains. An ASCII domain of up
// to 64 bytes is lowered in a buffer on the stack, so that one typed in capitals costs no
// allocation either.
func knownDomain(domain string) bool {
	var buf [64]byte
	if len(domain) > len(buf) {
		return knownDomains[strings.ToLower(domain)]
	}
	for i := 0; i < len(domain); i++ {
		c := domain[i]
		switch {
		case c >= utf8.RuneSelf:
			return knownDomains[strings.ToLower(domain)]
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return knownDomains[string(buf[:len(domain)])]
}

// isEmail reports whether NormalizeEmail accepts s.
func isEmail(s string) bool {
	_, ok := NormalizeEmail(s)
	return ok
}

// isUpper reports whether s has capitals and no small letters.
func isUpper(s string) bool {
	upper := false
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		upper = upper || unicode.IsUpper(r)
	}
	return upper
}
