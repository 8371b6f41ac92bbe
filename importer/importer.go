package importer

import (
	"time"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/sheet"
)

// lookupBatch is how many rows' keys go into one store lookup: large enough that 100,000 rows
// take 100 queries, small enough for SQLite's parameter limit.
const lookupBatch = 1000

// Importer runs imports against a Store.
type Importer struct {
	Store  Store
	Limits sheet.Limits     // what reading one file may cost
	Now    func() time.Time // the clock; nil means time.Now
	// Chunk is how many rows are checked and stored at a time (0: checkChunk). Tests set it low
	// to put chunk boundaries between rows that must be compared with each other.
	Chunk int
	// TempDir is where Stage keeps a file's rows between reading and checking them, and a job
	// the uploaded file it reads ("" for the system's temporary folder).
	TempDir string
	// KeepMapping is how long an upload waits in state mapping for its columns to be mapped
	// before it expires (0: a day).
	KeepMapping time.Duration
	// OnRows, when set, is told of rows a job read, checked or committed, as they are: for the
	// server's metrics.
	OnRows func(phase Phase, rows int)
}

func (im *Importer) chunk() int {
	if im.Chunk > 0 {
		return im.Chunk
	}
	return checkChunk
}

// Phase names a step of a long operation, for progress reports.
type Phase string

// The phases a progress callback sees.
const (
	PhaseRead   Phase = "reading"
	PhaseCheck  Phase = "checking"
	PhaseStage  Phase = "staging"
	PhaseCommit Phase = "committing"
	PhaseUndo   Phase = "undoing"
)

// Progress is called during long operations with the phase, the rows done and the rows in all
// (0 when not yet known). It must be cheap; it is called every few thousand rows.
type Progress func(phase Phase, done, total int)

// StageOptions describe a file being staged.
type StageOptions struct {
	Mode     customer.Mode
	FileName string   // the name the user gave the file (never used as a path)
	User     string   // who stages it
	ImportID int64    // when not 0, replace the rows of this staged import instead of creating one
	Progress Progress // optional
	// Map maps the file's headers to fields by hand, over recognition (sheet.Options.Map): a
	// mapping the user confirmed in the web's mapping step, or the CLI's --map.
	Map map[string]string
	// Defaults fill the blank cells of every row (sheet.Options.Defaults), checked with
	// sheet.CheckDefaults; the staged import keeps them (Import.Defaults).
	Defaults customer.Defaults
	// Opened, when set, is told how the file's header was read — the platform it was recognised
	// as ("" for none) and what each column became — once the file is open, before its rows are
	// read: the CLI prints it without opening the file a second time.
	Opened func(source string, mapping []sheet.ColumnMapping)
	// Note, when set, is a warning on the whole file that the staged import carries first among
	// its warnings: the web's note that a saved column mapping was used. It is set before the
	// import is first saved, so no one sees the import staged without it.
	Note string
}

func (im *Importer) now() time.Time {
	if im.Now != nil {
		return im.Now()
	}
	return time.Now()
}

// Rules returns the row rules for a tenant.
func (im *Importer) Rules(t customer.Tenant) customer.Rules {
	return customer.Rules{Country: t.Country, Language: t.Language, Today: im.now()}
}
