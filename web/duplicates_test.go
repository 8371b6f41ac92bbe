package web

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/clientele/clientele/internal/dbtest"
)

// TestPossibleDuplicateAPI: through the API, a row that may be the same person as an earlier row
// of the file has a possible_duplicate warning on no field, in the reader's language, with the
// match object (the other row's number, no customer), among the grid's chips as "Mulig duplikat";
// the summary counts it and the row stays importable. SQLite: the databases' part is the
// importer's tests'.
func TestPossibleDuplicateAPI(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t), Config{})
	mgr := f.login("manager@oslo.no")
	imp := mgr.stageCSV("kunder.csv", "create", "Fornavn;Etternavn;Adresse 1;Postnummer;Poststed",
		"Zofia;Wójcik;ul. Długa 5;00-001;Warszawa",
		"Zofia;Wojcik;ul. Długa 5;00-001;Warszawa",
		"Per;Hansen;Kirkeveien 1;5003;Bergen")
	if imp.Summary.New != 3 || imp.Summary.PossibleDuplicates != 1 {
		t.Fatalf("staged %+v, want 3 new rows, 1 possible duplicate", imp.Summary)
	}
	resp := mgr.do("GET", fmt.Sprintf("/api/imports/%d/rows", imp.ID), nil, "")
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var page struct {
		Rows []struct {
			Row      int `json:"row"`
			Warnings []struct {
				Field   *string        `json:"field"`
				Code    string         `json:"code"`
				Message string         `json:"message"`
				Match   map[string]any `json:"match"`
			} `json:"warnings"`
		} `json:"rows"`
	}
	if err := json.Unmarshal(b, &page); err != nil || len(page.Rows) != 3 {
		t.Fatalf("rows: %v\n%s", err, b)
	}
	ws := page.Rows[1].Warnings
	if len(ws) != 1 || ws[0].Code != "possible_duplicate" || ws[0].Field == nil || *ws[0].Field != "" {
		t.Fatalf("row 3: warnings %+v", ws)
	}
	if want := "Kan være samme person som på rad 2, Zofia Wójcik (ul. Długa 5, 00-001 Warszawa): likt navn, samme adresse."; ws[0].Message != want {
		t.Errorf("message %q, want %q", ws[0].Message, want)
	}
	m := ws[0].Match
	if m["row"] != 2.0 || m["customer_id"] != 0.0 || m["account_number"] != "" || m["score"].(float64) < 0.6 || len(m["reasons"].([]any)) != 2 {
		t.Errorf("match %v", m)
	}
	if len(page.Rows[0].Warnings) != 0 || len(page.Rows[2].Warnings) != 0 {
		t.Errorf("rows 2 and 4: %+v %+v", page.Rows[0].Warnings, page.Rows[2].Warnings)
	}
	var chips []problemCountBody
	mgr.decode(mgr.do("GET", fmt.Sprintf("/api/imports/%d/problems", imp.ID), nil, ""), http.StatusOK, &chips)
	if len(chips) != 1 || chips[0].Code != "possible_duplicate" || chips[0].Kind != "warning" || chips[0].Count != 1 || chips[0].Label != "Mulig duplikat" {
		t.Errorf("chips %+v, want possible_duplicate ×1, a warning", chips)
	}
}
