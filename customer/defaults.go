package customer

import (
	"maps"
	"slices"
	"strconv"
)

// Defaults are an import's values for blank cells, by field key: each fills its field in every
// row whose cell is blank, a file without the field's column included. They are kept with the
// import, so that a new file uploaded into it is read with them too.
type Defaults map[string]string

// Fill sets each field of v that is blank to its default.
func (d Defaults) Fill(v *Values) {
	for k, s := range d {
		if i := FieldByKey(k); i >= 0 && BlankCell(v[i]) {
			v[i] = s
		}
	}
}

// Has reports whether d gives field i a value.
func (d Defaults) Has(i int) bool {
	if i < 0 || i >= NumFields {
		return false
	}
	_, ok := d[Fields[i].Key]
	return ok
}

// Keys returns d's field keys in catalogue order.
func (d Defaults) Keys() []string {
	keys := slices.Collect(maps.Keys(d))
	slices.SortFunc(keys, func(a, b string) int { return FieldByKey(a) - FieldByKey(b) })
	return keys
}

// CheckDefault checks that value, trimmed and not blank, is one field i can hold as every row's
// default: not longer than the field allows, and for a country, a yes/no answer or a title, one
// the field reads. It returns the value trimmed, or an EInvalid *Error that names the field and
// says why, in every language (In).
func CheckDefault(i int, value string) (string, error) {
	f := Fields[i]
	v := trimCell(value)
	bad := func(msg string, args map[string]string) (string, error) {
		e := FileErrorMsg(msg, args, nil)
		e.Code = EInvalid
		return "", e
	}
	ok := true
	switch f.Kind {
	case KindCountry:
		_, ok = CountryCode(v)
	case KindYesNo:
		_, ok = ParseYesNo(v)
	case KindChoice:
		_, ok = choose(f.Allowed, v)
	}
	if !ok {
		return bad("default_invalid", map[string]string{"field": f.Key, "value": v})
	}
	if n := charCount(v); f.MaxLen > 0 && f.Kind != KindCountry && n > f.MaxLen {
		return bad("default_too_long", map[string]string{"field": f.Key, "len": strconv.Itoa(n), "max": strconv.Itoa(f.MaxLen)})
	}
	return v, nil
}
