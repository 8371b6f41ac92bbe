package web

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// TestUpdateAFewFields: in "create and update", a file with an identity column and a few others
// (E-post;Poststed) updates just those fields of the customers it matches; a row that matches
// nobody is an error saying the names are required of a new customer. In "create only" the same
// file goes to the mapping step, which lists the missing required fields; in "create and update"
// the mapping step of a file with unrecognised columns says which columns may stand in for them.
func TestUpdateAFewFields(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, Config{})
		mgr := f.login("manager@oslo.no")
		first := mgr.stageCSV("kunder.csv", "create", "Fornavn;Etternavn;E-post;Mobil;Poststed;Postnummer",
			"Ola;Nordmann;ola@example.no;912 34 567;Oslo;0150",
			"Kari;Hansen;kari@example.no;412 34 567;Bergen;5003")
		if first.State != customer.StateStaged {
			t.Fatalf("first import: %+v", first)
		}
		mgr.confirm(first.ID)

		few := mgr.stageCSV("oppdatering.csv", "upsert", "E-post;Poststed",
			"OLA@example.no;Trondheim",
			"ukjent@example.no;Tromsø")
		if few.State != customer.StateStaged {
			t.Fatalf("a file with only E-post;Poststed in create and update: %+v", few)
		}
		rows := mgr.rowsOf(few.ID)
		if len(rows) != 2 {
			t.Fatalf("%d rows staged, want 2", len(rows))
		}
		if rows[0].Status != customer.StatusUpdate || len(rows[0].Changes) != 1 || rows[0].Changes[0] != (customer.Change{Field: "city", Old: "Oslo", New: "Trondheim"}) {
			t.Errorf("matched row: %+v, want an update of the city alone", rows[0])
		}
		var codes []string
		for _, p := range rows[1].Errors {
			codes = append(codes, p.Field+":"+string(p.Code))
		}
		if rows[1].Status != customer.StatusError || strings.Join(codes, " ") != "first_name:required last_name:required" ||
			!strings.Contains(rows[1].Errors[0].Message, "ny kunde") {
			t.Errorf("unmatched row: %s %v %+v, want first and last name required of a new customer (in Norwegian)", rows[1].Status, codes, rows[1].Errors)
		}

		// A row with only a mobile number finds its customer too.
		byMobile := mgr.stageCSV("mobil.csv", "upsert", "Mobil;Poststed", "+47 41 23 45 67;Stavanger")
		if rows := mgr.rowsOf(byMobile.ID); len(rows) != 1 || rows[0].Status != customer.StatusUpdate || rows[0].Cells["city"] != "Stavanger" {
			t.Errorf("match by mobile: %+v", rows)
		}
		mgr.do("DELETE", fmt.Sprintf("/api/imports/%d", byMobile.ID), nil, "").Body.Close()

		// Committing the file with only its right row keeps every other stored value.
		fixed := mgr.stageCSV("oppdatering2.csv", "upsert", "E-post;Poststed", "OLA@example.no;Trondheim")
		if done := mgr.confirm(fixed.ID); done.State != customer.StateCommitted {
			t.Fatalf("confirm: %+v", done)
		}
		var custs struct{ Customers []customerBody }
		mgr.decode(mgr.do("GET", "/api/customers?q=ola%40example.no", nil, ""), http.StatusOK, &custs)
		if len(custs.Customers) != 1 {
			t.Fatalf("customers found for ola@example.no: %+v", custs.Customers)
		}
		got := custs.Customers[0].Cells
		if got["city"] != "Trondheim" || got["first_name"] != "Ola" || got["last_name"] != "Nordmann" || got["postcode"] != "0150" || got["mobile"] != "+4791234567" {
			t.Errorf("after updating the city: %v", got)
		}

		// Create only: the names cannot be left out, and the mapping step says so.
		var created importBody
		mgr.decode(mgr.upload("/api/imports", "oppdatering.csv", []byte("E-post;Poststed\r\nola@example.no;Molde\r\n"), "create"), http.StatusCreated, &created)
		if created.State != customer.StateMapping {
			t.Fatalf("create only, no name columns: %+v, want the mapping step", created)
		}
		var m struct {
			Missing  []string
			Identity []string
		}
		mgr.decode(mgr.do("GET", fmt.Sprintf("/api/imports/%d/mapping", created.ID), nil, ""), http.StatusOK, &m)
		if !slices.Equal(m.Missing, []string{"first_name", "last_name"}) || len(m.Identity) != 0 {
			t.Errorf("create-only mapping step: missing %v, identity %v", m.Missing, m.Identity)
		}
		if code := mgr.errorCode(mgr.postMapping(created.ID, map[string]string{"E-post": "email"}, false), http.StatusBadRequest); code != customer.EInvalid {
			t.Errorf("create-only mapping without names: %s", code)
		}

		// Create and update, an unrecognised column (one email is too few to suggest Email): the
		// step offers the identity columns in place of the names, and a mapping with an email
		// column and no names is taken.
		mgr.decode(mgr.upload("/api/imports", "kontakter.csv", []byte("Kontakt;Sted\r\nkari@example.no;Ålesund\r\n"), "upsert"), http.StatusCreated, &created)
		if created.State != customer.StateMapping {
			t.Fatalf("unrecognised columns: %+v, want the mapping step", created)
		}
		mgr.decode(mgr.do("GET", fmt.Sprintf("/api/imports/%d/mapping", created.ID), nil, ""), http.StatusOK, &m)
		if !slices.Equal(m.Identity, []string{"account_number", "email", "mobile"}) || !slices.Equal(m.Missing, []string{"first_name", "last_name"}) {
			t.Errorf("create-and-update mapping step: missing %v, identity %v", m.Missing, m.Identity)
		}
		var mapped importBody
		mgr.decode(mgr.postMapping(created.ID, map[string]string{"Kontakt": "email", "Sted": "city"}, false), http.StatusOK, &mapped)
		if rows := mgr.rowsOf(mgr.waitStaged(created.ID).ID); len(rows) != 1 || rows[0].Status != customer.StatusUpdate || rows[0].Cells["city"] != "Ålesund" {
			t.Errorf("mapped update: %+v", rows)
		}
	})
}
