package customer

import (
	"strings"
	"time"
)

// Rules reads and checks the cells of one row for one tenant.
type Rules struct {
	Country  string    // the tenant's default country, ISO alpha-2 (e.g. "NO")
	Language string    // the tenant's locale: "en", "nb" or "pl" (dates, yes/no words)
	Today    time.Time // "not in the future" is judged against this day; zero means time.Now()
	// DateOrder is the order of day and month in the file's dates of birth: DayFirst (all three
	// locales) unless the file's column says otherwise (DateEvidence).
	DateOrder DateOrder
}

// Normalize checks every cell of raw by its field's rules (FIELDS.md) and returns the normalised
// values, every error of the row in column order, and the warnings (things done to a cell that
// the user should check, such as a restored leading zero).
//
// A blank cell stays blank: defaults are not applied here, because in an update a blank cell
// means "leave the stored value unchanged" (see ApplyDefaults). Each cell gets at most one error,
// the first of: unreadable text, required, too long (counted in characters on the trimmed cell
// as typed; see charCount), then the format of its kind; a cell with an error keeps its trimmed text in norm, so
// it can be shown, and such a row must not be stored.
//
// Phone numbers and postcodes are read for the row's Country when it is valid, else for the
// tenant's. Country itself is not held to its two-character length as typed, since names such as
// "Norway" are accepted and converted to their code.
func (r Rules) Normalize(raw *Values) (norm Values, errs, warns []Problem) {
	country, ok := CountryCode(raw[FCountry])
	if !ok {
		country, _ = CountryCode(r.Country)
	}
	for i, f := range Fields {
		v := trimCell(unneutralise(trimCell(raw[i])))
		norm[i] = v
		switch {
		case !storable(v):
			errs = append(errs, newProblem(i, CodeInvalidValue, msgUnreadable(f)))
			continue
		case v == "":
			if f.Required {
				errs = append(errs, newProblem(i, CodeRequired, msgRequired(f)))
			}
			continue
		case f.MaxLen > 0 && f.Kind != KindCountry:
			if n := charCount(v); n > f.MaxLen {
				errs = append(errs, newProblem(i, CodeTooLong, msgTooLong(f, n)))
				continue
			}
		}
		out, p, warn := r.cell(i, f, v, country)
		norm[i] = out
		if p != nil {
			errs = append(errs, *p)
		}
		if warn != nil {
			warns = append(warns, *warn)
		}
	}
	return norm, errs, warns
}

