package web

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/clientele/clientele/internal/dbtest"
	"github.com/clientele/clientele/web/ui"
)

// TestBrowserUpdateFewFields is a file of two columns, emails under a header no rule knows and
// towns, imported in "create and update": the mapping step asks for the names or a column that
// says whom each row updates, the manager chooses Email for the unknown column with the
// keyboard, the page then says the names are needed for new customers only, and the grid shows
// the one row as an update.
func TestBrowserUpdateFewFields(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t, dbtest.SQLite(t), Config{Assets: ui.Dist()})
	base := f.http.URL + "/"
	mgr := f.login("manager@oslo.no")
	mgr.decode(mgr.do("PUT", "/api/me/language", jsonBody(map[string]string{"language": "en"}), "application/json"), 200, nil)
	first := mgr.stageCSV("kunder.csv", "create", "Fornavn;Etternavn;E-post;Poststed", "Kari;Hansen;kari@example.no;Bergen")
	mgr.confirm(first.ID)

	run(t, ctx, "log in", login(base, "manager@oslo.no"))
	run(t, ctx, "open the upload screen",
		click("#nav-import"),
		chromedp.WaitVisible(chromedp.CSS("#drop-zone")),
		click("#mode-upsert"))
	run(t, ctx, "drop the file", dropFile("#drop-zone", "kontakter.csv", []byte("Kontakt;Sted\r\nkari@example.no;Ålesund\r\n")))
	run(t, ctx, "see the mapping step", chromedp.WaitVisible(chromedp.CSS("#mapping-table")))
	missing := eval[string](t, ctx, "read the missing fields", `document.querySelector("#mapping-missing").textContent`)
	if !strings.Contains(missing, "First Name") || !strings.Contains(missing, "Email") || !strings.Contains(missing, "whom each row updates") {
		t.Errorf("the step does not offer an identity column in place of the names: %q", missing)
	}
	if !eval[bool](t, ctx, "continue waits", `document.querySelector("#mapping-continue").disabled`) {
		t.Errorf("Continue is enabled with neither the names nor an identity column")
	}
	run(t, ctx, "choose Email for Kontakt",
		chromedp.Focus(chromedp.CSS("#map-0")),
		chromedp.SendKeys(chromedp.CSS("#map-0"), "Email"),
		waitJS(`document.querySelector("#map-0").value === "email"`),
		waitJS(`!document.querySelector("#mapping-continue").disabled`))
	note := eval[string](t, ctx, "read the note", `document.querySelector("#mapping-update-only")?.textContent ?? ""`)
	if !strings.Contains(note, "required for new customers") {
		t.Errorf("the step does not say the names are needed for new customers only: %q", note)
	}
	// The counts come before the grid draws its rows: wait for the row's town.
	run(t, ctx, "continue",
		click("#mapping-continue"),
		waitText("#count-update", "1"), waitText("#count-error", "0"),
		waitJS(gridCell(2, "city")+`?.textContent.trim() === "Ålesund"`))
}
