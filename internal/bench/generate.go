package bench

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/clientele/clientele/customer"
)

// Fault names the one mistake an error row of a generated file carries; "" for a clean row.
type Fault string

// The faults the generator puts into error rows, each one a row error the importer reports.
const (
	FaultNone          Fault = ""
	FaultEmail         Fault = "invalid_email"     // "ola.hansen(at)gmail.com"
	FaultPhone         Fault = "invalid_phone"     // "ukjent", "912 34 5"
	FaultDate          Fault = "invalid_date"      // 31.02.1987
	FaultRequired      Fault = "required"          // no last name
	FaultTitle         Fault = "invalid_value"     // a title not in the list
	FaultPoints        Fault = "invalid_points"    // negative loyalty points
	FaultTooLong       Fault = "too_long"          // a note longer than 500 characters
	FaultDuplicateMail Fault = "duplicate_in_file" // an earlier row's email, in capitals
)

var faults = []Fault{FaultEmail, FaultPhone, FaultDate, FaultRequired, FaultTitle, FaultPoints, FaultTooLong, FaultDuplicateMail}

// DefaultErrorRate is the share of generated file rows that carry a fault.
const DefaultErrorRate = 0.03

// Row is one generated file row: its cells as a person would have typed or exported them, and
// the fault it was given.
type Row struct {
	Values customer.Values
	Fault  Fault
}

// Generator makes realistic customers: Norwegian and Polish names, addresses and phone numbers
// in the mixed forms real files have (+47 912 34 567, 91234567, 0047…; 28.02.1990 and
// 1990-02-28; Ja/Nei, Tak/Nie). Its output depends only on its seed and the calls made: two
// generators with the same seed make the same rows.
//
// Every customer it makes has account number, email, mobile and name + postcode unique among
// all rows and customers the same Generator made, so the only row errors are the faults it put
// there on purpose.
type Generator struct {
	ErrorRate float64 // the share of file rows with a fault; DefaultErrorRate when 0, none when < 0

	rng        *rand.Rand
	nameKeys   map[string]bool
	emails     []string // clean rows' emails, for duplicates
	fileRows   int
	seeds      int
	today      time.Time
	normalizer customer.Rules
}

// NewGenerator returns a Generator whose output is fixed by seed.
func NewGenerator(seed uint64) *Generator {
	today := time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)
	return &Generator{
		rng:        rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		nameKeys:   map[string]bool{},
		today:      today,
		normalizer: customer.Rules{Country: "NO", Language: "en", Today: today},
	}
}

// Rows returns the next n rows of a customer file, about ErrorRate of them with a fault.
func (g *Generator) Rows(n int) []Row {
	rate := g.ErrorRate
	if rate == 0 {
		rate = DefaultErrorRate
	}
	rows := make([]Row, n)
	for i := range rows {
		v := g.person(false, g.fileRows)
		g.fileRows++
		fault := FaultNone
		if rate > 0 && g.rng.Float64() < rate {
			fault = faults[g.rng.IntN(len(faults))]
			if fault == FaultDuplicateMail && len(g.emails) == 0 {
				fault = FaultEmail
			}
			g.spoil(&v, fault)
		} else if v[customer.FEmail] != "" {
			g.emails = append(g.emails, v[customer.FEmail])
		}
		rows[i] = Row{Values: v, Fault: fault}
	}
	return rows
}

// Customers returns the next n stored customers, normalised as a commit stores them, for seeding
// a database. Their keys differ from every file row's, so seeding changes no row's status.
func (g *Generator) Customers(n int) ([]*customer.Customer, error) {
	cs := make([]*customer.Customer, n)
	for i := range cs {
		raw := g.person(true, g.seeds)
		g.seeds++
		norm, errs, _ := g.normalizer.Normalize(&raw)
		if len(errs) > 0 {
			return nil, fmt.Errorf("bench: generated customer %d is invalid: %s", i, errs[0].Message)
		}
		g.normalizer.ApplyDefaults(&norm)
		cs[i] = &customer.Customer{Values: norm}
	}
	return cs, nil
}

