package web

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
	"github.com/xuri/excelize/v2"
)

// download saves a response body and returns the first sheet's name and rows.
func download(t *testing.T, res *http.Response) (string, [][]string) {
	t.Helper()
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(res.Body)
		t.Fatalf("%s: status %d: %s", res.Request.URL, res.StatusCode, b)
	}
	path := filepath.Join(t.TempDir(), "download.xlsx")
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	name := x.GetSheetList()[0]
	rows, err := x.GetRows(name)
	if err != nil {
		t.Fatal(err)
	}
	return name, rows
}

// headersIn returns the template's headers in lang (FIELDS.md's columns, not the extra fields).
func headersIn(lang string) []string {
	h := make([]string, customer.TemplateFields)
	for i := range h {
		h[i] = customer.HeaderIn(lang, i)
	}
	return h
}

// TestLanguages: the template, the rows' messages and errors.xlsx come in the user's language,
// else the shop's; ?lang= chooses the template's.
func TestLanguages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, Config{})
		oslo := f.login("manager@oslo.no")     // follows the shop: Norwegian
		krakow := f.login("manager@krakow.pl") // follows the shop: Polish

		for _, tc := range []struct {
			c     *client
			query string
			sheet string
			lang  string
		}{
			{oslo, "", "Kunder", "nb"},
			{krakow, "", "Klienci", "pl"},
			{oslo, "?lang=pl", "Klienci", "pl"},
			{krakow, "?lang=en", "Customers", "en"},
		} {
			sheet, rows := download(t, tc.c.do("GET", "/api/template"+tc.query, nil, ""))
			if sheet != tc.sheet || len(rows) != 1 || !slices.Equal(rows[0], headersIn(tc.lang)) {
				t.Errorf("template%s: sheet %q rows %q, want %q with the %s headers", tc.query, sheet, rows, tc.sheet, tc.lang)
			}
		}
		oslo.errorCode(oslo.do("GET", "/api/template?lang=de", nil, ""), http.StatusBadRequest)

		// The field catalogue's texts, as the page shows them.
		for _, tc := range []struct {
			c        *client
			query    string
			header   string
			format   string
			fallback string // Default
		}{
			{oslo, "", "Etternavn", "tekst", "—"},
			{krakow, "", "Nazwisko", "tekst", "—"},
			{krakow, "?lang=en", "Last Name", "text", "—"},
		} {
			var fields []fieldBody
			tc.c.decode(tc.c.do("GET", "/api/fields"+tc.query, nil, ""), http.StatusOK, &fields)
			got := fields[customer.FLastName]
			if got.Key != "last_name" || got.Header != tc.header || got.Format != tc.format || got.Default != tc.fallback {
				t.Errorf("fields%s: %+v", tc.query, got)
			}
			if yn := fields[customer.FEmailOptIn].Allowed; !slices.Equal(yn, []string{"Yes", "No"}) {
				t.Errorf("fields%s: allowed values %q, want them as stored", tc.query, yn)
			}
		}
		oslo.errorCode(oslo.do("GET", "/api/fields?lang=xx", nil, ""), http.StatusBadRequest)

		imp := oslo.stageFixture()
		base := fmt.Sprintf("/api/imports/%d", imp.ID)
		rowMessages := func(c *client) (string, string) {
			t.Helper()
			res := c.do("GET", base+"/rows?status=error", nil, "")
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			var page struct{ Rows []rowBody }
			if err := json.Unmarshal(b, &page); err != nil || len(page.Rows) != 2 {
				t.Fatalf("error rows: %v %s", err, b)
			}
			if strings.Contains(string(b), `"msg"`) || strings.Contains(string(b), `"args"`) {
				t.Errorf("the API shows the message id and arguments: %s", b)
			}
			return page.Rows[0].Errors[0].Message, page.Rows[1].Errors[0].Message
		}
		errorsXLSX := func(c *client) []string {
			t.Helper()
			_, rows := download(t, c.do("GET", base+"/errors.xlsx", nil, ""))
			if len(rows) != 3 { // the header and the two error rows
				t.Fatalf("errors.xlsx: %q", rows)
			}
			// The message column first, then the template's.
			return []string{rows[0][1+customer.FLastName], rows[0][0], rows[1][0]}
		}

		r5, r7 := rowMessages(oslo)
		if r5 != "Etternavn må fylles ut." || !strings.Contains(r7, "er den samme som på rad 2") {
			t.Errorf("Norwegian rows: %q, %q", r5, r7)
		}
		if got := errorsXLSX(oslo); got[0] != "Etternavn" || got[1] != "Feilmelding" || !strings.HasPrefix(got[2], "Etternavn må fylles ut. E-post «per@example» er ikke en gyldig e-postadresse.") {
			t.Errorf("Norwegian errors.xlsx: %q", got)
		}

		// The Norwegian errors.xlsx uploads again as it is: the reader knows its headers, and the
		// Feilmelding column is ignored, without a warning. Row 5 still has its errors; row 7, a
		// duplicate of a row that is not in this file, is now new.
		res := oslo.do("GET", base+"/errors.xlsx", nil, "")
		fixed, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		var again importBody
		oslo.decode(oslo.upload("/api/imports", "kunder-nb-errors.xlsx", fixed, "create"), http.StatusCreated, &again)
		again = oslo.waitStaged(again.ID)
		// (The file is our own template, which needs no "recognised as" note either.)
		if again.Summary != (customer.Summary{Rows: 2, New: 1, Error: 1}) || len(again.Warnings) != 0 {
			t.Errorf("errors.xlsx uploaded again: %+v", again)
		}

		// The manager chooses Polish for themselves: the same staged rows now speak Polish.
		oslo.decode(oslo.do("PUT", "/api/me/language", jsonBody(map[string]string{"language": "pl"}), "application/json"), http.StatusOK, nil)
		r5, r7 = rowMessages(oslo)
		if r5 != "Nazwisko: to pole jest wymagane." || !strings.Contains(r7, "występuje już w wierszu 2") {
			t.Errorf("Polish rows: %q, %q", r5, r7)
		}
		if got := errorsXLSX(oslo); got[0] != "Nazwisko" || got[1] != "Komunikat o błędzie" || !strings.HasPrefix(got[2], "Nazwisko: to pole jest wymagane. E-mail: adres „per@example” jest nieprawidłowy.") {
			t.Errorf("Polish errors.xlsx: %q", got)
		}
		sheet, _ := download(t, oslo.do("GET", "/api/template", nil, ""))
		if sheet != "Klienci" {
			t.Errorf("the template follows the user's choice: %q", sheet)
		}

		// And English.
		oslo.decode(oslo.do("PUT", "/api/me/language", jsonBody(map[string]string{"language": "en"}), "application/json"), http.StatusOK, nil)
		r5, _ = rowMessages(oslo)
		if r5 != "Last Name is required." {
			t.Errorf("English row: %q", r5)
		}
		if got := errorsXLSX(oslo); got[1] != "Error message" || !strings.HasPrefix(got[2], "Last Name is required. Email “per@example” is not a valid email address.") {
			t.Errorf("English errors.xlsx: %q", got)
		}
	})
}
