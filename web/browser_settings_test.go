package web

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/clientele/clientele/internal/dbtest"
	"github.com/clientele/clientele/web/ui"
)

// TestBrowserShopSettings: an owner opens Shop settings from the header, changes the shop's name,
// country and language, and the page follows at once without a reload — the header's name, and
// the page in Polish, since the owner follows the shop's language; a manager has no such screen.
func TestBrowserShopSettings(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t, dbtest.SQLite(t), Config{Assets: ui.Dist()})
	base := f.http.URL + "/"
	value := func(step, expr string) string {
		t.Helper()
		return eval[string](t, ctx, step, expr)
	}

	run(t, ctx, "log in as the owner", login(base, "owner@oslo.no"),
		waitText("#nav-settings", "Butikkinnstillinger"))
	run(t, ctx, "open the settings", click("#nav-settings"),
		chromedp.WaitVisible(chromedp.CSS("#shop-country")), waitText("main h1", "Butikkinnstillinger"))
	if got := value("country shown", `document.querySelector("#shop-country").value + "|" + document.querySelector("#shop-language").value + "|" + document.querySelector("#shop-name").value`); got != "NO|nb|oslo" {
		t.Errorf("the form shows %q, want NO|nb|oslo", got)
	}
	// Countries are named in the page's language.
	if got := value("Poland in Norwegian", `document.querySelector('#shop-country option[value="PL"]').textContent`); got != "Polen (PL)" {
		t.Errorf("PL is shown as %q, want Polen (PL)", got)
	}

	run(t, ctx, "change and save",
		do(`(() => {
			const set = (sel, v) => { const e = document.querySelector(sel); e.value = v; e.dispatchEvent(new Event("change", { bubbles: true })); };
			set("#shop-name", "Sklep Kraków");
			set("#shop-country", "PL");
			set("#shop-language", "pl");
			return true;
		})()`),
		click("#shop-save"),
		waitText("#shop-status", "Ustawienia zapisane."),
		waitText("#nav-customers", "Klienci"),
		waitText("main h1", "Ustawienia sklepu"),
		waitText("#top .tenant", "Sklep Kraków"),
	)
	if got := value("the form after saving", `document.querySelector("#shop-country").value + "|" + document.querySelector("#shop-language").value + "|" + document.querySelector("#shop-name").value`); got != "PL|pl|Sklep Kraków" {
		t.Errorf("the form shows %q after saving, want PL|pl|Sklep Kraków", got)
	}
	if got := value("html lang", `document.documentElement.lang`); got != "pl" {
		t.Errorf("<html lang> = %q after the shop switched to Polish", got)
	}
	stored, err := f.store.TenantByID(context.Background(), f.oslo.ID)
	if err != nil || stored.Name != "Sklep Kraków" || stored.Country != "PL" || stored.Language != "pl" {
		t.Errorf("stored %+v, %v", stored, err)
	}

	// A manager sees no link, and the address alone shows "no access".
	mgr := browser(t)
	run(t, mgr, "log in as a manager", login(base, "manager@oslo.no"), waitText("#nav-customers", "Klienci"))
	if n := eval[int](t, mgr, "no settings link", `document.querySelectorAll("#nav-settings").length`); n != 0 {
		t.Errorf("a manager sees %d Shop settings links", n)
	}
	run(t, mgr, "the address alone", chromedp.Navigate(base+"#/settings"), waitText("main h1", "Brak dostępu"))
}
