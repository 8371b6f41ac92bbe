package importer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync/atomic"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/sheet"
)

// Stage reads the file at path, checks every row against the tenant's customers and the rest of
// the file, and stores the rows in an import: a new one, or the import opt.ImportID, which must
// be in state checking (Upload, Reupload and MapColumns put it there). A file that cannot be
// read is a *customer.Error with code EFile, and then nothing is staged. An import that left
// state checking meanwhile (discarded) keeps no rows, and Stage fails with EConflict.
func (im *Importer) Stage(ctx context.Context, t customer.Tenant, path string, opt StageOptions) (customer.Import, error) {
	// The file is read once, to its end, before anything is staged: that reading counts the rows
	// and finds what is wrong with the file itself, so that an unreadable file stages nothing and
	// the checks know the total and the order of the dates of birth. Its rows wait in a temporary
	// file (rowSpool) for the checks and the staging table, which take them a chunk at a time:
	// holding the whole file instead took about 5 KB a row, 5 GB for a million, and reading the
	// file a second time cost as much as the first (a 100,000-row xlsx in about a second, a CSV in
	// a quarter).
	f, err := im.readFile(path, &opt)
	if err != nil {
		return customer.Import{}, err
	}
	defer f.spool.close()
	total := f.total

	var imp customer.Import
	if opt.ImportID != 0 {
		// The import was put in state checking by the change that asked for this (state.go).
		imp, err = im.Store.Import(ctx, t.ID, opt.ImportID)
		if err != nil {
			return customer.Import{}, err
		}
		if imp.State != customer.StateChecking {
			return customer.Import{}, customer.Errorf(customer.EConflict, "Import %d is %s; only an import being checked takes its file's rows.", imp.ID, imp.State)
		}
		imp.Mode = opt.Mode
	} else {
		imp = customer.Import{TenantID: t.ID, Mode: opt.Mode, State: customer.StateChecking, CreatedBy: opt.User}
	}
	imp.FileName = filepath.Base(opt.FileName)
	imp.FileSHA256 = f.sha
	imp.Defaults = opt.Defaults
	imp.DateOrder = f.order
	imp.Warnings, imp.Notices = f.warnings, f.notices
	imp.Columns = f.columns
	if opt.Note != "" {
		imp.Warnings = append([]string{opt.Note}, imp.Warnings...)
	}
	// The rows are stored while the import says "checking", and it says "staged" only once they
	// are all there: nobody confirms, edits or shows a staged import with rows missing.
	if imp.ID == 0 {
		if err := im.Store.CreateImport(ctx, &imp); err != nil {
			return customer.Import{}, err
		}
	}
	// The customers version before the first lookup: a confirm that finds it unchanged knows
	// that the rows were checked against the customers it sees (unchangedSince).
	if imp.CheckedVersion, err = im.Store.CustomersVersion(ctx, t.ID); err != nil {
		return customer.Import{}, err
	}
	imp.Summary, err = im.stageRows(ctx, t, imp, f.spool, opt, total)
	if err != nil {
		return customer.Import{}, err
	}
	imp.State, imp.Failure, imp.FailureMsg, imp.Progress = customer.StateStaged, "", nil, customer.Progress{}
	err = im.Store.Commit(ctx, t.ID, func(q Queries) error {
		if err := q.SaveImport(ctx, imp, customer.StateChecking); err != nil {
			return err
		}
		if err := q.DeleteFile(ctx, imp.ID); err != nil {
			return err
		}
		return audit(ctx, q, opt.User, "import", imp, "")
	})
	if customer.ErrorCodeOf(err) == customer.EConflict {
		// Discarded (or failed) while it was being checked: its rows are nobody's.
		if derr := im.Store.DeleteRows(context.WithoutCancel(ctx), imp.ID); derr != nil {
			return customer.Import{}, fmt.Errorf("%w (and deleting its rows failed: %v)", err, derr)
		}
	}
	if err != nil {
		return customer.Import{}, err
	}
	if opt.Progress != nil {
		opt.Progress(PhaseStage, total, total)
	}
	return imp, nil
}

