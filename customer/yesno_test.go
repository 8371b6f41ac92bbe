package customer

import "testing"

func TestParseYesNo(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"Yes", "Yes", true},
		{"No", "No", true},
		{"yes", "Yes", true},
		{" NO ", "No", true},
		{"y", "Yes", true},
		{"N", "No", true},
		{"TRUE", "Yes", true},
		{"false", "No", true},
		{"1", "Yes", true},
		{"0", "No", true},
		{"Ja", "Yes", true},
		{"Nei", "No", true},
		{"sant", "Yes", true},
		{"usant", "No", true},
		{"Tak", "Yes", true},
		{"Nie", "No", true},
		{"PRAWDA", "Yes", true},
		{"FAŁSZ", "No", true},
		{"nej", "No", true},
		{"x", "Yes", true},
		{"", "", false},
		{"maybe", "", false},
		{"2", "", false},
		{"yes please", "", false},
		{"ikke", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := ParseYesNo(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("ParseYesNo(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}
