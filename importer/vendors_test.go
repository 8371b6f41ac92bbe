package importer_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// vendorSamples are the other platforms' exports of sheet/testdata/vendors (see its README).
const vendorSamples = "../sheet/testdata/vendors"

// TestStageVendorExports stages every platform's sample export with no mapping at all, on both
// databases, and checks that every row is new except the ones whose shape cannot be imported as
// it is, that the read warnings reach the staged rows and survive a re-check, and, once
// committed, what the customers hold: names split, phones in international form, postcodes
// with their zeros, country codes, consents and points.
func TestStageVendorExports(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		file string
		rows int
		// errs are the only row errors, by spreadsheet row, as "field:code".
		errs map[int][]string
		// warns are the read warnings, by row, as codes.
		warns map[int][]customer.Code
		// stored are customers after committing, found by email: field key → stored value.
		stored map[string]map[string]string
	}{
		{file: "shopify-customers_export.csv", rows: 11,
			stored: map[string]map[string]string{
				"ingrid.haugen@example.no": {"first_name": "Ingrid", "mobile": "+4791234567", "phone": "+4722123456", "postcode": "0150",
					"country": "NO", "email_opt_in": "Yes", "sms_opt_in": "No",
					"note": "Prefers SMS receipts; Total Spent: 1250.00; Total Orders: 12; Tags: vip, nyhetsbrev"},
				"zofia.wisniewska@example.pl": {"postcode": "00-950", "country": "PL", "mobile": "+48601234567", "phone": "+48221234567"},
				"emily.clarke@example.co.uk":  {"postcode": "SW1A 1AA", "country": "GB", "mobile": "+447911123456"},
			}},
		{file: "shopify-classic.csv", rows: 4,
			stored: map[string]map[string]string{
				"lars.dahl@example.no":      {"country": "NO", "email_opt_in": "Yes"},
				"marit.johansen@example.no": {"postcode": "0554", "region": "Oslo"},
			}},
		{file: "square-customers.csv", rows: 11,
			warns: map[int][]customer.Code{3: {customer.WarnBirthdayNoYear}, 8: {customer.WarnBirthdayNoYear}, 11: {customer.WarnBirthdayNoYear}},
			stored: map[string]map[string]string{
				"nils.berg@example.no":    {"account_number": "SQ-1001", "email_opt_in": "Yes", "birth_date": "1984-11-03", "postcode": "0552", "country": "NO", "mobile": "+4792233445"},
				"hanna.lie@example.no":    {"email_opt_in": "No", "birth_date": ""},
				"ewa.kaminska@example.pl": {"email_opt_in": "No", "birth_date": "1988-07-04", "mobile": "+48602345678"},
			}},
		{file: "loyverse-customers.csv", rows: 11,
			errs: map[int][]string{6: {"last_name:required"}},
			warns: map[int][]customer.Code{3: {customer.WarnNameSplit}, 4: {customer.WarnNameSplit, customer.WarnPointsNotWhole},
				6: {customer.WarnNameSplit}, 9: {customer.WarnNameSplit}, 12: {customer.WarnNameSplit}},
			stored: map[string]map[string]string{
				"kari.nordmann@example.no": {"first_name": "Kari", "last_name": "Nordmann", "account_number": "K-0001", "loyalty_points": "120", "postcode": "0155"},
				"annemarie@example.no":     {"first_name": "Anne Marie", "last_name": "Johansen", "loyalty_points": "35"},
				"jan.vdberg@example.no":    {"last_name": "van der Berg", "loyalty_points": "0"},
				"piotr.nowak@example.pl":   {"first_name": "Piotr", "last_name": "Nowak", "country": "PL", "mobile": "+48781112233"},
			}},
		{file: "vend-customers.csv", rows: 10,
			warns: map[int][]customer.Code{3: {customer.WarnPointsNotWhole}},
			stored: map[string]map[string]string{
				"ingvild.svendsen@example.no": {"account_number": "Ingvild-4F2B", "mobile": "+4791234500", "phone": "+4722334455", "postcode": "0355", "loyalty_points": "120", "birth_date": "1985-06-14"},
				"k.mazur@example.pl":          {"mobile": "+48603123456", "phone": "+48227654321", "country": "PL"},
			}},
		{file: "lightspeed-r-customers.csv", rows: 10,
			stored: map[string]map[string]string{
				"randi.moe@example.no":        {"title": "Mrs", "phone": "+4755203040", "mobile": "+4791234111", "country": "NO"},
				"bjorn@saether.example.no":    {"phone": "+4773809010", "company": "Sæther Sport AS"},
				"joanna.dabrowska@example.pl": {"country": "PL", "mobile": "+48604111222"},
			}},
		{file: "citrus-lime-customers.xlsx", rows: 10,
			stored: map[string]map[string]string{
				"harald.bakken@example.no": {"account_number": "CL-0001", "postcode": "0150", "country": "NO", "birth_date": "1974-05-17", "mobile": "+4791234000"},
				"emily.c@example.co.uk":    {"country": "GB", "postcode": "SW1A 1AA", "phone": "+442079460958"},
			}},
		{file: "clientele-nb.csv", rows: 2,
			stored: map[string]map[string]string{"erik.pedersen@example.no": {"title": "Dr", "sms_opt_in": "Yes", "email_opt_in": "No", "birth_date": "1985-06-14"}}},
		{file: "clientele-pl.csv", rows: 2,
			stored: map[string]map[string]string{"anna.wojcik@example.pl": {"country": "PL", "email_opt_in": "Yes", "loyalty_points": "20", "postcode": "02-001"}}},
		{file: "everyday-nb.csv", rows: 2,
			stored: map[string]map[string]string{"hilde.strom@example.no": {"account_number": "1001", "birth_date": "1972-12-12", "email_opt_in": "Yes", "mobile": "+4791555666"}}},
		{file: "everyday-pl.csv", rows: 2,
			stored: map[string]map[string]string{"lukasz.j@example.pl": {"account_number": "502", "city": "Kraków", "note": "VIP"}}},
	}
	dbtest.Each(t, func(t *testing.T, dsn string) {
		s := openStore(t, dsn)
		for _, tt := range tests {
			t.Run(tt.file, func(t *testing.T) {
				sh := newShop(t, s, "NO")
				imp := sh.stage(filepath.Join(must(filepath.Abs(vendorSamples)), tt.file), customer.ModeCreate)
				// Every sample but the everyday spreadsheets and our own templates is a platform's file.
				platform := !strings.HasPrefix(tt.file, "everyday-") && !strings.HasPrefix(tt.file, "clientele-")
				if said := len(imp.Warnings) > 0 && strings.HasPrefix(imp.Warnings[0], "The file was recognised as a "); said != platform {
					t.Errorf("warnings %q: saying which platform's file this is = %v, want %v", imp.Warnings, said, platform)
				}
				rows := sh.rows(imp.ID)
				if len(rows) != tt.rows {
					t.Fatalf("%d rows, want %d", len(rows), tt.rows)
				}
				check := func(rows []customer.StagedRow) {
					t.Helper()
					for _, r := range rows {
						if got, want := problems(r.Errors), sorted(tt.errs[r.Row]); !slices.Equal(got, want) {
							t.Errorf("row %d: errors %v, want %v (%+v)", r.Row, got, want, r.Errors)
						}
						var codes []customer.Code
						for _, p := range r.Warnings {
							if p.Code != customer.WarnLeadingZero {
								codes = append(codes, p.Code)
							}
						}
						if want := tt.warns[r.Row]; !slices.Equal(codes, want) {
							t.Errorf("row %d: warnings %v, want %v (%+v)", r.Row, codes, want, r.Warnings)
						}
					}
				}
				check(rows)
				if imp.Summary.New != tt.rows-len(tt.errs) {
					t.Errorf("summary %+v", imp.Summary)
				}
				// A re-check (as after another row's edit) keeps what reading said.
				if _, err := sh.im.Validate(ctx, sh.tn, imp.ID); err != nil {
					t.Fatalf("Validate: %v", err)
				}
				check(sh.rows(imp.ID))
				sh.confirm(imp.ID)
				for email, fields := range tt.stored {
					c := sh.customer(customer.FEmail, email)
					for key, v := range fields {
						if got := c.Values[customer.FieldByKey(key)]; got != v {
							t.Errorf("%s: %s = %q, want %q", email, key, got, v)
						}
					}
				}
			})
		}
	})
}

