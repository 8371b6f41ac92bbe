package customer

import (
	"slices"
	"strconv"
	"strings"
)

// Checked is one row going through the checks: its normalised values, what it matched among the
// stored customers, and its outcome.
type Checked struct {
	Row      int
	Norm     Values    // the row's own values, normalised; blank where the cell was blank
	Errors   []Problem // field errors from Normalize, then identity and duplicate errors
	Warnings []Problem
	Match    *Customer // the stored customer an upsert row updates
	Merged   Values    // what committing writes: Norm over Match's values, or Norm with defaults
	Status   Status
	Changes  []Change // for StatusUpdate: the fields that change
	// NormKeys are the keys of Norm (set by PrepareInto) and Keys those of Merged (set by Resolve).
	// They are computed once per row because the name + postcode key folds Unicode case and form,
	// too costly to repeat at each step.
	NormKeys Keys
	Keys     Keys
}

// Index finds stored customers by their keys. The import workflow fills it with the customers
// that match any key of the rows being checked (looked up set-based in the store), so that the
// checks themselves are pure and run in memory.
type Index struct {
	byID      map[int64]*Customer
	byAccount map[string]*Customer
	byEmail   map[string]*Customer
	byMobile  map[string]*Customer
	byName    map[string]*Customer
}

// NewIndex returns an empty Index.
func NewIndex() *Index {
	return &Index{
		byID:      map[int64]*Customer{},
		byAccount: map[string]*Customer{},
		byEmail:   map[string]*Customer{},
		byMobile:  map[string]*Customer{},
		byName:    map[string]*Customer{},
	}
}

// Add indexes customers; adding one twice is harmless.
func (x *Index) Add(cs ...Customer) {
	for i := range cs {
		c := cs[i]
		if _, ok := x.byID[c.ID]; ok {
			continue
		}
		x.byID[c.ID] = &c
		k := KeysOf(&c.Values)
		put(x.byAccount, k.Account, &c)
		put(x.byEmail, k.Email, &c)
		put(x.byMobile, k.Mobile, &c)
		put(x.byName, k.NamePostcode, &c)
	}
}

func put(m map[string]*Customer, k string, c *Customer) {
	if k != "" {
		m[k] = c
	}
}

// PrepareInto normalises a staged row's cells into c, the first step of checking it. The caller
// holds c so that a whole file's rows can be prepared into one slice (one allocation, not one per
// row) and by several goroutines at once: it reads only r and row.
func (r Rules) PrepareInto(c *Checked, row *StagedRow) {
	norm, errs, warns := r.Normalize(&row.Raw)
	*c = Checked{Row: row.Row, Norm: norm, Errors: errs, Warnings: warns}
	c.NormKeys = KeysOf(&c.Norm)
}

