package importer

import (
	"context"
	"errors"
	"io"
	"sync"

	"github.com/clientele/clientele/customer"
)

// checkChunks reads r's rows in chunks, checks each with ck and calls each with every checked
// chunk, in file order, until the file ends (nil), a row cannot be read, a lookup fails or each
// returns an error (that error).
//
// The chunks go through three stages at once, so that on two cores the file's reading
// (unzipping and parsing XML, for an xlsx), the rows' preparing (normalising their cells: CPU)
// and the lookups of their keys (the database's work: against a million stored customers, most
// of a dry run) overlap. The reader reads the next chunk; matchWorkers goroutines each prepare a
// chunk and look up its customers (checker.match), two chunks at a time; the calling goroutine
// takes the chunks back in file order, classifies each against the rows before it and hands it
// to each. A dry run of 100,000 rows against 1,000,000 stored customers on PostgreSQL took
// 2.47 s with one chunk checked at a time, 1.71 s so.
func (im *Importer) checkChunks(ctx context.Context, ck *checker, r rowSource, each func(chunk []customer.StagedRow) error) error {
	var wg sync.WaitGroup
	stop := make(chan struct{})
	chunks := make(chan []customer.StagedRow, 1)
	readErr := make(chan error, 1)
	wg.Go(func() {
		defer close(chunks)
		readErr <- readChunks(r, im.chunk(), chunks, stop)
	})
	type job struct {
		rows    []customer.StagedRow
		checked []*customer.Checked
		m       matched
		err     error
		done    chan struct{} // closed when checked, m and err are set
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
				j.checked = prepare(ck.rulesNow(), j.rows)
				j.m, j.err = ck.match(ctx, im.Store, j.checked, nil)
				close(j.done)
			}
		})
	}
	// However the checks end, the stages are told to stop and waited for, so that the reader
	// never reads r after checkChunks has returned (and its caller closed r).
	defer func() {
		close(stop)
		wg.Wait()
	}()

	for j := range order {
		<-j.done
		if j.err != nil {
			return j.err
		}
		ck.classify(j.rows, j.checked, j.m)
		if err := each(j.rows); err != nil {
			return err
		}
	}
	return <-readErr
}

// matchWorkers is how many chunks of a file are prepared and looked up at once: two keep the
// database busy on one chunk's lookups while the next is prepared.
const matchWorkers = 2

// readChunks reads r's rows into chunks of size rows and sends each to out, until the file ends
// (nil), a row cannot be read (its error) or stop is closed (nil: the receiver has stopped).
func readChunks(r rowSource, size int, out chan<- []customer.StagedRow, stop <-chan struct{}) error {
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
