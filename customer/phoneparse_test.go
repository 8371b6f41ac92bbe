package customer

import (
	"fmt"
	"math/rand/v2"
	"regexp/syntax"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nyaruka/phonenumbers"
)

// parseOutcome is everything a parse decides that a caller can see.
type parseOutcome struct {
	panicked bool
	err      error
	number   string // every field of the PhoneNumber, nil ones as "-"
	valid    bool
	e164     string
}

func (o parseOutcome) String() string {
	switch {
	case o.panicked:
		return "panic"
	case o.err != nil:
		return "error " + strconv.Quote(o.err.Error())
	}
	return fmt.Sprintf("%s valid=%v %s", o.number, o.valid, o.e164)
}

// outcomeOf parses s in region with parse and records the outcome, a panic included.
func outcomeOf(parse func(s, region string) (*phonenumbers.PhoneNumber, error), s, region string) (o parseOutcome) {
	defer func() {
		if recover() != nil {
			o = parseOutcome{panicked: true}
		}
	}()
	num, err := parse(s, region)
	if err != nil {
		return parseOutcome{err: err}
	}
	o.number = fmt.Sprintf("cc=%s nn=%s ext=%s italian=%s zeros=%s raw=%s source=%s carrier=%s",
		field(num.CountryCode), field(num.NationalNumber), field(num.Extension),
		field(num.ItalianLeadingZero), field(num.NumberOfLeadingZeros), field(num.RawInput),
		field(num.CountryCodeSource), field(num.PreferredDomesticCarrierCode))
	o.valid = phonenumbers.IsValidNumber(num)
	o.e164 = phonenumbers.Format(num, phonenumbers.E164)
	return o
}

func field[T any](p *T) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprint(*p)
}

// phoneParseChecker compares parseDigitsFast with phonenumbers.Parse and counts what it compared.
type phoneParseChecker struct {
	t          testing.TB
	cases      atomic.Int64
	mismatches atomic.Int64
}

// check fails the test when parseDigitsFast and phonenumbers.Parse disagree on s in region, or
// when the fast parse leaves s (which must be in its domain) to the library.
func (c *phoneParseChecker) check(s, region string) {
	c.t.Helper()
	c.cases.Add(1)
	fast := outcomeOf(parseDigitsFast, s, region)
	if fast.err == errPhoneFallback {
		c.fail("parseDigitsFast(%q, %q) fell back to the library", s, region)
		return
	}
	if lib := outcomeOf(phonenumbers.Parse, s, region); fast != lib {
		c.fail("parseDigitsFast(%q, %q) = %v\nphonenumbers.Parse    = %v", s, region, fast, lib)
	}
	c.checkValid(s, region)
}

// checkValid fails the test when validNumber and phonenumbers.IsValidNumber disagree on the
// number the library parses s in region as.
func (c *phoneParseChecker) checkValid(s, region string) {
	c.t.Helper()
	if msg := validDiffers(s, region); msg != "" {
		c.fail("%s", msg)
	}
}

// validDiffers says how validNumber and phonenumbers.IsValidNumber disagree on the number the
// library parses s in region as, or "" when they agree (or the library parses no number).
func validDiffers(s, region string) (msg string) {
	num, err := phonenumbers.Parse(s, region)
	if err != nil {
		return ""
	}
	lib, libPanicked := validOf(phonenumbers.IsValidNumber, num)
	fast, fastPanicked := validOf(validNumber, num)
	if lib != fast || libPanicked != fastPanicked {
		return fmt.Sprintf("%q in %s (cc=%d nsn=%s): validNumber = %v (panic %v), phonenumbers.IsValidNumber = %v (panic %v)",
			s, region, num.GetCountryCode(), phonenumbers.GetNationalSignificantNumber(num), fast, fastPanicked, lib, libPanicked)
	}
	return ""
}

func validOf(valid func(*phonenumbers.PhoneNumber) bool, num *phonenumbers.PhoneNumber) (ok, panicked bool) {
	defer func() {
		if recover() != nil {
			ok, panicked = false, true
		}
	}()
	return valid(num), false
}