// Resolve finds the stored customer an upsert row updates and computes the values committing
// would write. It needs the customers matching the row's own keys in x; the merged values may
// have keys (a name + postcode made of new and stored parts) that the caller then looks up too,
// before FileKeys.Classify.
//
// A row that updates a customer is not held to the required fields: its blank cells keep the
// stored values. One that matches nobody in ModeUpsert is told that they are required of a new
// customer, since its file may have meant to update.
func (r Rules) Resolve(mode Mode, c *Checked, x *Index) {
	c.Match = nil
	if mode == ModeUpsert {
		k := c.NormKeys
		byAcc := x.byAccount[k.Account]
		byEmail := x.byEmail[k.Email]
		switch {
		case k.Account != "" && byAcc != nil && byEmail != nil && byEmail.ID != byAcc.ID:
			c.Errors = append(c.Errors, newProblem(FEmail, CodeIdentityConflict, message{"identity_conflict", map[string]string{
				"account": k.Account, "email": c.Norm[FEmail],
				"owner": fullName(byAcc), "owner_ref": refOf(byAcc), "owner2": fullName(byEmail), "owner2_ref": refOf(byEmail)}}))
		case k.Account != "":
			c.Match = byAcc
		case k.Email != "":
			c.Match = byEmail
		default:
			c.Match = x.byMobile[k.Mobile]
		}
	}
	if c.Match != nil {
		c.Merged = c.Match.Values
		for i := range c.Norm {
			if c.Norm[i] != "" {
				c.Merged[i] = c.Norm[i]
			}
		}
		// Emails are compared ignoring case (FIELDS.md), so one that differs from the stored
		// address only in case is the same address: keep the stored spelling rather than report
		// a change on every row of a file whose emails were typed in capitals.
		if c.NormKeys.Email == emailKey(c.Match.Values[FEmail]) {
			c.Merged[FEmail] = c.Match.Values[FEmail]
		}
		StampConsent(&c.Merged, &c.Match.Values, &c.Norm, r.today())
		// Required fields are required of new customers: a blank cell keeps the stored value.
		c.Errors = slices.DeleteFunc(c.Errors, func(p Problem) bool {
			return p.Code == CodeRequired && c.Merged[FieldByKey(p.Field)] != ""
		})
	} else {
		if mode == ModeUpsert {
			for i, p := range c.Errors {
				if p.Code == CodeRequired {
					f := FieldByKey(p.Field)
					c.Errors[i] = newProblem(f, CodeRequired, msgRequiredNew(Fields[f]))
				}
			}
		}
		c.Merged = c.Norm
		r.ApplyDefaults(&c.Merged)
		StampConsent(&c.Merged, nil, &c.Norm, r.today())
	}
	c.Keys = c.NormKeys
	if !sameKeyFields(&c.Merged, &c.Norm) {
		c.Keys = KeysOf(&c.Merged)
	}
}

// keyFields are the fields KeysOf reads.
var keyFields = [...]int{FAccount, FEmail, FMobile, FFirstName, FLastName, FPostcode}

