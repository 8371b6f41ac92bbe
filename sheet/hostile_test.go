package sheet

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/clientele/clientele/internal/hostile"
)

// Hostile inputs not covered by reader_test.go and xlsx_test.go (which cover PNG, PDF, HTML,
// old .xls, encrypted and ODS files named .xlsx, non-workbook zips, damaged parts, and the
// limits with small values). Each must end in rows or one EFile error whose message says what
// is wrong, within bounded time and memory.

// Parts of a minimal worksheet.
const (
	wsPath = "xl/worksheets/sheet1.xml"
	wsHead = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	wsTail = `</sheetData></worksheet>`
	wsHdr  = `<row r="1"><c r="A1" t="inlineStr"><is><t>First Name</t></is></c><c r="B1" t="inlineStr"><is><t>Last Name</t></is></c><c r="C1" t="inlineStr"><is><t>Phone</t></is></c></row>`
	wsOla  = `<row r="2"><c r="A2" t="inlineStr"><is><t>Ola</t></is></c><c r="B2" t="inlineStr"><is><t>Nordmann</t></is></c></row>`
)

// sheetXML is a worksheet with the header, then rows.
func sheetXML(rows ...string) string { return wsHead + wsHdr + strings.Join(rows, "") + wsTail }

// xxe declares an external entity that names a local file.
const xxe = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>`

// withDTD puts a DTD before a part's root element, and a reference to entity in its first text.
func withDTD(part, dtd, entity string) string {
	part = part[strings.Index(part, "?>")+2:]
	return dtd + strings.Replace(part, "<t>", "<t>&"+entity+";", 1)
}

// sstWith is a shared strings part; the header and the cells use it.
const sst = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3"><si><t>First Name</t></si><si><t>Last Name</t></si><si><t>Ola</t></si></sst>`

// sstSheet uses shared strings for its header and for cells with the given indexes.
func sstSheet(idx ...string) string {
	row := `<row r="2"><c r="A2" t="s"><v>2</v></c>`
	for i, v := range idx {
		row += fmt.Sprintf(`<c r="%s2" t="s"><v>%s</v></c>`, columnName(i+1), v)
	}
	return wsHead + `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>` + row + `</row>` + wsTail
}

func workbookXML(base string) string {
	zr, err := zip.OpenReader(base)
	if err != nil {
		panic(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name == "xl/workbook.xml" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			return string(b)
		}
	}
	panic("no workbook.xml")
}

