package customer

import (
	"testing"
	"time"
)

func TestMergeValues(t *testing.T) {
	old := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var a, b Values
	a[FAccount], a[FFirstName], a[FLastName], a[FCity], a[FEmail] = "A-1", "Kari", "Nordmann", "Oslo", "kari@example.no"
	a[FEmailOptIn], a[FEmailConsentAt] = "yes", "2025-01-01T00:00:00Z"
	b[FAccount], b[FFirstName], b[FLastName], b[FCity], b[FMobile] = "A-2", "Kari", "Nordman", "Bergen", "+4791234567"
	b[FEmailOptIn], b[FEmailConsentAt] = "no", "2026-01-01T00:00:00Z"
	tests := []struct {
		name    string
		intoNew bool // into changed last
		sides   map[int]MergeSide
		want    map[int]string
	}{
		{name: "newer wins, blanks filled", want: map[int]string{FAccount: "A-1", FLastName: "Nordman", FCity: "Bergen",
			FEmail: "kari@example.no", FMobile: "+4791234567", FEmailOptIn: "no", FEmailConsentAt: "2026-01-01T00:00:00Z"}},
		{name: "into newer", intoNew: true, want: map[int]string{FLastName: "Nordmann", FCity: "Oslo", FMobile: "+4791234567", FEmailOptIn: "yes"}},
		{name: "chosen", sides: map[int]MergeSide{FAccount: SideFrom, FCity: SideInto, FMobile: SideInto, FEmailOptIn: SideInto},
			want: map[int]string{FAccount: "A-2", FCity: "Oslo", FMobile: "", FEmailOptIn: "yes", FEmailConsentAt: "2025-01-01T00:00:00Z", FLastName: "Nordman"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			into, from := &Customer{Values: a, UpdatedAt: old}, &Customer{Values: b, UpdatedAt: old.Add(time.Hour)}
			if tt.intoNew {
				into.UpdatedAt = old.Add(2 * time.Hour)
			}
			got := MergeValues(into, from, tt.sides)
			for f, w := range tt.want {
				if got[f] != w {
					t.Errorf("%s = %q, want %q", Fields[f].Key, got[f], w)
				}
			}
		})
	}
}

func TestParseMergeSides(t *testing.T) {
	got, err := ParseMergeSides(map[string]string{"email": "from", "city": " Into "})
	if err != nil || got[FEmail] != SideFrom || got[FCity] != SideInto || len(got) != 2 {
		t.Errorf("ParseMergeSides = %v, %v", got, err)
	}
	for _, bad := range []map[string]string{{"nope": "from"}, {"email": "both"}} {
		if _, err := ParseMergeSides(bad); ErrorCodeOf(err) != EInvalid {
			t.Errorf("ParseMergeSides(%v) = %v, want EInvalid", bad, err)
		}
	}
}
