package importer

import (
	"context"
	"slices"
	"strings"

	"github.com/clientele/clientele/customer"
)

// EditRow changes cells of one staged row (by spreadsheet row number) from a map of field keys
// to new cell text. The row keeps its old status (and its keys as of its last check) until
// Validate re-checks the import, so that a user can edit several cells and re-check once; it is
// marked Edited, which is how Validate finds it. A cell edited to blank takes the import's
// default for its field, if it has one.
func (im *Importer) EditRow(ctx context.Context, t customer.Tenant, importID int64, rowNum int, cells map[string]string) (customer.StagedRow, error) {
	var unknown []string
	for k := range cells {
		if customer.FieldByKey(k) < 0 {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return customer.StagedRow{}, customer.Errorf(customer.EInvalid, "Unknown field %s.", strings.Join(unknown, ", "))
	}
	// Inside the tenant's commit lock: a confirm running at the same moment either commits
	// before the edit (which is then refused: the import is committed) or after it (and the
	// edit is in). A confirm never works from a version of the rows that an edit changes.
	var row customer.StagedRow
	err := im.Store.Commit(ctx, t.ID, func(q Queries) error {
		imp, err := q.Import(ctx, t.ID, importID)
		if err != nil {
			return err
		}
		if imp.State != customer.StateStaged {
			return customer.Errorf(customer.EConflict, "Import %d is %s; its rows can no longer be edited.", imp.ID, imp.State)
		}
		row, err = q.Row(ctx, importID, rowNum)
		if customer.ErrorCodeOf(err) == customer.ENotFound {
			return customer.Errorf(customer.ENotFound, "Import %d has no row %d.", importID, rowNum)
		}
		if err != nil {
			return err
		}
		before := row.Raw
		for k, v := range cells {
			row.Raw[customer.FieldByKey(k)] = v
		}
		// A cell emptied takes the import's default, as it would have from the file.
		imp.Defaults.Fill(&row.Raw)
		// What the row's earlier edits touched stays marked with it (SaveRows adds this).
		row.Edited, row.Touched = true, customer.ChangedFields(&before, &row.Raw)
		return q.SaveRows(ctx, importID, []customer.StagedRow{row})
	})
	if err != nil {
		return customer.StagedRow{}, err
	}
	return row, nil
}
