package customer

import (
	"strings"
	"testing"
	"time"
)

// row builds raw cells from field key/value pairs.
func row(kv ...string) Values {
	var v Values
	for i := 0; i < len(kv); i += 2 {
		f := FieldByKey(kv[i])
		if f < 0 {
			panic("no field " + kv[i])
		}
		v[f] = kv[i+1]
	}
	return v
}

// stored builds a stored customer the way a commit stores one: normalised, with defaults.
func stored(t *testing.T, r Rules, id int64, kv ...string) Customer {
	t.Helper()
	raw := row(kv...)
	norm, errs, _ := r.Normalize(&raw)
	if len(errs) > 0 {
		t.Fatalf("stored customer %v: %v", kv, errs)
	}
	r.ApplyDefaults(&norm)
	return Customer{ID: id, Values: norm}
}

func checkRows(r Rules, mode Mode, x *Index, raws ...Values) []*Checked {
	var out []*Checked
	for i := range raws {
		c := new(Checked)
		r.PrepareInto(c, &StagedRow{Row: i + 2, Raw: raws[i]})
		r.Resolve(mode, c, x)
		out = append(out, c)
	}
	NewFileKeys().Classify(out, x)
	return out
}

func errorCodes(c *Checked) []string {
	var s []string
	for _, p := range c.Errors {
		s = append(s, p.Field+":"+string(p.Code))
	}
	return s
}

