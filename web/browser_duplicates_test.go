package web

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
	"github.com/clientele/clientele/web/ui"
)

// TestBrowserDuplicates: two similar customers are shown on the Duplicates page side by side;
// merged with the other's last name chosen, one customer is left with the chosen values; the
// merge undone, both are back.
func TestBrowserDuplicates(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t, dbtest.SQLite(t), Config{Assets: ui.Dist()})
	mgr := f.login("manager@oslo.no")
	mgr.confirm(mgr.stageCSV("kunder.csv", "create",
		"Account Number,First Name,Last Name,Email,Mobile,Address Line 1,Postcode,Town/City",
		"A-1,Kari,Nordmann,kari.nordmann@gmail.com,91234567,Storgata 5,0150,Oslo",
		"A-2,Kari,Nordman,kari.nordmann@online.no,,Storgata 5,0150,Oslo",
		"A-3,Per,Lie,per@lie.no,99887766,Bakken 2,5003,Bergen").ID)
	a1, a2 := mgr.customerByAccount("A-1"), mgr.customerByAccount("A-2")
	base := f.http.URL + "/"

	run(t, ctx, "log in", login(base, "manager@oslo.no"))
	run(t, ctx, "open Duplicates",
		click("#nav-duplicates"),
		waitJS(`document.querySelectorAll(".dup-cluster").length === 1`))
	differs := eval[string](t, ctx, "the fields that differ", `[...document.querySelectorAll(".dup-compare tr.differs")].map((tr) => tr.dataset.field).join(" ")`)
	if differs != "account_number last_name email mobile" {
		t.Errorf("fields marked as differing: %q", differs)
	}
	screenshot(t, ctx, "duplicates.png")
	lastName := fmt.Sprintf(`input[name="dup-%d-%d-last_name"][value="from"]`, a1.ID, a2.ID)
	run(t, ctx, "keep A-2's last name and merge",
		click(lastName),
		click(".dup-merge"),
		waitJS(`!!document.querySelector("#duplicates-undo") && !document.querySelector(".dup-cluster")`))
	ctxb := context.Background()
	if n, _ := f.store.CountCustomers(ctxb, f.oslo.ID); n != 2 {
		t.Errorf("%d customers after the merge, want 2", n)
	}
	kept, err := f.store.Customer(ctxb, f.oslo.ID, a1.ID)
	if err != nil || kept.Values[customer.FLastName] != "Nordman" || kept.Values[customer.FAccount] != "A-1" || kept.Values[customer.FMobile] != "+4791234567" {
		t.Errorf("the kept customer: %v, %v", kept.Values, err)
	}

	run(t, ctx, "undo the merge",
		click("#duplicates-undo"),
		waitJS(`document.querySelectorAll(".dup-cluster").length === 1 && !!document.querySelector("#merges-table .state-undone")`))
	if n, _ := f.store.CountCustomers(ctxb, f.oslo.ID); n != 3 {
		t.Errorf("%d customers after the undo, want 3", n)
	}
	if back, err := f.store.Customer(ctxb, f.oslo.ID, a1.ID); err != nil || back.Values[customer.FLastName] != "Nordmann" {
		t.Errorf("A-1 after the undo: %v, %v", back.Values, err)
	}
}

