package web

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/clientele/clientele/internal/dbtest"
	"github.com/clientele/clientele/web/ui"
)

// focused is an expression naming what has the keyboard focus: an element's id, else the
// "field@row" of the grid cell whose editor has it, "grid" for the grid's rows, or its tag.
const focused = `(() => {
	const a = document.activeElement;
	if (!a) return "";
	if (a.id) return a.id;
	if (a.classList.contains("tabulator-tableholder")) return "grid";
	const cell = a.closest(".tabulator-cell");
	if (cell) return cell.getAttribute("tabulator-field") + "@" + cell.closest(".tabulator-row").querySelector('[tabulator-field="row"]').textContent.trim();
	return a.tagName.toLowerCase();
})()`

// activeCell is an expression naming the grid's active cell as "field@row".
const activeCell = `(() => {
	const el = document.querySelector("#import-grid .tabulator-cell.tabulator-range-only-cell-selected");
	const row = el && el.closest(".tabulator-row");
	return el ? el.getAttribute("tabulator-field") + "@" + row.querySelector('[tabulator-field="row"]').textContent.trim() : "";
})()`

// waitFocus waits until the focus is on want (as focused names it).
func waitFocus(want string) chromedp.Action[chromedp.Void] {
	return waitJS(fmt.Sprintf(`%s === %q`, focused, want))
}

// enterEdits presses Enter in the rows until the active cell's editor opens. Tabulator ignores
// the keys for 10 ms after an edit ends (so that the Enter that kept it does not open it again),
// and the test's next key can come sooner than a person's would.
func enterEdits() chromedp.Action[chromedp.Void] {
	const open = `!!document.querySelector("#import-grid .tabulator-editing input")`
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		for range 50 {
			if _, err := chromedp.KeyEvent("\r")(ctx, t); err != nil {
				return chromedp.Void{}, err
			}
			if ok, err := chromedp.Evaluate[bool](open)(ctx, t); err != nil || ok {
				return chromedp.Void{}, err
			}
		}
		return chromedp.Void{}, errors.New("Enter never opened the active cell's editor")
	}
}

