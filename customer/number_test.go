package customer

import "testing"

func TestParseWholeNumber(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		lang  string
		want  string
		fault numberFault
	}{
		{"plain", "250", "nb", "250", numberOK},
		{"zero", "0", "nb", "0", numberOK},
		{"zeros", "000", "pl", "0", numberOK},
		{"leading zero", "0250", "nb", "250", numberOK},
		{"decimal point zero", "250.0", "nb", "250", numberOK},
		{"decimal comma zeros", "250,00", "pl", "250", numberOK},
		{"english decimal", "250.0", "en", "250", numberOK},
		{"space thousands", "1 000", "nb", "1000", numberOK},
		{"nbsp thousands", "1\u00a0000", "nb", "1000", numberOK},
		{"thin space thousands", "1\u202f000", "pl", "1000", numberOK},
		{"english comma thousands", "1,000", "en", "1000", numberOK},
		{"english millions", "1,234,567", "en", "1234567", numberOK},
		{"english thousands with decimal", "1,000.00", "en", "1000", numberOK},
		{"largest", "2147483647", "en", "2147483647", numberOK},

		{"norwegian ambiguous dot", "1.000", "nb", "", numberInvalid},
		{"polish ambiguous comma", "1,000", "pl", "", numberInvalid},
		{"english lone comma", "250,0", "en", "", numberInvalid},
		{"english bad grouping", "1,00", "en", "", numberInvalid},
		{"negative", "-5", "nb", "", numberInvalid},
		{"unicode minus", "−5", "nb", "", numberInvalid},
		{"fraction", "12.5", "nb", "", numberInvalid},
		{"text", "mange", "nb", "", numberInvalid},
		{"plus sign", "+5", "nb", "", numberInvalid},
		{"blank", "", "nb", "", numberInvalid},
		{"exponent", "1E3", "en", "", numberInvalid},
		{"one too many", "2147483648", "en", "", numberTooLarge},
		{"huge", "99999999999999999999999", "nb", "", numberTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, fault := readWholeNumber(tt.in, tt.lang)
			if got != tt.want || fault != tt.fault {
				t.Errorf("readWholeNumber(%q, %q) = %q, %v; want %q, %v", tt.in, tt.lang, got, fault, tt.want, tt.fault)
			}
			if n, ok := ParseWholeNumber(tt.in, tt.lang); n != tt.want || ok != (tt.fault == numberOK) {
				t.Errorf("ParseWholeNumber(%q) = %q, %v", tt.in, n, ok)
			}
			if fault == numberOK {
				if again, ok := ParseWholeNumber(got, tt.lang); again != got || !ok {
					t.Errorf("ParseWholeNumber(%q) = %q, %v; not stable", got, again, ok)
				}
			}
		})
	}
}
