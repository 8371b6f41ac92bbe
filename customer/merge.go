package customer

import (
	"strings"
	"time"
)

// Merging two stored customers keeps one of them (into) with, field by field, the value that
// survives, and deletes the other (from). The merge is recorded with both customers' values as
// they were, so that undoing it puts both back, the deleted one under its own id.

// MergeSide says whose value of a field survives a merge.
type MergeSide string

// The sides of a merge.
const (
	SideInto MergeSide = "into" // the value of the customer that is kept
	SideFrom MergeSide = "from" // the value of the customer merged into it (and deleted)
)

// Merge is one merge of customer From into customer Into, as recorded: what undoing it needs.
type Merge struct {
	ID       int64
	TenantID int64
	IntoID   int64
	FromID   int64
	Actor    string
	At       time.Time
	// IntoBefore and IntoAfter are the kept customer's values before and after the merge; From
	// is the merged customer's values when it was deleted.
	IntoBefore Values
	IntoAfter  Values
	From       Values
	// IntoUpdatedAt and FromUpdatedAt are when each customer had last changed before the merge,
	// FromCreatedAt when the merged one was created: undo puts them back.
	IntoUpdatedAt time.Time
	FromUpdatedAt time.Time
	FromCreatedAt time.Time
	// UndoneAt is when the merge was undone (zero while it stands) and UndoneBy by whom.
	UndoneAt time.Time
	UndoneBy string
}

// ParseMergeSides reads a merge's choices, field keys to "into" or "from"; EInvalid naming an
// unknown field or side. The dates of the consents follow their consent's choice.
func ParseMergeSides(choices map[string]string) (map[int]MergeSide, error) {
	out := make(map[int]MergeSide, len(choices))
	for k, v := range choices {
		f := FieldByKey(k)
		if f < 0 {
			return nil, Errorf(EInvalid, "Unknown field %s.", k)
		}
		side := MergeSide(strings.ToLower(strings.TrimSpace(v)))
		if side != SideInto && side != SideFrom {
			return nil, Errorf(EInvalid, "The choice for %s must be \"into\" or \"from\", not %q.", k, v)
		}
		out[f] = side
	}
	return out, nil
}

// MergeValues returns the values the kept customer has after from is merged into it. A field
// takes the side chosen for it in sides; a field not chosen takes the non-blank value, and when
// both are set, the value of the customer changed last (into on a tie). The account number is
// into's unless from's is chosen. A consent's date goes with its consent, so that a consent
// never shows another customer's date.
func MergeValues(into, from *Customer, sides map[int]MergeSide) Values {
	newer := SideInto
	if from.UpdatedAt.After(into.UpdatedAt) {
		newer = SideFrom
	}
	pick := func(f int) MergeSide {
		if s, ok := sides[f]; ok {
			return s
		}
		switch {
		case f == FAccount:
			return SideInto
		case into.Values[f] == "" && from.Values[f] != "":
			return SideFrom
		case from.Values[f] == "":
			return SideInto
		}
		return newer
	}
	out := into.Values
	for f := range out {
		if pick(f) == SideFrom {
			out[f] = from.Values[f]
		}
	}
	for _, cf := range ConsentFields {
		if s := pick(cf.Consent); s == SideFrom {
			out[cf.Date] = from.Values[cf.Date]
		} else {
			out[cf.Date] = into.Values[cf.Date]
		}
	}
	return out
}
