package web

import (
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// customerByAccount returns the customer with the account number, found through the list.
func (c *client) customerByAccount(account string) customerBody {
	c.f.t.Helper()
	var page struct{ Customers []customerBody }
	c.decode(c.do("GET", "/api/customers?q="+account, nil, ""), http.StatusOK, &page)
	for _, cu := range page.Customers {
		if cu.Cells["account_number"] == account {
			return cu
		}
	}
	c.f.t.Fatalf("no customer %s in %+v", account, page.Customers)
	return customerBody{}
}

type historyPage struct {
	Entries []historyBody `json:"entries"`
}

func (c *client) history(id int64) []historyBody {
	c.f.t.Helper()
	var h historyPage
	c.decode(c.do("GET", fmt.Sprintf("/api/customers/%d/history", id), nil, ""), http.StatusOK, &h)
	return h.Entries
}

// changeOf returns the change of field in e, and whether there is one.
func changeOf(e historyBody, field string) (customer.Change, bool) {
	for _, ch := range e.Changes {
		if ch.Field == field {
			return ch, true
		}
	}
	return customer.Change{}, false
}

func TestCustomerEdit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, Config{})
		mgr := f.login("manager@oslo.no")
		mgr.confirm(mgr.stageCSV("first.csv", "create",
			"Account Number,First Name,Last Name,Email,Mobile,Town/City",
			"A-1,Ola,Nordmann,ola@example.no,912 34 567,Oslo",
			"A-2,Kari,Hansen,kari@example.no,41234567,Bergen").ID)
		ola := mgr.customerByAccount("A-1")
		path := fmt.Sprintf("/api/customers/%d", ola.ID)

		t.Run("a rule broken: 422 with the import's message", func(t *testing.T) {
			var rej rejectedBody
			mgr.decode(mgr.do("PATCH", path, jsonBody(map[string]string{"email": "ola@example", "first_name": ""}), "application/json"),
				http.StatusUnprocessableEntity, &rej)
			// The same cells in a staged row: the messages must be the import's.
			staged := mgr.stageCSV("same.csv", "create", "First Name,Last Name,Email", ",Nordmann,ola@example")
			var rows struct{ Rows []rowBody }
			mgr.decode(mgr.do("GET", fmt.Sprintf("/api/imports/%d/rows", staged.ID), nil, ""), http.StatusOK, &rows)
			want := map[string]string{}
			for _, p := range rows.Rows[0].Errors {
				want[string(p.Code)] = p.Message
			}
			if len(rej.Errors) != 2 || rej.Error.Code != customer.EInvalid {
				t.Fatalf("errors %+v", rej)
			}
			for _, p := range rej.Errors {
				if want[string(p.Code)] != p.Message || p.Message == "" {
					t.Errorf("%s: %q, an import says %q", p.Code, p.Message, want[string(p.Code)])
				}
			}
			if got := mgr.customerByAccount("A-1"); got.Cells["email"] != "ola@example.no" {
				t.Errorf("refused edit stored: %+v", got.Cells)
			}
		})

		t.Run("another customer's email: 422 email_exists", func(t *testing.T) {
			var rej rejectedBody
			mgr.decode(mgr.do("PATCH", path, jsonBody(map[string]string{"email": "KARI@example.no"}), "application/json"),
				http.StatusUnprocessableEntity, &rej)
			if len(rej.Errors) != 1 || rej.Errors[0].Code != customer.CodeEmailExists || rej.Errors[0].Field != "email" ||
				!strings.Contains(rej.Errors[0].Message, "A-2") {
				t.Fatalf("errors %+v", rej.Errors)
			}
			// An import's row with Kari's email says the same.
			staged := mgr.stageCSV("collide.csv", "create", "First Name,Last Name,Email", "Per,Olsen,KARI@example.no")
			var rows struct{ Rows []rowBody }
			mgr.decode(mgr.do("GET", fmt.Sprintf("/api/imports/%d/rows", staged.ID), nil, ""), http.StatusOK, &rows)
			if len(rows.Rows) != 1 || len(rows.Rows[0].Errors) != 1 || rows.Rows[0].Errors[0] != rej.Errors[0] {
				t.Errorf("the edit says %+v, an import %+v", rej.Errors, rows.Rows)
			}
		})

		t.Run("cashiers read, managers edit", func(t *testing.T) {
			cashier := f.login("cashier@oslo.no")
			cashier.decode(cashier.do("GET", path, nil, ""), http.StatusOK, nil)
			cashier.decode(cashier.do("GET", path+"/history", nil, ""), http.StatusOK, nil)
			if code := cashier.errorCode(cashier.do("PATCH", path, jsonBody(map[string]string{"city": "Bergen"}), "application/json"), 403); code != customer.EForbidden {
				t.Errorf("cashier edit: %s", code)
			}
			other := f.login("manager@krakow.pl")
			if code := other.errorCode(other.do("PATCH", path, jsonBody(map[string]string{"city": "Bergen"}), "application/json"), 404); code != customer.ENotFound {
				t.Errorf("another tenant's edit: %s", code)
			}
		})

		t.Run("edit moves the version: a staged import is checked again", func(t *testing.T) {
			staged := mgr.stageCSV("later.csv", "create", "First Name,Last Name,Email", "Per,Olsen,per@example.no")
			if staged.Summary.New != 1 {
				t.Fatalf("staged %+v", staged.Summary)
			}
			var got customerBody
			mgr.decode(mgr.do("PATCH", path, jsonBody(map[string]string{"email": "per@example.no", "mobile": ""}), "application/json"), http.StatusOK, &got)
			if got.Cells["email"] != "per@example.no" || got.Cells["mobile"] != "" || got.Cells["first_name"] != "Ola" {
				t.Errorf("edited %+v", got.Cells)
			}
			if imp := mgr.confirm(staged.ID); imp.Summary.New != 0 || imp.Summary.Error != 1 {
				t.Errorf("confirm after the edit: %+v, want the row an error", imp.Summary)
			}
		})

		t.Run("history: import, edit, import, undo", func(t *testing.T) {
			second := mgr.confirm(mgr.stageCSV("second.csv", "upsert", "Account Number,Town/City", "A-1,Molde").ID)
			var undo undoBody
			mgr.decode(mgr.do("POST", fmt.Sprintf("/api/imports/%d/undo", second.ID), nil, ""), http.StatusAccepted, &undo)
			mgr.waitStaged(second.ID)
			if got := mgr.customerByAccount("A-1"); got.Cells["city"] != "Oslo" {
				t.Fatalf("after undo %+v", got.Cells)
			}
			h := mgr.history(ola.ID)
			var actions []string
			for _, e := range h {
				actions = append(actions, string(e.Action))
			}
			if strings.Join(actions, " ") != "import edit import undo" {
				t.Fatalf("history %v: %+v", actions, h)
			}
			if ch, ok := changeOf(h[0], "email"); !ok || ch.Old != "" || ch.New != "ola@example.no" || h[0].FileName != "first.csv" || h[0].Actor != "manager@oslo.no" {
				t.Errorf("import %+v", h[0])
			}
			if ch, ok := changeOf(h[1], "email"); !ok || ch.Old != "ola@example.no" || ch.New != "per@example.no" || h[1].Actor != "manager@oslo.no" || h[1].ImportID != 0 {
				t.Errorf("edit %+v", h[1])
			}
			if ch, ok := changeOf(h[2], "city"); !ok || ch.Old != "Oslo" || ch.New != "Molde" || h[2].ImportID != second.ID {
				t.Errorf("second import %+v", h[2])
			}
			if ch, ok := changeOf(h[3], "city"); !ok || ch.Old != "Molde" || ch.New != "Oslo" || h[3].ImportID != second.ID || len(h[3].Changes) != 1 {
				t.Errorf("undo %+v", h[3])
			}
			for i := 1; i < len(h); i++ {
				if h[i].At.Before(h[i-1].At) {
					t.Errorf("entry %d at %v before %v", i, h[i].At, h[i-1].At)
				}
			}
		})

		t.Run("create by hand", func(t *testing.T) {
			var rej rejectedBody
			mgr.decode(mgr.do("POST", "/api/customers", jsonBody(map[string]string{"first_name": "Kari", "last_name": "Berg", "email": "kari@example.no"}), "application/json"),
				http.StatusUnprocessableEntity, &rej)
			if len(rej.Errors) != 1 || rej.Errors[0].Code != customer.CodeEmailExists {
				t.Errorf("duplicate create %+v", rej.Errors)
			}
			var made customerBody
			mgr.decode(mgr.do("POST", "/api/customers", jsonBody(map[string]string{"first_name": "Kari", "last_name": "Berg", "mobile": "+47 400 00 001"}), "application/json"),
				http.StatusCreated, &made)
			if made.ID == 0 || made.Cells["account_number"] == "" || made.Cells["mobile"] != "+4740000001" || made.Cells["country"] != "NO" {
				t.Errorf("created %+v", made)
			}
			if h := mgr.history(made.ID); len(h) != 1 || h[0].Action != customer.ActionCreate {
				t.Errorf("history %+v", h)
			}
		})
	})
}

