package web

import (
	"bytes"
	"mime/multipart"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// TestUploadBodyLimit sends a small file after a field far larger than the upload limit: the
// limit is on the whole request body, not only on the file, so the server stops reading and
// answers 413 instead of reading whatever a client sends around the file.
func TestUploadBodyLimit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, Config{MaxUpload: 4 << 10})
		mgr := f.login("manager@oslo.no")
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		if err := mw.WriteField("padding", strings.Repeat("x", 1<<20)); err != nil {
			t.Fatal(err)
		}
		fw, err := mw.CreateFormFile("file", "small.csv")
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte("First Name,Last Name\nOla,Nordmann\n"))
		mw.Close()
		if code := mgr.errorCode(mgr.do("POST", "/api/imports", &body, mw.FormDataContentType()), 413); code != customer.ETooLarge {
			t.Errorf("1 MB field around a small file: %s, want %s", code, customer.ETooLarge)
		}
	})
}
