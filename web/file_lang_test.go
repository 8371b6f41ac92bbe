package web

import (
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// TestFileMessagesInLanguage: an import's failure and file-level warnings come in the language of
// the user who looks at the import (issue 6), from the same stored import: a PNG named .xlsx and
// a file with a column that is no customer field, seen by a Norwegian user (the Oslo shop's
// language) and then, after choosing English, in English — the sentences the CLI reports.
func TestFileMessagesInLanguage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, Config{})
		mgr := f.login("manager@oslo.no")

		png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
		var created importBody
		mgr.decode(mgr.upload("/api/imports", "kunder.xlsx", png, ""), http.StatusCreated, &created)
		failed := mgr.waitStaged(created.ID)
		const pngNB = "Denne filen er et PNG-bilde, ikke et regneark. Last opp kundelisten som en .xlsx- eller CSV-fil."
		const pngEN = "This file is a PNG image, not a spreadsheet. Upload the customer list as an .xlsx or CSV file."
		if failed.State != customer.StateFailed || failed.Failure != pngNB {
			t.Errorf("png as a Norwegian user: state %s, failure %q, want %q", failed.State, failed.Failure, pngNB)
		}

		var fax importBody
		mgr.decode(mgr.upload("/api/imports", "kunder.csv", []byte("First Name,Last Name,Fax\nOla,Nordmann,22 33 44 55\n"), "create"), http.StatusCreated, &fax)
		staged := mgr.waitStaged(fax.ID)
		const faxNB = "Kolonnen «Fax» er ikke et kundefelt og ble ignorert."
		const faxEN = "Column “Fax” is not a customer field and was ignored."
		if staged.State != customer.StateStaged || !slices.Equal(staged.Warnings, []string{faxNB}) {
			t.Errorf("unknown column as a Norwegian user: state %s, warnings %q, want %q", staged.State, staged.Warnings, faxNB)
		}
		var list struct{ Imports []importBody }
		mgr.decode(mgr.do("GET", "/api/imports", nil, ""), http.StatusOK, &list)
		seen := 0
		for _, imp := range list.Imports {
			if imp.ID == created.ID || imp.ID == fax.ID {
				seen++
			}
			if imp.ID == created.ID && imp.Failure != pngNB || imp.ID == fax.ID && !slices.Equal(imp.Warnings, []string{faxNB}) {
				t.Errorf("import list as a Norwegian user: %+v", imp)
			}
		}
		if seen != 2 {
			t.Errorf("import list: %d of the 2 imports", seen)
		}

		// An error answered at once (an empty upload) speaks the user's language too.
		emptyUpload := func() string {
			t.Helper()
			var e errorBody
			mgr.decode(mgr.upload("/api/imports", "tom.csv", nil, ""), http.StatusUnprocessableEntity, &e)
			return e.Error.Message
		}
		if got := emptyUpload(); got != "Filen er tom." {
			t.Errorf("empty upload as a Norwegian user: %q", got)
		}

		mgr.decode(mgr.do("PUT", "/api/me/language", jsonBody(map[string]string{"language": "en"}), "application/json"), http.StatusOK, nil)
		if got := emptyUpload(); got != "The file is empty." {
			t.Errorf("empty upload as an English user: %q", got)
		}
		var again importBody
		mgr.decode(mgr.do("GET", fmt.Sprintf("/api/imports/%d", created.ID), nil, ""), http.StatusOK, &again)
		if again.Failure != pngEN {
			t.Errorf("png as an English user: failure %q, want %q", again.Failure, pngEN)
		}
		mgr.decode(mgr.do("GET", fmt.Sprintf("/api/imports/%d", fax.ID), nil, ""), http.StatusOK, &again)
		if !slices.Equal(again.Warnings, []string{faxEN}) {
			t.Errorf("unknown column as an English user: warnings %q, want %q", again.Warnings, faxEN)
		}

		// The store keeps the English sentences (the CLI's report) beside what they were made from.
		stored, err := f.store.Import(t.Context(), f.oslo.ID, created.ID)
		if err != nil || stored.Failure != pngEN || stored.FailureMsg == nil || stored.FailureMsg.Msg != "file_other_kind" {
			t.Errorf("stored failure: %v, %q, %+v", err, stored.Failure, stored.FailureMsg)
		}
	})
}
