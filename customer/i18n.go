package customer

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// The row problems' sentences in every language, by message id.
//
// This is a plain map of templates with named placeholders rather than golang.org/x/text/message's
// catalog: a problem's arguments are stored with the staged row as strings and rendered again
// later, possibly in another language, so they are a map by name, not a Printf argument list;
// names let a translation put them in its own order; and no sentence needs plural forms (the
// Polish ones are phrased so that a count never inflects a noun), which is what the catalog
// would add. TestMessageCatalogue checks that every id has every language with the same
// placeholders.
//
// Placeholders are written {name}. How a value is shown depends on its name:
//
//	{column}              the problem's column header in the language (HeaderIn)
//	{header:KEY}          another field's header in the language, by catalogue key
//	{value}               the cell as the user typed it, in the language's quotation marks, cut to maxQuoted
//	{country}             a country code, shown as "Norge (NO)"
//	{readings}            phone numbers separated by "\n", shown as "A or B"
//	{owner}, {owner2}     a stored customer: Args[name] is the name, Args[name+"_ref"] its reference
//	{other}               a stored customer's reference alone
//	{where}               an address, shown as " (Storgata 5, 0150 Oslo)", or nothing when blank
//	{reasons}             reasons of a possible duplicate (DuplicateMatch), shown as "similar name, same address"
//	anything else         the argument as is
//
// A reference is the customer's account number, or "#" and its id when it has none ('#' cannot
// occur in an account number).
var messages = map[string]map[string]string{
	"required": {
		"en": "{column} is required.",
		"nb": "{column} må fylles ut.",
		"pl": "{column}: to pole jest wymagane.",
	},
	"required_new": {
		"en": "{column} is required for a new customer (this row matches no stored customer).",
		"nb": "{column} må fylles ut for en ny kunde (raden passer ikke med noen lagret kunde).",
		"pl": "{column}: pole jest wymagane dla nowego klienta (wiersz nie pasuje do żadnego zapisanego klienta).",
	},
	"too_long": {
		"en": "{column} is {n} characters long; the most allowed is {max}.",
		"nb": "{column} har {n} tegn; det er tillatt med høyst {max}.",
		"pl": "{column}: tekst jest za długi (liczba znaków: {n}, dozwolone najwyżej {max}).",
	},
	"unreadable": {
		"en": "{column} contains characters that cannot be read; save the file as UTF-8 text and upload it again.",
		"nb": "{column} inneholder tegn som ikke kan leses; lagre filen som UTF-8-tekst og last den opp på nytt.",
		"pl": "{column}: pole zawiera znaki, których nie można odczytać; zapisz plik jako tekst w kodowaniu UTF-8 i prześlij go ponownie.",
	},
	"account": {
		"en": "{column} {value} may contain only letters, digits, -, _ and /.",
		"nb": "{column} {value} kan bare inneholde bokstaver, sifre, -, _ og /.",
		"pl": "{column}: {value} może zawierać tylko litery, cyfry oraz znaki -, _ i /.",
	},
	"choice": {
		"en": "{column} {value} is not one of the allowed values: {allowed}.",
		"nb": "{column} {value} er ikke en av de tillatte verdiene: {allowed}.",
		"pl": "{column}: {value} nie jest żadną z dozwolonych wartości: {allowed}.",
	},
	"email": {
		"en": "{column} {value} is not a valid email address.",
		"nb": "{column} {value} er ikke en gyldig e-postadresse.",
		"pl": "{column}: adres {value} jest nieprawidłowy.",
	},
	"email_typo": {
		"en": "{column}: did you mean {suggestion}? {domain} looks like a mistyped {target}.",
		"nb": "{column}: mente du {suggestion}? {domain} ser ut som en feilskrevet {target}.",
		"pl": "{column}: czy chodziło o {suggestion}? {domain} wygląda na błędnie wpisaną domenę {target}.",
	},
	"email_invalid_typo": {
		"en": "{column} {value} is not a valid email address. Did you mean {suggestion}? {domain} looks like a mistyped {target}.",
		"nb": "{column} {value} er ikke en gyldig e-postadresse. Mente du {suggestion}? {domain} ser ut som en feilskrevet {target}.",
		"pl": "{column}: adres {value} jest nieprawidłowy. Czy chodziło o {suggestion}? {domain} wygląda na błędnie wpisaną domenę {target}.",
	},
	"phone": {
		"en": "{column} {value} is not a valid phone number; write it with its country code, for example +47 912 34 567.",
		"nb": "{column} {value} er ikke et gyldig telefonnummer; skriv det med landskode, for eksempel +47 912 34 567.",
		"pl": "{column}: {value} nie jest prawidłowym numerem telefonu; wpisz go z numerem kierunkowym kraju, na przykład +48 601 234 567.",
	},
	"phone_in_country": {
		"en": "{column} {value} is not a valid phone number in {country}; write numbers from other countries with their country code, for example +46 70 123 45 67.",
		"nb": "{column} {value} er ikke et gyldig telefonnummer i {country}; skriv numre fra andre land med landskode, for eksempel +46 70 123 45 67.",
		"pl": "{column}: {value} nie jest prawidłowym numerem telefonu w kraju {country}; numery z innych krajów wpisuj z numerem kierunkowym, na przykład +46 70 123 45 67.",
	},
	"phone_ambiguous": {
		"en": "{column} {value} could be {readings}; write it with its country code.",
		"nb": "{column} {value} kan være {readings}; skriv det med landskode.",
		"pl": "{column}: {value} może oznaczać {readings}; podaj go z numerem kierunkowym kraju.",
	},
	"phone_fixed_zero": {
		"en": "{column} {value} was read as {e164}: a spreadsheet seems to have removed its leading 0. Check that the number is right.",
		"nb": "{column} {value} ble lest som {e164}: et regneark ser ut til å ha fjernet 0 i starten. Kontroller at nummeret stemmer.",
		"pl": "{column}: {value} odczytano jako {e164} – arkusz kalkulacyjny prawdopodobnie usunął 0 z początku. Sprawdź, czy numer jest poprawny.",
	},
	"phone_fixed_plus": {
		"en": "{column} {value} was read as {e164}: a spreadsheet seems to have removed its leading + (or 00). Check that the number is right.",
		"nb": "{column} {value} ble lest som {e164}: et regneark ser ut til å ha fjernet + (eller 00) i starten. Kontroller at nummeret stemmer.",
		"pl": "{column}: {value} odczytano jako {e164} – arkusz kalkulacyjny prawdopodobnie usunął + (lub 00) z początku. Sprawdź, czy numer jest poprawny.",
	},
	"postcode_padded": {
		"en": "{column} {value} was read as {postcode}: a spreadsheet seems to have removed its leading zeros.",
		"nb": "{column} {value} ble lest som {postcode}: et regneark ser ut til å ha fjernet nullene i starten.",
		"pl": "{column}: {value} odczytano jako {postcode} – arkusz kalkulacyjny prawdopodobnie usunął zera z początku.",
	},
	"country": {
		"en": "{column} {value} is not a country we know; use a two-letter code such as NO, PL or GB.",
		"nb": "{column} {value} er ikke et land vi kjenner; bruk en landskode på to bokstaver, for eksempel NO, PL eller GB.",
		"pl": "{column}: {value} to nieznany kraj; użyj dwuliterowego kodu, np. NO, PL lub GB.",
	},
	"date_not_real": {
		"en": "{column} {value} is not a real date.",
		"nb": "{column} {value} er ikke en dato som finnes.",
		"pl": "{column}: {value} – taka data nie istnieje.",
	},
	"date_too_early": {
		"en": "{column} {value} is before 1900.",
		"nb": "{column} {value} er før 1900.",
		"pl": "{column}: {value} to data sprzed 1900 roku.",
	},
	"date_future": {
		"en": "{column} {value} is in the future.",
		"nb": "{column} {value} er fram i tid.",
		"pl": "{column}: {value} to data z przyszłości.",
	},
	"date_month_first": {
		"en": "{column} {value} puts the month first, as US dates do; write it day first: {local}.",
		"nb": "{column} {value} har måneden først, slik amerikanske datoer har; skriv dagen først: {local}.",
		"pl": "{column}: {value} ma miesiąc na początku, jak daty amerykańskie; wpisz najpierw dzień: {local}.",
	},
	"date_unreadable": {
		"en": "{column} {value} is not a date; write it as 1990-02-28 or {local}.",
		"nb": "{column} {value} er ikke en dato; skriv den som 1990-02-28 eller {local}.",
		"pl": "{column}: {value} nie jest datą; wpisz ją jako 1990-02-28 lub {local}.",
	},
	"yes_no": {
		"en": "{column} {value} is neither Yes nor No.",
		"nb": "{column} {value} er verken Ja eller Nei.",
		"pl": "{column}: {value} to ani Tak, ani Nie.",
	},
	"whole_number": {
		"en": "{column} {value} is not a whole number of 0 or more.",
		"nb": "{column} {value} er ikke et helt tall på 0 eller mer.",
		"pl": "{column}: {value} nie jest liczbą całkowitą równą 0 lub większą.",
	},
	"number_too_large": {
		"en": "{column} {value} is larger than the most allowed, {max}.",
		"nb": "{column} {value} er større enn det høyeste tillatte, {max}.",
		"pl": "{column}: {value} przekracza największą dozwoloną wartość, {max}.",
	},
	"identity_conflict": {
		"en": "Account number “{account}” belongs to {owner}, but the email {email} belongs to {owner2}; a row can update only one customer.",
		"nb": "Kundenummer «{account}» tilhører {owner}, men e-postadressen {email} tilhører {owner2}; en rad kan bare oppdatere én kunde.",
		"pl": "Numer klienta „{account}” należy do klienta {owner}, a adres e-mail {email} do klienta {owner2}; jeden wiersz może zaktualizować tylko jednego klienta.",
	},
	"account_in_use": {
		"en": "Account number “{account}” is already used by {owner}.",
		"nb": "Kundenummer «{account}» brukes allerede av {owner}.",
		"pl": "Numer klienta „{account}” jest już przypisany do klienta {owner}.",
	},
	"email_exists": {
		"en": "A customer with the email {email} already exists ({other}).",
		"nb": "Det finnes allerede en kunde med e-postadressen {email} ({other}).",
		"pl": "Klient z adresem e-mail {email} już istnieje ({other}).",
	},
	"mobile_exists": {
		"en": "A customer with the mobile number {mobile} already exists ({other}).",
		"nb": "Det finnes allerede en kunde med mobilnummeret {mobile} ({other}).",
		"pl": "Klient z numerem telefonu komórkowego {mobile} już istnieje ({other}).",
	},
	"name_postcode_exists": {
		"en": "A customer named {first} {last} with postcode {postcode} already exists ({other}).",
		"nb": "Det finnes allerede en kunde som heter {first} {last} og har postnummer {postcode} ({other}).",
		"pl": "Klient {first} {last} z kodem pocztowym {postcode} już istnieje ({other}).",
	},
	"duplicate_account": {
		"en": "Account number “{account}” is the same as on row {row}{row_name}; each customer may appear only once in the file.",
		"nb": "Kundenummer «{account}» er det samme som på rad {row}{row_name}; hver kunde kan bare stå én gang i filen.",
		"pl": "Numer klienta „{account}” występuje już w wierszu {row}{row_name}; każdy klient może wystąpić w pliku tylko raz.",
	},
	"duplicate_email": {
		"en": "The email {email} is the same as on row {row}{row_name}; each customer may appear only once in the file.",
		"nb": "E-postadressen {email} er den samme som på rad {row}{row_name}; hver kunde kan bare stå én gang i filen.",
		"pl": "Adres e-mail {email} występuje już w wierszu {row}{row_name}; każdy klient może wystąpić w pliku tylko raz.",
	},
	"duplicate_mobile": {
		"en": "The mobile number {mobile} is the same as on row {row}{row_name}; each customer may appear only once in the file.",
		"nb": "Mobilnummeret {mobile} er det samme som på rad {row}{row_name}; hver kunde kan bare stå én gang i filen.",
		"pl": "Numer telefonu komórkowego {mobile} występuje już w wierszu {row}{row_name}; każdy klient może wystąpić w pliku tylko raz.",
	},
	"possible_duplicate": {
		"en": "May be the same person as {ref} {name}{where}: {reasons}.",
		"nb": "Kan være samme person som {ref} {name}{where}: {reasons}.",
		"pl": "Może to być ta sama osoba co {ref} {name}{where}: {reasons}.",
	},
	"possible_duplicate_row": {
		"en": "May be the same person as on row {row}, {name}{where}: {reasons}.",
		"nb": "Kan være samme person som på rad {row}, {name}{where}: {reasons}.",
		"pl": "Może to być ta sama osoba co w wierszu {row}, {name}{where}: {reasons}.",
	},
	// Warnings from reading another platform's file (package sheet, through NewProblemMsg).
	"name_one_word": {
		"en": "The name {value} is one word; it was put in {header:first_name} and {header:last_name} was left blank.",
		"nb": "Navnet {value} er ett ord; det ble lagt i {header:first_name}, og {header:last_name} ble stående tom.",
		"pl": "Imię i nazwisko {value} to jedno słowo; wpisano je do kolumny {header:first_name}, a kolumnę {header:last_name} pozostawiono pustą.",
	},
	"name_split": {
		"en": "The name {value} was split into first name “{first}” and last name “{last}”; check that this is right.",
		"nb": "Navnet {value} ble delt i fornavn «{first}» og etternavn «{last}»; kontroller at det stemmer.",
		"pl": "Imię i nazwisko {value} rozdzielono na imię „{first}” i nazwisko „{last}”; sprawdź, czy to prawidłowe.",
	},
	"note_full": {
		"en": "{value} did not fit in {header:note} ({max} characters at most) and was left out.",
		"nb": "{value} fikk ikke plass i {header:note} (høyst {max} tegn) og ble utelatt.",
		"pl": "Tekst {value} nie zmieścił się w kolumnie {header:note} (maks. liczba znaków: {max}) i został pominięty.",
	},
	"points_not_whole": {
		"en": "The balance {balance} is not a whole number of points; it was kept in {header:note} and {header:loyalty_points} left blank.",
		"nb": "Saldoen {balance} er ikke et helt antall poeng; den ble lagt i {header:note}, og {header:loyalty_points} ble stående tom.",
		"pl": "Saldo {balance} nie jest całkowitą liczbą punktów; zapisano je w kolumnie {header:note}, a kolumnę {header:loyalty_points} pozostawiono pustą.",
	},
	"birthday_no_year": {
		"en": "The birthday {value} has no year, so {header:birth_date} was left blank.",
		"nb": "Fødselsdagen {value} mangler årstall, så {header:birth_date} ble stående tom.",
		"pl": "Data urodzin {value} nie zawiera roku, dlatego kolumnę {header:birth_date} pozostawiono pustą.",
	},
	"duplicate_name": {
		"en": "The name {first} {last} with postcode {postcode} is the same as on row {row}; each customer may appear only once in the file.",
		"nb": "Navnet {first} {last} med postnummer {postcode} er det samme som på rad {row}; hver kunde kan bare stå én gang i filen.",
		"pl": "Klient {first} {last} z kodem pocztowym {postcode} występuje już w wierszu {row}; każdy klient może wystąpić w pliku tylko raz.",
	},
}

