package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/clientele/clientele/internal/dbtest"
	"github.com/clientele/clientele/web/ui"
)

// axeSource is axe-core's script, installed by npm ci with the page's other build tools
// (web/ui/package.json): the test never downloads it.
func axeSource(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("ui", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		if os.Getenv("CLIENTELE_REQUIRE_BROWSER") == "1" {
			t.Fatalf("axe-core is not installed (make ui runs npm ci): %v", err)
		}
		t.Skipf("axe-core is not installed (make ui runs npm ci): %v", err)
	}
	return string(b)
}

// axeViolation is one rule axe-core found broken, with the elements that break it.
type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
}

// axeCheck runs axe-core on the page as it is and fails the test for each serious or critical
// violation, naming the screen, the rule, the elements and what the rule asks.
func axeCheck(t *testing.T, ctx context.Context, inject chromedp.Action[chromedp.Void], screen string) {
	t.Helper()
	run(t, ctx, "load axe-core", inject)
	type result struct {
		Passed     int            `json:"passed"`
		Violations []axeViolation `json:"violations"`
	}
	found := eval[result](t, ctx, "axe on "+screen, `(async () => {
		const r = await axe.run(document, { resultTypes: ["violations"] });
		return {
			passed: r.passes.length,
			violations: r.violations
				.filter((v) => v.impact === "serious" || v.impact === "critical")
				.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(" ") + " — " + n.failureSummary) })),
		};
	})()`)
	if found.Passed < 10 {
		t.Errorf("%s: axe-core passed only %d rules: did it check the page?", screen, found.Passed)
	}
	for _, v := range found.Violations {
		t.Errorf("%s: %s (%s): %s\n\tat %s", screen, v.ID, v.Impact, v.Help, strings.Join(v.Targets, "\n\tat "))
	}
}

// TestBrowserAccessibility walks every screen once — login, customers, a customer's page,
// templates, upload, the mapping step, the grid, the confirm dialog, history, staff, settings —
// and runs axe-core on each: no serious or critical violation may be left.
func TestBrowserAccessibility(t *testing.T) {
	ctx := browser(t)
	axe := axeSource(t)
	f := newFixture(t, dbtest.SQLite(t), Config{Assets: ui.Dist()})
	f.speak("en", "owner@oslo.no")
	base := f.http.URL + "/"
	owner := f.login("owner@oslo.no")
	owner.confirm(owner.stageFixture().ID)
	ola := owner.customerByAccount("A-1001")
	staged := owner.stageFixture()
	mapping := owner.uploadFor("/api/imports", http.StatusCreated, contactsFile, readFixture(t, contactsFile))
	src, err := json.Marshal(axe)
	if err != nil {
		t.Fatal(err)
	}
	// A screen is a hash of the same document, which keeps axe once loaded.
	inject := do(`(() => { if (!window.axe) { (0, eval)(` + string(src) + `); } return true; })()`)

	run(t, ctx, "open the login form", chromedp.Navigate(base), chromedp.WaitVisible(chromedp.CSS("#login-email")))
	axeCheck(t, ctx, inject, "login")
	run(t, ctx, "log in", login(base, "owner@oslo.no"),
		waitJS(`document.querySelectorAll("#customers-table a.customer-link").length > 0`))
	axeCheck(t, ctx, inject, "customers")

	screens := []struct {
		name, hash, ready string
	}{
		{"customer record", fmt.Sprintf("#/customers/%d", ola.ID), `!!document.querySelector("#field-email") && document.querySelector("#field-email").value !== ""`},
		{"templates", "#/templates", `!!document.querySelector("#field-guide")`},
		{"import upload", "#/import", `!!document.querySelector("#drop-zone")`},
		{"mapping", fmt.Sprintf("#/imports/%d", mapping.ID), `!!document.querySelector("#mapping-table")`},
		{"grid", fmt.Sprintf("#/imports/%d", staged.ID), `document.querySelectorAll("#import-grid .tabulator-row").length > 0 && document.querySelector("#count-warning").textContent !== ""`},
	}
	for _, s := range screens {
		run(t, ctx, "open "+s.name, chromedp.Navigate(base+s.hash), waitJS(s.ready))
		axeCheck(t, ctx, inject, s.name)
	}
	run(t, ctx, "open the confirm dialog",
		click("#confirm-open"), chromedp.WaitVisible(chromedp.CSS("#confirm-dialog")))
	axeCheck(t, ctx, inject, "confirm dialog")
	run(t, ctx, "close the confirm dialog", click("#confirm-cancel"))

	for _, s := range []struct{ name, hash, ready string }{
		{"history", "#/history", `document.querySelectorAll("#history-table tbody tr").length > 0`},
		{"staff", "#/staff", `document.querySelectorAll("#staff-table tbody tr").length > 0`},
		{"settings", "#/settings", `!!document.querySelector("#shop-name") && document.querySelector("#shop-name").value !== ""`},
	} {
		run(t, ctx, "open "+s.name, chromedp.Navigate(base+s.hash), waitJS(s.ready))
		axeCheck(t, ctx, inject, s.name)
	}
}
