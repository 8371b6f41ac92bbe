package customer

// Languages are the languages Clientele speaks: the page, the template, the field guide and the
// messages. The first is the default.
var Languages = []string{"en", "nb", "pl"}

// KnownLanguage reports whether lang is one of Languages.
func KnownLanguage(lang string) bool {
	for _, l := range Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// headers holds the template's header row in the languages other than English (whose headers
// are Field.Header, exactly as FIELDS.md writes them). The words are the ones a Norwegian or
// Polish shop's own spreadsheets use, so that a file written from a translated template reads
// back without a mapping step.
var headers = map[string][NumFields]string{
	"nb": {
		"Kundenummer", "Tittel", "Fornavn", "Etternavn", "Firma", "E-post", "Mobil", "Telefon",
		"Adresselinje 1", "Adresselinje 2", "Poststed", "Fylke/Region", "Postnummer", "Land",
		"Fødselsdato", "E-postmarkedsføring", "SMS-markedsføring", "Bonuspoeng", "Notat",
		"E-postmarkedsføring dato", "SMS-markedsføring dato",
	},
	"pl": {
		"Numer klienta", "Tytuł", "Imię", "Nazwisko", "Firma", "E-mail", "Telefon komórkowy", "Telefon",
		"Adres (linia 1)", "Adres (linia 2)", "Miejscowość", "Województwo/Region", "Kod pocztowy", "Kraj",
		"Data urodzenia", "Zgoda na e-mail marketing", "Zgoda na SMS marketing", "Punkty lojalnościowe", "Notatka",
		"Data zgody na e-mail marketing", "Data zgody na SMS marketing",
	},
}

// HeaderIn returns field i's template header in lang, English for an unknown language.
func HeaderIn(lang string, i int) string {
	if h, ok := headers[lang]; ok {
		return h[i]
	}
	return Fields[i].Header
}
