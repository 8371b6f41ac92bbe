package customer

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/nyaruka/phonenumbers"
)

// This file holds a port of libphonenumber's parser (phonenumbers.Parse, v1.8.1) for the only
// strings readPhone hands it: ASCII digits, optionally after one leading '+'.
//
// Why (measured in the package doc): most of Parse goes to regular expressions that look
// for extensions (EXTN_PATTERN, which backtracks), RFC 3966 "tel:" parameters and the shape of a
// viable number, and to the library's regexp cache (a map behind a mutex, keyed by patterns it
// concatenates on every call). On a string of digits none of that can change the outcome: the
// extension and RFC 3966 patterns need a character that is not a digit (a letter, '#', ',', ';',
// '~', …) and viability reduces to a length. What is left is the region-specific work (international prefix, country calling code,
// national prefix and its transform rule, possible lengths), ported below step for step from
// parseHelper with its regular expressions compiled once per region, anchored as the library
// anchors them.
//
// Why it is safe: the port uses the library's own metadata (MetadataCollection) and exported
// lookups, returns the library's error values, and leaves formatting to the library; validity
// is validNumber's, held to the library's IsValidNumber the same way. TestParseDigitsMatchesLibrary holds it to phonenumbers.Parse for every
// supported region on hundreds of thousands of inputs (example numbers of every type with and
// without prefixes, truncated and extended, and random digit strings), and FuzzParseDigits keeps
// looking. Any input outside the domain, and any metadata the port does not cover, goes to
// phonenumbers.Parse. On an upgrade of the library, compare its parseHelper with this port; the
// differential test fails on a change that reaches these inputs.

// errPhoneFallback says that the fast parse does not cover an input, so the library must parse it.
var errPhoneFallback = errors.New("customer: phone number outside the fast parse's domain")

// parseDigits parses s in region exactly as phonenumbers.Parse does: the same number (country
// code, national number, leading zeros) and the same error. s should be ASCII digits, optionally
// after one leading '+'; anything else is passed to phonenumbers.Parse.
func parseDigits(s, region string) (*phonenumbers.PhoneNumber, error) {
	num, err := parseDigitsFast(s, region)
	if err == errPhoneFallback {
		return phonenumbers.Parse(s, region)
	}
	return num, err
}

// onlyPhoneDigits reports whether s is in the fast parse's domain: ASCII digits, with at most a
// '+' before them. The empty string and a lone "+" are in it (the library rejects them too).
func onlyPhoneDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c != '+' || i != 0) {
			return false
		}
	}
	return true
}

// parseDigitsFast is parseHelper(s, region, keepRawInput=false, checkRegion=true) for strings
// of digits. It returns errPhoneFallback when it cannot answer for the library.
func parseDigitsFast(s, region string) (*phonenumbers.PhoneNumber, error) {
	t := phonePlans()
	if t == nil || !onlyPhoneDigits(s) {
		return nil, errPhoneFallback
	}
	if len(s) == 0 {
		return nil, phonenumbers.ErrNotANumber
	}
	if len(s) > phonenumbers.MAX_INPUT_STRING_LENGTH {
		return nil, phonenumbers.ErrNumTooLong
	}
	// buildNationalNumberForParsing and maybeStripExtension leave digits as they are.
	// isViablePhoneNumber: at least two digits, or at least three after a plus.
	plus := s[0] == '+'
	if len(s) < phonenumbers.MIN_LENGTH_FOR_NSN || (plus && len(s) < 4) {
		return nil, phonenumbers.ErrNotANumber
	}
	// checkRegionForParsing.
	validRegion := region != "" && phonenumbers.GetSupportedRegions()[region]
	if !validRegion && !plus {
		return nil, phonenumbers.ErrInvalidCountryCode
	}
	var def *phonePlan // getMetadataForRegion(region)
	if validRegion {
		def = t.regions[region]
		if def != nil && !def.ready() {
			return nil, errPhoneFallback
		}
	}

	cc, national, err := t.extractCountryCode(s, def)
	if err == phonenumbers.ErrInvalidCountryCode && plus {
		// parseHelper strips the plus and tries again: "+0047…" in NO is 0047….
		cc, national, err = t.extractCountryCode(s[1:], def)
		if err != nil {
			return nil, err
		}
		if cc == 0 {
			return nil, phonenumbers.ErrInvalidCountryCode
		}
	} else if err != nil {
		return nil, err
	}
	plan := def
	if cc != 0 {
		if r := phonenumbers.GetRegionCodeForCountryCode(cc); r != region {
			plan = t.forCallingCode(cc, r)
		}
	} else {
		// No calling code in the number: it is a national number of region, which is valid here
		// (a number without a plus needs one).
		national = s
		if def != nil {
			cc = int(def.meta.GetCountryCode())
		}
	}
	if len(national) < phonenumbers.MIN_LENGTH_FOR_NSN {
		return nil, phonenumbers.ErrTooShortNSN
	}
	if plan != nil {
		if !plan.ready() {
			return nil, errPhoneFallback
		}
		// The national prefix is stripped only when what is left has a possible length:
		// otherwise the digits may be a valid short number as they are.
		if stripped, ok := plan.stripNationalPrefix(national); ok {
			switch plan.testLength(stripped) {
			case phonenumbers.TOO_SHORT, phonenumbers.IS_POSSIBLE_LOCAL_ONLY, phonenumbers.INVALID_LENGTH:
			default:
				national = stripped
			}
		}
	}
	if len(national) < phonenumbers.MIN_LENGTH_FOR_NSN {
		return nil, phonenumbers.ErrTooShortNSN
	}
	if len(national) > phonenumbers.MAX_LENGTH_FOR_NSN {
		return nil, phonenumbers.ErrNumTooLong
	}
	return newPhoneNumber(cc, national), nil
}

