package web

import (
	"bufio"
	"bytes"
	"io"
	"mime/multipart"
	"net"
	"net/http"
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
		req, err := http.NewRequest("POST", f.http.URL+"/api/imports", &body)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Authorization", "Bearer "+f.token)
		res := sendWhileReading(t, req)
		c := f.bearerClient()
		if code := c.errorCode(res, 413); code != customer.ETooLarge {
			t.Errorf("1 MB field around a small file: %s, want %s", code, customer.ETooLarge)
		}
	})
}

// sendWhileReading writes the request on a connection of its own while it reads the answer, as
// a browser does. http.Client gives up on a request whose body the server stopped reading once
// the server closes the connection under the write ("connection reset by peer"), even though the
// 413 answer has arrived, so the answer is read here whatever becomes of the write.
func sendWhileReading(t *testing.T, req *http.Request) *http.Response {
	t.Helper()
	conn, err := net.Dial("tcp", req.URL.Host)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	wrote := make(chan struct{})
	go func() {
		defer close(wrote)
		_ = req.Write(conn) // a reset once the server has answered is expected
	}()
	t.Cleanup(func() { conn.Close(); <-wrote })
	res, err := http.ReadResponse(bufio.NewReader(conn), req)
	if err != nil {
		t.Fatalf("%s %s: reading the answer: %v", req.Method, req.URL.Path, err)
	}
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the answer's body: %v", req.Method, req.URL.Path, err)
	}
	res.Body = io.NopCloser(bytes.NewReader(b))
	return res
}
