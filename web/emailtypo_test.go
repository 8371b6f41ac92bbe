package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/clientele/clientele/internal/dbtest"
)

// TestEmailTypoAPI: through the API, both databases, a mistyped email domain is a row warning
// with the corrected address as its suggestion, in the reader's language, among the grid's chips;
// the row is importable; apply_suggestions takes the suggestion in one call and the warning goes.
func TestEmailTypoAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, Config{})
		mgr := f.login("manager@oslo.no")
		imp := mgr.stageCSV("kunder.csv", "create", "Fornavn;Etternavn;E-post",
			"Kari;Nordmann;Kari.Nordmann@gmial.com",
			"Per;Hansen;per@lyse.net",
			"Zofia;Wójcik;zofia@inteia.pl")
		if imp.Summary.New != 3 || imp.Summary.Error != 0 {
			t.Fatalf("staged %+v, want 3 new rows: a typo is a warning, not an error", imp.Summary)
		}
		rows := mgr.rowsOf(imp.ID)
		if len(rows) != 3 {
			t.Fatalf("%d rows", len(rows))
		}
		want := []string{"Kari.Nordmann@gmail.com", "", "zofia@interia.pl"}
		for i, r := range rows {
			var got []problemBody
			for _, w := range r.Warnings {
				if w.Code == "email_typo" {
					got = append(got, w)
				}
			}
			switch {
			case want[i] == "" && len(got) != 0:
				t.Errorf("row %d: %+v on a real domain", r.Row, got)
			case want[i] == "":
			case len(got) != 1 || got[0].Field != "email" || got[0].Suggestion != want[i]:
				t.Errorf("row %d: email_typo warnings %+v, want one on email suggesting %q", r.Row, got, want[i])
			case !strings.HasPrefix(got[0].Message, "E-post: mente du "+want[i]+"?"):
				t.Errorf("row %d: message %q is not the Norwegian one (the shop's language)", r.Row, got[0].Message)
			}
		}
		var chips []problemCountBody
		mgr.decode(mgr.do("GET", fmt.Sprintf("/api/imports/%d/problems", imp.ID), nil, ""), http.StatusOK, &chips)
		if len(chips) != 1 || chips[0].Code != "email_typo" || chips[0].Kind != "warning" || chips[0].Count != 2 || chips[0].Label != "Mulig skrivefeil i e-post" {
			t.Errorf("chips %+v, want email_typo ×2, a warning", chips)
		}

		var ans bulkAnswer
		mgr.decode(mgr.do("POST", fmt.Sprintf("/api/imports/%d/rows/bulk", imp.ID),
			strings.NewReader(`{"where": {"code": "email_typo"}, "apply_suggestions": true, "validate": true}`), "application/json"), http.StatusOK, &ans)
		if ans.Changed != 2 || ans.Import == nil || ans.Import.Summary.New != 3 {
			t.Fatalf("apply_suggestions: %+v, want 2 rows changed, 3 new", ans)
		}
		for i, r := range mgr.rowsOf(imp.ID) {
			if fix := want[i]; fix != "" && r.Cells["email"] != fix || len(r.Warnings) != 0 {
				t.Errorf("row %d after the suggestions: email %q, warnings %+v", r.Row, r.Cells["email"], r.Warnings)
			}
		}
	})
}
