package importer

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/sheet"
)

// checker checks the rows of one file (or of one import's staged rows) chunk by chunk, in file
// order: each chunk against the customers stored when it is checked and against the rows of the
// chunks before it.
type checker struct {
	t     customer.Tenant
	mode  customer.Mode
	rules customer.Rules // DateOrder aside: see monthFirst
	// monthFirst is the order of the file's dates of birth, which the dry run learns as it
	// reads (dateGate) while earlier chunks are being prepared; those hold no date the order
	// changes, so they read alike either way. rulesNow gives the rules with it.
	monthFirst atomic.Bool
	file       *customer.FileKeys
	// The stored customers a confirm has written in earlier chunks, and the import whose
	// revisions say what the updated ones were before. Later chunks are checked against the
	// customers as they were before the confirm, as when the file is checked at once: a row
	// repeating an earlier row's key is that row's duplicate, and is not matched to, or compared
	// with, what the earlier row made of a customer.
	created, updated idSet
	importID         int64
	// unchanged says that the stored customers are those the rows were last checked against
	// (the import's CheckedVersion is the tenant's customers version): a row that was new and
	// has not been edited since can match no stored customer, and its keys are not looked up.
	unchanged bool
	// none says that the tenant had no customer when the run began (begin), after the version
	// the run is checked at was read: every lookup would find nothing, or (in a confirm) only
	// customers the run created, which asBefore leaves out, so none is made. A write between
	// that read and begin is one a confirm sees by the version and re-checks all rows for.
	// That is a new shop's first import: 100 lookups of 1,000 rows each for 100,000 rows,
	// ~1.3 s of a dry run's 1.3 s on PostgreSQL.
	none bool
	// kinds, when set, are the only kinds of key whose duplicates in the file classify looks for;
	// for the others each row keeps those it had, dups (by row number: its duplicate_in_file
	// errors as of its last check). For rows whose edits changed keys of those kinds only
	// (validateKinds).
	kinds *customer.KeyKinds
	dups  map[int][]customer.Problem
	// dupes indexes the rows checked so far for the possible-duplicate check (duplicates.go).
	dupes *fileDupes
	// choices are what the user chose for rows with a possible duplicate, by row number
	// (loadChoices; nil for a file not staged yet).
	choices map[int]customer.DuplicateChoice
	// keepDupes says that the rows' possible duplicates are those of their last check: no row was
	// edited since and the stored customers did not change (unchanged). A re-check then keeps
	// each row's possible_duplicate warning rather than comparing every row again, which was
	// most of what detection added to a confirm.
	keepDupes bool
	// fileDupes, when set, holds for each row its possible_duplicate warning naming another row
	// of the file as of its last check, which warnDupes keeps instead of looking among the rows
	// checked (validateKinds: the names it compares are as they were).
	fileDupes map[int]customer.Problem
}

// begin readies ck for a run over q: it asks whether the tenant has customers to look up.
func (ck *checker) begin(ctx context.Context, q lookups) error {
	has, err := q.HasCustomers(ctx, ck.t.ID)
	ck.none = !has
	if err != nil {
		return err
	}
	return ck.loadChoices(ctx, q, ck.importID)
}

// loadChoices reads the choices made for the rows of the import importID with possible
// duplicates (none for 0: a file not staged).
func (ck *checker) loadChoices(ctx context.Context, q lookups, importID int64) error {
	if importID == 0 {
		return nil
	}
	var err error
	ck.choices, err = q.DuplicateChoices(ctx, importID)
	return err
}

// newChecker returns the checker of a file or import of about rows rows (0 when not known; it
// sizes the memory of the file's keys) whose dates of birth are in order, in the import importID
// (0 when the checker writes no customers).
func (im *Importer) newChecker(t customer.Tenant, mode customer.Mode, order customer.DateOrder, rows int, importID int64) *checker {
	ck := &checker{t: t, mode: mode, rules: im.Rules(t), file: customer.NewFileKeysFor(rows), importID: importID, dupes: newFileDupes()}
	ck.setOrder(order)
	return ck
}

// setOrder sets the order of the dates of birth of the rows checked from now on.
func (ck *checker) setOrder(order customer.DateOrder) {
	ck.monthFirst.Store(order == customer.MonthFirst)
}

