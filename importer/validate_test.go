package importer_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
	"github.com/clientele/clientele/internal/dbtest"
	"github.com/clientele/clientele/sqlstore"
)

// edit is one EditRow call: cells of a row, by field key.
type edit struct {
	row   int
	cells map[string]string
}

// TestValidateEdited checks that Validate after edits, which re-checks only the edited rows and
// the rows sharing an old or new key value with them, gives exactly what a full check gives: the
// same statuses, errors (with the rows they name), warnings, matches, changes, keys and summary as
// staging the edited cells afresh, and as a full re-check of the import.
func TestValidateEdited(t *testing.T) {
	ctx := context.Background()
	// The base file, rows 2–12: the shop already holds kunder-i-butikken.csv (A-1001 … A-1006).
	base := []map[string]string{
		{"first_name": "Kari", "last_name": "Lund", "email": "kari.lund@example.no", "mobile": "450 00 001", "postcode": "0150"}, // 2
		{"first_name": "Per", "last_name": "Hansen", "email": "per@example.no", "mobile": "450 00 002"},                          // 3
		{"first_name": "Ola", "last_name": "Berg", "email": "ola@example.no", "postcode": "5003"},                                // 4
		{"first_name": "Lise", "last_name": "Dahl", "email": "lise@example.no"},                                                  // 5
		{"first_name": "Lise", "last_name": "Dahl-Moe", "email": "LISE@example.no"},                                              // 6: duplicate of 5
		{"first_name": "Tor", "last_name": "Dahl", "email": " lise@example.no "},                                                 // 7: duplicate of 5
		{"first_name": "Anne", "last_name": "Lie", "email": "anne(at)example.no"},                                                // 8: invalid email
		{"first_name": "Eva", "last_name": "Moe", "email": "eva@example.no", "account_number": "B-1"},                            // 9
		{"first_name": "Jon", "last_name": "Vik", "account_number": "B-2", "mobile": "450 00 003"},                               // 10
		{"first_name": "Siri", "last_name": "Vik", "account_number": "B-3", "mobile": "+47 450 00 003"},                          // 11: duplicate of 10
		{"first_name": "Eva", "last_name": "Moe", "email": "eva.moe@example.no", "account_number": "B-1"},                        // 12: duplicate of 9
	}
	type tc struct {
		name  string
		mode  customer.Mode
		edits []edit
		check func(t *testing.T, rows []customer.StagedRow) // what the edits should have done
	}
	names := func(t *testing.T, r customer.StagedRow, code customer.Code, row int) {
		t.Helper()
		if p := problem(t, r, code); p.Args["row"] != fmt.Sprint(row) {
			t.Errorf("row %d: %q does not name row %d", r.Row, p.Message, row)
		}
	}
	cases := []tc{
		{
			name:  "fixing an error",
			edits: []edit{{8, map[string]string{"email": "anne@example.no"}}},
			check: func(t *testing.T, rows []customer.StagedRow) {
				checkStatus(t, rows, map[int]customer.Status{8: customer.StatusNew})
			},
		},
		{
			name:  "a duplicate of an earlier row",
			edits: []edit{{9, map[string]string{"email": "PER@example.no"}}},
			check: func(t *testing.T, rows []customer.StagedRow) {
				checkStatus(t, rows, map[int]customer.Status{3: customer.StatusNew, 9: customer.StatusError})
				names(t, rowNum(t, rows, 9), customer.CodeDuplicateInFile, 3)
			},
		},
		{
			name:  "a duplicate of a later row: the later row becomes the error",
			edits: []edit{{3, map[string]string{"email": "eva@example.no"}}},
			check: func(t *testing.T, rows []customer.StagedRow) {
				checkStatus(t, rows, map[int]customer.Status{3: customer.StatusNew, 9: customer.StatusError})
				names(t, rowNum(t, rows, 9), customer.CodeDuplicateInFile, 3)
			},
		},
		{
			name:  "the first of a duplicate group changes: the second becomes the first",
			edits: []edit{{5, map[string]string{"email": "lise.dahl@example.no"}}},
			check: func(t *testing.T, rows []customer.StagedRow) {
				checkStatus(t, rows, map[int]customer.Status{5: customer.StatusNew, 6: customer.StatusNew, 7: customer.StatusError})
				names(t, rowNum(t, rows, 7), customer.CodeDuplicateInFile, 6)
			},
		},
		{
			name:  "a key of a stored customer",
			edits: []edit{{4, map[string]string{"email": "Kari@Example.no "}}},
			check: func(t *testing.T, rows []customer.StagedRow) {
				checkStatus(t, rows, map[int]customer.Status{4: customer.StatusError})
				problem(t, rowNum(t, rows, 4), customer.CodeEmailExists)
			},
		},
		{
			name: "several edits, one row twice, a mobile and an account number",
			edits: []edit{
				{10, map[string]string{"mobile": "450 00 009"}}, // 11 is no longer a duplicate …
				{2, map[string]string{"account_number": "B-3"}}, // … but 11's account number now repeats row 2's
				{6, map[string]string{"email": "per@example.no"}},
				{6, map[string]string{"email": "eva@example.no", "last_name": "Dahl"}}, // the last edit counts
			},
			check: func(t *testing.T, rows []customer.StagedRow) {
				checkStatus(t, rows, map[int]customer.Status{2: customer.StatusNew, 3: customer.StatusNew, 6: customer.StatusNew,
					7: customer.StatusError, 9: customer.StatusError, 10: customer.StatusNew, 11: customer.StatusError})
				names(t, rowNum(t, rows, 11), customer.CodeDuplicateInFile, 2)
				names(t, rowNum(t, rows, 9), customer.CodeDuplicateInFile, 6)
				if p := problems(rowNum(t, rows, 11).Errors); fmt.Sprint(p) != "[account_number:duplicate_in_file]" {
					t.Errorf("row 11 errors %v, want only the account number's duplicate", p)
				}
			},
		},
		{
			// Row 12 is affected (it shares the new email), and its account number still repeats
			// row 9's, which no edit touched: the check must see row 9 too.
			name:  "an affected row keeps its duplicate of a row no edit touched",
			edits: []edit{{3, map[string]string{"email": "eva.moe@example.no"}}},
			check: func(t *testing.T, rows []customer.StagedRow) {
				checkStatus(t, rows, map[int]customer.Status{3: customer.StatusNew, 9: customer.StatusNew, 12: customer.StatusError})
				if p := problems(rowNum(t, rows, 12).Errors); fmt.Sprint(p) != "[account_number:duplicate_in_file email:duplicate_in_file]" {
					t.Errorf("row 12 errors %v, want the account number's and the email's duplicates", p)
				}
				for _, p := range rowNum(t, rows, 12).Errors {
					want := map[string]int{"account_number": 9, "email": 3}[p.Field]
					if p.Args["row"] != fmt.Sprint(want) {
						t.Errorf("row 12: %q does not name row %d", p.Message, want)
					}
				}
			},
		},
		{
			name:  "an edit undone before validating",
			edits: []edit{{5, map[string]string{"email": "x@example.no"}}, {5, map[string]string{"email": "lise@example.no"}}},
			check: func(t *testing.T, rows []customer.StagedRow) {
				checkStatus(t, rows, map[int]customer.Status{5: customer.StatusNew, 6: customer.StatusError, 7: customer.StatusError})
			},
		},
		{
			// Edits of fields no key or name is made of re-check the edited rows alone
			// (validateKinds): duplicates in the file stay as they were, named as before.
			name: "edits of other fields keep the rows' duplicates",
			edits: []edit{
				{5, map[string]string{"city": "Oslo"}},                             // the first of a duplicate group
				{6, map[string]string{"note": "kunde siden 2019", "city": "Moss"}}, // its duplicates
				{7, map[string]string{"birth_date": "31.02.1990"}},                 // … also gets an error of its own
				{3, map[string]string{"birth_date": "not a date"}},                 // a row no duplicate
				{12, map[string]string{"region": "Viken"}},
			},
			check: func(t *testing.T, rows []customer.StagedRow) {
				checkStatus(t, rows, map[int]customer.Status{3: customer.StatusError, 5: customer.StatusNew, 6: customer.StatusError,
					7: customer.StatusError, 12: customer.StatusError})
				names(t, rowNum(t, rows, 6), customer.CodeDuplicateInFile, 5)
				names(t, rowNum(t, rows, 7), customer.CodeDuplicateInFile, 5)
				if p := problems(rowNum(t, rows, 7).Errors); fmt.Sprint(p) != "[birth_date:invalid_date email:duplicate_in_file]" {
					t.Errorf("row 7 errors %v, want its date's and its email's duplicate", p)
				}
			},
		},
		{
			// Edits of emails and postcodes only re-check by those kinds of key
			// (validateKinds): the mobile duplicate of row 11 is kept, its email's is new.
			name: "email and postcode edits keep the other kinds' duplicates",
			edits: []edit{
				{10, map[string]string{"email": "jon@example.no"}},
				{11, map[string]string{"email": "JON@example.no"}},
				{4, map[string]string{"postcode": "0150"}},
				{12, map[string]string{"email": "eva@example.no", "postcode": "5003"}},
			},
			check: func(t *testing.T, rows []customer.StagedRow) {
				checkStatus(t, rows, map[int]customer.Status{10: customer.StatusNew, 11: customer.StatusError, 12: customer.StatusError})
				if p := problems(rowNum(t, rows, 11).Errors); fmt.Sprint(p) != "[email:duplicate_in_file mobile:duplicate_in_file]" {
					t.Errorf("row 11 errors %v, want its email's and its mobile's duplicates", p)
				}
				names(t, rowNum(t, rows, 11), customer.CodeDuplicateInFile, 10)
			},
		},
		{
			name:  "an edit of another field fixes a row",
			edits: []edit{{3, map[string]string{"birth_date": "not a date"}}, {3, map[string]string{"birth_date": "01.02.1990"}}},
			check: func(t *testing.T, rows []customer.StagedRow) {
				checkStatus(t, rows, map[int]customer.Status{3: customer.StatusNew})
			},
		},
		{
			name:  "upsert: an edit of another field of an updating row",
			mode:  customer.ModeUpsert,
			edits: []edit{{2, map[string]string{"city": "Bergen", "note": "ny adresse"}}, {9, map[string]string{"city": "Moss"}}},
			check: func(t *testing.T, rows []customer.StagedRow) {
				if r := rowNum(t, rows, 2); r.Status == customer.StatusUpdate && !slices.ContainsFunc(r.Changes, func(c customer.Change) bool { return c.Field == "city" }) {
					t.Errorf("row 2 changes %+v, want the city among them", r.Changes)
				}
			},
		},
		{
			name: "upsert: an edit matches a stored customer by account number",
			mode: customer.ModeUpsert,
			edits: []edit{
				{4, map[string]string{"account_number": "A-1003", "email": ""}}, // Kari Nordmann, Bergen 5003
				{10, map[string]string{"account_number": "A-1006"}},
			},
			check: func(t *testing.T, rows []customer.StagedRow) {
				checkStatus(t, rows, map[int]customer.Status{4: customer.StatusUpdate, 10: customer.StatusUpdate})
			},
		},
	}
	dbtest.Each(t, func(t *testing.T, dsn string) {
		s := openStore(t, dsn)
		for _, tt := range cases {
			t.Run(tt.name, func(t *testing.T) {
				mode := tt.mode
				if mode == "" {
					mode = customer.ModeCreate
				}
				sh := newShop(t, s, "NO")
				sh.load("kunder-i-butikken.csv")
				imp := sh.stage(csvFile(t, "kunder.csv", base...), mode)
				before := sh.rows(imp.ID)
				for _, e := range tt.edits {
					r, err := sh.im.EditRow(ctx, sh.tn, imp.ID, e.row, e.cells)
					if err != nil {
						t.Fatalf("EditRow %d: %v", e.row, err)
					}
					// Until validated, an edited row keeps the outcome and keys of its last check.
					old := rowNum(t, before, e.row)
					if !r.Edited || r.Status != old.Status || r.Keys != old.Keys {
						t.Errorf("edited row %d: edited %v, status %s, keys %+v; want edited, %s, %+v", e.row, r.Edited, r.Status, r.Keys, old.Status, old.Keys)
					}
				}
				got, err := sh.im.Validate(ctx, sh.tn, imp.ID)
				if err != nil {
					t.Fatal(err)
				}
				rows := sh.rows(imp.ID)
				tt.check(t, rows)

				// A fresh check of the same cells.
				var cells []map[string]string
				for _, r := range rows {
					m := map[string]string{}
					for i, f := range customer.Fields {
						if r.Raw[i] != "" {
							m[f.Key] = r.Raw[i]
						}
					}
					cells = append(cells, m)
				}
				fresh := sh.stage(csvFile(t, "kunder.csv", cells...), mode)
				if got.Summary != fresh.Summary {
					t.Errorf("summary %+v, a fresh check gives %+v", got.Summary, fresh.Summary)
				}
				if stored, err := sh.im.Import(ctx, sh.tn, imp.ID); err != nil || stored.Summary != fresh.Summary {
					t.Errorf("stored summary %+v (%v), a fresh check gives %+v", stored.Summary, err, fresh.Summary)
				}
				// The summary moved with the saved rows; the store's count of their statuses agrees.
				var counted customer.Summary
				for _, r := range sh.rows(imp.ID) {
					counted.Add(r.Status)
				}
				if counted != got.Summary {
					t.Errorf("the rows' statuses count %+v, the summary says %+v", counted, got.Summary)
				}
				sameOutcome(t, rows, sh.rows(fresh.ID))

				// And a full re-check (nothing edited) changes nothing.
				again, err := sh.im.Validate(ctx, sh.tn, imp.ID)
				if err != nil || again.Summary != got.Summary {
					t.Errorf("full re-check: %+v, %v; want %+v", again.Summary, err, got.Summary)
				}
				if full := sh.rows(imp.ID); !reflect.DeepEqual(full, rows) {
					sameOutcome(t, rows, full)
				}
			})
		}
	})
}

