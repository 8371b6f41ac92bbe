package customer

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestNameKey(t *testing.T) {
	base := NameKey("Åse", "Berg", "0150")
	tests := []struct {
		name              string
		first, last, post string
		same              bool // the key equals base
	}{
		{"identical", "Åse", "Berg", "0150", true},
		{"case and spaces", "ÅSE ", "  berg", "0150", true},
		{"decomposed", norm.NFD.String("Åse"), "Berg", "0150", true},
		{"nbsp", "\u00a0Åse", "Berg\u00a0", "0150", true},
		{"postcode spaces", "Åse", "Berg", " 01 50 ", true},
		{"control characters", "Å\u0000se", "Berg\t", "0150", true},
		{"other postcode", "Åse", "Berg", "0151", false},
		{"other name", "Ase", "Berg", "0150", false},
		{"names swapped", "Berg", "Åse", "0150", false},
		{"parts shifted", "Åse Berg", "", "0150", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NameKey(tt.first, tt.last, tt.post)
			if (got == base) != tt.same {
				t.Errorf("NameKey(%q, %q, %q) = %q; base %q; want same=%v", tt.first, tt.last, tt.post, got, base, tt.same)
			}
		})
	}
}

func TestNameKeyFolding(t *testing.T) {
	tests := []struct {
		name string
		a, b [3]string
	}{
		{"brief example", [3]string{"ÅSE  berg", "", "0150"}, [3]string{"Åse Berg", "", "0150"}},
		{"polish", [3]string{"ZAŻÓŁĆ", "GĘŚLĄ", "00-950"}, [3]string{"zażółć", "gęślą", "00-950"}},
		{"polish decomposed", [3]string{norm.NFD.String("Zażółć"), "Gęślą", "00-950"}, [3]string{"Zażółć", "Gęślą", "00-950"}},
		{"full case folding", [3]string{"Jürgen", "STRASSE", "01067"}, [3]string{"Jürgen", "Straße", "01067"}},
		{"uk postcode", [3]string{"Ingrid", "Haugen", "SW1A 1AA"}, [3]string{"ingrid", "haugen", "sw1a1aa"}},
		{"inner spaces", [3]string{"Mary  Ann", "O'Brien", "D02 X285"}, [3]string{"Mary Ann", "O'Brien", "D02X285"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := NameKey(tt.a[0], tt.a[1], tt.a[2]), NameKey(tt.b[0], tt.b[1], tt.b[2])
			if a != b || a == "" {
				t.Errorf("keys differ or are blank: %q, %q", a, b)
			}
		})
	}
}

func TestNameKeyBlank(t *testing.T) {
	tests := []struct {
		name              string
		first, last, post string
		blank             bool
	}{
		{"no postcode", "Ingrid", "Haugen", "", true},
		{"space postcode", "Ingrid", "Haugen", "  ", true},
		{"no names", "", " ", "0150", true},
		{"only first name", "Ingrid", "", "0150", false},
		{"only last name", "", "Haugen", "0150", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NameKey(tt.first, tt.last, tt.post); (got == "") != tt.blank {
				t.Errorf("NameKey(%q, %q, %q) = %q; want blank=%v", tt.first, tt.last, tt.post, got, tt.blank)
			}
		})
	}
}

func TestNameKeySeparator(t *testing.T) {
	k := NameKey("Ingrid"+nameKeySep+"x", "Haugen", "0150")
	if strings.Count(k, nameKeySep) != 2 {
		t.Errorf("a separator in a part survived: %q", k)
	}
}

// TestNameKeyCherokee: x/text folds Cherokee capitals to small letters and back again, so the
// key must settle on one of the two (found by FuzzNameKey).
func TestNameKeyCherokee(t *testing.T) {
	capital, small := NameKey("\u13b6", "Berg", "0150"), NameKey("\uab86", "Berg", "0150")
	if capital != small {
		t.Errorf("capital %q and small %q letters give different keys", capital, small)
	}
	parts := strings.Split(capital, nameKeySep)
	if again := NameKey(parts[0], parts[1], parts[2]); again != capital {
		t.Errorf("folding the key again changes it: %q → %q", capital, again)
	}
}

