package customer

import (
	"strconv"
	"strings"
)

// DuplicateMatch says whom a possible_duplicate warning's row may be the same person as: a stored
// customer (CustomerID and AccountNumber, Row 0) or another row of the file (Row, CustomerID 0
// and AccountNumber ""), how alike they are (Score, 0 to 1), and in what (Reasons: "name",
// "address", "postcode", "email", "phone").
type DuplicateMatch struct {
	CustomerID    int64    `json:"customer_id"`
	AccountNumber string   `json:"account_number"`
	Row           int      `json:"row"`
	Score         float64  `json:"score"`
	Reasons       []string `json:"reasons"`
}

// DuplicateWarning returns the possible_duplicate warning of a row that may be the same person as
// other (a stored customer's values, or another row's) as m says. The message names the other by
// account number or row, name and address: "May be the same person as A-1002 Kari Nordmann
// (Storgata 5, 0150 Oslo): similar name, same address."
func DuplicateWarning(m DuplicateMatch, other *Values) Problem {
	id := "possible_duplicate"
	args := map[string]string{
		"name":    strings.TrimSpace(other[FFirstName] + " " + other[FLastName]),
		"where":   placeOf(other),
		"reasons": strings.Join(m.Reasons, ","),
	}
	if m.Row != 0 {
		id = "possible_duplicate_row"
		args["row"] = strconv.Itoa(m.Row)
	} else {
		args["ref"] = m.AccountNumber
	}
	p := Problem{Code: WarnPossibleDuplicate, Msg: id, Args: args, Match: &m}
	p.Message = p.render("en")
	return p
}

// placeOf is a customer's address as a message shows it: "Storgata 5, 0150 Oslo".
func placeOf(v *Values) string {
	town := strings.TrimSpace(strings.TrimSpace(v[FPostcode]) + " " + strings.TrimSpace(v[FCity]))
	var parts []string
	for _, s := range []string{strings.TrimSpace(v[FAddress1]), town} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

// reasonWords are the words of a possible_duplicate message for each of DuplicateMatch's reasons.
var reasonWords = map[string]map[string]string{
	"en": {"name": "similar name", "address": "same address", "postcode": "same postcode", "email": "similar email", "phone": "same phone number"},
	"nb": {"name": "likt navn", "address": "samme adresse", "postcode": "samme postnummer", "email": "lik e-postadresse", "phone": "samme telefonnummer"},
	"pl": {"name": "podobne imię i nazwisko", "address": "ten sam adres", "postcode": "ten sam kod pocztowy", "email": "podobny adres e-mail", "phone": "ten sam numer telefonu"},
}

// reasonsIn shows a comma-separated list of reasons in lang: "similar name, same address".
func reasonsIn(lang, reasons string) string {
	var out []string
	for r := range strings.SplitSeq(reasons, ",") {
		if w, ok := reasonWords[lang][r]; ok {
			out = append(out, w)
		} else if r != "" {
			out = append(out, r)
		}
	}
	return strings.Join(out, ", ")
}