// words are the small words messages put between arguments, by language.
var words = map[string]struct {
	open, close string // quotation marks
	or          string // between the last two of a list of alternatives
	account     string // "account A-1001"
	customer    string // "customer 7", for a customer without an account number
}{
	"en": {"“", "”", "or", "account %s", "customer %s"},
	"nb": {"«", "»", "eller", "kundenummer %s", "kunde %s"},
	"pl": {"„", "”", "lub", "numer klienta %s", "klient nr %s"},
}

// render returns p's message in lang, "" when the catalogue has no such id or language.
func (p Problem) render(lang string) string {
	tpl, ok := messages[p.Msg][lang]
	if !ok {
		return ""
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(tpl, '{')
		j := strings.IndexByte(tpl[i+1:], '}')
		if i < 0 || j < 0 {
			b.WriteString(tpl)
			return b.String()
		}
		b.WriteString(tpl[:i])
		b.WriteString(p.arg(lang, tpl[i+1:i+1+j]))
		tpl = tpl[i+1+j+1:]
	}
}

// arg returns the text placeholder name stands for in lang (see messages).
func (p Problem) arg(lang, name string) string {
	w := words[lang]
	if key, ok := strings.CutPrefix(name, "header:"); ok {
		if i := FieldByKey(key); i >= 0 {
			return HeaderIn(lang, i)
		}
		return key
	}
	switch name {
	case "column":
		if i := FieldByKey(p.Field); i >= 0 {
			return HeaderIn(lang, i)
		}
		return p.Column
	case "value":
		v := p.Args[name]
		if utf8.RuneCountInString(v) > maxQuoted {
			v = string([]rune(v)[:maxQuoted-1]) + "…"
		}
		return w.open + v + w.close
	case "country":
		return countryLabelIn(lang, p.Args[name])
	case "readings":
		rs := strings.Split(p.Args[name], "\n")
		if len(rs) < 2 {
			return rs[0]
		}
		return strings.Join(rs[:len(rs)-1], ", ") + " " + w.or + " " + rs[len(rs)-1]
	case "owner", "owner2":
		ref := customerRef(lang, p.Args[name+"_ref"])
		if p.Args[name] == "" {
			return ref
		}
		return p.Args[name] + " (" + ref + ")"
	case "other":
		return customerRef(lang, p.Args[name])
	case "where":
		if p.Args[name] == "" {
			return ""
		}
		return " (" + p.Args[name] + ")"
	case "reasons":
		return reasonsIn(lang, p.Args[name])
	}
	return p.Args[name]
}

