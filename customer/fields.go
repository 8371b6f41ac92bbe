package customer

// Kind says how a field's cell text is read, checked and normalised.
type Kind int

// The kinds of field in the catalogue.
const (
	KindText        Kind = iota // free text, trimmed
	KindAccount                 // letters, digits, '-', '_', '/'
	KindChoice                  // one of Field.Allowed (matched case-insensitively, stored as listed)
	KindEmail                   // an email address
	KindPhone                   // a phone number, stored in E.164
	KindPostcode                // text; leading zeros kept
	KindCountry                 // ISO 3166-1 alpha-2; names are converted
	KindDate                    // a real date, stored as YYYY-MM-DD
	KindYesNo                   // Yes or No
	KindWholeNumber             // an integer ≥ 0
	KindTime                    // a date, or a date and time, stored in RFC 3339 in UTC (2026-03-01T14:05:00Z)
)

// Field is one column of the template: one row of FIELDS.md.
type Field struct {
	Key      string   // stable machine name: JSON, API, database column
	Header   string   // the template's header text, exactly as in FIELDS.md
	Required bool     // a blank cell is a "required" error
	MaxLen   int      // maximum length in characters (runes); 0 means no limit
	Kind     Kind     // how the cell is read and checked
	Allowed  []string // the allowed values for KindChoice and KindYesNo
	Format   string   // the format and allowed values, as a person reads them
	Default  string   // what a blank cell means, as a person reads it
	Meaning  string   // what the field is, for the field guide
	Example  string   // an example value, for the field guide
	// Extra marks a field that is not one of the template's columns (FIELDS.md): exports and
	// error files write it after them, and an import reads it when a file has the column. The
	// extra fields come last in Fields.
	Extra bool
}

// TemplateFields is how many of Fields are the template's columns (FIELDS.md), the first ones:
// the template, its example and field guide have these; exports have every field.
var TemplateFields = func() int {
	for i, f := range Fields {
		if f.Extra {
			return i
		}
	}
	return len(Fields)
}()

// Titles are the allowed values of the Title field.
var Titles = []string{"Mr", "Mrs", "Ms", "Miss", "Mx", "Dr"}

// YesNo are the canonical values of a Yes/No field.
var YesNo = []string{"Yes", "No"}

