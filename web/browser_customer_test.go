package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/clientele/clientele/internal/dbtest"
	"github.com/clientele/clientele/web/ui"
)

// TestBrowserCustomerPage: a cashier reads a customer's page; the owner opens it from the list,
// has an edit refused on its field, saves one, reads it in the history and erases the customer.
func TestBrowserCustomerPage(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t, dbtest.SQLite(t), Config{Assets: ui.Dist()})
	f.speak("en", "owner@oslo.no", "cashier@oslo.no")
	mgr := f.login("manager@oslo.no")
	mgr.confirm(mgr.stageCSV("kunder.csv", "create",
		"Account Number,First Name,Last Name,Email,Town/City,Email Marketing",
		"A-1,Ola,Nordmann,ola@example.no,Oslo,Yes",
		"A-2,Kari,Hansen,kari@example.no,Bergen,No").ID)
	ola := mgr.customerByAccount("A-1")
	base := f.http.URL + "/"
	page := fmt.Sprintf("%s#/customers/%d", base, ola.ID)

	run(t, ctx, "a cashier opens the page", login(base, "cashier@oslo.no"),
		chromedp.Navigate(page),
		waitJS(`document.querySelector("#field-email") && document.querySelector("#field-email").value === "ola@example.no"`))
	readOnly := eval[bool](t, ctx, "read-only", `[...document.querySelectorAll("#customer-form input, #customer-form select")].every((e) => e.disabled)
		&& !document.querySelector("#customer-save") && !document.querySelector("#customer-erase") && !document.querySelector("#customer-export-html")`)
	if !readOnly {
		t.Error("a cashier can edit, export or erase")
	}
	run(t, ctx, "log out", click("#logout"), chromedp.WaitVisible(chromedp.CSS("#login-email")))

	run(t, ctx, "the owner opens Ola from the list", login(base, "owner@oslo.no"),
		waitJS(`[...document.querySelectorAll("#customers-table a.customer-link")].some((a) => a.textContent === "A-1")`),
		do(`[...document.querySelectorAll("#customers-table a.customer-link")].find((a) => a.textContent === "A-1").click()`),
		waitJS(`document.querySelector("#field-email") && document.querySelector("#field-email").value === "ola@example.no"`))
	if c := eval[string](t, ctx, "consent", `document.querySelector("#consent-email .consent-state").textContent`); c != "Yes" {
		t.Errorf("email consent shows %q", c)
	}
	if src := eval[string](t, ctx, "consent's source", `document.querySelector("#consent-email .consent-source").textContent`); !strings.Contains(src, "kunder.csv") {
		t.Errorf("email consent's source %q", src)
	}

	run(t, ctx, "an email another customer has is refused on its field",
		do(`document.querySelector("#field-email").value = "kari@example.no"`),
		click("#customer-save"),
		waitJS(`document.querySelector("#field-email").getAttribute("aria-invalid") === "true"`))
	if msg := eval[string](t, ctx, "the field's error", `document.querySelector("#error-email").textContent`); !strings.Contains(msg, "kari@example.no") || !strings.Contains(msg, "A-2") {
		t.Errorf("error on the email field: %q", msg)
	}

	run(t, ctx, "a valid edit is saved and shows in the history",
		do(`document.querySelector("#field-email").value = "ola@example.no"`),
		do(`document.querySelector("#field-city").value = "Molde"`),
		click("#customer-save"),
		waitText("#customer-status", "Saved."),
		waitJS(`document.querySelectorAll("#customer-history-table tbody tr").length === 2`))
	last := eval[string](t, ctx, "the history's last entry", `document.querySelector("#customer-history-table tbody tr:last-child").textContent`)
	if !strings.Contains(last, "Edited") || !strings.Contains(last, "owner@oslo.no") || !strings.Contains(last, "Oslo → Molde") {
		t.Errorf("history entry %q", last)
	}
	if invalid := eval[int](t, ctx, "no field marked", `document.querySelectorAll("#customer-form [aria-invalid]").length`); invalid != 0 {
		t.Errorf("%d fields still marked after saving", invalid)
	}
	var stored customerBody
	mgr.decode(mgr.do("GET", fmt.Sprintf("/api/customers/%d", ola.ID), nil, ""), http.StatusOK, &stored)
	if stored.Cells["city"] != "Molde" || stored.Cells["email"] != "ola@example.no" {
		t.Errorf("stored %+v", stored.Cells)
	}

	run(t, ctx, "the owner erases Ola",
		click("#customer-erase"),
		chromedp.WaitVisible(chromedp.CSS("#customer-erase-confirm")),
		click("#customer-erase-confirm"),
		waitJS(`location.hash === "#/customers" && !!document.querySelector("#customers-table")`))
	mgr.errorCode(mgr.do("GET", fmt.Sprintf("/api/customers/%d", ola.ID), nil, ""), 404)
	if n := mgr.customerCount(); n != 1 {
		t.Errorf("%d customers after the erasure, want 1", n)
	}
}
