package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
)

// undoReport is the --json report of undo: part of the CLI contract. Fields are only ever added.
// In a preview (--preview) Done is false and the counts say what undo would do.
type undoReport struct {
	ImportID      int64                   `json:"import_id"`
	File          string                  `json:"file"`
	State         customer.State          `json:"state"`
	Done          bool                    `json:"done"`
	Force         bool                    `json:"force"`
	Deleted       int                     `json:"deleted"`
	Restored      int                     `json:"restored"`
	ConflictsKept int                     `json:"conflicts_kept"`
	Conflicts     []customer.UndoConflict `json:"conflicts"`
}

const undoUsage = "undo IMPORT_ID|--last [--yes] [--force] [--preview] [--json]"

func cmdUndo(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "undo", undoUsage)
	last := fs.Bool("last", false, "undo the newest committed import that is not undone yet")
	yes := fs.Bool("yes", false, "undo without asking")
	force := fs.Bool("force", false, "undo the conflicting customers too: delete or overwrite customers changed since the import")
	preview := fs.Bool("preview", false, "print what undo would do; change nothing")
	asJSON := fs.Bool("json", false, "print the report as JSON on stdout")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	switch {
	case *last && len(pos) > 0:
		return usagef("give an import id or --last, not both: clientele %s", undoUsage)
	case !*last && len(pos) != 1:
		return usagef("undo takes one import id, or --last: clientele %s", undoUsage)
	}
	var id int64
	if !*last {
		if id, err = strconv.ParseInt(pos[0], 10, 64); err != nil || id <= 0 {
			return usagef("import id must be a number, not %q", pos[0])
		}
	}

	s, t, who, err := e.openAs(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	im := e.importer(s)
	if *last {
		imp, err := im.LastUndoable(ctx, t)
		if err != nil {
			return err
		}
		id = imp.ID
	}
	imp, err := im.Import(ctx, t, id)
	if err != nil {
		return err
	}
	// Human text goes to stderr with --json, so stdout holds only the report.
	out := e.stdout
	if *asJSON {
		out = e.stderr
	}
	if *yes && !*preview {
		// No question to ask: undo at once rather than plan twice (a plan reads every customer
		// the import wrote).
		rep, err := im.Undo(ctx, t, id, who, importer.UndoOptions{Force: *force})
		if err != nil {
			return err
		}
		printConflicts(out, rep.Conflicts, rep.Force)
		printUndone(out, imp, rep)
		return finishUndo(e, *asJSON, imp, rep)
	}
	plan, err := im.PreviewUndo(ctx, t, id)
	if err != nil {
		return err
	}
	plan.Force = *force
	if plan.State == customer.StateUndone {
		fmt.Fprintf(out, "Import %d (%s) was undone already; nothing to do.\n", imp.ID, imp.FileName)
		return finishUndo(e, *asJSON, imp, plan)
	}
	printUndoPreview(out, imp, plan)
	switch {
	case *preview:
		fmt.Fprintln(out, "Preview: nothing was changed.")
		return finishUndo(e, *asJSON, imp, plan)
	case !isTerminal(e.stdin):
		return usagef("nothing was undone: not asked on a terminal; run again with --yes to undo import %d", imp.ID)
	case !ask(e.stdin, out, undoQuestion(plan)):
		fmt.Fprintln(out, "Nothing was undone.")
		return finishUndo(e, *asJSON, imp, customer.UndoReport{ImportID: imp.ID, State: imp.State})
	}
	rep, err := im.Undo(ctx, t, id, who, importer.UndoOptions{Force: *force})
	if err != nil {
		return err
	}
	printUndone(out, imp, rep)
	return finishUndo(e, *asJSON, imp, rep)
}

func undoQuestion(r customer.UndoReport) string {
	q := fmt.Sprintf("Delete %d customers and put back %d? ", r.Delete, r.Restore)
	if k := r.Kept(); k > 0 {
		q += fmt.Sprintf("(%d conflicting customers stay as they are) ", k)
	}
	return q + "[y/N] "
}

// printUndoPreview prints what undo will do, and why conflicts are left alone.
func printUndoPreview(w io.Writer, imp customer.Import, r customer.UndoReport) {
	fmt.Fprintf(w, "Import %d (%s, committed %s by %s):\n", imp.ID, imp.FileName, when(imp.ConfirmedAt), who(imp.ConfirmedBy))
	fmt.Fprintf(w, "  delete %d created customers · put back %d updated customers · %d conflicts\n", r.Delete, r.Restore, len(r.Conflicts))
	printConflicts(w, r.Conflicts, r.Force)
	fmt.Fprintln(w, wrap(customer.UndoExplanation, 96))
}

// maxConflictsShown is how many conflicts the human text lists; --json has them all.
const maxConflictsShown = 20

func printConflicts(w io.Writer, cs []customer.UndoConflict, force bool) {
	if len(cs) == 0 {
		return
	}
	fmt.Fprintln(w, "Conflicts (changed since the import):")
	for i, c := range cs {
		if i == maxConflictsShown {
			fmt.Fprintf(w, "  … and %d more (use --json for all)\n", len(cs)-i)
			return
		}
		fmt.Fprintf(w, "  %s %s (customer %d): %s; %s\n", c.Account, c.Name, c.CustomerID, conflictReason(c), conflictOutcome(c, force))
	}
}

func conflictReason(c customer.UndoConflict) string {
	switch c.Reason {
	case customer.ConflictDeleted:
		return "deleted since"
	case customer.ConflictKeyTaken:
		return "its old account number, email, mobile or name and postcode belong to another customer now"
	}
	return "changed since: " + strings.Join(c.Fields, ", ")
}

func conflictOutcome(c customer.UndoConflict, force bool) string {
	switch {
	case c.Forced || (force && c.Forceable):
		if c.Created {
			return "deleted anyway (--force)"
		}
		return "put back anyway (--force)"
	case c.Forceable:
		return "left as it is (--force undoes it too)"
	}
	return "left as it is"
}

func printUndone(w io.Writer, imp customer.Import, r customer.UndoReport) {
	if !r.Done {
		fmt.Fprintf(w, "Import %d was undone already; nothing changed.\n", imp.ID)
		return
	}
	fmt.Fprintf(w, "Import %d undone: %d customers deleted, %d put back; %d conflicts left as they are.\n",
		imp.ID, r.Delete, r.Restore, r.Kept())
}

func finishUndo(e *env, asJSON bool, imp customer.Import, r customer.UndoReport) error {
	if !asJSON {
		return nil
	}
	out := undoReport{ImportID: imp.ID, File: imp.FileName, State: r.State, Done: r.Done, Force: r.Force,
		Deleted: r.Delete, Restored: r.Restore, ConflictsKept: r.Kept(), Conflicts: r.Conflicts}
	if out.Conflicts == nil {
		out.Conflicts = []customer.UndoConflict{}
	}
	return writeJSON(e.stdout, out)
}

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	return bw.Flush()
}

// wrap breaks text into lines of at most width characters, at spaces.
func wrap(text string, width int) string {
	var b strings.Builder
	n := 0
	for i, word := range strings.Fields(text) {
		if i > 0 && n+1+len([]rune(word)) > width {
			b.WriteByte('\n')
			n = 0
		} else if i > 0 {
			b.WriteByte(' ')
			n++
		}
		b.WriteString(word)
		n += len([]rune(word))
	}
	return b.String()
}
