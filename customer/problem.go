package customer

// Code is a row problem's stable code (FIELDS.md). The JSON report and the API use these
// strings; never rename one.
type Code string

// Row error codes, as listed in FIELDS.md.
const (
	CodeRequired           Code = "required"
	CodeTooLong            Code = "too_long"
	CodeInvalidEmail       Code = "invalid_email"
	CodeInvalidPhone       Code = "invalid_phone"
	CodeInvalidDate        Code = "invalid_date"
	CodeInvalidValue       Code = "invalid_value"
	CodeAccountInUse       Code = "account_in_use"
	CodeEmailExists        Code = "email_exists"
	CodeMobileExists       Code = "mobile_exists"
	CodeNamePostcodeExists Code = "name_postcode_exists"
	CodeDuplicateInFile    Code = "duplicate_in_file"
	CodeIdentityConflict   Code = "identity_conflict"
)

// Row warning codes: the row is accepted, but the user should look at what was done to it.
const (
	WarnLeadingZero Code = "leading_zero_restored"
	WarnEmailTypo   Code = "email_typo" // the email's domain looks like a slip of a common one; Suggestion corrects it
	// WarnPossibleDuplicate: the row may be the same person as a stored customer or another row
	// (package match), whom Match names.
	WarnPossibleDuplicate Code = "possible_duplicate"
	// Warnings from reading another platform's file (package sheet).
	WarnNameSplit      Code = "name_split"            // one name column was split into first and last name by a guess
	WarnBirthdayNoYear Code = "birthday_without_year" // a birthday without a year was left blank
	WarnPointsNotWhole Code = "points_not_whole"      // a balance with a fraction was kept in Note, not as points
	WarnNoteFull       Code = "note_extra_dropped"    // what other columns add to Note did not fit
)

// Problem is one error or warning on one cell of a row. Row problems are data shown to the user,
// not Go errors.
//
// Message is always English, so that the CLI's --json report and logs read the same whatever the
// user's language. Msg and Args are what it was made from (a message id of the catalogue in
// i18n.go and its arguments); they are stored with the staged row, so that In can say the same
// thing again in another language when a user of another language looks at the row.
type Problem struct {
	Field   string            `json:"field"`          // the catalogue key, e.g. "email"; "" for the whole row
	Column  string            `json:"column"`         // the header, e.g. "Email"
	Code    Code              `json:"code"`           // a stable code
	Message string            `json:"message"`        // a sentence a shop owner understands, in English
	Msg     string            `json:"msg,omitempty"`  // the message id; "" for a problem made with NewProblem
	Args    map[string]string `json:"args,omitempty"` // the message's arguments by placeholder name
	// Suggestion is, for a problem that proposes a fix, the whole new text of the cell Field
	// (an email with its mistyped domain corrected: an email_typo warning, or the invalid_email
	// error of an address only the slip makes invalid); "" when there is none.
	Suggestion string `json:"suggestion,omitempty"`
	// Match is, for a possible_duplicate warning, whom the row may be the same person as.
	Match *DuplicateMatch `json:"match,omitempty"`
}

// NewProblem returns a Problem on field i (an index into Fields) with a fixed English message,
// which In returns in every language.
func NewProblem(i int, code Code, message string) Problem {
	return Problem{Field: Fields[i].Key, Column: Fields[i].Header, Code: code, Message: message}
}

// In returns the problem's message in lang ("en", "nb" or "pl"), with the column named by its
// header in that language. A problem without a message id (made by NewProblem), an id the
// catalogue does not have, or an unknown language gives Message.
func (p Problem) In(lang string) string {
	if p.Msg == "" || !KnownLanguage(lang) {
		return p.Message
	}
	if s := p.render(lang); s != "" {
		return s
	}
	return p.Message
}