func (c *phoneParseChecker) fail(format string, args ...any) {
	c.t.Helper()
	if n := c.mismatches.Add(1); n <= 20 {
		c.t.Errorf(format, args...)
	}
}

// exampleNumber is a valid number of some type: its calling code and national significant number.
type exampleNumber struct {
	cc  string
	nsn string
}

// exampleNumbers returns the example number of every type of every supported region and
// non-geographical calling code: by region, and all of them sorted.
func exampleNumbers() (byRegion map[string][]exampleNumber, all []exampleNumber) {
	byRegion = map[string][]exampleNumber{}
	add := func(region string, num *phonenumbers.PhoneNumber) {
		if num != nil {
			e := exampleNumber{strconv.Itoa(int(num.GetCountryCode())), phonenumbers.GetNationalSignificantNumber(num)}
			if !slices.Contains(byRegion[region], e) {
				byRegion[region] = append(byRegion[region], e)
			}
			all = append(all, e)
		}
	}
	for _, r := range sortedRegions() {
		for typ := phonenumbers.FIXED_LINE; typ <= phonenumbers.UNKNOWN; typ++ {
			add(r, phonenumbers.GetExampleNumberForType(r, typ))
		}
	}
	for cc := range phonenumbers.GetSupportedGlobalNetworkCallingCodes() {
		add("001", phonenumbers.GetExampleNumberForNonGeoEntity(cc))
	}
	slices.SortFunc(all, func(a, b exampleNumber) int { return strings.Compare(a.cc+" "+a.nsn, b.cc+" "+b.nsn) })
	return byRegion, slices.Compact(all)
}

func sortedRegions() []string {
	var regions []string
	for r := range phonenumbers.GetSupportedRegions() {
		regions = append(regions, r)
	}
	slices.Sort(regions)
	return regions
}

// regionMetadata returns the library's metadata of every region, read independently of the code
// under test.
func regionMetadata(t testing.TB) map[string]*phonenumbers.PhoneMetadata {
	coll, err := phonenumbers.MetadataCollection()
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]*phonenumbers.PhoneMetadata{}
	for _, md := range coll.GetMetadata() {
		m[md.GetId()] = md
	}
	return m
}

// sampleMatches returns n strings of digits matching pattern (a regular expression of the
// metadata), chosen by rnd, with any non-digit (the '~' of a dial tone) removed.
func sampleMatches(pattern string, n int, rnd *rand.Rand) []string {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil || pattern == "" {
		return nil
	}
	var out []string
	for range n {
		var b strings.Builder
		sampleMatch(re, rnd, &b)
		s := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, b.String())
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func sampleMatch(re *syntax.Regexp, rnd *rand.Rand, b *strings.Builder) {
	switch re.Op {
	case syntax.OpLiteral:
		b.WriteString(string(re.Rune))
	case syntax.OpCharClass:
		i := rnd.IntN(len(re.Rune) / 2)
		lo, hi := re.Rune[2*i], re.Rune[2*i+1]
		b.WriteRune(lo + rune(rnd.IntN(int(min(hi-lo, 9))+1)))
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		b.WriteByte(byte('0' + rnd.IntN(10)))
	case syntax.OpCapture:
		sampleMatch(re.Sub[0], rnd, b)
	case syntax.OpStar, syntax.OpQuest:
		if rnd.IntN(2) == 0 {
			sampleMatch(re.Sub[0], rnd, b)
		}
	case syntax.OpPlus:
		for range 1 + rnd.IntN(2) {
			sampleMatch(re.Sub[0], rnd, b)
		}
	case syntax.OpRepeat:
		n := re.Min
		if re.Max > re.Min {
			n += rnd.IntN(min(re.Max-re.Min, 3) + 1)
		} else if re.Max < 0 {
			n += rnd.IntN(3)
		}
		for range n {
			sampleMatch(re.Sub[0], rnd, b)
		}
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			sampleMatch(sub, rnd, b)
		}
	case syntax.OpAlternate:
		sampleMatch(re.Sub[rnd.IntN(len(re.Sub))], rnd, b)
	}
}

