package sheet

import (
	"maps"
	"slices"
	"strings"

	"github.com/clientele/clientele/customer"
)

// ParseDefault reads one default as the CLI's --default and the upload's "default" form field
// give it: "NAME=VALUE", as in "Country=NO" or "SMS Marketing=No". The name is checked by
// CheckDefaults; the value is everything after the first '='. Text without '=' or without a
// name is an EInvalid error saying how a default is written.
func ParseDefault(s string) (name, value string, err error) {
	name, value, ok := strings.Cut(s, "=")
	if !ok || strings.TrimSpace(name) == "" {
		e := customer.FileErrorMsg("default_malformed", args("text", s), nil)
		e.Code = customer.EInvalid
		return "", "", e
	}
	return strings.TrimSpace(name), value, nil
}

// CheckDefaults reads defaults by field name — a catalogue key or our template's header in any
// language, or a synonym, matched as Options.Map's targets are (ignoring case, spaces and
// punctuation) — and returns them by field key, each value trimmed and checked
// (customer.CheckDefault). A blank value gives no default. Its errors are EInvalid and name the
// first name (in sorted order) that is no field, or else the first field whose value it cannot
// hold. Two names of one field: the later name in sorted order wins.
func CheckDefaults(d map[string]string) (customer.Defaults, error) {
	names := slices.Sorted(maps.Keys(d))
	out := customer.Defaults{}
	for _, name := range names {
		if _, err := DefaultKey(name); err != nil {
			return nil, err
		}
	}
	for _, name := range names {
		key, _ := DefaultKey(name)
		t := customer.FieldByKey(key)
		if customer.BlankCell(d[name]) {
			delete(out, key)
			continue
		}
		v, err := customer.CheckDefault(t, d[name])
		if err != nil {
			return nil, err
		}
		out[key] = v
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// DefaultKey returns the key of the field a default's name names, as CheckDefaults reads it, or
// the EInvalid error that names it as no field.
func DefaultKey(name string) (string, error) {
	t, via := targetOf(name)
	if via == "" || t < 0 || t >= customer.NumFields {
		e := customer.FileErrorMsg("default_not_field", args("name", strings.TrimSpace(name)), nil)
		e.Code = customer.EInvalid
		return "", e
	}
	return customer.Fields[t].Key, nil
}
