package match

import (
	"encoding/csv"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "regenerate testdata/corpus.csv")

// corpusColumns are the columns of testdata/corpus.csv: set is "stored" or "incoming"; expect is
// the account number of the stored customer an incoming row is a duplicate of, or blank; variant
// says how the row was made.
var corpusColumns = []string{"set", "variant", "expect", "account", "first", "last", "email", "mobile", "address1", "postcode", "city"}

type place struct{ postcode, city string }

var (
	noFirst = []string{"Kari", "Ola", "Ingrid", "Lars", "Åse", "Bjørn", "Solveig", "Håkon", "Sigrid", "Øystein",
		"Marte", "Jørgen", "Silje", "Torbjørn", "Ragnhild", "Eirik", "Tone", "Knut", "Hege", "Espen",
		"Anne Marie", "Per Kristian", "Guro", "Trond", "Live", "Vegard", "Maren", "Sindre", "Tuva", "Geir"}
	noLast = []string{"Nordmann", "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen",
		"Kristiansen", "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen",
		"Johannessen", "Andreassen", "Jacobsen", "Dahl", "Jørgensen", "Halvorsen", "Henriksen", "Lund",
		"Sørensen", "Jakobsen", "Moen", "Gundersen", "Iversen", "Strand", "Solberg", "Svendsen", "Eide",
		"Knutsen", "Martinsen", "Paulsen", "Bakken", "Kristoffersen", "Mathisen", "Lie", "Amundsen",
		"Nguyen", "Rasmussen", "Ali", "Lunde", "Solheim", "Berge", "Moe", "Nygård", "Bakke", "Håland",
		"Ødegård", "Sæther", "Bråten", "Løken", "Fjeld", "Kvalheim", "Hansen-Berg", "Strøm"}
	noStreets = []string{"Storgata", "Kirkeveien", "Markveien", "Thorvald Meyers gate", "Bygdøy allé",
		"Ullevålsveien", "Trondheimsveien", "Bogstadveien", "Sørkedalsveien", "Holmenkollveien", "Kongens gate",
		"Dronningens gate", "Øvre Slottsgate", "Løkkeveien", "Fjellveien", "Strandgata", "Skolegata"}
	noPlaces = []place{{"0150", "Oslo"}, {"0151", "Oslo"}, {"0355", "Oslo"}, {"0473", "Oslo"}, {"0567", "Oslo"},
		{"5003", "Bergen"}, {"5011", "Bergen"}, {"7010", "Trondheim"}, {"7030", "Trondheim"}, {"4006", "Stavanger"},
		{"9008", "Tromsø"}, {"3015", "Drammen"}, {"1607", "Fredrikstad"}, {"4610", "Kristiansand"}, {"2317", "Hamar"}}
	plFirst = []string{"Anna", "Piotr", "Katarzyna", "Krzysztof", "Małgorzata", "Tomasz", "Agnieszka", "Paweł",
		"Barbara", "Michał", "Ewa", "Łukasz", "Joanna", "Grzegorz", "Magdalena", "Jakub", "Zofia", "Wojciech",
		"Elżbieta", "Mateusz", "Dorota", "Przemysław", "Beata", "Jarosław"}
	plLast = []string{"Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski",
		"Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Wojciechowski",
		"Kwiatkowski", "Krawczyk", "Kaczmarek", "Piotrowski", "Grabowski", "Zając", "Pawłowski", "Michalski",
		"Król", "Wieczorek", "Jabłoński", "Wróbel", "Nowakowski", "Majewski", "Olszewski", "Stępień", "Malinowski",
		"Jaworski", "Adamczyk", "Dudek", "Nowicki", "Pawlak", "Górski", "Witkowski", "Walczak", "Sikora",
		"Rutkowski", "Michalak", "Szewczyk", "Ostrowski", "Tomaszewski", "Pietrzak", "Duda", "Zalewski", "Wawrzyniak"}
	plStreets = []string{"ul. Marszałkowska", "ul. Piotrkowska", "ul. Długa", "ul. Floriańska", "ul. Świętokrzyska",
		"ul. Mickiewicza", "ul. Słowackiego", "ul. Kościuszki", "ul. Żeromskiego", "ul. Grunwaldzka", "al. Jerozolimskie"}
	plPlaces = []place{{"00-001", "Warszawa"}, {"00-950", "Warszawa"}, {"02-791", "Warszawa"}, {"30-001", "Kraków"},
		{"31-042", "Kraków"}, {"90-001", "Łódź"}, {"50-001", "Wrocław"}, {"60-001", "Poznań"}, {"80-001", "Gdańsk"},
		{"70-001", "Szczecin"}, {"20-001", "Lublin"}}
	domains = []string{"gmail.com", "hotmail.com", "online.no", "outlook.com", "yahoo.com", "wp.pl", "onet.pl", "interia.pl"}
	// domainTypos are mistyped forms of domains.
	domainTypos = map[string]string{"gmail.com": "gmial.com", "hotmail.com": "hotmial.com", "online.no": "onlin.no",
		"outlook.com": "outlok.com", "yahoo.com": "yahooo.com", "wp.pl": "wpp.pl", "onet.pl": "onet.p", "interia.pl": "inteia.pl"}
	// closeNames are other people's first names a letter away, for family members.
	closeNames = map[string]string{"Kari": "Karl", "Ola": "Ole", "Marte": "Marta", "Tone": "Tore", "Geir": "Geirr",
		"Live": "Liv", "Maren": "Karen", "Anna": "Hanna", "Ewa": "Eva", "Zofia": "Sofia", "Beata": "Beate",
		"Jakub": "Jakob", "Paweł": "Pawel", "Trond": "Tron", "Lars": "Lasse"}
	// spellings are other spellings of names that sound alike.
	spellings = map[string]string{"Kristiansen": "Christiansen", "Pedersen": "Petersen", "Nilsen": "Nielsen",
		"Johansen": "Johanssen", "Jacobsen": "Jakobsen", "Karlsen": "Carlsen", "Pettersen": "Petersen",
		"Kristoffersen": "Christoffersen", "Mathisen": "Matisen", "Andreassen": "Andresen", "Nygård": "Nygaard",
		"Håland": "Haaland", "Ødegård": "Ødegaard", "Bråten": "Braaten", "Sæther": "Sether", "Eriksen": "Erichsen",
		"Kowalczyk": "Kowalczik", "Szymański": "Szymanski", "Kowalski": "Kovalski", "Woźniak": "Wozniak",
		"Wawrzyniak": "Wawrzyniack", "Krawczyk": "Krawczik", "Wojciechowski": "Wojciechowsky", "Michalski": "Mihalski",
		"Jankowski": "Jankowsky", "Majewski": "Majewsky"}
)

