package customer

import "testing"

// TestBlank holds a cell's blankness and a row's to what trimming removes: white space of any
// kind and the invisible characters spreadsheets leave behind count as nothing.
func TestBlank(t *testing.T) {
	for _, tc := range []struct {
		cell  string
		blank bool
	}{
		{"", true},
		{" \t\r\n", true},
		{"\u00a0", true},       // no-break space
		{"\u202f\u2009", true}, // narrow no-break and thin spaces
		{"\u200b\ufeff\u2060", true},
		{"a", false},
		{" Ola ", false},
		{"\u00a0Å", false},
		{"0", false},
	} {
		if got := BlankCell(tc.cell); got != tc.blank {
			t.Errorf("BlankCell(%q) = %v, want %v", tc.cell, got, tc.blank)
		}
		for i := range NumFields {
			var v Values
			v[i] = tc.cell
			if got := v.Blank(); got != tc.blank {
				t.Errorf("a row with only %q in field %d: Blank() = %v, want %v", tc.cell, i, got, tc.blank)
			}
		}
	}
	if v := (Values{}); !v.Blank() {
		t.Error("a row of empty cells is not blank")
	}
}