// textColumns returns every text column of every table of the database, as "table.column".
func textColumns(t *testing.T, db *sql.DB, dialect string) []string {
	t.Helper()
	query := `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying', 'character')`
	if dialect == "sqlite" {
		query = `SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
			WHERE m.type = 'table' AND upper(p.type) IN ('TEXT', 'VARCHAR', '')`
	}
	rows, err := db.Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var tbl, col string
		if err := rows.Scan(&tbl, &col); err != nil {
			t.Fatal(err)
		}
		out = append(out, tbl+"."+col)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) < 20 {
		t.Fatalf("only %d text columns: %v", len(out), out)
	}
	return out
}

// traces returns the text columns in which any of needles occurs (ignoring case), as
// "table.column: needle".
func traces(t *testing.T, db *sql.DB, dialect string, needles ...string) []string {
	t.Helper()
	var found []string
	for _, tc := range textColumns(t, db, dialect) {
		tbl, col, _ := strings.Cut(tc, ".")
		for _, n := range needles {
			var count int
			q := fmt.Sprintf(`SELECT count(*) FROM %s WHERE lower(%s) LIKE '%%' || lower($1) || '%%'`, tbl, col)
			if dialect == "sqlite" {
				q = strings.Replace(q, "$1", "?", 1)
			}
			if err := db.QueryRow(q, n).Scan(&count); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			if count > 0 {
				found = append(found, tc+": "+n)
			}
		}
	}
	return found
}

