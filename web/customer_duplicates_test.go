package web

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

type duplicatePage struct {
	Clusters []clusterBody `json:"clusters"`
	Total    int           `json:"total"`
}

// TestDuplicatesAPI: the clusters, a merge with a chosen field, the history and its undo, a
// dismissed pair, and who may do it.
func TestDuplicatesAPI(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t), Config{})
	mgr := f.login("manager@oslo.no")
	mgr.confirm(mgr.stageCSV("kunder.csv", "create",
		"Account Number,First Name,Last Name,Email,Mobile,Address Line 1,Postcode,Town/City",
		"A-1,Kari,Nordmann,kari.nordmann@gmail.com,91234567,Storgata 5,0150,Oslo",
		"A-2,Kari,Nordman,kari.nordmann@online.no,,Storgata 5,0150,Oslo",
		"A-3,Per,Lie,per@lie.no,99887766,Bakken 2,5003,Bergen").ID)
	a1, a2 := mgr.customerByAccount("A-1"), mgr.customerByAccount("A-2")

	var page duplicatePage
	mgr.decode(mgr.do("GET", "/api/duplicates", nil, ""), http.StatusOK, &page)
	if page.Total != 1 || len(page.Clusters[0].Customers) != 2 || page.Clusters[0].Customers[0].ID != a1.ID ||
		page.Clusters[0].Pairs[0].Score < 0.5 || len(page.Clusters[0].Pairs[0].Reasons) == 0 {
		t.Fatalf("duplicates = %+v", page)
	}
	cashier := f.login("cashier@oslo.no")
	if code := cashier.errorCode(cashier.do("GET", "/api/duplicates", nil, ""), http.StatusForbidden); code == "" {
		t.Error("a cashier sees the duplicates")
	}
	merge := fmt.Sprintf("/api/customers/%d/merge", a1.ID)
	body := map[string]any{"from": a2.ID, "fields": map[string]string{"email": "from"}}
	if code := cashier.errorCode(cashier.do("POST", merge, jsonBody(body), "application/json"), http.StatusForbidden); code == "" {
		t.Error("a cashier merges")
	}
	other := f.login("manager@krakow.pl")
	other.errorCode(other.do("POST", merge, jsonBody(body), "application/json"), http.StatusNotFound)
	mgr.errorCode(mgr.do("POST", merge, jsonBody(map[string]any{"from": a2.ID, "fields": map[string]string{"email": "both"}}), "application/json"), http.StatusBadRequest)
	if code := mgr.errorCode(mgr.do("POST", merge, jsonBody(map[string]any{"fields": map[string]string{"email": "from"}}), "application/json"), http.StatusBadRequest); code != customer.EInvalid {
		t.Errorf("a merge without from: code %q, want %q", code, customer.EInvalid)
	}

	var res struct {
		Merge    mergeBody    `json:"merge"`
		Customer customerBody `json:"customer"`
	}
	mgr.decode(mgr.do("POST", merge, jsonBody(body), "application/json"), http.StatusOK, &res)
	if res.Customer.Cells["email"] != "kari.nordmann@online.no" || res.Customer.Cells["mobile"] == "" ||
		res.Customer.Cells["account_number"] != "A-1" || res.Merge.FromAccount != "A-2" || res.Merge.UndoneAt != nil {
		t.Errorf("merge = %+v", res)
	}
	mgr.errorCode(mgr.do("GET", fmt.Sprintf("/api/customers/%d", a2.ID), nil, ""), http.StatusNotFound)
	h := mgr.history(a1.ID)
	if last := h[len(h)-1]; last.Action != "merge" || last.MergeID != res.Merge.ID {
		t.Errorf("history = %+v", h)
	}
	var merges struct {
		Merges []mergeBody `json:"merges"`
		Total  int         `json:"total"`
	}
	mgr.decode(mgr.do("GET", "/api/merges", nil, ""), http.StatusOK, &merges)
	if merges.Total != 1 || merges.Merges[0].ID != res.Merge.ID {
		t.Errorf("merges = %+v", merges)
	}

	undo := fmt.Sprintf("/api/merges/%d/undo", res.Merge.ID)
	other.errorCode(other.do("POST", undo, nil, ""), http.StatusNotFound)
	var undone mergeBody
	mgr.decode(mgr.do("POST", undo, nil, ""), http.StatusOK, &undone)
	if undone.UndoneAt == nil || undone.UndoneBy != "manager@oslo.no" {
		t.Errorf("undone = %+v", undone)
	}
	if back := mgr.customerByAccount("A-2"); back.ID != a2.ID || back.Cells["email"] != "kari.nordmann@online.no" {
		t.Errorf("A-2 after undo = %+v", back)
	}
	mgr.errorCode(mgr.do("POST", undo, nil, ""), http.StatusConflict)

	mgr.decode(mgr.do("POST", "/api/duplicates/dismiss", jsonBody(map[string]int64{"a": a2.ID, "b": a1.ID}), "application/json"), http.StatusNoContent, nil)
	mgr.decode(mgr.do("GET", "/api/duplicates", nil, ""), http.StatusOK, &page)
	if page.Total != 0 || len(page.Clusters) != 0 {
		t.Errorf("duplicates after dismissing = %+v", page)
	}
}

