package main

import (
	"runtime/debug"
	"testing"
)

// TestBudgetImportMemory: an import sets the heap budget and the collector's pacing unless
// GOMEMLIMIT chose a limit, which it then leaves alone with the pacing; GOGC keeps its pacing.
func TestBudgetImportMemory(t *testing.T) {
	was := debug.SetMemoryLimit(-1)
	wasGC := debug.SetGCPercent(100)
	t.Cleanup(func() { debug.SetMemoryLimit(was); debug.SetGCPercent(wasGC) })
	for _, tc := range []struct {
		memlimit, gogc string
		limit          int64
		percent        int
	}{
		{"", "", importHeapBudget, importGCPercent},
		{"", "50", importHeapBudget, 77}, // the pacing the runtime took from GOGC, stood in for here
		{"1GiB", "", 123 << 20, 77},      // the limit the runtime took from GOMEMLIMIT, likewise
	} {
		debug.SetMemoryLimit(123 << 20)
		debug.SetGCPercent(77)
		t.Setenv("GOMEMLIMIT", tc.memlimit)
		t.Setenv("GOGC", tc.gogc)
		budgetImportMemory()
		if got := debug.SetMemoryLimit(-1); got != tc.limit {
			t.Errorf("GOMEMLIMIT=%q GOGC=%q: limit %d, want %d", tc.memlimit, tc.gogc, got, tc.limit)
		}
		if got := debug.SetGCPercent(77); got != tc.percent {
			t.Errorf("GOMEMLIMIT=%q GOGC=%q: GC percent %d, want %d", tc.memlimit, tc.gogc, got, tc.percent)
		}
	}
}
