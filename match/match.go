package match

import (
	"slices"
	"strings"

	"github.com/clientele/clientele/customer"
	"github.com/hbollon/go-edlib"
)

// Threshold is the score at and above which two customers are likely the same person, chosen
// on the labelled corpus in testdata (TestCorpus).
const Threshold = 0.62

// The weights of the score (see Compare).
const (
	baseWeight     = 0.55 // of the name alone
	emailWeight    = 0.30
	phoneWeight    = 0.30
	addressWeight  = 0.25
	postcodeWeight = 0.15
	maxEvidence    = 0.45
	conflictWeight = 0.15 // taken off for each contact given on both sides that differs
	minNameSim     = 0.80 // below it the names are another person's, whatever the contacts say
	lowNameFactor  = 0.75
)

// phoneSuffixLen is how many of a phone's last digits identify it: a Norwegian number without
// its country code, and all but the first digit of a Polish one, so that a number written with
// and without its country code (or with a wrong one) is one.
const phoneSuffixLen = 8

// Result is how alike two customers are.
type Result struct {
	Score   float64  // 0 (nothing alike) to 1 (the same in every compared field)
	Reasons []string // what is alike: "name", "address", "postcode", "email", "phone", in this order
}

// Likely reports whether the two customers are likely the same person.
func (r Result) Likely() bool {
	return r.Score >= Threshold
}

// Keys returns the blocking keys of a customer: two customers that may be the same person share
// at least one. They are, for each word of the last name, its phonetic key with the first two
// letters of the first name's and the postcode ("n:NRMN:KR:0150"), the same the other way round
// ("n:KR:NR:0150"; so a slip in either name, and a swapped name, still shares a key), the
// email's local part without dots ("e:karinordmann"), and the last digits of each phone
// ("p:91234567"). The first name's letters keep a block to the people of one name and place: on
// a million customers of the usual surnames, the surname and postcode alone put dozens of
// strangers in a block, and one letter of the first name a few. A customer without any of those
// has no keys.
func Keys(v *customer.Values) []string {
	return ProfileOf(v).Keys()
}

// Profile is what Compare and Keys read of a customer, folded once: a caller that compares one
// customer with many keeps its Profile.
type Profile struct{ p profile }

// ProfileOf folds a customer's values for comparing.
func ProfileOf(v *customer.Values) *Profile {
	return &Profile{profileOf(v)}
}

// Keys returns the customer's blocking keys, as Keys does.
func (pr *Profile) Keys() []string {
	keys, _ := pr.keys(false)
	return keys
}

// KeysAndLookup returns the customer's blocking keys (Keys) and those of them worth looking up
// among the stored customers for a row whose exact identity keys (account number, email, mobile)
// were looked up already. Left out are:
//   - the key of the row's own mobile, whose stored customers are, but for one who has the
//     number as another phone, the customer the mobile identifies;
//   - the name keys of the first name's words with the last name's letters: a stored customer
//     holds both kinds, so the row's keys of the last name's words with the first name's letters
//     still find the same name with a slip in the first name (the stored customer's key of the
//     same kind) and the swapped name (the stored customer's other kind). What only they find
//     is a slip in the last name that changes its phonetic key: on the corpus, recall 0.969
//     without them against 0.973 with them.
//
// Leaving the name keys out looks up a quarter fewer keys on the corpus (1,371 against 1,865), and
// took the bench's dry run against a million customers from 5.9 s to 4.5-4.8 s.
func (pr *Profile) KeysAndLookup() (keys, lookup []string) {
	return pr.keys(true)
}

