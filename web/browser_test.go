package web

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto"
	"github.com/chromedp/chromedp"

	"github.com/clientele/clientele/internal/dbtest"
	"github.com/clientele/clientele/web/ui"
)

// The browser tests drive the real page in Debian's headless Chromium (never a downloaded
// browser). Without Chromium, or before the page is built ("make ui"), they skip — unless
// CLIENTELE_REQUIRE_BROWSER=1 (CI sets it), where that is a failure.
//
// With CLIENTELE_SCREENSHOTS=DIR they save the README's screenshots of the grid and the
// confirm dialog in DIR.

// browser starts headless Chromium on a 1280×800 window and returns its context.
func browser(t *testing.T) context.Context {
	t.Helper()
	require := os.Getenv("CLIENTELE_REQUIRE_BROWSER") == "1"
	skip := func(format string, args ...any) {
		t.Helper()
		if require {
			t.Fatalf(format, args...)
		}
		t.Skipf(format+" (set CLIENTELE_REQUIRE_BROWSER=1 to fail instead)", args...)
	}
	path, err := exec.LookPath("chromium")
	if err != nil {
		skip("no chromium on PATH (Debian package chromium)")
	}
	if _, err := fs.Stat(ui.Dist(), "index.html"); err != nil {
		skip("the page is not built: run make ui")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.WindowSize(1280, 800),
		chromedp.UserDataDir(t.TempDir()),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		skip("start chromium: %v", err)
	}
	return ctx
}

// run runs browser actions in order and fails the test with the step that failed.
func run(t *testing.T, ctx context.Context, step string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v\n%s", step, err, pageState(ctx))
	}
}

// pageState describes what the page is doing, for a step that failed: the focus, the grid's
// active cell and editor, the status lines, the open dialogs and the disabled buttons. It has
// a few seconds of its own, as the step may have used up the test's.
func pageState(ctx context.Context) string {
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	js := `JSON.stringify({
		hash: location.hash,
		focus: ` + focused + `,
		active: ` + activeCell + `,
		editing: [...document.querySelectorAll(".tabulator-editing")].map((c) => c.getAttribute("tabulator-field")),
		status: [...document.querySelectorAll('[role="status"], #alert')].map((e) => (e.id || e.className) + ": " + e.textContent.trim()).filter((s) => !s.endsWith(": ")),
		dialogs: [...document.querySelectorAll("dialog[open]")].map((d) => d.id),
		disabled: [...document.querySelectorAll("button:disabled")].map((b) => b.id || b.textContent.trim()),
		errors: window.testErrors || [],
		clicks: window.testClicks || [],
		scrollY: scrollY,
	}, null, 1)`
	v, err := chromedp.Run(sctx, chromedp.Evaluate[string](js))
	if err != nil {
		return "page state: " + err.Error()
	}
	return "page state: " + v
}

// eval evaluates a JavaScript expression (awaiting a promise) and returns its value.
func eval[T any](t *testing.T, ctx context.Context, step, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: %v", step, err)
	}
	return v
}

// do evaluates JavaScript for its effect, as a step.
func do(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](expr)
}

