package bench

import (
	"testing"
	"time"

	"github.com/clientele/clientele/customer"
)

// BenchmarkPrepare normalises and keys generated file rows as checking does (Rules.PrepareInto),
// one goroutine: the CPU each row costs before any lookup, paid when a file is checked and again
// when it is confirmed. The timings are reported, never asserted.
func BenchmarkPrepare(b *testing.B) {
	rows := NewGenerator(Seed).Rows(10000)
	staged := make([]customer.StagedRow, len(rows))
	for i := range rows {
		staged[i] = customer.StagedRow{Row: i + 2, Raw: rows[i].Values}
	}
	rules := customer.Rules{Country: "NO", Language: "en", Today: time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)}
	var c customer.Checked
	b.ReportAllocs()
	for b.Loop() {
		for i := range staged {
			rules.PrepareInto(&c, &staged[i])
		}
	}
	b.ReportMetric(float64(len(staged)*b.N)/b.Elapsed().Seconds(), "rows/s")
}