// keys returns the blocking keys, sorted, each once, and with lookup the lookup keys as well.
func (pr *Profile) keys(lookup bool) (all, look []string) {
	p := &pr.p
	if p.postcode != "" {
		for dir, pair := range [][2]part{{p.last, p.first}, {p.first, p.last}} {
			other := pair[1].norphone
			if other == "" {
				continue
			}
			other = other[:min(2, len(other))]
			for _, w := range pair[0].words {
				if len(w) >= 2 {
					if k := norphone(w); k != "" {
						k = "n:" + k + ":" + other + ":" + p.postcode
						all = append(all, k)
						if lookup && dir == 0 {
							look = append(look, k)
						}
					}
				}
			}
		}
	}
	if len(p.localKey) >= 3 {
		all = append(all, "e:"+p.localKey)
		if lookup {
			look = append(look, "e:"+p.localKey)
		}
	}
	for _, s := range p.phones {
		all = append(all, "p:"+s)
		if lookup && s != p.mobile {
			look = append(look, "p:"+s)
		}
	}
	slices.Sort(all)
	slices.Sort(look)
	return slices.Compact(all), slices.Compact(look)
}

// Compare scores how alike two customers are. The score is the names' similarity (the better of
// first with first and last with last, or the other way round), times the weight of the contacts
// that agree (the same address, else the same postcode; the same email or local part; a phone's
// same last digits), less the weight of the contacts given on both sides that differ (email,
// mobile). Names less alike than minNameSim are another person's, and score lower whatever the
// contacts say: a family shares an address, a landline and sometimes an email.
func Compare(a, b *customer.Values) Result {
	return compare(profileOf(a), profileOf(b))
}

// Compare scores how alike the customers of pr and q are, as Compare does.
func (pr *Profile) Compare(q *Profile) Result {
	return compare(pr.p, q.p)
}

func compare(a, b profile) Result {
	name := max(
		combine(partSim(a.first, b.first), partSim(a.last, b.last)),
		combine(partSim(a.first, b.last), partSim(a.last, b.first)),
	)
	var reasons []string
	if name >= minNameSim {
		reasons = append(reasons, "name")
	}
	evidence, conflicts := 0.0, 0
	switch {
	case a.sameAddress(b):
		evidence += addressWeight
		reasons = append(reasons, "address")
	case a.postcode != "" && a.postcode == b.postcode:
		evidence += postcodeWeight
		reasons = append(reasons, "postcode")
	}
	if a.email != "" && b.email != "" {
		switch same, other := a.emails(b); {
		case same:
			evidence += emailWeight
			reasons = append(reasons, "email")
		case other:
			conflicts++
		}
	}
	if a.samePhone(b) {
		evidence += phoneWeight
		reasons = append(reasons, "phone")
	} else if a.mobile != "" && b.mobile != "" {
		conflicts++
	}
	evidence = min(evidence, maxEvidence) - conflictWeight*float64(conflicts)
	score := name * (baseWeight + evidence)
	if name < minNameSim {
		score *= lowNameFactor
	}
	return Result{Score: round2(max(0, min(1, score))), Reasons: reasons}
}

func round2(f float64) float64 {
	return float64(int(f*100+0.5)) / 100
}

// combine is the similarity of a whole name from that of its parts: their mean, pulled down
// towards the weaker part, so that one part alike cannot make up for another that is not (a
// family's members share the last name).
func combine(first, last float64) float64 {
	return 0.5*(first+last)/2 + 0.5*min(first, last)
}

// part is one folded name part: its words, and the words written together.
type part struct {
	words    []string
	compact  string
	norphone string
}

func partOf(s string) part {
	f := fold(s)
	if f == "" {
		return part{}
	}
	c := compact(f)
	return part{words: strings.Fields(f), compact: c, norphone: norphone(c)}
}

// partSim is how alike two name parts are, 0 to 1: Jaro-Winkler on the whole, raised when one
// has a word of the other (a double or hyphenated surname, a second first name), when a word of
// one is a slip of a word of the other, or when the two sound alike.
func partSim(x, y part) float64 {
	if x.compact == "" || y.compact == "" {
		return 0
	}
	if x.compact == y.compact {
		return 1
	}
	s := jw(x.compact, y.compact)
	if len(x.words) > 1 || len(y.words) > 1 {
		for _, wx := range x.words {
			for _, wy := range y.words {
				switch {
				case wx == wy && len(wx) >= 3:
					s = max(s, 0.93)
				case len(wx) >= 4 && len(wy) >= 4:
					s = max(s, jw(wx, wy)-0.05)
				}
			}
		}
	}
	// The Daitch–Mokotoff code is computed here, for the few pairs that need it, not with the
	// profile: it was a third of ProfileOf's time.
	if x.norphone != "" && x.norphone == y.norphone || s >= 0.7 && s < 0.92 && dmSoundex(x.compact) == dmSoundex(y.compact) {
		s = max(s, 0.92)
	}
	return s
}

