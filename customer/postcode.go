package customer

import "strings"

// postcodeDigits holds, for countries whose postcodes are a fixed number of digits and can begin
// with 0, that number. A spreadsheet that took such a postcode for a number removed its leading
// zeros ("0150" became 150), and only in these countries can padding put them back. Countries
// whose postcodes never begin with 0 (Sweden, Switzerland, Austria, Belgium, …) are left out on
// purpose: there a short postcode is a typing mistake, and padding it would invent an address.
var postcodeDigits = map[string]int{
	"NO": 4, "DK": 4, "AU": 4,
	"FI": 5, "DE": 5, "FR": 5, "IT": 5, "ES": 5, "US": 5, "LT": 5, "UA": 5, "MX": 5,
	"RO": 6,
	"PL": 5, // written NN-NNN; see NormalizePostcode
}

// NormalizePostcode returns postcode s of country (ISO alpha-2) trimmed, restoring leading zeros
// that a spreadsheet removed: when s is all digits, shorter than the country's fixed length, and
// the country has postcodes beginning with 0 (NO, DK, FI, DE, FR, IT, ES, US, …), s is padded
// with zeros ("150" in NO becomes "0150") and padded reports it, so the caller can warn. Nothing
// else is changed: postcodes are text and a country's other forms ("SW1A 1AA", "123 45") are kept
// as written.
//
// Polish postcodes are written NN-NNN. A Polish postcode given as five digits ("00950") is
// written with its hyphen ("00-950"), which is unambiguous and not reported; one of fewer than
// five digits ("950", what a spreadsheet makes of 00950) is padded and hyphenated ("00-950") and
// reported as padded. Any other form is kept as written.
func NormalizePostcode(s, country string) (postcode string, padded bool) {
	s = trimCell(s)
	n, ok := postcodeDigits[strings.ToUpper(country)]
	if !ok || !onlyASCIIDigits(s) || len(s) > n {
		return s, false
	}
	padded = len(s) < n
	s = strings.Repeat("0", n-len(s)) + s
	if strings.EqualFold(country, "PL") {
		s = s[:2] + "-" + s[2:]
	}
	return s, padded
}