type person struct {
	account, first, last, email, mobile, address1, postcode, city string
	polish                                                        bool
}

func (p person) record(set, variant, expect string) []string {
	return []string{set, variant, expect, p.account, p.first, p.last, p.email, p.mobile, p.address1, p.postcode, p.city}
}

type corpusGen struct {
	r      *rand.Rand
	phones map[string]bool // mobiles and emails given out: no two people share one
}

func (g *corpusGen) pick(list []string) string { return list[g.r.IntN(len(list))] }

func (g *corpusGen) mobile(polish bool) string {
	for {
		var m string
		if polish {
			m = fmt.Sprintf("+48%d%08d", 5+g.r.IntN(3), g.r.IntN(100000000))
		} else {
			m = fmt.Sprintf("+47%d%07d", 4+5*g.r.IntN(2), g.r.IntN(10000000))
		}
		if !g.phones[m] {
			g.phones[m] = true
			return m
		}
	}
}

func (g *corpusGen) email(first, last string, polish bool) string {
	local := strings.ReplaceAll(strings.ToLower(fold(first)+"."+fold(last)), " ", "")
	if g.r.IntN(3) == 0 {
		local += fmt.Sprint(g.r.IntN(90) + 10)
	}
	ds := domains[:5]
	if polish {
		ds = domains[4:]
	}
	for {
		e := local + "@" + g.pick(ds)
		if !g.phones[e] {
			g.phones[e] = true
			return e
		}
		local += fmt.Sprint(g.r.IntN(10))
	}
}