// rulesNow returns the rules the next rows are prepared by.
func (ck *checker) rulesNow() customer.Rules {
	r := ck.rules
	if ck.monthFirst.Load() {
		r.DateOrder = customer.MonthFirst
	}
	return r
}

// asBefore turns the customers a lookup found into what they were before the run wrote any:
// created ones are left out and updated ones put back as they were, from the run's revisions.
// Only a row repeating a key of an earlier row, or colliding with what one wrote, meets a
// customer the run updated, so the revisions are read rarely, and never held.
func (ck *checker) asBefore(ctx context.Context, q lookups, cs []customer.Customer) ([]customer.Customer, error) {
	if ck.created.len() == 0 && ck.updated.len() == 0 {
		return cs, nil
	}
	out := cs[:0]
	var updated []int64
	for _, c := range cs {
		switch {
		case ck.created.has(c.ID):
		case ck.updated.has(c.ID):
			updated = append(updated, c.ID)
			out = append(out, c)
		default:
			out = append(out, c)
		}
	}
	if len(updated) == 0 {
		return out, nil
	}
	revs, err := q.RevisionsOf(ctx, ck.importID, updated)
	if err != nil {
		return nil, err
	}
	// The first revision of a customer has it as it was before the run.
	first := make(map[int64]*customer.Revision, len(updated))
	for i := range revs {
		if r := &revs[i]; !r.Created && first[r.CustomerID] == nil {
			first[r.CustomerID] = r
		}
	}
	for i := range out {
		if r := first[out[i].ID]; r != nil {
			out[i].Values, out[i].UpdatedAt = r.Before, r.BeforeUpdatedAt
		} else if ck.updated.has(out[i].ID) {
			return nil, fmt.Errorf("import %d updated customer %d but recorded no revision of it", ck.importID, out[i].ID)
		}
	}
	return out, nil
}

// idSet is a set of customer IDs: a sorted slice, 8 bytes an ID, where a map took 20 to 40
// (a million created customers: 8 MB against up to 40).
type idSet struct{ ids []int64 }

func (s *idSet) len() int { return len(s.ids) }

func (s *idSet) has(id int64) bool {
	_, ok := slices.BinarySearch(s.ids, id)
	return ok
}

// add adds ids, in any order and repeated or not. IDs come from a sequence, so a chunk's new IDs
// are usually all above the set's: they are then appended, and only otherwise is the set sorted.
func (s *idSet) add(ids []int64) {
	slices.Sort(ids)
	ids = slices.Compact(ids)
	ids = slices.DeleteFunc(ids, s.has)
	if len(ids) == 0 {
		return
	}
	n := len(s.ids)
	s.ids = append(s.ids, ids...)
	if n > 0 && ids[0] < s.ids[n-1] {
		slices.Sort(s.ids)
	}
}

// check runs every check on rows, all of them at once, against the customers q holds and each
// other (see checker.check).
func (im *Importer) check(ctx context.Context, q lookups, t customer.Tenant, imp customer.Import, rows []customer.StagedRow) ([]*customer.Checked, error) {
	ck := im.newChecker(t, imp.Mode, imp.DateOrder, len(rows), 0)
	if err := ck.loadChoices(ctx, q, imp.ID); err != nil {
		return nil, err
	}
	return ck.check(ctx, q, rows)
}

// check runs every check on rows, the file's next chunk, against the customers q holds and the
// rows checked before, and sets each row's status, errors, warnings, matched customer, changes
// and keys, and clears its Edited flag. It returns the checked rows, whose merged values are what
// committing writes.
func (ck *checker) check(ctx context.Context, q lookups, rows []customer.StagedRow) ([]*customer.Checked, error) {
	return ck.checkPrepared(ctx, q, rows, prepare(ck.rulesNow(), rows))
}

// checkPrepared is check for rows already through prepare (checked). Skipped rows take no part:
// they match no customer and are no other row's duplicate.
func (ck *checker) checkPrepared(ctx context.Context, q lookups, rows []customer.StagedRow, checked []*customer.Checked) ([]*customer.Checked, error) {
	if slices.ContainsFunc(rows, func(r customer.StagedRow) bool { return r.Skipped }) {
		return ck.checkSkipping(ctx, q, rows, checked)
	}
	var known []bool
	if ck.unchanged {
		known = make([]bool, len(rows))
		for i := range rows {
			known[i] = rows[i].Status == customer.StatusNew && !rows[i].Edited
		}
	}
	m, err := ck.match(ctx, q, checked, known)
	if err != nil {
		return nil, err
	}
	ck.classify(rows, checked, m)
	return checked, nil
}