func TestCustomerErase(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, Config{})
		mgr := f.login("manager@oslo.no")
		owner := f.login("owner@oslo.no")
		person := []string{"Eirik", "Vågsbygd", "eirik.vagsbygd@example.no", "4791112233", "91112233"}
		first := mgr.confirm(mgr.stageCSV("first.csv", "create",
			"Account Number,First Name,Last Name,Email,Mobile,Postcode",
			"E-1,Eirik,Vågsbygd,eirik.vagsbygd@example.no,911 12 233,4631",
			"E-2,Kari,Hansen,kari@example.no,41234567,5003").ID)
		// An update, an edit, a staged import that names him, and an error row that names him.
		mgr.confirm(mgr.stageCSV("second.csv", "upsert", "Account Number,Town/City", "E-1,Kristiansand").ID)
		eirik := mgr.customerByAccount("E-1")
		mgr.decode(mgr.do("PATCH", fmt.Sprintf("/api/customers/%d", eirik.ID), jsonBody(map[string]string{"note": "Prefers SMS"}), "application/json"), http.StatusOK, nil)
		staged := mgr.stageCSV("third.csv", "create", "First Name,Last Name,Email",
			"Eirik,Vågsbygd,EIRIK.VAGSBYGD@example.no", "Ola,Nordmann,ola@example.no")
		if staged.Summary.Error != 1 {
			t.Fatalf("staged %+v", staged.Summary)
		}
		// A bulk edit of the staged rows keeps what his row was before it.
		var bulk bulkAnswer
		mgr.decode(mgr.do("POST", fmt.Sprintf("/api/imports/%d/rows/bulk", staged.ID),
			strings.NewReader(`{"where": {}, "set": {"city": "Kristiansand"}}`), "application/json"), http.StatusOK, &bulk)
		if bulk.Changed != 2 {
			t.Fatalf("bulk edit: %+v", bulk)
		}
		if len(traces(t, f.store.DB(), f.store.Dialect(), person...)) == 0 {
			t.Fatal("the search finds nothing before the erasure")
		}

		path := fmt.Sprintf("/api/customers/%d", eirik.ID)
		if code := mgr.errorCode(mgr.do("DELETE", path, nil, ""), 403); code != customer.EForbidden {
			t.Errorf("a manager erases: %s", code)
		}
		var erased struct {
			Erased  bool   `json:"erased"`
			Account string `json:"account_number"`
		}
		owner.decode(owner.do("DELETE", path, nil, ""), http.StatusOK, &erased)
		if !erased.Erased || erased.Account != "E-1" {
			t.Errorf("erase answered %+v", erased)
		}
		if left := traces(t, f.store.DB(), f.store.Dialect(), person...); len(left) > 0 {
			t.Errorf("traces left after the erasure: %v", left)
		}
		owner.errorCode(owner.do("GET", path, nil, ""), 404)
		var audit struct{ Entries []auditBody }
		owner.decode(owner.do("GET", "/api/audit", nil, ""), http.StatusOK, &audit)
		if e := audit.Entries[0]; e.Action != "customer_erase" || e.Actor != "owner@oslo.no" || !strings.Contains(e.Detail, "E-1") {
			t.Errorf("audit %+v", e)
		}

		// Undo of the import that created him does not bring him back; the other one goes.
		mgr.decode(mgr.do("POST", fmt.Sprintf("/api/imports/%d/undo", first.ID), jsonBody(map[string]bool{"force": true}), "application/json"), http.StatusAccepted, nil)
		mgr.waitStaged(first.ID)
		if n := mgr.customerCount(); n != 0 {
			t.Errorf("%d customers after undo, want 0", n)
		}
		if left := traces(t, f.store.DB(), f.store.Dialect(), person...); len(left) > 0 {
			t.Errorf("traces after undo: %v", left)
		}

		// The same person imported again is a new customer.
		again := mgr.confirm(mgr.stageCSV("again.csv", "create",
			"Account Number,First Name,Last Name,Email", "E-1,Eirik,Vågsbygd,eirik.vagsbygd@example.no").ID)
		if again.Summary.New != 1 {
			t.Fatalf("imported again: %+v", again.Summary)
		}
		if c := mgr.customerByAccount("E-1"); c.ID == eirik.ID {
			t.Errorf("the erased customer's id came back")
		} else if h := mgr.history(c.ID); len(h) != 1 || h[0].Action != customer.ActionImport {
			t.Errorf("the new customer's history %+v", h)
		}
	})
}

