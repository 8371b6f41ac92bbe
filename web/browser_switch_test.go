package web

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
	"github.com/clientele/clientele/web/ui"
)

// TestBrowserLanguageSwitch: on each screen — the customers, an import's grid, the templates
// with the field guide, the history, the shop settings — the owner switches English → Norwegian
// → Polish without reloading, and after each switch the screen reads exactly as a fresh load in
// that language: the page's own texts, and what the server says in a language (the catalogue's
// column headers and field guide, the rows' error messages).
func TestBrowserLanguageSwitch(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t, dbtest.SQLite(t), Config{Assets: ui.Dist()})
	owner := f.login("owner@oslo.no")
	imp := owner.stageFixture() // with error rows: the grid shows the server's messages
	var cs []*customer.Customer
	for i, last := range []string{"Nordmann", "Ødegård", "Hansen"} {
		var v customer.Values
		v[customer.FAccount], v[customer.FFirstName], v[customer.FLastName] = fmt.Sprintf("K-%d", i+1), "Kari", last
		v[customer.FLoyaltyPoints] = "62716"
		cs = append(cs, &customer.Customer{Values: v})
	}
	if err := f.store.InsertCustomers(context.Background(), f.oslo.ID, cs); err != nil {
		t.Fatal(err)
	}
	base := f.http.URL + "/"

	screens := []struct{ name, hash, ready string }{
		{"customers", "#/customers", `!!document.querySelector("#customers-list tbody tr")`},
		{"import grid", fmt.Sprintf("#/imports/%d", imp.ID), `document.querySelectorAll("#import-grid .tabulator-row").length > 0`},
		{"templates", "#/templates", `!!document.querySelector("#field-guide tbody tr")`},
		{"history", "#/history", `!!document.querySelector("#history-table tbody tr")`},
		{"settings", "#/settings", `!!document.querySelector("#shop-settings")`},
	}
	// mainText waits until the screen is in lang, drawn (ready) and has stopped changing for a
	// moment (rows and chips arrive after the heading), and returns the text of <main> as shown.
	mainText := func(step, lang, ready string) string {
		t.Helper()
		return eval[string](t, ctx, step, `new Promise((resolve) => {
			let last = null;
			let since = 0;
			const tick = () => {
				const text = document.getElementById("main").innerText;
				if (text !== last) {
					last = text;
					since = performance.now();
				}
				if (document.documentElement.lang === "`+lang+`" && (`+ready+`) && performance.now() - since >= 150) resolve(text);
				else setTimeout(tick, 50);
			};
			tick();
		})`)
	}

	run(t, ctx, "log in", login(base, "owner@oslo.no"))
	switched := map[string]map[string]string{} // screen → language → its text after switching
	for i, sc := range screens {
		// Each screen starts in English: the first loaded so, the others switched back from Polish.
		if i == 0 {
			f.speak("en", "owner@oslo.no")
			run(t, ctx, sc.name+": load in English", chromedp.Navigate(base+sc.hash), chromedp.Reload())
		} else {
			run(t, ctx, sc.name+": open", chromedp.Navigate(base+sc.hash), chooseLanguage("en"))
		}
		run(t, ctx, sc.name+": drawn in English", waitJS(`document.documentElement.lang === "en" && `+sc.ready))
		switched[sc.name] = map[string]string{}
		for _, lang := range []string{"nb", "pl"} {
			run(t, ctx, sc.name+": switch to "+lang, chooseLanguage(lang))
			switched[sc.name][lang] = mainText(sc.name+": switched to "+lang, lang, sc.ready)
		}
	}
	for _, lang := range []string{"nb", "pl"} {
		f.speak(lang, "owner@oslo.no")
		for _, sc := range screens {
			run(t, ctx, sc.name+": load in "+lang, chromedp.Navigate(base+sc.hash), chromedp.Reload())
			fresh := mainText(sc.name+": loaded in "+lang, lang, sc.ready)
			if got := switched[sc.name][lang]; got != fresh {
				t.Errorf("%s switched to %s reads otherwise than loaded in it: %s", sc.name, lang, firstDifference(got, fresh))
			}
		}
	}
}

// firstDifference shows the first line where got and want differ.
func firstDifference(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d: %q, want %q", i+1, gl, wl)
		}
	}
	return "no difference"
}
