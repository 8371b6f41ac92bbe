package sheet

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

func mustEncode(t *testing.T, s string, cm *charmap.Charmap) []byte {
	t.Helper()
	b, err := cm.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func utf16(t *testing.T, s string, e unicode.Endianness, bom bool) []byte {
	t.Helper()
	policy := unicode.IgnoreBOM
	if bom {
		policy = unicode.UseBOM
	}
	b, err := unicode.UTF16(e, policy).NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDetectEncoding(t *testing.T) {
	const header = "First Name;Last Name;Town/City\r\n"
	tests := []struct {
		name string
		data []byte
		want string
		bom  int
	}{
		{"ASCII", []byte(header + "Ola;Nordmann;Oslo\r\n"), "UTF-8", 0},
		{"UTF-8 without BOM", []byte(header + "Åse;Sæther;Tromsø\r\n"), "UTF-8", 0},
		{"UTF-8 with BOM", []byte("\xef\xbb\xbf" + header + "Åse;Sæther;Tromsø\r\n"), "UTF-8", 3},
		{"UTF-16LE with BOM", utf16(t, header+"Åse;Żak;Łódź\r\n", unicode.LittleEndian, true), "UTF-16LE", 2},
		{"UTF-16BE with BOM", utf16(t, header+"Åse;Żak;Łódź\r\n", unicode.BigEndian, true), "UTF-16BE", 2},
		{"UTF-16LE without BOM", utf16(t, header+"Åse;Żak;Łódź\r\n", unicode.LittleEndian, false), "UTF-16LE", 0},
		{"UTF-16BE without BOM", utf16(t, header+"Åse;Żak;Łódź\r\n", unicode.BigEndian, false), "UTF-16BE", 0},
		{"Norwegian Windows-1252", mustEncode(t, header+"Åse;Sæther;Tromsø\r\nØyvind;Bjørnæs;Ålesund\r\n", charmap.Windows1252), "Windows-1252", 0},
		{"Norwegian æ only is 1252", mustEncode(t, header+"Kjære;Mæland;Oslo\r\n", charmap.Windows1252), "Windows-1252", 0},
		{"German Windows-1252", mustEncode(t, header+"Jürgen;Müßig;Köln\r\n", charmap.Windows1252), "Windows-1252", 0},
		{"Polish Windows-1250", mustEncode(t, header+"Łukasz;Żółć;Łódź\r\nMałgorzata;Wiśniewska;Kraków\r\n", charmap.Windows1250), "Windows-1250", 0},
		{"Polish with a single ł", mustEncode(t, header+"Józef;Kowalczyk;Kraków\r\nBożena;Mróz;Łomża\r\n", charmap.Windows1250), "Windows-1250", 0},
		{"Polish ć only is 1252 (a tie)", mustEncode(t, header+"Ćma;Mać;Kraków\r\n", charmap.Windows1250), "Windows-1252", 0},
		{"UTF-8 letter cut by the scan's chunk", []byte(strings.Repeat("a", 64<<10-1) + "ø\n"), "UTF-8", 0},
		{"UTF-8 cut at the end of the file", []byte(header + "\xc3"), "Windows-1252", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			head := tt.data[:min(len(tt.data), sniffLen)]
			got, err := detectEncoding(bytes.NewReader(tt.data), head)
			if err != nil {
				t.Fatal(err)
			}
			if got.name != tt.want || got.bom != tt.bom {
				t.Errorf("got %s (BOM %d), want %s (BOM %d)", got.name, got.bom, tt.want, tt.bom)
			}
		})
	}
}

func TestScanBytesOneByteReads(t *testing.T) {
	data := []byte(strings.Repeat("Łódź ø 😀 ", 100))
	valid, _, err := scanBytes(iotest.OneByteReader(bytes.NewReader(data)))
	if err != nil || !valid {
		t.Errorf("scanBytes = %v, %v; want valid", valid, err)
	}
	valid, _, err = scanBytes(iotest.OneByteReader(bytes.NewReader(append(data, 0xff))))
	if err != nil || valid {
		t.Errorf("scanBytes of invalid UTF-8 = %v, %v; want invalid", valid, err)
	}
}

func TestSeparator(t *testing.T) {
	tests := []struct {
		name, sample string
		want         rune
		skip         int
	}{
		{"comma", "First Name,Last Name,Email\na,b,c\n", ',', 0},
		{"semicolon with decimal commas", "First Name;Last Name;Loyalty Points\na;b;12,5\nc;d;1,5\n", ';', 0},
		{"tab", "First Name\tLast Name\tNote\na\tb\t\"x, y; z\"\n", '\t', 0},
		{"quoted separators do not count", "\"a;b;c;d\",First Name,Last Name\n", ',', 0},
		{"title line first", "Customer list, 2024\nFirst Name;Last Name;Email;Mobile\n", ';', 0},
		{"single column", "First Name\nOla\n", ',', 0},
		{"tie prefers semicolon", "a,b;c\n", ';', 0},
		{"sep= line", "sep=;\r\nFirst Name,Last Name\n", ';', 7},
		{"sep= tab", "sep=\t\nFirst Name\tLast Name\n", '\t', 6},
		{"not a sep= line", "sep=abc,x\nFirst Name,Last Name\n", ',', 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sep, skip := separator([]byte(tt.sample))
			if sep != tt.want || skip != tt.skip {
				t.Errorf("separator = %q, %d; want %q, %d", sep, skip, tt.want, tt.skip)
			}
		})
	}
}

func TestLineEndReader(t *testing.T) {
	tests := map[string]string{
		"a\r\nb\r\n":   "a\nb\n",
		"a\rb\r":       "a\nb\n",
		"a\r\rb":       "a\n\nb",
		"a\nb\n":       "a\nb\n",
		"a\r\n\r\nb\r": "a\n\nb\n",
		"\r\n":         "\n",
	}
	for in, want := range tests {
		for _, one := range []bool{false, true} {
			var r io.Reader = strings.NewReader(in)
			if one {
				r = iotest.OneByteReader(r) // a CR LF split between reads
			}
			got, err := io.ReadAll(&lineEndReader{r: r})
			if err != nil || string(got) != want {
				t.Errorf("lineEndReader(%q, one byte reads %v) = %q, %v; want %q", in, one, got, err, want)
			}
		}
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		head string
		kind fileKind
	}{
		{"PK\x03\x04rest", kindZip},
		{"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", kindOLE},
		{"\x89PNG\r\n\x1a\n", kindOther},
		{"%PDF-1.4", kindOther},
		{"\ufeff<html>", kindOther},
		{"  <?xml version=\"1.0\"?>", kindOther},
		{"BM\x36\x00\x0c\x00\x00\x00\x00\x00\x36\x00", kindOther},
		{"BMW owners,Last Name\n", kindText},
		{"First Name,Last Name\n", kindText},
	}
	for _, tt := range tests {
		if kind, _ := sniff([]byte(tt.head)); kind != tt.kind {
			t.Errorf("sniff(%q) = %v, want %v", tt.head, kind, tt.kind)
		}
	}
}
