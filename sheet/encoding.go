package sheet

import (
	"bytes"
	"errors"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// textEncoding is a CSV file's detected character encoding.
type textEncoding struct {
	name string            // for tests and logs: "UTF-8", "UTF-16LE", "Windows-1250", …
	enc  encoding.Encoding // nil for UTF-8
	bom  int               // bytes of byte-order mark to skip
}

var (
	encUTF8    = textEncoding{name: "UTF-8"}
	encUTF16LE = textEncoding{name: "UTF-16LE", enc: unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)}
	encUTF16BE = textEncoding{name: "UTF-16BE", enc: unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)}
	enc1250    = textEncoding{name: "Windows-1250", enc: charmap.Windows1250}
	enc1252    = textEncoding{name: "Windows-1252", enc: charmap.Windows1252}
)

// errBinary reports that a file is not text.
var errBinary = errors.New("sheet: binary content")

// detectEncoding decides the encoding of the text file r, whose first bytes are head. See the
// package documentation for the rules. For files without a BOM it reads the whole of r once
// from its start (streaming), because a file's first non-ASCII letter may be far from its start.
func detectEncoding(r io.ReadSeeker, head []byte) (textEncoding, error) {
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		e := encUTF8
		e.bom = 3
		return e, nil
	case bytes.HasPrefix(head, []byte("\xff\xfe")):
		e := encUTF16LE
		e.bom = 2
		return e, nil
	case bytes.HasPrefix(head, []byte("\xfe\xff")):
		e := encUTF16BE
		e.bom = 2
		return e, nil
	}
	if le, be := guessUTF16(head); le {
		return encUTF16LE, nil
	} else if be {
		return encUTF16BE, nil
	}
	if binary(head) {
		return textEncoding{}, errBinary
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return textEncoding{}, err
	}
	valid, hist, err := scanBytes(r)
	if err != nil {
		return textEncoding{}, err
	}
	if valid {
		return encUTF8, nil
	}
	if polishScore(&hist) > nordicScore(&hist) {
		return enc1250, nil
	}
	return enc1252, nil
}

// guessUTF16 recognises UTF-16 without a BOM by its NUL bytes: in text that is mostly ASCII
// (a CSV header certainly is), every other byte is zero, at odd offsets in little-endian and
// at even offsets in big-endian.
func guessUTF16(b []byte) (le, be bool) {
	n := len(b) &^ 1
	if n < 4 {
		return false, false
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if b[i] == 0 {
			even++
		}
		if b[i+1] == 0 {
			odd++
		}
	}
	pairs := n / 2
	le = 2*odd > pairs && 10*even < odd
	be = 2*even > pairs && 10*odd < even
	return le, be
}

// binary reports whether head looks like binary data rather than text: any NUL byte, or more
// than 1 in 20 bytes being control characters that text files do not contain.
func binary(head []byte) bool {
	controls := 0
	for _, c := range head {
		switch {
		case c == 0:
			return true
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1a:
			controls++
		}
	}
	return controls*20 > len(head)
}

// scanBytes reads r to its end, reporting whether it is valid UTF-8 and counting each byte
// value (the counts of bytes ≥ 0x80 feed the code page heuristic).
func scanBytes(r io.Reader) (valid bool, hist [256]int, err error) {
	buf := make([]byte, 64<<10)
	valid = true
	carry := 0 // bytes of an incomplete rune kept from the previous chunk
	for {
		n, rerr := r.Read(buf[carry:])
		for _, c := range buf[carry : carry+n] {
			hist[c]++
		}
		chunk := buf[:carry+n]
		carry = 0
		if valid {
			// An incomplete rune at the end may complete in the next chunk.
			if rerr == nil {
				for k := 1; k <= 3 && k <= len(chunk); k++ {
					c := chunk[len(chunk)-k]
					if c < 0x80 {
						break
					}
					if c >= 0xc0 { // a lead byte: keep it and what follows if the rune is cut
						if need := leadLen(c); need > k {
							carry = k
						}
						break
					}
				}
			}
			valid = utf8.Valid(chunk[:len(chunk)-carry])
			copy(buf, chunk[len(chunk)-carry:])
		}
		if errors.Is(rerr, io.EOF) {
			return valid && carry == 0, hist, nil
		}
		if rerr != nil {
			return false, hist, rerr
		}
	}
}

// leadLen returns the length of the UTF-8 sequence that lead byte c starts.
func leadLen(c byte) int {
	switch {
	case c >= 0xf0:
		return 4
	case c >= 0xe0:
		return 3
	default:
		return 2
	}
}

// polishScore counts bytes that are Polish letters in Windows-1250 but unlikely symbols in
// Windows-1252: ą Ą ę Ę ł Ł ń Ń ś Ś ź Ź ż Ż (1252: ¹ ¥ ê Ê ³ £ ñ Ñ œ Œ Ÿ – ¿ ¯). ó and ć are
// left out: ó is the same byte in both, and ć shares its byte with Norwegian æ.
func polishScore(h *[256]int) int {
	n := 0
	for _, c := range []byte{0xb9, 0xa5, 0xea, 0xca, 0xb3, 0xa3, 0xf1, 0xd1, 0x9c, 0x8c, 0x9f, 0x8f, 0xbf, 0xaf} {
		n += h[c]
	}
	return n
}

// nordicScore counts bytes that are Norwegian letters in Windows-1252 but letters of no Polish
// word in Windows-1250: å Å ø Ø (1250: ĺ Ĺ ř Ř).
func nordicScore(h *[256]int) int {
	return h[0xe5] + h[0xc5] + h[0xf8] + h[0xd8]
}