func (g *corpusGen) person(polish bool) person {
	p := person{polish: polish}
	if polish {
		p.first, p.last = g.pick(plFirst), g.pick(plLast)
		if strings.HasSuffix(p.last, "ski") && strings.HasSuffix(p.first, "a") {
			p.last = strings.TrimSuffix(p.last, "ski") + "ska"
		}
		pl := plPlaces[g.r.IntN(len(plPlaces))]
		p.address1 = fmt.Sprintf("%s %d/%d", g.pick(plStreets), 1+g.r.IntN(120), 1+g.r.IntN(40))
		p.postcode, p.city = pl.postcode, pl.city
	} else {
		p.first, p.last = g.pick(noFirst), g.pick(noLast)
		pl := noPlaces[g.r.IntN(len(noPlaces))]
		p.address1 = fmt.Sprintf("%s %d", g.pick(noStreets), 1+g.r.IntN(90))
		p.postcode, p.city = pl.postcode, pl.city
	}
	if g.r.IntN(5) > 0 {
		p.email = g.email(p.first, p.last, polish)
	}
	if g.r.IntN(6) > 0 {
		p.mobile = g.mobile(polish)
	}
	return p
}

// oneLetter makes one slip in s: a letter changed, dropped, doubled or swapped with the next.
func (g *corpusGen) oneLetter(s string) string {
	r := []rune(s)
	i := 1 + g.r.IntN(len(r)-2)
	switch g.r.IntN(4) {
	case 0:
		r[i] = []rune("aeiounrstlkm")[g.r.IntN(12)]
	case 1:
		r = append(r[:i], r[i+1:]...)
	case 2:
		r = append(r[:i+1], r[i:]...)
	default:
		r[i], r[i+1] = r[i+1], r[i]
	}
	return string(r)
}

// evidence keeps of stored what a second system would also have of the person: at least one of
// the address, the mobile and the email; the rest is blank or, sometimes, different.
func (g *corpusGen) evidence(stored, row person) person {
	keep := 1 + g.r.IntN(7) // bits: 1 address, 2 mobile, 4 email
	if keep&1 == 0 {
		row.address1 = ""
		if g.r.IntN(2) == 0 {
			row.postcode, row.city = "", ""
		}
	}
	if keep&2 == 0 {
		row.mobile = ""
		if g.r.IntN(4) == 0 {
			row.mobile = g.mobile(row.polish)
		}
	}
	if keep&4 == 0 {
		row.email = ""
		if g.r.IntN(4) == 0 {
			row.email = g.email(row.first, row.last, row.polish)
		}
	}
	if keep&2 != 0 && row.mobile == "" || keep&4 != 0 && row.email == "" {
		row.address1, row.postcode, row.city = stored.address1, stored.postcode, stored.city
	}
	return row
}

