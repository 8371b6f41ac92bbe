package web

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
	"github.com/clientele/clientele/web/ui"
)

// bulkCSV is a semicolon CSV of the template's columns with one line per row; each row lists
// field keys and cells.
func bulkCSV(rows ...[]string) []byte {
	lines := []string{strings.Join(undoHeaderRow(), ";")}
	for _, r := range rows {
		lines = append(lines, undoRow(r...))
	}
	return []byte(strings.Join(lines, "\r\n") + "\r\n")
}

// storedEmails returns the emails of the tenant's customers, sorted.
func storedEmails(t *testing.T, f *fixture) []string {
	t.Helper()
	list, _, err := f.store.SearchCustomers(context.Background(), f.oslo.ID, "", customer.OrderAccount, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var emails []string
	for _, c := range list {
		emails = append(emails, c.Values[customer.FieldByKey("email")])
	}
	slices.Sort(emails)
	return emails
}

// gridRowCount waits for the grid to show n rows (0: its placeholder).
func gridRowCount(n int) chromedp.Action[chromedp.Void] {
	if n == 0 {
		return waitJS(`document.querySelectorAll("#import-grid .tabulator-row").length === 0 && !!document.querySelector("#import-grid .tabulator-placeholder")`)
	}
	return waitJS(fmt.Sprintf(`document.querySelectorAll("#import-grid .tabulator-row").length === %d`, n))
}

// rowNumberCell selects the Row cell of the grid row showing spreadsheet row n.
func rowNumberCell(n int) string {
	return fmt.Sprintf(`[...document.querySelectorAll("#import-grid .tabulator-row")].find((r) => r.querySelector('[tabulator-field="row"]')?.textContent.trim() === "%d")?.querySelector('[tabulator-field="row"]')`, n)
}

// mark sets data-test=name on the element the expression finds, for a CSS selector to click.
func mark(expr, name string) chromedp.Action[chromedp.Void] {
	return do(fmt.Sprintf(`(() => { document.querySelectorAll('[data-test=%q]').forEach((e) => e.removeAttribute("data-test")); const e = %s; if (!e) throw new Error("not found"); e.setAttribute("data-test", %q); return true; })()`, name, expr, name))
}

// openColumnMenu opens the header menu of a field's column and picks its item (0: replace,
// 1: fill blank cells, 2: set for all filtered rows).
func openColumnMenu(field string, item int) chromedp.Action[chromedp.Void] {
	button := fmt.Sprintf(`#import-grid .col-menu[data-field=%q]`, field)
	// Scroll the rows sideways to the column, as a person does, just right of the frozen
	// columns; the header follows them.
	scroll := fmt.Sprintf(`(() => {
		const col = document.querySelector('#import-grid .tabulator-col[tabulator-field="cells.%s"]');
		const frozen = [...document.querySelectorAll("#import-grid .tabulator-col.tabulator-frozen")].reduce((w, c) => w + c.offsetWidth, 0);
		document.querySelector("#import-grid .tabulator-tableholder").scrollLeft = Math.max(0, col.offsetLeft - frozen - 40);
		return true;
	})()`, field)
	synced := `document.querySelector("#import-grid .tabulator-header-contents").scrollLeft === document.querySelector("#import-grid .tabulator-tableholder").scrollLeft`
	return chromedp.Steps(
		do(scroll),
		waitJS(synced),
		click(button),
		chromedp.WaitVisible(chromedp.CSS(".tabulator-menu")),
		click(fmt.Sprintf(`.tabulator-menu .tabulator-menu-item:nth-child(%d) [role="menuitem"]`, item+1)),
		chromedp.WaitVisible(chromedp.CSS("#bulk-dialog")),
	)
}

// watchErrors records the page's uncaught errors from now on, for pageIsClean.
func watchErrors() chromedp.Action[chromedp.Void] {
	return do(`(() => {
		window.testErrors = [];
		addEventListener("error", (e) => window.testErrors.push(String(e.message)));
		addEventListener("unhandledrejection", (e) => window.testErrors.push(String(e.reason)));
		// The last clicks, for pageState: where each landed, and the page's scroll then.
		window.testClicks = [];
		addEventListener("mousedown", (e) => {
			const t = e.target;
			window.testClicks = [...window.testClicks.slice(-4), (t.id || t.tagName.toLowerCase() + "." + t.className) + " at " + e.clientX + "," + e.clientY + " scrollY " + scrollY];
		}, true);
		return true;
	})()`)
}

// pageIsClean fails the test when the page threw since watchErrors, or shows an error.
func pageIsClean(t *testing.T, ctx context.Context) {
	t.Helper()
	if got := eval[string](t, ctx, "read the page's errors", `JSON.stringify([...(window.testErrors || []), document.querySelector("#alert")?.textContent ?? ""].filter(Boolean))`); got != "[]" {
		t.Errorf("the page had errors: %s", got)
	}
}

// TestBrowserBulkReplace: a file whose emails have a mistyped domain (@gmial.com) is fixed in
// one step. The manager drops the file, filters the new rows with a chip and the search box,
// replaces the domain through the Email column's menu (the dialog first says how many rows
// change), validates and confirms; the customers are stored with the corrected emails, and
// the error row, which the filter left out, keeps its typo and is not imported. On both
// databases: the filters and the replace are SQL of each dialect.
func TestBrowserBulkReplace(t *testing.T) {
	dbtest.Each(t, testBrowserBulkReplace)
}

func testBrowserBulkReplace(t *testing.T, dsn string) {
	ctx := browser(t)
	f := newFixture(t, dsn, Config{Assets: ui.Dist()})
	f.speak("en", "manager@oslo.no")
	base := f.http.URL + "/"
	file := bulkCSV(
		[]string{"account_number", "B-1", "first_name", "Kari", "last_name", "Hansen", "email", "kari@gmial.com"},
		[]string{"account_number", "B-2", "first_name", "Per", "last_name", "Olsen", "email", "per@GMIAL.com"},
		[]string{"account_number", "B-3", "first_name", "Liv", "last_name", "Berg", "email", "liv@example.no"},
		[]string{"account_number", "B-4", "first_name", "Ola", "email", "ola@gmial.com"}, // no last name: an error
	)

	run(t, ctx, "log in", login(base, "manager@oslo.no"), watchErrors())
	run(t, ctx, "drop the file",
		click("#nav-import"),
		chromedp.WaitVisible(chromedp.CSS("#drop-zone")),
		dropFile("#drop-zone", "gmial.csv", file),
		waitText("#count-new", "3"), waitText("#count-error", "1"), gridRowCount(4))

	// The error row's cause is a chip of its own; it filters the grid, and again lets go.
	lastName := `#problem-chips .chip[data-code="required"][data-field="last_name"]`
	run(t, ctx, "see the problem chip", chromedp.WaitVisible(chromedp.CSS(lastName)))
	if chip := eval[string](t, ctx, "read the chip", `document.querySelector('`+lastName+`').textContent`); chip != "Missing · Last Name (1)" {
		t.Errorf("the problem chip says %q", chip)
	}
	run(t, ctx, "filter by the problem",
		click(lastName),
		gridRowCount(1),
		waitJS(gridCell(5, "email")+`?.textContent === "ola@gmial.com"`),
		click(lastName),
		gridRowCount(4))

	run(t, ctx, "filter the new rows with gmial in them",
		click("#chip-new"),
		waitJS(`document.querySelector("#chip-new").getAttribute("aria-pressed") === "true"`),
		gridRowCount(3),
		chromedp.SendKeys(chromedp.CSS("#grid-search"), "gmial"),
		gridRowCount(2))
	shown := eval[string](t, ctx, "read the filtered rows", `[...document.querySelectorAll("#import-grid .tabulator-row")].map((r) => r.querySelector('[tabulator-field="cells.email"]').textContent).join(" ")`)
	if shown != "kari@gmial.com per@GMIAL.com" {
		t.Fatalf("the filtered rows show %q", shown)
	}

	run(t, ctx, "open Replace in the Email column", openColumnMenu("email", 0))
	scope := eval[string](t, ctx, "read the dialog's scope", `document.querySelector("#bulk-scope").textContent`)
	if !strings.Contains(scope, "2 rows") {
		t.Errorf("the dialog's scope says %q, want the 2 filtered rows", scope)
	}
	if !eval[bool](t, ctx, "run waits for the count", `document.querySelector("#bulk-run").disabled`) {
		t.Error("the edit can run before the dialog has said how many rows it changes")
	}
	run(t, ctx, "fill in the replacement and see the count",
		chromedp.SendKeys(chromedp.CSS("#bulk-find"), "@gmial.com"),
		chromedp.SendKeys(chromedp.CSS("#bulk-with"), "@gmail.com"),
		waitText("#bulk-preview", "This changes 2 rows."),
		waitJS(`!document.querySelector("#bulk-run").disabled`))
	screenshot(t, ctx, "bulk-replace.png")
	run(t, ctx, "run it",
		click("#bulk-run"),
		chromedp.WaitNotVisible(chromedp.CSS("#bulk-dialog")),
		waitJS(`document.querySelector("#save-status").textContent.includes("2 rows changed")`),
		gridRowCount(0)) // nothing with gmial is left among the new rows
	if focused := eval[string](t, ctx, "focus went back", `document.activeElement?.dataset.field ?? ""`); focused != "email" {
		t.Errorf("after the dialog, focus is on %q, want the Email column's menu button", focused)
	}

	run(t, ctx, "show every row again, validate",
		click("#clear-filters"),
		gridRowCount(4),
		click("#save-validate"),
		waitJS(`document.querySelector("#save-status").textContent === "Changes saved and every row checked again."`),
		waitText("#count-new", "3"), waitText("#count-error", "1"))
	emails := eval[string](t, ctx, "read the emails", `[...document.querySelectorAll("#import-grid .tabulator-row")].map((r) => r.querySelector('[tabulator-field="cells.email"]').textContent).join(" ")`)
	if emails != "kari@gmail.com per@gmail.com liv@example.no ola@gmial.com" {
		t.Errorf("after the replace the grid shows %q", emails)
	}

	pageIsClean(t, ctx)
	run(t, ctx, "confirm",
		click("#confirm-open"),
		chromedp.WaitVisible(chromedp.CSS("#confirm-dialog")),
		click("#confirm-commit"),
		chromedp.WaitVisible(chromedp.CSS("#import-result")))
	got := storedEmails(t, f)
	want := []string{"kari@gmail.com", "liv@example.no", "per@gmail.com"}
	if !slices.Equal(got, want) {
		t.Errorf("stored emails %q, want %q", got, want)
	}
}

// TestBrowserSkipRows: the manager selects two rows (a click and a shift-click on their row
// numbers) and skips them: they stay in the grid, greyed and marked Skipped, the counts and the
// confirm dialog say 2 skipped, and only the other rows are imported.
func TestBrowserSkipRows(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t, dbtest.SQLite(t), Config{Assets: ui.Dist()})
	f.speak("en", "manager@oslo.no")
	base := f.http.URL + "/"
	mgr := f.login("manager@oslo.no")
	imp := mgr.stageCSV("test-customers.csv", "create", strings.Join(undoHeaderRow(), ";"),
		undoRow("account_number", "T-1", "first_name", "Kari", "last_name", "Hansen"),
		undoRow("account_number", "T-2", "first_name", "Test", "last_name", "Testesen"),
		undoRow("account_number", "T-3", "first_name", "Test", "last_name", "Prøve"),
		undoRow("account_number", "T-4", "first_name", "Per", "last_name", "Olsen"))
	if imp.Summary.New != 4 {
		t.Fatalf("staged: %+v", imp.Summary)
	}

	run(t, ctx, "log in", login(base, "manager@oslo.no"), watchErrors())
	run(t, ctx, "open the import",
		chromedp.Navigate(fmt.Sprintf("%s#/imports/%d", base, imp.ID)),
		waitText("#count-new", "4"), gridRowCount(4))
	run(t, ctx, "select rows 3 and 4",
		mark(rowNumberCell(3), "first"),
		click(`[data-test="first"]`),
		waitText("#selection-status", "1 row selected."),
		mark(rowNumberCell(4), "last"),
		chromedp.QueryAfter(chromedp.CSS(`[data-test="last"]`), func(ctx context.Context, t *chromedp.Target, nodes []*chromedp.Node) (chromedp.Void, error) {
			return chromedp.MouseClickNode(nodes[0], chromedp.ButtonModifiers(chromedp.ModifierShift))(ctx, t)
		}),
		waitText("#selection-status", "2 rows selected."))
	run(t, ctx, "skip them",
		click("#skip-rows"),
		waitText("#count-skipped", "2"), waitText("#count-new", "2"),
		waitText("#selection-status", ""),
		// The grid has its new page once the status says so.
		waitText("#save-status", "2 rows skipped: they will not be imported."))
	greyed := eval[[]int](t, ctx, "read the greyed rows", `[...document.querySelectorAll("#import-grid .tabulator-row.row-skipped")].map((r) => Number(r.querySelector('[tabulator-field="row"]').textContent.trim()))`)
	if !slices.Equal(greyed, []int{3, 4}) {
		t.Errorf("greyed rows %v, want [3 4]", greyed)
	}
	screenshot(t, ctx, "skipped.png")
	status := eval[string](t, ctx, "read a skipped row's status", rowNumberCell(3)+`.closest(".tabulator-row").querySelector('[tabulator-field="status"]').textContent`)
	if status != "Skipped" {
		t.Errorf("row 3's status shows %q", status)
	}

	// Space selects the active cell's row from the keyboard.
	run(t, ctx, "select row 2 with Space",
		mark(gridCell(2, "first_name"), "cell"),
		click(`[data-test="cell"]`),
		waitJS(`document.querySelector("#import-grid").contains(document.activeElement)`),
		chromedp.KeyEvent(" "),
		waitText("#selection-status", "1 row selected."),
		click("#clear-selection"),
		waitText("#selection-status", ""))
	pageIsClean(t, ctx)
	run(t, ctx, "open the confirm dialog",
		click("#confirm-open"),
		chromedp.WaitVisible(chromedp.CSS("#confirm-dialog")))
	skipped := eval[string](t, ctx, "read the skipped line", `document.querySelector("#confirm-skipped").textContent`)
	if skipped != "2 rows you skipped will not be imported." {
		t.Errorf("the confirm dialog says %q about skipped rows", skipped)
	}
	if summary := eval[string](t, ctx, "read the summary", `document.querySelector("#confirm-summary").textContent`); !strings.HasPrefix(summary, "2 new") {
		t.Errorf("confirm summary %q", summary)
	}
	run(t, ctx, "commit",
		click("#confirm-commit"),
		chromedp.WaitVisible(chromedp.CSS("#import-result")))
	if n, err := f.store.CountCustomers(context.Background(), f.oslo.ID); err != nil || n != 2 {
		t.Errorf("customers stored: %d, %v; want 2", n, err)
	}
}

