package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// TestBulkEditAPI follows the grid's bulk work through the API, both databases: chips by cause,
// a filtered page, a replace counted first (dry_run), run and validated, taken back, skipped rows
// in the summary, and the sentence and status of each kind of bad request, which changes nothing.
func TestBulkEditAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, Config{})
		mgr := f.login("manager@oslo.no")
		imp := mgr.stageCSV("kunder.csv", "create", "Fornavn;Etternavn;E-post;Mobil;Land",
			"Kari;Lund;kari@gmial,com;;NO",
			"Per;Hansen;per@gmial,com;;",
			"Ola;Berg;ola@example.no;12;NO",
			"Lise;Dahl;lise@example.no;;")
		if imp.Summary.Error != 3 {
			t.Fatalf("staged %+v, want 3 errors", imp.Summary)
		}
		base := fmt.Sprintf("/api/imports/%d", imp.ID)
		bulk := func(body string) *http.Response {
			return mgr.do("POST", base+"/rows/bulk", strings.NewReader(body), "application/json")
		}

		var chips []problemCountBody
		mgr.decode(mgr.do("GET", base+"/problems", nil, ""), http.StatusOK, &chips)
		if len(chips) != 2 || chips[0] != (problemCountBody{Code: "invalid_email", Field: "email", Column: "E-post", Kind: "error", Label: "Ugyldig e-post", Count: 2}) ||
			chips[1].Code != "invalid_phone" || chips[1].Count != 1 {
			t.Errorf("problems = %+v, want invalid email ×2 and invalid phone ×1 (in Norwegian, the shop's language)", chips)
		}
		var page struct {
			Rows  []rowBody
			Total int
		}
		mgr.decode(mgr.do("GET", base+"/rows?"+url.Values{"code": {"invalid_email"}, "field": {"email"}, "q": {"per"}}.Encode(), nil, ""), http.StatusOK, &page)
		if page.Total != 1 || len(page.Rows) != 1 || page.Rows[0].Cells["first_name"] != "Per" {
			t.Errorf("rows by cause and text: %+v", page)
		}

		replace := `{"where": {"code": "invalid_email", "field": "email"}, "replace": {"field": "email", "find": "@GMIAL,COM", "with": "@gmail.com"}`
		var ans bulkAnswer
		mgr.decode(bulk(replace+`, "dry_run": true}`), http.StatusOK, &ans)
		if ans.Changed != 2 || ans.Import != nil {
			t.Errorf("dry run: %+v, want 2 to change", ans)
		}
		mgr.decode(bulk(replace+`, "validate": true}`), http.StatusOK, &ans)
		if ans.Changed != 2 || ans.Import == nil || ans.Import.Summary.Error != 1 {
			t.Fatalf("replace and validate: %+v, want 2 changed and 1 error left", ans)
		}
		if rows := mgr.rowsOf(imp.ID); rows[0].Cells["email"] != "kari@gmail.com" || rows[1].Cells["email"] != "per@gmail.com" {
			t.Errorf("emails after the replace: %q, %q", rows[0].Cells["email"], rows[1].Cells["email"])
		}

		// Fill the blank countries, then take that back.
		mgr.decode(bulk(`{"where": {}, "fill_blank": {"country": "SE"}}`), http.StatusOK, &ans)
		if ans.Changed != 2 {
			t.Errorf("fill_blank: %+v, want 2", ans)
		}
		mgr.decode(mgr.do("POST", base+"/rows/bulk/undo", nil, ""), http.StatusOK, &ans)
		if ans.Changed != 2 || mgr.rowsOf(imp.ID)[1].Cells["country"] != "" {
			t.Errorf("undo: %+v, row 3's country %q", ans, mgr.rowsOf(imp.ID)[1].Cells["country"])
		}

		// Skip Ola's row: no error left, one skipped.
		mgr.decode(bulk(`{"where": {"rows": [4]}, "skip": true, "validate": true}`), http.StatusOK, &ans)
		if s := ans.Import.Summary; s.Skipped != 1 || s.Error != 0 || s.New != 3 {
			t.Errorf("after skipping: %+v", s)
		}
		if rows := mgr.rowsOf(imp.ID); !rows[2].Skipped || rows[2].Status != customer.StatusSkipped {
			t.Errorf("skipped row: %+v", rows[2])
		}
		var edits struct {
			Edits []editBody
		}
		mgr.decode(mgr.do("GET", base+"/edits", nil, ""), http.StatusOK, &edits)
		if len(edits.Edits) != 3 || !edits.Edits[1].Undone || edits.Edits[2].Summary != "skip" || edits.Edits[0].Actor != "manager@oslo.no" {
			t.Errorf("edits = %+v", edits.Edits)
		}

		bad := []struct {
			name, body string
			status     int
			says       string
		}{
			{"unknown field", `{"where": {}, "set": {"shoe_size": "42"}}`, 400, "Unknown field"},
			{"no where", `{"set": {"country": "NO"}}`, 400, "which rows"},
			{"two operations", `{"where": {}, "skip": true, "apply_suggestions": true}`, 400, "exactly one"},
			{"nothing matches", `{"where": {"q": "zebra"}, "skip": true}`, 400, "No row"},
			{"bad regex", `{"where": {}, "replace": {"field": "email", "find": "(", "with": "", "regex": true}}`, 400, "regular expression"},
			{"too long", `{"where": {}, "set": {"postcode": "12345678901"}}`, 400, "at most 10"},
			{"unknown status", `{"where": {"status": "lost"}, "skip": true}`, 400, "Unknown status"},
			{"not JSON", `{"where": `, 400, "JSON"},
		}
		before := mgr.rowsOf(imp.ID)
		for _, b := range bad {
			res := bulk(b.body)
			var e errorBody
			mgr.decode(res, b.status, &e)
			if !strings.Contains(e.Error.Message, b.says) {
				t.Errorf("%s: %q, want it to say %q", b.name, e.Error.Message, b.says)
			}
		}
		if after := mgr.rowsOf(imp.ID); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("bad requests changed rows")
		}
		if code := mgr.errorCode(mgr.do("GET", base+"/rows?status=lost", nil, ""), http.StatusBadRequest); code != customer.EInvalid {
			t.Errorf("rows?status=lost: %s", code)
		}

		done := mgr.confirm(imp.ID)
		if done.Summary.Skipped != 1 || done.Summary.New != 3 {
			t.Errorf("confirmed: %+v", done.Summary)
		}
		if code := mgr.errorCode(bulk(`{"where": {}, "skip": true}`), http.StatusConflict); code != customer.EConflict {
			t.Errorf("bulk edit of a committed import: %s", code)
		}
		if code := mgr.errorCode(mgr.do("POST", base+"/rows/bulk/undo", nil, ""), http.StatusConflict); code != customer.EConflict {
			t.Errorf("undo of a committed import's edit: %s", code)
		}
	})
}
