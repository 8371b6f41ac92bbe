package customer

import (
	"strings"
	"time"
)

// Marketing consent is kept with its provenance (GDPR Art. 7(1): the shop must be able to show
// that the customer consented): Email Marketing and SMS Marketing each have a date field,
// Email Marketing Date and SMS Marketing Date, saying when the consent was last given or
// withdrawn. A file's dated consent column fills it; otherwise an import or edit that changes the
// consent stamps it with its own time (StampConsent). Where the consent came from is the
// history's: the import, file and platform, or the user's edit, that last changed it.

// ConsentFields pairs each consent field with its date field.
var ConsentFields = [...]struct{ Consent, Date int }{{FEmailOptIn, FEmailConsentAt}, {FSMSOptIn, FSMSConsentAt}}

// The consent states.
const (
	ConsentYes     = "yes"
	ConsentNo      = "no"
	ConsentUnknown = "unknown" // never asked: the default No, with no date it was given or withdrawn
)

// ConsentState returns a stored customer's state of the consent field i (FEmailOptIn or
// FSMSOptIn) whose date field is date: yes, no, or unknown for a No that no one recorded.
func ConsentState(v *Values, i, date int) string {
	switch {
	case v[i] == "Yes":
		return ConsentYes
	case v[i] == "No" && v[date] != "":
		return ConsentNo
	}
	return ConsentUnknown
}

// StampConsent dates the consents that merged changes from before (nil for a new customer)
// without a date of their own in given (the row's or the edit's values): a new customer's consent
// given in the row, or a stored customer's consent that changes, is dated at now.
func StampConsent(merged *Values, before *Values, given *Values, now time.Time) {
	for _, cf := range ConsentFields {
		if given[cf.Date] != "" || given[cf.Consent] == "" {
			continue
		}
		if before == nil || before[cf.Consent] != merged[cf.Consent] {
			merged[cf.Date] = FormatTime(now)
		}
	}
}

// FormatTime writes a time as consent dates are stored: RFC 3339 in UTC, to the second.
func FormatTime(t time.Time) string { return t.UTC().Truncate(time.Second).Format(time.RFC3339) }

// timeLayouts are the forms of a date and time read, beside a date alone: RFC 3339, Shopify's
// "2023-05-11 14:23:05 -0400", and the same without a zone (taken as UTC).
var timeLayouts = []string{
	time.RFC3339, "2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05 -07:00", "2006-01-02 15:04:05Z07:00",
	"2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02 15:04:05 MST",
}

// readTime reads a date, or a date and time, as stored: RFC 3339 in UTC. A date alone is its
// midnight in UTC, read as a date of birth is (any of its forms, in order). A time more than a
// day after today is in the future.
func readTime(s string, today time.Time, order DateOrder) (string, dateFault) {
	s = strings.TrimSpace(s)
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			if t.Year() < 1900 {
				return "", dateTooEarly
			}
			if t.After(today.Add(24 * time.Hour)) {
				return "", dateFuture
			}
			return FormatTime(t), dateOK
		}
	}
	d, fault := readDateIn(s, today, order)
	if fault != dateOK {
		return d, fault
	}
	return d + "T00:00:00Z", dateOK
}

// today is the day the rules judge "not in the future" by.
func (r Rules) today() time.Time {
	if r.Today.IsZero() {
		return time.Now()
	}
	return r.Today
}
