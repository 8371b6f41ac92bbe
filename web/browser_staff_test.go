package web

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/clientele/clientele/internal/dbtest"
	"github.com/clientele/clientele/web/ui"
)

// TestBrowserStaff: the owner adds a cashier on the Staff screen and reads the one-time password
// once; the cashier logs in with it, must choose a password of their own first, and then sees only
// the customer list; the owner deactivates them, and the cashier's page falls back to the login
// form the next time it looks (here: when the window gets focus).
func TestBrowserStaff(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t, dbtest.SQLite(t), Config{Assets: ui.Dist()})
	base := f.http.URL + "/"

	run(t, ctx, "log in as the owner", login(base, "owner@oslo.no"), chromedp.WaitVisible(chromedp.CSS("#nav-staff")))
	run(t, ctx, "open Staff", click("#nav-staff"),
		chromedp.WaitVisible(chromedp.CSS(`#staff-table tr[data-email="cashier@oslo.no"]`)))
	run(t, ctx, "add a cashier",
		chromedp.SendKeys(chromedp.CSS("#staff-email"), "nina@oslo.no"),
		click("#staff-add"),
		waitJS(`!!document.querySelector("#staff-password") && document.querySelector("#staff-password").textContent.length === 16`),
		chromedp.WaitVisible(chromedp.CSS(`#staff-table tr[data-email="nina@oslo.no"]`)),
	)
	oneTime := eval[string](t, ctx, "the one-time password", `document.querySelector("#staff-password").textContent`)
	if role := eval[string](t, ctx, "nina's role", `document.querySelector('#staff-table tr[data-email="nina@oslo.no"] .staff-role').value`); role != "cashier" {
		t.Errorf("nina was added as %q, want cashier", role)
	}

	nina := browser(t)
	const own = "ninas own password"
	run(t, nina, "log in with the one-time password",
		chromedp.Navigate(base),
		chromedp.WaitVisible(chromedp.CSS("#login-email")),
		chromedp.SendKeys(chromedp.CSS("#login-email"), "nina@oslo.no"),
		chromedp.SendKeys(chromedp.CSS("#login-password"), oneTime),
		click("#login-submit"),
		chromedp.WaitVisible(chromedp.CSS("#password-form")),
	)
	if n := eval[int](t, nina, "no links before the password", `document.querySelectorAll("#top nav a").length`); n != 0 {
		t.Errorf("%d navigation links before choosing a password, want none", n)
	}
	run(t, nina, "choose a password",
		chromedp.SendKeys(chromedp.CSS("#password-current"), oneTime),
		chromedp.SendKeys(chromedp.CSS("#password-new"), own),
		chromedp.SendKeys(chromedp.CSS("#password-again"), own),
		click("#password-save"),
		waitJS(`location.hash === "#/customers" && !!document.querySelector("#nav-customers[aria-current=page]")`),
	)
	links := eval[[]string](t, nina, "the cashier's links", `Array.from(document.querySelectorAll("#top nav a"), (a) => a.id)`)
	if len(links) != 1 || links[0] != "nav-customers" {
		t.Errorf("the cashier sees links %v, want only nav-customers", links)
	}
	stored, err := f.store.UserByEmail(context.Background(), "nina@oslo.no")
	if err != nil || stored.MustChangePassword {
		t.Fatalf("nina after choosing a password: %+v, %v", stored, err)
	}

	run(t, ctx, "deactivate the cashier",
		click(`#staff-table tr[data-email="nina@oslo.no"] .staff-toggle`),
		waitJS(`document.querySelector('#staff-table tr[data-email="nina@oslo.no"]').classList.contains("inactive")`),
	)
	run(t, nina, "the cashier's page is logged out",
		do(`window.dispatchEvent(new Event("focus"))`),
		chromedp.WaitVisible(chromedp.CSS("#login-email")),
		waitJS(`document.getElementById("main").hidden`),
	)
}