// phoneNumberCells holds a PhoneNumber and the values its pointer fields point at, so that a
// parse allocates once.
type phoneNumberCells struct {
	num          phonenumbers.PhoneNumber
	countryCode  int32
	national     uint64
	italian      bool
	leadingZeros int32
}

// newPhoneNumber builds the PhoneNumber parseHelper returns for a calling code and a national
// significant number of 2–17 digits, with setItalianLeadingZerosForPhoneNumber's fields.
func newPhoneNumber(cc int, national string) *phonenumbers.PhoneNumber {
	c := &phoneNumberCells{countryCode: int32(cc)}
	c.national, _ = strconv.ParseUint(national, 10, 64)
	c.num.CountryCode = &c.countryCode
	c.num.NationalNumber = &c.national
	if len(national) >= 2 && national[0] == '0' {
		c.italian = true
		c.num.ItalianLeadingZero = &c.italian
		// An all-zero number's last zero is not a leading one.
		zeros := 1
		for zeros < len(national)-1 && national[zeros] == '0' {
			zeros++
		}
		if zeros != 1 {
			c.leadingZeros = int32(zeros)
			c.num.NumberOfLeadingZeros = &c.leadingZeros
		}
	}
	return &c.num
}

// extractCountryCode is maybeExtractCountryCode for a string of digits after at most one '+'. It
// returns the calling code (0 when the number has none) and the national number after it.
func (t *phonePlanTable) extractCountryCode(number string, def *phonePlan) (cc int, national string, err error) {
	if len(number) == 0 {
		return 0, "", nil
	}
	// maybeStripInternationalPrefixAndNormalize.
	full, international := number, false
	if full[0] == '+' {
		full, international = full[1:], true
	} else if def != nil {
		// Country calling codes do not begin with 0, so "00" followed by 0 is no prefix.
		if m := def.idd.FindStringIndex(full); m != nil && (m[1] == len(full) || full[m[1]] != '0') {
			full, international = full[m[1]:], true
		}
	}
	if international {
		if len(full) <= phonenumbers.MIN_LENGTH_FOR_NSN {
			return 0, "", phonenumbers.ErrTooShortAfterIDD
		}
		if cc, rest := splitCallingCode(full); cc != 0 {
			return cc, rest, nil
		}
		return 0, "", phonenumbers.ErrInvalidCountryCode
	}
	if def == nil || !strings.HasPrefix(full, def.countryCode) {
		return 0, "", nil
	}
	// The digits start with the region's own calling code ("4791234567" in NO): take it as the
	// calling code when the number is too long without it being so, or when the number is not
	// valid as given and is so without it.
	potential := full[len(def.countryCode):]
	if stripped, ok := def.stripNationalPrefix(potential); ok {
		potential = stripped
	}
	if def.testLength(full) == phonenumbers.TOO_LONG ||
		(!def.nationalNumber.MatchString(full) && def.nationalNumber.MatchString(potential)) {
		return int(def.meta.GetCountryCode()), potential, nil
	}
	return 0, "", nil
}

// splitCallingCode is the library's extractCountryCode: the shortest prefix of digits (of at
// most three) that is a known calling code, and the digits after it.
func splitCallingCode(digits string) (int, string) {
	if len(digits) == 0 || digits[0] == '0' {
		return 0, ""
	}
	codes := phonenumbers.GetSupportedCallingCodes()
	cc := 0
	for i := 1; i <= phonenumbers.MAX_LENGTH_COUNTRY_CODE && i <= len(digits); i++ {
		cc = cc*10 + int(digits[i-1]-'0')
		if codes[cc] {
			return cc, digits[i:]
		}
	}
	return 0, ""
}

// phonePlanTable holds a phonePlan for every region and non-geographical calling code the
// library has metadata for.
type phonePlanTable struct {
	regions map[string]*phonePlan // by region code; only regions the library supports
	nonGeo  map[int]*phonePlan    // by calling code, for region "001"
}

// forCallingCode is getMetadataForRegionOrCallingCode.
func (t *phonePlanTable) forCallingCode(cc int, region string) *phonePlan {
	if region == "001" {
		return t.nonGeo[cc]
	}
	return t.regions[region]
}

