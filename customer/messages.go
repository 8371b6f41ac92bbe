package customer

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// The sentences of row problems, kept in one file so that they can be translated later without
// touching the rules. Each names the column and, where it helps, the value as the user typed it.

// maxQuoted is how many characters of a value a message repeats; a longer value is cut with "…"
// so that one overlong cell cannot flood the report.
const maxQuoted = 60

// quote returns v in typographic quotes, shortened to maxQuoted characters.
func quote(v string) string {
	if utf8.RuneCountInString(v) > maxQuoted {
		r := []rune(v)
		v = string(r[:maxQuoted-1]) + "…"
	}
	return "“" + v + "”"
}

func msgRequired(f Field) string {
	return fmt.Sprintf("%s is required.", f.Header)
}

func msgTooLong(f Field, n int) string {
	return fmt.Sprintf("%s is %d characters long; the most allowed is %d.", f.Header, n, f.MaxLen)
}

func msgUnreadable(f Field) string {
	return fmt.Sprintf("%s contains characters that cannot be read; save the file as UTF-8 text and upload it again.", f.Header)
}

func msgAccount(f Field, v string) string {
	return fmt.Sprintf("%s %s may contain only letters, digits, -, _ and /.", f.Header, quote(v))
}

func msgChoice(f Field, v string) string {
	return fmt.Sprintf("%s %s is not one of the allowed values: %s.", f.Header, quote(v), strings.Join(f.Allowed, ", "))
}

func msgEmail(f Field, v string) string {
	return fmt.Sprintf("%s %s is not a valid email address.", f.Header, quote(v))
}

func msgPhone(f Field, v, country string) string {
	if country == "" {
		return fmt.Sprintf("%s %s is not a valid phone number; write it with its country code, for example +47 912 34 567.", f.Header, quote(v))
	}
	return fmt.Sprintf("%s %s is not a valid phone number in %s; write numbers from other countries with their country code, for example +46 70 123 45 67.", f.Header, quote(v), countryLabel(country))
}

func msgPhoneAmbiguous(f Field, v string, readings []string) string {
	return fmt.Sprintf("%s %s could be %s; write it with its country code.", f.Header, quote(v), strings.Join(readings, " or "))
}

func msgPhoneFixed(f Field, v, e164 string, fix phoneFix) string {
	lost := "leading 0"
	if fix == phoneFixPlus {
		lost = "leading + (or 00)"
	}
	return fmt.Sprintf("%s %s was read as %s: a spreadsheet seems to have removed its %s. Check that the number is right.", f.Header, quote(v), e164, lost)
}

func msgPostcodePadded(f Field, v, out string) string {
	return fmt.Sprintf("%s %s was read as %s: a spreadsheet seems to have removed its leading zeros.", f.Header, quote(v), out)
}

func msgCountry(f Field, v string) string {
	return fmt.Sprintf("%s %s is not a country we know; use a two-letter code such as NO, PL or GB.", f.Header, quote(v))
}

func msgDate(f Field, v, language string, fault dateFault) string {
	switch fault {
	case dateNotReal:
		return fmt.Sprintf("%s %s is not a real date.", f.Header, quote(v))
	case dateTooEarly:
		return fmt.Sprintf("%s %s is before 1900.", f.Header, quote(v))
	case dateFuture:
		return fmt.Sprintf("%s %s is in the future.", f.Header, quote(v))
	}
	local := "28.02.1990"
	if language == "en" {
		local = "28/02/1990"
	}
	return fmt.Sprintf("%s %s is not a date; write it as 1990-02-28 or %s.", f.Header, quote(v), local)
}

func msgYesNo(f Field, v string) string {
	return fmt.Sprintf("%s %s is neither Yes nor No.", f.Header, quote(v))
}

func msgWholeNumber(f Field, v string) string {
	return fmt.Sprintf("%s %s is not a whole number of 0 or more.", f.Header, quote(v))
}

func msgNumberTooLarge(f Field, v string) string {
	return fmt.Sprintf("%s %s is larger than the most allowed, %d.", f.Header, quote(v), maxWholeNumber)
}

// countryLabel names a country for a message: "Norway (NO)", or just the code when the name
// table does not hold it.
func countryLabel(code string) string {
	if name := countryName(code); name != "" {
		return name + " (" + code + ")"
	}
	return code
}
