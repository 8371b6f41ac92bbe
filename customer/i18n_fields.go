package customer

// FieldText is what the field guide, the template's input messages and `clientele fields` say
// about a field, in one language.
type FieldText struct {
	Header  string // the template's header (HeaderIn)
	Format  string // the format and allowed values, as a person reads them
	Default string // what a blank cell means
	Meaning string // what the field is
	Example string // an example value
}

// FieldTextIn returns field i's texts in lang; English (the catalogue's own texts) for "en" or an
// unknown language.
func FieldTextIn(lang string, i int) FieldText {
	if t, ok := fieldTexts[lang]; ok {
		ft := t[i]
		ft.Header = HeaderIn(lang, i)
		return ft
	}
	f := Fields[i]
	return FieldText{Header: f.Header, Format: f.Format, Default: f.Default, Meaning: f.Meaning, Example: f.Example}
}

// YesNoIn returns the words for Yes and No in lang, as the translated template's drop-down lists
// offer them. ParseYesNo reads all of them in every locale, and they are stored as Yes and No.
func YesNoIn(lang string) []string {
	switch lang {
	case "nb":
		return []string{"Ja", "Nei"}
	case "pl":
		return []string{"Tak", "Nie"}
	}
	return YesNo
}

// fieldTexts holds the catalogue's texts in the languages other than English, indexed like
// Fields. Header comes from HeaderIn. Allowed values (titles, country codes) stay as the import
// reads and stores them. A test checks that every text is filled in.
var fieldTexts = map[string][NumFields]FieldText{
	"nb": {
		{Format: "bare bokstaver, sifre, -, _ og /; unikt i butikkgruppen", Default: "tildeles ved lagring (f.eks. C000123)",
			Meaning: "Kundens nummer i kassen og på kvitteringer.", Example: "A-1001"},
		{Format: "en av: Mr, Mrs, Ms, Miss, Mx, Dr", Default: "tomt",
			Meaning: "Hvordan kunden skal tiltales.", Example: "Ms"},
		{Format: "tekst", Default: "—", Meaning: "Kundens fornavn.", Example: "Ingrid"},
		{Format: "tekst", Default: "—", Meaning: "Kundens etternavn.", Example: "Haugen"},
		{Format: "tekst", Default: "tomt", Meaning: "Firmaet kunden handler for, om noe.", Example: "Haugen Sykkel AS"},
		{Format: "en e-postadresse; unik i butikkgruppen (uten forskjell på store og små bokstaver, og mellomrom før og etter teller ikke)", Default: "tomt",
			Meaning: "Kundens e-postadresse; den identifiserer kunden ved oppdatering.", Example: "ingrid.haugen@example.no"},
		{Format: "et telefonnummer; unikt i butikkgruppen (sammenlignes i internasjonal form etter radens Land)", Default: "tomt",
			Meaning: "Kundens mobilnummer, for kvitteringer og SMS.", Example: "+47 912 34 567"},
		{Format: "et telefonnummer (trenger ikke være unikt)", Default: "tomt",
			Meaning: "Et annet telefonnummer (hjemme eller jobb).", Example: "22 12 34 56"},
		{Format: "tekst", Default: "tomt", Meaning: "Gate og husnummer.", Example: "Storgata 12"},
		{Format: "tekst", Default: "tomt", Meaning: "Leilighet, etasje eller c/o.", Example: "H0201"},
		{Format: "tekst", Default: "tomt", Meaning: "Poststed.", Example: "Oslo"},
		{Format: "tekst", Default: "tomt", Meaning: "Fylke eller region.", Example: "Oslo"},
		{Format: "tekst (nuller foran beholdes: 0150 forblir 0150)", Default: "tomt",
			Meaning: "Postnummer.", Example: "0150"},
		{Format: "en landskode etter ISO 3166-1 alpha-2 (NO, PL, GB, …); navn som Norge, Norway eller Polen gjøres om til kode", Default: "butikkgruppens standardland",
			Meaning: "Landet i adressen; brukes også til å lese telefonnumre.", Example: "NO"},
		{Format: "en dato som finnes og ikke er fram i tid: 28.02.1990, 1990-02-28 eller en datocelle i regnearket", Default: "tomt",
			Meaning: "Kundens fødselsdato.", Example: "14.06.1985"},
		{Format: "Ja eller Nei (også Yes/No, true/false, 1/0)", Default: "Nei",
			Meaning: "Kunden har sagt ja til markedsføring på e-post.", Example: "Ja"},
		{Format: "Ja eller Nei (også Yes/No, true/false, 1/0)", Default: "Nei",
			Meaning: "Kunden har sagt ja til markedsføring på SMS.", Example: "Nei"},
		{Format: "et helt tall, 0 eller mer", Default: "0",
			Meaning: "Kundens saldo av bonuspoeng.", Example: "250"},
		{Format: "tekst", Default: "tomt", Meaning: "Det betjeningen bør vite.", Example: "Vil ha kvittering på SMS"},
		{Format: "en dato, eller dato og klokkeslett (2026-03-01, 2026-03-01T14:05:00Z); ikke fram i tid",
			Default: "tidspunktet for importen, når den endrer E-postmarkedsføring",
			Meaning: "Når E-postmarkedsføring sist ble gitt eller trukket tilbake: samtykket butikken må kunne vise.", Example: "2026-03-01T14:05:00Z"},
		{Format: "en dato, eller dato og klokkeslett (2026-03-01, 2026-03-01T14:05:00Z); ikke fram i tid",
			Default: "tidspunktet for importen, når den endrer SMS-markedsføring",
			Meaning: "Når SMS-markedsføring sist ble gitt eller trukket tilbake.", Example: "2026-03-01T14:05:00Z"},
	},
	"pl": {
		{Format: "litery, cyfry oraz znaki -, _ i /; niepowtarzalny w grupie sklepów", Default: "nadawany przy zapisie (np. C000123)",
			Meaning: "Numer klienta w kasie i na paragonach.", Example: "PL-0042"},
		{Format: "Mr, Mrs, Ms, Miss, Mx lub Dr", Default: "puste",
			Meaning: "Forma zwracania się do klienta.", Example: "Ms"},
		{Format: "tekst", Default: "—", Meaning: "Imię klienta.", Example: "Małgorzata"},
		{Format: "tekst", Default: "—", Meaning: "Nazwisko klienta.", Example: "Wiśniewska"},
		{Format: "tekst", Default: "puste", Meaning: "Firma, dla której klient robi zakupy (jeśli dotyczy).", Example: "Kwiaciarnia Róża sp. z o.o."},
		{Format: "adres e-mail; niepowtarzalny w grupie sklepów (wielkość liter i spacje na początku i końcu nie mają znaczenia)", Default: "puste",
			Meaning: "Adres e-mail klienta; przy aktualizacji po nim rozpoznajemy klienta.", Example: "malgorzata.wisniewska@example.pl"},
		{Format: "numer telefonu; niepowtarzalny w grupie sklepów (porównywany w formie międzynarodowej według kraju z wiersza)", Default: "puste",
			Meaning: "Numer telefonu komórkowego klienta, do paragonów i SMS-ów.", Example: "+48 601 234 567"},
		{Format: "numer telefonu (nie musi być niepowtarzalny)", Default: "puste",
			Meaning: "Inny numer telefonu (domowy lub służbowy).", Example: "+48 22 123 45 67"},
		{Format: "tekst", Default: "puste", Meaning: "Ulica i numer domu.", Example: "ul. Marszałkowska 84/92"},
		{Format: "tekst", Default: "puste", Meaning: "Numer lokalu, piętro lub c/o.", Example: "lok. 12"},
		{Format: "tekst", Default: "puste", Meaning: "Miejscowość.", Example: "Warszawa"},
		{Format: "tekst", Default: "puste", Meaning: "Województwo lub region.", Example: "mazowieckie"},
		{Format: "tekst (zera na początku są zachowywane: 0150 pozostaje 0150)", Default: "puste",
			Meaning: "Kod pocztowy.", Example: "00-950"},
		{Format: "kod kraju ISO 3166-1 alpha-2 (PL, NO, GB, …); nazwy takie jak Polska, Poland czy Norwegia są zamieniane na kod", Default: "domyślny kraj grupy sklepów",
			Meaning: "Kraj adresu; służy też do odczytu numerów telefonów.", Example: "PL"},
		{Format: "prawdziwa data, nie z przyszłości: 28.02.1990, 1990-02-28 lub komórka z datą w arkuszu", Default: "puste",
			Meaning: "Data urodzenia klienta.", Example: "28.02.1990"},
		{Format: "Tak lub Nie (także Yes/No, true/false, 1/0)", Default: "Nie",
			Meaning: "Klient zgodził się na otrzymywanie marketingu e-mailem.", Example: "Tak"},
		{Format: "Tak lub Nie (także Yes/No, true/false, 1/0)", Default: "Nie",
			Meaning: "Klient zgodził się na otrzymywanie marketingu SMS-em.", Example: "Nie"},
		{Format: "liczba całkowita, 0 lub więcej", Default: "0",
			Meaning: "Saldo punktów lojalnościowych klienta.", Example: "75"},
		{Format: "tekst", Default: "puste", Meaning: "Wszystko, co powinien wiedzieć personel.", Example: "Faktura na firmę"},
		{Format: "data albo data i godzina (2026-03-01, 2026-03-01T14:05:00Z); nie w przyszłości",
			Default: "czas importu, gdy zmienia on zgodę na e-mail marketing",
			Meaning: "Kiedy zgoda na e-mail marketing została ostatnio udzielona lub wycofana: dowód zgody, który sklep musi móc okazać.", Example: "2026-03-01T14:05:00Z"},
		{Format: "data albo data i godzina (2026-03-01, 2026-03-01T14:05:00Z); nie w przyszłości",
			Default: "czas importu, gdy zmienia on zgodę na SMS marketing",
			Meaning: "Kiedy zgoda na SMS marketing została ostatnio udzielona lub wycofana.", Example: "2026-03-01T14:05:00Z"},
	},
}