// TestHostileXLSXParts feeds workbooks with one crafted part to the reader.
func TestHostileXLSXParts(t *testing.T) {
	base := filepath.Join("testdata", "libreoffice.xlsx")
	const sstPath = "xl/sharedStrings.xml"
	wb := workbookXML(base)
	var manyCells strings.Builder
	manyCells.WriteString(`<row r="2">`)
	for range defaultMaxColumns + 1 {
		manyCells.WriteString(`<c t="inlineStr"><is><t>x</t></is></c>`)
	}
	manyCells.WriteString(`</row>`)
	tests := []struct {
		name  string
		parts map[string]string
		msg   string            // the EFile message, or "" for rows
		want  map[string]string // fields of the one row read, when msg is ""
	}{
		{"billion laughs in the sheet", map[string]string{wsPath: withDTD(sheetXML(wsOla), hostile.Laughs(), "lol9")}, "document type declaration (DTD)", nil},
		{"billion laughs in shared strings", map[string]string{wsPath: sstSheet(), sstPath: withDTD(sst, hostile.Laughs(), "lol9")}, "document type declaration (DTD)", nil},
		{"billion laughs in the workbook", map[string]string{"xl/workbook.xml": hostile.Laughs() + wb[strings.Index(wb, "?>")+2:]}, "document type declaration (DTD)", nil},
		{"external entity in the sheet", map[string]string{wsPath: withDTD(sheetXML(wsOla), xxe, "xxe")}, "document type declaration (DTD)", nil},
		{"external entity in shared strings", map[string]string{wsPath: sstSheet(), sstPath: withDTD(sst, xxe, "xxe")}, "document type declaration (DTD)", nil},
		{"external entity in the workbook", map[string]string{"xl/workbook.xml": xxe + wb[strings.Index(wb, "?>")+2:]}, "document type declaration (DTD)", nil},
		{"undeclared entity mid-sheet", map[string]string{wsPath: sheetXML(wsOla, `<row r="3"><c r="A3" t="inlineStr"><is><t>&bogus;</t></is></c></row>`)}, "is not valid XML (line 1: invalid character entity &bogus;)", nil},
		{"sheet cut short", map[string]string{wsPath: sheetXML(wsOla, `<row r="3"><c r="A3" t="inlineStr"><is><t>Kari`)[:len(sheetXML(wsOla))+40]}, "is not valid XML", nil},
		{"negative shared string index", map[string]string{wsPath: sstSheet("-1"), sstPath: sst}, "", map[string]string{"first_name": "Ola", "last_name": ""}},
		{"shared string index out of range", map[string]string{wsPath: sstSheet("3"), sstPath: sst}, "", map[string]string{"first_name": "Ola", "last_name": ""}},
		{"shared string index not a number", map[string]string{wsPath: sstSheet("1e99"), sstPath: sst}, "", nil},
		{"cell reference past column XFD", map[string]string{wsPath: sheetXML(`<row r="2"><c r="A2" t="inlineStr"><is><t>Ola</t></is></c><c r="XFE2" t="inlineStr"><is><t>x</t></is></c></row>`)}, "could not be read", nil},
		{"cell reference past row 1048576", map[string]string{wsPath: sheetXML(wsOla, `<row r="1048577"><c r="A1048577"><v>1</v></c></row>`)}, "could not be read", nil},
		{"dimension claiming the whole grid", map[string]string{wsPath: strings.Replace(sheetXML(wsOla), "<sheetData>", `<dimension ref="A1:XFD1048576"/><sheetData>`, 1)}, "", map[string]string{"first_name": "Ola", "last_name": "Nordmann"}},
		{"last cell XFD1048576", map[string]string{wsPath: sheetXML(wsOla, `<row r="1048576"><c r="XFD1048576" s="1"/></row>`)}, "", map[string]string{"first_name": "Ola"}},
		{"more than 16,384 columns", map[string]string{wsPath: sheetXML(manyCells.String())}, "", nil},
		{"a cell over the guard's 1,048,576 characters", map[string]string{wsPath: sheetXML(`<row r="2"><c r="A2" t="inlineStr"><is><t>` + strings.Repeat("x", defaultMaxCellLen+1) + `</t></is></c></row>`)}, "Row 2, column A: the cell has more than 1,048,576 characters.", nil},
		{"a cell over 32,767 characters, under the guard", map[string]string{wsPath: sheetXML(`<row r="2"><c r="A2" t="inlineStr"><is><t>Ola</t></is></c><c r="B2" t="inlineStr"><is><t>` + strings.Repeat("x", 40000) + `</t></is></c></row>`)}, "", map[string]string{"first_name": "Ola", "last_name": strings.Repeat("x", 40000)}},
		{"phone as 4.7912345E+09", map[string]string{wsPath: sheetXML(`<row r="2"><c r="A2" t="inlineStr"><is><t>Ola</t></is></c><c r="B2" t="inlineStr"><is><t>N</t></is></c><c r="C2"><v>4.7912345E+09</v></c></row>`)}, "", map[string]string{"phone": "4791234500"}},
		{"phone as 4.7912345E+09 in a General style", map[string]string{wsPath: sheetXML(`<row r="2"><c r="A2" t="inlineStr"><is><t>Ola</t></is></c><c r="B2" t="inlineStr"><is><t>N</t></is></c><c r="C2" s="1" t="n"><v>4.7912345E+09</v></c></row>`)}, "", map[string]string{"phone": "4791234500"}},
		{"header on row 3 below a title", map[string]string{wsPath: wsHead + `<row r="1"><c r="A1" t="inlineStr"><is><t>Kundeliste 2024</t></is></c></row>` + strings.ReplaceAll(strings.ReplaceAll(wsHdr, `"1"`, `"3"`), `1"`, `3"`) + strings.ReplaceAll(wsOla, "2", "4") + wsTail}, "", map[string]string{"first_name": "Ola"}},
		{"empty and duplicate header names", map[string]string{wsPath: wsHead + `<row r="1"><c r="A1" t="inlineStr"><is><t>First Name</t></is></c><c r="C1" t="inlineStr"><is><t>Last Name</t></is></c><c r="D1" t="inlineStr"><is><t>last name</t></is></c></row>` + wsTail}, "The file has two “Last Name” columns (C and D); delete one of them.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := readHostile(t, rezip(t, base, tt.parts), Limits{})
			if tt.msg != "" {
				fileErr(t, err, tt.msg)
				return
			}
			if err != nil {
				// Some crafted parts may be read or refused; what matters is a clear EFile error.
				if tt.want != nil {
					t.Fatalf("got %v, want a row", err)
				}
				checkFileError(t, err)
				t.Log(err)
				return
			}
			if tt.want != nil {
				checkRows(t, rows, []want{{rows[0].Num, tt.want}})
			}
		})
	}
}

