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
)

// Problem is one error or warning on one cell of a row. Row problems are data shown to the user,
// not Go errors.
type Problem struct {
	Field   string `json:"field"`   // the catalogue key, e.g. "email"; "" for the whole row
	Column  string `json:"column"`  // the header, e.g. "Email"
	Code    Code   `json:"code"`    // a stable code
	Message string `json:"message"` // a sentence a shop owner understands
}

// NewProblem returns a Problem on field i (an index into Fields).
func NewProblem(i int, code Code, message string) Problem {
	return Problem{Field: Fields[i].Key, Column: Fields[i].Header, Code: code, Message: message}
}
