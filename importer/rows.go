package importer

import (
	"context"
	"slices"
	"strings"

	"github.com/clientele/clientele/customer"
)

// Rows returns a page of a tenant's import's staged rows that f selects, in row order, skipping
// offset rows and returning at most limit (all when limit <= 0), with the count of the rows f
// selects. The count of a staged import's rows of one status (or all) comes from its summary,
// which every check keeps as the rows' statuses are stored; other rows are counted.
func (im *Importer) Rows(ctx context.Context, t customer.Tenant, importID int64, f customer.RowFilter, offset, limit int) ([]customer.StagedRow, int, error) {
	if err := f.Check(); err != nil {
		return nil, 0, err
	}
	imp, err := im.Store.Import(ctx, t.ID, importID)
	if err != nil {
		return nil, 0, err
	}
	total, ok := imp.Summary.Of(f.Status)
	if !ok || imp.State != customer.StateStaged || !f.ByStatusOnly() {
		if total, err = im.Store.CountRows(ctx, importID, f); err != nil {
			return nil, 0, err
		}
	}
	if max(offset, 0) >= total {
		return nil, total, nil
	}
	rows, err := im.Store.RowPage(ctx, importID, f, offset, limit)
	return rows, total, err
}

// rowPage is how many staged rows a walk through an import reads at a time.
const rowPage = 2000

// EachRow calls fn with each of an import's staged rows in row order, reading them a page at a
// time, so that a report on a million rows never holds them all. An error from fn stops the walk.
func (im *Importer) EachRow(ctx context.Context, t customer.Tenant, importID int64, fn func(*customer.StagedRow) error) error {
	if _, err := im.Store.Import(ctx, t.ID, importID); err != nil {
		return err
	}
	return eachRow(ctx, im.Store, importID, rowPage, func(rows []customer.StagedRow) error {
		for i := range rows {
			if err := fn(&rows[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// eachRow calls fn with the import's rows, in row order, page by page.
func eachRow(ctx context.Context, q rowPages, importID int64, size int, fn func([]customer.StagedRow) error) error {
	after := 0
	for {
		rows, err := q.RowsAfter(ctx, importID, after, size)
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			return nil
		}
		if err := fn(rows); err != nil {
			return err
		}
		after = rows[len(rows)-1].Row
	}
}

// Stored returns, for each of rows (staged rows of the tenant's import importID), the cells the
// rules store otherwise than the file has them — a leading zero put back (0150 for 150), a phone
// number written in full, a country's name as its code — by field key, as they will be stored; nil
// for a row with none. A blank cell, one with an error, and one that differs only by the white
// space around it are left out.
func (im *Importer) Stored(ctx context.Context, t customer.Tenant, importID int64, rows []customer.StagedRow) ([]map[string]string, error) {
	imp, err := im.Store.Import(ctx, t.ID, importID)
	if err != nil {
		return nil, err
	}
	r := im.Rules(t)
	r.DateOrder = imp.DateOrder
	out := make([]map[string]string, len(rows))
	for i := range rows {
		raw := &rows[i].Raw
		norm, errs, _ := r.Normalize(raw)
		for j, f := range customer.Fields {
			if norm[j] == "" || norm[j] == strings.TrimSpace(raw[j]) || slices.ContainsFunc(errs, func(p customer.Problem) bool { return p.Field == f.Key }) {
				continue
			}
			if out[i] == nil {
				out[i] = map[string]string{}
			}
			out[i][f.Key] = norm[j]
		}
	}
	return out, nil
}
