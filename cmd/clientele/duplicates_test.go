package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clientele/clientele/internal/dbtest"
)

// TestImportPossibleDuplicateJSON: the --json report of a dry run carries a row's
// possible_duplicate warning with its match object exactly as the API documents it, and the
// summary counts it; the human summary counts it too. SQLite: the databases' part is the
// importer's tests'.
func TestImportPossibleDuplicateJSON(t *testing.T) {
	c := cli{t, dbtest.SQLite(t)}
	dir := t.TempDir()
	stored := filepath.Join(dir, "stored.csv")
	os.WriteFile(stored, []byte("Account Number,First Name,Last Name,Email,Address Line 1,Postcode,Town/City\n"+
		"A-1002,Kari,Nordmann,kari.nordmann@gmail.com,Storgata 5,0150,Oslo\n"), 0o644)
	if r := c.run("", "import", stored, "--yes"); r.code != exitOK {
		t.Fatalf("import: exit %d %s", r.code, r.stderr)
	}
	file := filepath.Join(dir, "nye.csv")
	os.WriteFile(file, []byte("First Name,Last Name,Address Line 1,Postcode,Town/City\n"+
		"Kari,Nordman,Storgata 5,0150,Oslo\n"+
		"Per,Hansen,Kirkeveien 1,5003,Bergen\n"), 0o644)
	r := c.run("", "import", file, "--dry-run", "--json")
	if r.code != exitOK {
		t.Fatalf("dry run: exit %d %s", r.code, r.stderr)
	}
	var rep struct {
		Summary map[string]int `json:"summary"`
		Rows    []struct {
			Row      int `json:"row"`
			Warnings []struct {
				Field   *string                    `json:"field"`
				Code    string                     `json:"code"`
				Message string                     `json:"message"`
				Match   map[string]json.RawMessage `json:"match"`
			} `json:"warnings"`
		} `json:"rows"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if n, ok := rep.Summary["possible_duplicates"]; !ok || n != 1 {
		t.Errorf("summary %v, want possible_duplicates 1", rep.Summary)
	}
	found := 0
	for _, row := range rep.Rows {
		for _, w := range row.Warnings {
			if w.Code != "possible_duplicate" {
				continue
			}
			found++
			if row.Row != 2 || w.Field == nil || *w.Field != "" ||
				w.Message != "May be the same person as A-1002 Kari Nordmann (Storgata 5, 0150 Oslo): similar name, same address." {
				t.Errorf("row %d: %+v", row.Row, w)
			}
			want := map[string]string{"account_number": `"A-1002"`, "row": `0`, "reasons": `["name","address"]`}
			for k, v := range want {
				var compact bytes.Buffer
				json.Compact(&compact, w.Match[k])
				if compact.String() != v {
					t.Errorf("match.%s = %s, want %s", k, w.Match[k], v)
				}
			}
			if len(w.Match) != 5 || string(w.Match["customer_id"]) == "0" || !strings.HasPrefix(string(w.Match["score"]), "0.") {
				t.Errorf("match %v: want customer_id, account_number, row, score and reasons", w.Match)
			}
		}
	}
	if found != 1 {
		t.Errorf("%d possible_duplicate warnings, want 1:\n%s", found, r.stdout)
	}
	if r := c.run("", "import", file, "--dry-run"); !strings.Contains(r.stdout, "possible duplicates 1") ||
		!strings.Contains(r.stdout, "possible_duplicate: 1") {
		t.Errorf("human summary:\n%s", r.stdout)
	}
}