func jw(a, b string) float64 {
	return float64(edlib.JaroWinklerSimilarity(a, b))
}

// profile is what Compare and Keys need of a customer, folded once.
type profile struct {
	first, last part
	email       string // lower-cased
	local       string // the email's local part, without a +tag
	domain      string // the email's domain
	localKey    string // local without dots and other separators
	mobile      string // the mobile's last digits
	phones      []string
	street      string // address line 1 as given: folded only when compared (sameAddress)
	postcode    string // folded, without spaces
	city        string // as given, as street
}

func profileOf(v *customer.Values) profile {
	p := profile{
		first:    partOf(v[customer.FFirstName]),
		last:     partOf(v[customer.FLastName]),
		email:    strings.ToLower(strings.TrimSpace(v[customer.FEmail])),
		mobile:   phoneSuffix(v[customer.FMobile]),
		street:   strings.TrimSpace(v[customer.FAddress1]),
		postcode: compact(fold(v[customer.FPostcode])),
		city:     strings.TrimSpace(v[customer.FCity]),
	}
	if at := strings.LastIndexByte(p.email, '@'); at > 0 {
		p.local, p.domain = p.email[:at], p.email[at+1:]
		if plus := strings.IndexByte(p.local, '+'); plus > 0 {
			p.local = p.local[:plus]
		}
		p.localKey = compact(fold(p.local))
	}
	for _, s := range []string{p.mobile, phoneSuffix(v[customer.FPhone])} {
		if s != "" && !slices.Contains(p.phones, s) {
			p.phones = append(p.phones, s)
		}
	}
	return p
}

// phoneSuffix is the last phoneSuffixLen digits of a phone, or "" when it has fewer.
func phoneSuffix(s string) string {
	d := digits(s)
	if len(d) < phoneSuffixLen {
		return ""
	}
	return d[len(d)-phoneSuffixLen:]
}

func digits(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// sameAddress reports whether p and q live at one address: the same street and number (a slip
// in the street's name allowed, none in its number), and the same postcode, or the same town when
// a postcode is missing.
func (p profile) sameAddress(q profile) bool {
	if p.street == "" || q.street == "" || digits(p.street) != digits(q.street) {
		return false
	}
	if ps, qs := compact(fold(p.street)), compact(fold(q.street)); ps != qs && jw(ps, qs) < 0.93 {
		return false
	}
	switch {
	case p.postcode != "" && q.postcode != "":
		return p.postcode == q.postcode
	default:
		return p.city != "" && fold(p.city) == fold(q.city)
	}
}

// emails compares two emails, both given: same when they are one person's (the same address,
// the same local part on a domain a slip away: kari.nordmann@gmial.com, or one slip in a long
// local part on the same domain: kari.nordman@gmail.com); other when they are another person's,
// which the same local part at another provider is not said to be: one person may have both.
func (p profile) emails(q profile) (same, other bool) {
	switch {
	case p.email == q.email:
		return true, false
	case p.domain == q.domain:
		same = len(p.local) >= 6 && abs(len(p.local)-len(q.local)) <= 1 &&
			edlib.OSADamerauLevenshteinDistance(p.local, q.local) <= 1
		return same, !same
	case len(p.localKey) >= 5 && p.localKey == q.localKey:
		return edlib.OSADamerauLevenshteinDistance(p.domain, q.domain) <= 2, false
	default:
		return false, true
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// samePhone reports whether p and q share a phone number (any of mobile and phone with any).
func (p profile) samePhone(q profile) bool {
	for _, s := range p.phones {
		if slices.Contains(q.phones, s) {
			return true
		}
	}
	return false
}
