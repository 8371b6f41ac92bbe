package sqlstore

import (
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/clientele/clientele/customer"
)

// jsonCells are cell texts that take every path of encodeValues and decodeValues: plain text,
// every character json.Marshal escapes, invalid UTF-8 and the rest of Unicode.
var jsonCells = []string{
	"", "Ola", "Åse Øvrebø-Ærø", "ul. Łąkowa 5/7", "漢字 😀", " leading and trailing ",
	`say "hi"`, `back\slash`, "<b>&amp;</b>", "tab\there", "line\nbreak", "cr\rhere", "\b\f",
	"\x01\x1f", "\u2028\u2029", "\xff\xfe", "a\xc3", "\u00a0nbsp", "=HYPERLINK(\"x\")", "{}", "[]", ":,",
}

// TestEncodeValuesMatchesJSON checks that encodeValues writes exactly what json.Marshal writes
// for the map of the non-empty cells, so that the stored values are plain JSON that
// json.Unmarshal, decodeValues' other path, reads the same.
func TestEncodeValuesMatchesJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 2000 {
		var v customer.Values
		for i := range v {
			if n == 0 || r.IntN(3) > 0 {
				v[i] = jsonCells[r.IntN(len(jsonCells))]
			}
		}
		m := map[string]string{}
		for i, s := range v {
			if s != "" {
				m[customer.Fields[i].Key] = s
			}
		}
		want, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		got := encodeValues(&v)
		if got != string(want) {
			t.Fatalf("encodeValues(%q)\n got %s\nwant %s", v, got, want)
		}
		var back customer.Values
		if err := decodeValues(got, &back); err != nil {
			t.Fatal(err)
		}
		var read map[string]string // what json.Unmarshal reads back (invalid UTF-8 as U+FFFD)
		if err := json.Unmarshal(want, &read); err != nil {
			t.Fatal(err)
		}
		var viaJSON customer.Values
		for k, s := range read {
			viaJSON[fieldIndex[k]] = s
		}
		if back != viaJSON {
			t.Fatalf("decodeValues(%s)\n got %q\nwant %q", got, back, viaJSON)
		}
	}
}

// TestDecodeValues covers text encodeValues never writes: spaces, escapes of plain characters,
// unknown keys, duplicates, and text that is not an object of strings.
func TestDecodeValues(t *testing.T) {
	tests := []struct {
		in      string
		want    map[int]string
		wantErr bool
	}{
		{in: ``, want: nil},
		{in: `{}`, want: nil},
		{in: `{"first_name":"Ola","last_name":"Nordmann"}`, want: map[int]string{customer.FFirstName: "Ola", customer.FLastName: "Nordmann"}},
		{in: `{ "first_name" : "Ola" }`, want: map[int]string{customer.FFirstName: "Ola"}},
		{in: `{"first_name":"\u00c5se","city":"a\/b"}`, want: map[int]string{customer.FFirstName: "Åse", customer.FCity: "a/b"}},
		{in: `{"gone":"x","first_name":"Ola"}`, want: map[int]string{customer.FFirstName: "Ola"}},
		{in: `{"first_name":"A","first_name":"B"}`, want: map[int]string{customer.FFirstName: "B"}},
		{in: `{"first_name":"Ola",}`, wantErr: true},
		{in: `{"first_name":1}`, wantErr: true},
		{in: `{"first_name":"Ola"`, wantErr: true},
		{in: `[]`, wantErr: true},
		{in: "{\"first_name\":\"a\tb\"}", wantErr: true},
	}
	for _, tt := range tests {
		var got customer.Values
		err := decodeValues(tt.in, &got)
		if (err != nil) != tt.wantErr {
			t.Errorf("decodeValues(%s): error %v, want error %v", tt.in, err, tt.wantErr)
			continue
		}
		if tt.wantErr {
			continue
		}
		var want customer.Values
		for i, s := range tt.want {
			want[i] = s
		}
		if got != want {
			t.Errorf("decodeValues(%s) = %q, want %q", tt.in, got, want)
		}
	}
}
