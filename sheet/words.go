package sheet

import (
	"strings"

	"github.com/clientele/clientele/customer"
)

// templateWords are the template's own words in one language: what customer's field texts
// (customer.FieldTextIn) do not cover.
type templateWords struct {
	customers, example, guide string   // sheet names
	guideHeader               []string // the field guide's header row
	yes, no                   string   // the guide's Required column
	required                  string   // after a required field's input message title
	requiredNote              string   // after a required field's input message
	atMost                    string   // a length limit, with %d for the number
	takes                     string   // the error alert: %[1]s the header, %[2]s the format and limit
	errorColumn               string   // the message column of an error report
	cut                       string   // a value cut to fit a cell: %[1]s the header, %[2]s the most, %[3]s its length
}

var templateText = map[string]templateWords{
	"en": {
		customers: "Customers", example: "Example", guide: "Field guide",
		guideHeader: []string{"Header", "Required", "Max length", "Format and allowed values", "Default when blank", "Meaning", "Example"},
		yes:         "Yes", no: "No",
		required: " (required)", requiredNote: " Required.",
		atMost: ", at most %d characters", takes: "%[1]s takes %[2]s.",
		errorColumn: "Error message",
		cut:         "%[1]s was cut to %[2]s characters to fit in an Excel cell; it had %[3]s.",
	},
	"nb": {
		customers: "Kunder", example: "Eksempel", guide: "Feltveiledning",
		guideHeader: []string{"Kolonne", "Må fylles ut", "Maks. lengde", "Format og tillatte verdier", "Når feltet er tomt", "Betydning", "Eksempel"},
		yes:         "Ja", no: "Nei",
		required: " (må fylles ut)", requiredNote: " Må fylles ut.",
		atMost: ", høyst %d tegn", takes: "%[1]s må være %[2]s.",
		errorColumn: "Feilmelding",
		cut:         "%[1]s ble kortet ned til %[2]s tegn for å få plass i en Excel-celle; teksten hadde %[3]s.",
	},
	"pl": {
		customers: "Klienci", example: "Przykład", guide: "Opis pól",
		guideHeader: []string{"Kolumna", "Wymagane", "Maks. długość", "Format i dozwolone wartości", "Gdy puste", "Znaczenie", "Przykład"},
		yes:         "Tak", no: "Nie",
		// Polish counts inflect the noun (2 znaki, 5 znaków); "maks. liczba znaków: N" does not.
		required: " (wymagane)", requiredNote: " Pole wymagane.",
		atMost: "; maks. liczba znaków: %d", takes: "%[1]s – oczekiwany format: %[2]s.",
		errorColumn: "Komunikat o błędzie",
		cut:         "%[1]s: tekst skrócono do %[2]s znaków, aby zmieścił się w komórce Excela (było ich %[3]s).",
	},
}

// wordsIn returns the template's words in lang, English for "" or an unknown language.
func wordsIn(lang string) templateWords {
	if w, ok := templateText[lang]; ok {
		return w
	}
	return templateText["en"]
}

// language returns the language the writers write in: o.Language when Clientele speaks it, else
// English.
func (o WriteOptions) language() string {
	if customer.KnownLanguage(o.Language) {
		return o.Language
	}
	return "en"
}

// isCustomersSheet reports whether name is the template's customer sheet in any language
// ("Customers", "Kunder", "Klienci"), ignoring case and surrounding spaces.
func isCustomersSheet(name string) bool {
	name = strings.TrimSpace(name)
	for _, w := range templateText {
		if strings.EqualFold(name, w.customers) {
			return true
		}
	}
	return false
}

// ErrorColumn returns the header of an error report's message column ("Error message") in lang.
func ErrorColumn(lang string) string {
	return wordsIn(lang).errorColumn
}

// IsErrorColumn reports whether header is an error report's message column in any language
// ("Error message", "Feilmelding", "Komunikat o błędzie"), compared as headers are (fold). The
// reader ignores that column without a warning: it is ours, and an error report fixed and
// uploaded again must not be reported for it.
func IsErrorColumn(header string) bool {
	h := fold(header)
	for _, w := range templateText {
		if h == fold(w.errorColumn) {
			return true
		}
	}
	return false
}
