package customer

import (
	"strconv"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// FormatPhone returns the E.164 number e as people write it, for a file they will open and
// perhaps import again: in home's national form when the number belongs to home (ISO alpha-2):
// "912 34 567" for +4791234567 in NO, "601 234 567" for +48601234567 in PL, "020 7946 0958" in
// GB; in the international form otherwise: "+48 601 234 567". The groupings are
// libphonenumber's, except where a country writes its numbers otherwise (nationalGroups). home ""
// always gives the international form.
//
// A form is used only when it reads back as e (NormalizePhone, with home for the national form)
// without a warning, and fits in a phone field (20 characters); else the international form, else
// e as it is. Anything that is not a valid E.164 number is returned unchanged.
func FormatPhone(e, home string) string {
	if !strings.HasPrefix(e, "+") {
		return e
	}
	num, ok := parsePhone(e, "ZZ")
	if !ok {
		return e
	}
	if want, ok := e164(num); !ok || want != e {
		return e
	}
	home = strings.ToUpper(home)
	region := phonenumbers.GetRegionCodeForNumber(num)
	group := nationalGroups.of(region, phonenumbers.GetNationalSignificantNumber(num))
	if home != "" && region == home {
		national := group
		if national == "" {
			national = phonenumbers.Format(num, phonenumbers.NATIONAL)
		}
		if readsBackAs(national, home, e) {
			return national
		}
	}
	international := "+" + strconv.Itoa(int(num.GetCountryCode())) + " " + group
	if group == "" {
		international = phonenumbers.Format(num, phonenumbers.INTERNATIONAL)
	}
	if readsBackAs(international, "", e) {
		return international
	}
	return e
}

// groupings write national significant numbers by region.
type groupings map[string]func(nsn string) string

// of returns the grouping of a national significant number of region, or "".
func (g groupings) of(region, nsn string) string {
	if f := g[region]; f != nil {
		return f(nsn)
	}
	return ""
}

// nationalGroups writes a country's national significant numbers the way its people do where
// libphonenumber groups them otherwise; "" leaves a number to libphonenumber.
var nationalGroups = groupings{
	// Norwegian mobile numbers (4x and 9x) are written 3-2-3, "912 34 567" (Språkrådet's
	// recommendation, and the operators' usage); libphonenumber writes every 8-digit number
	// 2-2-2-2, which is the form of landlines ("22 12 34 56").
	"NO": func(nsn string) string {
		if len(nsn) == 8 && (nsn[0] == '4' || nsn[0] == '9') {
			return nsn[:3] + " " + nsn[3:5] + " " + nsn[5:]
		}
		return ""
	},
}

// readsBackAs reports whether the written number s fits a phone field and reads as e in country
// with nothing restored.
func readsBackAs(s, country, e string) bool {
	if charCount(s) > min(Fields[FMobile].MaxLen, Fields[FPhone].MaxLen) {
		return false
	}
	r := readPhone(s, country)
	return r.ok && r.e164 == e && r.fix == phoneFixNone && len(r.readings) == 0
}

// WithPhonesWritten returns v with its phone numbers as people write them (FormatPhone), for an
// export that must import again as v: in the national form of country, the tenant's, when the
// number is of that country and v's Country is blank or that country, since the importer reads a
// row's numbers by its Country, else by the tenant's; in the international form otherwise.
func (v Values) WithPhonesWritten(country string) Values {
	home := ""
	if c := v[FCountry]; c == "" || strings.EqualFold(c, country) {
		home = country
	}
	for i, f := range Fields {
		if f.Kind == KindPhone && v[i] != "" {
			v[i] = FormatPhone(v[i], home)
		}
	}
	return v
}