// cell checks the trimmed, non-blank value v of field i by its kind and returns its normalised
// form, or v and an error; warn is set when something was done to the value that the user should
// check. country is the country to read phone numbers and postcodes by ("" if none).
func (r Rules) cell(i int, f Field, v, country string) (out string, err, warn *Problem) {
	fail := func(code Code, m message) (string, *Problem, *Problem) {
		p := newProblem(i, code, m)
		return v, &p, nil
	}
	switch f.Kind {
	case KindText:
		return v, nil, nil

	case KindAccount:
		for _, c := range v {
			if !isWordRune(c) && c != '-' && c != '_' && c != '/' {
				return fail(CodeInvalidValue, msgAccount(f, v))
			}
		}
		return v, nil, nil

	case KindChoice:
		if c, ok := choose(f.Allowed, v); ok {
			return c, nil, nil
		}
		return fail(CodeInvalidValue, msgChoice(f, v))

	case KindEmail:
		e, ok := NormalizeEmail(v)
		switch typo, mistyped := checkEmailDomain(e); {
		case ok && mistyped:
			w := newProblem(i, WarnEmailTypo, msgEmailTypo(f, typo))
			w.Suggestion = typo.suggestion
			return e, nil, &w
		case ok:
			return e, nil, nil
		case mistyped && isEmail(typo.suggestion):
			// An address that only its domain's slip makes invalid ("kari@onet.p") stays an
			// error, with the correction offered.
			p := newProblem(i, CodeInvalidEmail, msgEmailInvalidTypo(f, v, typo))
			p.Suggestion = typo.suggestion
			return v, &p, nil
		}
		return fail(CodeInvalidEmail, msgEmail(f, v))

	case KindPhone:
		p := readPhone(v, country)
		switch {
		case len(p.readings) > 1:
			return fail(CodeInvalidPhone, msgPhoneAmbiguous(f, v, p.readings))
		case !p.ok:
			return fail(CodeInvalidPhone, msgPhone(f, v, country))
		case p.fix != phoneFixNone:
			w := newProblem(i, WarnLeadingZero, msgPhoneFixed(f, v, p.e164, p.fix))
			return p.e164, nil, &w
		}
		return p.e164, nil, nil

	case KindPostcode:
		// A leading apostrophe is the text marker that Shopify-style exports put before numbers
		// to keep their leading zeros ('0150), not part of the postcode, as for phone numbers.
		// All of them go, so that the result normalises to itself.
		v = strings.TrimLeftFunc(v, func(r rune) bool { return r == '\'' || isCellSpace(r) })
		pc, padded := NormalizePostcode(v, country)
		if padded {
			w := newProblem(i, WarnLeadingZero, msgPostcodePadded(f, v, pc))
			return pc, nil, &w
		}
		return pc, nil, nil

	case KindCountry:
		if c, ok := CountryCode(v); ok {
			return c, nil, nil
		}
		return fail(CodeInvalidValue, msgCountry(f, v))

	case KindDate:
		d, fault := readDateIn(v, r.Today, r.DateOrder)
		if fault != dateOK {
			return fail(CodeInvalidDate, msgDate(f, v, r.Language, fault, d))
		}
		return d, nil, nil

	case KindYesNo:
		if yn, ok := ParseYesNo(v); ok {
			return yn, nil, nil
		}
		return fail(CodeInvalidValue, msgYesNo(f, v))

	case KindTime:
		t, fault := readTime(v, r.today(), r.DateOrder)
		if fault != dateOK {
			return fail(CodeInvalidDate, msgDate(f, v, r.Language, fault, t))
		}
		return t, nil, nil

	case KindWholeNumber:
		n, fault := readWholeNumber(v, r.Language)
		switch fault {
		case numberTooLarge:
			return fail(CodeInvalidValue, msgNumberTooLarge(f, v))
		case numberInvalid:
			return fail(CodeInvalidValue, msgWholeNumber(f, v))
		}
		return n, nil, nil
	}
	return v, nil, nil
}

// choose returns the allowed value that v names, ignoring case and one trailing dot ("mr." is
// "Mr"), in the allowed spelling.
func choose(allowed []string, v string) (string, bool) {
	v = strings.TrimSuffix(v, ".")
	for _, a := range allowed {
		if strings.EqualFold(a, v) {
			return a, true
		}
	}
	return "", false
}

// ApplyDefaults fills the blank values of a new customer with the catalogue's defaults: Country
// becomes the tenant's country, Yes/No fields become "No" and whole numbers "0". The account
// number stays blank: the store assigns it on commit. Call it only when creating a customer; in
// an update a blank cell leaves the stored value unchanged.
func (r Rules) ApplyDefaults(v *Values) {
	for i, f := range Fields {
		if trimCell(v[i]) != "" {
			continue
		}
		switch f.Kind {
		case KindCountry:
			if c, ok := CountryCode(r.Country); ok {
				v[i] = c
			}
		case KindYesNo:
			v[i] = "No"
		case KindWholeNumber:
			v[i] = "0"
		}
	}
}

// emailKey is an email's key: addresses are compared ignoring case.
func emailKey(email string) string { return strings.ToLower(trimCell(email)) }

// KeysOf returns the identity and duplicate keys of normalised values: the account number as is,
// the email lower-cased (addresses are compared ignoring case), the mobile in E.164 as stored,
// and the NameKey of first name, last name and postcode.
func KeysOf(v *Values) Keys {
	return Keys{
		Account:      trimCell(v[FAccount]),
		Email:        emailKey(v[FEmail]),
		Mobile:       trimCell(v[FMobile]),
		NamePostcode: NameKey(v[FFirstName], v[FLastName], v[FPostcode]),
	}
}
