package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// contactsFile is testdata/contacts-unknown-headers.csv: a semicolon CSV from an address book
// whose "Family" column no rule recognises, so the upload needs the mapping step.
const contactsFile = "contacts-unknown-headers.csv"

// contactsMap is the mapping a person confirms for contactsFile.
var contactsMap = map[string]string{"Given name": "first_name", "Family": "last_name", "Contact": "email", "Cell phone": "mobile", "Zip": "postcode"}

// mappingAnswer is what GET /api/imports/{id}/mapping answers, as the test reads it.
type mappingAnswer struct {
	Import    importBody
	Signature string
	Columns   []mappingColumnBody
	Missing   []string
	Targets   []mappingTargetBody
}

func (c *client) uploadFor(path string, want int, name string, data []byte) importBody {
	c.f.t.Helper()
	var imp importBody
	c.decode(c.upload(path, name, data, "create"), want, &imp)
	return imp
}

func (c *client) postMapping(id int64, m map[string]string, remember bool) *http.Response {
	return c.do("POST", fmt.Sprintf("/api/imports/%d/mapping", id), jsonBody(map[string]any{"map": m, "remember": remember}), "application/json")
}

// rowsOf returns every staged row of an import.
func (c *client) rowsOf(id int64) []rowBody {
	c.f.t.Helper()
	var page struct{ Rows []rowBody }
	c.decode(c.do("GET", fmt.Sprintf("/api/imports/%d/rows", id), nil, ""), http.StatusOK, &page)
	return page.Rows
}

