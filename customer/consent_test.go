package customer

import (
	"testing"
	"time"
)

func TestReadTime(t *testing.T) {
	today := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name, in, want string
		fault          dateFault
	}{
		{"RFC 3339 in UTC", "2026-03-01T14:05:00Z", "2026-03-01T14:05:00Z", dateOK},
		{"RFC 3339 with a zone", "2026-03-01T14:05:00+01:00", "2026-03-01T13:05:00Z", dateOK},
		{"Shopify's form", "2023-05-11 14:23:05 -0400", "2023-05-11T18:23:05Z", dateOK},
		{"without a zone: UTC", "2023-05-11 14:23", "2023-05-11T14:23:00Z", dateOK},
		{"a date alone", "2026-03-01", "2026-03-01T00:00:00Z", dateOK},
		{"a local date", "01.03.2026", "2026-03-01T00:00:00Z", dateOK},
		{"fractions of a second are dropped", "2026-03-01T14:05:00.123Z", "2026-03-01T14:05:00Z", dateOK},
		{"in the future", "2027-01-01T00:00:00Z", "", dateFuture},
		{"a future date", "2027-01-01", "", dateFuture},
		{"not a date", "yesterday", "", dateUnreadable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, fault := readTime(tt.in, today, DayFirst)
			if fault != tt.fault || (fault == dateOK && got != tt.want) {
				t.Errorf("readTime(%q) = %q, %v; want %q, %v", tt.in, got, fault, tt.want, tt.fault)
			}
		})
	}
}

func TestConsentStampAndState(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	r := Rules{Country: "NO", Language: "nb", Today: now}
	stored := Customer{ID: 1, Values: Values{FAccount: "A-1", FFirstName: "Ola", FLastName: "Nordmann", FEmailOptIn: "No", FSMSOptIn: "No", FCountry: "NO"}}
	check := func(mode Mode, x *Index, cells ...string) Checked {
		return *checkRows(r, mode, x, row(cells...))[0]
	}
	x := NewIndex()
	x.Add(stored)

	t.Run("a new customer's given consent is dated by the import", func(t *testing.T) {
		c := check(ModeCreate, NewIndex(), "first_name", "Kari", "last_name", "Berg", "email_opt_in", "Ja")
		if c.Merged[FEmailConsentAt] != "2026-03-10T12:00:00Z" || c.Merged[FSMSConsentAt] != "" {
			t.Errorf("dates %q %q", c.Merged[FEmailConsentAt], c.Merged[FSMSConsentAt])
		}
		if s := ConsentState(&c.Merged, FEmailOptIn, FEmailConsentAt); s != ConsentYes {
			t.Errorf("email %s", s)
		}
		if s := ConsentState(&c.Merged, FSMSOptIn, FSMSConsentAt); s != ConsentUnknown {
			t.Errorf("sms %s, want unknown: the default No was never stated", s)
		}
	})
	t.Run("a dated column is read", func(t *testing.T) {
		c := check(ModeCreate, NewIndex(), "first_name", "Kari", "last_name", "Berg", "email_opt_in", "No", "email_consent_at", "2025-11-02 09:30:00 +0100")
		if c.Merged[FEmailConsentAt] != "2025-11-02T08:30:00Z" || ConsentState(&c.Merged, FEmailOptIn, FEmailConsentAt) != ConsentNo {
			t.Errorf("date %q", c.Merged[FEmailConsentAt])
		}
	})
	t.Run("an update that changes consent dates it; one that does not, does not", func(t *testing.T) {
		c := check(ModeUpsert, x, "account_number", "A-1", "sms_opt_in", "Yes")
		if c.Merged[FSMSConsentAt] != "2026-03-10T12:00:00Z" || c.Status != StatusUpdate {
			t.Errorf("changed: %q %s", c.Merged[FSMSConsentAt], c.Status)
		}
		c = check(ModeUpsert, x, "account_number", "A-1", "sms_opt_in", "No")
		if c.Merged[FSMSConsentAt] != "" || c.Status != StatusUnchanged {
			t.Errorf("unchanged: %q %s", c.Merged[FSMSConsentAt], c.Status)
		}
	})
	t.Run("an edit by hand", func(t *testing.T) {
		var c Checked
		v := stored.Values
		v[FEmailOptIn] = "Yes"
		r.PrepareInto(&c, &StagedRow{Raw: v})
		r.CheckOne(&c, &stored, x)
		if c.Merged[FEmailConsentAt] != "2026-03-10T12:00:00Z" || c.Status != StatusUpdate {
			t.Errorf("edit: %q %s %v", c.Merged[FEmailConsentAt], c.Status, c.Errors)
		}
	})
}
