package customer

import (
	"strconv"
	"strings"
)

// Notice is one file-level message: a warning on a whole file (an ignored column) or why a file
// could not be read. Like Problem, Message is always English (the CLI's --json report and logs);
// Msg and Args are the file message id (fileMessages) and its arguments, stored with the import
// so that In can say it again in the language of whoever looks at it.
type Notice struct {
	Message string            `json:"message"`
	Msg     string            `json:"msg,omitempty"`
	Args    map[string]string `json:"args,omitempty"`
}

// NewNotice returns the Notice saying the file message id msg with args; Message is its English
// rendering, "" for an id the catalogue does not have (TestFileMessageCatalogue's callers should
// catch that).
func NewNotice(msg string, args map[string]string) Notice {
	return Notice{Message: renderFile(msg, "en", args), Msg: msg, Args: args}
}

// In returns the notice in lang; Message for a notice without an id (a plain note), an id the
// catalogue does not have, or an unknown language.
func (n Notice) In(lang string) string {
	if n.Msg != "" && KnownLanguage(lang) {
		if s := renderFile(n.Msg, lang, n.Args); s != "" {
			return s
		}
	}
	return n.Message
}

// WarningsIn returns the import's warnings in lang: each of Warnings that one of Notices is the
// English rendering of is said in lang, the others (a warning stored without its id, or a note
// added as plain text) as they are.
func (imp Import) WarningsIn(lang string) []string {
	out := make([]string, len(imp.Warnings))
	for i, w := range imp.Warnings {
		out[i] = w
		for _, n := range imp.Notices {
			if n.Message == w {
				out[i] = n.In(lang)
				break
			}
		}
	}
	return out
}

// FailureIn returns the import's Failure in lang, when FailureMsg says what it was made from.
func (imp Import) FailureIn(lang string) string {
	if imp.FailureMsg != nil && imp.FailureMsg.Message == imp.Failure {
		return imp.FailureMsg.In(lang)
	}
	return imp.Failure
}

