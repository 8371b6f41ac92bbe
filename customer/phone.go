package customer

import (
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/nyaruka/phonenumbers"
)

// phoneFix says what NormalizePhone added to a number that a spreadsheet had mangled.
type phoneFix int

const (
	phoneFixNone phoneFix = iota
	phoneFixZero          // a leading 0 (trunk prefix or part of the number) was restored
	phoneFixPlus          // a leading + was restored: the digits began with a country code
)

// phoneResult is the full outcome of reading a phone number, for messages.
type phoneResult struct {
	e164     string
	fix      phoneFix
	readings []string // when ambiguous: the numbers the digits could be
	ok       bool
}

// NormalizePhone reads s as a phone number and returns it in E.164 ("+4791234567"). Numbers
// without a country code are read as numbers of country (ISO alpha-2); "00" is read as the
// international prefix. Spaces, dashes, dots, slashes and parentheses are ignored, as is a
// leading apostrophe (a spreadsheet's text marker).
//
// Spreadsheets store phone numbers as numbers, which drops leading zeros and plus signs and may
// write them as "4.7912345E+09" or "91234567.0". NormalizePhone converts such exact integers back
// to digits, and when the digits are not a valid number as given, tries them with a leading 0
// and with a leading +, accepting the result only when exactly one reading is valid. restoredZero
// reports that a 0 or + was added (the caller should warn), also when the digits were read as
// starting with the country's calling code ("4791234567" in NO).
//
// ok is false when s is not a valid number (by libphonenumber's metadata) or when it has no
// country code and country is blank.
func NormalizePhone(s, country string) (e164 string, restoredZero bool, ok bool) {
	r := readPhone(s, country)
	return r.e164, r.fix != phoneFixNone, r.ok
}

func readPhone(s, country string) phoneResult {
	s = trimCell(s)
	s = trimCell(strings.TrimPrefix(s, "'"))
	if d, ok := spreadsheetInteger(s); ok {
		s = d
	}
	digits, plus, ok := phoneDigits(s)
	if !ok || len(digits) > 20 {
		return phoneResult{}
	}
	if !plus && strings.HasPrefix(digits, "00") {
		plus, digits = true, digits[2:]
	}
	if plus {
		e, ok := validPhone("+"+digits, "ZZ")
		return phoneResult{e164: e, ok: ok}
	}
	country = strings.ToUpper(country)
	if country == "" {
		return phoneResult{}
	}
	if num, ok := parsePhone(digits, country); ok {
		e, ok := e164(num)
		if !ok {
			return phoneResult{}
		}
		return phoneResult{e164: e, fix: howRead(digits, num, e), ok: true}
	}
	if digits[0] == '0' {
		return phoneResult{}
	}
	// Not valid as given: the spreadsheet may have dropped a 0 or a +.
	var found []string
	if e, ok := validPhone("0"+digits, country); ok {
		found = append(found, e)
	}
	if e, ok := validPhone("+"+digits, "ZZ"); ok && !slices.Contains(found, e) {
		found = append(found, e)
	}
	switch len(found) {
	case 1:
		fix := phoneFixZero
		if found[0] == "+"+digits {
			fix = phoneFixPlus
		}
		return phoneResult{e164: found[0], fix: fix, ok: true}
	case 2:
		return phoneResult{readings: found}
	}
	return phoneResult{}
}

// howRead says whether libphonenumber had to add to digits (a number without country code) to
// make num, whose E.164 form is e: a trunk 0 the national form has and the digits lack
// ("7400123456" in GB), or a + before digits that start with the calling code ("4791234567" in
// NO).
//
// Digits that are the national significant number itself, in a region whose national form is
// that number and nothing more (plainNational: Norway, Poland and most regions without a trunk
// prefix), had nothing added, and the national form is not written: phonenumbers.Format chooses
// the region's format by regular expressions, the costliest step left in reading a number.
// TestHowReadMatchesFormat holds the shortcut to Format.
func howRead(digits string, num *phonenumbers.PhoneNumber, e string) phoneFix {
	cc := int(num.GetCountryCode())
	if p := formatPlan(cc); p != nil && p.plainNational && digits == e[1+len(p.countryCode):] {
		return phoneFixNone
	}
	return howReadByFormat(digits, num)
}

