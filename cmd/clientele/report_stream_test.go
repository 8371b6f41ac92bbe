package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/bench"
	"github.com/clientele/clientele/internal/dbtest"
	"github.com/clientele/clientele/sheet"
)

// encodeWholeReport is the report written the plain way: the whole struct, rows and all,
// through one encoder. Other tools read that output, so the streamed report
// must match it byte for byte.
func encodeWholeReport(t *testing.T, head report, rows []customer.StagedRow) []byte {
	t.Helper()
	r := head
	r.Rows = make([]reportRow, 0, len(rows))
	for i := range rows {
		r.Rows = append(r.Rows, newReportRow(&rows[i]))
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// printWholeSummary is the human summary printed the plain way, from all the rows in memory: the
// reference the summary that walks the rows must match.
func printWholeSummary(w io.Writer, path string, imp customer.Import, rows []customer.StagedRow) {
	s := imp.Summary
	fmt.Fprintf(w, "%s: %d rows (mode %s)\n", path, s.Rows, imp.Mode)
	fmt.Fprintf(w, "  new %d · update %d · unchanged %d · error %d\n", s.New, s.Update, s.Unchanged, s.Error)
	for _, warn := range imp.Warnings {
		fmt.Fprintf(w, "Warning: %s\n", warn)
	}
	var errs, warns []string
	warnRows := 0
	byCode := map[customer.Code][]string{}
	var codes []customer.Code
	for _, r := range rows {
		for _, p := range r.Errors {
			errs = append(errs, fmt.Sprintf("  row %d, %s: %s\n", r.Row, p.Column, p.Message))
		}
		if len(r.Warnings) > 0 {
			warnRows++
		}
		for _, p := range r.Warnings {
			if byCode[p.Code] == nil {
				codes = append(codes, p.Code)
			}
			byCode[p.Code] = append(byCode[p.Code], fmt.Sprintf("    row %d, %s: %s\n", r.Row, p.Column, p.Message))
			warns = append(warns, string(p.Code))
		}
	}
	if len(errs) > 0 {
		fmt.Fprintf(w, "Errors (%d in %d rows):\n", len(errs), s.Error)
	}
	for i, l := range errs {
		if i == maxErrorsShown {
			fmt.Fprintf(w, "  … and %d more (use --json for all)\n", len(errs)-i)
			break
		}
		fmt.Fprint(w, l)
	}
	if len(warns) > 0 {
		fmt.Fprintf(w, "Row warnings (%d in %d rows; the rows import as shown):\n", len(warns), warnRows)
	}
	for _, c := range codes {
		lines := byCode[c]
		fmt.Fprintf(w, "  %s: %d\n", c, len(lines))
		for i, l := range lines {
			if i == maxWarningsShown {
				fmt.Fprintf(w, "    … and %d more (use --json for all)\n", len(lines)-i)
				break
			}
			fmt.Fprint(w, l)
		}
	}
}

func streamed(t *testing.T, head report, rows []customer.StagedRow) []byte {
	t.Helper()
	var b bytes.Buffer
	err := streamReport(&b, head, func(fn func(*customer.StagedRow) error) error {
		for i := range rows {
			if err := fn(&rows[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestStreamReportMatchesWholeEncoding(t *testing.T) {
	imp := customer.Import{ID: 42, Mode: customer.ModeUpsert, State: customer.StateCommitted,
		Summary: customer.Summary{Rows: 3, New: 1, Update: 1, Error: 1}}
	mapping := []sheet.ColumnMapping{{Letter: "A", Header: "E-post", Field: "email", Via: "map"}, {Letter: "B", Header: "Kundetype"}}
	bad := customer.Problem{Field: "email", Column: "Email", Code: customer.CodeInvalidEmail,
		Message: `Email "<b>ola&kari</b>" is not valid`, Msg: "invalid_email", Args: map[string]string{"value": "<b>ola&kari</b>", "a": "ø"}}
	warn := customer.Problem{Field: "postcode", Column: "Postcode", Code: "leading_zero_restored", Message: "0150 → 0150"}
	rows := []customer.StagedRow{
		{Row: 2, Status: customer.StatusNew, CustomerID: 7, Warnings: []customer.Problem{warn}},
		{Row: 3, Status: customer.StatusError, Errors: []customer.Problem{bad, bad}},
		{Row: 5, Status: customer.StatusUpdate, CustomerID: 1 << 40,
			Changes: []customer.Change{{Field: "note", Old: "", New: "line\nbreak \"quoted\" \u2028"}}},
		{Row: 6, Status: customer.StatusUnchanged, Errors: []customer.Problem{}, Changes: []customer.Change{}},
	}
	for _, tc := range []struct {
		name string
		head report
		rows []customer.StagedRow
	}{
		{"no rows", newReport("empty.csv", false, customer.Import{ID: 1}, "", nil), nil},
		{"no rows, dry run with warnings and mapping", newReport("x.csv", true, customer.Import{ID: 1, Warnings: []string{"w"}}, "Shopify customer export", mapping), nil},
		{"one row", newReport("one.csv", false, imp, "", nil), rows[:1]},
		{"rows of every kind", newReport(`C:\kunder\"nye".csv`, false, imp, "Shopify customer export", mapping), rows},
		{"a file name like the rows key", newReport("\n  \"rows\": []", false, imp, "", nil), rows},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := encodeWholeReport(t, tc.head, tc.rows)
			got := streamed(t, tc.head, tc.rows)
			if !bytes.Equal(got, want) {
				t.Errorf("streamed report differs from the whole struct's encoding\ngot:\n%s\nwant:\n%s", got, want)
			}
			if len(tc.rows) == 0 && !bytes.Contains(got, []byte("\n  \"rows\": [],\n")) {
				t.Errorf("a report without rows lacks \"rows\": []:\n%s", got)
			}
		})
	}
}

// TestImportJSONReportStreamed holds the reports and summaries the commands write, read from the
// store a page at a time, to what the whole rows in memory gave, on imports of a few thousand rows
// with errors, warnings, changes and customer ids, each longer than the 2,000 rows EachRow reads
// at a time.
func TestImportJSONReportStreamed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		c := cli{t, dsn}
		dir := t.TempDir()
		gen := bench.NewGenerator(7)
		rows := gen.Rows(2600)
		rows[10].Values[customer.FNote] = `<script>alert("&")</script> ø`
		first := filepath.Join(dir, "first.csv")
		writeBenchCSV(t, first, rows)
		// Half the rows again, each third with a new note: updates, unchanged rows and errors.
		for i := range rows {
			if i%3 == 0 {
				rows[i].Values[customer.FNote] = fmt.Sprintf("changed %d", i)
			}
		}
		second := filepath.Join(dir, "second.csv")
		writeBenchCSV(t, second, rows[:2100])
		empty := filepath.Join(dir, "empty.csv")
		writeBenchCSV(t, empty, nil)

		// check runs one command and compares its --json report with the whole encoding of the
		// import's rows as the store holds them. A dry run stores no rows: its report is compared
		// with the rows that staging the same file (staged, not committed) stores.
		check := func(t *testing.T, args ...string) report {
			t.Helper()
			r := c.run("", append(args, "--json")...)
			if r.code != exitOK {
				t.Fatalf("clientele %v: exit %d, stderr %q", args, r.code, r.stderr)
			}
			var got report
			if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
				t.Fatalf("clientele %v: stdout is not a JSON report: %v", args, err)
			}
			e := &env{db: dsn, tenant: "default"}
			s, tn, err := e.open(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			im := e.importer(s)
			imp, err := s.Import(ctx, tn.ID, got.ImportID)
			if err != nil {
				t.Fatal(err)
			}
			rowsOf := imp.ID
			if got.DryRun {
				var staged report
				r := c.run("", append(slices.DeleteFunc(slices.Clone(args), func(a string) bool { return a == "--dry-run" }), "--json")...)
				if err := json.Unmarshal([]byte(r.stdout), &staged); err != nil || r.code != exitOK || staged.Committed {
					t.Fatalf("staging the dry run's file: exit %d, state %q, %v, stderr %q", r.code, staged.State, err, r.stderr)
				}
				if n, _, err := im.Rows(ctx, tn, imp.ID, customer.RowFilter{}, 0, 0); err != nil || len(n) != 0 {
					t.Fatalf("the dry run stored %d rows (%v)", len(n), err)
				}
				rowsOf = staged.ImportID
			}
			all, _, err := im.Rows(ctx, tn, rowsOf, customer.RowFilter{}, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			// The source and mapping are what the file was read with; the test takes them from
			// the report, and everything else from the store.
			want := encodeWholeReport(t, newReport(got.File, got.DryRun, imp, got.Source, got.Mapping), all)
			if r.stdout != string(want) {
				t.Errorf("clientele %v: the streamed report differs from the whole encoding (%d and %d bytes)\n%s",
					args, len(r.stdout), len(want), firstDiff(r.stdout, string(want)))
			}
			var sum, wantSum bytes.Buffer
			if err := printSummary(ctx, &sum, im, tn, got.File, imp); err != nil {
				t.Fatal(err)
			}
			if got.DryRun {
				// The summary the dry run printed, from the rows it checked.
				r := c.run("", args...)
				sum.Reset()
				sum.WriteString(strings.TrimSuffix(r.stdout, "Dry run: nothing was committed.\n"))
				if i := strings.Index(sum.String(), got.File+": "); i >= 0 {
					rest := sum.String()[i:]
					sum.Reset()
					sum.WriteString(rest)
				}
			}
			printWholeSummary(&wantSum, got.File, imp, all)
			if sum.String() != wantSum.String() {
				t.Errorf("clientele %v: summary\n%s\nwant\n%s", args, sum.String(), wantSum.String())
			}
			return got
		}

		// Each step's arguments are made when it runs: confirm needs the id of the step before.
		var staged int64
		for _, step := range []struct {
			name string
			args func() []string
			want func(report) bool
		}{
			{"create and commit", func() []string { return []string{"import", first, "--yes"} },
				func(r report) bool { return r.Committed && r.Summary.Error > 0 && r.Rows[0].CustomerID != 0 }},
			{"upsert dry run", func() []string { return []string{"import", second, "--mode", "upsert", "--dry-run"} },
				func(r report) bool { return r.Summary.Update > 0 && r.Summary.Unchanged > 0 && r.Summary.Error > 0 }},
			{"upsert staged", func() []string { return []string{"import", second, "--mode", "upsert"} },
				func(r report) bool { return r.State == customer.StateStaged }},
			{"confirm", func() []string { return []string{"confirm", fmt.Sprint(staged)} },
				func(r report) bool { return r.Committed && r.Summary.Update > 0 }},
			{"header only", func() []string { return []string{"import", empty, "--dry-run"} },
				func(r report) bool { return len(r.Rows) == 0 }},
		} {
			t.Run(step.name, func(t *testing.T) {
				got := check(t, step.args()...)
				if !step.want(got) {
					t.Errorf("not the import the test needs: state %s, summary %+v", got.State, got.Summary)
				}
				staged = got.ImportID
			})
		}
	})
}

func writeBenchCSV(t *testing.T, path string, rows []bench.Row) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	if err := bench.WriteCSV(w, rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// firstDiff shows where two long texts first differ.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-200)
	return fmt.Sprintf("at byte %d:\ngot:  %q\nwant: %q", i, a[lo:min(len(a), i+200)], b[lo:min(len(b), i+200)])
}
