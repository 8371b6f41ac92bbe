package customer

import "slices"

// DuplicateChoice is what the user chose for a staged row with a possible duplicate: MergeInto, a
// stored customer the row updates instead of being new (the row's non-blank cells win, in a
// create-only import too), or Keep, the row stays as it is checked and its possible_duplicate
// warning goes.
type DuplicateChoice struct {
	MergeInto int64 `json:"merge_into"`
	Keep      bool  `json:"keep"`
}

// ResolveInto is Resolve for a row the user chose to merge into the stored customer target: the
// row updates target whatever the import's mode and the row's own keys say. Its non-blank cells
// win, except the account number: merging into A-1002 keeps A-1002.
func (r Rules) ResolveInto(c *Checked, target *Customer) {
	c.Match = target
	c.Merged = target.Values
	for i := range c.Norm {
		if c.Norm[i] != "" && i != FAccount {
			c.Merged[i] = c.Norm[i]
		}
	}
	if c.NormKeys.Email == emailKey(target.Values[FEmail]) {
		c.Merged[FEmail] = target.Values[FEmail]
	}
	StampConsent(&c.Merged, &target.Values, &c.Norm, r.today())
	c.Errors = slices.DeleteFunc(c.Errors, func(p Problem) bool {
		return p.Code == CodeRequired && c.Merged[FieldByKey(p.Field)] != ""
	})
	c.Keys = KeysOf(&c.Merged)
}

// DropDuplicateWarning removes the possible_duplicate warnings of a row the user kept as it is.
func DropDuplicateWarning(ws []Problem) []Problem {
	return slices.DeleteFunc(ws, func(p Problem) bool { return p.Code == WarnPossibleDuplicate })
}
