package bench

import (
	"strings"
	"testing"
)

// TestWriteTable checks what the table says of a step of several parts: no CPU time, no rows/s
// and no ratio to the baseline in its row, and each part's milliseconds on a line of its own, in
// name order; and that a step's CPU time is in its row.
func TestWriteTable(t *testing.T) {
	ratio := 2.5
	rep := Report{Database: "postgres", Rows: 10, Baseline: "psql", Results: []Result{
		{Step: StepImportCSV, Rows: 10, Seconds: 2, CPUSeconds: 1.25, RowsPerSec: 5, PeakMB: 40, CopyRatio: &ratio},
		{Step: StepGrid, Rows: 10, Seconds: 0.06, PeakMB: 30,
			Parts: map[string]float64{PartFirstPage: 0.047, PartErrorsOnly: 0.013, PartEdit: 0.061}},
	}}
	var b strings.Builder
	if err := WriteTable(&b, rep); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"import-csv           10      2.00    1.25          5       40     2.5\n",
		"grid                 10      0.06       —          —       30       —\n",
		"grid, edit + validate: 61 ms\ngrid, errors only: 13 ms\ngrid, first page: 47 ms\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the table lacks %q:\n%s", want, out)
		}
	}
}
