package importer

import (
	"errors"
	"io"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/sheet"
)

// dateGate is the dry run's row source. It hands the file's rows on as they are read, so that
// the checks go on while the file is read (checkChunks), except that at the first date of birth
// that reads otherwise in the other order (05/06/1990) it reads ahead, into a spool, until the
// column's order is decided (a date that can only be day first) or the file ends, and sets that
// order on the checker before the row goes on. The rows before it read alike in either order. So
// the dry run reads the dates as Stage does, from the whole column (readFile), without Stage's
// reading of the whole file first: that cost the dry run a fifth of its time, and a file with
// European dates is decided at its first day after the 12th.
type dateGate struct {
	r       rowSource
	ck      *checker
	tempDir string
	dates   customer.DateEvidence
	decided bool
	spool   *rowSpool    // the rows read ahead, until they are handed on
	ahead   *spoolReader // reads them back
}

// Next returns the file's next row.
func (g *dateGate) Next() (sheet.Row, error) {
	if g.ahead != nil {
		row, err := g.ahead.Next()
		if !errors.Is(err, io.EOF) {
			return row, err
		}
		g.ahead = nil
		g.close()
	}
	row, err := g.r.Next()
	if err != nil || g.decided || !g.dates.Add(row.Values[customer.FBirthDate]) {
		return row, err
	}
	if err := g.readAhead(&row); err != nil {
		return sheet.Row{}, err
	}
	return g.Next()
}

// readAhead spools first and the rows after it until the order is decided or the file ends, sets
// the order, and leaves the spooled rows for Next.
func (g *dateGate) readAhead(first *sheet.Row) error {
	spool, err := newRowSpool(g.tempDir)
	if err != nil {
		return err
	}
	g.spool = spool
	if err := spool.add(first); err != nil {
		return err
	}
	for !g.dates.Decided() {
		row, err := g.r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if err := spool.add(&row); err != nil {
			return err
		}
		g.dates.Add(row.Values[customer.FBirthDate])
	}
	g.decided = true
	g.ck.setOrder(g.dates.Order())
	g.ahead, err = spool.reader()
	return err
}

// order is the order of the file's dates of birth, once it has been read to its end.
func (g *dateGate) order() customer.DateOrder { return g.dates.Order() }

// close removes the spool, if any.
func (g *dateGate) close() {
	if g.spool != nil {
		g.spool.close()
		g.spool = nil
	}
}
