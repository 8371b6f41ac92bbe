package web

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/clientele/clientele/internal/dbtest"
	"github.com/clientele/clientele/web/ui"
)

// TestBrowserUndo: a manager undoes an import from the history screen. The first import created
// three customers and a later one changed one of them, so the dialog shows one conflict; with
// "undo the changed customers too" ticked, all three are gone. The steps find the page's parts by
// id and count, not by their words, so the test holds in every language of the page.
func TestBrowserUndo(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t, dbtest.SQLite(t), Config{Assets: ui.Dist()})
	mgr := f.login("manager@oslo.no")
	first := mgr.stageFixture()
	mgr.confirm(first.ID)
	later := mgr.stageCSV("endring.csv", "upsert", strings.Join(undoHeaderRow(), ";"),
		undoRow("account_number", "A-1001", "first_name", "Ola", "last_name", "Nordmann", "note", "Flyttet"))
	if later.Summary.Update != 1 {
		t.Fatalf("the later import: %+v", later.Summary)
	}
	mgr.confirm(later.ID)
	if n, err := f.store.CountCustomers(context.Background(), f.oslo.ID); err != nil || n != 3 {
		t.Fatalf("customers before undo: %d, %v; want 3", n, err)
	}
	// A discarded file: its counts are what its rows would have been, not customers created.
	dropped := mgr.stageCSV("forkastet.csv", "create", strings.Join(undoHeaderRow(), ";"),
		undoRow("first_name", "Eva", "last_name", "Berg"), undoRow("first_name", "Jon", "last_name", "Berg"))
	mgr.do("DELETE", fmt.Sprintf("/api/imports/%d", dropped.ID), nil, "").Body.Close()
	base := f.http.URL + "/"

	run(t, ctx, "log in", login(base, "manager@oslo.no"))
	run(t, ctx, "open the history",
		click("#nav-history"),
		waitJS(`document.querySelectorAll("#history-table tbody tr").length === 3`))
	discarded := eval[string](t, ctx, "the discarded import's new count", fmt.Sprintf(
		`(() => { const td = document.querySelectorAll('#history-table tr[data-import="%d"] td.num')[0]; return td.className + "|" + td.textContent + "|" + td.title; })()`, dropped.ID))
	if discarded != "num muted|(2)Ikke importert: 2|Ikke importert" {
		t.Errorf("the discarded import's new count reads %q, want greyed, in brackets and said to be not imported", discarded)
	}
	if ws := eval[string](t, ctx, "the When column", `getComputedStyle(document.querySelector("#history-table tbody td")).whiteSpace`); ws != "nowrap" {
		t.Errorf("the When column wraps (%s)", ws)
	}
	buttons := eval[int](t, ctx, "count undo buttons", `document.querySelectorAll("#history-table .undo-import").length`)
	if buttons != 2 {
		t.Errorf("%d undo buttons, want one per committed import (2)", buttons)
	}
	undoButton := fmt.Sprintf(`#history-table .undo-import[data-import="%d"]`, first.ID)
	run(t, ctx, "open the undo dialog",
		click(undoButton),
		chromedp.WaitVisible(chromedp.CSS("#undo-dialog")),
		waitJS(`!document.querySelector("#undo-run").disabled`))
	summary := eval[string](t, ctx, "read the preview", `document.querySelector("#undo-summary").textContent`)
	if !strings.Contains(summary, "2") || strings.Contains(summary, "3") {
		t.Errorf("preview summary %q: want 2 to delete (and not the changed third)", summary)
	}
	conflicts := eval[string](t, ctx, "read the conflicts", `[...document.querySelectorAll("#undo-conflicts li")].map((li) => li.textContent).join("\n")`)
	if !strings.Contains(conflicts, "A-1001 Ola Nordmann") || !strings.Contains(conflicts, "note") || strings.Count(conflicts, "\n") != 0 {
		t.Errorf("conflicts shown: %q", conflicts)
	}
	forceShown := eval[bool](t, ctx, "the force choice", `!document.querySelector("#undo-force").closest("p").hidden && !document.querySelector("#undo-force").checked`)
	if !forceShown {
		t.Error("the choice to undo the changed customer too is not offered (unticked)")
	}
	// The button that takes the import back looks like what it does: filled red, not blue.
	if bg := eval[string](t, ctx, "the undo button's colour", `getComputedStyle(document.querySelector("#undo-run")).backgroundColor`); bg != "rgb(180, 35, 24)" {
		t.Errorf("the undo button's background is %s, want the page's red", bg)
	}
	screenshot(t, ctx, "undo.png")

	run(t, ctx, "undo, the changed customer too",
		click("#undo-force"),
		click("#undo-run"),
		chromedp.WaitNotVisible(chromedp.CSS("#undo-dialog")),
		waitJS(`document.querySelector("#history-status").textContent.includes("3")`))
	// The result is said plainly in a box, not in small grey text.
	if cls := eval[string](t, ctx, "the result's box", `document.querySelector("#history-status").className`); cls != "notice success" {
		t.Errorf("the undo's result has class %q, want a success notice", cls)
	}
	state := eval[string](t, ctx, "read the state", fmt.Sprintf(`document.querySelector('#history-table tr[data-import="%d"] .badge').className`, first.ID))
	if !strings.Contains(state, "state-undone") {
		t.Errorf("state badge after undo: %q", state)
	}
	if n := eval[int](t, ctx, "count undo buttons", `document.querySelectorAll("#history-table .undo-import").length`); n != 1 {
		t.Errorf("%d undo buttons after undo, want 1 (the later import's)", n)
	}
	if n, err := f.store.CountCustomers(context.Background(), f.oslo.ID); err != nil || n != 0 {
		t.Errorf("customers stored after undo: %d, %v; want 0", n, err)
	}

	// The customers screen shows no customers; a reload shows the import undone.
	run(t, ctx, "open the customers",
		click("#nav-customers"),
		chromedp.WaitVisible(chromedp.CSS("#customers-table")),
		waitJS(`!!document.querySelector("#customers-empty")`))
	if n := eval[int](t, ctx, "count customer rows", `document.querySelectorAll("#customers-table tbody tr").length`); n != 0 {
		t.Errorf("the customers screen shows %d customers after undo", n)
	}
	run(t, ctx, "reload the history",
		click("#nav-history"),
		waitJS(fmt.Sprintf(`!!document.querySelector('#history-table tr[data-import="%d"] .state-undone')`, first.ID)))
}