// The file-level messages in every language, by message id: why a file cannot be read (an
// *Error with code EFile, made by FileErrorMsg) and the warnings reading it gives (Notice). They
// are kept apart from the row messages (messages in i18n.go) because their placeholders mean
// other things: a file message is about the file, not about one cell of a row.
//
// Placeholders are written {name} or {kind:name}:
//
//	{n:NAME}       a whole number (Args holds it in decimal): 1,048,576 in English, 1 048 576
//	               (no-break spaces) in Norwegian and Polish
//	{size:NAME}    a size in bytes (decimal): "200 MiB"
//	{field:NAME}   a field by catalogue key (or "full_name"), shown by its header in the language
//	{fields:NAME}  field keys separated by "\n", shown quoted as "“A”, “B” or “C”" (missingAnd)
//	{quoted:NAME}  texts separated by "\n", shown quoted as "“A”, “B”"
//	{kind:NAME}    what a file that is not a spreadsheet is (fileKinds), with its article
//	{source:NAME}  the platform whose export a file is, by sheet's English name (fileSources)
//	anything else  the argument as is (row numbers, column letters, headers, part names)
//
// The English sentences are, byte for byte, the ones Clientele has always said (tests assert
// them); TestFileMessageCatalogue checks that every id has every language with the same
// placeholders.
var fileMessages = map[string]map[string]string{
	// Reading any file.
	"file_missing": {
		"en": "The file does not exist.",
		"nb": "Filen finnes ikke.",
		"pl": "Plik nie istnieje.",
	},
	"file_unreadable": {
		"en": "The file could not be read.",
		"nb": "Filen kunne ikke leses.",
		"pl": "Nie udało się odczytać pliku.",
	},
	"file_folder": {
		"en": "The file could not be read: it is a folder.",
		"nb": "Filen kunne ikke leses: det er en mappe.",
		"pl": "Nie udało się odczytać pliku: to jest folder.",
	},
	"file_empty": {
		"en": "The file is empty.",
		"nb": "Filen er tom.",
		"pl": "Plik jest pusty.",
	},
	"file_other_kind": {
		"en": "This file is {kind:kind}, not a spreadsheet. Upload the customer list as an .xlsx or CSV file.",
		"nb": "Denne filen er {kind:kind}, ikke et regneark. Last opp kundelisten som en .xlsx- eller CSV-fil.",
		"pl": "Ten plik jest {kind:kind}, a nie arkuszem kalkulacyjnym. Prześlij listę klientów jako plik .xlsx lub CSV.",
	},
	"file_not_spreadsheet": {
		"en": "This file is not a spreadsheet: it is neither an .xlsx workbook nor a CSV text file.",
		"nb": "Denne filen er ikke et regneark: den er verken en .xlsx-arbeidsbok eller en CSV-tekstfil.",
		"pl": "Ten plik nie jest arkuszem kalkulacyjnym: nie jest ani skoroszytem .xlsx, ani plikiem tekstowym CSV.",
	},
	"file_encrypted": {
		"en": "The workbook is password-protected. Remove the password in Excel or LibreOffice, save it, and upload it again.",
		"nb": "Arbeidsboken er passordbeskyttet. Fjern passordet i Excel eller LibreOffice, lagre den og last den opp på nytt.",
		"pl": "Skoroszyt jest chroniony hasłem. Usuń hasło w programie Excel lub LibreOffice, zapisz plik i prześlij go ponownie.",
	},
	"file_xls": {
		"en": "This is an old Excel 97–2003 (.xls) file. Open it in Excel or LibreOffice, save it as .xlsx or CSV, and upload that.",
		"nb": "Dette er en gammel Excel 97–2003-fil (.xls). Åpne den i Excel eller LibreOffice, lagre den som .xlsx eller CSV, og last opp den nye filen.",
		"pl": "To stary plik programu Excel 97–2003 (.xls). Otwórz go w programie Excel lub LibreOffice, zapisz jako .xlsx lub CSV i prześlij ten plik.",
	},
	"file_too_many_rows": {
		"en": "The file has more than {n:max} customer rows (the limit is reached at row {row}); split it into smaller files.",
		"nb": "Filen har flere enn {n:max} kunderader (grensen nås på rad {row}); del den opp i mindre filer.",
		"pl": "Plik ma więcej wierszy z klientami, niż wynosi limit {n:max} (limit osiągnięto w wierszu {row}); podziel go na mniejsze pliki.",
	},
	"file_too_many_columns": {
		"en": "Row {row} has more than {n:max} columns; the limit is {n:max}.",
		"nb": "Rad {row} har flere enn {n:max} kolonner; grensen er {n:max}.",
		"pl": "Wiersz {row} ma więcej kolumn, niż wynosi limit; limit to {n:max}.",
	},
	"file_cell_too_long": {
		"en": "Row {row}, column {col}: the cell has more than {n:max} characters.",
		"nb": "Rad {row}, kolonne {col}: cellen har flere enn {n:max} tegn.",
		"pl": "Wiersz {row}, kolumna {col}: komórka zawiera więcej znaków, niż wynosi limit {n:max}.",
	},
	// CSV.
	"csv_row_too_long": {
		"en": "Row {row} is far too long to be a customer row; check that its quotation marks are balanced.",
		"nb": "Rad {row} er altfor lang til å være en kunderad; kontroller at alle anførselstegn er lukket.",
		"pl": "Wiersz {row} jest o wiele za długi jak na wiersz z klientem; sprawdź, czy każdy cudzysłów jest zamknięty.",
	},
	"csv_unreadable_after": {
		"en": "The file could not be read after row {row}.",
		"nb": "Filen kunne ikke leses etter rad {row}.",
		"pl": "Nie udało się odczytać pliku po wierszu {row}.",
	},
	"csv_open_quote": {
		"en": "Row {row}: a quotation mark opens a cell that is never closed, so the rest of the file would be read into that one cell. Check the quotation marks in row {row}.",
		"nb": "Rad {row}: et anførselstegn åpner en celle som aldri lukkes, så resten av filen ville blitt lest inn i den ene cellen. Kontroller anførselstegnene i rad {row}.",
		"pl": "Wiersz {row}: cudzysłów otwiera komórkę, która nigdy nie zostaje zamknięta, więc cała reszta pliku trafiłaby do tej jednej komórki. Sprawdź cudzysłowy w wierszu {row}.",
	},
	// Columns and the mapping.
	"mapping_not_field": {
		"en": "The mapping sends “{column}” to “{target}”, which is not a customer field. Use a field key such as email or an English header such as Email (clientele fields lists them).",
		"nb": "Koblingen sender «{column}» til «{target}», som ikke er et kundefelt. Bruk en feltnøkkel som email eller en engelsk overskrift som Email (clientele fields viser dem).",
		"pl": "Mapowanie kieruje kolumnę „{column}” do „{target}”, a to nie jest pole klienta. Użyj klucza pola, np. email, lub angielskiego nagłówka, np. Email (listę podaje polecenie clientele fields).",
	},
	"mapping_no_column": {
		"en": "The mapping names a column “{column}”, but the file has no such column.",
		"nb": "Koblingen nevner en kolonne «{column}», men filen har ingen slik kolonne.",
		"pl": "Mapowanie wymienia kolumnę „{column}”, ale w pliku nie ma takiej kolumny.",
	},
	"mapping_not_fields": {
		"en": "The mapping sends columns to {quoted:targets}, which are not customer fields. Use a field key such as email or an English header such as Email (clientele fields lists them).",
		"nb": "Koblingen sender kolonner til {quoted:targets}, som ikke er kundefelt. Bruk en feltnøkkel som email eller en engelsk overskrift som Email (clientele fields viser dem).",
		"pl": "Mapowanie kieruje kolumny do {quoted:targets}, a to nie są pola klienta. Użyj klucza pola, np. email, lub angielskiego nagłówka, np. Email (listę podaje polecenie clientele fields).",
	},
	"mapping_no_columns": {
		"en": "The mapping names columns {quoted:columns}, but the file has no such columns.",
		"nb": "Koblingen nevner kolonnene {quoted:columns}, men filen har ingen slike kolonner.",
		"pl": "Mapowanie wymienia kolumny {quoted:columns}, ale w pliku nie ma takich kolumn.",
	},
	// Defaults for blank cells (--default, the mapping step's "value for rows that have none").
	"default_not_field": {
		"en": "A default is given for “{name}”, which is not a customer field; use a field key such as country or a header such as Country (clientele fields lists them).",
		"nb": "En standardverdi er gitt for «{name}», som ikke er et kundefelt; bruk en feltnøkkel som country eller en overskrift som Country (clientele fields viser dem).",
		"pl": "Podano wartość domyślną dla „{name}”, a to nie jest pole klienta; użyj klucza pola, np. country, lub nagłówka, np. Country (listę podaje polecenie clientele fields).",
	},
	"default_too_long": {
		"en": "The default for “{field:field}” has {n:len} characters; the field holds at most {n:max}.",
		"nb": "Standardverdien for «{field:field}» har {n:len} tegn; feltet rommer høyst {n:max}.",
		"pl": "Wartość domyślna pola „{field:field}” ma {n:len} znaków; pole mieści najwyżej {n:max}.",
	},
	"default_invalid": {
		"en": "“{value}” cannot be the default for “{field:field}”: the field does not take that value.",
		"nb": "«{value}» kan ikke være standardverdi for «{field:field}»: feltet tar ikke den verdien.",
		"pl": "„{value}” nie może być wartością domyślną pola „{field:field}”: pole nie przyjmuje takiej wartości.",
	},
	"default_malformed": {
		"en": "Write a default as Field=value, such as Country=NO, not “{text}”.",
		"nb": "Skriv en standardverdi som Felt=verdi, for eksempel Country=NO, ikke «{text}».",
		"pl": "Zapisz wartość domyślną jako Pole=wartość, np. Country=NO, a nie „{text}”.",
	},
	"columns_could_be": {
		"en": "The file has two columns that could be “{field:field}” ({col1} “{header1}” and {col2} “{header2}”); delete or rename one of them.",
		"nb": "Filen har to kolonner som kan være «{field:field}» ({col1} «{header1}» og {col2} «{header2}»); slett eller gi nytt navn til én av dem.",
		"pl": "Plik ma dwie kolumny, które mogą oznaczać „{field:field}” ({col1} „{header1}” i {col2} „{header2}”); usuń jedną z nich lub zmień jej nazwę.",
	},
	"columns_twice": {
		"en": "The file has two “{field:field}” columns ({col1} and {col2}); delete one of them.",
		"nb": "Filen har to «{field:field}»-kolonner ({col1} og {col2}); slett én av dem.",
		"pl": "Plik ma dwie kolumny „{field:field}” ({col1} i {col2}); usuń jedną z nich.",
	},
	"column_missing": {
		"en": "The file has no “{field:field}” column; it is required.",
		"nb": "Filen har ingen «{field:field}»-kolonne; den er påkrevd.",
		"pl": "W pliku brakuje kolumny „{field:field}”; jest ona wymagana.",
	},
	"columns_missing": {
		"en": "The file has no {fields:fields} columns; they are required.",
		"nb": "Filen mangler kolonnene {fields:fields}; de er påkrevd.",
		"pl": "W pliku brakuje kolumn {fields:fields}; są one wymagane.",
	},
	"dates_month_first": {
		"en": "Dates of birth are read month first, as in the US (12/31/1985 is 31 December 1985): the column has dates that can only be month first and none that can only be day first.",
		"nb": "Fødselsdatoene leses med måneden først, som i USA (12/31/1985 er 31. desember 1985): kolonnen har datoer som bare kan ha måneden først, og ingen som bare kan ha dagen først.",
		"pl": "Daty urodzenia są odczytywane z miesiącem na początku, jak w USA (12/31/1985 to 31 grudnia 1985): kolumna zawiera daty, które mogą mieć tylko miesiąc na początku, i żadnej, która może mieć tylko dzień na początku.",
	},
	"column_missing_update": {
		"en": "The file has no “{field:field}” column. It is required for new customers; to update customers only, the file needs a column that says whom each row updates: “{field:account}”, “{field:email}” or “{field:mobile}”.",
		"nb": "Filen har ingen «{field:field}»-kolonne. Den er påkrevd for nye kunder; for bare å oppdatere kunder trenger filen en kolonne som sier hvem hver rad oppdaterer: «{field:account}», «{field:email}» eller «{field:mobile}».",
		"pl": "W pliku brakuje kolumny „{field:field}”. Jest ona wymagana dla nowych klientów; aby tylko zaktualizować klientów, plik potrzebuje kolumny wskazującej, kogo dotyczy każdy wiersz: „{field:account}”, „{field:email}” lub „{field:mobile}”.",
	},
	"columns_missing_update": {
		"en": "The file has no {fields:fields} columns. They are required for new customers; to update customers only, the file needs a column that says whom each row updates: “{field:account}”, “{field:email}” or “{field:mobile}”.",
		"nb": "Filen mangler kolonnene {fields:fields}. De er påkrevd for nye kunder; for bare å oppdatere kunder trenger filen en kolonne som sier hvem hver rad oppdaterer: «{field:account}», «{field:email}» eller «{field:mobile}».",
		"pl": "W pliku brakuje kolumn {fields:fields}. Są one wymagane dla nowych klientów; aby tylko zaktualizować klientów, plik potrzebuje kolumny wskazującej, kogo dotyczy każdy wiersz: „{field:account}”, „{field:email}” lub „{field:mobile}”.",
	},
	// Workbooks.
	"xlsx_damaged": {
		"en": "The workbook could not be read; it may be damaged. Open it in Excel or LibreOffice, save it again as .xlsx, and upload that.",
		"nb": "Arbeidsboken kunne ikke leses; den kan være skadet. Åpne den i Excel eller LibreOffice, lagre den på nytt som .xlsx, og last opp den nye filen.",
		"pl": "Nie udało się odczytać skoroszytu; może być uszkodzony. Otwórz go w programie Excel lub LibreOffice, zapisz ponownie jako .xlsx i prześlij ten plik.",
	},
	"xlsx_no_sheets": {
		"en": "The workbook has no worksheets.",
		"nb": "Arbeidsboken har ingen regneark.",
		"pl": "Skoroszyt nie zawiera żadnego arkusza.",
	},
	"xlsx_unreadable_after": {
		"en": "The workbook could not be read after row {row}; it may be damaged.",
		"nb": "Arbeidsboken kunne ikke leses etter rad {row}; den kan være skadet.",
		"pl": "Nie udało się odczytać skoroszytu po wierszu {row}; może być uszkodzony.",
	},
	"xlsx_row_unreadable": {
		"en": "Row {row} of the workbook could not be read; it may be damaged.",
		"nb": "Rad {row} i arbeidsboken kunne ikke leses; den kan være skadet.",
		"pl": "Nie udało się odczytać wiersza {row} skoroszytu; może być uszkodzony.",
	},
	"xlsx_bad_zip": {
		"en": "The file is a damaged zip archive, not a readable Excel workbook.",
		"nb": "Filen er et skadet zip-arkiv, ikke en lesbar Excel-arbeidsbok.",
		"pl": "Plik jest uszkodzonym archiwum zip, a nie czytelnym skoroszytem programu Excel.",
	},
	"xlsx_too_many_parts": {
		"en": "The workbook has too many parts ({n:parts}) to be a customer list.",
		"nb": "Arbeidsboken har for mange deler ({n:parts}) til å være en kundeliste.",
		"pl": "Skoroszyt ma zbyt wiele części (liczba części: {n:parts}), by mógł być listą klientów.",
	},
	"xlsx_too_large": {
		"en": "The workbook is too large: unpacked, it is more than {size:limit}.",
		"nb": "Arbeidsboken er for stor: utpakket er den på mer enn {size:limit}.",
		"pl": "Skoroszyt jest za duży: po rozpakowaniu zajmuje więcej niż {size:limit}.",
	},
	"xlsx_too_large_other": {
		"en": "The workbook is too large to read: besides the sheet data, its pictures, other sheets and other parts are more than {size:limit} unpacked. Copy the customer sheet into a new workbook, or save it as CSV, and upload that.",
		"nb": "Arbeidsboken er for stor til å leses: i tillegg til arkdataene er bildene, de andre arkene og de andre delene på mer enn {size:limit} utpakket. Kopier kundearket til en ny arbeidsbok, eller lagre det som CSV, og last opp den nye filen.",
		"pl": "Skoroszyt jest za duży, by go odczytać: oprócz danych arkusza jego obrazy, pozostałe arkusze i inne części zajmują po rozpakowaniu więcej niż {size:limit}. Skopiuj arkusz z klientami do nowego skoroszytu lub zapisz go jako CSV i prześlij ten plik.",
	},
	"xlsx_duplicate_part": {
		"en": "The workbook is damaged: it has two parts named “{part}”. Open it in Excel or LibreOffice, save it again as .xlsx, and upload that.",
		"nb": "Arbeidsboken er skadet: den har to deler som heter «{part}». Åpne den i Excel eller LibreOffice, lagre den på nytt som .xlsx, og last opp den nye filen.",
		"pl": "Skoroszyt jest uszkodzony: ma dwie części o nazwie „{part}”. Otwórz go w programie Excel lub LibreOffice, zapisz ponownie jako .xlsx i prześlij ten plik.",
	},
	"xlsx_part_unpack": {
		"en": "The workbook is damaged: its part “{part}” cannot be unpacked. Open it in Excel or LibreOffice, save it again as .xlsx, and upload that.",
		"nb": "Arbeidsboken er skadet: delen «{part}» kan ikke pakkes ut. Åpne den i Excel eller LibreOffice, lagre den på nytt som .xlsx, og last opp den nye filen.",
		"pl": "Skoroszyt jest uszkodzony: nie można rozpakować jego części „{part}”. Otwórz go w programie Excel lub LibreOffice, zapisz ponownie jako .xlsx i prześlij ten plik.",
	},
	"xlsx_dtd": {
		"en": "The workbook's part “{part}” has a document type declaration (DTD), which Excel never writes; the file was made to attack XML readers and is refused.",
		"nb": "Arbeidsbokens del «{part}» har en dokumenttypedeklarasjon (DTD), som Excel aldri skriver; filen er laget for å angripe XML-lesere og avvises.",
		"pl": "Część „{part}” skoroszytu zawiera deklarację typu dokumentu (DTD), której Excel nigdy nie zapisuje; plik przygotowano do ataku na czytniki XML, więc został odrzucony.",
	},
	"xlsx_bad_xml": {
		"en": "The workbook is damaged: its part “{part}” is not valid XML (line {line}: {detail}). Open it in Excel or LibreOffice, save it again as .xlsx, and upload that.",
		"nb": "Arbeidsboken er skadet: delen «{part}» er ikke gyldig XML (linje {line}: {detail}). Åpne den i Excel eller LibreOffice, lagre den på nytt som .xlsx, og last opp den nye filen.",
		"pl": "Skoroszyt jest uszkodzony: jego część „{part}” nie jest poprawnym dokumentem XML (wiersz {line}: {detail}). Otwórz go w programie Excel lub LibreOffice, zapisz ponownie jako .xlsx i prześlij ten plik.",
	},
	"xlsx_checksum": {
		"en": "The workbook is damaged: its part “{part}” does not match the size or checksum the archive declares. Open it in Excel or LibreOffice, save it again as .xlsx, and upload that.",
		"nb": "Arbeidsboken er skadet: delen «{part}» stemmer ikke med størrelsen eller kontrollsummen arkivet oppgir. Åpne den i Excel eller LibreOffice, lagre den på nytt som .xlsx, og last opp den nye filen.",
		"pl": "Skoroszyt jest uszkodzony: jego część „{part}” nie zgadza się z rozmiarem lub sumą kontrolną podaną w archiwum. Otwórz go w programie Excel lub LibreOffice, zapisz ponownie jako .xlsx i prześlij ten plik.",
	},
	"xlsx_ods": {
		"en": "This is an OpenDocument spreadsheet (.ods). Open it in LibreOffice, save it as .xlsx or CSV, and upload that.",
		"nb": "Dette er et OpenDocument-regneark (.ods). Åpne det i LibreOffice, lagre det som .xlsx eller CSV, og last opp den nye filen.",
		"pl": "To arkusz kalkulacyjny OpenDocument (.ods). Otwórz go w programie LibreOffice, zapisz jako .xlsx lub CSV i prześlij ten plik.",
	},
	"xlsx_odf_other": {
		"en": "This file is an OpenDocument text or presentation, not a spreadsheet. Upload the customer list as an .xlsx or CSV file.",
		"nb": "Denne filen er et OpenDocument-tekstdokument eller en presentasjon, ikke et regneark. Last opp kundelisten som en .xlsx- eller CSV-fil.",
		"pl": "Ten plik jest dokumentem tekstowym lub prezentacją OpenDocument, a nie arkuszem kalkulacyjnym. Prześlij listę klientów jako plik .xlsx lub CSV.",
	},
	"xlsx_docx": {
		"en": "This file is a Word document, not a spreadsheet. Upload the customer list as an .xlsx or CSV file.",
		"nb": "Denne filen er et Word-dokument, ikke et regneark. Last opp kundelisten som en .xlsx- eller CSV-fil.",
		"pl": "Ten plik jest dokumentem programu Word, a nie arkuszem kalkulacyjnym. Prześlij listę klientów jako plik .xlsx lub CSV.",
	},
	"xlsx_pptx": {
		"en": "This file is a PowerPoint presentation, not a spreadsheet. Upload the customer list as an .xlsx or CSV file.",
		"nb": "Denne filen er en PowerPoint-presentasjon, ikke et regneark. Last opp kundelisten som en .xlsx- eller CSV-fil.",
		"pl": "Ten plik jest prezentacją programu PowerPoint, a nie arkuszem kalkulacyjnym. Prześlij listę klientów jako plik .xlsx lub CSV.",
	},
	"xlsx_zip": {
		"en": "This file is a zip archive, not an Excel workbook. Upload the customer list as an .xlsx or CSV file.",
		"nb": "Denne filen er et zip-arkiv, ikke en Excel-arbeidsbok. Last opp kundelisten som en .xlsx- eller CSV-fil.",
		"pl": "Ten plik jest archiwum zip, a nie skoroszytem programu Excel. Prześlij listę klientów jako plik .xlsx lub CSV.",
	},
	// Warnings on a file that was read.
	"warn_unknown_column": {
		"en": "Column “{column}” is not a customer field and was ignored.",
		"nb": "Kolonnen «{column}» er ikke et kundefelt og ble ignorert.",
		"pl": "Kolumna „{column}” nie jest polem klienta i została pominięta.",
	},
	"warn_unknown_columns": {
		"en": "Columns {quoted:columns} are not customer fields and were ignored.",
		"nb": "Kolonnene {quoted:columns} er ikke kundefelt og ble ignorert.",
		"pl": "Kolumny {quoted:columns} nie są polami klienta i zostały pominięte.",
	},
	"warn_shadowed": {
		"en": "Column {col} “{header}” was ignored: column {col2} “{header2}” is the {field:field}.",
		"nb": "Kolonne {col} «{header}» ble ignorert: kolonne {col2} «{header2}» brukes som {field:field}.",
		"pl": "Kolumnę {col} „{header}” pominięto: pole „{field:field}” to kolumna {col2} „{header2}”.",
	},
	"warn_first_sheet": {
		"en": "The workbook has {sheets} sheets and none is named “Customers”; only the first, “{sheet}”, was read.",
		"nb": "Arbeidsboken har {sheets} ark, og ingen av dem heter «Kunder»; bare det første, «{sheet}», ble lest.",
		"pl": "Skoroszyt ma kilka arkuszy (liczba arkuszy: {sheets}), a żaden nie nazywa się „Klienci”; odczytano tylko pierwszy, „{sheet}”.",
	},
	"warn_extra_cells": {
		"en": "Some rows have cells to the right of the last column with a header; those cells were ignored.",
		"nb": "Noen rader har celler til høyre for den siste kolonnen med overskrift; disse cellene ble ignorert.",
		"pl": "Niektóre wiersze mają komórki na prawo od ostatniej kolumny z nagłówkiem; te komórki pominięto.",
	},
	"warn_no_header": {
		"en": "Column {col} has no header; its cells were ignored.",
		"nb": "Kolonne {col} har ingen overskrift; cellene i den ble ignorert.",
		"pl": "Kolumna {col} nie ma nagłówka; jej komórki pominięto.",
	},
	"warn_recognised": {
		"en": "The file was recognised as a {source:source}; its columns were mapped to Clientele's fields accordingly.",
		"nb": "Filen ble gjenkjent som {source:source}; kolonnene ble koblet til Clienteles felt etter det.",
		"pl": "Plik rozpoznano jako: {source:source}; jego kolumny przypisano odpowiednio do pól Clientele.",
	},
}

