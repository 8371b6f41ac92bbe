package customer

import (
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// The customer list sorts names the way the shop's language does: in Norwegian Æ, Ø and Å come
// after Z, in that order, and "Aa" in a name is Å; in Polish Ą follows A, Ł follows L, Ś follows
// S, and Ź and Ż follow Z. Sorting in the database would give a different order on each (SQLite
// compares bytes; PostgreSQL uses the server's locale), so the order is computed here, as a sort
// key that both databases compare byte by byte.
//
// golang.org/x/text/collate has no tailoring for "nb" (nor for "no"): it falls back to the root
// order, which puts Å among the A's and Ø among the O's. Nynorsk ("nn") carries the Norwegian
// rules and Norwegian bokmål sorts the same way, so "nb" is collated as "nn" (collate_test.go
// shows both).

// NameSorter computes the sort keys of customers' names in one language. It keeps buffers
// between calls, so one sorter serves a whole batch; it is not safe for concurrent use.
type NameSorter struct {
	primary, full *collate.Collator
	buf           collate.Buffer
}

// NewNameSorter returns a sorter for one of Languages; any other language sorts as English.
func NewNameSorter(lang string) *NameSorter {
	tag := collationTag(lang)
	return &NameSorter{primary: collate.New(tag, collate.Loose), full: collate.New(tag)}
}

// Key returns the sort key of a customer named first last: compared byte by byte, keys order
// customers by last name, then first name, as the language sorts them. Letters alone decide
// first (Berg before berge before Bergås), then accents and case, so that "berg, Ola" does not
// land after "Berg, Åse" only because of a capital letter.
func (s *NameSorter) Key(last, first string) []byte {
	var key []byte
	for _, c := range []*collate.Collator{s.primary, s.full} {
		for _, part := range []string{last, first} {
			s.buf.Reset()
			key = appendEscaped(key, c.KeyFromString(&s.buf, part))
		}
	}
	return key
}

// SortKey returns the sort key of a customer's name in lang (see NameSorter.Key).
func SortKey(lang, last, first string) []byte {
	return NewNameSorter(lang).Key(last, first)
}

// appendEscaped appends k so that a concatenation of escaped keys compares as the keys do one
// after the other: 0x00 becomes 0x00 0xFF, and the key ends with 0x00 0x01, which is less than
// any byte that can follow in a longer key. Without it, a short last name's key could compare
// against a longer one's bytes using the first name's.
func appendEscaped(dst, k []byte) []byte {
	for _, b := range k {
		if b == 0 {
			dst = append(dst, 0, 0xFF)
		} else {
			dst = append(dst, b)
		}
	}
	return append(dst, 0, 1)
}

// collationTag returns the collation for one of Languages.
func collationTag(lang string) language.Tag {
	switch lang {
	case "nb", "nn", "no":
		return language.Make("nn")
	case "pl":
		return language.Polish
	default:
		return language.English
	}
}

// Order is an order of the customer list: one of the orders below, ascending, or descending
// with "-" before it ("-updated": the latest changed first).
type Order string

// The orders of the customer list. Customers equal in the order's field come by id, in the same
// direction, so that pages never overlap.
const (
	OrderAccount Order = "account" // by account number: the default
	OrderName    Order = "name"    // by last name, then first name, in the tenant's language
	OrderEmail   Order = "email"   // by email, ignoring case; customers without one last
	OrderUpdated Order = "updated" // by when the customer last changed
)

// Orders are the orders of the customer list, ascending.
var Orders = []Order{OrderAccount, OrderName, OrderEmail, OrderUpdated}

// Field returns the order without its direction, and whether it is descending; ok is false when
// o is none of Orders (with or without "-"). The empty order is OrderAccount, ascending.
func (o Order) Field() (field Order, desc, ok bool) {
	if o == "" {
		return OrderAccount, false, true
	}
	field, desc = o, o[0] == '-'
	if desc {
		field = o[1:]
	}
	for _, known := range Orders {
		if field == known {
			return field, desc, true
		}
	}
	return "", false, false
}
