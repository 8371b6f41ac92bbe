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

// importGCPercent is the collector's pacing (GOGC) under the budget. With the budget as the cap,
// collecting at every doubling of a small live heap was CPU spent to stay far below it: a
// 100,000-row CSV into PostgreSQL, whose live heap is a few tens of MB, took 8.6-9.9 s at GOGC
// 100 (peak 134-137 MB), 8.3-8.4 s at 200 (168-169 MB) and 8.0-8.2 s at 400 (210-216 MB, past the
// budget). A million-row import is paced by the budget either way.
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