// fileKinds name the kinds of file people upload by mistake, by the code sheet's sniffing gives,
// as they fit in file_other_kind: with the English and Norwegian article, in the Polish
// instrumental case.
var fileKinds = map[string]map[string]string{
	"png":  {"en": "a PNG image", "nb": "et PNG-bilde", "pl": "obrazem PNG"},
	"jpeg": {"en": "a JPEG image", "nb": "et JPEG-bilde", "pl": "obrazem JPEG"},
	"gif":  {"en": "a GIF image", "nb": "et GIF-bilde", "pl": "obrazem GIF"},
	"pdf":  {"en": "a PDF document", "nb": "et PDF-dokument", "pl": "dokumentem PDF"},
	"rtf":  {"en": "an RTF document", "nb": "et RTF-dokument", "pl": "dokumentem RTF"},
	"gzip": {"en": "a gzip archive", "nb": "et gzip-arkiv", "pl": "archiwum gzip"},
	"rar":  {"en": "a RAR archive", "nb": "et RAR-arkiv", "pl": "archiwum RAR"},
	"7z":   {"en": "a 7-Zip archive", "nb": "et 7-Zip-arkiv", "pl": "archiwum 7-Zip"},
	"tiff": {"en": "a TIFF image", "nb": "et TIFF-bilde", "pl": "obrazem TIFF"},
	"bmp":  {"en": "a bitmap image", "nb": "et punktgrafikkbilde (BMP)", "pl": "obrazem BMP"},
	"html": {"en": "a web page or XML document", "nb": "en nettside eller et XML-dokument", "pl": "stroną internetową lub dokumentem XML"},
}

