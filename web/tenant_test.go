package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// TestTenantSettings: every user of the shop reads its settings; only an owner changes them,
// with a clear 400 for what cannot be, audited; the change shows in /api/me at once, and checks
// run after it read phone numbers in the new country, those of an import staged before it too.
func TestTenantSettings(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, Config{})
		owner, mgr, cashier := f.login("owner@oslo.no"), f.login("manager@oslo.no"), f.login("cashier@oslo.no")
		get := func(c *client) tenantBody {
			t.Helper()
			var tb tenantBody
			c.decode(c.do("GET", "/api/tenant", nil, ""), http.StatusOK, &tb)
			return tb
		}
		patch := func(c *client, body string) *http.Response {
			return c.do("PATCH", "/api/tenant", strings.NewReader(body), "application/json")
		}
		oslo := tenantBody{Slug: "oslo", Name: "oslo", Country: "NO", Language: "nb"}
		var settings settingsBody
		cashier.decode(cashier.do("GET", "/api/tenant", nil, ""), http.StatusOK, &settings)
		if !slices.Equal(settings.Countries, customer.Countries()) || !slices.Contains(settings.Countries, "PL") {
			t.Errorf("GET /api/tenant lists the countries %v", settings.Countries)
		}
		if got := get(cashier); got != oslo {
			t.Errorf("GET /api/tenant as a cashier = %+v, want %+v", got, oslo)
		}
		if got := get(f.login("manager@krakow.pl")); got.Slug != "krakow" || got.Country != "PL" {
			t.Errorf("another shop's manager reads %+v", got)
		}

		for _, c := range []*client{mgr, cashier} {
			if code := c.errorCode(patch(c, `{"country":"PL"}`), http.StatusForbidden); code != customer.EForbidden {
				t.Errorf("PATCH as a non-owner: %s, want forbidden", code)
			}
		}
		for _, tt := range []struct{ body, says string }{
			{`{"country":"Atlantis"}`, "not a country"},
			{`{"country":""}`, "not a country"},
			{`{"language":"de"}`, "not a language"},
			{`{"name":"  "}`, "cannot be blank"},
			{`{}`, "Send the settings"},
			{`{"slug":"bergen"}`, "not the JSON"},
			{`{"country":47}`, "not the JSON"},
			{`PL`, "not the JSON"},
		} {
			res := patch(owner, tt.body)
			var body errorBody
			owner.decode(res, http.StatusBadRequest, &body)
			if body.Error.Code != customer.EInvalid || !strings.Contains(body.Error.Message, tt.says) {
				t.Errorf("PATCH %s: %+v, want invalid saying %q", tt.body, body.Error, tt.says)
			}
		}
		if got := get(owner); got != oslo {
			t.Errorf("after refused changes: %+v, want %+v", got, oslo)
		}

		// An import staged in Norway: a Polish mobile without its country code is an error.
		staged := mgr.stageCSV("kunder.csv", "create", "First Name,Last Name,Mobile", "Jan,Kowalski,601 234 567", "Kari,Nordmann,912 34 567")
		if staged.Summary.Error != 1 || staged.Summary.New != 1 {
			t.Fatalf("staged in Norway: %+v, want one error and one new", staged.Summary)
		}

		var changed tenantBody
		owner.decode(patch(owner, `{"name":" Sklep Kraków ","country":"pl","language":"pl"}`), http.StatusOK, &changed)
		want := tenantBody{Slug: "oslo", Name: "Sklep Kraków", Country: "PL", Language: "pl"}
		if changed != want {
			t.Errorf("PATCH answered %+v, want %+v", changed, want)
		}
		if got := get(cashier); got != want {
			t.Errorf("GET after the change = %+v, want %+v", got, want)
		}
		var me meBody
		cashier.decode(cashier.do("GET", "/api/me", nil, ""), http.StatusOK, &me)
		if me.Tenant != want || me.Language != "pl" {
			t.Errorf("/api/me after the change: tenant %+v, language %s; want %+v and the shop's pl", me.Tenant, me.Language, want)
		}
		var owned meBody
		owner.decode(owner.do("GET", "/api/me", nil, ""), http.StatusOK, &owned)
		if !strings.Contains(strings.Join(owned.Permissions, " "), string(customer.PermManageShop)) {
			t.Errorf("the owner's permissions %v lack %s", owned.Permissions, customer.PermManageShop)
		}
		if strings.Contains(strings.Join(me.Permissions, " "), string(customer.PermManageShop)) {
			t.Errorf("a cashier's permissions %v include %s", me.Permissions, customer.PermManageShop)
		}

		var audit struct{ Entries []auditBody }
		owner.decode(owner.do("GET", "/api/audit", nil, ""), http.StatusOK, &audit)
		if len(audit.Entries) == 0 || audit.Entries[0].Action != "settings" || audit.Entries[0].Actor != "owner@oslo.no" ||
			audit.Entries[0].Detail != `name "oslo" → "Sklep Kraków"; country NO → PL; language nb → pl` {
			t.Errorf("the newest audit entry: %+v", audit.Entries)
		}

		// Checks from now on read numbers in Poland: a new upload, and the import staged before,
		// checked again.
		fresh := mgr.stageCSV("klienci.csv", "create", "First Name,Last Name,Mobile", "Jan,Kowalski,601 234 567")
		if fresh.Summary.Error != 0 || fresh.Summary.New != 1 {
			t.Errorf("staged in Poland: %+v, want one new", fresh.Summary)
		}
		var again importBody
		mgr.decode(mgr.do("POST", fmt.Sprintf("/api/imports/%d/validate", staged.ID), nil, ""), http.StatusOK, &again)
		if again.Summary.Error != 1 || again.Summary.New != 1 {
			// Kari's 912 34 567 is not a Polish number, Jan's is.
			t.Errorf("the earlier import checked again: %+v", again.Summary)
		}
		rows := mgr.rowsOf(staged.ID)
		if len(rows) != 2 || rows[0].Status != customer.StatusNew || rows[1].Status != customer.StatusError {
			t.Errorf("rows checked again: %+v, want Jan new and Kari an error", rows)
		}
	})
}

// TestCustomerSearchAsPeopleType: GET /api/customers?q= finds a customer by a phone number
// however it is written, and by name words in any order.
func TestCustomerSearchAsPeopleType(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, Config{})
		mgr := f.login("manager@oslo.no")
		imp := mgr.stageCSV("kunder.csv", "create", "First Name,Last Name,Mobile", "Kari,Nordmann,91234567", "Ola,Nordmann,41234567")
		mgr.confirm(imp.ID)
		for _, q := range []string{"912 34 567", "+47 912 34 567", "0047 91234567", "91234567", "Nordmann Kari", "kari nordmann"} {
			var page struct {
				Customers []customerBody
				Total     int
			}
			mgr.decode(mgr.do("GET", "/api/customers?q="+url.QueryEscape(q), nil, ""), http.StatusOK, &page)
			if page.Total != 1 || len(page.Customers) != 1 || page.Customers[0].Cells["first_name"] != "Kari" {
				t.Errorf("q=%q found %d: %+v, want Kari", q, page.Total, page.Customers)
			}
		}
	})
}
