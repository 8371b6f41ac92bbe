package customer

import (
	"strings"
	"testing"
	"time"
)

// testToday is the day tests judge "in the future" against.
var testToday = time.Date(2025, time.June, 15, 14, 30, 0, 0, time.UTC)

func TestParseDate(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		lang  string
		want  string
		fault dateFault
	}{
		{"iso", "1990-02-28", "nb", "1990-02-28", dateOK},
		{"iso trimmed", " 1990-02-28\u00a0", "en", "1990-02-28", dateOK},
		{"iso single digits", "1990-2-8", "pl", "1990-02-08", dateOK},
		{"iso slashes", "1990/02/28", "en", "1990-02-28", dateOK},
		{"iso with time", "1990-02-28 00:00:00", "nb", "1990-02-28", dateOK},
		{"iso with T", "1990-02-28T00:00:00", "nb", "1990-02-28", dateOK},
		{"iso with zone", "1990-02-28T00:00:00Z", "nb", "1990-02-28", dateOK},
		{"iso with fraction", "1990-02-28 00:00:00.000", "nb", "1990-02-28", dateOK},
		{"iso with minutes only", "1990-02-28 13:45", "nb", "1990-02-28", dateOK},
		{"norwegian", "28.02.1990", "nb", "1990-02-28", dateOK},
		{"norwegian short", "28.2.1990", "nb", "1990-02-28", dateOK},
		{"norwegian with time", "28.02.1990 00:00", "nb", "1990-02-28", dateOK},
		{"polish", "14.06.1985", "pl", "1985-06-14", dateOK},
		{"polish slashes", "28/02/1990", "pl", "1990-02-28", dateOK},
		{"polish dashes", "28-02-1990", "pl", "1990-02-28", dateOK},
		{"british", "28/02/1990", "en", "1990-02-28", dateOK},
		{"british day first", "01/02/1990", "en", "1990-02-01", dateOK},
		{"leap day", "29.02.2000", "nb", "2000-02-29", dateOK},
		{"first day allowed", "1900-01-01", "en", "1900-01-01", dateOK},
		{"today", "2025-06-15", "en", "2025-06-15", dateOK},

		{"not a leap year", "29.02.2023", "nb", "", dateNotReal},
		{"february 30", "2023-02-30", "en", "", dateNotReal},
		{"month 13", "1990-13-01", "en", "", dateNotReal},
		{"us month first", "02/28/1990", "en", "1990-02-28", dateMonthFirst},
		{"us month first, dots", "12.31.1985", "nb", "1985-12-31", dateMonthFirst},
		{"neither order", "13/13/1990", "en", "", dateNotReal},
		{"month first in the future", "12/31/2099", "en", "", dateNotReal},
		{"day zero", "00.02.1990", "nb", "", dateNotReal},
		{"tomorrow", "2025-06-16", "en", "", dateFuture},
		{"next century", "01.01.2190", "nb", "", dateFuture},
		{"before 1900", "31.12.1899", "nb", "", dateTooEarly},
		{"year zero", "0000-01-01", "en", "", dateTooEarly},

		{"blank", "", "nb", "", dateUnreadable},
		{"two-digit year", "28.02.90", "nb", "", dateUnreadable},
		{"words", "28 February 1990", "en", "", dateUnreadable},
		{"mixed separators", "28.02/1990", "nb", "", dateUnreadable},
		{"iso mixed separators", "1990-02/28", "nb", "", dateUnreadable},
		{"excel serial", "32932", "nb", "", dateUnreadable},
		{"year only", "1990", "nb", "", dateUnreadable},
		{"bad hour", "1990-02-28 25:00", "nb", "", dateUnreadable},
		{"trailing text", "1990-02-28x", "nb", "", dateUnreadable},
		{"arabic digits", "١٩٩٠-٠٢-٢٨", "nb", "", dateUnreadable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, fault := readDate(tt.in, testToday)
			if got != tt.want || fault != tt.fault {
				t.Errorf("readDate(%q) = %q, %v; want %q, %v", tt.in, got, fault, tt.want, tt.fault)
			}
			iso, ok := ParseDate(tt.in, tt.lang, testToday)
			if want := tt.want; (tt.fault != dateOK && iso != "") || (tt.fault == dateOK && iso != want) || ok != (tt.fault == dateOK) {
				t.Errorf("ParseDate(%q) = %q, %v", tt.in, iso, ok)
			}
			if ok {
				if again, ok := ParseDate(iso, tt.lang, testToday); again != iso || !ok {
					t.Errorf("ParseDate(%q) = %q, %v; not stable", iso, again, ok)
				}
			}
		})
	}
}

