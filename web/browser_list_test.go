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

// TestBrowserCustomerList: in a Norwegian shop of 1,205 customers a manager sorts the list by
// name with a click on its header and reverses it from the keyboard (Æ Ø Å after Z, aria-sort
// and the arrow following), jumps to the last page (which a reload keeps), reads the counts and
// points with Norwegian digit grouping, and sees "no customers" on screen for a search that finds none.
func TestBrowserCustomerList(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t, dbtest.SQLite(t), Config{Assets: ui.Dist()})
	named := []string{"Olsen", "Zahl", "Ærø", "Ødegård", "Åsen"} // the last five by name, in order
	var cs []*customer.Customer
	for i := range 1200 {
		var v customer.Values
		v[customer.FAccount], v[customer.FFirstName], v[customer.FLastName] = fmt.Sprintf("K-%04d", i), fmt.Sprintf("Kari%d", i), "Hansen"
		v[customer.FEmail], v[customer.FCity] = fmt.Sprintf("kari%d@example.no", i), "Bergen"
		cs = append(cs, &customer.Customer{Values: v})
	}
	for i, last := range named {
		var v customer.Values
		v[customer.FAccount], v[customer.FFirstName], v[customer.FLastName] = fmt.Sprintf("A-%d", i), "Test", last
		v[customer.FEmail], v[customer.FCity], v[customer.FLoyaltyPoints] = fmt.Sprintf("test%d@example.no", i), "Oslo", "62716"
		cs = append(cs, &customer.Customer{Values: v})
	}
	if err := f.store.InsertCustomers(context.Background(), f.oslo.ID, cs); err != nil {
		t.Fatal(err)
	}
	base := f.http.URL + "/"
	// The last names shown, and the sort state of the headers: "name=ascending ▲".
	const lastNames = `(() => {
		const col = [...document.querySelectorAll("#customers-list thead th")].findIndex((th) => th.querySelector('[data-sort="name"]'));
		return [...document.querySelectorAll("#customers-list tbody tr")].map((r) => r.children[col].textContent).join(" ");
	})()`
	const sorted = `[...document.querySelectorAll("#customers-list th[aria-sort]")].map((th) => th.querySelector("button").dataset.sort + "=" + th.getAttribute("aria-sort") + " " + th.querySelector(".sort-arrow").textContent).join(",")`
	text := func(step, sel string) string {
		t.Helper()
		return eval[string](t, ctx, step, `document.querySelector("`+sel+`").textContent`)
	}

	run(t, ctx, "log in to the Norwegian shop", login(base, "manager@oslo.no"),
		waitJS(`document.querySelectorAll("#customers-list tbody tr").length === 50`))
	// Norwegian groups digits with a (no-break) space.
	if got, want := text("read the range", "#customers-range"), "1–50 av 1\u00a0205"; got != want {
		t.Errorf("range %q, want %q", got, want)
	}
	if got := eval[string](t, ctx, "the default order", sorted); got != "account=ascending ▲" {
		t.Errorf("headers at first: %q, want the account number ascending", got)
	}

	run(t, ctx, "sort by name with a click", click(`button[data-sort="name"]`),
		waitJS(sorted+` === "name=ascending ▲"`))
	run(t, ctx, "jump to the last page",
		do(`document.querySelector("#customers-page").value = ""`),
		chromedp.SendKeys(chromedp.CSS("#customers-page"), "25\r"),
		waitJS(lastNames+` === "`+strings.Join(named, " ")+`"`))
	if got, want := text("read the last page's range", "#customers-range"), "1\u00a0201–1\u00a0205 av 1\u00a0205"; got != want {
		t.Errorf("range %q, want %q", got, want)
	}

	run(t, ctx, "a reload keeps the order and the page", chromedp.Reload(),
		waitJS(lastNames+` === "`+strings.Join(named, " ")+`"`),
		waitJS(sorted+` === "name=ascending ▲"`))
	if got := eval[string](t, ctx, "the address", `location.hash`); !strings.HasSuffix(got, "?sort=name&page=25") {
		t.Errorf("the list's address is %q", got)
	}

	// Enter on the focused header reverses the order and starts from the first page again.
	run(t, ctx, "reverse it from the keyboard",
		chromedp.Focus(chromedp.CSS(`button[data-sort="name"]`)),
		chromedp.KeyEvent("\r"),
		waitJS(sorted+` === "name=descending ▼"`),
		waitJS(lastNames+`.startsWith("Åsen Ødegård Ærø Zahl Olsen Hansen")`))
	if got := eval[string](t, ctx, "focus after sorting", `document.activeElement.dataset.sort || document.activeElement.tagName`); got != "name" {
		t.Errorf("after sorting from the keyboard the focus is on %q, want the name header", got)
	}
	if got, want := text("read Åsen's points", "#customers-list tbody tr td.num"), "62\u00a0716"; got != want {
		t.Errorf("loyalty points %q, want %q", got, want)
	}
	screenshot(t, ctx, "customers.png")

	run(t, ctx, "search for no one", chromedp.SendKeys(chromedp.CSS("#customer-search"), "zzzz"),
		chromedp.WaitVisible(chromedp.CSS("#customers-empty")))
	inView := eval[string](t, ctx, "where the empty state is", `(() => {
		const r = document.querySelector("#customers-empty").getBoundingClientRect();
		const inside = r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight;
		return inside ? "inside" : JSON.stringify(r);
	})()`)
	if inView != "inside" {
		t.Errorf("the empty state is outside the 1280×800 window: %s", inView)
	}
	if got := text("read the empty state", "#customers-empty"); got != "Fant ingen kunder." {
		t.Errorf("empty state %q", got)
	}
}
