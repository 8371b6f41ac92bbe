package sheet

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/clientele/clientele/customer"
)

// fullName is the mapping target of a column holding a whole name ("Customer name", "Navn",
// "Imię i nazwisko"): its cells are split into First Name and Last Name. It is numbered after the
// catalogue's fields so that a target is one int: a field index, fullName, or -1 (ignored).
const fullName = customer.NumFields

// FullNameKey is the target key of a column that holds a whole name, to be split into first and
// last name (Options.Map, ColumnMapping.Field, PreviewColumn.Field). It is customer's, which file
// messages name such a column by.
const FullNameKey = customer.FullNameKey

// fold reduces a header to what matching compares: lower case, without a BOM, spaces,
// punctuation or diacritics, so that "E-post", "e post" and "EPOST" are one word, and "Imię",
// "Imie" and "IMIĘ" another. Letters that Unicode does not decompose into a base letter and a mark
// are spelt out the way people type them without the key: ø o, æ ae, ł l, ß ss. Folding digits
// is kept ("Address 1" and "Address 2" stay apart). It is safe for headers, which are a few words;
// values are never folded.
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch r = unicode.ToLower(r); {
		case unicode.Is(unicode.Mn, r):
		case r == 'ø':
			b.WriteByte('o')
		case r == 'æ':
			b.WriteString("ae")
		case r == 'ł':
			b.WriteByte('l')
		case r == 'ß':
			b.WriteString("ss")
		case r == 'œ':
			b.WriteString("oe")
		case r == 'đ':
			b.WriteByte('d')
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// synonyms are the everyday headers for each target, besides the template's own headers (in
// every language of customer.Languages) and the keys: English, Norwegian bokmål and Polish words
// that shops' own spreadsheets and other systems use. They are matched folded (see fold), so one
// spelling stands for its variants in case, spacing, punctuation and accents. docs/FORMATS.md
// lists them; a word that could mean two fields ("Telefon" in a file that also has "Mobil") goes
// to the field our own template gives it.
var synonyms = map[int][]string{
	customer.FAccount: {"Account", "Account no", "Customer number", "Customer no",
		"Customer code", "Customer ref", "Reference", "Member number", "Membership number",
		"Kundenr", "Kundenummer", "Kunde nr", "Kundekode", "Medlemsnummer", "Medlemsnr",
		"Numer klienta", "Nr klienta", "Kod klienta", "Identyfikator klienta"},
	customer.FTitle: {"Salutation", "Honorific", "Tiltale", "Tytuł", "Zwrot grzecznościowy"},
	customer.FFirstName: {"First", "Firstname", "Given name", "Forename", "Christian name",
		"Fornavn", "Imię", "Pierwsze imię"},
	customer.FLastName: {"Last", "Lastname", "Surname", "Family name",
		"Etternavn", "Nazwisko"},
	customer.FCompany: {"Company name", "Business", "Business name", "Organisation", "Organization",
		"Firma", "Bedrift", "Firmanavn", "Selskap", "Nazwa firmy", "Przedsiębiorstwo"},
	customer.FEmail: {"E-mail", "Email address", "E-mail address", "Mail", "Email 1",
		"E-post", "Epost", "E-postadresse", "Epostadresse",
		"Adres e-mail", "Adres email", "Poczta e-mail"},
	customer.FMobile: {"Mobile phone", "Mobile number", "Mobile no", "Cell", "Cell phone", "Cellphone", "Cell number",
		"Mobil", "Mobilnummer", "Mobilnr", "Mobiltelefon", "Mobiltlf",
		"Telefon komórkowy", "Komórka", "Tel kom", "Nr komórki", "Numer komórki", "Numer telefonu komórkowego"},
	customer.FPhone: {"Telephone", "Phone number", "Phone no", "Tel", "Home phone", "Landline",
		"Telefon", "Tlf", "Telefonnummer", "Telefonnr", "Tlf nr",
		"Numer telefonu", "Nr telefonu", "Telefon stacjonarny"},
	customer.FAddress1: {"Address", "Street", "Street address", "Address 1", "Address line 1", "Address1",
		"Adresse", "Gateadresse", "Adresse 1", "Postadresse",
		"Adres", "Ulica", "Ulica i numer", "Adres 1"},
	customer.FAddress2: {"Address 2", "Address line 2", "Address2", "c/o",
		"Adresse 2", "Adres 2"},
	customer.FCity:   {"City", "Town", "Poststed", "Sted", "By", "Miasto", "Miejscowość", "Poczta"},
	customer.FRegion: {"County", "Region", "State", "Province", "Fylke", "Województwo"},
	customer.FPostcode: {"Postal code", "Post code", "Zip", "Zip code", "Postnummer", "Postnr", "Post nr",
		"Kod pocztowy"},
	customer.FCountry: {"Country code", "Nation", "Land", "Landkode", "Kraj"},
	customer.FBirthDate: {"Birthday", "DOB",
		"Fødselsdato", "Født", "Fødselsdag", "Bursdag",
		"Data urodzenia", "Urodziny", "Data ur"},
	customer.FEmailOptIn: {"Email consent", "Email opt in", "Newsletter", "Accepts email marketing", "Email marketing consent",
		"Nyhetsbrev", "Samtykke e-post", "E-post samtykke", "Markedsføring e-post",
		"Zgoda e-mail", "Zgoda na e-mail", "Zgoda marketingowa e-mail", "Newsletter zgoda"},
	customer.FSMSOptIn: {"SMS consent", "SMS opt in", "Accepts SMS marketing", "SMS marketing consent",
		"Samtykke SMS", "SMS samtykke", "Markedsføring SMS",
		"Zgoda SMS", "Zgoda na SMS", "Zgoda marketingowa SMS"},
	customer.FLoyaltyPoints: {"Points", "Loyalty", "Points balance", "Loyalty balance", "Bonus points", "Reward points",
		"Poeng", "Bonuspoeng", "Poengsaldo", "Bonus", "Punkty", "Saldo punktów", "Punkty bonusowe"},
	customer.FNote: {"Notes", "Comment", "Comments", "Remarks", "Memo",
		"Merknad", "Merknader", "Kommentar", "Notat", "Notater", "Beskjed",
		"Uwagi", "Uwaga", "Notatka", "Komentarz", "Opis"},
	// Consent dates: Matrixify's Shopify export ("Email Marketing: Updated At"), the Shopify API's
	// consent_updated_at, and everyday words.
	customer.FEmailConsentAt: {"Email Marketing: Updated At", "Email Marketing Updated At", "Email consent date",
		"Email consent updated at", "Email marketing consent updated at", "Accepts email marketing updated at", "Email opt in date",
		"Samtykke e-post dato", "E-post samtykke dato", "Data zgody e-mail", "Data zgody na e-mail"},
	customer.FSMSConsentAt: {"SMS Marketing: Updated At", "SMS Marketing Updated At", "SMS consent date",
		"SMS consent updated at", "SMS marketing consent updated at", "Accepts SMS marketing updated at", "SMS opt in date",
		"Samtykke SMS dato", "SMS samtykke dato", "Data zgody SMS", "Data zgody na SMS"},
	fullName: {"Name", "Full name", "Customer name", "Customer", "Contact name", "Client name",
		"Navn", "Fullt navn", "Kundenavn", "Kunde",
		"Imię i nazwisko", "Nazwa klienta", "Klient"},
}

// How a header was recognised.
const (
	viaHeader  = "header"  // our template's header in any language, or a field key
	viaSynonym = "synonym" // an everyday word from synonyms
	viaVendor  = "vendor"  // a column of a recognised platform's export
	viaMap     = "map"     // Options.Map
)

// headerTargets maps folded template headers (every language) and keys to their field.
var headerTargets = func() map[string]int {
	m := map[string]int{}
	for i, f := range customer.Fields {
		m[fold(f.Header)] = i
		m[fold(f.Key)] = i
		for _, lang := range customer.Languages {
			m[fold(customer.HeaderIn(lang, i))] = i
		}
	}
	m[fold(FullNameKey)] = fullName
	return m
}()

// synonymTargets maps folded synonyms to their target. A synonym that folds like a template
// header of another field loses to the header (headerTargets is consulted first).
var synonymTargets = func() map[string]int {
	m := map[string]int{}
	for t, words := range synonyms {
		for _, w := range words {
			m[fold(w)] = t
		}
	}
	return m
}()

// targetOf returns the target a header names, and how: by our template's header or key, or by a
// synonym. It returns -1, "" for any other header.
func targetOf(header string) (int, string) {
	f := fold(header)
	if f == "" {
		return -1, ""
	}
	if t, ok := headerTargets[f]; ok {
		return t, viaHeader
	}
	if t, ok := synonymTargets[f]; ok {
		return t, viaSynonym
	}
	return -1, ""
}

// targetKey returns the key of a target: a catalogue key, FullNameKey, or "" for -1.
func targetKey(t int) string {
	switch {
	case t == fullName:
		return FullNameKey
	case t >= 0 && t < customer.NumFields:
		return customer.Fields[t].Key
	}
	return ""
}

// targetName returns a target's English header, for messages.
func targetName(t int) string {
	if t == fullName {
		return "Full name"
	}
	return customer.Fields[t].Header
}

// parseTarget reads a target as Options.Map gives it: a key or a template header in any
// language (folded, so "EMAIL" and "E-post" are email), FullNameKey, a synonym (the CLI's --map
// takes "Mobil=mobil"), or "" / "-" to ignore. ok is false for anything else.
func parseTarget(s string) (t int, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" || s == "-" {
		return -1, true
	}
	if t, via := targetOf(s); via != "" {
		return t, true
	}
	return -1, false
}

// CheckTargets refuses, as CheckMap refuses a target that is no field, each target of m that is
// only a synonym: the mapping step's API takes a field's key or template header, since a synonym
// names a field only as a guess at a file's header.
func CheckTargets(m map[string]string) error {
	var guessed []string
	for _, target := range m {
		s := strings.TrimSpace(target)
		if s == "" || s == "-" {
			continue
		}
		if _, ok := headerTargets[fold(s)]; !ok {
			guessed = append(guessed, s)
		}
	}
	switch len(guessed) {
	case 0:
		return nil
	case 1:
		for h, target := range m {
			if strings.TrimSpace(target) == guessed[0] {
				return fileError(nil, "mapping_not_field", args("column", strings.TrimSpace(h), "target", guessed[0]))
			}
		}
	}
	return fileError(nil, "mapping_not_fields", args("targets", sortedList(guessed)))
}