// randomDigits returns a digit string of 1–20 digits, a third of them with a '+' and a quarter
// with leading zeros.
func randomDigits(rnd *rand.Rand) string {
	var b strings.Builder
	if rnd.IntN(3) == 0 {
		b.WriteByte('+')
	}
	if rnd.IntN(4) == 0 {
		b.WriteString(strings.Repeat("0", 1+rnd.IntN(3)))
	}
	for n := 1 + rnd.IntN(20); b.Len() < n || b.String() == "+"; {
		b.WriteByte(byte('0' + rnd.IntN(10)))
	}
	return b.String()
}

// phoneInputs returns the inputs TestParseDigitsMatchesLibrary parses in region (index i of the
// sorted regions): its own example numbers (own; for "ZZ" every country's) written every way a
// file writes them, other countries' numbers after its international prefix, strings matching
// its national prefix and international prefix patterns, and random digits. Each written number
// also appears with its last digit cut and with a digit added.
func phoneInputs(region string, i int, meta *phonenumbers.PhoneMetadata, own, examples []exampleNumber, random int) []string {
	rnd := rand.New(rand.NewPCG(uint64(i), 0x70686f6e65))
	var out []string
	add := func(s string) {
		out = append(out, s)
		if len(s) > 1 {
			out = append(out, s[:len(s)-1])
		}
		out = append(out, s+string(rune('0'+len(s)%10)))
	}
	np := phonenumbers.GetNddPrefixForRegion(region, true)
	idds := []string{"00", "011"}
	prefixes := []string{"0", "1", "8"}
	if meta != nil {
		if p := strings.ReplaceAll(meta.GetPreferredInternationalPrefix(), "~", ""); p != "" {
			idds = append(idds, p)
		}
		idds = append(idds, sampleMatches(meta.GetInternationalPrefix(), 6, rnd)...)
		n := 10
		if meta.GetNationalPrefixTransformRule() != "" {
			n = 40 // AR's prefix has hundreds of area codes
		}
		prefixes = append(prefixes, sampleMatches(meta.GetNationalPrefixForParsing(), n, rnd)...)
	}
	for _, p := range prefixes {
		add(p) // "([457]\d{6})$" is a whole local number
	}
	for _, e := range own {
		add(e.nsn)
		add(np + e.nsn)
		add("0" + e.nsn)
		for k := 1; k <= 3 && k < len(e.nsn); k++ {
			add(e.nsn[k:]) // a local number without its area code
		}
		for _, p := range prefixes {
			add(p + e.nsn)
			add(p + e.nsn[min(len(p), len(e.nsn)):]) // as long as a valid number: "1115…" in AR
			add(e.cc + p + e.nsn[min(len(p), len(e.nsn)):])
		}
		add(e.cc + e.nsn)
		add(e.cc + np + e.nsn)
		add("+" + e.cc + e.nsn)
		add("+" + e.cc + np + e.nsn)
		add("+" + e.nsn)
		for _, idd := range idds {
			add(idd + e.cc + e.nsn)
			add("+" + idd + e.cc + e.nsn)
		}
	}
	// Other countries' numbers, with a calling code, a plus or an international prefix: a
	// different slice of them in each region.
	for j := range 60 {
		e := examples[(i*60+j)%len(examples)]
		add(e.cc + e.nsn)
		add("+" + e.cc + e.nsn)
		add(idds[j%len(idds)] + e.cc + e.nsn)
	}
	for range random {
		out = append(out, randomDigits(rnd))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// raceStride is how many inputs a region has for each one checked under the race detector.
const raceStride = 4

// TestParseDigitsMatchesLibrary holds parseDigitsFast to phonenumbers.Parse: for every supported
// region and "ZZ" (the region of "+" numbers), the same number or the same error, the same
// validity and E.164 form, and no input left to the library; and validNumber to
// phonenumbers.IsValidNumber on every number the library parses. The regions run on all CPUs at once,
// which also exercises the plans' lazy compilation. -short parses fewer random strings.
func TestParseDigitsMatchesLibrary(t *testing.T) {
	// Under the race detector (as "make test" runs) each region checks a quarter of its inputs, a
	// different quarter in neighbouring regions, so that all are still checked across regions.
	start := time.Now()
	random := 300
	if testing.Short() {
		random = 30
	}
	byRegion, examples := exampleNumbers()
	byRegion["ZZ"] = examples // "+" numbers of every country
	metas := regionMetadata(t)
	regions := append(sortedRegions(), "ZZ")
	c := &phoneParseChecker{t: t}
	var wg sync.WaitGroup
	var next atomic.Int64
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(regions); i = int(next.Add(1) - 1) {
				for k, s := range phoneInputs(regions[i], i, metas[regions[i]], byRegion[regions[i]], examples, random) {
					if raceDetector && k%raceStride != i%raceStride {
						continue
					}
					c.check(s, regions[i])
				}
			}
		})
	}
	wg.Wait()
	// Regions the library does not support: only "+" numbers parse.
	rnd := rand.New(rand.NewPCG(1, 2))
	for _, region := range []string{"", "001", "no", "QQ", "zz"} {
		for _, s := range []string{"", "+", "1", "+1", "12", "+12", "+123", "91234567", "+4791234567", "+80012345678", "+0047912345678"} {
			c.check(s, region)
		}
		for range random {
			c.check(randomDigits(rnd), region)
		}
	}
	if n := c.mismatches.Load(); n > 0 {
		t.Errorf("%d of %d inputs differ", n, c.cases.Load())
	}
	t.Logf("%d inputs in %d regions and 5 unsupported ones, %d example numbers, %v",
		c.cases.Load(), len(regions), len(examples), time.Since(start).Round(time.Millisecond))
}