// phonePlans returns the table of plans, built on first use from the library's metadata, or nil
// when the metadata cannot be read (then every number goes to phonenumbers.Parse).
var phonePlans = sync.OnceValue(func() *phonePlanTable {
	coll, err := phonenumbers.MetadataCollection()
	if err != nil {
		return nil
	}
	t := &phonePlanTable{regions: map[string]*phonePlan{}, nonGeo: map[int]*phonePlan{}}
	supported := phonenumbers.GetSupportedRegions()
	// As the library builds its maps: a later entry for the same region wins.
	for _, m := range coll.GetMetadata() {
		p := &phonePlan{meta: m, countryCode: strconv.Itoa(int(m.GetCountryCode())), plainNational: plainNational(m)}
		switch id := m.GetId(); {
		case id == "001":
			t.nonGeo[int(m.GetCountryCode())] = p
		case supported[id]:
			t.regions[id] = p
		}
	}
	return t
})

// phonePlan is one region's parsing (and validation) metadata with its regular expressions compiled.
type phonePlan struct {
	meta        *phonenumbers.PhoneMetadata
	countryCode string // the region's calling code in decimal
	// plainNational: the region's national form of a number is its national significant number
	// with only spaces and punctuation added (howRead).
	plainNational bool

	once   sync.Once
	usable bool // false when the metadata has something the port does not cover

	idd            *regexp.Regexp // the international prefix, at the start
	nationalPrefix *regexp.Regexp // the national prefix for parsing, at the start; nil if none
	transform      string         // the national prefix transform rule
	nationalNumber *regexp.Regexp // the general description's pattern, the whole number
	possible       []int32        // the general description's possible lengths
	localOnly      []int32        // and those possible only locally

	valid validity // for validNumber (phonevalid.go), compiled on its first use
}

// ready compiles the plan's regular expressions on first use, and reports whether the plan can
// be used. The library would panic on metadata it is not (a pattern that does not compile, a
// description without lengths); such regions are left to it.
func (p *phonePlan) ready() bool {
	p.once.Do(func() {
		general := p.meta.GetGeneralDesc()
		if general == nil || len(general.GetPossibleLength()) == 0 {
			return
		}
		p.possible = general.GetPossibleLength()
		p.localOnly = general.GetPossibleLengthLocalOnly()
		var err error
		// The library looks for the international prefix anywhere and accepts it only at the
		// start, which is the match at the start.
		if p.idd, err = regexp.Compile("^(?:" + p.meta.GetInternationalPrefix() + ")"); err != nil {
			return
		}
		if p.nationalNumber, err = regexp.Compile("^(?:" + general.GetNationalNumberPattern() + ")$"); err != nil {
			return
		}
		if np := p.meta.GetNationalPrefixForParsing(); np != "" {
			if p.nationalPrefix, err = regexp.Compile("^(?:" + np + ")"); err != nil {
				return
			}
		}
		p.transform = p.meta.GetNationalPrefixTransformRule()
		p.usable = true
	})
	return p.usable
}

// stripNationalPrefix is maybeStripNationalPrefixAndCarrierCode without the carrier code (Parse
// discards it). It returns the number without its national prefix, or with the prefix
// transformed by the region's rule, and false when there is nothing to strip.
func (p *phonePlan) stripNationalPrefix(number string) (string, bool) {
	if len(number) == 0 || p.nationalPrefix == nil {
		return number, false
	}
	groups := p.nationalPrefix.FindStringSubmatchIndex(number)
	if groups == nil {
		return number, false
	}
	// A number that was valid must stay valid.
	viable := p.nationalNumber.MatchString(number)
	last := len(groups)/2 - 1
	if p.transform == "" || groups[last*2] < 0 {
		rest := number[groups[1]:]
		if viable && !p.nationalNumber.MatchString(rest) {
			return number, false
		}
		return rest, true
	}
	transformed := p.nationalPrefix.ReplaceAllString(number, p.transform)
	if viable && !p.nationalNumber.MatchString(transformed) {
		return number, false
	}
	return transformed, true
}

// testLength is testNumberLength(number, metadata, UNKNOWN): number's length against the
// general description's possible lengths.
func (p *phonePlan) testLength(number string) phonenumbers.ValidationResult {
	if p.possible[0] == -1 {
		return phonenumbers.INVALID_LENGTH
	}
	n := int32(len(number))
	for _, l := range p.localOnly {
		if l == n {
			return phonenumbers.IS_POSSIBLE_LOCAL_ONLY
		}
	}
	switch lo := p.possible[0]; {
	case lo == n:
		return phonenumbers.IS_POSSIBLE
	case lo > n:
		return phonenumbers.TOO_SHORT
	case p.possible[len(p.possible)-1] < n:
		return phonenumbers.TOO_LONG
	}
	for _, l := range p.possible[1:] {
		if l == n {
			return phonenumbers.IS_POSSIBLE
		}
	}
	return phonenumbers.INVALID_LENGTH
}
