package importer_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
	"github.com/clientele/clientele/internal/dbtest"
	"github.com/clientele/clientele/sheet"
)

// outcomeOf is what a dry run reports of a row, as JSON, with empty lists and missing ones alike:
// the row as read, its status, problems, changes and matched customer.
func outcomeOf(t *testing.T, r *customer.StagedRow) string {
	t.Helper()
	orNil := func(ps []customer.Problem) []customer.Problem {
		if len(ps) == 0 {
			return nil
		}
		return ps
	}
	changes := r.Changes
	if len(changes) == 0 {
		changes = nil
	}
	b, err := json.Marshal(struct {
		Row        int
		Raw        customer.Values
		Status     customer.Status
		Errors     []customer.Problem
		Warnings   []customer.Problem
		Changes    []customer.Change
		CustomerID int64
	}{r.Row, r.Raw, r.Status, orNil(r.Errors), orNil(r.Warnings), changes, r.CustomerID})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestCheckIsStagingWithoutRows holds the dry run to staging: for each test file, in both modes,
// in chunks of 3 rows and in whole chunks, against a shop with customers, Check hands over exactly
// the rows (values, status, errors, warnings, changes, matched customer) and the summary that
// Stage stores for the same file; it stores no row, records the run as a discarded import with
// the file's name, hash, mode, warnings and summary, and logs it as imported and discarded. On
// both databases.
func TestCheckIsStagingWithoutRows(t *testing.T) {
	ctx := context.Background()
	files := []string{"feil-per-felt.csv", "dubletter-i-fila.csv", "oppdatering.csv", "nye-kunder-kolliderer.csv",
		"vanskelige-tegn.csv", "blanke-rader.csv", "klienci-pl.csv",
		filepath.Join("..", "..", "sheet", "testdata", "libreoffice.xlsx")}
	dbtest.Each(t, func(t *testing.T, dsn string) {
		s := openStore(t, dsn)
		for _, mode := range []customer.Mode{customer.ModeCreate, customer.ModeUpsert} {
			for _, chunk := range []int{0, 3} {
				t.Run(fmt.Sprintf("%s/chunk %d", mode, chunk), func(t *testing.T) {
					sh := newShop(t, s, "NO")
					sh.load("kunder-i-butikken.csv")
					sh.im.Chunk = chunk
					for _, file := range files {
						path := filepath.Join("testdata", file)
						staged := sh.stage(file, mode)
						var want []string
						for _, r := range sh.rows(staged.ID) {
							want = append(want, outcomeOf(t, &r))
						}
						var got []string
						opt := stageOpts(mode, 0)
						opt.FileName = filepath.Base(path)
						imp, err := sh.im.Check(ctx, sh.tn, path, opt, func(r *customer.StagedRow) error {
							got = append(got, outcomeOf(t, r))
							return nil
						})
						if err != nil {
							t.Fatalf("Check %s: %v", file, err)
						}
						if len(want) == 0 {
							t.Fatalf("%s: staging stored no rows; the comparison would prove nothing", file)
						}
						for _, d := range lineDiffs(got, want) {
							t.Errorf("%s: row %s of the dry run differs from the staged row", file, d)
						}
						if imp.Summary != staged.Summary {
							t.Errorf("%s: dry run summary %+v, staged %+v", file, imp.Summary, staged.Summary)
						}
						stored, err := sh.im.Import(ctx, sh.tn, imp.ID)
						if err != nil {
							t.Fatal(err)
						}
						if stored.State != customer.StateDiscarded || !stored.DryRun || staged.DryRun || stored.Mode != mode || stored.Summary != staged.Summary ||
							stored.FileName != filepath.Base(path) || stored.FileSHA256 != staged.FileSHA256 ||
							strings.Join(stored.Warnings, "|") != strings.Join(staged.Warnings, "|") {
							t.Errorf("%s: the dry run is recorded as %+v; staged as %+v", file, stored, staged)
						}
						if rows := sh.rows(imp.ID); len(rows) != 0 {
							t.Errorf("%s: the dry run stored %d rows", file, len(rows))
						}
						log, _, err := s.Audit(ctx, sh.tn.ID, 0, 2)
						if err != nil {
							t.Fatal(err)
						}
						if len(log) != 2 || log[0].Action != "discard" || log[1].Action != "import" || log[0].ImportID != imp.ID || log[1].ImportID != imp.ID {
							t.Errorf("%s: the audit log ends with %+v; want the dry run's import and discard", file, log)
						}
					}
				})
			}
		}
	})
}

// TestCheckRecordsNothingWhenItFails checks that a dry run stopped part way — by a file with more
// rows than the limits allow, or by the caller — returns why and records no import: the history
// and the audit log are as before.
func TestCheckRecordsNothingWhenItFails(t *testing.T) {
	ctx := context.Background()
	var rows []map[string]string
	for i := range 20 {
		rows = append(rows, map[string]string{"first_name": "Kari", "last_name": fmt.Sprintf("Nordmann%d", i)})
	}
	path := csvFile(t, "tjue.csv", rows...)
	stop := errors.New("report: disk full")
	dbtest.Each(t, func(t *testing.T, dsn string) {
		s := openStore(t, dsn)
		for _, tc := range []struct {
			name   string
			limits sheet.Limits
			fn     func(r *customer.StagedRow) error
			want   func(error) bool
			seen   int // rows handed over before the stop
		}{
			{"too many rows", sheet.Limits{MaxRows: 10}, func(*customer.StagedRow) error { return nil },
				func(err error) bool { return customer.ErrorCodeOf(err) == customer.EFile }, -1},
			{"the caller stops", sheet.Limits{}, func(r *customer.StagedRow) error {
				if r.Row == 8 {
					return stop
				}
				return nil
			}, func(err error) bool { return errors.Is(err, stop) }, 6},
		} {
			t.Run(tc.name, func(t *testing.T) {
				sh := newShop(t, s, "NO")
				im := &importer.Importer{Store: s, Now: sh.im.Now, Limits: tc.limits, Chunk: 3}
				seen := 0
				_, err := im.Check(ctx, sh.tn, path, stageOpts(customer.ModeCreate, 0), func(r *customer.StagedRow) error {
					seen++
					return tc.fn(r)
				})
				if !tc.want(err) {
					t.Fatalf("Check = %v", err)
				}
				if tc.seen >= 0 && seen != tc.seen+1 {
					t.Errorf("%d rows handed over, want %d and the one that stopped it", seen, tc.seen)
				}
				imps, total, err := s.AllImports(ctx, sh.tn.ID, 0, 10)
				if err != nil || total != 0 {
					t.Errorf("imports after the failed dry run: %+v (%d), %v; want none", imps, total, err)
				}
				if _, n, err := s.Audit(ctx, sh.tn.ID, 0, 10); err != nil || n != 0 {
					t.Errorf("audit log after the failed dry run: %d entries, %v; want none", n, err)
				}
			})
		}
	})
}
