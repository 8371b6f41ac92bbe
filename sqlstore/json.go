package sqlstore

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/clientele/clientele/customer"
)

// fieldIndex maps a catalogue key to its index in customer.Values.
var fieldIndex = func() map[string]int {
	m := make(map[string]int, len(customer.Fields))
	for i, f := range customer.Fields {
		m[f.Key] = i
	}
	return m
}()

// encodeValues returns v as a JSON object by field key, leaving out empty cells. Keys rather
// than positions keep stored rows and revisions readable after the catalogue gains or reorders a
// field.
//
// It writes what json.Marshal writes for the map of the non-empty cells (keys sorted, the same
// escapes), without building the map, as every staged row and revision is encoded (the measured
// reason is in the package doc).
func encodeValues(v *customer.Values) string {
	size := 2
	for i, s := range v {
		if s != "" {
			size += len(customer.Fields[i].Key) + len(s) + 6 // "key":"value", without escapes
		}
	}
	b := make([]byte, 0, size)
	b = append(b, '{')
	for _, i := range keyOrder {
		if v[i] == "" {
			continue
		}
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, customer.Fields[i].Key...)
		b = append(b, '"', ':')
		b = appendJSONString(b, v[i])
	}
	b = append(b, '}')
	return string(b)
}

// keyOrder lists the field indexes in the order of their keys, the order json.Marshal writes a
// map's keys in. The keys are lower-case ASCII words and need no escaping.
var keyOrder = func() []int {
	order := make([]int, len(customer.Fields))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(customer.Fields[a].Key, customer.Fields[b].Key) })
	return order
}()

// appendJSONString appends s as a JSON string the way json.Marshal writes it. Text that needs no
// escape (printable, valid UTF-8, none of " \ < > & U+2028 U+2029) is copied as is; anything else
// goes through json.Marshal, so the two can never disagree.
func appendJSONString(b []byte, s string) []byte {
	if plainJSON(s) {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	q, _ := json.Marshal(s) // a string always marshals
	return append(b, q...)
}

// plainJSON reports whether json.Marshal writes s between quotes unchanged.
func plainJSON(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			return false
		}
		i += size
	}
	return true
}

// decodeValues reads what encodeValues wrote. Keys the catalogue does not have are ignored.
//
// Objects as encodeValues writes them (string values without escapes) are read directly; any
// other text, escapes included, goes through json.Unmarshal, so both read the same.
func decodeValues(s string, v *customer.Values) error {
	*v = customer.Values{}
	if s == "" {
		return nil
	}
	if readPlainValues(s, v) {
		return nil
	}
	*v = customer.Values{}
	var m map[string]string
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return fmt.Errorf("sqlstore: read values: %w", err)
	}
	for k, val := range m {
		if i, ok := fieldIndex[k]; ok {
			v[i] = val
		}
	}
	return nil
}

// readPlainValues reads s when it is an object of string values written without escapes or
// spaces, and reports whether it was; it leaves v partly filled when it was not.
func readPlainValues(s string, v *customer.Values) bool {
	if len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' {
		return false
	}
	s = s[1 : len(s)-1]
	for s != "" {
		k, rest, ok := plainString(s)
		if !ok || rest == "" || rest[0] != ':' {
			return false
		}
		val, rest, ok := plainString(rest[1:])
		if !ok {
			return false
		}
		if i, ok := fieldIndex[k]; ok {
			v[i] = strings.Clone(val) // a cell of its own: a substring would keep all of s alive
		}
		if rest == "" {
			break
		}
		if rest[0] != ',' || len(rest) == 1 {
			return false
		}
		s = rest[1:]
	}
	return true
}

// plainString reads a JSON string without escapes or control characters, in valid UTF-8, at the
// start of s, and returns its text and what follows.
func plainString(s string) (string, string, bool) {
	if s == "" || s[0] != '"' {
		return "", "", false
	}
	end := strings.IndexByte(s[1:], '"')
	if end < 0 {
		return "", "", false
	}
	text := s[1 : 1+end]
	if strings.IndexByte(text, '\\') >= 0 || !utf8.ValidString(text) {
		return "", "", false
	}
	for i := 0; i < len(text); i++ {
		if text[i] < 0x20 {
			return "", "", false
		}
	}
	return text, s[2+end:], true
}

// encodeList returns xs as a JSON array, "[]" when empty.
func encodeList[T any](xs []T) (string, error) {
	if len(xs) == 0 {
		return "[]", nil
	}
	b, err := json.Marshal(xs)
	if err != nil {
		return "", fmt.Errorf("sqlstore: encode: %w", err)
	}
	return string(b), nil
}

// decodeList reads what encodeList wrote; an empty list reads as nil.
func decodeList[T any](s string) ([]T, error) {
	if s == "" || s == "[]" {
		return nil, nil
	}
	var xs []T
	if err := json.Unmarshal([]byte(s), &xs); err != nil {
		return nil, fmt.Errorf("sqlstore: read list: %w", err)
	}
	if len(xs) == 0 {
		return nil, nil
	}
	return xs, nil
}