// checkStatus compares the status of the rows named in want.
func checkStatus(t *testing.T, rows []customer.StagedRow, want map[int]customer.Status) {
	t.Helper()
	for n, st := range want {
		if r := rowNum(t, rows, n); r.Status != st {
			t.Errorf("row %d: status %s, want %s (errors %v)", n, r.Status, st, problems(r.Errors))
		}
	}
}

// sameOutcome fails unless got and want are the same rows with the same outcome of a check.
func sameOutcome(t *testing.T, got, want []customer.StagedRow) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d", len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.Row != w.Row || g.Raw != w.Raw || g.Status != w.Status || g.CustomerID != w.CustomerID || g.Keys != w.Keys || g.Edited ||
			!reflect.DeepEqual(g.Errors, w.Errors) || !reflect.DeepEqual(g.Warnings, w.Warnings) || !reflect.DeepEqual(g.Changes, w.Changes) {
			t.Errorf("row %d:\n got %+v\nwant %+v", g.Row, g, w)
		}
	}
}

// BenchmarkValidateOneEdit measures what the grid's "Save grid changes and validate" costs after
// one edited cell, on a staged 100,000-row import in SQLite: each iteration edits one row's email
// (untimed), alternately into a duplicate of row 2's and back, and times Validate.
func BenchmarkValidateOneEdit(b *testing.B) {
	ctx := context.Background()
	const n = 100_000
	var sb strings.Builder
	sb.WriteString(header + "\r\n")
	for i := range n {
		cells := make([]string, len(customer.Fields))
		cells[customer.FAccount] = fmt.Sprintf("A-%06d", i)
		cells[customer.FFirstName] = fmt.Sprintf("Kari%d", i)
		cells[customer.FLastName] = "Nordmann"
		cells[customer.FEmail] = fmt.Sprintf("kunde%d@example.no", i)
		cells[customer.FMobile] = fmt.Sprintf("4%07d", 1_000_000+i)
		cells[customer.FPostcode] = "0150"
		cells[customer.FCity] = "Oslo"
		sb.WriteString(strings.Join(cells, ";") + "\r\n")
	}
	path := filepath.Join(b.TempDir(), "kunder.csv")
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	s, err := sqlstore.Open(ctx, dbtest.SQLite(b))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	tn := customer.Tenant{Slug: "benk", Name: "Benk", Country: "NO", Language: "nb"}
	if err := s.CreateTenant(ctx, &tn); err != nil {
		b.Fatal(err)
	}
	im := &importer.Importer{Store: s, Now: func() time.Time { return today }}
	imp, err := im.Stage(ctx, tn, path, importer.StageOptions{Mode: customer.ModeCreate, FileName: "kunder.csv"})
	if err != nil {
		b.Fatal(err)
	}
	if imp.Summary.New != n {
		b.Fatalf("staged %+v, want %d new", imp.Summary, n)
	}
	const edited = 50_001
	i := 0
	for b.Loop() {
		b.StopTimer()
		email := fmt.Sprintf("kunde%d@example.no", edited-2)
		if i%2 == 0 {
			email = "KUNDE0@example.no" // row 2's
		}
		i++
		if _, err := im.EditRow(ctx, tn, imp.ID, edited, map[string]string{"email": email}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		got, err := im.Validate(ctx, tn, imp.ID)
		if err != nil {
			b.Fatal(err)
		}
		if want := i % 2; got.Summary.Error != want {
			b.Fatalf("after edit %d: %+v, want %d errors", i, got.Summary, want)
		}
	}
}