// TestParseDigits names a case for each path of the parse. want is the calling code and national
// significant number (leading zeros included) that phonenumbers.Parse also returns.
func TestParseDigits(t *testing.T) {
	tests := []struct {
		name   string
		s      string
		region string
		want   string
		err    error
	}{
		{"national", "91234567", "NO", "47 91234567", nil},
		{"plus", "+4791234567", "ZZ", "47 91234567", nil},
		{"plus in a region", "+48601234567", "NO", "48 601234567", nil},
		{"plus in a region not upper case", "+4791234567", "no", "47 91234567", nil},
		{"non-geographical", "+80012345678", "001", "800 12345678", nil},
		{"own calling code, too long without", "4791234567", "NO", "47 91234567", nil},
		{"own calling code, valid without", "447400123456", "GB", "44 7400123456", nil},
		{"own calling code of NANPA", "16502530000", "US", "1 6502530000", nil},
		{"NANPA number in its other region", "6502530000", "CA", "1 6502530000", nil},
		{"international prefix", "004791234567", "NO", "47 91234567", nil},
		{"US international prefix", "011447400123456", "US", "44 7400123456", nil},
		{"no prefix before a 0", "0004791234567", "NO", "47 0004791234567", nil},
		{"plus before the international prefix", "+004791234567", "NO", "47 91234567", nil},
		{"national prefix", "07400123456", "GB", "44 7400123456", nil},
		{"italian leading zero", "0612345678", "IT", "39 0612345678", nil},
		{"leading zeros", "000612345678", "IT", "39 000612345678", nil},
		{"local number transformed", "4601234", "AG", "1 2684601234", nil},
		{"mobile 15 transformed", "0111523456789", "AR", "54 91123456789", nil},
		{"transform would make it invalid", "541115456789", "AR", "54 1115456789", nil},
		{"two digits", "12", "NO", "47 12", nil},
		{"all zeros", "000", "SM", "378 000", nil}, // the last zero is not a leading one
		{"three digits after plus", "+123", "ZZ", "1 23", nil},

		{"empty", "", "NO", "", phonenumbers.ErrNotANumber},
		{"one digit", "1", "NO", "", phonenumbers.ErrNotANumber},
		{"lone plus", "+", "ZZ", "", phonenumbers.ErrNotANumber},
		{"two digits after plus", "+12", "ZZ", "", phonenumbers.ErrNotANumber},
		{"no region", "91234567", "", "", phonenumbers.ErrInvalidCountryCode},
		{"unknown region", "91234567", "no", "", phonenumbers.ErrInvalidCountryCode},
		{"national number in ZZ", "91234567", "ZZ", "", phonenumbers.ErrInvalidCountryCode},
		{"unknown calling code", "+999123", "ZZ", "", phonenumbers.ErrInvalidCountryCode},
		{"short after international prefix", "0047", "NO", "", phonenumbers.ErrTooShortAfterIDD},
		{"international prefix alone", "00", "IT", "", phonenumbers.ErrTooShortAfterIDD},
		{"short after plus and international prefix", "+0047", "NO", "", phonenumbers.ErrTooShortAfterIDD},
		{"too long", "123456789012345678", "NO", "", phonenumbers.ErrNumTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			num, err := parseDigits(tt.s, tt.region)
			got := ""
			if err == nil {
				got = fmt.Sprintf("%d %s", num.GetCountryCode(), phonenumbers.GetNationalSignificantNumber(num))
			}
			if got != tt.want || err != tt.err {
				t.Errorf("parseDigits(%q, %q) = %q, %v; want %q, %v", tt.s, tt.region, got, err, tt.want, tt.err)
			}
			if fast, lib := outcomeOf(parseDigitsFast, tt.s, tt.region), outcomeOf(phonenumbers.Parse, tt.s, tt.region); fast != lib {
				t.Errorf("parseDigitsFast(%q, %q) = %v\nphonenumbers.Parse    = %v", tt.s, tt.region, fast, lib)
			}
		})
	}
}