// TestMappingStep follows a file with unrecognised headers through the API: it waits in state
// mapping with suggestions, a wrong mapping is refused, the right one stages the rows with the
// right values, and the remembered mapping stages the next such file of the shop (and only of
// that shop) at once.
func TestMappingStep(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, Config{})
		mgr := f.login("manager@oslo.no")
		krakow := f.login("manager@krakow.pl")
		data := readFixture(t, contactsFile)

		created := mgr.uploadFor("/api/imports", http.StatusCreated, contactsFile, data)
		if created.State != customer.StateMapping || created.FileName != contactsFile || created.Mode != customer.ModeCreate {
			t.Fatalf("upload with unknown headers: %+v", created)
		}
		kept := created.ID
		if !f.keeps(kept) {
			t.Fatalf("import %d keeps no upload", kept)
		}
		base := fmt.Sprintf("/api/imports/%d", created.ID)

		t.Run("suggestions", func(t *testing.T) {
			var got importBody
			mgr.decode(mgr.do("GET", base, nil, ""), http.StatusOK, &got)
			if got.State != customer.StateMapping {
				t.Errorf("the import left state mapping by itself: %+v", got)
			}
			var m mappingAnswer
			mgr.decode(mgr.do("GET", base+"/mapping", nil, ""), http.StatusOK, &m)
			if m.Import.ID != created.ID || len(m.Signature) != 16 {
				t.Errorf("mapping of import %d, signature %q", m.Import.ID, m.Signature)
			}
			want := []struct{ letter, header, field, reason, sample string }{
				{"A", "Given name", "first_name", "synonym", "Ola"},
				{"B", "Family", "", "", "Nordmann"},
				{"C", "Contact", "email", "values look like emails", "ola.nordmann@example.no"},
				{"D", "Cell phone", "mobile", "synonym", "+47 912 34 567"},
				{"E", "Zip", "postcode", "synonym", "0150"},
			}
			if len(m.Columns) != len(want) {
				t.Fatalf("columns: %+v", m.Columns)
			}
			for i, w := range want {
				c := m.Columns[i]
				if c.Letter != w.letter || c.Header != w.header || c.Field != w.field || c.Reason != w.reason || len(c.Samples) != 3 || c.Samples[0] != w.sample {
					t.Errorf("column %d: %+v, want %+v", i, c, w)
				}
			}
			if strings.Join(m.Missing, ",") != "last_name" {
				t.Errorf("missing: %v, want [last_name]", m.Missing)
			}
			required := map[string]bool{}
			for _, tg := range m.Targets {
				required[tg.Key] = tg.Required
			}
			if len(m.Targets) != customer.NumFields+1 || !required["first_name"] || !required["last_name"] || required["email"] {
				t.Errorf("targets: %+v", m.Targets)
			}
			if _, ok := required["full_name"]; !ok {
				t.Errorf("targets lack full_name: %+v", m.Targets)
			}
		})

		t.Run("wrong mappings are refused", func(t *testing.T) {
			// The refusals are the reader's (sheet.CheckMap), said in the user's language: the
			// Oslo shop's Norwegian, and English for a manager who chooses it.
			bad := map[string]string{"Given name": "first_name", "Family": "surname", "Contact": "e-mail-ish", "Zip": "postcode"}
			var e errorBody
			mgr.decode(mgr.postMapping(created.ID, bad, true), http.StatusBadRequest, &e)
			if e.Error.Code != customer.EInvalid || !strings.Contains(e.Error.Message, "«e-mail-ish», «surname»") {
				t.Errorf("unknown targets, in Norwegian: %+v", e.Error)
			}
			mgr.decode(mgr.do("PUT", "/api/me/language", jsonBody(map[string]string{"language": "en"}), "application/json"), http.StatusOK, nil)
			defer func() {
				mgr.decode(mgr.do("PUT", "/api/me/language", jsonBody(map[string]string{"language": ""}), "application/json"), http.StatusOK, nil)
			}()
			mgr.decode(mgr.postMapping(created.ID, bad, true), http.StatusBadRequest, &e)
			if e.Error.Code != customer.EInvalid || !strings.Contains(e.Error.Message, "“surname”") || !strings.Contains(e.Error.Message, "“e-mail-ish”") {
				t.Errorf("unknown targets: %+v", e.Error)
			}
			mgr.decode(mgr.postMapping(created.ID, map[string]string{"Given name": "first_name", "Family": ""}, true), http.StatusBadRequest, &e)
			if e.Error.Code != customer.EInvalid || !strings.Contains(e.Error.Message, "Last Name") {
				t.Errorf("required field not mapped: %+v", e.Error)
			}
			mgr.decode(mgr.postMapping(created.ID, map[string]string{"Given name": "first_name", "Surname": "last_name"}, true), http.StatusBadRequest, &e)
			if !strings.Contains(e.Error.Message, "“Surname”") {
				t.Errorf("a header the file lacks: %+v", e.Error)
			}
			mgr.errorCode(mgr.do("POST", base+"/mapping", strings.NewReader(`{"map": {}}`), "application/json"), http.StatusBadRequest)
			// An import without rows yet cannot be confirmed or checked.
			mgr.errorCode(mgr.do("POST", base+"/confirm", nil, ""), http.StatusConflict)
			mgr.errorCode(mgr.do("POST", base+"/validate", nil, ""), http.StatusConflict)
			mgr.errorCode(mgr.do("POST", base+"/mapping", strings.NewReader(`not json`), "application/json"), http.StatusBadRequest)
			// Nothing was saved or started by a refused mapping.
			var got importBody
			mgr.decode(mgr.do("GET", base, nil, ""), http.StatusOK, &got)
			if got.State != customer.StateMapping || !f.keeps(kept) {
				t.Errorf("after refused mappings: %+v, file kept %v", got, f.keeps(kept))
			}
			if _, err := f.store.SavedMapping(context.Background(), f.oslo.ID, signatureOf(t, mgr, created.ID)); customer.ErrorCodeOf(err) != customer.ENotFound {
				t.Errorf("a refused mapping was saved: %v", err)
			}
		})

		t.Run("another tenant sees nothing", func(t *testing.T) {
			krakow.errorCode(krakow.do("GET", base+"/mapping", nil, ""), http.StatusNotFound)
			krakow.errorCode(krakow.postMapping(created.ID, contactsMap, true), http.StatusNotFound)
			krakow.errorCode(krakow.do("DELETE", base, nil, ""), http.StatusNotFound)
			if !f.keeps(kept) {
				t.Errorf("another tenant's request deleted the kept file")
			}
		})

		sig := signatureOf(t, mgr, created.ID)
		t.Run("mapped and staged", func(t *testing.T) {
			var started importBody
			// Targets may be keys or English headers, in any case.
			m := map[string]string{"Given name": "First Name", "Family": "last_name", "Contact": "EMAIL", "Cell phone": "mobile", "Zip": "Postcode"}
			mgr.decode(mgr.postMapping(created.ID, m, true), http.StatusOK, &started)
			if started.State != customer.StateChecking {
				t.Fatalf("after the mapping: %+v", started)
			}
			imp := mgr.waitStaged(created.ID)
			if imp.State != customer.StateStaged || imp.Summary != (customer.Summary{Rows: 3, New: 3}) {
				t.Fatalf("staged: %+v", imp)
			}
			checkContactRows(t, mgr.rowsOf(created.ID), []string{"Ola", "Nordmann", "ola.nordmann@example.no", "+47 912 34 567", "0150"})
			if f.keeps(kept) {
				t.Errorf("the kept file outlived staging")
			}
			mgr.errorCode(mgr.postMapping(created.ID, contactsMap, true), http.StatusConflict)
			mgr.errorCode(mgr.do("GET", base+"/mapping", nil, ""), http.StatusConflict)
			saved, err := f.store.SavedMapping(context.Background(), f.oslo.ID, sig)
			if err != nil || saved.Map["Family"] != "last_name" || saved.Map["Given name"] != "first_name" || saved.CreatedBy != "manager@oslo.no" {
				t.Errorf("saved mapping: %+v, %v", saved, err)
			}
		})

		t.Run("remembered for the next file", func(t *testing.T) {
			next := []byte("given name;FAMILY;Contact;Cell phone;Zip\nAnne;Lie;anne.lie@example.no;+47 922 11 333;0151\n")
			imp := mgr.uploadFor("/api/imports", http.StatusCreated, "contacts-march.csv", next)
			if imp.State != customer.StateChecking {
				t.Fatalf("a file with remembered headers: %+v", imp)
			}
			imp = mgr.waitStaged(imp.ID)
			note := "Columns mapped as saved on " + time.Now().UTC().Format(time.DateOnly) + " for files with these headers."
			if imp.State != customer.StateStaged || imp.Summary.New != 1 || len(imp.Warnings) == 0 || imp.Warnings[0] != note {
				t.Fatalf("staged with the remembered mapping: %+v", imp)
			}
			checkContactRows(t, mgr.rowsOf(imp.ID), []string{"Anne", "Lie", "anne.lie@example.no", "+47 922 11 333", "0151"})
			// The mapping is the shop's: Kraków's manager maps the same file afresh.
			if other := krakow.uploadFor("/api/imports", http.StatusCreated, contactsFile, data); other.State != customer.StateMapping {
				t.Errorf("another tenant's upload of the same headers: %+v", other)
			}
		})

		t.Run("not remembered unless asked", func(t *testing.T) {
			imp := krakow.uploadFor("/api/imports", http.StatusCreated, contactsFile, data)
			krakow.decode(krakow.postMapping(imp.ID, contactsMap, false), http.StatusOK, nil)
			if got := krakow.waitStaged(imp.ID); got.State != customer.StateStaged || got.Summary.Rows != 3 {
				t.Fatalf("staged: %+v", got)
			}
			if again := krakow.uploadFor("/api/imports", http.StatusCreated, contactsFile, data); again.State != customer.StateMapping {
				t.Errorf("a mapping sent with remember false was remembered: %+v", again)
			}
		})

		t.Run("discard deletes the kept file", func(t *testing.T) {
			imp := krakow.uploadFor("/api/imports", http.StatusCreated, contactsFile, data)
			path := imp.ID
			if !f.keeps(path) {
				t.Fatalf("import %d keeps no upload", path)
			}
			var got importBody
			krakow.decode(krakow.do("DELETE", fmt.Sprintf("/api/imports/%d", imp.ID), nil, ""), http.StatusOK, &got)
			if got.State != customer.StateDiscarded || f.keeps(path) {
				t.Errorf("discarded: %+v, file still there: %v", got, f.keeps(path))
			}
			krakow.errorCode(krakow.postMapping(imp.ID, contactsMap, true), http.StatusConflict)
		})

		t.Run("a new file replaces the kept one", func(t *testing.T) {
			imp := krakow.uploadFor("/api/imports", http.StatusCreated, contactsFile, data)
			path := imp.ID
			again := krakow.uploadFor(fmt.Sprintf("/api/imports/%d/file", imp.ID), http.StatusOK, "template.csv", []byte("First Name,Last Name\nJan,Kowalski\n"))
			if again.State != customer.StateChecking {
				t.Fatalf("a recognised file into a mapping import: %+v", again)
			}
			if got := krakow.waitStaged(imp.ID); got.State != customer.StateStaged || got.Summary.Rows != 1 || got.FileName != "template.csv" {
				t.Errorf("staged: %+v", got)
			}
			if f.keeps(path) {
				t.Errorf("the replaced kept file is still there")
			}
		})
	})
}

