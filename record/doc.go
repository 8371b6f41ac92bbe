// Package record is one customer at a time: the customer's record as a person sees it on the
// customer's page, and the requests a shop must answer about one person under the GDPR.
//
//   - Edit and Create change or add one customer by hand, with the rules and duplicate checks an
//     import applies (customer.Rules.CheckOne), under the tenant's commit lock, writing a revision
//     and moving the tenant's customers version as a commit does, so that staged imports are
//     checked again before they commit.
//   - History is the customer's revisions, oldest first: every import, edit and undo that
//     touched it.
//   - Access gathers everything held about a customer (the right of access, Art. 15): fields,
//     consent with its provenance, history and the imports that carried the customer.
//   - Erase deletes a customer and every copy of their personal data in staged rows and
//     revisions (the right to erasure, Art. 17), keeping in the audit log only that an erasure
//     happened.
package record