// checkSkipping is checkPrepared for rows some of which are skipped: the others are checked, in
// order, and the skipped ones get StatusSkipped and nothing else (and their Checked too, so that
// a confirm writes nothing of them).
func (ck *checker) checkSkipping(ctx context.Context, q lookups, rows []customer.StagedRow, checked []*customer.Checked) ([]*customer.Checked, error) {
	var keep []int
	for i := range rows {
		if !rows[i].Skipped {
			keep = append(keep, i)
			continue
		}
		r := &rows[i]
		r.Status, r.Errors, r.Warnings, r.Changes = customer.StatusSkipped, nil, nil, nil
		r.Keys, r.Edited, r.CustomerID = customer.Keys{}, false, 0
		c := checked[i]
		c.Status, c.Errors, c.Warnings, c.Changes, c.Match = customer.StatusSkipped, nil, nil, nil, nil
	}
	if len(keep) == 0 {
		return checked, nil
	}
	sub := make([]customer.StagedRow, len(keep))
	subChecked := make([]*customer.Checked, len(keep))
	for j, i := range keep {
		sub[j], subChecked[j] = rows[i], checked[i]
	}
	if _, err := ck.checkPrepared(ctx, q, sub, subChecked); err != nil {
		return nil, err
	}
	for j, i := range keep {
		rows[i] = sub[j]
	}
	return checked, nil
}

// matched is what checker.match found for a chunk: the stored customers its rows can match or
// collide with, and its rows' likely duplicates among the stored customers.
type matched struct {
	x     *customer.Index
	dupes *chunkDupes
}

// match looks up the stored customers that prepared rows can match or collide with, and
// resolves each row against them (the customer it updates, its merged values); then it looks for
// the rows' possible duplicates among the stored customers (storedDupes). The keys of a row
// known (known[i]; known may be nil) to match no stored customer are not looked up. It reads the
// checker and changes only the rows, so that the chunks of a file are matched two at a time;
// classify must then take them in file order.
func (ck *checker) match(ctx context.Context, q lookups, checked []*customer.Checked, known []bool) (matched, error) {
	// Two lookups: first the customers the rows' own keys can match, then those that the merged
	// values (a row's cells over the customer it updates) can collide with.
	x := customer.NewIndex()
	seen := map[customer.Keys]bool{}
	keys := func(of func(c *customer.Checked) customer.Keys) func(i int, c *customer.Checked) customer.Keys {
		return func(i int, c *customer.Checked) customer.Keys {
			if known != nil && known[i] {
				return customer.Keys{}
			}
			return of(c)
		}
	}
	if err := ck.lookup(ctx, q, x, seen, checked, keys(func(c *customer.Checked) customer.Keys { return c.NormKeys })); err != nil {
		return matched{}, err
	}
	targets, err := ck.mergeTargets(ctx, q, x, checked)
	if err != nil {
		return matched{}, err
	}
	for _, c := range checked {
		if t := targets[c.Row]; t != nil {
			ck.rules.ResolveInto(c, t)
		} else {
			ck.rules.Resolve(ck.mode, c, x)
		}
	}
	if err := ck.lookup(ctx, q, x, seen, checked, keys(func(c *customer.Checked) customer.Keys { return c.Keys })); err != nil {
		return matched{}, err
	}
	if ck.keepDupes {
		return matched{x: x}, nil
	}
	d, err := ck.storedDupes(ctx, q, checked)
	if err != nil {
		return matched{}, err
	}
	return matched{x, d}, nil
}

