package web

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/clientele/clientele/internal/dbtest"
	"github.com/clientele/clientele/web/ui"
)

// TestBrowserReadableGrid: the grid of an import can be read. Row, Status and Errors stay in
// place while the fields scroll sideways; a row's errors show in full; a cell the check stores
// otherwise (postcode 150 → 0150) shows the stored value, marked; rows with warnings are
// marked, counted, filtered and counted in the confirm dialog; saving keeps the scroll position.
// A Shopify export's import says so as information and lists what its columns became.
func TestBrowserReadableGrid(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t, dbtest.SQLite(t), Config{Assets: ui.Dist()})
	f.speak("en", "manager@oslo.no")
	base := f.http.URL + "/"
	mgr := f.login("manager@oslo.no")
	imp := mgr.stageCSV("lesbar.csv", "create", strings.Join(undoHeaderRow(), ";"),
		undoRow("account_number", "L-1", "first_name", "Kari", "last_name", "Hansen", "postcode", "150", "city", "Oslo"),
		undoRow("account_number", "L-2", "first_name", "Per", "last_name", "Olsen", "email", "per@gmial.com"),
		undoRow("account_number", "L-3", "first_name", "Ida", "email", "ida@", "mobile", "12", "birth_date", "31.02.1990"))

	run(t, ctx, "log in", login(base, "manager@oslo.no"), watchErrors())
	run(t, ctx, "open the import",
		chromedp.Navigate(fmt.Sprintf("%s#/imports/%d", base, imp.ID)),
		waitText("#count-new", "2"), waitText("#count-error", "1"), waitText("#count-warning", "2"), gridRowCount(3))

	// Every error of row 4 is there in full, and none is cut off.
	errs := eval[string](t, ctx, "read row 4's errors", `[...document.querySelectorAll("#import-grid .tabulator-row")].find((r) => r.querySelector('[tabulator-field="row"]').textContent.trim() === "4").querySelector('[tabulator-field="errors"]').textContent`)
	for _, want := range []string{"Last Name is required.", "ida@", "31.02.1990"} {
		if !strings.Contains(errs, want) {
			t.Errorf("row 4's errors %q lack %q", errs, want)
		}
	}
	clipped := eval[bool](t, ctx, "row 4's errors fit their cell", `(() => {
		const c = [...document.querySelectorAll("#import-grid .tabulator-row")].find((r) => r.querySelector('[tabulator-field="row"]').textContent.trim() === "4").querySelector('[tabulator-field="errors"]');
		return c.scrollHeight > c.clientHeight + 1 || c.scrollWidth > c.clientWidth + 1;
	})()`)
	if clipped {
		t.Error("row 4's errors are cut off in their cell")
	}

	// The stored postcode, marked, with the file's value in its title.
	if got := eval[string](t, ctx, "read the postcode", gridCell(2, "postcode")+`.textContent`); got != "0150" {
		t.Errorf("row 2's postcode shows %q, want 0150", got)
	}
	if title := eval[string](t, ctx, "read the postcode's title", gridCell(2, "postcode")+`.classList.contains("cell-stored") + " " + `+gridCell(2, "postcode")+`.title.split("\n")[0]`); title != `true Will be stored as “0150” (the file has “150”)` {
		t.Errorf("row 2's postcode: mark and title %q", title)
	}

	// Rows 2 (the leading zero put back) and 3 (a mistyped email domain) have warnings.
	marked := eval[string](t, ctx, "rows marked with warnings", `[...document.querySelectorAll("#import-grid .tabulator-row.row-warning")].map((r) => r.querySelector('[tabulator-field="row"]').textContent.trim()).join(",")`)
	if marked != "2,3" {
		t.Errorf("rows marked with warnings: %q, want 2,3", marked)
	}

	// Scrolled far right, Row, Status and Errors stay where they were.
	frozenAt := `JSON.stringify(["row", "status", "errors"].map((f) => Math.round(document.querySelector('#import-grid .tabulator-row [tabulator-field="' + f + '"]').getBoundingClientRect().left)))`
	before := eval[string](t, ctx, "where the frozen columns are", frozenAt)
	run(t, ctx, "scroll right",
		do(`(() => { document.querySelector("#import-grid .tabulator-tableholder").scrollLeft = 900; return true; })()`),
		waitJS(`document.querySelector("#import-grid .tabulator-tableholder").scrollLeft > 0`))
	if after := eval[string](t, ctx, "where the frozen columns are", frozenAt); after != before {
		t.Errorf("scrolled right, Row, Status and Errors moved from %s to %s", before, after)
	}
	left := eval[int](t, ctx, "scroll position", `Math.round(document.querySelector("#import-grid .tabulator-tableholder").scrollLeft)`)
	run(t, ctx, "save and validate",
		click("#save-validate"),
		waitText("#save-status", "Changes saved and every row checked again."))
	if got := eval[int](t, ctx, "scroll position after saving", `Math.round(document.querySelector("#import-grid .tabulator-tableholder").scrollLeft)`); got != left {
		t.Errorf("after saving the grid scrolled to %d, want %d", got, left)
	}

	run(t, ctx, "filter the rows with warnings", click("#chip-warning"), gridRowCount(2))
	run(t, ctx, "open the confirm dialog", click("#confirm-open"), chromedp.WaitVisible(chromedp.CSS("#confirm-dialog")))
	if got := eval[string](t, ctx, "read the confirm dialog", `document.querySelector("#confirm-warned").textContent`); got != "2 rows have warnings: they will be imported as shown in the grid." {
		t.Errorf("the confirm dialog says %q about warnings", got)
	}
	run(t, ctx, "close the dialog", click("#confirm-cancel"))

	// A Shopify export: recognised, as information, and its columns listed.
	data, err := os.ReadFile(filepath.Join("..", "sheet", "testdata", "vendors", "shopify-classic.csv"))
	if err != nil {
		t.Fatal(err)
	}
	shop := mgr.stageBytes("shopify-classic.csv", data)
	run(t, ctx, "open the Shopify import",
		chromedp.Navigate(fmt.Sprintf("%s#/imports/%d", base, shop.ID)),
		chromedp.WaitVisible(chromedp.CSS("#import-info")))
	info := eval[string](t, ctx, "read the information", `document.querySelector("#import-info").textContent`)
	warned := eval[string](t, ctx, "read the warnings", `document.querySelector("#import-warnings").textContent`)
	if !strings.Contains(info, "Shopify") || strings.Contains(warned, "Shopify") {
		t.Errorf("information %q, warnings %q: the platform belongs in the information", info, warned)
	}
	run(t, ctx, "open the columns", click("#import-columns summary"), chromedp.WaitVisible(chromedp.CSS("#import-columns li")))
	cols := eval[string](t, ctx, "read the columns", `[...document.querySelectorAll("#import-columns li")].map((li) => li.textContent).join("|")`)
	for _, want := range []string{"Zip → Postcode", "Phone → Mobile", "Ignored: Tax Exempt"} {
		if !strings.Contains(cols, want) {
			t.Errorf("the columns %q lack %q", cols, want)
		}
	}
	pageIsClean(t, ctx)
}
