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
	national := phonenumbers.Format(num, phonenumbers.NATIONAL)
	international := phonenumbers.Format(num, phonenumbers.INTERNATIONAL)
	if group := nationalGroups[region]; group != nil {
		if g := group(phonenumbers.GetNationalSignificantNumber(num)); g != "" {
			national = g
			international = "+" + strconv.Itoa(int(num.GetCountryCode())) + " " + g
		}
	}
	if home != "" && region == home && readsBackAs(national, home, e) {
		return national
	}
	if readsBackAs(international, "", e) {
		return international
	}
	return e
}

// nationalGroups writes a country's national significant numbers the way its people do where
// libphonenumber groups them otherwise; "" leaves a number to libphonenumber.
var nationalGroups = map[string]func(nsn string) string{
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