// refOf returns a stored customer's reference as messages store it: its account number, or "#"
// and its id.
func refOf(c *Customer) string {
	if c.Values[FAccount] == "" {
		return "#" + strconv.FormatInt(c.ID, 10)
	}
	return c.Values[FAccount]
}

// customerRef shows a reference made by refOf in lang: "account A-1001", "customer 7".
func customerRef(lang, ref string) string {
	w := words[lang]
	if id, ok := strings.CutPrefix(ref, "#"); ok {
		return strings.Replace(w.customer, "%s", id, 1)
	}
	return strings.Replace(w.account, "%s", ref, 1)
}

// countryNamesFixed corrects golang.org/x/text's region names where its tables are not the
// language's usual word: its "nb" gives the Danish "Storbritannien".
var countryNamesFixed = map[string]map[string]string{
	"nb": {"GB": "Storbritannia"},
}

// countryLabelIn names a country for a message in lang: "Norge (NO)"; just the code when no name
// is known. English names come from our country table (the names messages have always used),
// the others from golang.org/x/text's CLDR region names.
func countryLabelIn(lang, code string) string {
	name := ""
	if lang == "en" {
		name = countryName(code)
	} else if n, ok := countryNamesFixed[lang][code]; ok {
		name = n
	} else if r, err := language.ParseRegion(code); err == nil && KnownLanguage(lang) {
		name = display.Regions(language.MustParse(lang)).Name(r)
	}
	if name == "" {
		return code
	}
	return name + " (" + code + ")"
}