func TestClassify(t *testing.T) {
	r := Rules{Country: "NO", Language: "nb", Today: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)}
	ola := func(t *testing.T) Customer {
		return stored(t, r, 1, "account_number", "A-1001", "first_name", "Ola", "last_name", "Nordmann",
			"email", "ola@example.no", "mobile", "+4791234567", "postcode", "0150", "city", "Oslo")
	}
	kari := func(t *testing.T) Customer {
		return stored(t, r, 2, "account_number", "A-1002", "first_name", "Kari", "last_name", "Hansen",
			"email", "kari@example.no", "mobile", "+4741234567", "postcode", "5003")
	}
	cases := []struct {
		name   string
		mode   Mode
		rows   []Values
		status []Status
		errs   [][]string // per row: field:code of every error, in order
		inMsg  []string   // per row: a text the first error message contains
	}{
		{name: "new customer", mode: ModeCreate,
			rows:   []Values{row("first_name", "Per", "last_name", "Berg", "email", "per@example.no")},
			status: []Status{StatusNew}},
		{name: "create: every identity key of a stored customer is an error", mode: ModeCreate,
			rows: []Values{row("account_number", "A-1001", "first_name", "ola", "last_name", "NORDMANN",
				"email", " OLA@example.no ", "mobile", "912 34 567", "postcode", "0150")},
			status: []Status{StatusError},
			errs:   [][]string{{"account_number:account_in_use", "email:email_exists", "mobile:mobile_exists", "last_name:name_postcode_exists"}},
			inMsg:  []string{"Ola Nordmann (account A-1001)"}},
		{name: "create: name and postcode compared folded", mode: ModeCreate,
			rows:   []Values{row("first_name", "  OLA ", "last_name", "nordmann", "postcode", "01 50")},
			status: []Status{StatusError},
			errs:   [][]string{{"last_name:name_postcode_exists"}}},
		{name: "upsert: match by email updates, blank cells keep stored values", mode: ModeUpsert,
			rows:   []Values{row("first_name", "Ola", "last_name", "Nordmann", "email", "OLA@example.no", "city", "Bergen")},
			status: []Status{StatusUpdate}},
		{name: "upsert: same values are unchanged", mode: ModeUpsert,
			rows:   []Values{row("account_number", "A-1001", "first_name", "Ola", "last_name", "Nordmann", "city", "Oslo")},
			status: []Status{StatusUnchanged}},
		{name: "upsert: account and email point at two customers", mode: ModeUpsert,
			rows:   []Values{row("account_number", "A-1001", "first_name", "Ola", "last_name", "Nordmann", "email", "kari@example.no")},
			status: []Status{StatusError},
			errs:   [][]string{{"email:identity_conflict"}},
			inMsg:  []string{"A-1001"}},
		{name: "upsert: new account number with another's mobile", mode: ModeUpsert,
			rows:   []Values{row("account_number", "B-1", "first_name", "Eva", "last_name", "Lie", "mobile", "+47 41 23 45 67")},
			status: []Status{StatusError},
			errs:   [][]string{{"mobile:mobile_exists"}}},
		{name: "upsert: an update may keep its own mobile", mode: ModeUpsert,
			rows:   []Values{row("email", "kari@example.no", "first_name", "Kari", "last_name", "Hansen", "mobile", "41234567", "note", "VIP")},
			status: []Status{StatusUpdate}},
		{name: "upsert: a few fields update a matched customer, required ones left blank", mode: ModeUpsert,
			rows: []Values{
				row("email", "ola@example.no", "city", "Bergen"),
				row("account_number", "A-1002", "postcode", "5004"),
			},
			status: []Status{StatusUpdate, StatusUpdate}},
		{name: "upsert: a row with only a mobile matches by mobile", mode: ModeUpsert,
			rows:   []Values{row("mobile", "+47 41 23 45 67", "city", "Bergen")},
			status: []Status{StatusUpdate}},
		{name: "upsert: a row that matches nobody is a new customer and needs its names", mode: ModeUpsert,
			rows:   []Values{row("email", "nobody@example.no", "city", "Bergen")},
			status: []Status{StatusError},
			errs:   [][]string{{"first_name:required", "last_name:required"}},
			inMsg:  []string{"required for a new customer"}},
		{name: "create: required fields are required of every row", mode: ModeCreate,
			rows:   []Values{row("email", "nobody@example.no")},
			status: []Status{StatusError},
			errs:   [][]string{{"first_name:required", "last_name:required"}},
			inMsg:  []string{"First Name is required."}},
		{name: "duplicates inside the file name the first row", mode: ModeCreate,
			rows: []Values{
				row("first_name", "Per", "last_name", "Berg", "email", "per@example.no", "mobile", "48123456"),
				row("first_name", "Pål", "last_name", "Berg", "email", "PER@example.no"),
				row("first_name", "Siv", "last_name", "Dahl", "mobile", "+47 48 12 34 56"),
				row("first_name", "Per", "last_name", "Berg", "email", "per2@example.no"),
			},
			status: []Status{StatusNew, StatusError, StatusError, StatusNew},
			errs:   [][]string{nil, {"email:duplicate_in_file"}, {"mobile:duplicate_in_file"}, nil},
			inMsg:  []string{"", "row 2 (Per Berg)", "row 2 (Per Berg)", ""}},
		{name: "field errors and duplicate errors together", mode: ModeCreate,
			rows:   []Values{row("first_name", "Ola", "last_name", "", "email", "ola@example.no")},
			status: []Status{StatusError},
			errs:   [][]string{{"last_name:required", "email:email_exists"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			x := NewIndex()
			x.Add(ola(t), kari(t))
			got := checkRows(r, tc.mode, x, tc.rows...)
			for i, c := range got {
				if c.Status != tc.status[i] {
					t.Errorf("row %d: status %s, want %s (errors %v)", c.Row, c.Status, tc.status[i], errorCodes(c))
				}
				if tc.errs != nil && strings.Join(errorCodes(c), " ") != strings.Join(tc.errs[i], " ") {
					t.Errorf("row %d: errors %v, want %v", c.Row, errorCodes(c), tc.errs[i])
				}
				if tc.inMsg != nil && tc.inMsg[i] != "" && (len(c.Errors) == 0 || !strings.Contains(c.Errors[0].Message, tc.inMsg[i])) {
					t.Errorf("row %d: message %v does not say %q", c.Row, c.Errors, tc.inMsg[i])
				}
			}
		})
	}
}

