package customer

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// howRead's shortcut for regions whose national form is plain gives what the national form
// written by phonenumbers.Format gives, for every region's example numbers of every type, read
// from each way a file may write their digits, and for random valid Norwegian and Polish numbers.
func TestHowReadMatchesFormat(t *testing.T) {
	var nums []*phonenumbers.PhoneNumber
	_, all := exampleNumbers()
	for _, ex := range all {
		n, err := phonenumbers.Parse("+"+ex.cc+ex.nsn, "ZZ")
		if err != nil {
			t.Fatalf("parse +%s%s: %v", ex.cc, ex.nsn, err)
		}
		nums = append(nums, n)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for len(nums) < 5000 {
		region, first := "NO", []string{"4", "9", "2", "5", "7"}[r.IntN(5)]
		digits := first + fmt.Sprintf("%07d", r.IntN(10_000_000))
		if r.IntN(2) == 0 {
			region, first = "PL", []string{"5", "6", "7", "8", "2", "1"}[r.IntN(6)]
			digits = first + fmt.Sprintf("%08d", r.IntN(100_000_000))
		}
		if n, ok := parsePhone(digits, region); ok {
			nums = append(nums, n)
		}
	}
	shortcuts := 0
	for _, n := range nums {
		e, ok := e164(n)
		if !ok {
			continue
		}
		nsn := phonenumbers.GetNationalSignificantNumber(n)
		national, _, _ := phoneDigits(phonenumbers.Format(n, phonenumbers.NATIONAL))
		cc := strconv.Itoa(int(n.GetCountryCode()))
		for _, digits := range []string{nsn, "0" + nsn, national, cc + nsn} {
			got, want := howRead(digits, n, e), howReadByFormat(digits, n)
			if got != want {
				t.Errorf("howRead(%q, %s) = %v; by the national form %q: %v", digits, e, got, national, want)
			}
			if p := formatPlan(int(n.GetCountryCode())); p != nil && p.plainNational && digits == nsn {
				shortcuts++
			}
		}
	}
	if shortcuts < 4000 {
		t.Errorf("the shortcut was taken %d times of %d numbers; want most of the Norwegian and Polish ones", shortcuts, len(nums))
	}
}

// plainNational is true for the regions without a trunk prefix whose formats only group the
// digits, and false where the national form adds digits (GB's 0, Russia's 8) or a format is one
// the check cannot read.
func TestPlainNational(t *testing.T) {
	byID := regionMetadata(t)
	for id, want := range map[string]bool{"NO": true, "PL": true, "DK": true, "GB": false, "RU": false, "DE": false, "SE": false} {
		if got := plainNational(byID[id]); got != want {
			t.Errorf("plainNational(%s) = %v, want %v", id, got, want)
		}
	}
	for _, tt := range []struct {
		pattern string
		n       int
		ok      bool
	}{
		{`(\d{3})(\d{2})(\d{3})`, 3, true},
		{`(\d{2})(\d{2,3})`, 2, true},
		{`(\d)(\d{2})`, 2, true},
		{`(9(?:0|1)\d)(\d{4})`, 2, true},
		{`1(\d{3})`, 0, false},
		{`(\d{3})\d`, 0, false},
		{`((\d)\d{2})(\d{3})`, 0, false},
		{`(?:\d{3})(\d{2})`, 0, false},
		{`(\d{3}`, 0, false},
		{``, 0, false},
	} {
		n, ok := topLevelGroups(tt.pattern)
		if n != tt.n || ok != tt.ok {
			t.Errorf("topLevelGroups(%q) = %d, %v; want %d, %v", tt.pattern, n, ok, tt.n, tt.ok)
		}
	}
}
