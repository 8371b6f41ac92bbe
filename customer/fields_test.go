package customer

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestCatalogueMatchesFieldsDoc holds the code's catalogue to docs/FIELDS.md, the product's
// contract with its users: the same headers, keys, order, required fields and max lengths.
func TestCatalogueMatchesFieldsDoc(t *testing.T) {
	doc, err := os.ReadFile("../docs/FIELDS.md")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, line := range strings.Split(string(doc), "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 8 {
			continue
		}
		num, err := strconv.Atoi(strings.TrimSpace(cells[1]))
		if err != nil {
			continue // the header and separator rows
		}
		i := num - 1
		if i >= len(Fields) {
			t.Fatalf("FIELDS.md has field %d; the catalogue has %d", num, len(Fields))
		}
		f := Fields[i]
		header, key := strings.TrimSpace(cells[2]), strings.TrimSpace(cells[3])
		required := strings.Contains(cells[4], "yes")
		maxLen := 0
		if m := strings.TrimSpace(cells[5]); m != "—" {
			maxLen, _ = strconv.Atoi(m)
		}
		if f.Header != header || f.Key != key || f.Required != required || f.MaxLen != maxLen {
			t.Errorf("field %d: code has %q %q required=%v max=%d; FIELDS.md has %q %q required=%v max=%d",
				num, f.Header, f.Key, f.Required, f.MaxLen, header, key, required, maxLen)
		}
		n++
	}
	if n != len(Fields) {
		t.Errorf("FIELDS.md lists %d fields; the catalogue has %d", n, len(Fields))
	}
}