// howReadByFormat is howRead by the national form of num as phonenumbers.Format writes it.
func howReadByFormat(digits string, num *phonenumbers.PhoneNumber) phoneFix {
	cc := int(num.GetCountryCode())
	national, _, _ := phoneDigits(phonenumbers.Format(num, phonenumbers.NATIONAL))
	switch {
	case digits == national:
		return phoneFixNone
	case "0"+digits == national:
		return phoneFixZero
	case strings.HasPrefix(digits, strconv.Itoa(cc)):
		return phoneFixPlus
	}
	return phoneFixNone
}

// formatPlan returns the plan whose metadata phonenumbers.Format formats numbers of calling
// code cc by (that of the code's main region), or nil when there is none.
func formatPlan(cc int) *phonePlan {
	t := phonePlans()
	if t == nil {
		return nil
	}
	return t.forCallingCode(cc, phonenumbers.GetRegionCodeForCountryCode(cc))
}

// plainNational reports whether phonenumbers.Format writes every national number of m's region
// as its national significant number with only spaces and punctuation added: the region has no
// national prefix, and each national format's pattern is a row of groups that its format writes
// back in order, with no digits of its own in the format or the national prefix rule.
func plainNational(m *phonenumbers.PhoneMetadata) bool {
	if m.GetNationalPrefix() != "" || len(m.GetNumberFormat()) == 0 {
		return false
	}
	for _, f := range m.GetNumberFormat() {
		groups, ok := topLevelGroups(f.GetPattern())
		if !ok || f.GetDomesticCarrierCodeFormattingRule() != "" || hasDigit(f.GetNationalPrefixFormattingRule()) {
			return false
		}
		// The format names the groups $1 … $n, in order and each once, around non-digits.
		format, next := f.GetFormat(), 1
		for i := 0; i < len(format); i++ {
			switch c := format[i]; {
			case c == '$' && next <= 9 && i+1 < len(format) && format[i+1] == byte('0'+next):
				next++
				i++
			case c >= '0' && c <= '9' || c == '$':
				return false
			}
		}
		if next-1 != groups {
			return false
		}
	}
	return true
}

// topLevelGroups counts the capturing groups of a pattern that is nothing but capturing groups
// one after the other, none inside another ("(\d{3})(\d{2})(\d{3})"); ok is false for any
// other pattern.
func topLevelGroups(pattern string) (n int, ok bool) {
	depth := 0
	for i := 0; i < len(pattern); i++ {
		switch c := pattern[i]; {
		case c == '\\':
			if depth == 0 {
				return 0, false
			}
			i++ // an escaped character, whatever it is
		case c == '(':
			capturing := i+1 >= len(pattern) || pattern[i+1] != '?'
			if depth == 0 {
				if !capturing {
					return 0, false
				}
				n++
			} else if capturing {
				return 0, false // a group inside a group shifts the numbers
			}
			depth++
		case c == ')':
			depth--
		case depth == 0:
			return 0, false
		}
	}
	if depth != 0 || n == 0 {
		return 0, false
	}
	return n, true
}

func hasDigit(s string) bool {
	return strings.ContainsAny(s, "0123456789")
}

// validPhone parses s in region and returns its E.164 form when it is a valid number.
func validPhone(s, region string) (string, bool) {
	num, ok := parsePhone(s, region)
	if !ok {
		return "", false
	}
	return e164(num)
}

// maxE164Digits is E.164's limit on a number's digits, country code included.
const maxE164Digits = 15

