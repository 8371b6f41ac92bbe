package importer

import (
	"context"

	"github.com/clientele/clientele/customer"
)

// ChooseDuplicate records what the user chose for a staged row with a possible duplicate —
// c.MergeInto, a stored customer of the tenant the row is to update (its non-blank cells win,
// in a create-only import too), or c.Keep, the row stays new and its possible_duplicate warning
// goes — re-checks the import (Validate) and returns the row as now checked. The choice holds
// for every later check, Confirm's included, until the file is uploaded again; a merge is
// committed as the row's update, with its revision, and taken back by the import's undo.
//
// It fails with EInvalid unless exactly one of MergeInto and Keep is given, ENotFound when the
// import has no such row or the tenant no such customer, and EConflict when the import is not
// staged.
func (im *Importer) ChooseDuplicate(ctx context.Context, t customer.Tenant, importID int64, rowNum int, c customer.DuplicateChoice) (customer.StagedRow, error) {
	if (c.MergeInto != 0) == c.Keep || c.MergeInto < 0 {
		return customer.StagedRow{}, customer.Errorf(customer.EInvalid, `Choose either {"merge_into": customer id} or {"keep": true}.`)
	}
	err := im.Store.Commit(ctx, t.ID, func(q Queries) error {
		imp, err := q.Import(ctx, t.ID, importID)
		if err != nil {
			return err
		}
		if imp.State != customer.StateStaged {
			return customer.Errorf(customer.EConflict, "Import %d is %s; its rows can no longer be changed.", imp.ID, imp.State)
		}
		row, err := q.Row(ctx, importID, rowNum)
		if customer.ErrorCodeOf(err) == customer.ENotFound {
			return customer.Errorf(customer.ENotFound, "Import %d has no row %d.", importID, rowNum)
		}
		if err != nil {
			return err
		}
		if c.MergeInto != 0 {
			cs, err := q.CustomersByID(ctx, t.ID, []int64{c.MergeInto})
			if err != nil {
				return err
			}
			if len(cs) == 0 {
				return customer.Errorf(customer.ENotFound, "Customer %d not found.", c.MergeInto)
			}
		}
		if err := q.SetDuplicateChoice(ctx, importID, rowNum, c); err != nil {
			return err
		}
		// Edited: the next validate re-checks the row and the rows sharing its keys, as after an
		// edit of every field (a merge makes its keys the customer's; a kept row's warning goes).
		row.Edited, row.Touched = true, customer.TouchAll
		return q.SaveRows(ctx, importID, []customer.StagedRow{row})
	})
	if err != nil {
		return customer.StagedRow{}, err
	}
	if _, err := im.Validate(ctx, t, importID); err != nil {
		return customer.StagedRow{}, err
	}
	rows, _, err := im.Rows(ctx, t, importID, customer.RowFilter{Rows: []int{rowNum}}, 0, 1)
	if err != nil {
		return customer.StagedRow{}, err
	}
	if len(rows) == 0 {
		return customer.StagedRow{}, customer.Errorf(customer.ENotFound, "Import %d has no row %d.", importID, rowNum)
	}
	return rows[0], nil
}