// fileSources name the platforms' exports and our template that sheet recognises, by the English
// name sheet gives them (Reader.Source), for warn_recognised; a name not here is shown as is.
var fileSources = map[string]map[string]string{
	"Shopify customer export":                    {"nb": "en kundeeksport fra Shopify", "pl": "eksport klientów z Shopify"},
	"Square customer directory export":           {"nb": "en eksport av kundekatalogen i Square", "pl": "eksport katalogu klientów z Square"},
	"Loyverse customer export":                   {"nb": "en kundeeksport fra Loyverse", "pl": "eksport klientów z Loyverse"},
	"Lightspeed X-Series (Vend) customer export": {"nb": "en kundeeksport fra Lightspeed X-Series (Vend)", "pl": "eksport klientów z Lightspeed X-Series (Vend)"},
	"Lightspeed R-Series customer export":        {"nb": "en kundeeksport fra Lightspeed R-Series", "pl": "eksport klientów z Lightspeed R-Series"},
	"Citrus-Lime Cloud POS customer template":    {"nb": "en kundemal fra Citrus-Lime Cloud POS", "pl": "szablon klientów Citrus-Lime Cloud POS"},
	"Clientele template (English)":               {"nb": "Clientele-malen (engelsk)", "pl": "szablon Clientele (angielski)"},
	"Clientele template (Norwegian)":             {"nb": "Clientele-malen (norsk)", "pl": "szablon Clientele (norweski)"},
	"Clientele template (Polish)":                {"nb": "Clientele-malen (polsk)", "pl": "szablon Clientele (polski)"},
}