// TestStageWithMap stages a file whose headers nothing recognises, with a mapping, as the web's
// mapping step and the CLI's --map do.
func TestStageWithMap(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		sh := newShop(t, openStore(t, dsn), "NO")
		path := filepath.Join(t.TempDir(), "rart.csv")
		if err := os.WriteFile(path, []byte("Hvem;Kontakt;Hvor\nOla Nordmann;912 34 567;0150\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := sh.im.Stage(context.Background(), sh.tn, path, stageOpts(customer.ModeCreate, 0))
		if ce, ok := err.(*customer.Error); !ok || ce.Code != customer.EFile {
			t.Fatalf("without a map: %v", err)
		}
		opt := stageOpts(customer.ModeCreate, 0)
		opt.Map = map[string]string{"Hvem": "full_name", "Kontakt": "Mobile", "Hvor": "postcode"}
		imp, err := sh.im.Stage(context.Background(), sh.tn, path, opt)
		if err != nil {
			t.Fatal(err)
		}
		if imp.Summary.New != 1 {
			t.Fatalf("summary %+v: %+v", imp.Summary, sh.rows(imp.ID))
		}
		sh.confirm(imp.ID)
		c := sh.customer(customer.FMobile, "+4791234567")
		if c.Values[customer.FFirstName] != "Ola" || c.Values[customer.FLastName] != "Nordmann" || c.Values[customer.FPostcode] != "0150" {
			t.Errorf("stored %q", c.Values)
		}
	})
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
