package customer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// dateFault says why a cell is not an acceptable date of birth.
type dateFault int

const (
	dateOK         dateFault = iota
	dateUnreadable           // not in an accepted form
	dateNotReal              // 2023-02-30
	dateTooEarly             // before 1900
	dateFuture               // after today
	dateMonthFirst           // not real day first, but a real date month first, as in the US: 12/31/1985
)

var (
	// isoDate is year first: 1990-02-28, also 1990/02/28 and 1990.02.28, single-digit month and
	// day allowed. Year first is unambiguous in every locale.
	isoDate = regexp.MustCompile(`^(\d{4})([-/.])(\d{1,2})([-/.])(\d{1,2})` + timePart + `$`)
	// localDate is day first, the order of all three supported locales (en means British English):
	// 28.02.1990, 28.2.1990, 28/02/1990, 28-02-1990. Two-digit years are refused: for a birth date
	// the century is a guess.
	localDate = regexp.MustCompile(`^(\d{1,2})([-/.])(\d{1,2})([-/.])(\d{4})` + timePart + `$`)
)

// timePart is an optional time of day after a date, as spreadsheets and databases write date
// cells ("1990-02-28 00:00:00", "1990-02-28T00:00:00Z", "28.02.1990 00:00"). It is checked for
// shape and range and then ignored: a birthday is a day.
const timePart = `(?:(?:[T ]| +)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?(?: ?(?:Z|[+-]\d{2}:?\d{2}))?)?`

// ParseDate reads s as a date of birth and returns it as YYYY-MM-DD. It accepts ISO dates
// (1990-02-28, with or without a time part) and the day-first forms of the tenant's locale
// (language "en", "nb" or "pl"): 28.02.1990, 28.2.1990, 28/02/1990, 28-02-1990. All three
// locales write the day first, so language does not change how a date is read; a US-style
// month-first date is read day first and usually fails as not a real date.
//
// ok is false when s is in no accepted form, is not a real date (1990-02-30), is before
// 1900-01-01, or is after today (zero today means time.Now()). Spreadsheet date cells must be
// turned into dates by the file reader, which knows the cell's type: a bare serial number such
// as 32932 is not read as a date here, because a typed year of birth ("1990") would silently
// become 1905-06-12.
func ParseDate(s, language string, today time.Time) (iso string, ok bool) {
	iso, fault := readDate(s, today)
	if fault != dateOK {
		return "", false
	}
	return iso, true
}

// DateOrder is the order in which a file writes day and month in the dates of birth that do not
// start with the year.
type DateOrder string

// The date orders. The zero value is DayFirst, the order of all three locales.
const (
	DayFirst   DateOrder = ""
	MonthFirst DateOrder = "month_first" // as in the US: 12/31/1985
)

// DateEvidence gathers, cell by cell, what a file's column of dates says of its order: a date
// such as 13/01/1990 can only be day first, 12/31/1985 only month first, and 05/06/1990 either.
// The zero value has seen nothing.
type DateEvidence struct {
	dayOnly, monthOnly bool
}

// Add looks at one cell of the column and reports whether the cell reads otherwise in the other
// order (05/06/1990, 12/31/1985, not 1990-06-05 or 05/05/1990). Once Decided it looks no more, and
// reports false.
func (e *DateEvidence) Add(cell string) (ordered bool) {
	if e.dayOnly || cell == "" {
		return false // day first is decided: nothing can make the column month first again
	}
	s := trimCell(cell)
	y, m, d, ok := plainDate(s)
	if !ok {
		g := localDate.FindStringSubmatch(s)
		if g == nil || g[2] != g[4] {
			return false
		}
		d, m, y = g[1], g[3], g[5]
	}
	if strings.HasPrefix(s, y) {
		return false // year first is read the same in every order
	}
	dayReal, monthReal := realDate(y, m, d), realDate(y, d, m)
	e.dayOnly = e.dayOnly || (dayReal && !monthReal)
	e.monthOnly = e.monthOnly || (monthReal && !dayReal)
	return (dayReal || monthReal) && strings.TrimLeft(d, "0") != strings.TrimLeft(m, "0")
}

// Decided reports whether the column's order is known whatever the rest of it holds: a date that
// can only be day first makes it DayFirst.
func (e DateEvidence) Decided() bool { return e.dayOnly }

// Order returns MonthFirst when some date of the column can only be month first and none can
// only be day first: the column is then unambiguous, and every date in it is read month first.
// Otherwise DayFirst, and a date that is real only month first is told so (dateMonthFirst).
func (e DateEvidence) Order() DateOrder {
	if e.monthOnly && !e.dayOnly {
		return MonthFirst
	}
	return DayFirst
}