// TestRowDuplicateAPI: a staged row with a possible duplicate merged into the stored customer
// becomes its update, another kept as new loses its warning; bad choices and other roles are
// refused; the confirm writes the merge.
func TestRowDuplicateAPI(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t), Config{})
	mgr := f.login("manager@oslo.no")
	mgr.confirm(mgr.stageCSV("kunder.csv", "create",
		"Account Number,First Name,Last Name,Email,Address Line 1,Postcode,Town/City",
		"A-1,Kari,Nordmann,kari.nordmann@gmail.com,Storgata 5,0150,Oslo",
		"A-2,Ola,Hansen,ola@hansen.no,Kirkeveien 3,5003,Bergen").ID)
	kari := mgr.customerByAccount("A-1")
	imp := mgr.stageCSV("nye.csv", "create",
		"First Name,Last Name,Address Line 1,Postcode,Town/City,Note",
		"Kari,Nordman,Storgata 5,0150,Oslo,Fra papirskjema",
		"Ola,Hanssen,Kirkeveien 3,5003,Bergen,")
	if imp.Summary.PossibleDuplicates != 2 {
		t.Fatalf("summary %+v, want 2 possible duplicates", imp.Summary)
	}
	path := func(row int) string { return fmt.Sprintf("/api/imports/%d/rows/%d/duplicate", imp.ID, row) }
	mgr.errorCode(mgr.do("POST", path(2), jsonBody(map[string]any{}), "application/json"), http.StatusBadRequest)
	mgr.errorCode(mgr.do("POST", path(2), jsonBody(map[string]any{"merge_into": kari.ID, "keep": true}), "application/json"), http.StatusBadRequest)
	mgr.errorCode(mgr.do("POST", path(9), jsonBody(map[string]any{"keep": true}), "application/json"), http.StatusNotFound)
	cashier := f.login("cashier@oslo.no")
	cashier.errorCode(cashier.do("POST", path(2), jsonBody(map[string]any{"keep": true}), "application/json"), http.StatusForbidden)

	var row rowBody
	mgr.decode(mgr.do("POST", path(2), jsonBody(map[string]any{"merge_into": kari.ID}), "application/json"), http.StatusOK, &row)
	if row.Status != customer.StatusUpdate || row.CustomerID != kari.ID || len(row.Warnings) != 0 {
		t.Errorf("row 2 merged: %+v", row)
	}
	mgr.decode(mgr.do("POST", path(3), jsonBody(map[string]any{"keep": true}), "application/json"), http.StatusOK, &row)
	if row.Status != customer.StatusNew || len(row.Warnings) != 0 {
		t.Errorf("row 3 kept: %+v", row)
	}
	done := mgr.confirm(imp.ID)
	if done.Summary.Update != 1 || done.Summary.New != 1 {
		t.Errorf("confirmed %+v", done.Summary)
	}
	if got := mgr.customerByAccount("A-1"); got.Cells["last_name"] != "Nordman" || got.Cells["note"] != "Fra papirskjema" {
		t.Errorf("A-1 after the merge: %+v", got.Cells)
	}
}