func TestGenerateCorpus(t *testing.T) {
	if !*update {
		t.Skip("run with -update to regenerate testdata/corpus.csv")
	}
	g := &corpusGen{r: rand.New(rand.NewPCG(25, 2026)), phones: map[string]bool{}}
	var stored []person
	for i := range 600 {
		p := g.person(i%3 == 2)
		p.account = fmt.Sprintf("A-%d", 1001+i)
		stored = append(stored, p)
	}
	// The issue's own example.
	kari := person{account: "A-2000", first: "Kari", last: "Nordmann", email: "kari.nordmann@gmail.com",
		mobile: "+4791234567", address1: "Storgata 5", postcode: "0150", city: "Oslo"}
	stored = append(stored, kari)
	f, err := os.Create("testdata/corpus.csv")
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.Write(corpusColumns)
	for _, p := range stored {
		w.Write(p.record("stored", "", ""))
	}
	in := func(variant string, of person, row person) {
		w.Write(row.record("incoming", variant, of.account))
	}
	same := func(p person) person { q := p; q.account = ""; return q }
	in("swapped", kari, person{first: "Nordmann", last: "Kari", address1: "Storgata 5", postcode: "0150", city: "Oslo"})
	in("email_typo", kari, person{first: "Kari", last: "Nordmann", email: "kari.nordmann@gmial.com"})
	in("double_surname", kari, person{first: "Kari", last: "Nordmann-Berg", mobile: "+47 912 34 567"})
	in("one_letter", kari, person{first: "Kari", last: "Nordman", address1: "Storgata 5", postcode: "0150", city: "Oslo"})

	each := func(n int, pick func(p person) bool, make func(p person) (person, bool)) {
		for done, tries := 0, 0; done < n && tries < 10000; tries++ {
			p := stored[g.r.IntN(len(stored)-1)]
			if !pick(p) {
				continue
			}
			if row, ok := make(p); ok {
				_ = row
				done++
			}
		}
	}
	any := func(person) bool { return true }
	diacritic := func(p person) bool { return fold(p.first+p.last) != strings.ToLower(p.first+p.last) }
	each(40, any, func(p person) (person, bool) {
		row := same(p)
		row.last = g.oneLetter(p.last)
		in("one_letter", p, g.evidence(p, row))
		return row, true
	})
	each(25, any, func(p person) (person, bool) {
		row := same(p)
		row.first = g.oneLetter(p.first)
		in("one_letter_first", p, g.evidence(p, row))
		return row, true
	})
	each(40, diacritic, func(p person) (person, bool) {
		row := same(p)
		row.first, row.last = asciiOnly(p.first), asciiOnly(p.last)
		in("diacritics", p, g.evidence(p, row))
		return row, true
	})
	each(30, func(p person) bool { _, ok := spellings[p.last]; return ok }, func(p person) (person, bool) {
		row := same(p)
		row.last = spellings[p.last]
		in("spelling", p, g.evidence(p, row))
		return row, true
	})
	each(40, any, func(p person) (person, bool) {
		row := same(p)
		row.first, row.last = p.last, p.first
		in("swapped", p, g.evidence(p, row))
		return row, true
	})
	each(40, any, func(p person) (person, bool) {
		row := same(p)
		if parts := strings.Split(p.last, "-"); len(parts) > 1 {
			row.last = parts[0]
		} else if g.r.IntN(2) == 0 {
			row.last = p.last + "-" + g.pick(noLast[14:40])
		} else {
			row.last = g.pick(noLast[14:40]) + " " + p.last
		}
		in("double_surname", p, g.evidence(p, row))
		return row, true
	})
	each(40, func(p person) bool { return p.email != "" }, func(p person) (person, bool) {
		at := strings.IndexByte(p.email, '@')
		typo, ok := domainTypos[p.email[at+1:]]
		if !ok {
			return person{}, false
		}
		row := same(p)
		row.email = p.email[:at+1] + typo
		row.address1, row.postcode, row.city = "", "", ""
		if g.r.IntN(2) == 0 {
			row.mobile = ""
		}
		in("email_typo", p, row)
		return row, true
	})
	// Negatives: a family member at the same address, a namesake in another town, new customers.
	each(60, any, func(p person) (person, bool) {
		row := g.person(p.polish)
		row.last, row.address1, row.postcode, row.city = p.last, p.address1, p.postcode, p.city
		for strings.EqualFold(row.first[:1], p.first[:1]) {
			row.first = g.person(p.polish).first
		}
		if row.email == "" {
			row.email = g.email(row.first, row.last, row.polish)
		}
		if row.mobile == "" {
			row.mobile = g.mobile(row.polish)
		}
		in("family", person{}, row)
		return row, true
	})
	each(30, func(p person) bool { _, ok := closeNames[p.first]; return ok && p.first != "Paweł" }, func(p person) (person, bool) {
		row := g.person(p.polish)
		row.first, row.last, row.address1, row.postcode, row.city = closeNames[p.first], p.last, p.address1, p.postcode, p.city
		row.email = g.email(row.first, row.last, row.polish)
		row.mobile = g.mobile(row.polish)
		in("family_close", person{}, row)
		return row, true
	})
	each(60, any, func(p person) (person, bool) {
		row := g.person(p.polish)
		if row.city == p.city {
			return person{}, false
		}
		row.first, row.last = p.first, p.last
		row.email = g.email(row.first, row.last, row.polish)
		if p.email == row.email {
			return person{}, false
		}
		row.mobile = g.mobile(row.polish)
		in("namesake", person{}, row)
		return row, true
	})
	for i := range 150 {
		in("new", person{}, g.person(i%3 == 2))
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// asciiOnly writes a name as a keyboard without Nordic or Polish letters would: Håland is
// Haland, Wiśniewski is Wisniewski, Sæther is Saether.
func asciiOnly(s string) string {
	var b strings.Builder
	for _, r := range s {
		f := fold(string(r))
		if f == "" {
			b.WriteRune(r)
			continue
		}
		if r != []rune(strings.ToLower(string(r)))[0] {
			f = strings.ToUpper(f[:1]) + f[1:]
		}
		b.WriteString(f)
	}
	return b.String()
}