// sameKeyFields reports whether a and b agree on every field KeysOf reads, so that they have the
// same keys. Defaults never touch those fields, so a new row's merged values keep its own keys.
func sameKeyFields(a, b *Values) bool {
	for _, i := range keyFields {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Classify checks rows, in file order, for duplicates inside the file and against the stored
// customers in x, and sets every row's status. Rows must have been through Resolve. The rows
// continue the file f has seen so far: a row that repeats a key of an earlier chunk's row is a
// duplicate of that row.
func (f *FileKeys) Classify(rows []*Checked, x *Index) {
	f.ClassifyKinds(rows, x, KeyKinds{true, true, true, true}, nil)
}

// KeyKinds is a set of the four kinds of identity key, in Keys' order: account number, email,
// mobile, name + postcode.
type KeyKinds [4]bool

// kindOf is the kind of key of a duplicate_in_file problem on field.
func kindOf(field string) int {
	switch field {
	case Fields[FAccount].Key:
		return 0
	case Fields[FEmail].Key:
		return 1
	case Fields[FMobile].Key:
		return 2
	}
	return 3
}

// ClassifyKinds is Classify looking for duplicates in the file by the kinds of key in kinds only:
// for the others, each row keeps the duplicate_in_file errors it had (kept[i]; those of kinds
// looked for are left out). It serves re-checks after edits that changed only keys of those
// kinds (and no name), where every row repeats, and is repeated by, the same rows as before by
// the other kinds, and the rows at hand hold every row with each of their keys of the kinds
// looked for.
func (f *FileKeys) ClassifyKinds(rows []*Checked, x *Index, kinds KeyKinds, kept [][]Problem) {
	for i, c := range rows {
		k := c.Keys
		// Which earlier row of the file had each key (0: none).
		var dupOf [4]int
		for slot, key := range [4]string{k.Account, k.Email, k.Mobile, k.NamePostcode} {
			if kinds[slot] && key != "" {
				if row, ok := f.firstRow(slot, key, c.Row); ok {
					dupOf[slot] = row
				}
			}
		}
		classifyRow(c, x, func() {
			dups := [4]struct {
				field int
				m     message
			}{
				{FAccount, message{"duplicate_account", map[string]string{"account": c.Merged[FAccount]}}},
				{FEmail, message{"duplicate_email", map[string]string{"email": c.Merged[FEmail]}}},
				{FMobile, message{"duplicate_mobile", map[string]string{"mobile": c.Merged[FMobile]}}},
				{FLastName, message{"duplicate_name", map[string]string{
					"first": c.Merged[FFirstName], "last": c.Merged[FLastName], "postcode": c.Merged[FPostcode]}}},
			}
			for slot, d := range dups {
				if !kinds[slot] {
					for _, p := range kept[i] {
						if kindOf(p.Field) == slot {
							c.Errors = append(c.Errors, p)
						}
					}
					continue
				}
				if dupOf[slot] != 0 {
					d.m.args["row"] = strconv.Itoa(dupOf[slot])
					if name := f.names.of(dupOf[slot]); name != "" && slot != 3 {
						d.m.args["row_name"] = " (" + name + ")"
					}
					c.Errors = append(c.Errors, newProblem(d.field, CodeDuplicateInFile, d.m))
				}
			}
			f.names.add(c.Row, fullNameOf(&c.Merged))
		})
	}
}

// classifyRow checks a matched row against the stored customers in x, then adds its duplicates
// in the file (inFile), and sets its status and changes.
func classifyRow(c *Checked, x *Index, inFile func()) {
	self := int64(0)
	if c.Match != nil {
		self = c.Match.ID
	}
	k := c.Keys
	// A stored customer holding the key is reported unless it is the row's own.
	holder := func(m map[string]*Customer, key string) *Customer {
		if other := m[key]; key != "" && other != nil && other.ID != self {
			return other
		}
		return nil
	}
	// A row whose identity already points at two customers reports that once, as
	// identity_conflict, rather than again as "in use" for each key.
	conflict := hasCode(c.Errors, CodeIdentityConflict)
	if other := holder(x.byAccount, k.Account); other != nil && !conflict {
		c.Errors = append(c.Errors, newProblem(FAccount, CodeAccountInUse, message{"account_in_use", map[string]string{
			"account": k.Account, "owner": fullName(other), "owner_ref": refOf(other)}}))
	}
	if other := holder(x.byEmail, k.Email); other != nil && !conflict {
		c.Errors = append(c.Errors, newProblem(FEmail, CodeEmailExists, message{"email_exists", map[string]string{
			"email": c.Merged[FEmail], "other": refOf(other)}}))
	}
	if other := holder(x.byMobile, k.Mobile); other != nil {
		c.Errors = append(c.Errors, newProblem(FMobile, CodeMobileExists, message{"mobile_exists", map[string]string{
			"mobile": c.Merged[FMobile], "other": refOf(other)}}))
	}
	if other := holder(x.byName, k.NamePostcode); other != nil {
		c.Errors = append(c.Errors, newProblem(FLastName, CodeNamePostcodeExists, message{"name_postcode_exists", map[string]string{
			"first": c.Merged[FFirstName], "last": c.Merged[FLastName], "postcode": c.Merged[FPostcode], "other": refOf(other)}}))
	}
	inFile()
	c.Changes = nil
	switch {
	case len(c.Errors) > 0:
		c.Status = StatusError
	case c.Match == nil:
		c.Status = StatusNew
	default:
		for i := range c.Merged {
			if c.Merged[i] != c.Match.Values[i] {
				c.Changes = append(c.Changes, Change{Field: Fields[i].Key, Old: c.Match.Values[i], New: c.Merged[i]})
			}
		}
		c.Status = StatusUnchanged
		if len(c.Changes) > 0 {
			c.Status = StatusUpdate
		}
	}
}

func hasCode(ps []Problem, code Code) bool {
	for _, p := range ps {
		if p.Code == code {
			return true
		}
	}
	return false
}

// fullNameOf is "First Last" of values, "" when both are blank.
func fullNameOf(v *Values) string {
	switch {
	case v[FFirstName] == "":
		return v[FLastName]
	case v[FLastName] == "":
		return v[FFirstName]
	}
	return v[FFirstName] + " " + v[FLastName]
}

// fullName is a stored customer's name for a message ("Ola Nordmann"); messages add its
// reference (refOf), so that one without a name is still named.
func fullName(c *Customer) string {
	return strings.TrimSpace(c.Values[FFirstName] + " " + c.Values[FLastName])
}
