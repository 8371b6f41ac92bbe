package customer

import (
	"strconv"
	"strings"
)

// The row problems that Normalize finds, as message ids of the catalogue (i18n.go) with their
// arguments. Each names the column and, where it helps, the value as the user typed it; the
// sentences themselves, in every language, are in i18n.go.

// maxQuoted is how many characters of a value a message repeats; a longer value is cut with "…"
// so that one overlong cell cannot flood the report.
const maxQuoted = 60

// message is a message id and its arguments, before it becomes a Problem on a field.
type message struct {
	id   string
	args map[string]string
}

// newProblem returns a Problem on field i saying m; Message is its English rendering.
func newProblem(i int, code Code, m message) Problem {
	p := Problem{Field: Fields[i].Key, Column: Fields[i].Header, Code: code, Msg: m.id, Args: m.args}
	p.Message = p.render("en")
	return p
}

// NewProblemMsg returns a Problem on field i saying the catalogue's message id msg (i18n.go) with
// args, so that it can be shown in every language; Message is its English rendering. It is for
// the problems other packages find (sheet's warnings on other platforms' files); an id the
// catalogue does not have gives a problem whose message is empty, which TestMessageCatalogue's
// callers should catch.
func NewProblemMsg(i int, code Code, msg string, args map[string]string) Problem {
	return newProblem(i, code, message{msg, args})
}

func msgRequired(Field) message { return message{id: "required"} }

func msgRequiredNew(Field) message { return message{id: "required_new"} }

func msgTooLong(f Field, n int) message {
	return message{"too_long", map[string]string{"n": strconv.Itoa(n), "max": strconv.Itoa(f.MaxLen)}}
}

func msgUnreadable(Field) message { return message{id: "unreadable"} }

func msgAccount(_ Field, v string) message { return valueMsg("account", v) }

func msgChoice(f Field, v string) message {
	return message{"choice", map[string]string{"value": v, "allowed": strings.Join(f.Allowed, ", ")}}
}

func msgEmail(_ Field, v string) message { return valueMsg("email", v) }

func msgEmailTypo(_ Field, t emailTypo) message {
	return message{"email_typo", map[string]string{"suggestion": t.suggestion, "domain": t.domain, "target": t.target}}
}

func msgEmailInvalidTypo(_ Field, v string, t emailTypo) message {
	return message{"email_invalid_typo", map[string]string{"value": v, "suggestion": t.suggestion, "domain": t.domain, "target": t.target}}
}

func msgPhone(_ Field, v, country string) message {
	if country == "" {
		return valueMsg("phone", v)
	}
	return message{"phone_in_country", map[string]string{"value": v, "country": country}}
}

func msgPhoneAmbiguous(_ Field, v string, readings []string) message {
	return message{"phone_ambiguous", map[string]string{"value": v, "readings": strings.Join(readings, "\n")}}
}

func msgPhoneFixed(_ Field, v, e164 string, fix phoneFix) message {
	id := "phone_fixed_zero"
	if fix == phoneFixPlus {
		id = "phone_fixed_plus"
	}
	return message{id, map[string]string{"value": v, "e164": e164}}
}

func msgPostcodePadded(_ Field, v, out string) message {
	return message{"postcode_padded", map[string]string{"value": v, "postcode": out}}
}

func msgCountry(_ Field, v string) message { return valueMsg("country", v) }

// msgDate says why v is not a date of birth; language is the tenant's, whose local form the
// message suggests (the form the file is read in, whatever language the reader of the message
// speaks).
func msgDate(_ Field, v, language string, fault dateFault, us string) message {
	switch fault {
	case dateMonthFirst:
		// us is ISO; suggest it as the locale writes dates.
		local := us[8:10] + "." + us[5:7] + "." + us[0:4]
		if language == "en" {
			local = us[8:10] + "/" + us[5:7] + "/" + us[0:4]
		}
		return message{"date_month_first", map[string]string{"value": v, "local": local}}
	case dateNotReal:
		return valueMsg("date_not_real", v)
	case dateTooEarly:
		return valueMsg("date_too_early", v)
	case dateFuture:
		return valueMsg("date_future", v)
	}
	local := "28.02.1990"
	if language == "en" {
		local = "28/02/1990"
	}
	return message{"date_unreadable", map[string]string{"value": v, "local": local}}
}

func msgYesNo(_ Field, v string) message { return valueMsg("yes_no", v) }

func msgWholeNumber(_ Field, v string) message { return valueMsg("whole_number", v) }

func msgNumberTooLarge(_ Field, v string) message {
	return message{"number_too_large", map[string]string{"value": v, "max": strconv.Itoa(maxWholeNumber)}}
}

func valueMsg(id, v string) message { return message{id, map[string]string{"value": v}} }
