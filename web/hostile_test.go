package web

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"

	"github.com/clientele/clientele/internal/hostile"
)

// Parts of a minimal workbook, for hostile uploads.
const (
	hostileTypes     = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`
	hostileRels      = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	hostileWorkbook  = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`
	hostileBookRels  = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`
	hostileSheetHead = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
		`<row r="1"><c r="A1" t="inlineStr"><is><t>First Name</t></is></c><c r="B1" t="inlineStr"><is><t>Last Name</t></is></c></row>`
	hostileSheetTail = `<row r="2"><c r="A2" t="inlineStr"><is><t>Ola</t></is></c><c r="B2" t="inlineStr"><is><t>Nordmann</t></is></c></row></sheetData></worksheet>`
)

// hostileXLSX returns a workbook whose worksheet part is given deflated (raw, with its
// checksum and inflated size), so that it may inflate to more than the test could hold.
func hostileXLSX(t *testing.T, raw []byte, crc uint32, size uint64) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range [][2]string{{"[Content_Types].xml", hostileTypes}, {"_rels/.rels", hostileRels}, {"xl/workbook.xml", hostileWorkbook}, {"xl/_rels/workbook.xml.rels", hostileBookRels}} {
		w, _ := zw.Create(p[0])
		io.WriteString(w, p[1])
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(len(raw)), UncompressedSize64: size})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(raw)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// billionLaughs is a worksheet whose first name is &lol9;, 10⁹ "lol"s if it were expanded.
func billionLaughs() string {
	head := strings.TrimPrefix(hostileSheetHead, `<?xml version="1.0" encoding="UTF-8"?>`)
	return hostile.Laughs() + head + strings.Replace(hostileSheetTail, "<t>Ola", "<t>&lol9;", 1)
}

// TestHostileUploads uploads hostile files through the API: each import fails with a reason
// and stages nothing (or stages its rows, where the file is readable), and the server goes on
// serving.
func TestHostileUploads(t *testing.T) {
	bombRaw, bombCRC, bombSize := hostile.Deflated(hostileSheetHead, 1100, hostileSheetTail) // 1.1 GiB unpacked
	laughs := billionLaughs()
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
	nulLate := "First Name,Last Name,Note\n" + strings.Repeat("Ola,Nordmann,"+strings.Repeat("n", 100)+"\n", 100) + "Kari\x00\x00,Hansen\x00,x\n"
	tests := []struct {
		name    string
		file    string
		data    func(t *testing.T) []byte
		failure string // part of the failure message; "" when rows are staged
		rows    int
	}{
		{"zip bomb", "bomb.xlsx", func(t *testing.T) []byte { return hostileXLSX(t, bombRaw, bombCRC, bombSize) }, "The workbook is too large", 0},
		{"zip bomb lying about its size", "bomb.xlsx", func(t *testing.T) []byte { return hostileXLSX(t, bombRaw, bombCRC, 4096) }, "does not match the size or checksum", 0},
		{"billion laughs", "laughs.xlsx", func(t *testing.T) []byte {
			raw, crc, size := hostile.Deflated(laughs, 0, "")
			return hostileXLSX(t, raw, crc, size)
		}, "document type declaration", 0},
		{"PNG named .xlsx", "photo.xlsx", func(*testing.T) []byte { return png }, "PNG image", 0},
		{"CSV starting with NUL bytes", "nul.csv", func(*testing.T) []byte { return []byte("First Name,Last Name\n\x00\x00Ola,Nordmann\n") }, "not a spreadsheet", 0},
		{"CSV with NUL bytes after 8 KiB", "nul.csv", func(*testing.T) []byte { return []byte(nulLate) }, "", 101},
		{"CSV with an unclosed quotation mark", "quote.csv", func(*testing.T) []byte {
			return []byte("First Name,Last Name\nOla,\"Nordmann\nKari,Hansen\nPer,Berg\n")
		}, "a quotation mark opens a cell that is never closed", 0},
	}
	dbtest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, Config{})
		mgr := f.login("manager@oslo.no")
		// The failures are asserted in English: the manager chooses it over the Oslo shop's
		// Norwegian (TestFileMessagesInLanguage checks the other languages).
		mgr.decode(mgr.do("PUT", "/api/me/language", jsonBody(map[string]string{"language": "en"}), "application/json"), http.StatusOK, nil)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var created importBody
				mgr.decode(mgr.upload("/api/imports", tt.file, tt.data(t), ""), http.StatusCreated, &created)
				imp := mgr.waitStaged(created.ID)
				var page struct{ Total int }
				mgr.decode(mgr.do("GET", fmt.Sprintf("/api/imports/%d/rows", created.ID), nil, ""), http.StatusOK, &page)
				if tt.failure != "" {
					if imp.State != customer.StateFailed || !strings.Contains(imp.Failure, tt.failure) {
						t.Errorf("import: state %s, failure %q; want failed with %q", imp.State, imp.Failure, tt.failure)
					}
					if page.Total != 0 {
						t.Errorf("a failed import has %d rows", page.Total)
					}
				} else {
					if imp.State != customer.StateStaged || page.Total != tt.rows {
						t.Errorf("import: state %s (%q), %d rows; want staged with %d rows", imp.State, imp.Failure, page.Total, tt.rows)
					}
				}
				var me meBody
				mgr.decode(mgr.do("GET", "/api/me", nil, ""), http.StatusOK, &me)
				if me.Email != "manager@oslo.no" {
					t.Errorf("GET /api/me after the upload: %+v", me)
				}
			})
		}
	})
}