// waitText waits until the element's text content equals want.
func waitText(sel, want string) chromedp.Action[chromedp.Void] {
	js := fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && e.textContent.trim() === %q; })()`, sel, want)
	return chromedp.Poll[chromedp.Void](js, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second))
}

// click clicks the element as a person would, once it holds still: enabled, drawn, and at the
// same place (and the page at the same scroll) for two polls in a row. Chromium computes where
// to click before it clicks, so an element still moving (a smooth scroll, a grid redrawing
// above it) would be missed, as Playwright's "stable" check knows.
func click(sel string) chromedp.Action[chromedp.Void] {
	still := fmt.Sprintf(`(() => {
		const e = document.querySelector(%q);
		if (!e || e.disabled) return false;
		const r = e.getBoundingClientRect();
		if (!r.width || !r.height) return false;
		const at = [r.x, r.y, r.width, r.height, scrollX, scrollY].join();
		const seen = (window.testRects ||= new WeakMap());
		const same = seen.get(e) === at;
		seen.set(e, at);
		return same;
	})()`, sel)
	once := chromedp.Steps(
		chromedp.Poll[chromedp.Void](still, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second)),
		chromedp.Click(chromedp.CSS(sel)),
	)
	// A redraw can replace the element after Chromium found it and before it measured where to
	// click; Chromium then answers that the node is gone, before any mouse event was sent, so
	// waiting for the new element to hold still and clicking it is what a person would do.
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		for try := 1; ; try++ {
			v, err := once(ctx, t)
			if err == nil || try == 5 || !nodeGone(err) {
				return v, err
			}
		}
	}
}

// nodeGone reports whether Chromium refused a step because the element it had found was no
// longer in the page.
func nodeGone(err error) bool {
	var cdpErr *cdproto.Error
	if !errors.As(err, &cdpErr) {
		return false
	}
	return strings.Contains(cdpErr.Message, "Could not find node")
}

// waitJS waits until the expression is true.
func waitJS(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second))
}

func login(url, email string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(url),
		chromedp.WaitVisible(chromedp.CSS("#login-email")),
		chromedp.SendKeys(chromedp.CSS("#login-email"), email),
		chromedp.SendKeys(chromedp.CSS("#login-password"), testPassword),
		click("#login-submit"),
		chromedp.WaitVisible(chromedp.CSS("#user-email")),
	)
}

// dropFile drops a file on the element as a person dragging it from their desktop would: a
// drop event whose DataTransfer holds the file.
func dropFile(sel, name string, data []byte) chromedp.Action[chromedp.Void] {
	js := fmt.Sprintf(`(() => {
		const bytes = Uint8Array.from(atob(%q), (c) => c.charCodeAt(0));
		const dt = new DataTransfer();
		dt.items.add(new File([bytes], %q, { type: "text/csv" }));
		const zone = document.querySelector(%q);
		for (const type of ["dragenter", "dragover", "drop"]) {
			zone.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
		}
		return true;
	})()`, base64.StdEncoding.EncodeToString(data), name, sel)
	return do(js)
}

func screenshot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("CLIENTELE_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// gridCell selects the cell of a field in the grid row showing spreadsheet row n.
func gridCell(n int, field string) string {
	return fmt.Sprintf(`[...document.querySelectorAll("#import-grid .tabulator-row")].find((r) => r.querySelector('[tabulator-field="row"]')?.textContent.trim() === "%d")?.querySelector('[tabulator-field="cells.%s"]')`, n, field)
}

// TestBrowserImport is a manager's whole import in the page: log in, drop a file with errors,
// see the error rows, fix a cell, save and validate, confirm, download the error rows.
func TestBrowserImport(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t, dbtest.SQLite(t), Config{Assets: ui.Dist()})
	f.speak("en", "manager@oslo.no") // the texts below are English; oslo's own language is Norwegian
	base := f.http.URL + "/"

	run(t, ctx, "log in", login(base, "manager@oslo.no"))
	run(t, ctx, "open the upload screen",
		click("#nav-import"),
		chromedp.WaitVisible(chromedp.CSS("#drop-zone")))
	run(t, ctx, "drop the file", dropFile("#drop-zone", "kunder-nb.csv", readFixture(t, "kunder-nb.csv")))
	run(t, ctx, "see the counts",
		waitText("#count-new", "3"), waitText("#count-error", "2"), waitText("#count-update", "0"))

	hash := eval[string](t, ctx, "read the import's address", `location.hash`)
	if !strings.HasPrefix(hash, "#/imports/") {
		t.Fatalf("after the upload the page is at %q", hash)
	}

	run(t, ctx, "show errors only",
		click("#chip-error"),
		waitJS(`document.querySelectorAll("#import-grid .tabulator-row").length === 2`))
	errText := eval[string](t, ctx, "read the error rows", `[...document.querySelectorAll("#import-grid .tabulator-row")].map((r) => r.textContent).join("\n")`)
	if !strings.Contains(errText, "the same as on row 2") || !strings.Contains(errText, "Last Name is required.") {
		t.Errorf("error rows show: %q", errText)
	}
	highlighted := eval[bool](t, ctx, "error cell highlighted", gridCell(7, "email")+`.classList.contains("cell-error")`)
	if !highlighted {
		t.Errorf("the email cell of row 7 is not highlighted as an error")
	}
	screenshot(t, ctx, "grid.png")

	// Fix row 7's duplicate email in place: click the cell, type, Enter.
	run(t, ctx, "edit a cell",
		do(gridCell(7, "email")+`.setAttribute("data-test", "target")`),
		chromedp.DoubleClick(chromedp.CSS(`[data-test="target"]`)),
		waitJS(`!!document.querySelector("#import-grid .tabulator-cell.tabulator-editing input")`),
		do(`(() => { const i = document.querySelector("#import-grid .tabulator-editing input"); i.value = ""; return true; })()`),
		chromedp.SendKeys(chromedp.CSS("#import-grid .tabulator-editing input"), "ingrid.haugen@example.no\r"),
		waitJS(`!document.querySelector("#import-grid .tabulator-editing")`))
	run(t, ctx, "save and validate",
		click("#save-validate"),
		waitText("#count-error", "1"), waitText("#count-new", "4"))
	run(t, ctx, "the fixed row left the errors-only view",
		waitJS(`document.querySelectorAll("#import-grid .tabulator-row").length === 1`))

	// Reloading keeps the import and its state.
	run(t, ctx, "reload", chromedp.Reload(), waitText("#count-new", "4"), waitText("#count-error", "1"))

	run(t, ctx, "open the confirm dialog",
		click("#confirm-open"),
		chromedp.WaitVisible(chromedp.CSS("#confirm-dialog")))
	summary := eval[string](t, ctx, "read the summary", `document.querySelector("#confirm-summary").textContent`)
	for _, want := range []string{"4 new", "1"} {
		if !strings.Contains(summary, want) {
			t.Errorf("confirm summary %q lacks %q", summary, want)
		}
	}
	screenshot(t, ctx, "confirm.png")
	run(t, ctx, "commit",
		click("#confirm-commit"),
		chromedp.WaitVisible(chromedp.CSS("#download-errors")))
	result := eval[string](t, ctx, "read the result", `document.querySelector("main").textContent`)
	if !strings.Contains(result, "4") || !strings.Contains(strings.ToLower(result), "created") {
		t.Errorf("result says %q", result)
	}
	n, err := f.store.CountCustomers(context.Background(), f.oslo.ID)
	if err != nil || n != 4 {
		t.Fatalf("customers stored: %d %v, want 4", n, err)
	}
	// The error rows download as an .xlsx (fetched by the page's own session).
	type downloaded struct {
		Status int    `json:"status"`
		Type   string `json:"type"`
		Size   int    `json:"size"`
	}
	download := eval[downloaded](t, ctx, "download the error rows", `(async () => {
		const a = document.querySelector("#download-errors");
		const r = await fetch(a.href);
		const b = await r.arrayBuffer();
		return { status: r.status, type: r.headers.get("Content-Type"), size: b.byteLength };
	})()`)
	if download.Status != 200 || !strings.Contains(download.Type, "spreadsheetml") || download.Size < 1000 {
		t.Errorf("error rows download: %+v", download)
	}
}

// TestBrowserCashier: a cashier sees the customers but no import screen.
func TestBrowserCashier(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t, dbtest.SQLite(t), Config{Assets: ui.Dist()})
	f.speak("en", "cashier@oslo.no")
	base := f.http.URL + "/"
	run(t, ctx, "log in", login(base, "cashier@oslo.no"))
	nav := eval[int](t, ctx, "count import links", `document.querySelectorAll("#nav-import, #nav-templates, #nav-history, #drop-zone").length`)
	if nav != 0 {
		t.Errorf("a cashier sees %d import/export controls", nav)
	}
	run(t, ctx, "open the import screen by its address",
		chromedp.Navigate(base+"#/import"),
		chromedp.WaitVisible(chromedp.CSS("main h1")))
	text := eval[string](t, ctx, "read the screen", `document.querySelector("main").textContent`)
	if !strings.Contains(strings.ToLower(text), "access") {
		t.Errorf("a cashier at #/import sees %q", text)
	}
	drop := eval[int](t, ctx, "no drop zone", `document.querySelectorAll("#drop-zone").length`)
	if drop != 0 {
		t.Errorf("a cashier at #/import has a drop zone")
	}
}

// TestBrowserAudit: the owner reads the audit log in the page; a manager has no link to it.
func TestBrowserAudit(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t, dbtest.SQLite(t), Config{Assets: ui.Dist()})
	f.speak("en", "manager@oslo.no", "owner@oslo.no")
	mgr := f.login("manager@oslo.no")
	imp := mgr.stageFixture()
	mgr.confirm(imp.ID)
	base := f.http.URL + "/"

	run(t, ctx, "log in as the manager", login(base, "manager@oslo.no"))
	if n := eval[int](t, ctx, "count audit links", `document.querySelectorAll("#nav-audit").length`); n != 0 {
		t.Errorf("a manager sees the audit log link")
	}
	run(t, ctx, "open the history",
		click("#nav-history"),
		waitJS(`document.querySelectorAll("#history-table tbody tr").length === 1`))
	if text := eval[string](t, ctx, "read the history", `document.querySelector("#history-table").textContent`); !strings.Contains(text, "kunder-nb.csv") {
		t.Errorf("history %q lacks the import", text)
	}
	run(t, ctx, "log out", click("#logout"), chromedp.WaitVisible(chromedp.CSS("#login-email")))
	run(t, ctx, "log in as the owner", login(base, "owner@oslo.no"),
		click("#nav-audit"),
		waitJS(`document.querySelectorAll("#audit-table tbody tr").length === 2`))
	text := eval[string](t, ctx, "read the audit log", `document.querySelector("#audit-table").textContent`)
	for _, want := range []string{"manager@oslo.no", "Confirmed", "Uploaded and checked", "kunder-nb.csv"} {
		if !strings.Contains(text, want) {
			t.Errorf("audit log %q lacks %q", text, want)
		}
	}
}
