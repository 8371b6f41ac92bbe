package customer

import (
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

// target is a domain to correct to, with its length in runes, counted once.
type target struct {
	name  string
	runes int
	edits int // the most edits a typed domain may be from it
}

var targets = func() []target {
	ts := make([]target, len(typoTargets))
	for i, t := range typoTargets {
		n := utf8.RuneCountInString(t)
		ts[i] = target{name: t, runes: n, edits: maxTypoEdits(n)}
	}
	return ts
}()

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
// common domain; ok is false otherwise, and when there is a tie. email is a trimmed cell with one
// "@" and a valid local part; its domain may be invalid ("onet.p", "gmail,com").
//
// The suggestion keeps the local part as typed, and writes the domain in capitals when it was
// typed in capitals (emails are compared ignoring case, so that is only for the eye).
//
// An address at a known domain costs one map lookup, the only cost most rows pay. Otherwise the
// typed domain is compared with each target of a length within reach: the optimal string
// alignment form of the Damerau-Levenshtein distance (go-edlib), which differs from the
// unrestricted one only when a transposed pair is edited again, not what one slip of the fingers
// does.
func checkEmailDomain(email string) (t emailTypo, ok bool) {
	at := strings.IndexByte(email, '@')
	if at < 0 {
		return t, false
	}
	local, domain := email[:at], email[at+1:]
	d := strings.ToLower(domain)
	if knownDomains[d] || !emailLocalOK(local) || strings.IndexByte(d, '@') >= 0 {
		return t, false
	}
	n := utf8.RuneCountInString(d)
	best, bestDist, tie := "", 0, false
	for _, c := range targets {
		if n < c.runes-c.edits || n > c.runes+c.edits {
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
