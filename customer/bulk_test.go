package customer

import (
	"strings"
	"testing"
)

func TestBulkEditApply(t *testing.T) {
	yes, no := true, false
	row := func(cells map[string]string) StagedRow {
		r := StagedRow{Row: 7}
		for k, v := range cells {
			r.Raw[FieldByKey(k)] = v
		}
		return r
	}
	cases := []struct {
		name    string
		edit    BulkEdit
		row     StagedRow
		changed bool
		want    map[string]string // cells after, by key (only those named)
		skipped bool
	}{
		{"set", BulkEdit{Set: map[string]string{"country": "NO", "city": "Oslo"}}, row(map[string]string{"country": "SE"}), true,
			map[string]string{"country": "NO", "city": "Oslo"}, false},
		{"set to what it is", BulkEdit{Set: map[string]string{"country": "NO"}}, row(map[string]string{"country": "NO"}), false,
			map[string]string{"country": "NO"}, false},
		{"fill a blank", BulkEdit{FillBlank: map[string]string{"country": "NO"}}, row(nil), true, map[string]string{"country": "NO"}, false},
		{"fill a cell of spaces", BulkEdit{FillBlank: map[string]string{"country": "NO"}}, row(map[string]string{"country": " \u00a0"}), true,
			map[string]string{"country": "NO"}, false},
		{"fill keeps a value", BulkEdit{FillBlank: map[string]string{"country": "NO"}}, row(map[string]string{"country": "PL"}), false,
			map[string]string{"country": "PL"}, false},
		{"replace any case", BulkEdit{Replace: &Replace{Field: "email", Find: "@GMIAL.com", With: "@gmail.com"}},
			row(map[string]string{"email": "Kari@Gmial.Com"}), true, map[string]string{"email": "Kari@gmail.com"}, false},
		{"replace non-ASCII case", BulkEdit{Replace: &Replace{Field: "city", Find: "ø", With: "o"}},
			row(map[string]string{"city": "TRØNDELAG Øst"}), true, map[string]string{"city": "TRoNDELAG ost"}, false},
		{"replace takes $ as text", BulkEdit{Replace: &Replace{Field: "note", Find: "x", With: "$1"}},
			row(map[string]string{"note": "axb"}), true, map[string]string{"note": "a$1b"}, false},
		{"replace nothing found", BulkEdit{Replace: &Replace{Field: "email", Find: "gmial", With: "gmail"}},
			row(map[string]string{"email": "kari@gmail.com"}), false, map[string]string{"email": "kari@gmail.com"}, false},
		{"regex with a group", BulkEdit{Replace: &Replace{Field: "mobile", Find: `^0047\s*(\d+)$`, With: "+47 $1", Regex: true}},
			row(map[string]string{"mobile": "0047 91234567"}), true, map[string]string{"mobile": "+47 91234567"}, false},
		{"regex is case-sensitive unless asked", BulkEdit{Replace: &Replace{Field: "city", Find: `oslo`, With: "Oslo", Regex: true}},
			row(map[string]string{"city": "OSLO"}), false, map[string]string{"city": "OSLO"}, false},
		{"suggestions", BulkEdit{ApplySuggestions: true}, StagedRow{Row: 3, Raw: Values{FEmail: "kari@gmial.com"},
			Warnings: []Problem{{Field: "email", Code: WarnEmailTypo, Suggestion: "kari@gmail.com"}, {Field: "postcode", Code: WarnLeadingZero}}},
			true, map[string]string{"email": "kari@gmail.com"}, false},
		{"no suggestion", BulkEdit{ApplySuggestions: true}, StagedRow{Row: 3, Raw: Values{FPostcode: "0150"},
			Warnings: []Problem{{Field: "postcode", Code: WarnLeadingZero}}}, false, map[string]string{"postcode": "0150"}, false},
		{"skip", BulkEdit{Skip: &yes}, row(nil), true, nil, true},
		{"skip a skipped row", BulkEdit{Skip: &yes}, StagedRow{Skipped: true}, false, nil, true},
		{"include", BulkEdit{Skip: &no}, StagedRow{Skipped: true}, true, nil, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			op, err := c.edit.Compile()
			if err != nil {
				t.Fatal(err)
			}
			r := c.row
			changed, err := op.Apply(&r)
			if err != nil || changed != c.changed {
				t.Errorf("Apply = %v, %v; want %v", changed, err, c.changed)
			}
			for k, v := range c.want {
				if got := r.Raw[FieldByKey(k)]; got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			if r.Skipped != c.skipped {
				t.Errorf("skipped %v, want %v", r.Skipped, c.skipped)
			}
		})
	}
}