// e164 formats num in E.164 and reports whether it fits E.164. libphonenumber's metadata calls
// some longer numbers valid (Nigeria's 13-digit national numbers after +234 make 16 digits), but
// such a number cannot be stored or dialled as E.164, so it is not a valid phone number here.
//
// The form is written here as phonenumbers.Format writes E.164 — "+", the calling code, then the
// national significant number with its Italian leading zeros — without Format's builders and
// region lookups, which every phone cell of every row would pay (BenchmarkPrepare).
// TestE164MatchesLibrary holds the two to the same text.
func e164(num *phonenumbers.PhoneNumber) (string, bool) {
	var buf [40]byte
	e := append(buf[:0], '+')
	e = strconv.AppendInt(e, int64(num.GetCountryCode()), 10)
	if num.GetItalianLeadingZero() {
		for range min(int(num.GetNumberOfLeadingZeros()), phonenumbers.MAX_LENGTH_FOR_NSN) {
			e = append(e, '0')
		}
	}
	e = strconv.AppendUint(e, num.GetNationalNumber(), 10)
	if len(e)-1 > maxE164Digits {
		return "", false
	}
	return string(e), true
}

// parsePhone parses s in region and reports whether it is a valid number. A panic inside the
// library on hostile input is turned into "not valid": one bad cell must not stop an import.
// s is digits after at most a '+' (see readPhone), which parseDigits parses without the
// library's general-purpose regular expressions, and validNumber tells its validity by the
// library's metadata with the expressions compiled once (phonevalid.go).
func parsePhone(s, region string) (num *phonenumbers.PhoneNumber, ok bool) {
	defer func() {
		if recover() != nil {
			num, ok = nil, false
		}
	}()
	num, err := parseDigits(s, region)
	if err != nil || !validNumber(num) {
		return nil, false
	}
	return num, true
}

// phoneDigits returns the digits of a written phone number and whether it starts with "+". It
// accepts only digits, white space, '-', '.', '/', '(', ')' and a '+' before the first digit: letters (vanity
// numbers, "ext. 12") cannot be stored in E.164, so they make the number invalid.
func phoneDigits(s string) (digits string, plus bool, ok bool) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && b.Len() == 0 && !plus: // "+47 …", also "(+47) …"
			plus = true
		case unicode.IsSpace(r), strings.ContainsRune("-./()\u2010\u2011\u2012\u2013\u2014\u2212", r):
		default:
			return "", false, false
		}
	}
	return b.String(), plus, b.Len() > 0
}

// spreadsheetInteger converts a number that a spreadsheet wrote as a decimal or in scientific
// notation ("91234567.0", "4.7912345E+09", "4,7912345E+09") to its plain digits, when it is an
// exact integer of at most 20 digits. Anything else is not converted.
func spreadsheetInteger(s string) (string, bool) {
	mant, exp, hasExp := strings.Cut(strings.ToUpper(s), "E")
	intPart, frac, hasFrac := strings.Cut(mant, ".")
	if !hasFrac {
		intPart, frac, hasFrac = strings.Cut(mant, ",")
	}
	if !onlyASCIIDigits(intPart) || (hasFrac && !onlyASCIIDigits(frac)) || (!hasExp && !hasFrac) {
		return "", false
	}
	if intPart[0] == '0' {
		return "", false // spreadsheets write no leading zeros; this is a written number
	}
	shift := 0
	if hasExp {
		exp = strings.TrimPrefix(exp, "+")
		if !onlyASCIIDigits(exp) || len(exp) > 2 {
			return "", false
		}
		shift, _ = strconv.Atoi(exp)
	}
	digits := intPart + frac
	shift -= len(frac)
	if shift < 0 {
		cut := len(digits) + shift
		if !allZeros(digits[cut:]) {
			return "", false // not an integer
		}
		digits = digits[:cut]
	} else {
		digits += strings.Repeat("0", shift)
	}
	if len(digits) > 20 {
		return "", false
	}
	return digits, true
}