// TestBrowserUndoKeys: Ctrl+Z, pressed on the keyboard, takes back a typed cell edit in the
// browser, a bulk edit on the server, and a cell edit already saved and checked.
func TestBrowserUndoKeys(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t, dbtest.SQLite(t), Config{Assets: ui.Dist()})
	f.speak("en", "manager@oslo.no")
	base := f.http.URL + "/"
	mgr := f.login("manager@oslo.no")
	imp := mgr.stageCSV("byer.csv", "create", strings.Join(undoHeaderRow(), ";"),
		undoRow("account_number", "U-1", "first_name", "Kari", "last_name", "Hansen", "city", "Bergen"),
		undoRow("account_number", "U-2", "first_name", "Per", "last_name", "Olsen", "city", "Oslo"))
	ctrlZ := chromedp.KeyEvent("z", chromedp.KeyModifiers(chromedp.ModifierCtrl))

	run(t, ctx, "log in", login(base, "manager@oslo.no"), watchErrors())
	run(t, ctx, "open the import",
		chromedp.Navigate(fmt.Sprintf("%s#/imports/%d", base, imp.ID)),
		waitText("#count-new", "2"), gridRowCount(2))
	run(t, ctx, "edit a cell",
		mark(gridCell(2, "city"), "city"),
		chromedp.DoubleClick(chromedp.CSS(`[data-test="city"]`)),
		waitJS(`!!document.querySelector("#import-grid .tabulator-editing input")`),
		do(`(() => { document.querySelector("#import-grid .tabulator-editing input").value = ""; return true; })()`),
		chromedp.SendKeys(chromedp.CSS("#import-grid .tabulator-editing input"), "Ålesund\r"),
		waitJS(`!document.querySelector("#import-grid .tabulator-editing")`),
		waitJS(gridCell(2, "city")+`.textContent === "Ålesund"`),
		waitText("#save-status", "1 row edited, not saved yet."))
	run(t, ctx, "Ctrl+Z takes the edit back", ctrlZ,
		waitJS(gridCell(2, "city")+`.textContent === "Bergen"`),
		waitText("#save-status", "The last change was taken back."))
	if edited := eval[bool](t, ctx, "the cell is no longer marked", gridCell(2, "city")+`.classList.contains("cell-edited")`); edited {
		t.Error("the cell is still marked as edited after Ctrl+Z")
	}

	run(t, ctx, "set the city of every row", openColumnMenu("city", 2),
		chromedp.SendKeys(chromedp.CSS("#bulk-value"), "Tromsø"),
		waitText("#bulk-preview", "This changes 2 rows."),
		click("#bulk-run"),
		chromedp.WaitNotVisible(chromedp.CSS("#bulk-dialog")),
		waitJS(gridCell(2, "city")+`.textContent === "Tromsø" && `+gridCell(3, "city")+`.textContent === "Tromsø"`))
	run(t, ctx, "Ctrl+Z takes the bulk edit back", ctrlZ,
		waitText("#save-status", "The last change was taken back."),
		waitJS(gridCell(2, "city")+`.textContent === "Bergen" && `+gridCell(3, "city")+`.textContent === "Oslo"`))

	// An edit saved and checked is taken back on the server: its old value is sent again.
	run(t, ctx, "edit a cell and save it",
		mark(gridCell(3, "city"), "city"),
		chromedp.DoubleClick(chromedp.CSS(`[data-test="city"]`)),
		waitJS(`!!document.querySelector("#import-grid .tabulator-editing input")`),
		do(`(() => { document.querySelector("#import-grid .tabulator-editing input").value = ""; return true; })()`),
		chromedp.SendKeys(chromedp.CSS("#import-grid .tabulator-editing input"), "Bodø\r"),
		waitJS(`!document.querySelector("#import-grid .tabulator-editing")`),
		click("#save-validate"),
		waitText("#save-status", "Changes saved and every row checked again."),
		waitJS(gridCell(3, "city")+`.textContent === "Bodø"`))
	run(t, ctx, "Ctrl+Z takes the saved edit back", ctrlZ,
		waitText("#save-status", "The last change was taken back."),
		waitJS(gridCell(3, "city")+`.textContent === "Oslo"`))

	pageIsClean(t, ctx)

	// The server has the cities back too.
	var page struct {
		Rows []struct {
			Row   int               `json:"row"`
			Cells map[string]string `json:"cells"`
		} `json:"rows"`
	}
	mgr.decode(mgr.do("GET", fmt.Sprintf("/api/imports/%d/rows", imp.ID), nil, ""), 200, &page)
	var cities []string
	for _, r := range page.Rows {
		cities = append(cities, r.Cells["city"])
	}
	if !slices.Equal(cities, []string{"Bergen", "Oslo"}) {
		t.Errorf("stored cities after undo: %q", cities)
	}
}