// TestBrowserGridKeys: the grid of an import is one stop of the Tab key, used with real key
// presses. Focus starts on the heading; the skip link leads into the rows; the arrow keys move
// the active cell; Alt+Down opens its column's menu and Esc closes it; Enter edits the cell,
// typing and Enter keep the edit; typing and Tab keep it too and leave the rows for Save and
// Confirm after them; Shift+Tab from the rows reaches the control before them; saving keeps the
// active cell.
func TestBrowserGridKeys(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t, dbtest.SQLite(t), Config{Assets: ui.Dist()})
	f.speak("en", "manager@oslo.no")
	base := f.http.URL + "/"
	mgr := f.login("manager@oslo.no")
	imp := mgr.stageCSV("byer.csv", "create", strings.Join(undoHeaderRow(), ";"),
		undoRow("account_number", "K-1", "first_name", "Kari", "last_name", "Hansen", "city", "Bergen"),
		undoRow("account_number", "K-2", "first_name", "Per", "last_name", "Olsen", "city", "Oslo"))
	tab := chromedp.KeyEvent("\t")
	shiftTab := chromedp.KeyEvent("\t", chromedp.KeyModifiers(chromedp.ModifierShift))
	key := func(k string) chromedp.Action[chromedp.Void] { return chromedp.KeyEvent(k) }

	run(t, ctx, "log in", login(base, "manager@oslo.no"), watchErrors())
	run(t, ctx, "open the import",
		chromedp.Navigate(fmt.Sprintf("%s#/imports/%d", base, imp.ID)),
		waitText("#count-new", "2"), gridRowCount(2))
	if got := eval[string](t, ctx, "focus after opening", `document.activeElement.tagName + ":" + document.activeElement.textContent`); !strings.HasPrefix(got, "H1:") {
		t.Errorf("after the import opened the focus is on %q, want the heading", got)
	}

	run(t, ctx, "Tab from the heading reaches the skip link", tab, waitFocus("skip-to-grid"))
	run(t, ctx, "the skip link leads into the rows", key("\r"), waitFocus("grid"))

	// The first field cell of the first row is active; Right and Down move it.
	start := eval[string](t, ctx, "the active cell", activeCell)
	run(t, ctx, "arrows move the active cell", key(kb.ArrowDown), waitJS(fmt.Sprintf(`%s !== %q`, activeCell, start)))
	moved := eval[string](t, ctx, "the active cell after Down", activeCell)
	if !strings.HasSuffix(moved, "@3") {
		t.Errorf("after Down the active cell is %q (from %q), want one on row 3", moved, start)
	}
	// Walk right to the City column.
	for i := 0; i < 30 && !strings.HasPrefix(eval[string](t, ctx, "the active cell", activeCell), "cells.city@"); i++ {
		run(t, ctx, "Right", key(kb.ArrowRight))
	}
	if got := eval[string](t, ctx, "the active cell", activeCell); got != "cells.city@3" {
		t.Fatalf("Right never reached City on row 3: the active cell is %q", got)
	}

	// Alt+Down opens the City column's menu, Esc closes it, back in the rows.
	run(t, ctx, "Alt+Down opens the column's menu",
		chromedp.KeyEvent(kb.ArrowDown, chromedp.KeyModifiers(chromedp.ModifierAlt)),
		chromedp.WaitVisible(chromedp.CSS(".tabulator-menu")),
		waitJS(`document.activeElement.getAttribute("role") === "menuitem"`))
	run(t, ctx, "Esc closes it", key("\x1b"),
		chromedp.WaitNotPresent(chromedp.CSS(".tabulator-menu")), waitFocus("grid"))
	if got := eval[string](t, ctx, "the active cell", activeCell); got != "cells.city@3" {
		t.Errorf("after the menu the active cell is %q, want cells.city@3", got)
	}

	run(t, ctx, "Enter edits the active cell", key("\r"),
		waitJS(`!!document.querySelector("#import-grid .tabulator-editing input")`))
	run(t, ctx, "type and Enter",
		do(`(() => { document.querySelector("#import-grid .tabulator-editing input").select(); return true; })()`),
		chromedp.KeyEvent("Tromsø"), key("\r"),
		waitJS(`!document.querySelector("#import-grid .tabulator-editing")`),
		waitJS(gridCell(3, "city")+`.textContent === "Tromsø"`),
		waitText("#save-status", "1 row edited, not saved yet."),
		waitFocus("grid"))

	// Tab while editing keeps the edit and leaves the rows: past the grid's pager to Save, then
	// on to Confirm.
	run(t, ctx, "edit again, type, Tab", enterEdits(),
		do(`(() => { document.querySelector("#import-grid .tabulator-editing input").select(); return true; })()`),
		chromedp.KeyEvent("Narvik"), tab,
		waitJS(`!document.querySelector("#import-grid .tabulator-editing")`),
		waitJS(gridCell(3, "city")+`.textContent === "Narvik"`),
		waitJS(`!document.querySelector("#import-grid").contains(document.activeElement)`))
	for i := 0; i < 6 && eval[string](t, ctx, "focus", focused) != "save-validate"; i++ {
		run(t, ctx, "Tab", tab)
	}
	run(t, ctx, "Tab reaches Save", waitFocus("save-validate"))
	for i := 0; i < 6 && eval[string](t, ctx, "focus", focused) != "confirm-open"; i++ {
		run(t, ctx, "Tab", tab)
	}
	run(t, ctx, "Tab reaches Confirm", waitFocus("confirm-open"))

	// Shift+Tab back into the rows (one stop), and once more out before them.
	for i := 0; i < 12 && eval[string](t, ctx, "focus", focused) != "grid"; i++ {
		run(t, ctx, "Shift+Tab", shiftTab)
	}
	run(t, ctx, "Shift+Tab comes back to the rows", waitFocus("grid"))
	run(t, ctx, "Shift+Tab leaves the rows backwards", shiftTab,
		waitJS(`!document.querySelector("#import-grid").contains(document.activeElement)`))
	before := eval[bool](t, ctx, "the focus is before the grid", `!!(document.querySelector("#import-grid").compareDocumentPosition(document.activeElement) & Node.DOCUMENT_POSITION_PRECEDING)`)
	if !before {
		t.Errorf("Shift+Tab from the rows went to %s, not to a control before the grid", eval[string](t, ctx, "focus", focused))
	}

	// Save with the keyboard: the grid keeps its active cell.
	run(t, ctx, "save from the keyboard",
		do(`(() => { document.querySelector("#save-validate").focus(); return true; })()`),
		key("\r"),
		waitText("#save-status", "Changes saved and every row checked again."))
	if got := eval[string](t, ctx, "the active cell after saving", activeCell); got != "cells.city@3" {
		t.Errorf("after saving the active cell is %q, want cells.city@3", got)
	}
	pageIsClean(t, ctx)
}
