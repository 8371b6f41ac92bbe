package bench

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/clientele/clientele/customer"
)

// check runs the importer's own row checks (create mode, no stored customers) on rows and
// returns each row's errors.
func check(rows []Row) [][]customer.Problem {
	rules := customer.Rules{Country: "NO", Language: "en", Today: time.Now()}
	checked := make([]*customer.Checked, len(rows))
	x := customer.NewIndex()
	for i := range rows {
		staged := customer.StagedRow{Row: i + 2, Raw: rows[i].Values}
		checked[i] = new(customer.Checked)
		rules.PrepareInto(checked[i], &staged)
		rules.Resolve(customer.ModeCreate, checked[i], x)
	}
	customer.NewFileKeys().Classify(checked, x)
	errs := make([][]customer.Problem, len(rows))
	for i, c := range checked {
		errs[i] = c.Errors
	}
	return errs
}

func TestGeneratorIsDeterministic(t *testing.T) {
	a, b := NewGenerator(1).Rows(500), NewGenerator(1).Rows(500)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("row %d differs between two generators with one seed:\n%v\n%v", i, a[i], b[i])
		}
	}
	if c := NewGenerator(2).Rows(500); c[0] == a[0] && c[1] == a[1] {
		t.Errorf("seeds 1 and 2 made the same rows")
	}
	var f1, f2 bytes.Buffer
	if err := WriteCSV(&f1, a); err != nil {
		t.Fatal(err)
	}
	if err := WriteCSV(&f2, b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(f1.Bytes(), f2.Bytes()) {
		t.Errorf("the CSV files differ")
	}
}

func TestGeneratorCSVHeaders(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCSV(&buf, NewGenerator(1).Rows(10)); err != nil {
		t.Fatal(err)
	}
	text, ok := strings.CutPrefix(buf.String(), "\ufeff")
	if !ok {
		t.Errorf("the file has no BOM")
	}
	records, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != 11 {
		t.Fatalf("%d records, want the header and 10 rows", len(records))
	}
	if len(records[0]) != customer.TemplateFields || customer.TemplateFields != 19 {
		t.Fatalf("%d headers, want the template's 19", len(records[0]))
	}
	for i, f := range customer.Fields[:customer.TemplateFields] {
		if records[0][i] != f.Header {
			t.Errorf("header %d is %q, want %q", i, records[0][i], f.Header)
		}
	}
}

// TestGeneratorErrorRows checks the generated rows with the importer's rules: every row with a
// fault is an error row, every other row is clean, and the faults are about ErrorRate of the rows.
func TestGeneratorErrorRows(t *testing.T) {
	const n = 20000
	for _, tc := range []struct {
		name string
		rate float64
		want float64
	}{
		{"default", 0, DefaultErrorRate},
		{"ten percent", 0.10, 0.10},
		{"none", -1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := NewGenerator(7)
			g.ErrorRate = tc.rate
			rows := g.Rows(n)
			errs := check(rows)
			faulty := 0
			seen := map[Fault]int{}
			for i, r := range rows {
				seen[r.Fault]++
				if r.Fault != FaultNone {
					faulty++
				}
				switch {
				case r.Fault == FaultNone && len(errs[i]) > 0:
					t.Errorf("clean row %d has errors %+v\n%q", i+2, errs[i], r.Values)
				case r.Fault != FaultNone && len(errs[i]) == 0:
					t.Errorf("row %d with fault %s passed the checks\n%q", i+2, r.Fault, r.Values)
				}
			}
			got := float64(faulty) / n
			if got < tc.want*0.8 || got > tc.want*1.2 {
				t.Errorf("%.2f%% of the rows have a fault, want about %.2f%%", 100*got, 100*tc.want)
			}
			if tc.want > 0 {
				for _, f := range faults {
					if seen[f] == 0 {
						t.Errorf("no row has fault %s", f)
					}
				}
			}
		})
	}
}

func TestGeneratorLooksReal(t *testing.T) {
	rows := NewGenerator(3).Rows(2000)
	var all strings.Builder
	for _, r := range rows {
		for _, v := range r.Values {
			all.WriteString(v)
			all.WriteByte('\n')
		}
	}
	for _, s := range []string{"æ", "ø", "å", "ł", "ó", "ż", "+47 ", "+48 ", ".19", "-", "Ja", "Tak", "Polska"} {
		if !strings.Contains(all.String(), s) {
			t.Errorf("2,000 rows contain no %q", s)
		}
	}
}

// TestSeedCustomersAreDisjoint checks that customers made for seeding are valid and share no key
// with the file rows, so seeding a database changes no row's status.
func TestSeedCustomersAreDisjoint(t *testing.T) {
	g := NewGenerator(1)
	rows := g.Rows(5000)
	seeds, err := g.Customers(5000)
	if err != nil {
		t.Fatal(err)
	}
	x := customer.NewIndex()
	for i, c := range seeds {
		c.ID = int64(i + 1)
		x.Add(*c)
	}
	rules := customer.Rules{Country: "NO", Language: "en", Today: time.Now()}
	for i := range rows {
		if rows[i].Fault != FaultNone {
			continue
		}
		staged := customer.StagedRow{Row: i + 2, Raw: rows[i].Values}
		c := new(customer.Checked)
		rules.PrepareInto(c, &staged)
		rules.Resolve(customer.ModeCreate, c, x)
		customer.NewFileKeys().Classify([]*customer.Checked{c}, x)
		if len(c.Errors) > 0 {
			t.Fatalf("row %d clashes with a seed customer: %+v", i+2, c.Errors)
		}
	}
}