// paste sends the grid a paste of text, as the browser does when a person presses Ctrl+V with
// cells copied from a spreadsheet on the clipboard (headless Chromium has no clipboard of its
// own to paste from).
func paste(text string) chromedp.Action[chromedp.Void] {
	return do(fmt.Sprintf(`(() => {
		const dt = new DataTransfer();
		dt.setData("text/plain", %q);
		const grid = document.querySelector("#import-grid");
		const target = grid.contains(document.activeElement) ? document.activeElement : grid;
		target.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));
		return true;
	})()`, text))
}

// TestBrowserPaste: a block of two rows by two columns copied from a spreadsheet lands at the
// active cell as edits; Ctrl+Z takes the whole block back, and pasted again and saved, the
// rows hold the pasted cells.
func TestBrowserPaste(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t, dbtest.SQLite(t), Config{Assets: ui.Dist()})
	f.speak("en", "manager@oslo.no")
	base := f.http.URL + "/"
	mgr := f.login("manager@oslo.no")
	imp := mgr.stageCSV("navn.csv", "create", strings.Join(undoHeaderRow(), ";"),
		undoRow("account_number", "P-1", "first_name", "Kari", "last_name", "Hansen"),
		undoRow("account_number", "P-2", "first_name", "Per", "last_name", "Olsen"),
		undoRow("account_number", "P-3", "first_name", "Liv", "last_name", "Berg"))
	// Excel quotes a cell with a line break or a tab in it, and ends the block with a line break.
	block := "Anne\t\"Lie, \"\"Sr\"\"\"\r\nBjørn\tStrand\r\n"

	run(t, ctx, "log in", login(base, "manager@oslo.no"), watchErrors())
	run(t, ctx, "open the import",
		chromedp.Navigate(fmt.Sprintf("%s#/imports/%d", base, imp.ID)),
		waitText("#count-new", "3"), gridRowCount(3))
	run(t, ctx, "paste at row 3's first name",
		mark(gridCell(3, "first_name"), "start"),
		click(`[data-test="start"]`),
		paste(block),
		waitText("#save-status", "4 cells pasted."))
	cells := func() string {
		return eval[string](t, ctx, "read the names", `[2, 3, 4].map((n) => `+
			`[...document.querySelectorAll("#import-grid .tabulator-row")].find((r) => r.querySelector('[tabulator-field="row"]').textContent.trim() === String(n))`+
			`.querySelectorAll('[tabulator-field="cells.first_name"], [tabulator-field="cells.last_name"]')).map((cs) => [...cs].map((c) => c.textContent).join(" ")).join(" | ")`)
	}
	if got, want := cells(), `Kari Hansen | Anne Lie, "Sr" | Bjørn Strand`; got != want {
		t.Errorf("after the paste the rows show %q, want %q", got, want)
	}
	run(t, ctx, "Ctrl+Z takes the block back",
		chromedp.KeyEvent("z", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		waitText("#save-status", "The last change was taken back."))
	if got, want := cells(), "Kari Hansen | Per Olsen | Liv Berg"; got != want {
		t.Errorf("after Ctrl+Z the rows show %q, want %q", got, want)
	}
	run(t, ctx, "paste again and save",
		paste(block),
		waitText("#save-status", "4 cells pasted."),
		click("#save-validate"),
		waitText("#save-status", "Changes saved and every row checked again."))
	pageIsClean(t, ctx)
	var page struct {
		Rows []struct {
			Cells map[string]string `json:"cells"`
		} `json:"rows"`
	}
	mgr.decode(mgr.do("GET", fmt.Sprintf("/api/imports/%d/rows", imp.ID), nil, ""), 200, &page)
	var names []string
	for _, r := range page.Rows {
		names = append(names, r.Cells["first_name"]+" "+r.Cells["last_name"])
	}
	if want := []string{"Kari Hansen", `Anne Lie, "Sr"`, "Bjørn Strand"}; !slices.Equal(names, want) {
		t.Errorf("stored names %q, want %q", names, want)
	}
}