func TestBulkEditCompileRefuses(t *testing.T) {
	yes := true
	cases := []struct {
		name string
		edit BulkEdit
		says string
	}{
		{"nothing", BulkEdit{}, "exactly one"},
		{"two", BulkEdit{Set: map[string]string{"city": "Oslo"}, Skip: &yes}, "this one has 2"},
		{"empty set", BulkEdit{Set: map[string]string{}}, "at least one field"},
		{"unknown field", BulkEdit{FillBlank: map[string]string{"shoe": "42"}}, `Unknown field "shoe"`},
		{"too long", BulkEdit{Set: map[string]string{"postcode": strings.Repeat("1", 11)}}, "Postcode holds at most 10"},
		{"replace unknown field", BulkEdit{Replace: &Replace{Field: "shoe", Find: "a"}}, `Unknown field "shoe"`},
		{"find nothing", BulkEdit{Replace: &Replace{Field: "email"}}, "empty"},
		{"bad pattern", BulkEdit{Replace: &Replace{Field: "email", Find: "a(b", Regex: true}}, "missing closing )"},
		{"backreference", BulkEdit{Replace: &Replace{Field: "email", Find: `(a)\1`, Regex: true}}, "not a regular expression"},
		{"long pattern", BulkEdit{Replace: &Replace{Field: "email", Find: strings.Repeat("a", 1001)}}, "longer than 1000"},
	}
	for _, c := range cases {
		_, err := c.edit.Compile()
		if ErrorCodeOf(err) != EInvalid || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s: %v, want EInvalid saying %q", c.name, err, c.says)
		}
	}
	// A replacement past the field's limit is refused with the row's number, the row unchanged.
	op, err := BulkEdit{Replace: &Replace{Field: "postcode", Find: "1", With: "1111111111"}}.Compile()
	if err != nil {
		t.Fatal(err)
	}
	// A country's name is longer than the code stored, and fits.
	if _, err := (BulkEdit{Set: map[string]string{"country": "Rzeczpospolita Polska", "first_name": "  Kari  "}}).Compile(); err != nil {
		t.Errorf("a country's name: %v", err)
	}
	r := StagedRow{Row: 12, Raw: Values{FPostcode: "0150"}}
	if _, err := op.Apply(&r); ErrorCodeOf(err) != EInvalid || !strings.HasPrefix(err.Error(), "Row 12: Postcode holds at most 10") || r.Raw[FPostcode] != "0150" {
		t.Errorf("too long a replacement: %v, postcode %q", err, r.Raw[FPostcode])
	}
}

func TestRowFilter(t *testing.T) {
	v := Values{FFirstName: "Åse", FLastName: "Ødegård", FCity: "Tromsø"}
	for _, c := range []struct {
		q    string
		want bool
	}{{"", true}, {"åse", true}, {"ØDEGÅRD åse", true}, {"tromsø ase", false}, {"sø", true}, {"oslo", false}} {
		got := true
		for _, w := range (RowFilter{Query: c.q}).Words() {
			got = got && strings.Contains(RowText(&v), w)
		}
		if got != c.want {
			t.Errorf("RowText holds every word of %q: %v, want %v", c.q, got, c.want)
		}
	}
	for _, f := range []RowFilter{{Status: "lost"}, {Field: "shoe"}, {Rows: []int{1}}} {
		if err := f.Check(); ErrorCodeOf(err) != EInvalid {
			t.Errorf("Check(%+v) = %v, want EInvalid", f, err)
		}
	}
	for _, f := range []RowFilter{{}, {Status: FilterWarnings}, {Status: StatusSkipped, Code: "x", Field: "email", Rows: []int{2}}} {
		if err := f.Check(); err != nil {
			t.Errorf("Check(%+v) = %v", f, err)
		}
	}
	if !(RowFilter{Status: StatusError}).ByStatusOnly() || (RowFilter{Status: FilterWarnings}).ByStatusOnly() || (RowFilter{Query: "x"}).ByStatusOnly() {
		t.Error("ByStatusOnly")
	}
}

// TestKeyKinds says which kinds of key edits of some fields can change, and that a name or a
// skip is beyond a re-check by kinds.
func TestKeyKinds(t *testing.T) {
	bit := func(fs ...int) FieldSet {
		var s FieldSet
		for _, f := range fs {
			s |= 1 << f
		}
		return s
	}
	for _, c := range []struct {
		name  string
		s     FieldSet
		kinds KeyKinds
		ok    bool
	}{
		{"nothing", 0, KeyKinds{}, true},
		{"region and note", bit(FRegion, FNote), KeyKinds{}, true},
		{"email", bit(FEmail), KeyKinds{false, true, false, false}, true},
		{"account, mobile and city", bit(FAccount, FMobile, FCity), KeyKinds{true, false, true, false}, true},
		{"postcode", bit(FPostcode), KeyKinds{false, false, false, true}, true},
		{"first name", bit(FFirstName), KeyKinds{}, false},
		{"last name and email", bit(FLastName, FEmail), KeyKinds{}, false},
		{"skip", TouchSkip, KeyKinds{}, false},
		{"everything", TouchAll, KeyKinds{}, false},
	} {
		if k, ok := c.s.KeyKinds(); k != c.kinds || ok != c.ok {
			t.Errorf("%s: KeyKinds() = %v, %v; want %v, %v", c.name, k, ok, c.kinds, c.ok)
		}
	}
	a, b := Values{FCity: "Oslo", FNote: "x"}, Values{FCity: "Bergen", FNote: "x"}
	if got := ChangedFields(&a, &b); got != bit(FCity) {
		t.Errorf("ChangedFields = %b, want the city", got)
	}
}