// missingAnd joins the last two of a list of missing columns: English says "has no A or B",
// Norwegian and Polish "lacks A and B".
var missingAnd = map[string]string{"en": "or", "nb": "og", "pl": "i"}

// fullNameHeader names sheet's one-column full name target, which is no field of the catalogue.
var fullNameHeader = map[string]string{"en": "Full name", "nb": "Fullt navn", "pl": "Imię i nazwisko"}

// FullNameKey is the key {field:…} placeholders use for a column holding a whole name.
const FullNameKey = "full_name"

// thousandsSep is the thousands separator of numbers in file messages: a no-break space in
// Norwegian and Polish, so that a number never breaks across lines.
var thousandsSep = map[string]string{"en": ",", "nb": "\u00a0", "pl": "\u00a0"}

// renderFile returns the file message id in lang with args, "" when the catalogue has no such id
// or language.
func renderFile(id, lang string, args map[string]string) string {
	tpl, ok := fileMessages[id][lang]
	if !ok {
		return ""
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(tpl, '{')
		if i < 0 {
			b.WriteString(tpl)
			return b.String()
		}
		j := strings.IndexByte(tpl[i+1:], '}')
		if j < 0 {
			b.WriteString(tpl)
			return b.String()
		}
		b.WriteString(tpl[:i])
		b.WriteString(fileArg(lang, tpl[i+1:i+1+j], args))
		tpl = tpl[i+1+j+1:]
	}
}

