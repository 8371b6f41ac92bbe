package main

import (
	"runtime/debug"
	"testing"
)

// TestBudgetImportMemory: an import sets the heap budget unless GOMEMLIMIT chose a limit, which
// it then leaves alone.
func TestBudgetImportMemory(t *testing.T) {
	was := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(was) })
	for _, tc := range []struct {
		env  string
		want int64
	}{
		{"", importHeapBudget},
		{"1GiB", 123 << 20}, // the limit the runtime took from GOMEMLIMIT, stood in for here
	} {
		debug.SetMemoryLimit(123 << 20)
		t.Setenv("GOMEMLIMIT", tc.env)
		budgetImportMemory()
		if got := debug.SetMemoryLimit(-1); got != tc.want {
			t.Errorf("GOMEMLIMIT=%q: limit %d, want %d", tc.env, got, tc.want)
		}
	}
}
