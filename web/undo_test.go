package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// stageCSV uploads a small CSV as c and waits until it is staged.
func (c *client) stageCSV(name, mode string, lines ...string) importBody {
	c.f.t.Helper()
	var created importBody
	data := []byte(strings.Join(lines, "\r\n") + "\r\n")
	c.decode(c.upload("/api/imports", name, data, mode), http.StatusCreated, &created)
	return c.waitStaged(created.ID)
}

func (c *client) customerCount() int {
	c.f.t.Helper()
	var page struct{ Total int }
	c.decode(c.do("GET", "/api/customers", nil, ""), http.StatusOK, &page)
	return page.Total
}

func TestUndoAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, Config{})
		mgr := f.login("manager@oslo.no")

		t.Run("preview, undo, undo again", func(t *testing.T) {
			imp := mgr.stageFixture()
			base := fmt.Sprintf("/api/imports/%d", imp.ID)
			mgr.confirm(imp.ID)
			if n := mgr.customerCount(); n != 3 {
				t.Fatalf("%d customers after confirm, want 3", n)
			}
			var preview undoBody
			mgr.decode(mgr.do("GET", base+"/undo", nil, ""), http.StatusOK, &preview)
			if preview.ImportID != imp.ID || preview.Done || preview.State != customer.StateCommitted || preview.Delete != 3 ||
				preview.Restore != 0 || len(preview.Conflicts) != 0 || preview.Conflicts == nil || !strings.Contains(preview.Explanation, "no sales") {
				t.Errorf("preview %+v", preview)
			}
			if n := mgr.customerCount(); n != 3 {
				t.Errorf("the preview changed customers: %d", n)
			}
			var done undoBody
			mgr.decode(mgr.do("POST", base+"/undo", nil, ""), http.StatusAccepted, &done)
			if done.Done || done.State != customer.StateUndoing || done.Delete != 3 || done.Import == nil || done.Import.State != customer.StateUndoing {
				t.Errorf("undo %+v", done)
			}
			if got := mgr.waitStaged(imp.ID); got.State != customer.StateUndone {
				t.Errorf("after its job: %+v", got)
			}
			if n := mgr.customerCount(); n != 0 {
				t.Errorf("%d customers after undo, want 0", n)
			}
			var again undoBody
			mgr.decode(mgr.do("POST", base+"/undo", strings.NewReader(`{"force": true}`), "application/json"), http.StatusOK, &again)
			if again.Done || again.State != customer.StateUndone || again.Delete != 0 {
				t.Errorf("undo again %+v, want nothing done", again)
			}
			var got importBody
			mgr.decode(mgr.do("GET", base, nil, ""), http.StatusOK, &got)
			if got.State != customer.StateUndone || got.Summary != imp.Summary {
				t.Errorf("import after undo %+v", got)
			}
			// An undone import cannot be confirmed again.
			if code := mgr.errorCode(mgr.do("POST", base+"/confirm", nil, ""), http.StatusConflict); code != customer.EConflict {
				t.Errorf("confirm after undo: %s", code)
			}
			owner := f.login("owner@oslo.no")
			var audit struct{ Entries []auditBody }
			owner.decode(owner.do("GET", "/api/audit", nil, ""), http.StatusOK, &audit)
			undos := 0
			for _, e := range audit.Entries {
				if e.Action == "undo" && e.ImportID == imp.ID && e.Actor == "manager@oslo.no" {
					undos++
				}
			}
			if undos != 1 {
				t.Errorf("%d undo audit entries, want 1: %+v", undos, audit.Entries)
			}
		})

		t.Run("conflicts are shown, kept, and undone with force", func(t *testing.T) {
			header, row := strings.Join(undoHeaderRow(), ";"), undoRow
			created := mgr.stageCSV("nye.csv", "create", header,
				row("first_name", "Eva", "last_name", "Holm", "email", "eva@example.no"),
				row("first_name", "Jon", "last_name", "Berg", "email", "jon@example.no"))
			mgr.confirm(created.ID)
			later := mgr.stageCSV("endring.csv", "upsert", header, row("email", "eva@example.no", "first_name", "Eva", "last_name", "Holm", "note", "VIP"))
			mgr.confirm(later.ID)

			base := fmt.Sprintf("/api/imports/%d/undo", created.ID)
			var preview undoBody
			mgr.decode(mgr.do("GET", base, nil, ""), http.StatusOK, &preview)
			if preview.Delete != 1 || preview.ConflictsKept != 1 || preview.Forceable != 1 || len(preview.Conflicts) != 1 {
				t.Fatalf("preview %+v", preview)
			}
			c := preview.Conflicts[0]
			if c.Name != "Eva Holm" || !c.Created || c.Reason != customer.ConflictChanged || strings.Join(c.Fields, ",") != "note" || c.Forced {
				t.Errorf("conflict %+v", c)
			}
			if code := mgr.errorCode(mgr.do("POST", base, strings.NewReader(`{"force": "yes"}`), "application/json"), http.StatusBadRequest); code != customer.EInvalid {
				t.Errorf("a malformed body: %s", code)
			}
			var done undoBody
			mgr.decode(mgr.do("POST", base, strings.NewReader(`{"force": true}`), "application/json"), http.StatusAccepted, &done)
			if done.Done || !done.Force || done.Delete != 2 || done.ConflictsKept != 0 || len(done.Conflicts) != 1 || !done.Conflicts[0].Forced {
				t.Errorf("forced undo %+v", done)
			}
			mgr.waitStaged(created.ID)
			if n := mgr.customerCount(); n != 0 {
				t.Errorf("%d customers after a forced undo, want 0", n)
			}
		})

		t.Run("a staged import cannot be undone; another tenant's is not found", func(t *testing.T) {
			staged := mgr.stageFixture()
			base := fmt.Sprintf("/api/imports/%d/undo", staged.ID)
			if code := mgr.errorCode(mgr.do("GET", base, nil, ""), http.StatusConflict); code != customer.EConflict {
				t.Errorf("preview of a staged import: %s", code)
			}
			if code := mgr.errorCode(mgr.do("POST", base, nil, ""), http.StatusConflict); code != customer.EConflict {
				t.Errorf("undo of a staged import: %s", code)
			}
			krakow := f.login("manager@krakow.pl")
			if code := krakow.errorCode(krakow.do("POST", base, nil, ""), http.StatusNotFound); code != customer.ENotFound {
				t.Errorf("another tenant's undo: %s", code)
			}
			var got importBody
			mgr.decode(mgr.do("GET", fmt.Sprintf("/api/imports/%d", staged.ID), nil, ""), http.StatusOK, &got)
			if got.State != customer.StateStaged {
				t.Errorf("refused undos changed the import: %+v", got)
			}
		})

		t.Run("the API description has the routes", func(t *testing.T) {
			res := mgr.do("GET", "/api/openapi.json", nil, "")
			var doc struct {
				Paths map[string]map[string]any
			}
			mgr.decode(res, http.StatusOK, &doc)
			ops := doc.Paths["/api/imports/{id}/undo"]
			if ops["get"] == nil || ops["post"] == nil {
				t.Errorf("openapi paths for undo: %v", ops)
			}
		})
	})
}

// undoHeaderRow returns the template's header row.
func undoHeaderRow() []string {
	h := make([]string, len(customer.Fields))
	for i, f := range customer.Fields {
		h[i] = f.Header
	}
	return h
}

// undoRow returns a CSV row of the template's columns with the given cells (field key, value).
func undoRow(kv ...string) string {
	cells := make([]string, len(customer.Fields))
	for i := 0; i < len(kv); i += 2 {
		cells[customer.FieldByKey(kv[i])] = kv[i+1]
	}
	return strings.Join(cells, ";")
}
