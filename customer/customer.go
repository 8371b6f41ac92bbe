package customer

import "time"

// Customer is a stored customer. Values hold the normalised form of every catalogue field:
// trimmed text, E.164 phones, ISO country codes, YYYY-MM-DD dates, "Yes"/"No", and decimal points.
type Customer struct {
	ID        int64
	TenantID  int64
	Values    Values
	UpdatedAt time.Time
}

// Tenant is a shop group: every customer and import belongs to one, and sees only its own.
type Tenant struct {
	ID       int64
	Slug     string
	Name     string
	Country  string // default country (ISO alpha-2) for rows without one and for phone numbers
	Language string // "en", "nb" or "pl": the locale for dates and words
}

// Keys are a customer's identity and duplicate keys in comparable form. An empty key takes part
// in no comparison.
type Keys struct {
	Account      string // account number as given (trimmed)
	Email        string // lower-cased, trimmed email
	Mobile       string // mobile in E.164
	NamePostcode string // first + last name + postcode, folded (see NameKey); "" without a postcode
}