// Fields is the field catalogue (FIELDS.md), in template column order. Everything that lists,
// reads, checks or writes customer fields iterates over this table.
var Fields = []Field{
	{Key: "account_number", Header: "Account Number", MaxLen: 20, Kind: KindAccount,
		Format: "letters, digits, -, _ and /; unique in the shop group", Default: "assigned on commit (e.g. C000123)",
		Meaning: "The customer's number in the till and on receipts.", Example: "A-1001"},
	{Key: "title", Header: "Title", MaxLen: 10, Kind: KindChoice, Allowed: Titles,
		Format: "one of: Mr, Mrs, Ms, Miss, Mx, Dr", Default: "empty",
		Meaning: "How to address the customer.", Example: "Ms"},
	{Key: "first_name", Header: "First Name", Required: true, MaxLen: 50, Kind: KindText,
		Format: "text", Default: "—", Meaning: "The customer's given name.", Example: "Ingrid"},
	{Key: "last_name", Header: "Last Name", Required: true, MaxLen: 50, Kind: KindText,
		Format: "text", Default: "—", Meaning: "The customer's family name.", Example: "Haugen"},
	{Key: "company", Header: "Company", MaxLen: 100, Kind: KindText,
		Format: "text", Default: "empty", Meaning: "The company the customer buys for, if any.", Example: "Haugen Sykkel AS"},
	{Key: "email", Header: "Email", MaxLen: 254, Kind: KindEmail,
		Format: "an email address; unique in the shop group, compared ignoring case and surrounding spaces", Default: "empty",
		Meaning: "The customer's email address; it identifies the customer when updating.", Example: "ingrid.haugen@example.no"},
	{Key: "mobile", Header: "Mobile", MaxLen: 20, Kind: KindPhone,
		Format: "a phone number; unique in the shop group (compared in international form, using the row's Country)", Default: "empty",
		Meaning: "The customer's mobile number, for receipts and SMS.", Example: "+47 912 34 567"},
	{Key: "phone", Header: "Phone", MaxLen: 20, Kind: KindPhone,
		Format: "a phone number (need not be unique)", Default: "empty",
		Meaning: "Another phone number (home or work).", Example: "22 12 34 56"},
	{Key: "address_line1", Header: "Address Line 1", MaxLen: 100, Kind: KindText,
		Format: "text", Default: "empty", Meaning: "Street and number.", Example: "Storgata 12"},
	{Key: "address_line2", Header: "Address Line 2", MaxLen: 100, Kind: KindText,
		Format: "text", Default: "empty", Meaning: "Flat, floor or c/o.", Example: "H0201"},
	{Key: "city", Header: "Town/City", MaxLen: 50, Kind: KindText,
		Format: "text", Default: "empty", Meaning: "Town or city.", Example: "Oslo"},
	{Key: "region", Header: "County/Region", MaxLen: 50, Kind: KindText,
		Format: "text", Default: "empty", Meaning: "County, region or voivodeship.", Example: "Oslo"},
	{Key: "postcode", Header: "Postcode", MaxLen: 10, Kind: KindPostcode,
		Format: "text (leading zeros are kept: 0150 stays 0150)", Default: "empty",
		Meaning: "Postal code.", Example: "0150"},
	{Key: "country", Header: "Country", MaxLen: 2, Kind: KindCountry,
		Format: "ISO 3166-1 alpha-2 code (NO, PL, GB, …); names such as Norway, Norge or Polska are converted", Default: "the shop group's default country",
		Meaning: "Country of the address; also used to read phone numbers.", Example: "NO"},
	{Key: "birth_date", Header: "Date of Birth", Kind: KindDate,
		Format: "a real date, not in the future: 1990-02-28, a spreadsheet date cell, or the local form 28.02.1990", Default: "empty",
		Meaning: "The customer's birthday.", Example: "1985-06-14"},
	{Key: "email_opt_in", Header: "Email Marketing", Kind: KindYesNo, Allowed: YesNo,
		Format: "Yes or No (also true/false, 1/0, Ja/Nei, Tak/Nie)", Default: "No",
		Meaning: "The customer agreed to receive marketing email.", Example: "Yes"},
	{Key: "sms_opt_in", Header: "SMS Marketing", Kind: KindYesNo, Allowed: YesNo,
		Format: "Yes or No (also true/false, 1/0, Ja/Nei, Tak/Nie)", Default: "No",
		Meaning: "The customer agreed to receive marketing SMS.", Example: "No"},
	{Key: "loyalty_points", Header: "Loyalty Points", Kind: KindWholeNumber,
		Format: "a whole number, 0 or more", Default: "0",
		Meaning: "The customer's loyalty point balance.", Example: "250"},
	{Key: "note", Header: "Note", MaxLen: 500, Kind: KindText,
		Format: "text", Default: "empty", Meaning: "Anything staff should know.", Example: "Prefers SMS receipts"},
	{Key: "email_consent_at", Header: "Email Marketing Date", Kind: KindTime, Extra: true,
		Format:  "a date, or a date and time (2026-03-01, 2026-03-01T14:05:00Z); not in the future",
		Default: "the time of the import, when it changes Email Marketing",
		Meaning: "When Email Marketing was last given or withdrawn: the record of consent a shop must be able to show.", Example: "2026-03-01T14:05:00Z"},
	{Key: "sms_consent_at", Header: "SMS Marketing Date", Kind: KindTime, Extra: true,
		Format:  "a date, or a date and time (2026-03-01, 2026-03-01T14:05:00Z); not in the future",
		Default: "the time of the import, when it changes SMS Marketing",
		Meaning: "When SMS Marketing was last given or withdrawn.", Example: "2026-03-01T14:05:00Z"},
}

// Indexes of the catalogue's fields, for code that needs one field by name. They are checked
// against Fields by a test, so reordering the table cannot silently break them.
const (
	FAccount = iota
	FTitle
	FFirstName
	FLastName
	FCompany
	FEmail
	FMobile
	FPhone
	FAddress1
	FAddress2
	FCity
	FRegion
	FPostcode
	FCountry
	FBirthDate
	FEmailOptIn
	FSMSOptIn
	FLoyaltyPoints
	FNote
	FEmailConsentAt
	FSMSConsentAt
	NumFields
)

// FieldByKey returns the index of the field with the given key, or -1.
func FieldByKey(key string) int {
	for i, f := range Fields {
		if f.Key == key {
			return i
		}
	}
	return -1
}

// Values holds one value per catalogue field, indexed like Fields. In a staged row it holds the
// cell text as the user gave it; in a Customer it holds the normalised, stored form.
type Values [NumFields]string
