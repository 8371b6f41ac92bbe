// Package duplicates is the customer base's near-duplicates: clusters of stored customers that
// are likely one person, merging two of them, undoing a merge, and pairs dismissed as not the
// same person.
//
//   - Clusters reads the customers that share a blocking key (match.Keys, stored with each
//     customer) block by block, compares the customers of each block with match.Compare and
//     joins the likely pairs into clusters by union-find: the cost grows with the blocks, never
//     with all pairs of the base. A key held by more than MaxBlock customers (a common name at a
//     busy postcode) is left out: it finds nothing the other keys would not.
//   - Merge keeps one customer with, field by field, the value that survives
//     (customer.MergeValues) and deletes the other, in one audited transaction that records both
//     customers' values; UndoMerge puts both back.
//   - Dismiss stores a pair that is not one person, so that Clusters no longer joins it.
package duplicates