// signatureOf reads the header signature of an import in state mapping.
func signatureOf(t *testing.T, c *client, id int64) string {
	t.Helper()
	var m mappingAnswer
	c.decode(c.do("GET", fmt.Sprintf("/api/imports/%d/mapping", id), nil, ""), http.StatusOK, &m)
	return m.Signature
}

// checkContactRows checks the first staged row's first name, last name, email, mobile and
// postcode, and that no row has errors.
func checkContactRows(t *testing.T, rows []rowBody, want []string) {
	t.Helper()
	if len(rows) == 0 {
		t.Fatal("no rows staged")
	}
	c := rows[0].Cells
	got := []string{c["first_name"], c["last_name"], c["email"], c["mobile"], c["postcode"]}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("row %d cells %q, want %q", rows[0].Row, got, want)
	}
	for _, r := range rows {
		if len(r.Errors) > 0 || r.Status != customer.StatusNew {
			t.Errorf("row %d: %s %+v", r.Row, r.Status, r.Errors)
		}
	}
}

// TestMappingExpires: a file left waiting for its mapping longer than KeepMapping is deleted by
// the sweep (the periodic job), and its import fails with the reason; a fresh one stays.
func TestMappingExpires(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, Config{KeepMapping: time.Hour})
		mgr := f.login("manager@oslo.no")
		data := readFixture(t, contactsFile)
		swept := mgr.uploadFor("/api/imports", http.StatusCreated, contactsFile, data)
		fresh := mgr.uploadFor("/api/imports", http.StatusCreated, contactsFile, data)
		f.age(swept.ID, 2*time.Hour)
		if err := f.srv.Importer().Sweep(context.Background()); err != nil {
			t.Fatal(err)
		}
		var got importBody
		mgr.decode(mgr.do("GET", fmt.Sprintf("/api/imports/%d", swept.ID), nil, ""), http.StatusOK, &got)
		if got.State != customer.StateFailed || !strings.Contains(got.Failure, "not mapped within") || !strings.Contains(got.Failure, "upload it again") {
			t.Errorf("swept import: %+v", got)
		}
		if f.keeps(swept.ID) {
			t.Errorf("the swept import's file is still kept")
		}
		mgr.decode(mgr.do("GET", fmt.Sprintf("/api/imports/%d", fresh.ID), nil, ""), http.StatusOK, &got)
		if got.State != customer.StateMapping || !f.keeps(fresh.ID) {
			t.Errorf("a fresh import was swept: %+v", got)
		}
		mgr.errorCode(mgr.postMapping(swept.ID, contactsMap, true), http.StatusConflict)
	})
}

