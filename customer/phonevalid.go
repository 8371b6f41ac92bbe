package customer

import (
	"regexp"
	"sync"

	"github.com/nyaruka/phonenumbers"
)

// This file holds a port of phonenumbers.IsValidNumber (v1.8.1), beside the parser's in
// phoneparse.go, and for the same reason (measured in the package doc): for every number
// IsValidNumber tests the number against up to eleven descriptions
// (the general one, premium rate, toll free, …, fixed line, mobile), and for each it builds the
// pattern's string twice ("^(?:" + pattern + ")$") and looks the compiled expression up in the
// library's cache behind a mutex, before it even compares the length. Here each description's
// expression is compiled once per region, the length is compared first, and the answer is the
// same: valid when the number's type is not UNKNOWN, which getNumberTypeHelper decides by the
// same descriptions in the same order.
//
// TestParseDigitsMatchesLibrary and FuzzParseDigits hold validNumber to phonenumbers.IsValidNumber
// on every number they parse. A region whose metadata lacks a description, or has a pattern
// that does not compile, is left to the library.

// validNumber reports whether num is valid, as phonenumbers.IsValidNumber does.
func validNumber(num *phonenumbers.PhoneNumber) bool {
	t := phonePlans()
	if t == nil {
		return phonenumbers.IsValidNumber(num)
	}
	cc := int(num.GetCountryCode())
	regions := phonenumbers.GetRegionCodesForCountryCode(cc)
	if len(regions) == 0 {
		return false // GetRegionCodeForNumber gives "", which has no metadata
	}
	nsn := phonenumbers.GetNationalSignificantNumber(num)
	region := regions[0]
	if len(regions) > 1 {
		// getRegionCodeForNumberFromRegionList: the first region whose leading digits the
		// number has or, for a region without them, whose descriptions know the number.
		region = ""
		for _, r := range regions {
			p := t.regions[r]
			if p == nil || !p.validReady() {
				return phonenumbers.IsValidNumber(num)
			}
			if p.valid.leadingDigits != nil {
				if p.valid.leadingDigits.MatchString(nsn) {
					region = r
					break
				}
			} else if p.knows(nsn) {
				region = r
				break
			}
		}
		if region == "" {
			return false
		}
	}
	// IsValidNumberForRegion.
	p := t.forCallingCode(cc, region)
	if p == nil {
		return false
	}
	if region != "001" {
		if own := t.regions[region]; own == nil || int(own.meta.GetCountryCode()) != cc {
			return false
		}
	}
	if !p.validReady() {
		return phonenumbers.IsValidNumber(num)
	}
	return p.knows(nsn)
}

// numberDesc is a PhoneNumberDesc with its pattern compiled, anchored as the library anchors it.
type numberDesc struct {
	lengths []int32
	pattern *regexp.Regexp
}

// matches is isNumberMatchingDesc: a possible length (when the description lists any) and the
// whole number matching the pattern.
func (d *numberDesc) matches(nsn string) bool {
	if len(d.lengths) > 0 {
		n, found := int32(len(nsn)), false
		for _, l := range d.lengths {
			if l == n {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return d.pattern.MatchString(nsn)
}

// validity is what a plan needs to tell a number's validity: its descriptions, compiled.
type validity struct {
	once   sync.Once
	usable bool
	// general, then the types getNumberTypeHelper tries before fixed line, then fixed line
	// and mobile.
	general, fixed, mobile numberDesc
	others                 []numberDesc
	sameMobileAndFixed     bool
	leadingDigits          *regexp.Regexp // "^(?:leading digits)", nil when the region has none
}

// validReady compiles the plan's descriptions on first use and reports whether they can be used.
func (p *phonePlan) validReady() bool {
	v := &p.valid
	v.once.Do(func() {
		m := p.meta
		compile := func(d *phonenumbers.PhoneNumberDesc) (numberDesc, bool) {
			if d == nil {
				return numberDesc{}, false
			}
			re, err := regexp.Compile("^(?:" + d.GetNationalNumberPattern() + ")$")
			if err != nil {
				return numberDesc{}, false
			}
			return numberDesc{lengths: d.PossibleLength, pattern: re}, true
		}
		var ok bool
		if v.general, ok = compile(m.GetGeneralDesc()); !ok {
			return
		}
		for _, d := range []*phonenumbers.PhoneNumberDesc{m.GetPremiumRate(), m.GetTollFree(), m.GetSharedCost(),
			m.GetVoip(), m.GetPersonalNumber(), m.GetPager(), m.GetUan(), m.GetVoicemail()} {
			c, ok := compile(d)
			if !ok {
				return
			}
			v.others = append(v.others, c)
		}
		if v.fixed, ok = compile(m.GetFixedLine()); !ok {
			return
		}
		if v.mobile, ok = compile(m.GetMobile()); !ok {
			return
		}
		v.sameMobileAndFixed = m.GetSameMobileAndFixedLinePattern()
		if ld := m.GetLeadingDigits(); ld != "" {
			re, err := regexp.Compile("^(?:" + ld + ")")
			if err != nil {
				return
			}
			v.leadingDigits = re
		}
		v.usable = true
	})
	return v.usable
}

// knows is getNumberTypeHelper(nsn, metadata) != UNKNOWN, once validReady.
func (p *phonePlan) knows(nsn string) bool {
	v := &p.valid
	if !v.general.matches(nsn) {
		return false
	}
	for i := range v.others {
		if v.others[i].matches(nsn) {
			return true
		}
	}
	if v.fixed.matches(nsn) {
		return true
	}
	return !v.sameMobileAndFixed && v.mobile.matches(nsn)
}
