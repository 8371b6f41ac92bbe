package sheet

import (
	"bytes"
	"errors"
	"io"
	"os"
)

// sniffLen is how many leading bytes decide a file's kind and a CSV's UTF-16-ness.
const sniffLen = 8 << 10

// fileKind is what a file's first bytes say it is.
type fileKind int

const (
	kindText  fileKind = iota // CSV, or at least text
	kindZip                   // a zip archive: xlsx, or ods/docx (told apart in checkArchive)
	kindOLE                   // an OLE2 compound file: old .xls, or an encrypted .xlsx
	kindOther                 // something that is certainly not a spreadsheet
)

// signatures are the magic numbers of formats people upload by mistake.
var signatures = []struct {
	magic string
	what  string
}{
	{"\x89PNG\r\n\x1a\n", "png"},
	{"\xff\xd8\xff", "jpeg"},
	{"GIF87a", "gif"},
	{"GIF89a", "gif"},
	{"%PDF-", "pdf"},
	{"{\\rtf", "rtf"},
	{"\x1f\x8b", "gzip"},
	{"Rar!\x1a\x07", "rar"},
	{"7z\xbc\xaf\x27\x1c", "7z"},
	{"II*\x00", "tiff"},
	{"MM\x00*", "tiff"},
	{"BM", "bmp"},
}

// sniff tells a file's kind from its first bytes; for kindOther, what says what the file is, as
// a code of the file message catalogue's kinds (customer/i18n_file.go: "png", "pdf", …).
func sniff(head []byte) (kind fileKind, what string) {
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return kindZip, ""
	case bytes.HasPrefix(head, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")):
		return kindOLE, ""
	}
	for _, s := range signatures {
		if bytes.HasPrefix(head, []byte(s.magic)) {
			if s.magic == "BM" && (len(head) < 10 || string(head[6:10]) != "\x00\x00\x00\x00") {
				continue // a CSV may well begin with "BM"; a bitmap has reserved zero bytes at 6–9
			}
			return kindOther, s.what
		}
	}
	// Web apps' "Excel export" is often an HTML table named .xls; Excel 2003 wrote XML.
	text := bytes.ToLower(bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n"))
	for _, p := range []string{"<!doctype html", "<html", "<?xml", "<table"} {
		if bytes.HasPrefix(text, []byte(p)) {
			return kindOther, "html"
		}
	}
	return kindText, ""
}

// oleError explains an OLE2 compound file: a password-protected xlsx keeps its content in a
// stream named "EncryptedPackage"; anything else is most likely an old .xls workbook.
func oleError(f *os.File) error {
	name := utf16le("EncryptedPackage")
	found, err := contains(f, name)
	if err != nil {
		return fileError(err, "file_unreadable", nil)
	}
	if found {
		return fileError(nil, "file_encrypted", nil)
	}
	return fileError(nil, "file_xls", nil)
}

// utf16le encodes an ASCII string as UTF-16LE bytes.
func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return b
}

// contains reports whether r, read from its start, contains needle; it reads in chunks with
// an overlap so that memory stays small for large files.
func contains(r io.ReadSeeker, needle []byte) (bool, error) {
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return false, err
	}
	buf := make([]byte, 64<<10)
	keep := 0
	for {
		n, err := r.Read(buf[keep:])
		if bytes.Contains(buf[:keep+n], needle) {
			return true, nil
		}
		if errors.Is(err, io.EOF) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		total := keep + n
		keep = min(len(needle)-1, total)
		copy(buf, buf[total-keep:total])
	}
}