// TestMappingExpiresOnRead: an import that waited longer than KeepMapping fails as soon as any
// server reads it, even where no sweep has run.
func TestMappingExpiresOnRead(t *testing.T) {
	clock := &testClock{}
	f := newFixture(t, dbtest.SQLite(t), Config{KeepMapping: time.Hour, Now: clock.Now})
	mgr := f.login("manager@oslo.no")
	imp := mgr.uploadFor("/api/imports", http.StatusCreated, contactsFile, readFixture(t, contactsFile))
	var got importBody
	mgr.decode(mgr.do("GET", fmt.Sprintf("/api/imports/%d", imp.ID), nil, ""), http.StatusOK, &got)
	if got.State != customer.StateMapping || !f.keeps(imp.ID) {
		t.Fatalf("within KeepMapping: %+v, file kept %v", got, f.keeps(imp.ID))
	}
	clock.Advance(time.Hour)
	mgr.decode(mgr.do("GET", fmt.Sprintf("/api/imports/%d", imp.ID), nil, ""), http.StatusOK, &got)
	if got.State != customer.StateFailed || !strings.Contains(got.Failure, "not mapped within") {
		t.Errorf("an expired mapping import: %+v", got)
	}
	if f.keeps(imp.ID) {
		t.Errorf("the expired file is still kept")
	}
}

// age makes an import's last change d older, as the database's clock stamps it.
func (f *fixture) age(importID int64, d time.Duration) {
	f.t.Helper()
	secs := int(d / time.Second)
	q := fmt.Sprintf(`UPDATE imports SET updated_at = updated_at - interval '%d seconds' WHERE id = %d`, secs, importID)
	if f.store.Dialect() == "sqlite" {
		q = fmt.Sprintf(`UPDATE imports SET updated_at = strftime('%%Y-%%m-%%dT%%H:%%M:%%fZ', updated_at, '-%d seconds') WHERE id = %d`, secs, importID)
	}
	if _, err := f.store.DB().ExecContext(context.Background(), q); err != nil {
		f.t.Fatal(err)
	}
}

// keeps says whether the database keeps an uploaded file for the import.
func (f *fixture) keeps(importID int64) bool {
	f.t.Helper()
	r, err := f.store.OpenFile(context.Background(), importID)
	if customer.ErrorCodeOf(err) == customer.ENotFound {
		return false
	}
	if err != nil {
		f.t.Fatal(err)
	}
	r.Close()
	return true
}
