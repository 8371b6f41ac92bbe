package customer

import (
	"slices"
	"strings"
)

// SearchText returns the text a customer search matches for a customer with values v: account
// number, full name (first and last, so that "ola nordmann" matches), company, email, mobile,
// phone, postcode and city, lower-cased, one per line.
func SearchText(v *Values) string {
	name := strings.TrimSpace(v[FFirstName] + " " + v[FLastName])
	return strings.ToLower(strings.Join([]string{v[FAccount], name, v[FCompany], v[FEmail], v[FMobile],
		v[FPhone], v[FPostcode], v[FCity]}, "\n"))
}

// Search is a parsed customer search: a customer matches when its SearchText contains, for every
// term, at least one of the term's alternatives. No terms match every customer.
type Search struct {
	Terms [][]string
}

// minPhoneDigits is how many digits a query needs before it is also looked for as a phone
// number: fewer are more likely part of a postcode or an account number ("90-0"), and matching
// their digits alone would find half the shop.
const minPhoneDigits = 5

// ParseSearch reads what someone typed into the customer search, in a shop whose phone numbers
// without a country code are country's (ISO alpha-2).
//
// A query that looks like a phone number (digits with spaces, dashes, dots, slashes, parentheses
// and a leading "+") is one term: as typed, its digits alone ("912 34 567" finds +4791234567),
// and, when it is a whole number, its E.164 form ("0047 91234567", "+47 912 34 567"); a leading
// "00" or "+" is the international prefix, so "0047 912" finds +4791234567 too. Any other query
// is split into words, each of which must match somewhere, in any order ("Nordmann Kari" finds
// Kari Nordmann); words that look like a phone number are read as one ("Kari 912 34 567").
func ParseSearch(query, country string) Search {
	q := strings.ToLower(strings.TrimSpace(query))
	if q == "" {
		return Search{}
	}
	if t, ok := phoneTerm(q, country); ok {
		return Search{Terms: [][]string{t}}
	}
	var s Search
	add := func(t []string) {
		if !slices.ContainsFunc(s.Terms, func(u []string) bool { return slices.Equal(t, u) }) {
			s.Terms = append(s.Terms, t)
		}
	}
	words := strings.Fields(q)
	for i := 0; i < len(words); i++ {
		// Words written like parts of a phone number, side by side, are one number.
		j := i
		for j < len(words) && phoneLike(words[j]) {
			j++
		}
		if j > i {
			if t, ok := phoneTerm(strings.Join(words[i:j], " "), country); ok {
				add(t)
				i = j - 1
				continue
			}
		}
		add([]string{words[i]})
	}
	return s
}

// phoneLike reports whether w is written with a phone number's characters only.
func phoneLike(w string) bool {
	_, _, ok := phoneDigits(w)
	return ok
}

// phoneTerm returns the alternatives of q read as a phone number (q itself first), or false when
// q is not written like one or has fewer than minPhoneDigits digits.
func phoneTerm(q, country string) ([]string, bool) {
	digits, plus, ok := phoneDigits(q)
	if !ok || len(digits) < minPhoneDigits {
		return nil, false
	}
	alt := []string{q}
	add := func(s string) {
		if s != "" && !slices.Contains(alt, s) {
			alt = append(alt, s)
		}
	}
	if !plus && strings.HasPrefix(digits, "00") {
		plus, digits = true, digits[2:]
	}
	if plus {
		add("+" + digits)
	} else {
		add(digits)
	}
	if e, _, ok := NormalizePhone(q, country); ok {
		add(strings.ToLower(e))
	}
	// A text that contains one alternative's part contains it: keep the part only, one LIKE less.
	return slices.DeleteFunc(slices.Clone(alt), func(a string) bool {
		return slices.ContainsFunc(alt, func(b string) bool { return b != a && strings.Contains(a, b) })
	}), true
}

// Matches reports whether a customer whose SearchText is text is found by s: the stores' queries
// do the same in SQL, and their contract test holds them to it.
func (s Search) Matches(text string) bool {
	for _, t := range s.Terms {
		if !slices.ContainsFunc(t, func(a string) bool { return strings.Contains(text, a) }) {
			return false
		}
	}
	return true
}