// fileArg returns the text placeholder ph stands for in lang (see fileMessages).
func fileArg(lang, ph string, args map[string]string) string {
	w := words[lang]
	kind, name, ok := strings.Cut(ph, ":")
	if !ok {
		return args[ph]
	}
	v := args[name]
	switch kind {
	case "n":
		return FormatNumber(lang, v)
	case "size":
		return sizeIn(lang, v)
	case "field":
		return fieldHeaderIn(lang, v)
	case "fields":
		keys := strings.Split(v, "\n")
		q := make([]string, len(keys))
		for i, k := range keys {
			q[i] = w.open + fieldHeaderIn(lang, k) + w.close
		}
		if len(q) < 2 {
			return q[0]
		}
		return strings.Join(q[:len(q)-1], ", ") + " " + missingAnd[lang] + " " + q[len(q)-1]
	case "quoted":
		items := strings.Split(v, "\n")
		for i, s := range items {
			items[i] = w.open + s + w.close
		}
		return strings.Join(items, ", ")
	case "source":
		if s, ok := fileSources[v][lang]; ok {
			return s
		}
		return v
	case "kind":
		if s, ok := fileKinds[v][lang]; ok {
			return s
		}
		return v
	}
	return v
}

// FormatNumber writes the decimal integer s with the thousands separator of lang; s as it is when
// it is not a whole number.
func FormatNumber(lang, s string) string {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return s
	}
	if n < 0 {
		return "-" + FormatNumber(lang, strconv.FormatInt(-n, 10))
	}
	sep, ok := thousandsSep[lang]
	if !ok {
		sep = ","
	}
	s = strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + sep + s[i:]
	}
	return s
}

// sizeIn writes a size in bytes as the messages always have (digits without separators): whole GiB when it is a multiple of
// one, else MiB or KiB rounded down, else bytes.
func sizeIn(lang, s string) string {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return s
	}
	num := func(x int64) string { return strconv.FormatInt(x, 10) } // as always: no separators
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return num(n>>30) + " GiB"
	case n >= 1<<20:
		return num(n>>20) + " MiB"
	case n >= 1<<10:
		return num(n>>10) + " KiB"
	}
	unit := map[string]string{"en": "bytes", "nb": "byte", "pl": "B"}[lang]
	return num(n) + " " + unit
}

// fieldHeaderIn names a field by key (or FullNameKey) by its header in lang; the key itself when
// it is no field.
func fieldHeaderIn(lang, key string) string {
	if key == FullNameKey {
		return fullNameHeader[lang]
	}
	if i := FieldByKey(key); i >= 0 {
		return HeaderIn(lang, i)
	}
	return key
}
