package web

import (
	"context"
	"regexp"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
	"github.com/clientele/clientele/web/ui"
)

// speak stores lang as the users' own language, for tests that read the page's English texts in
// a tenant whose language is another (the fixture's oslo speaks Norwegian).
func (f *fixture) speak(lang string, emails ...string) {
	f.t.Helper()
	for _, email := range emails {
		u, err := f.store.UserByEmail(context.Background(), email)
		if err != nil {
			f.t.Fatal(err)
		}
		if err := f.store.SetUserLanguage(context.Background(), u.ID, lang); err != nil {
			f.t.Fatal(err)
		}
	}
}

// chooseLanguage picks a language in the header's menu, as a person does.
func chooseLanguage(code string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.WaitVisible(chromedp.CSS("#language")),
		do(`(() => { const s = document.querySelector("#language"); s.value = "`+code+`"; s.dispatchEvent(new Event("change", { bubbles: true })); return true; })()`),
	)
}

// TestBrowserLanguages: a user switches the page to Norwegian and to Polish; the header, the
// screens, numbers and dates follow, the choice survives a reload and a new login, and a
// colleague in the same shop keeps the shop's language.
func TestBrowserLanguages(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t, dbtest.SQLite(t), Config{Assets: ui.Dist()})
	london := f.tenant("london", "GB", "en")
	anna := f.user(london, "anna@london.example", customer.RoleManager)
	f.user(london, "ben@london.example", customer.RoleManager)
	f.login("anna@london.example").stageFixture() // an import for the history screen's dates
	base := f.http.URL + "/"

	text := func(step, sel string) string {
		t.Helper()
		return eval[string](t, ctx, step, `(document.querySelector("`+sel+`") || {}).textContent || ""`)
	}
	stored := func() string {
		t.Helper()
		u, err := f.store.User(context.Background(), anna.ID)
		if err != nil {
			t.Fatal(err)
		}
		return u.Language
	}

	run(t, ctx, "log in in the shop's English", login(base, "anna@london.example"),
		waitText("main h1", "Customers"), waitText("#nav-customers", "Customers"))
	if lang := eval[string](t, ctx, "html lang", `document.documentElement.lang`); lang != "en" {
		t.Errorf("<html lang> = %q, want en", lang)
	}

	run(t, ctx, "choose Norsk", chooseLanguage("nb"),
		waitText("#nav-customers", "Kunder"), waitText("main h1", "Kunder"))
	checks := []struct{ step, expr, want string }{
		{"Norwegian nav", `[...document.querySelectorAll("#top nav a")].map((a) => a.textContent).join("|")`, "Kunder|Import|Maler|Duplikater|Historikk"},
		{"Norwegian log out", `document.querySelector("#logout").textContent`, "Logg ut"},
		{"Norwegian search hint", `document.querySelector("main input[type=search], main input").placeholder`, "Navn, e-post, telefon, kundenummer…"},
		{"Norwegian title", `document.title`, "Kunder – Clientele"},
		{"Norwegian html lang", `document.documentElement.lang`, "nb"},
		{"menu shows the choice", `document.querySelector("#language").value`, "nb"},
	}
	for _, c := range checks {
		if got := eval[string](t, ctx, c.step, c.expr); got != c.want {
			t.Errorf("%s: %q, want %q", c.step, got, c.want)
		}
	}
	if got := stored(); got != "nb" {
		t.Errorf("stored language %q after choosing Norsk, want nb", got)
	}

	run(t, ctx, "reload: still Norwegian", chromedp.Reload(),
		waitText("#nav-customers", "Kunder"), waitText("main h1", "Kunder"))
	run(t, ctx, "the history in Norwegian", click("#nav-history"),
		waitText("main h1", "Importhistorikk"),
		waitJS(`document.querySelectorAll("#history-table tbody tr").length === 1`))
	// Dates in the reader's locale: "23. nov. 2026, 14:05" in Norwegian, "23 lis 2026, 14:05" in Polish.
	nbDate := text("read a Norwegian date", "#history-table tbody td")
	if !regexp.MustCompile(`^\d{1,2}\. \p{L}+\.? \d{4},? (kl\. )?\d\d[:.]\d\d$`).MatchString(nbDate) {
		t.Errorf("a Norwegian date reads %q", nbDate)
	}

	// The heading is drawn before the history's rows arrive: wait for the redrawn table too.
	run(t, ctx, "choose Polski", chooseLanguage("pl"),
		waitText("#nav-customers", "Klienci"), waitText("main h1", "Historia importów"),
		waitJS(`document.querySelectorAll("#history-table tbody tr").length === 1 &&
			document.querySelector("#history-table tbody td").textContent.trim() !== ""`))
	plDate := text("read a Polish date", "#history-table tbody td")
	t.Logf("dates: Norwegian %q, Polish %q", nbDate, plDate)
	if !regexp.MustCompile(`^\d{1,2} \p{L}+ \d{4}, \d\d:\d\d$`).MatchString(plDate) || plDate == nbDate {
		t.Errorf("a Polish date reads %q (Norwegian: %q)", plDate, nbDate)
	}
	if got := eval[string](t, ctx, "Polish html lang", `document.documentElement.lang`); got != "pl" {
		t.Errorf("<html lang> = %q, want pl", got)
	}
	run(t, ctx, "the customers in Polish", click("#nav-customers"),
		waitText("main h1", "Klienci"))
	// The search hint fits its box: the text's width in the box's font, against the room inside
	// the box's padding.
	fits := eval[string](t, ctx, "Polish search hint fits", `(() => {
		const i = document.querySelector("main input[type=search]");
		const cs = getComputedStyle(i);
		const c = document.createElement("canvas").getContext("2d");
		c.font = cs.font;
		const room = i.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
		return c.measureText(i.placeholder).width <= room ? "fits" : i.placeholder + " needs " + c.measureText(i.placeholder).width + "px of " + room;
	})()`)
	if fits != "fits" {
		t.Errorf("Polish search hint: %s", fits)
	}
	if got := stored(); got != "pl" {
		t.Errorf("stored language %q after choosing Polski, want pl", got)
	}

	// Logged out, this browser's login form stays in the last language.
	run(t, ctx, "log out", click("#logout"),
		chromedp.WaitVisible(chromedp.CSS("#login-email")), waitText("#login-submit", "Zaloguj się"))

	// A colleague in the same shop has not chosen: the shop's English, whatever the last user chose.
	run(t, ctx, "log in as a colleague", login(base, "ben@london.example"),
		waitText("#nav-customers", "Customers"), waitText("main h1", "Customers"))
	if got := eval[string](t, ctx, "colleague's menu", `document.querySelector("#language").value + "/" + document.documentElement.lang`); got != "en/en" {
		t.Errorf("the colleague's language menu and <html lang>: %q, want en/en", got)
	}

	// A new login by the first user (another session) brings their Polish back.
	run(t, ctx, "log out the colleague", click("#logout"), chromedp.WaitVisible(chromedp.CSS("#login-email")))
	run(t, ctx, "log in again", login(base, "anna@london.example"),
		waitText("#nav-customers", "Klienci"), waitText("main h1", "Klienci"))

	// A user of a Norwegian shop who never chose sees Norwegian from the start.
	run(t, ctx, "log out again", click("#logout"), chromedp.WaitVisible(chromedp.CSS("#login-email")))
	run(t, ctx, "log in to the Norwegian shop", login(base, "cashier@oslo.no"),
		waitText("#nav-customers", "Kunder"), waitText("main h1", "Kunder"))
}
