package sqlstore

import (
	"encoding/json"
	"fmt"

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
func encodeValues(v *customer.Values) string {
	m := make(map[string]string, len(v))
	for i, s := range v {
		if s != "" {
			m[customer.Fields[i].Key] = s
		}
	}
	b, _ := json.Marshal(m) // a map of strings always marshals
	return string(b)
}

// decodeValues reads what encodeValues wrote. Keys the catalogue no longer has are ignored.
func decodeValues(s string, v *customer.Values) error {
	*v = customer.Values{}
	if s == "" {
		return nil
	}
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
