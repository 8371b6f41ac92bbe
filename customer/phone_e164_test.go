package customer

import (
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// e164 writes what phonenumbers.Format writes in E.164, for every region's example numbers of
// every type and for numbers with Italian leading zeros, set by parsing and by hand.
func TestE164MatchesLibrary(t *testing.T) {
	var nums []*phonenumbers.PhoneNumber
	for region := range phonenumbers.GetSupportedRegions() {
		for _, typ := range []phonenumbers.PhoneNumberType{phonenumbers.FIXED_LINE, phonenumbers.MOBILE, phonenumbers.TOLL_FREE,
			phonenumbers.PREMIUM_RATE, phonenumbers.VOIP, phonenumbers.PAGER, phonenumbers.UAN, phonenumbers.VOICEMAIL} {
			if n := phonenumbers.GetExampleNumberForType(region, typ); n != nil {
				nums = append(nums, n)
			}
		}
	}
	for _, s := range []string{"+39 06 1234 5678", "+39 0039 1234", "+225 01 23 45 67", "+47 912 34 567"} {
		n, err := phonenumbers.Parse(s, "ZZ")
		if err != nil {
			t.Fatalf("parse %s: %v", s, err)
		}
		nums = append(nums, n)
	}
	for _, zeros := range []int32{0, 1, 3, 40} {
		cc, nn, italian := int32(39), uint64(612345), true
		nums = append(nums, &phonenumbers.PhoneNumber{CountryCode: &cc, NationalNumber: &nn, ItalianLeadingZero: &italian, NumberOfLeadingZeros: &zeros})
	}
	if len(nums) < 500 {
		t.Fatalf("only %d numbers to compare", len(nums))
	}
	for _, n := range nums {
		want := phonenumbers.Format(n, phonenumbers.E164)
		got, ok := e164(n)
		if fits := len(want)-1 <= maxE164Digits; ok != fits || (ok && got != want) {
			t.Errorf("e164(%v) = %q, %v; the library formats %q", n, got, ok, want)
		}
	}
}