func TestClassifyUpdateChanges(t *testing.T) {
	r := Rules{Country: "NO", Language: "nb"}
	x := NewIndex()
	x.Add(stored(t, r, 7, "account_number", "A-7", "first_name", "Ola", "last_name", "Nordmann", "city", "Oslo", "loyalty_points", "10"))
	got := checkRows(r, ModeUpsert, x, row("account_number", "A-7", "city", "Bergen", "first_name", "Ola", "last_name", "Nordmann"))[0]
	if got.Status != StatusUpdate || got.Match == nil || got.Match.ID != 7 {
		t.Fatalf("status %s match %v", got.Status, got.Match)
	}
	if len(got.Changes) != 1 || got.Changes[0] != (Change{Field: "city", Old: "Oslo", New: "Bergen"}) {
		t.Errorf("changes = %+v, want city Oslo → Bergen only", got.Changes)
	}
	if got.Merged[FLoyaltyPoints] != "10" {
		t.Errorf("blank loyalty points overwrote the stored value: %q", got.Merged[FLoyaltyPoints])
	}
}

func TestNewRowsGetDefaults(t *testing.T) {
	r := Rules{Country: "PL", Language: "pl"}
	got := checkRows(r, ModeCreate, NewIndex(), row("first_name", "Zofia", "last_name", "Wiśniewska"))[0]
	if got.Merged[FCountry] != "PL" || got.Merged[FEmailOptIn] != "No" || got.Merged[FSMSOptIn] != "No" || got.Merged[FLoyaltyPoints] != "0" {
		t.Errorf("defaults not applied: %q", got.Merged)
	}
}

func TestFieldIndexesMatchCatalogue(t *testing.T) {
	want := map[int]string{FAccount: "account_number", FTitle: "title", FFirstName: "first_name", FLastName: "last_name",
		FCompany: "company", FEmail: "email", FMobile: "mobile", FPhone: "phone", FAddress1: "address_line1",
		FAddress2: "address_line2", FCity: "city", FRegion: "region", FPostcode: "postcode", FCountry: "country",
		FBirthDate: "birth_date", FEmailOptIn: "email_opt_in", FSMSOptIn: "sms_opt_in", FLoyaltyPoints: "loyalty_points", FNote: "note",
		FEmailConsentAt: "email_consent_at", FSMSConsentAt: "sms_consent_at"}
	if len(Fields) != NumFields || len(want) != NumFields {
		t.Fatalf("%d fields, %d indexes", len(Fields), NumFields)
	}
	for i, key := range want {
		if Fields[i].Key != key {
			t.Errorf("index %d is %s, want %s", i, Fields[i].Key, key)
		}
	}
}

func TestMissingColumns(t *testing.T) {
	cols := func(keys ...string) func(int) bool {
		return func(i int) bool {
			for _, k := range keys {
				if Fields[i].Key == k {
					return true
				}
			}
			return false
		}
	}
	cases := []struct {
		name string
		mode Mode
		has  func(int) bool
		want []string
	}{
		{"create: both names", ModeCreate, cols("first_name", "last_name"), nil},
		{"create: an email is no name", ModeCreate, cols("email", "city"), []string{"first_name", "last_name"}},
		{"upsert: email identifies", ModeUpsert, cols("email", "city"), nil},
		{"upsert: account number identifies", ModeUpsert, cols("account_number", "postcode"), nil},
		{"upsert: mobile identifies", ModeUpsert, cols("mobile"), nil},
		{"upsert: a phone does not identify", ModeUpsert, cols("phone", "first_name"), []string{"last_name"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, i := range MissingColumns(tc.mode, tc.has) {
				got = append(got, Fields[i].Key)
			}
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("MissingColumns = %v, want %v", got, tc.want)
			}
		})
	}
}
