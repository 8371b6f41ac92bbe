package importer

import (
	"context"
	"errors"
	"io"
	"path/filepath"
	"sync"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/sheet"
)

// Check is the dry run: it reads the file at path and checks every row exactly as Stage does —
// against the tenant's customers and the rest of the file, chunk by chunk — but stages nothing.
// Each checked row goes to fn, in file order, while the next chunk is read; an error from fn
// stops the run. When every row is checked the run is recorded, for the history and the audit
// log, as an import that was discarded at once, with the rows' summary and no rows.
//
// Staging is what a dry run does not need, and what cost most of it: a 100,000-row file took
// 5.3 s to stage and discard on PostgreSQL (storing the rows and the staging table's indexes),
// and the file was read twice, the first time only to count its rows. Check reads it once and
// keeps no row beyond the chunk in hand, so it needs neither the count nor the table. A file that
// cannot be read fails the run part way, and then nothing is recorded.
func (im *Importer) Check(ctx context.Context, t customer.Tenant, path string, opt StageOptions, fn func(*customer.StagedRow) error) (customer.Import, error) {
	if opt.Mode == "" {
		opt.Mode = customer.ModeCreate
	}
	sum, err := fileSHA256(path)
	if err != nil {
		return customer.Import{}, err
	}
	r, err := sheet.OpenWith(path, im.Limits, sheet.Options{Map: opt.Map})
	if err != nil {
		return customer.Import{}, err
	}
	defer r.Close()
	if opt.Opened != nil {
		opt.Opened(r.Source(), r.Mapping())
	}

	// The chunks go through three stages at once, so that on two cores the file's reading
	// (unzipping and parsing XML, for an xlsx), the rows' preparing (normalising their cells: CPU)
	// and the lookups of their keys (the database's work: against a million stored customers,
	// most of a dry run) overlap. The reader reads the next chunk; matchWorkers goroutines each
	// prepare a chunk and look up its customers, two chunks at a time; this goroutine takes the
	// chunks back in file order and classifies each against the rows before it.
	var wg sync.WaitGroup
	stop := make(chan struct{})
	chunks := make(chan []customer.StagedRow, 1)
	readErr := make(chan error, 1)
	wg.Go(func() {
		defer close(chunks)
		readErr <- readChunks(r, im.chunk(), chunks, stop)
	})
	ck := im.newChecker(t, opt.Mode, 0, 0)
	type job struct {
		rows    []customer.StagedRow
		checked []*customer.Checked
		x       *customer.Index
		err     error
		done    chan struct{} // closed when checked, x and err are set
	}
	order := make(chan *job, matchWorkers) // the jobs in file order, for this goroutine
	work := make(chan *job)                // the same jobs, for the workers
	wg.Go(func() {
		defer close(order)
		defer close(work)
		for rows := range chunks {
			j := &job{rows: rows, done: make(chan struct{})}
			select {
			case order <- j:
			case <-stop:
				return
			}
			select {
			case work <- j:
			case <-stop:
				return
			}
		}
	})
	for range matchWorkers {
		wg.Go(func() {
			for j := range work {
				j.checked = prepare(ck.rules, j.rows)
				j.x, j.err = ck.match(ctx, im.Store, j.checked)
				close(j.done)
			}
		})
	}
	// However the checks end, the stages are told to stop and waited for, so that the reader
	// never reads r after Check has closed it.
	defer func() {
		close(stop)
		wg.Wait()
	}()

	var s customer.Summary
	for j := range order {
		<-j.done
		if j.err != nil {
			return customer.Import{}, j.err
		}
		ck.classify(j.rows, j.checked, j.x)
		for i := range j.rows {
			s.Add(j.rows[i].Status)
			if err := fn(&j.rows[i]); err != nil {
				return customer.Import{}, err
			}
		}
		if opt.Progress != nil {
			opt.Progress(PhaseCheck, s.Rows, 0)
		}
	}
	if err := <-readErr; err != nil {
		return customer.Import{}, err
	}
	if opt.Progress != nil {
		opt.Progress(PhaseCheck, s.Rows, s.Rows)
	}

	imp := customer.Import{TenantID: t.ID, Mode: opt.Mode, State: customer.StateDiscarded, CreatedBy: opt.User,
		FileName: filepath.Base(opt.FileName), FileSHA256: sum, Summary: s}
	imp.Warnings, imp.Notices = fileNotices(r)
	if err := im.Store.CreateImport(ctx, &imp); err != nil {
		return customer.Import{}, err
	}
	if err := audit(ctx, im.Store, opt.User, "import", imp, ""); err != nil {
		return customer.Import{}, err
	}
	if err := audit(ctx, im.Store, opt.User, "discard", imp, ""); err != nil {
		return customer.Import{}, err
	}
	return imp, nil
}

// matchWorkers is how many chunks of a dry run are prepared and looked up at once: two keep the
// database busy on one chunk's lookups while the next is prepared.
const matchWorkers = 2

// readChunks reads r's rows into chunks of size rows and sends each to out, until the file ends
// (nil), a row cannot be read (its error) or stop is closed (nil: the receiver has stopped).
func readChunks(r *sheet.Reader, size int, out chan<- []customer.StagedRow, stop <-chan struct{}) error {
	chunk := make([]customer.StagedRow, 0, size)
	send := func() bool {
		select {
		case out <- chunk:
			chunk = make([]customer.StagedRow, 0, size)
			return true
		case <-stop:
			return false
		}
	}
	for {
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		chunk = append(chunk, customer.StagedRow{Row: row.Num, Raw: row.Values, Warnings: row.Warnings})
		if len(chunk) == size && !send() {
			return nil
		}
	}
	if len(chunk) > 0 {
		send()
	}
	return nil
}