// openFile sets opt's defaults, hashes the file at path and opens it for reading, telling
// opt.Opened how its header was read.
func (im *Importer) openFile(path string, opt *StageOptions) (sha string, r *sheet.Reader, err error) {
	if opt.Mode == "" {
		opt.Mode = customer.ModeCreate
	}
	if sha, err = FileSHA256(path); err != nil {
		return "", nil, err
	}
	if r, err = sheet.OpenWith(path, im.Limits, sheet.Options{Map: opt.Map, Mode: opt.Mode, Defaults: opt.Defaults}); err != nil {
		return "", nil, err
	}
	if opt.Opened != nil {
		opt.Opened(r.Source(), r.Mapping())
	}
	return sha, r, nil
}

// fileRows is a file read to its end before any of its rows is checked: the rows, in a spool for
// the checks to read back, and what only the whole file tells.
type fileRows struct {
	sha      string // FileSHA256
	spool    *rowSpool
	total    int                // rows
	order    customer.DateOrder // of the dates of birth: only the whole column tells (customer.DateEvidence)
	warnings []string           // and notices: what the file had to say as a whole (fileNotices)
	notices  []customer.Notice
	columns  []customer.ColumnUse // what each column became (Import.Columns)
}

// readFile opens the file at path (openFile) and reads it to its end into a spool, the one
// reading of Stage and the dry run. The reader is closed when it returns: the checks read the
// spool, and what the reader holds (an xlsx's shared strings) can go. A file that cannot be read
// to its end is the reader's error, and nothing is kept. The caller closes the spool.
func (im *Importer) readFile(path string, opt *StageOptions) (*fileRows, error) {
	sha, r, err := im.openFile(path, opt)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	spool, err := newRowSpool(im.TempDir)
	if err != nil {
		return nil, err
	}
	var dates customer.DateEvidence
	total := 0
	for {
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err == nil {
			err = spool.add(&row)
		}
		if err != nil {
			spool.close()
			return nil, err
		}
		dates.Add(row.Values[customer.FBirthDate])
		total++
		if opt.Progress != nil && total%5000 == 0 {
			opt.Progress(PhaseRead, total, 0)
		}
	}
	if opt.Progress != nil {
		opt.Progress(PhaseRead, total, total)
	}
	f := &fileRows{sha: sha, spool: spool, total: total, order: dates.Order(), columns: columnUses(r.Mapping())}
	f.warnings, f.notices = fileNotices(r, f.order)
	return f, nil
}

// columnUses is what each column of a file became, as an import keeps it.
func columnUses(m []sheet.ColumnMapping) []customer.ColumnUse {
	out := make([]customer.ColumnUse, len(m))
	for i, c := range m {
		out[i] = customer.ColumnUse{Letter: c.Letter, Header: c.Header, Field: c.Field}
	}
	return out
}

// fileNotices returns what reading r (to its end) had to say about the file as a whole, first
// what it was recognised as when that is not our template: the user can then tell a file read as
// another platform's export (and transformed as such) from one in our template. A file whose
// dates of birth are read month first says so.
func fileNotices(r *sheet.Reader, order customer.DateOrder) ([]string, []customer.Notice) {
	warnings, notices := r.Warnings(), r.Notices()
	if order == customer.MonthFirst {
		n := customer.NewNotice("dates_month_first", nil)
		warnings = append(warnings, n.Message)
		notices = append(notices, n)
	}
	if src := r.Source(); src != "" && !sheet.OwnTemplate(src) {
		n := customer.NewNotice("warn_recognised", map[string]string{"source": src})
		warnings = append([]string{n.Message}, warnings...)
		notices = append([]customer.Notice{n}, notices...)
	}
	return warnings, notices
}