// person makes one valid customer's cells; i numbers it among the file rows (seed false) or the
// stored customers (seed true), and makes its account, email and mobile unique.
func (g *Generator) person(seed bool, i int) customer.Values {
	r := g.rng
	var v customer.Values
	polish := r.IntN(10) < 3
	first, last, pl, domains := norwegianFirst, norwegianLast, norwegianPlaces, norwegianDomains
	if polish {
		first, last, pl, domains = polishFirst, polishLast, polishPlaces, polishDomains
	}
	p := first[r.IntN(len(first))]
	v[customer.FFirstName] = p.name
	for {
		surname := last[r.IntN(len(last))]
		if polish && p.female {
			surname = feminine(surname)
		}
		if r.IntN(25) == 0 { // double-barrelled
			surname += "-" + last[r.IntN(len(last))]
		}
		place := pl[r.IntN(len(pl))]
		code := place.lo + r.IntN(place.hi-place.lo+1)
		postcode := fmt.Sprintf("%04d", code)
		if polish {
			postcode = fmt.Sprintf("%02d-%03d", code/1000, code%1000)
		} else if code < 1000 && r.IntN(20) == 0 {
			postcode = strconv.Itoa(code) // a spreadsheet took it for a number: a warning, not an error
		}
		// The key of the postcode as stored: "150" is stored as "0150", and must not repeat a
		// person whose postcode was written "0150" (a million customers hold such pairs).
		key := customer.NameKey(p.name, surname, fmt.Sprintf("%04d", code))
		if polish {
			key = customer.NameKey(p.name, surname, postcode)
		}
		if g.nameKeys[key] {
			continue
		}
		g.nameKeys[key] = true
		v[customer.FLastName] = surname
		v[customer.FPostcode] = postcode
		v[customer.FCity] = place.city
		v[customer.FRegion] = place.region
		break
	}

	switch {
	case seed:
		v[customer.FAccount] = fmt.Sprintf("POS%07d", i+1)
	case r.IntN(5) > 0: // a fifth of the rows leave the number to be assigned
		v[customer.FAccount] = fmt.Sprintf("K-%06d", 100000+i)
	}
	switch n := r.IntN(10); {
	case n < 4 && p.female:
		v[customer.FTitle] = []string{"Ms", "Mrs", "Miss"}[r.IntN(3)]
	case n < 4:
		v[customer.FTitle] = "Mr"
	case n == 4:
		v[customer.FTitle] = "Dr"
	}
	if r.IntN(10) == 0 {
		if polish {
			v[customer.FCompany] = v[customer.FLastName] + " " + polishCompanies[r.IntN(len(polishCompanies))]
		} else {
			v[customer.FCompany] = v[customer.FLastName] + " " + norwegianCompanies[r.IntN(len(norwegianCompanies))]
		}
	}
	if seed || r.IntN(12) > 0 {
		sep := "."
		if seed {
			sep = "_" // seeds' addresses can never equal a file row's
		}
		email := ascii(p.name) + sep + ascii(v[customer.FLastName]) + strconv.Itoa(i+1) + "@" + domains[r.IntN(len(domains))]
		if r.IntN(20) == 0 {
			email = strings.ToUpper(email[:1]) + email[1:]
		}
		v[customer.FEmail] = email
	}
	if seed || r.IntN(10) > 0 {
		v[customer.FMobile] = mobile(r, polish, seed, i)
	}
	if r.IntN(5) == 0 {
		if polish {
			v[customer.FPhone] = fmt.Sprintf("%s %03d %02d %02d", []string{"22", "12", "42", "71", "61"}[r.IntN(5)], r.IntN(1000), r.IntN(100), r.IntN(100))
		} else {
			v[customer.FPhone] = fmt.Sprintf("%s %02d %02d %02d", []string{"22", "23", "55", "73", "51"}[r.IntN(5)], r.IntN(100), r.IntN(100), r.IntN(100))
		}
	}
	if r.IntN(10) > 0 {
		if polish {
			v[customer.FAddress1] = fmt.Sprintf("%s %d", polishStreets[r.IntN(len(polishStreets))], 1+r.IntN(120))
			if r.IntN(2) == 0 {
				v[customer.FAddress1] += fmt.Sprintf("/%d", 1+r.IntN(60))
			}
		} else {
			v[customer.FAddress1] = fmt.Sprintf("%s %d", norwegianStreets[r.IntN(len(norwegianStreets))], 1+r.IntN(120))
			if r.IntN(6) == 0 {
				v[customer.FAddress2] = fmt.Sprintf("H%d%02d", 1+r.IntN(5), 1+r.IntN(8))
			}
		}
	}
	v[customer.FCountry] = country(r, polish)
	if r.IntN(10) < 7 {
		d := time.Date(1940+r.IntN(66), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
		if polish || r.IntN(2) == 0 {
			v[customer.FBirthDate] = d.Format("2006-01-02")
		} else {
			v[customer.FBirthDate] = d.Format("02.01.2006")
		}
	}
	v[customer.FEmailOptIn] = yesNo(r, polish)
	v[customer.FSMSOptIn] = yesNo(r, polish)
	if r.IntN(4) > 0 {
		v[customer.FLoyaltyPoints] = strconv.Itoa(r.IntN(25) * r.IntN(400))
	}
	if r.IntN(15) == 0 {
		v[customer.FNote] = notes[r.IntN(len(notes))]
	}
	return v
}

// spoil gives v the fault f.
func (g *Generator) spoil(v *customer.Values, f Fault) {
	r := g.rng
	switch f {
	case FaultEmail:
		local := ascii(v[customer.FFirstName]) + "." + ascii(v[customer.FLastName])
		v[customer.FEmail] = []string{local + "(at)gmail.com", local + "@@online.no", local + "@gmail", local + " @wp.pl"}[r.IntN(4)]
	case FaultPhone:
		v[customer.FMobile] = []string{"ukjent", "912 34 5", "tel. 12", "brak"}[r.IntN(4)]
	case FaultDate:
		v[customer.FBirthDate] = []string{"31.02.1987", "1987-13-01", "30.02.1990", "2099-01-01"}[r.IntN(4)]
	case FaultRequired:
		v[customer.FLastName] = ""
	case FaultTitle:
		v[customer.FTitle] = []string{"Sir", "Herr", "Pani", "Fru"}[r.IntN(4)]
	case FaultPoints:
		v[customer.FLoyaltyPoints] = "-" + strconv.Itoa(1+r.IntN(500))
	case FaultTooLong:
		v[customer.FNote] = strings.Repeat("Ring før levering. ", 30)
	case FaultDuplicateMail:
		v[customer.FEmail] = strings.ToUpper(g.emails[r.IntN(len(g.emails))])
	}
}

// feminine returns the feminine form of a Polish surname.
func feminine(s string) string {
	if strings.HasSuffix(s, "ski") || strings.HasSuffix(s, "cki") || strings.HasSuffix(s, "dzki") {
		return s[:len(s)-1] + "a"
	}
	return s
}

// mobile returns a valid, unique mobile number written the way people write it. File rows and
// seeds draw from different number ranges (Norway 9… and 4…, Poland 60… and 51…), and within a
// range i picks the number through a bijection of the range, so numbers look random but never
// repeat.
func mobile(r *rand.Rand, polish, seed bool, i int) string {
	var digits, cc string
	if polish {
		cc = "48"
		prefix := "60"
		if seed {
			prefix = "51"
		}
		digits = prefix + fmt.Sprintf("%07d", scramble(i, 10_000_000))
	} else {
		cc = "47"
		if seed {
			digits = string("015678"[i/1_000_000%6]) + fmt.Sprintf("%06d", scramble(i%1_000_000, 1_000_000))
			digits = "4" + digits
		} else {
			digits = "9" + fmt.Sprintf("%07d", scramble(i, 10_000_000))
		}
	}
	switch r.IntN(5) {
	case 0:
		return "+" + cc + digits
	case 1:
		return "00" + cc + " " + digits
	case 2:
		return digits
	default:
		return "+" + cc + " " + grouped(digits, polish)
	}
}

// grouped writes a national number in the country's usual groups: 912 34 567, 601 234 567.
func grouped(d string, polish bool) string {
	if polish {
		return d[:3] + " " + d[3:6] + " " + d[6:]
	}
	return d[:3] + " " + d[3:5] + " " + d[5:]
}

// scramble maps 0 ≤ i < n (n a power of ten) one-to-one onto 0 … n-1; the multiplier is odd
// and not a multiple of 5, so it is invertible modulo n.
func scramble(i, n int) int {
	return (i%n*7_654_321 + 1_234_567) % n
}

func country(r *rand.Rand, polish bool) string {
	if polish {
		return []string{"PL", "PL", "PL", "Polska", "Poland", "pl"}[r.IntN(6)]
	}
	return []string{"NO", "NO", "NO", "Norge", "Norway", ""}[r.IntN(6)]
}

func yesNo(r *rand.Rand, polish bool) string {
	if polish {
		return []string{"Tak", "Nie", "Yes", "No", ""}[r.IntN(5)]
	}
	return []string{"Ja", "Nei", "Yes", "No", "", "1", "0"}[r.IntN(7)]
}

// ascii spells a name as an email address's local part does: lower case, no diacritics, no
// spaces or hyphens.
func ascii(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		switch c {
		case 'æ':
			b.WriteString("ae")
		case 'ø', 'ó':
			b.WriteByte('o')
		case 'å', 'ą':
			b.WriteByte('a')
		case 'ł':
			b.WriteByte('l')
		case 'ż', 'ź':
			b.WriteByte('z')
		case 'ś':
			b.WriteByte('s')
		case 'ć':
			b.WriteByte('c')
		case 'ń':
			b.WriteByte('n')
		case 'ę':
			b.WriteByte('e')
		case ' ', '-':
		default:
			if c < 128 {
				b.WriteRune(c)
			}
		}
	}
	return b.String()
}