// TestFoldPrintableASCII holds the ASCII shortcut to the full folding on every printable ASCII
// character and on the white space shapes it handles itself (FuzzNameKey compares them on more).
func TestFoldPrintableASCII(t *testing.T) {
	var all strings.Builder
	for c := byte(' '); c < 0x7f; c++ {
		all.WriteByte(c)
	}
	for _, s := range []string{all.String(), "", " ", "   ", "Ola", "  OLA  nordmann ", "SW1A 1AA", "O'Brien-Smith", "a  b   c"} {
		got, ok := foldPrintableASCII(s)
		if !ok {
			t.Fatalf("foldPrintableASCII(%q) refused printable ASCII", s)
		}
		if want := foldPartFull(s); got != want {
			t.Errorf("foldPrintableASCII(%q) = %q, want %q", s, got, want)
		}
	}
	for _, s := range []string{"Åse", "a\tb", "a\x7fb", "x\x00"} {
		if _, ok := foldPrintableASCII(s); ok {
			t.Errorf("foldPrintableASCII(%q) took text that is not printable ASCII", s)
		}
	}
}

// TestStableFoldTable holds stableFold's table to the computed answer for every rune it covers,
// and checks a rune above it and the Cherokee pair (which is above it too) still fold as
// computed.
func TestStableFoldTable(t *testing.T) {
	for r := rune(0); r < stableFoldTable+16; r++ {
		if got, want := stableFold(r), stableFoldOf(r); got != want {
			t.Fatalf("stableFold(%U) = %U, want %U", r, got, want)
		}
	}
	for _, r := range []rune{'\u13a0', '\uab70', '\u1e9e', '\U0001e900'} {
		if got, want := stableFold(r), stableFoldOf(r); got != want {
			t.Errorf("stableFold(%U) = %U, want %U", r, got, want)
		}
	}
}

// BenchmarkNameKey folds the names and postcodes of Norwegian and Polish customers, most of
// them with a letter beyond ASCII.
func BenchmarkNameKey(b *testing.B) {
	names := [][3]string{
		{"Torbjørn", "Aasen", "9017"}, {"Åse", "Tveit", "5097"}, {"Kari", "Nordmann", "0150"},
		{"Øystein", "Bråten", "7030"}, {"Małgorzata", "Wiśniewska", "00-950"}, {"Łukasz", "Kowalczyk", "31-042"},
		{"Ingrid", "Haugen", "0368"}, {"Bjørn", "Ødegård", "4006"},
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, n := range names {
			NameKey(n[0], n[1], n[2])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(names)), "ns/key")
}

// foldLatin answers as foldPartFull for every rune it folds, alone and beside every other (and
// beside a space), and for the names of the bench's Norwegian and Polish customers.
func TestFoldLatinMatchesFull(t *testing.T) {
	var runes []rune
	for r := rune(' '); r < latinFoldTable; r++ {
		if _, ok := foldLatin(string(r)); ok {
			runes = append(runes, r)
		}
	}
	if len(runes) < 400 {
		t.Fatalf("foldLatin folds only %d runes alone", len(runes))
	}
	for _, a := range runes {
		for _, b := range runes {
			for _, s := range []string{string(a) + string(b), " " + string(a) + "  " + string(b) + " "} {
				if f, ok := foldLatin(s); !ok || f != foldPartFull(s) {
					t.Fatalf("foldLatin(%q) = %q, %v; foldPartFull = %q", s, f, ok, foldPartFull(s))
				}
			}
		}
	}
	for _, s := range []string{"Åse", "ØDEGÅRD", "Łukasz", "Gęślą  Jaźń", "Straße", "a\u030a", "x\u00a0y", "\xff"} {
		if f, ok := foldLatin(s); ok && f != foldPartFull(s) {
			t.Errorf("foldLatin(%q) = %q; foldPartFull = %q", s, f, foldPartFull(s))
		}
	}
}