// TestParseDigitsFallsBack checks that input outside the fast parse's domain goes to the library.
func TestParseDigitsFallsBack(t *testing.T) {
	for _, s := range []string{"+47 912 34 567", "22 12 34 56 ext 12", "tel:+4791234567", "++4791234567", "4791+234567",
		"912FLOWER", "２２１２３４５６", "91234567#", "+47;ext=12"} {
		t.Run(s, func(t *testing.T) {
			if _, err := parseDigitsFast(s, "NO"); err != errPhoneFallback {
				t.Errorf("parseDigitsFast(%q) = %v, want errPhoneFallback", s, err)
			}
			fast, lib := outcomeOf(parseDigits, s, "NO"), outcomeOf(phonenumbers.Parse, s, "NO")
			if fast != lib {
				t.Errorf("parseDigits(%q) = %v; phonenumbers.Parse = %v", s, fast, lib)
			}
		})
	}
}

// FuzzParseDigits holds parseDigits to phonenumbers.Parse on any string in any region, and
// parseDigitsFast on the string's digits (after its '+', if it starts with one).
func FuzzParseDigits(f *testing.F) {
	regions := append(sortedRegions(), "ZZ", "", "001", "no")
	index := func(r string) uint16 { return uint16(slices.Index(regions, r)) }
	f.Add("91234567", index("NO"))
	f.Add("+4791234567", index("ZZ"))
	f.Add("004722123456", index("PL"))
	f.Add("0612345678", index("IT"))
	f.Add("01144207400123456", index("US"))
	f.Add("0111523456789", index("AR"))
	f.Add("4601234", index("AG"))
	f.Add("+0047912345678", index("NO"))
	f.Fuzz(func(t *testing.T, s string, r uint16) {
		region := regions[int(r)%len(regions)]
		c := &phoneParseChecker{t: t}
		if fast, lib := outcomeOf(parseDigits, s, region), outcomeOf(phonenumbers.Parse, s, region); fast != lib {
			t.Errorf("parseDigits(%q, %q) = %v\nphonenumbers.Parse = %v", s, region, fast, lib)
		}
		if msg := validDiffers(s, region); msg != "" {
			t.Error(msg)
		}
		digits := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, s)
		if strings.HasPrefix(s, "+") {
			digits = "+" + digits
		}
		c.check(digits, region)
	})
}
