package web

import (
	"bytes"
	"fmt"
	"maps"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// postMappingDefaults sends a mapping with values for blank cells.
func (c *client) postMappingDefaults(id int64, m, defaults map[string]string) *http.Response {
	return c.do("POST", fmt.Sprintf("/api/imports/%d/mapping", id), jsonBody(map[string]any{"map": m, "defaults": defaults}), "application/json")
}

// uploadWithDefaults uploads a file with "default" form fields, one per item of defaults.
func (c *client) uploadWithDefaults(path, name string, data []byte, defaults ...string) *http.Response {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, d := range defaults {
		_ = mw.WriteField("default", d)
	}
	fw, _ := mw.CreateFormFile("file", name)
	_, _ = fw.Write(data)
	_ = mw.Close()
	return c.do("POST", path, &buf, mw.FormDataContentType())
}

// columnOf returns the value of field key in every staged row of an import, in row order.
func columnOf(c *client, id int64, key string) []string {
	var out []string
	for _, r := range c.rowsOf(id) {
		out = append(out, r.Cells[key])
	}
	return out
}

// TestMappingDefaults: the mapping step takes values for the blank cells of a field, for fields
// of the file and fields it lacks (a required one included); refuses, with one sentence and
// nothing changed, a field that is none or a value the field cannot hold; keeps them with the
// import, so that an edit emptying a cell and a new file uploaded into the import get them too.
func TestMappingDefaults(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, Config{})
		mgr := f.login("manager@oslo.no")
		data := readFixture(t, contactsFile)
		created := mgr.uploadFor("/api/imports", http.StatusCreated, contactsFile, data)
		base := fmt.Sprintf("/api/imports/%d", created.ID)
		var m struct{ Defaults map[string]string }
		mgr.decode(mgr.do("GET", base+"/mapping", nil, ""), http.StatusOK, &m)
		if m.Defaults == nil || len(m.Defaults) != 0 {
			t.Errorf("mapping step's defaults before any: %#v, want {}", m.Defaults)
		}

		t.Run("refused", func(t *testing.T) {
			for _, tc := range []struct {
				name     string
				defaults map[string]string
				says     string
			}{
				{"no such field", map[string]string{"country": "NO", "Fax": "22 00 00 00"}, "«Fax»"},
				{"too long", map[string]string{"city": strings.Repeat("Oslo", 13)}, "52"},
				{"not a country", map[string]string{"Land": "Narnia"}, "«Narnia»"},
				{"not yes or no", map[string]string{"sms_opt_in": "Kanskje"}, "«Kanskje»"},
			} {
				var e errorBody
				mgr.decode(mgr.postMappingDefaults(created.ID, contactsMap, tc.defaults), http.StatusBadRequest, &e)
				if e.Error.Code != customer.EInvalid || !strings.Contains(e.Error.Message, tc.says) || strings.Contains(e.Error.Message, ". ") {
					t.Errorf("%s: %+v, want one sentence with %s", tc.name, e.Error, tc.says)
				}
			}
			var got importBody
			mgr.decode(mgr.do("GET", base, nil, ""), http.StatusOK, &got)
			if got.State != customer.StateMapping || len(got.Defaults) != 0 {
				t.Errorf("after refusals: %+v", got)
			}
		})

		t.Run("filled", func(t *testing.T) {
			// Names as the CLI takes them too: a header in the user's language, any case.
			defaults := map[string]string{"country": "NO", "SMS-markedsføring": " Nei ", "email": "", "postcode": "9999"}
			var started importBody
			mgr.decode(mgr.postMappingDefaults(created.ID, contactsMap, defaults), http.StatusOK, &started)
			want := map[string]string{"country": "NO", "sms_opt_in": "Nei", "postcode": "9999"}
			if !maps.Equal(started.Defaults, want) {
				t.Errorf("import's defaults %v, want %v", started.Defaults, want)
			}
			imp := mgr.waitStaged(created.ID)
			if imp.State != customer.StateStaged || imp.Summary != (customer.Summary{Rows: 3, New: 3}) || !maps.Equal(imp.Defaults, want) {
				t.Fatalf("staged: %+v", imp)
			}
			// The file has postcodes: its cells stay; it has no Country or SMS column.
			for key, w := range map[string]string{"country": "NO NO NO", "sms_opt_in": "Nei Nei Nei", "postcode": "0150 5003 7010"} {
				if got := strings.Join(columnOf(mgr, created.ID, key), " "); got != w {
					t.Errorf("%s cells %q, want %q", key, got, w)
				}
			}
		})

		t.Run("an emptied cell takes the default", func(t *testing.T) {
			var row rowBody
			mgr.decode(mgr.do("PATCH", base+"/rows/2", jsonBody(map[string]string{"country": "", "city": "Bergen"}), "application/json"), http.StatusOK, &row)
			if row.Cells["country"] != "NO" || row.Cells["city"] != "Bergen" {
				t.Errorf("edited row's cells %v", row.Cells)
			}
		})

		t.Run("kept for a new file", func(t *testing.T) {
			again := mgr.uploadFor(base+"/file", http.StatusOK, "template.csv", []byte("First Name,Last Name,Country\nJan,Kowalski,PL\nAnne,Lie,\n"))
			if again.Defaults["country"] != "NO" {
				t.Errorf("re-upload: %+v", again)
			}
			mgr.waitStaged(created.ID)
			if got := strings.Join(columnOf(mgr, created.ID, "country"), " "); got != "PL NO" {
				t.Errorf("country cells after a re-upload %q, want PL NO", got)
			}
		})

		t.Run("a required field no column fills", func(t *testing.T) {
			imp := mgr.uploadFor("/api/imports", http.StatusCreated, contactsFile, data)
			noFamily := maps.Clone(contactsMap)
			noFamily["Family"] = ""
			mgr.errorCode(mgr.postMapping(imp.ID, noFamily, false), http.StatusBadRequest)
			mgr.decode(mgr.postMappingDefaults(imp.ID, noFamily, map[string]string{"last_name": "Ukjent"}), http.StatusOK, nil)
			if got := mgr.waitStaged(imp.ID); got.Summary != (customer.Summary{Rows: 3, New: 3}) {
				t.Errorf("staged: %+v", got)
			}
			if got := strings.Join(columnOf(mgr, imp.ID, "last_name"), " "); got != "Ukjent Ukjent Ukjent" {
				t.Errorf("last names %q", got)
			}
		})
	})
}

