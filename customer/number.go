package customer

import (
	"regexp"
	"strconv"
	"strings"
)

// maxWholeNumber is the largest whole number a field accepts: the largest 32-bit signed integer,
// so that every store and every client can hold it.
const maxWholeNumber = 1<<31 - 1

var (
	// enGrouped is a number with English thousands separators: 1,000 or 12,345,678.
	enGrouped = regexp.MustCompile(`^\d{1,3}(?:,\d{3})+(?:\.\d+)?$`)
	// plainNumber is digits with an optional fraction after '.' or ','.
	plainNumber = regexp.MustCompile(`^(\d+)(?:([.,])(\d+))?$`)
)

// ParseWholeNumber reads s as a whole number ≥ 0 and returns it in decimal digits without leading
// zeros ("0" for zero). Spaces, including no-break and thin spaces, are read as thousands
// separators ("1 000"). A fraction of zeros is accepted ("250.0", "250,00"), as spreadsheets write
// whole numbers that way. How commas are read depends on the locale (language): in "en" a comma
// separates thousands ("1,000" is 1000); in "nb" and "pl" it is the decimal comma, and since a
// Norwegian may also write 1.000 for a thousand, a fraction of exactly three digits is refused
// there as ambiguous. ok is false for negative, fractional, non-numeric and blank input and for
// numbers above 2147483647.
func ParseWholeNumber(s, language string) (string, bool) {
	n, fault := readWholeNumber(s, language)
	return n, fault == numberOK
}

type numberFault int

const (
	numberOK numberFault = iota
	numberInvalid
	numberTooLarge
)

func readWholeNumber(s, language string) (string, numberFault) {
	s = strings.Map(func(r rune) rune {
		if isCellSpace(r) {
			return -1
		}
		return r
	}, s)
	if language == "en" && enGrouped.MatchString(s) {
		s = strings.ReplaceAll(s, ",", "")
	}
	g := plainNumber.FindStringSubmatch(s)
	if g == nil {
		return "", numberInvalid
	}
	digits, sep, frac := g[1], g[2], g[3]
	if frac != "" {
		if !allZeros(frac) {
			return "", numberInvalid
		}
		if sep == "," && language == "en" {
			return "", numberInvalid // a lone comma in English groups thousands, badly here
		}
		if language != "en" && len(frac) == 3 {
			return "", numberInvalid // "1.000": a thousand or one?
		}
	}
	digits = strings.TrimLeft(digits, "0")
	if digits == "" {
		return "0", numberOK
	}
	if len(digits) > 10 {
		return "", numberTooLarge
	}
	if n, _ := strconv.ParseInt(digits, 10, 64); n > maxWholeNumber {
		return "", numberTooLarge
	}
	return digits, numberOK
}