func TestCustomerConsentAndAccess(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, Config{})
		mgr := f.login("manager@oslo.no")
		started := time.Now().Add(-time.Second)
		imp := mgr.confirm(mgr.stageCSV("samtykke.csv", "create",
			"Account Number,First Name,Last Name,Email,Email Marketing,Email Marketing: Updated At,SMS Marketing",
			"K-1,Kari,Berg,kari@example.no,Yes,2025-11-02 09:30:00 +0100,No").ID)
		mgr.confirm(mgr.stageCSV("plain.csv", "create", "Account Number,First Name,Last Name", "K-2,Per,Lie").ID)
		kari := mgr.customerByAccount("K-1")
		var got customerBody
		mgr.decode(mgr.do("GET", fmt.Sprintf("/api/customers/%d", kari.ID), nil, ""), http.StatusOK, &got)
		source := fmt.Sprintf("import %d of samtykke.csv", imp.ID)

		t.Run("from a dated column", func(t *testing.T) {
			e := got.Consent.Email
			if e.State != "yes" || e.ChangedAt == nil || !e.ChangedAt.Equal(time.Date(2025, 11, 2, 8, 30, 0, 0, time.UTC)) || e.Source != source {
				t.Errorf("email consent %+v", e)
			}
		})
		t.Run("from an undated column: the import's time", func(t *testing.T) {
			s := got.Consent.SMS
			if s.State != "no" || s.ChangedAt == nil || s.ChangedAt.Before(started.Truncate(time.Second)) || s.ChangedAt.After(time.Now()) || s.Source != source {
				t.Errorf("sms consent %+v", s)
			}
		})
		t.Run("no column: unknown", func(t *testing.T) {
			var per customerBody
			mgr.decode(mgr.do("GET", fmt.Sprintf("/api/customers/%d", mgr.customerByAccount("K-2").ID), nil, ""), http.StatusOK, &per)
			if per.Consent.Email.State != "unknown" || per.Consent.Email.ChangedAt != nil || per.Consent.SMS.State != "unknown" {
				t.Errorf("consent %+v", per.Consent)
			}
		})
		t.Run("from a platform's export: the platform is the source", func(t *testing.T) {
			shop := mgr.confirm(mgr.stageCSV("shopify.csv", "create",
				"First Name,Last Name,Email,Accepts Email Marketing,Email Marketing: Updated At,Default Address Address1,Accepts SMS Marketing",
				"Nora,Dahl,nora@example.no,yes,2024-03-01 10:00:00 +0100,Storgata 1,no").ID)
			var nora struct{ Customers []customerBody }
			mgr.decode(mgr.do("GET", "/api/customers?q=nora@example.no", nil, ""), http.StatusOK, &nora)
			if len(nora.Customers) != 1 {
				t.Fatalf("found %+v", nora.Customers)
			}
			var c customerBody
			mgr.decode(mgr.do("GET", fmt.Sprintf("/api/customers/%d", nora.Customers[0].ID), nil, ""), http.StatusOK, &c)
			e := c.Consent.Email
			want := fmt.Sprintf("import %d of shopify.csv (Shopify customer export)", shop.ID)
			if e.State != "yes" || e.ChangedAt == nil || !e.ChangedAt.Equal(time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)) || e.Source != want {
				t.Errorf("email consent %+v, want the source %q", e, want)
			}
		})
		t.Run("changed by an edit", func(t *testing.T) {
			before := time.Now().Add(-time.Second)
			var edited customerBody
			mgr.decode(mgr.do("PATCH", fmt.Sprintf("/api/customers/%d", kari.ID), jsonBody(map[string]string{"sms_opt_in": "Ja"}), "application/json"), http.StatusOK, &edited)
			s := edited.Consent.SMS
			if s.State != "yes" || s.ChangedAt == nil || s.ChangedAt.Before(before.Truncate(time.Second)) || s.Source != "edit by manager@oslo.no" {
				t.Errorf("sms consent after the edit %+v", s)
			}
			if edited.Consent.Email.Source != source {
				t.Errorf("email consent's source moved: %+v", edited.Consent.Email)
			}
			h := mgr.history(kari.ID)
			last := h[len(h)-1]
			if ch, ok := changeOf(last, "sms_opt_in"); !ok || ch.Old != "No" || ch.New != "Yes" || last.Action != customer.ActionEdit {
				t.Errorf("history %+v", last)
			}
		})

		t.Run("the export carries the dates, and they import back", func(t *testing.T) {
			res := mgr.do("GET", "/api/customers/export?format=csv&lang=en", nil, "")
			data, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if !strings.Contains(string(data), "Email Marketing Date,SMS Marketing Date") || !strings.Contains(string(data), "2025-11-02T08:30:00Z") {
				t.Fatalf("export:\n%s", data)
			}
			var staged importBody
			mgr.decode(mgr.upload("/api/imports", "export.csv", data, "upsert"), http.StatusCreated, &staged)
			if back := mgr.waitStaged(staged.ID); back.Summary.Unchanged != 3 || back.Summary.Rows != 3 {
				t.Errorf("the export imported back: %+v, want every row unchanged", back.Summary)
			}
		})

		t.Run("right of access: JSON and a page", func(t *testing.T) {
			path := fmt.Sprintf("/api/customers/%d/export", kari.ID)
			var rep struct {
				Customer struct {
					ID      int64 `json:"id"`
					Fields  []struct{ Key, Header, Value string }
					Consent struct {
						Email struct{ State, Source string }
					}
				}
				History []historyBody
				Imports []struct {
					ID       int64  `json:"id"`
					FileName string `json:"file_name"`
				}
			}
			mgr.decode(mgr.do("GET", path, nil, ""), http.StatusOK, &rep)
			values := map[string]string{}
			for _, fl := range rep.Customer.Fields {
				values[fl.Key] = fl.Value
			}
			if rep.Customer.ID != kari.ID || values["email"] != "kari@example.no" || values["sms_opt_in"] != "Yes" || rep.Customer.Consent.Email.State != "yes" {
				t.Errorf("report customer %+v", rep.Customer)
			}
			if len(rep.History) != 2 || len(rep.Imports) != 1 || rep.Imports[0].FileName != "samtykke.csv" {
				t.Errorf("report history %+v imports %+v", rep.History, rep.Imports)
			}
			res := mgr.do("GET", path+"?format=html", nil, "")
			page, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") ||
				!strings.Contains(string(page), "kari@example.no") || !strings.Contains(string(page), "Samtykke til markedsføring") || !strings.Contains(string(page), "samtykke.csv") {
				t.Errorf("page %d:\n%s", res.StatusCode, page)
			}
			cashier := f.login("cashier@oslo.no")
			cashier.errorCode(cashier.do("GET", path, nil, ""), 403)
		})
	})
}