// checkChunk is how many rows are checked and stored at a time: enough that the lookups and
// the writes go in large batches, few enough that the chunks in flight (read, checked, being
// written) take a few tens of MB. Against 10,000, a 100,000-row import on PostgreSQL peaked at
// 125 MB instead of 180, in the same time.
const checkChunk = 5000

// stageRows reads the file's rows back from spool, checks them chunk by chunk and stores them as the
// import's rows in place of those it had, and returns their summary. The import must be in state
// checking meanwhile: its rows are written a chunk per transaction, and until it is saved as
// staged nobody may confirm, edit or show them.
//
// A chunk is stored while the next is read and checked: storing is mostly the database's work
// (seven indexes on the staging table), checking mostly ours, and on two cores the two overlap.
func (im *Importer) stageRows(ctx context.Context, t customer.Tenant, imp customer.Import, spool *rowSpool, opt StageOptions, total int) (customer.Summary, error) {
	r, err := spool.reader()
	if err != nil {
		return customer.Summary{}, err
	}
	if err := im.Store.DeleteRows(ctx, imp.ID); err != nil {
		return customer.Summary{}, err
	}
	// The writer stores the chunks it is sent, in order, and stops at its first error, which it
	// reports when puts is closed; the reader then stops at its next chunk.
	puts := make(chan []customer.StagedRow)
	stored := make(chan error, 1)
	var failed atomic.Bool
	go func() {
		var err error
		for chunk := range puts {
			if err == nil {
				if err = im.Store.AddRows(ctx, imp.ID, chunk); err != nil {
					failed.Store(true)
				}
			}
		}
		stored <- err
	}()
	sum, err := im.checkFile(ctx, t, imp, r, opt, total, puts, &failed)
	close(puts)
	if werr := <-stored; werr != nil {
		return customer.Summary{}, werr
	}
	if err != nil {
		return customer.Summary{}, err
	}
	return sum, nil
}

// checkFile checks r's rows chunk by chunk (checkChunks) and sends each checked chunk to puts,
// until the file ends or failed is set; it returns the rows' summary.
func (im *Importer) checkFile(ctx context.Context, t customer.Tenant, imp customer.Import, r rowSource, opt StageOptions,
	total int, puts chan<- []customer.StagedRow, failed *atomic.Bool) (customer.Summary, error) {
	ck := im.newChecker(t, imp.Mode, imp.DateOrder, total, imp.ID)
	if err := ck.begin(ctx, im.Store); err != nil {
		return customer.Summary{}, err
	}
	var sum customer.Summary
	errStored := errors.New("the writer failed")
	err := im.checkChunks(ctx, ck, r, func(chunk []customer.StagedRow) error {
		if failed.Load() {
			return errStored
		}
		for i := range chunk {
			sum.AddRow(&chunk[i])
		}
		if opt.Progress != nil {
			opt.Progress(PhaseCheck, sum.Rows, total)
		}
		puts <- chunk // the writer owns it now
		return nil
	})
	if errors.Is(err, errStored) || failed.Load() {
		return sum, nil // the writer's error is the one to report
	}
	if err != nil {
		return customer.Summary{}, err
	}
	if sum.Rows != total {
		// The spool gave back other rows than it was given: nothing of them may be staged.
		return customer.Summary{}, fmt.Errorf("stage: %d rows were read from the file, %d read back to check", total, sum.Rows)
	}
	return sum, nil
}

// FileSHA256 returns the hex SHA-256 of the file's bytes, as Stage records it in
// Import.FileSHA256. A file that cannot be read is an EFile error that wraps the cause, so
// errors.Is(err, fs.ErrNotExist) tells a missing file.
func FileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		e := customer.Errorf(customer.EFile, "Cannot open the file: %v.", errors.Unwrap(err))
		e.Err = err
		return "", e
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", customer.Errorf(customer.EFile, "Cannot read the file: %v.", err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