// TestBrowserRowDuplicate: in the grid, a row that may be a stored customer offers Compare; the
// dialog shows the two side by side, the row's differing cells marked, and Merge into A-1 makes
// the row that customer's update.
func TestBrowserRowDuplicate(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t, dbtest.SQLite(t), Config{Assets: ui.Dist()})
	mgr := f.login("manager@oslo.no")
	mgr.confirm(mgr.stageCSV("kunder.csv", "create",
		"Account Number,First Name,Last Name,Email,Address Line 1,Postcode,Town/City",
		"A-1,Kari,Nordmann,kari.nordmann@gmail.com,Storgata 5,0150,Oslo").ID)
	imp := mgr.stageCSV("nye.csv", "create",
		"First Name,Last Name,Address Line 1,Postcode,Town/City,Note",
		"Kari,Nordman,Storgata 5,0150,Oslo,Fra papirskjema",
		"Per,Lie,Bakken 2,5003,Bergen,")
	if imp.Summary.PossibleDuplicates != 1 {
		t.Fatalf("staged %+v", imp.Summary)
	}
	base := f.http.URL + "/"
	run(t, ctx, "log in", login(base, "manager@oslo.no"))
	run(t, ctx, "open the import",
		chromedp.Navigate(fmt.Sprintf("%s#/imports/%d", base, imp.ID)),
		waitText("#count-new", "2"), gridRowCount(2),
		waitJS(`document.querySelectorAll(".dup-compare-row").length === 1`))
	run(t, ctx, "compare row 2 with A-1",
		click(`.dup-compare-row[data-row="2"]`),
		waitJS(`!!document.querySelector("#dup-row-table")`))
	screenshot(t, ctx, "row-duplicate.png")
	differs := eval[string](t, ctx, "the marked cells", `[...document.querySelectorAll("#dup-row-table tr.differs")].map((tr) => tr.dataset.field).join(" ")`)
	if differs != "last_name note" {
		t.Errorf("cells marked as changing A-1: %q", differs)
	}
	run(t, ctx, "merge into A-1",
		click("#dup-row-merge"),
		waitText("#count-update", "1"),
		waitJS(`!document.querySelector("#dup-row-dialog").open && document.querySelectorAll(".dup-compare-row").length === 0`))
	rows, _, err := f.srv.im.Rows(context.Background(), f.oslo, imp.ID, customer.RowFilter{Rows: []int{2}}, 0, 1)
	if err != nil || len(rows) != 1 || rows[0].Status != customer.StatusUpdate {
		t.Errorf("row 2 after the merge: %+v, %v", rows, err)
	}
}

// TestBrowserDuplicatesConsent: a consent's date is not a choice of its own on the Duplicates
// page (the server takes it with the consent, so a date chosen apart would be dropped): its row
// says which consent it goes with, and the merge with the other's consent chosen keeps the other's
// date too.
func TestBrowserDuplicatesConsent(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t, dbtest.SQLite(t), Config{Assets: ui.Dist()})
	f.speak("en", "manager@oslo.no")
	mgr := f.login("manager@oslo.no")
	mgr.confirm(mgr.stageCSV("kunder.csv", "create",
		"Account Number,First Name,Last Name,Email,Address Line 1,Postcode,Town/City,Email Marketing",
		"A-1,Kari,Nordmann,kari.nordmann@gmail.com,Storgata 5,0150,Oslo,",
		"A-2,Kari,Nordman,kari.nordmann@online.no,Storgata 5,0150,Oslo,Yes").ID)
	a1, a2 := mgr.customerByAccount("A-1"), mgr.customerByAccount("A-2")
	ctxb := context.Background()
	from, err := f.store.Customer(ctxb, f.oslo.ID, a2.ID)
	if err != nil || from.Values[customer.FEmailConsentAt] == "" {
		t.Fatalf("A-2 has no email consent date: %v, %v", from.Values, err)
	}
	base := f.http.URL + "/"
	run(t, ctx, "log in", login(base, "manager@oslo.no"))
	run(t, ctx, "open Duplicates",
		click("#nav-duplicates"),
		waitJS(`document.querySelectorAll(".dup-cluster").length === 1`))
	row := `document.querySelector('.dup-compare tr[data-field="email_consent_at"]')`
	if got := eval[string](t, ctx, "the consent date's row", `(() => { const r = `+row+`; return r ? r.className + "|" + r.querySelectorAll("input").length + "|" + r.querySelector("th").textContent : "none"; })()`); got != "differs|0|Email Marketing Dategoes with Email Marketing" {
		t.Errorf("the consent date's row: %q, want it marked, without a choice, naming its consent", got)
	}
	optIn := fmt.Sprintf(`input[name="dup-%d-%d-email_opt_in"][value="from"]`, a1.ID, a2.ID)
	run(t, ctx, "keep A-2's consent and merge",
		click(optIn),
		click(".dup-merge"),
		waitJS(`!!document.querySelector("#duplicates-undo")`))
	kept, err := f.store.Customer(ctxb, f.oslo.ID, a1.ID)
	if err != nil || kept.Values[customer.FEmailOptIn] != from.Values[customer.FEmailOptIn] ||
		kept.Values[customer.FEmailConsentAt] != from.Values[customer.FEmailConsentAt] {
		t.Errorf("the kept customer's consent: %q %q, want A-2's %q %q (%v)", kept.Values[customer.FEmailOptIn], kept.Values[customer.FEmailConsentAt],
			from.Values[customer.FEmailOptIn], from.Values[customer.FEmailConsentAt], err)
	}
}
