package customer

import (
	"strings"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// isoCountries holds the officially assigned ISO 3166-1 alpha-2 codes, plus XK (Kosovo), which
// is user-assigned but used by the European Commission, banks and phone numbering. The list is
// ours rather than golang.org/x/text's region table because that table also accepts withdrawn
// and reserved codes (AN, YU, SU, EU, UN, …) that are not countries a customer lives in.
const isoCountries = "" +
	"AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ " +
	"BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
	"CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ " +
	"DE DJ DK DM DO DZ " +
	"EC EE EG EH ER ES ET " +
	"FI FJ FK FM FO FR " +
	"GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY " +
	"HK HM HN HR HT HU " +
	"ID IE IL IM IN IO IQ IR IS IT " +
	"JE JM JO JP " +
	"KE KG KH KI KM KN KP KR KW KY KZ " +
	"LA LB LC LI LK LR LS LT LU LV LY " +
	"MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ " +
	"NA NC NE NF NG NI NL NO NP NR NU NZ " +
	"OM " +
	"PA PE PF PG PH PK PL PM PN PR PS PT PW PY " +
	"QA " +
	"RE RO RS RU RW " +
	"SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ " +
	"TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ " +
	"UA UG UM US UY UZ " +
	"VA VC VE VG VI VN VU " +
	"WF WS " +
	"XK " +
	"YE YT " +
	"ZA ZM ZW"

var (
	countryCodes = map[string]bool{}   // ISO alpha-2 → true
	countryNames = map[string]string{} // folded name → ISO alpha-2
	countryTitle = map[string]string{} // ISO alpha-2 → English name, for messages
)

func init() {
	for _, c := range strings.Fields(isoCountries) {
		countryCodes[c] = true
	}
	for _, c := range countryTable {
		countryTitle[c.code] = c.names[0]
		for _, n := range c.names {
			countryNames[foldCountryName(n)] = c.code
		}
	}
}

// Countries returns the ISO 3166-1 alpha-2 codes CountryCode accepts, in alphabetical order: what
// a shop chooses its country from.
func Countries() []string {
	return strings.Fields(isoCountries)
}

// CountryCode returns the ISO 3166-1 alpha-2 code, upper-case, for s: a two-letter code in any
// case ("no", "Pl"), a three-letter code ("NOR", "pol"), or a country's name in English, Norwegian
// (bokmål or nynorsk) or Polish ("Norway", "Norge", "Noreg", "Polska", "Wielka Brytania", "UK").
// Names are matched ignoring case, accents, dots and extra spaces. ok is false for anything else,
// including blank input. The names table covers Europe, North America and the countries most
// often seen in Norwegian, Polish and British shops; other countries are accepted by code.
func CountryCode(s string) (code string, ok bool) {
	s = trimCell(s)
	if s == "" || len(s) > 100 {
		return "", false
	}
	if len(s) == 2 {
		if u := strings.ToUpper(s); countryCodes[u] {
			return u, true
		}
	}
	if c, ok := countryNames[foldCountryName(s)]; ok {
		return c, true
	}
	if len(s) == 3 && isASCIILetters(s) {
		u := strings.ToUpper(s)
		if r, err := language.ParseRegion(u); err == nil && r.ISO3() == u && countryCodes[r.String()] {
			return r.String(), true
		}
	}
	return "", false
}

// countryName returns the English name of an ISO alpha-2 code, or "" when the names table does
// not hold it.
func countryName(code string) string {
	return countryTitle[code]
}

func isASCIILetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// foldCountryName folds a country name for lookup: lower case, accents removed (so "Wlochy"
// finds "Włochy" and "Osterrike" finds "Østerrike"), dots dropped ("U.K."), "&" read as "and",
// hyphens and runs of spaces read as one space, and a leading "the" dropped.
func foldCountryName(s string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r), r == '.', r == '\'', r == '’':
			continue
		case unicode.IsSpace(r) || r == '-' || r == '_' || r == ',':
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		switch r {
		case 'ø':
			b.WriteByte('o')
		case 'æ':
			b.WriteString("ae")
		case 'ł':
			b.WriteByte('l')
		case 'ß':
			b.WriteString("ss")
		case 'đ':
			b.WriteByte('d')
		case '&':
			b.WriteString("and")
		default:
			b.WriteRune(r)
		}
	}
	return strings.TrimPrefix(b.String(), "the ")
}
