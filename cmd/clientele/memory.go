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
// to twice the live heap before collecting. Telling the collector the budget keeps the process
// near it for a few percent more CPU. It is a soft limit: a file whose rows need more is still
// imported, with more collecting.
const importHeapBudget = 200 << 20

// importGCPercent is the collector's pacing (GOGC) under the budget. With the budget as the cap,
// collecting at every doubling of a small live heap is CPU spent to stay far below it; 200
// collects half as often and still keeps a 100,000-row import under the budget, where 400 goes
// past it. A million-row import is paced by the budget either way.
const importGCPercent = 200

// budgetImportMemory sets the process's soft memory limit to importHeapBudget, and the
// collector's pacing to importGCPercent unless GOGC chose one, when the user has not chosen a
// limit with GOMEMLIMIT (then both are left alone: a higher GOGC needs a limit to stop it). Only
// the commands that import call it: the server runs several imports and other requests at once,
// and is sized by whoever runs it (GOMEMLIMIT, GOGC).
func budgetImportMemory() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(importHeapBudget)
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(importGCPercent)
	}
}