func TestParseDateZeroTodayIsNow(t *testing.T) {
	if _, ok := ParseDate(time.Now().AddDate(0, 0, 2).Format("2006-01-02"), "en", time.Time{}); ok {
		t.Error("a date two days ahead was accepted with a zero today")
	}
	if _, ok := ParseDate(time.Now().AddDate(0, 0, -2).Format("2006-01-02"), "en", time.Time{}); !ok {
		t.Error("a date two days ago was refused with a zero today")
	}
}

// TestMonthFirstMessage: a US-ordered date says so and suggests the date as the locale writes it.
func TestMonthFirstMessage(t *testing.T) {
	for _, tc := range []struct{ lang, want string }{
		{"nb", "skriv dagen først: 31.12.1985"},
		{"en", "write it day first: 31/12/1985"},
		{"pl", "wpisz najpierw dzień: 31.12.1985"},
	} {
		raw := row("first_name", "Ola", "last_name", "Nordmann", "birth_date", "12/31/1985")
		_, errs, _ := Rules{Country: "NO", Language: tc.lang, Today: testToday}.Normalize(&raw)
		if len(errs) != 1 || errs[0].Code != CodeInvalidDate || !strings.Contains(errs[0].In(tc.lang), tc.want) {
			t.Errorf("%s: %+v, want a message with %q", tc.lang, errs, tc.want)
		}
	}
}

// TestDateEvidence: a column is read month first only when some date can only be month first and
// none can only be day first; then every date of it is read month first.
func TestDateEvidence(t *testing.T) {
	cases := []struct {
		name  string
		cells []string
		want  DateOrder
	}{
		{"nothing", nil, DayFirst},
		{"ambiguous only", []string{"05/06/1990", "01.02.1985", ""}, DayFirst},
		{"a day after the 12th", []string{"05/06/1990", "13/01/1990"}, DayFirst},
		{"a US date", []string{"05/06/1990", "12/31/1985", "1990-02-28"}, MonthFirst},
		{"both: ambiguous column", []string{"12/31/1985", "13/01/1990"}, DayFirst},
		{"year first says nothing", []string{"1990-12-31", "1990/02/28"}, DayFirst},
		{"not dates", []string{"Ja", "32932", "28 February 1990"}, DayFirst},
		{"with a time", []string{"12/31/1985 00:00"}, MonthFirst},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var e DateEvidence
			for _, c := range tc.cells {
				e.Add(c)
			}
			if got := e.Order(); got != tc.want {
				t.Errorf("Order = %q, want %q", got, tc.want)
			}
		})
	}
	// A month-first column reads every date so, and a day-first-only date in it is not real.
	for in, want := range map[string]string{"05/06/1990": "1990-05-06", "12/31/1985": "1985-12-31", "1990-02-28": "1990-02-28", "13/01/1990": ""} {
		if got, _ := readDateIn(in, testToday, MonthFirst); got != want {
			t.Errorf("readDateIn(%q, MonthFirst) = %q, want %q", in, got, want)
		}
	}
}

// TestDateEvidenceOrdered: Add says which dates read otherwise in the other order, and stops
// looking once the column is decided.
func TestDateEvidenceOrdered(t *testing.T) {
	for cell, want := range map[string]bool{
		"05/06/1990": true, "13/01/1990": true, "12/31/1985": true, "5.6.1990": true,
		"05/05/1990": false, "5/05/1990": false, "1990-06-05": false, "13/13/1990": false, "": false, "Ja": false,
	} {
		var e DateEvidence
		if got := e.Add(cell); got != want {
			t.Errorf("Add(%q) = %v, want %v", cell, got, want)
		}
	}
	var e DateEvidence
	e.Add("13/01/1990")
	if !e.Decided() || e.Add("05/06/1990") || e.Order() != DayFirst {
		t.Errorf("after a day-first-only date: decided %v, order %q", e.Decided(), e.Order())
	}
}