// mergeTargets returns the stored customers that rows of the chunk were chosen to merge into
// (as they were before the run), by row number, and adds them to x. A row whose customer is gone
// is checked as if nothing was chosen.
func (ck *checker) mergeTargets(ctx context.Context, q lookups, x *customer.Index, checked []*customer.Checked) (map[int]*customer.Customer, error) {
	var ids []int64
	for _, c := range checked {
		if id := ck.choices[c.Row].MergeInto; id != 0 {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	cs, err := q.CustomersByID(ctx, ck.t.ID, ids)
	if err == nil {
		cs, err = ck.asBefore(ctx, q, cs)
	}
	if err != nil {
		return nil, err
	}
	x.Add(cs...)
	byID := make(map[int64]*customer.Customer, len(cs))
	for i := range cs {
		byID[cs[i].ID] = &cs[i]
	}
	out := map[int]*customer.Customer{}
	for _, c := range checked {
		if t := byID[ck.choices[c.Row].MergeInto]; t != nil {
			out[c.Row] = t
		}
	}
	return out, nil
}

// classify checks matched rows (match's m) against the rows of the file before them, in file
// order, and sets each row's outcome.
func (ck *checker) classify(rows []customer.StagedRow, checked []*customer.Checked, m matched) {
	if ck.kinds != nil {
		dups := make([][]customer.Problem, len(checked))
		for i, c := range checked {
			dups[i] = ck.dups[c.Row]
		}
		ck.file.ClassifyKinds(checked, m.x, *ck.kinds, dups)
	} else {
		ck.file.Classify(checked, m.x)
	}
	if ck.keepDupes {
		for i, c := range checked {
			for _, p := range rows[i].Warnings {
				if p.Code == customer.WarnPossibleDuplicate {
					c.Warnings = append(c.Warnings, p)
				}
			}
		}
	} else {
		ck.warnDupes(checked, m.dupes)
	}
	for _, c := range checked {
		if ck.choices[c.Row].Keep {
			c.Warnings = customer.DropDuplicateWarning(c.Warnings)
		}
	}
	for i, c := range checked {
		r := &rows[i]
		// What reading the file did to an unedited row (a name split, a birthday without a year)
		// stays said; the rules cannot find it again from the values.
		var read []customer.Problem
		for _, p := range r.Warnings {
			if !r.Edited && sheet.IsReadWarning(p.Code) {
				read = append(read, p)
			}
		}
		r.Status, r.Errors, r.Warnings, r.Changes = c.Status, c.Errors, append(c.Warnings, read...), c.Changes
		r.Keys, r.Edited = c.Keys, false
		r.CustomerID = 0
		if c.Match != nil {
			r.CustomerID = c.Match.ID
		}
	}
}

// prepareBlock is how many rows a goroutine of prepare takes at a time: small enough that the
// goroutines finish together, large enough that taking a block costs nothing.
const prepareBlock = 512

// prepare runs Rules.PrepareInto on every row, on all the processors: normalising the cells (phone
// numbers above all) is most of checking's CPU, and each row's is independent of the others'.
// The rows are prepared into one slice, not one allocation per row.
func prepare(rules customer.Rules, rows []customer.StagedRow) []*customer.Checked {
	all := make([]customer.Checked, len(rows))
	checked := make([]*customer.Checked, len(rows))
	inBlocks(len(rows), func(i int) {
		rules.PrepareInto(&all[i], &rows[i])
		checked[i] = &all[i]
	})
	return checked
}

// inBlocks calls do for each of 0…n-1, in blocks of prepareBlock taken in turn by as many
// goroutines as there are cores (one for fewer than two blocks), and returns when all are done.
// do must touch nothing but what belongs to its i.
func inBlocks(n int, do func(i int)) {
	var next atomic.Int64
	work := func() {
		for {
			lo := int(next.Add(prepareBlock)) - prepareBlock
			if lo >= n {
				return
			}
			for i := lo; i < min(lo+prepareBlock, n); i++ {
				do(i)
			}
		}
	}
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), (n+prepareBlock-1)/prepareBlock) - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
}

// lookup adds to x every stored customer matching the keys of rows not looked up before, as it
// was before the run (asBefore).
func (ck *checker) lookup(ctx context.Context, q lookups, x *customer.Index, seen map[customer.Keys]bool,
	rows []*customer.Checked, keysOf func(int, *customer.Checked) customer.Keys) error {
	if ck.none {
		return nil
	}
	batch := make([]customer.Keys, 0, lookupBatch)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		cs, err := q.Customers(ctx, ck.t.ID, batch)
		if err != nil {
			return err
		}
		if cs, err = ck.asBefore(ctx, q, cs); err != nil {
			return err
		}
		x.Add(cs...)
		batch = batch[:0]
		return nil
	}
	for i, c := range rows {
		k := keysOf(i, c)
		if k == (customer.Keys{}) || seen[k] {
			continue
		}
		seen[k] = true
		batch = append(batch, k)
		if len(batch) == lookupBatch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}