// readDate reads s as ParseDate does and says why it is not a date of birth; for dateMonthFirst
// the string is the date read month first (ISO), for the message to suggest.
func readDate(s string, today time.Time) (string, dateFault) {
	return readDateIn(s, today, DayFirst)
}

// readDateIn is readDate for a column of dates in order.
func readDateIn(s string, today time.Time, order DateOrder) (string, dateFault) {
	s = trimCell(s)
	y, m, d, ok := plainDate(s)
	if ok {
		return checkOrdered(s, y, m, d, today, order)
	}
	var tm []string
	if g := isoDate.FindStringSubmatch(s); g != nil && g[2] == g[4] {
		y, m, d, tm = g[1], g[3], g[5], g[6:]
	} else if g := localDate.FindStringSubmatch(s); g != nil && g[2] == g[4] {
		d, m, y, tm = g[1], g[3], g[5], g[6:]
	} else {
		return "", dateUnreadable
	}
	if !timeOK(tm) {
		return "", dateUnreadable
	}
	return checkOrdered(s, y, m, d, today, order)
}

// checkOrdered is checkDate for the date s, whose parts were read day first as y, m and d, in a
// column of order. Day first, a date that is no real date but is one month first (12/31/1985)
// is told apart: the cell most likely came from a US-ordered program, and the person needs the
// date, not "not a real date".
func checkOrdered(s, y, m, d string, today time.Time, order DateOrder) (string, dateFault) {
	yearFirst := strings.HasPrefix(s, y)
	if order == MonthFirst && !yearFirst {
		m, d = d, m
	}
	iso, fault := checkDate(y, m, d, today)
	if fault != dateNotReal || yearFirst || order == MonthFirst {
		return iso, fault
	}
	if us, f := checkDate(y, d, m, today); f == dateOK {
		return us, dateMonthFirst
	}
	return iso, fault
}

// plainDate reads the forms of isoDate and localDate without a time (1990-02-28, 28.02.1990,
// both separators the same) by hand, and returns year, month and day as the expressions' groups
// would, sparing nearly every date cell the two expressions (BenchmarkPrepare). ok is false for anything else, which the
// expressions then read. FuzzParseDate holds it to the expressions.
func plainDate(s string) (y, m, d string, ok bool) {
	var parts [3]string
	var seps [2]byte
	n, start := 0, 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] >= '0' && s[i] <= '9' {
			continue
		}
		if i == start || n == 3 {
			return "", "", "", false
		}
		parts[n] = s[start:i]
		if i < len(s) {
			if n == 2 || (s[i] != '-' && s[i] != '/' && s[i] != '.') {
				return "", "", "", false
			}
			seps[n] = s[i]
		}
		n++
		start = i + 1
	}
	if n != 3 || seps[0] != seps[1] {
		return "", "", "", false
	}
	short := func(p string) bool { return len(p) == 1 || len(p) == 2 }
	switch {
	case len(parts[0]) == 4 && short(parts[1]) && short(parts[2]):
		return parts[0], parts[1], parts[2], true
	case short(parts[0]) && short(parts[1]) && len(parts[2]) == 4:
		return parts[2], parts[1], parts[0], true
	}
	return "", "", "", false
}

// realDate reports whether year y has a month m with a day d.
func realDate(y, m, d string) bool {
	year, _ := strconv.Atoi(y)
	month, _ := strconv.Atoi(m)
	day, _ := strconv.Atoi(d)
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	return t.Year() == year && int(t.Month()) == month && t.Day() == day
}

// checkDate checks the year, month and day read from a cell and returns the ISO date.
func checkDate(y, m, d string, today time.Time) (string, dateFault) {
	if !realDate(y, m, d) {
		return "", dateNotReal
	}
	year, _ := strconv.Atoi(y)
	month, _ := strconv.Atoi(m)
	day, _ := strconv.Atoi(d)
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if year < 1900 {
		return "", dateTooEarly
	}
	if today.IsZero() {
		today = time.Now()
	}
	ty, tmon, td := today.Date()
	if t.After(time.Date(ty, tmon, td, 0, 0, 0, 0, time.UTC)) {
		return "", dateFuture
	}
	return fmt.Sprintf("%04d-%02d-%02d", year, month, day), dateOK
}

// timeOK checks the hour, minute and second groups of timePart (blank when absent).
func timeOK(g []string) bool {
	limits := []int{23, 59, 59}
	for i, s := range g {
		if s == "" {
			continue
		}
		if n, _ := strconv.Atoi(s); n > limits[i] {
			return false
		}
	}
	return true
}