// TestUploadDefaults: the upload takes values for blank cells as repeated "default" form fields
// ("Country=NO"), checked as the mapping step checks them.
func TestUploadDefaults(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, Config{})
		mgr := f.login("manager@oslo.no")
		file := []byte("First Name,Last Name,Email,SMS Marketing\nOla,Nordmann,ola@example.no,\nKari,Berg,kari@example.no,Yes\n")

		for _, tc := range []struct {
			name     string
			defaults []string
			says     string
		}{
			{"no such field", []string{"Fax=22 00 00 00"}, "«Fax»"},
			{"no equals sign", []string{"Country"}, "«Country»"},
			{"too long", []string{"City=" + strings.Repeat("x", 51)}, "51"},
		} {
			var e errorBody
			mgr.decode(mgr.uploadWithDefaults("/api/imports", "kunder.csv", file, tc.defaults...), http.StatusBadRequest, &e)
			if e.Error.Code != customer.EInvalid || !strings.Contains(e.Error.Message, tc.says) || strings.Contains(e.Error.Message, ". ") {
				t.Errorf("%s: %+v, want one sentence with %s", tc.name, e.Error, tc.says)
			}
		}

		// A file that waits for its mapping keeps them for the mapping step, where a required
		// field with one is not missing.
		var waiting importBody
		mgr.decode(mgr.uploadWithDefaults("/api/imports", contactsFile, readFixture(t, contactsFile), "Last Name=Ukjent"), http.StatusCreated, &waiting)
		var m struct {
			Missing  []string
			Defaults map[string]string
		}
		mgr.decode(mgr.do("GET", fmt.Sprintf("/api/imports/%d/mapping", waiting.ID), nil, ""), http.StatusOK, &m)
		if waiting.State != customer.StateMapping || len(m.Missing) != 0 || m.Defaults["last_name"] != "Ukjent" {
			t.Errorf("waiting for its mapping: %+v; mapping step: %+v", waiting, m)
		}

		var created importBody
		mgr.decode(mgr.uploadWithDefaults("/api/imports", "kunder.csv", file, "Country=PL", "sms_opt_in=No", "Note=Fra kassa 2"), http.StatusCreated, &created)
		imp := mgr.waitStaged(created.ID)
		want := map[string]string{"country": "PL", "sms_opt_in": "No", "note": "Fra kassa 2"}
		if imp.Summary != (customer.Summary{Rows: 2, New: 2}) || !maps.Equal(imp.Defaults, want) {
			t.Fatalf("staged: %+v", imp)
		}
		for key, w := range map[string]string{"country": "PL PL", "sms_opt_in": "No Yes", "note": "Fra kassa 2 Fra kassa 2"} {
			if got := strings.Join(columnOf(mgr, imp.ID, key), " "); got != w {
				t.Errorf("%s cells %q, want %q", key, got, w)
			}
		}
	})
}
