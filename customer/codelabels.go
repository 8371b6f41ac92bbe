package customer

import "strings"

// codeLabels are short names of the problem codes, for the grid's filter chips ("Invalid phone ·
// Mobile"), by language.
var codeLabels = map[string]map[Code]string{
	"en": {
		CodeRequired: "Missing", CodeTooLong: "Too long", CodeInvalidEmail: "Invalid email",
		CodeInvalidPhone: "Invalid phone", CodeInvalidDate: "Invalid date", CodeInvalidValue: "Invalid value",
		CodeAccountInUse: "Account number in use", CodeEmailExists: "Email already stored",
		CodeMobileExists: "Mobile already stored", CodeNamePostcodeExists: "Name and postcode already stored",
		CodeDuplicateInFile: "Repeated in the file", CodeIdentityConflict: "Identity conflict",
		WarnLeadingZero: "Leading zero restored", WarnNameSplit: "Name split",
		WarnBirthdayNoYear: "Birthday without year", WarnPointsNotWhole: "Points not whole",
		WarnNoteFull: "Note full", WarnEmailTypo: "Possible email typo", WarnPossibleDuplicate: "Possible duplicate",
	},
	"nb": {
		CodeRequired: "Mangler", CodeTooLong: "For lang", CodeInvalidEmail: "Ugyldig e-post",
		CodeInvalidPhone: "Ugyldig telefonnummer", CodeInvalidDate: "Ugyldig dato", CodeInvalidValue: "Ugyldig verdi",
		CodeAccountInUse: "Kundenummer i bruk", CodeEmailExists: "E-post finnes fra før",
		CodeMobileExists: "Mobil finnes fra før", CodeNamePostcodeExists: "Navn og postnummer finnes fra før",
		CodeDuplicateInFile: "Gjentatt i filen", CodeIdentityConflict: "Identitetskonflikt",
		WarnLeadingZero: "Ledende null lagt til", WarnNameSplit: "Navn delt",
		WarnBirthdayNoYear: "Fødselsdag uten år", WarnPointsNotWhole: "Poeng ikke hele tall",
		WarnNoteFull: "Notat fullt", WarnEmailTypo: "Mulig skrivefeil i e-post", WarnPossibleDuplicate: "Mulig duplikat",
	},
	"pl": {
		CodeRequired: "Brak", CodeTooLong: "Za długie", CodeInvalidEmail: "Błędny e-mail",
		CodeInvalidPhone: "Błędny telefon", CodeInvalidDate: "Błędna data", CodeInvalidValue: "Błędna wartość",
		CodeAccountInUse: "Numer klienta zajęty", CodeEmailExists: "E-mail już zapisany",
		CodeMobileExists: "Telefon już zapisany", CodeNamePostcodeExists: "Imię, nazwisko i kod już zapisane",
		CodeDuplicateInFile: "Powtórzone w pliku", CodeIdentityConflict: "Konflikt tożsamości",
		WarnLeadingZero: "Dodano zero na początku", WarnNameSplit: "Podzielone imię i nazwisko",
		WarnBirthdayNoYear: "Urodziny bez roku", WarnPointsNotWhole: "Punkty niecałkowite",
		WarnNoteFull: "Notatka pełna", WarnEmailTypo: "Możliwa literówka w e-mailu", WarnPossibleDuplicate: "Możliwy duplikat",
	},
}

// CodeLabel returns a short name of a problem code in lang (English for an unknown language); a
// code without one reads as its words ("some_code" → "Some code").
func CodeLabel(lang string, c Code) string {
	if l, ok := codeLabels[lang][c]; ok {
		return l
	}
	if l, ok := codeLabels["en"][c]; ok {
		return l
	}
	s := strings.ReplaceAll(string(c), "_", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