// readHostile opens path and reads every row; it returns the rows or the first error, which
// must be an EFile *customer.Error.
func readHostile(t *testing.T, path string, limits Limits) ([]Row, error) {
	t.Helper()
	r, err := Open(path, limits)
	if err != nil {
		checkFileError(t, err)
		return nil, err
	}
	defer r.Close()
	var rows []Row
	for {
		row, err := r.Next()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			checkFileError(t, err)
			return rows, err
		}
		rows = append(rows, row)
	}
}

// zipEntry is one entry of a hand-made zip archive.
type zipEntry struct {
	name     string
	data     string // stored deflated, with true sizes, when raw is nil
	raw      []byte // already deflated
	crc      uint32 // of the inflated raw data
	size     uint64 // the inflated size to declare
	declared bool   // declare size even for data (a lie)
}

// writeZip writes entries to a new .xlsx file, in order, duplicates included.
func writeZip(t *testing.T, entries ...zipEntry) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "hostile.xlsx")
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(out)
	for _, e := range entries {
		if e.raw == nil && !e.declared {
			w, err := zw.Create(e.name)
			if err != nil {
				t.Fatal(err)
			}
			io.WriteString(w, e.data)
			continue
		}
		raw, crc, size := e.raw, e.crc, e.size
		if raw == nil {
			var buf bytes.Buffer
			fw, _ := flate.NewWriter(&buf, flate.BestCompression)
			io.WriteString(fw, e.data)
			fw.Close()
			raw, crc = buf.Bytes(), crc32.ChecksumIEEE([]byte(e.data))
		}
		w, err := zw.CreateRaw(&zip.FileHeader{Name: e.name, Method: zip.Deflate, CRC32: crc,
			CompressedSize64: uint64(len(raw)), UncompressedSize64: size})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(raw)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// bookParts are the parts of a minimal workbook around a worksheet.
func bookParts(sheet string) []zipEntry {
	return []zipEntry{
		{name: "[Content_Types].xml", data: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`},
		{name: "_rels/.rels", data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{name: "xl/workbook.xml", data: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{name: "xl/_rels/workbook.xml.rels", data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
		{name: wsPath, data: sheet},
	}
}

// memUse runs f and reports the bytes it allocated and the peak heap in use above the start,
// sampled every 5 ms.
func memUse(f func()) (alloc, peak uint64) {
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var top atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
			runtime.ReadMemStats(&m)
			if m.HeapInuse > top.Load() {
				top.Store(m.HeapInuse)
			}
		}
	}()
	f()
	close(stop)
	wg.Wait()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	top.Store(max(top.Load(), after.HeapInuse))
	return after.TotalAlloc - before.TotalAlloc, top.Load() - min(top.Load(), before.HeapInuse)
}

// TestHostileZip feeds archives that lie or inflate without bound, and checks that reading
// them costs little memory.
func TestHostileZip(t *testing.T) {
	good := sheetXML(wsOla)
	raw, crc, size := hostile.Deflated(wsHead+wsHdr, 1200, wsOla+wsTail) // 1.2 GiB unpacked
	t.Logf("zip bomb: %d bytes deflate to %d (ratio %d:1)", len(raw), size, size/uint64(len(raw)))
	tests := []struct {
		name    string
		entries []zipEntry
		limits  Limits
		msg     string
		mem     uint64 // most bytes reading may allocate
	}{
		{"zip bomb past the default 1 GiB", append(bookParts("")[:4], zipEntry{name: wsPath, raw: raw, crc: crc, size: size}),
			Limits{}, "The workbook is too large: unpacked, it is more than 1 GiB.", 1 << 20},
		{"zip bomb declaring 2 KiB", append(bookParts("")[:4], zipEntry{name: wsPath, raw: raw, crc: crc, size: 2048}),
			Limits{}, "does not match the size or checksum", 4 << 20},
		{"zip bomb declaring 0 bytes", append(bookParts("")[:4], zipEntry{name: wsPath, raw: raw, crc: crc, size: 0}),
			Limits{}, "does not match the size or checksum", 4 << 20},
		{"pictures of 1000:1 under MaxUnzipped", append(bookParts(good), zipEntry{name: "xl/media/image1.png", raw: raw, crc: crc, size: size}),
			Limits{MaxUnzipped: 2 << 30}, "its pictures, other sheets and other parts are more than 128 MiB", 1 << 20},
		{"sheet declaring more than it holds", append(bookParts("")[:4], zipEntry{name: wsPath, data: good, size: uint64(len(good)) + 100, declared: true}),
			Limits{}, "does not match the size or checksum", 4 << 20},
		{"sheet declaring less than it holds", append(bookParts("")[:4], zipEntry{name: wsPath, data: good, size: uint64(len(good)) - 10, declared: true}),
			Limits{}, "does not match the size or checksum", 4 << 20},
		{"two worksheets of the same name", append(bookParts(good), zipEntry{name: wsPath, data: sheetXML(`<row r="2"><c r="A2" t="inlineStr"><is><t>Mallory</t></is></c></row>`)}),
			Limits{}, "it has two parts named “xl/worksheets/sheet1.xml”", 4 << 20},
		{"same name in another case", append(bookParts(good), zipEntry{name: "XL/Worksheets/Sheet1.xml", data: good}),
			Limits{}, "it has two parts named", 4 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeZip(t, tt.entries...)
			var err error
			alloc, peak := memUse(func() { _, err = readHostile(t, path, tt.limits) })
			t.Logf("allocated %d KiB, peak heap +%d KiB: %v", alloc>>10, peak>>10, err)
			fileErr(t, err, tt.msg)
			if alloc > tt.mem {
				t.Errorf("allocated %d bytes, want at most %d", alloc, tt.mem)
			}
		})
	}
	t.Run("../ names", func(t *testing.T) {
		dir := t.TempDir()
		evil := filepath.Join(dir, "evil.txt")
		rel, _ := filepath.Rel(os.TempDir(), evil)
		entries := append(bookParts(good), zipEntry{name: "../../../../../../" + filepath.ToSlash(rel), data: "pwned"},
			zipEntry{name: "xl/../../evil.xml", data: "<x/>"}, zipEntry{name: "/etc/evil", data: "pwned"})
		rows, err := readHostile(t, writeZip(t, entries...), Limits{})
		if err != nil {
			t.Log(err) // refusing is fine too
		} else {
			checkRows(t, rows, []want{{2, map[string]string{"first_name": "Ola"}}})
		}
		if _, err := os.Stat(evil); err == nil {
			t.Error("a zip entry was written outside the temporary folder")
		}
	})
	t.Run("a million formatted empty trailing rows", func(t *testing.T) {
		n := 1_000_000
		if raceEnabled {
			n = 100_000 // a million takes too long; the cost per row is what is checked
		}
		var b strings.Builder
		b.WriteString(wsHead + wsHdr + wsOla)
		for i := 3; i < 3+n; i++ {
			fmt.Fprintf(&b, `<row r="%d" s="1" customFormat="1" ht="12.8"/>`, i)
		}
		b.WriteString(wsTail)
		path := writeZip(t, bookParts(b.String())...)
		start := time.Now()
		var rows []Row
		var err error
		alloc, peak := memUse(func() { rows, err = readHostile(t, path, Limits{}) })
		t.Logf("%d MiB of XML read in %v; allocated %d MiB, peak heap +%d MiB", b.Len()>>20, time.Since(start), alloc>>20, peak>>20)
		if err != nil {
			t.Fatal(err)
		}
		checkRows(t, rows, []want{{2, map[string]string{"first_name": "Ola"}}})
		if peak > 256<<20 {
			t.Errorf("peak heap +%d MiB", peak>>20)
		}
	})
}

// repeatReader yields b forever.
type repeatReader struct{ b byte }

func (r repeatReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = r.b
	}
	return len(p), nil
}

// bigFile writes head, then n bytes of fill, then tail, streaming, to a temporary file.
func bigFile(t *testing.T, head string, fill byte, n int64, tail string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "big.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := io.MultiReader(strings.NewReader(head), io.LimitReader(repeatReader{fill}, n), strings.NewReader(tail))
	if _, err := io.Copy(f, r); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestHostileCSVHugeLine reads huge lines with no line end: the reader must stop after a
// bounded number of bytes, with a clear error, without holding the line. The bound follows
// MaxCellLen (a cell that long must fit), so most cases read with Excel's 32,767 and one with
// the default guard.
func TestHostileCSVHugeLine(t *testing.T) {
	excel := Limits{MaxCellLen: 32767}
	// Every byte of a file is looked at once to tell its encoding, which is slow under the race
	// detector: only the first case is large, and 100 MB there.
	huge := int64(300 << 20)
	if raceEnabled {
		huge = 100 << 20
	}
	tests := []struct {
		name       string
		head       string
		fill       byte
		n          int64
		tail       string
		limits     Limits
		msg        string
		allocLimit uint64
	}{
		{"a line of hundreds of MB", "First Name,Last Name\nOla,", 'x', huge, "\nKari,Hansen\n", excel, "Row 2 is far too long to be a customer row", 8 << 20},
		{"a 32 MB quoted cell never closed", "First Name,Last Name\nOla,\"", 'x', 32 << 20, "", excel, "Row 2 is far too long to be a customer row", 8 << 20},
		{"a 32 MB header of empty cells", "First Name,Last Name,", ',', 32 << 20, "\n", excel, "Row 1 is far too long to be a customer row", 64 << 20},
		{"16 MB of blank lines", "First Name,Last Name\n", '\n', 16 << 20, "Ola,Nordmann\n", excel, "", 16 << 20},
		{"a line of hundreds of MB, default limits", "First Name,Last Name\nOla,", 'x', huge, "\nKari,Hansen\n", Limits{}, "Row 2 is far too long to be a customer row", 48 << 20},
		{"a 32 MB header of empty cells, default limits", "First Name,Last Name,", ',', 32 << 20, "\n", Limits{}, "Row 1 is far too long to be a customer row", 64 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := bigFile(t, tt.head, tt.fill, tt.n, tt.tail)
			var rows []Row
			var err error
			alloc, peak := memUse(func() { rows, err = readHostile(t, path, tt.limits) })
			t.Logf("allocated %d KiB, peak heap +%d KiB: %d rows, %v", alloc>>10, peak>>10, len(rows), err)
			if tt.msg == "" {
				if err != nil || len(rows) != 1 {
					t.Errorf("rows %+v, error %v", rows, err)
				}
			} else {
				fileErr(t, err, tt.msg)
			}
			if alloc > tt.allocLimit {
				t.Errorf("allocated %d bytes, want at most %d", alloc, tt.allocLimit)
			}
		})
	}
}

// TestHostileCSV checks CSV text that is broken in ways the fixtures are not.
func TestHostileCSV(t *testing.T) {
	utf16le := func(s string) string {
		var b strings.Builder
		for _, r := range s {
			b.WriteByte(byte(r))
			b.WriteByte(byte(r >> 8))
		}
		return b.String()
	}
	tests := []struct {
		name string
		text string
		msg  string // the EFile message, or "" for rows
		want []want
	}{
		{"unbalanced quote swallowing the rest of the file", "First Name,Last Name\nOla,\"Nordmann\nKari,Hansen\nPer,Berg\n", "Row 2: a quotation mark opens a cell that is never closed", nil},
		{"unbalanced quote mid-line", "First Name,Last Name\nOla,Nord\"mann\nKari,Hansen\n", "", []want{{2, map[string]string{"last_name": "Nord\"mann"}}, {3, map[string]string{"first_name": "Kari"}}}},
		{"quote closed lazily", "First Name,Last Name\n\"Ola \"big\" O\",Nordmann\n", "", []want{{2, map[string]string{"first_name": "Ola \"big\" O"}}}},
		{"NUL bytes at the start", "First Name,Last Name\nOla\x00,Nordmann\n", "not a spreadsheet", nil},
		{"NUL bytes after the first 8 KiB", "First Name,Last Name,Note\n" + strings.Repeat("Ola,Nordmann,"+strings.Repeat("n", 100)+"\n", 100) + "Kari\x00\x00,Hansen,x\n", "", nil},
		{"bare CR line ends", "First Name,Last Name\rOla,Nordmann\rKari,Hansen\r", "", []want{{2, map[string]string{"first_name": "Ola"}}, {3, map[string]string{"last_name": "Hansen"}}}},
		{"UTF-16LE without BOM", utf16le("First Name\tLast Name\r\nZoë\tØre\r\n"), "", []want{{2, map[string]string{"first_name": "Zoë", "last_name": "Øre"}}}},
		{"invalid UTF-8 read as Windows-1252", "First Name;Last Name\nOla;N\xf8rdmann \xff\xfe\n", "", []want{{2, map[string]string{"last_name": "Nørdmann ÿþ"}}}},
		{"duplicate header names", "First Name,Last Name,First Name\nOla,Nordmann,Kari\n", "The file has two “First Name” columns (A and C); delete one of them.", nil},
		{"empty header names", "First Name,,Last Name,\nOla,x,Nordmann,y\n", "", []want{{2, map[string]string{"first_name": "Ola", "last_name": "Nordmann"}}}},
		{"header on row 3 below a title", "Kundeliste 2024\n\nFirst Name,Last Name\nOla,Nordmann\n", "", []want{{4, map[string]string{"first_name": "Ola"}}}},
		{"phone as 4.7912345E+09 stays text", "First Name,Last Name,Phone\nOla,Nordmann,4.7912345E+09\n", "", []want{{2, map[string]string{"phone": "4.7912345E+09"}}}},
		{"more than 16,384 columns", "First Name,Last Name" + strings.Repeat(",", defaultMaxColumns-1) + "\n", "Row 1 has more than 16,384 columns; the limit is 16,384.", nil},
		{"a cell over the guard's 1,048,576 characters", "First Name,Last Name\nOla," + strings.Repeat("é", defaultMaxCellLen+1) + "\n", "Row 2, column B: the cell has more than 1,048,576 characters.", nil},
		{"a cell of exactly 1,048,576 characters", "First Name,Last Name\nOla," + strings.Repeat("é", defaultMaxCellLen) + "\nKari,Hansen\n", "", []want{{2, map[string]string{"first_name": "Ola"}}, {3, map[string]string{"first_name": "Kari"}}}},
		{"a quoted cell of 40,000 characters with line breaks", "First Name,Last Name,Note\nOla,Nordmann,\"" + strings.Repeat("long note\n", 4000) + "\"\nKari,Hansen,\n", "", []want{{2, map[string]string{"note": strings.Repeat("long note\n", 4000)}}, {3, map[string]string{"first_name": "Kari"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := readHostile(t, writeTemp(t, "upload.csv", tt.text), Limits{})
			if tt.msg != "" {
				fileErr(t, err, tt.msg)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.want != nil {
				checkRows(t, rows, tt.want)
			}
			for _, r := range rows {
				for _, v := range r.Values {
					if strings.ContainsRune(v, 0) {
						t.Errorf("row %d: a NUL byte in %q", r.Num, v)
					}
				}
			}
		})
	}
}
