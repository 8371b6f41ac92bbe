package main

import (
	"os"
	"runtime/debug"
)

// importHeapBudget is the heap the CLI's import and confirm ask the garbage collector to stay
// under, unless GOMEMLIMIT sets another limit.
//
// An import streams (chunks of 5,000 rows, importer.checkChunk); what grows with the file is the
// in-file duplicate check's hash tables, pointer-free and about 80 MB for a million rows. The
// live heap of a million-row import stays near 150 MB, and Go's default pacing lets the heap grow
// to twice the live heap before collecting: 300 MB at its peak. Telling the collector the budget
// keeps the process near it for a few percent more CPU (a million-row CSV into PostgreSQL: peak
// RSS 298 MB without, 223 MB with; 94 s of CPU against 100 s). It is a soft limit: a file whose
// rows need more is still imported, with more collecting.
const importHeapBudget = 200 << 20

// budgetImportMemory sets the process's soft memory limit to importHeapBudget when the user has
// not chosen one with GOMEMLIMIT. Only the commands that import call it: the server runs
// several imports and other requests at once, and is sized by whoever runs it (GOMEMLIMIT).
func budgetImportMemory() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(importHeapBudget)
}
