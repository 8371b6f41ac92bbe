package web

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
	"github.com/clientele/clientele/internal/dbtest"
)

// TestHistoryLeavesOutDryRuns: a CLI dry run is not in the shop's history (GET /api/imports),
// but include=dry_runs lists it, marked; its audit entries stay.
func TestHistoryLeavesOutDryRuns(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, Config{})
		mgr := f.login("manager@oslo.no")
		staged := mgr.stageFixture()

		path := filepath.Join(t.TempDir(), "kunder.csv")
		os.WriteFile(path, []byte("First Name,Last Name\nOla,Nordmann\n"), 0o644)
		im := &importer.Importer{Store: f.store}
		dry, err := im.Check(context.Background(), f.oslo, path, importer.StageOptions{Mode: customer.ModeCreate, FileName: "kunder.csv", User: "os:ola"},
			func(*customer.StagedRow) error { return nil })
		if err != nil {
			t.Fatal(err)
		}

		type page struct {
			Imports []importBody
			Total   int
		}
		var history, all page
		mgr.decode(mgr.do("GET", "/api/imports", nil, ""), http.StatusOK, &history)
		if history.Total != 1 || len(history.Imports) != 1 || history.Imports[0].ID != staged.ID || history.Imports[0].DryRun {
			t.Errorf("history: %+v; want only the staged import", history)
		}
		mgr.decode(mgr.do("GET", "/api/imports?include=dry_runs", nil, ""), http.StatusOK, &all)
		if all.Total != 2 || len(all.Imports) != 2 || all.Imports[0].ID != dry.ID || !all.Imports[0].DryRun ||
			all.Imports[0].State != customer.StateDiscarded || all.Imports[0].CreatedBy != "os:ola" || all.Imports[1].DryRun {
			t.Errorf("include=dry_runs: %+v; want the dry run, marked, then the staged import", all)
		}
		if code := mgr.errorCode(mgr.do("GET", "/api/imports?include=everything", nil, ""), http.StatusBadRequest); code != customer.EInvalid {
			t.Errorf("include=everything: %s", code)
		}

		owner := f.login("owner@oslo.no")
		var audit struct {
			Entries []struct {
				Actor, Action string
				ImportID      int64 `json:"import_id"`
			}
		}
		owner.decode(owner.do("GET", "/api/audit", nil, ""), http.StatusOK, &audit)
		var actions []string
		for _, e := range audit.Entries {
			if e.ImportID == dry.ID {
				actions = append(actions, e.Actor+" "+e.Action)
			}
		}
		if len(actions) != 2 || actions[0] != "os:ola discard" || actions[1] != "os:ola import" {
			t.Errorf("the dry run's audit entries: %q", actions)
		}
	})
}
