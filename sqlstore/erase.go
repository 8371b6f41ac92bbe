package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/clientele/clientele/customer"
)

// EraseCustomer deletes one customer of the tenant and every copy of its values the store keeps,
// in one transaction under the tenant's commit lock (record.Erase):
//   - the staged rows that carried it — the rows its revisions name, the rows matched to it, and
//     the rows of any of the tenant's imports that share a key (account number, email, mobile,
//     name and postcode) with any values it ever had, whose cells, problems and changes may name
//     it — are blanked: no cells, keys, problems, changes or customer, their status kept;
//   - its revisions are deleted, so that no undo can bring it back;
//   - the customer row is deleted, and the tenant's customers version moves on.
//
// audit makes the audit entry from the customer as it was; the entry is added in the same
// transaction. It returns the customer as it was, and fails with ENotFound when the tenant has no
// such customer.
func (s *Store) EraseCustomer(ctx context.Context, tenantID, customerID int64, audit func(c customer.Customer) customer.AuditEntry) (customer.Customer, error) {
	var c customer.Customer
	err := s.locked(ctx, tenantID, func(q *queries) error {
		var err error
		if c, err = q.customer(ctx, tenantID, customerID); err != nil {
			return err
		}
		keys := []customer.Keys{customer.KeysOf(&c.Values)}
		revs, err := q.customerRevisions(ctx, customerID)
		if err != nil {
			return err
		}
		for i := range revs {
			keys = append(keys, customer.KeysOf(&revs[i].Before), customer.KeysOf(&revs[i].After))
		}
		if err := q.blankRows(ctx, tenantID, customerID, keys); err != nil {
			return err
		}
		if _, err := q.exec(ctx, `DELETE FROM revisions WHERE customer_id = ?`, customerID); err != nil {
			return fmt.Errorf("sqlstore: erase revisions: %w", err)
		}
		n, err := q.deleteByID(ctx, tenantID, []int64{customerID})
		if err != nil {
			return fmt.Errorf("sqlstore: erase customer: %w", err)
		}
		if n != 1 {
			return fmt.Errorf("sqlstore: erase customer: %d rows deleted", n)
		}
		e := audit(c)
		return q.AddAudit(ctx, &e)
	})
	return c, err
}

// customerRevisions reads every revision of a customer, in no particular order.
func (q *queries) customerRevisions(ctx context.Context, customerID int64) ([]customer.Revision, error) {
	rows, err := q.query(ctx, `SELECT `+revisionColumns+` FROM revisions WHERE customer_id = ?`, customerID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: customer revisions: %w", err)
	}
	defer rows.Close()
	var out []customer.Revision
	for rows.Next() {
		_, r, err := scanRevision(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: customer revisions: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// blankRows blanks the staged rows of the tenant's imports that carry a customer: the rows its
// revisions name, the rows matched to it, and the rows with any of keys.
func (q *queries) blankRows(ctx context.Context, tenantID, customerID int64, keys []customer.Keys) error {
	conds := []string{
		`EXISTS (SELECT 1 FROM revisions v WHERE v.customer_id = ? AND v.import_id = import_rows.import_id AND v.row_num = import_rows.row_num)`,
		`customer_id = ?`,
	}
	args := []any{customerID, customerID}
	for _, kind := range []struct {
		column string
		key    func(k *customer.Keys) string
	}{
		{"account_key", func(k *customer.Keys) string { return k.Account }},
		{"email_key", func(k *customer.Keys) string { return k.Email }},
		{"mobile_key", func(k *customer.Keys) string { return k.Mobile }},
		{"name_key", func(k *customer.Keys) string { return k.NamePostcode }},
	} {
		for _, v := range distinctKeys(keys, kind.key) {
			conds = append(conds, kind.column+` = ?`)
			args = append(args, v)
		}
	}
	args = append(args, tenantID)
	_, err := q.exec(ctx, `UPDATE import_rows
		SET raw = '{}', errors = '[]', warnings = '[]', changes = '[]', customer_id = NULL,
			account_key = '', email_key = '', mobile_key = '', name_key = '', problems = '', cells_text = ''
		WHERE (`+strings.Join(conds, " OR ")+`)
			AND import_id IN (SELECT id FROM imports WHERE tenant_id = ?)`, args...)
	if err != nil {
		return fmt.Errorf("sqlstore: erase staged rows: %w", err)
	}
	// What bulk edits changed those rows from: a row is blanked only here, as no file row is
	// ever blank (blank lines are not staged).
	_, err = q.exec(ctx, `DELETE FROM import_edit_rows
		WHERE import_id IN (SELECT id FROM imports WHERE tenant_id = ?)
			AND EXISTS (SELECT 1 FROM import_rows r
				WHERE r.import_id = import_edit_rows.import_id AND r.row_num = import_edit_rows.row_num AND r.raw = '{}')`, tenantID)
	if err != nil {
		return fmt.Errorf("sqlstore: erase staged rows' edits: %w", err)
	}
	return nil
}