// TestBrowserFillBlank: "Fill blank cells…" in the Town/City column fills the two rows without a
// town and leaves the town a row has; Esc closes the dialog first without changing anything,
// and focus goes back to the column's menu button.
func TestBrowserFillBlank(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t, dbtest.SQLite(t), Config{Assets: ui.Dist()})
	f.speak("en", "manager@oslo.no")
	base := f.http.URL + "/"
	mgr := f.login("manager@oslo.no")
	imp := mgr.stageCSV("steder.csv", "create", strings.Join(undoHeaderRow(), ";"),
		undoRow("account_number", "F-1", "first_name", "Kari", "last_name", "Hansen"),
		undoRow("account_number", "F-2", "first_name", "Per", "last_name", "Olsen", "city", "Bergen"),
		undoRow("account_number", "F-3", "first_name", "Liv", "last_name", "Berg"))
	cities := func() string {
		return eval[string](t, ctx, "read the towns", `[...document.querySelectorAll("#import-grid .tabulator-row")].map((r) => r.querySelector('[tabulator-field="cells.city"]').textContent || "-").join(" ")`)
	}

	run(t, ctx, "log in", login(base, "manager@oslo.no"), watchErrors())
	run(t, ctx, "open the import",
		chromedp.Navigate(fmt.Sprintf("%s#/imports/%d", base, imp.ID)),
		waitText("#count-new", "3"), gridRowCount(3))
	run(t, ctx, "open Fill blank cells, then Esc", openColumnMenu("city", 1),
		waitText("#bulk-title", "Fill the blank cells of Town/City"),
		chromedp.KeyEvent("\x1b"), // Esc
		chromedp.WaitNotVisible(chromedp.CSS("#bulk-dialog")))
	// The dialog gives the focus back in its close event, a task after it is hidden.
	back := chromedp.Poll[chromedp.Void](`document.activeElement?.dataset.field === "city"`,
		chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(2*time.Second))
	if _, err := chromedp.Run(ctx, back); err != nil {
		focused := eval[string](t, ctx, "focus went back", `document.activeElement?.dataset.field ?? ""`)
		t.Errorf("after Esc, focus is on %q, want the Town/City column's menu button", focused)
	}
	if got := cities(); got != "- Bergen -" {
		t.Errorf("Esc changed the towns: %q", got)
	}
	run(t, ctx, "fill the blank towns", openColumnMenu("city", 1),
		chromedp.SendKeys(chromedp.CSS("#bulk-value"), "Oslo"),
		waitText("#bulk-preview", "This changes 2 rows."),
		chromedp.KeyEvent("\r"), // Enter runs it
		chromedp.WaitNotVisible(chromedp.CSS("#bulk-dialog")),
		waitJS(gridCell(4, "city")+`.textContent === "Oslo"`))
	if got := cities(); got != "Oslo Bergen Oslo" {
		t.Errorf("after filling, the towns are %q", got)
	}
	pageIsClean(t, ctx)
}
