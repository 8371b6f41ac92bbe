package sheet

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
)

// rowWant is what one row of a platform's sample becomes: some fields by key, and the codes of
// the row's read warnings (nil: none).
type rowWant struct {
	fields map[string]string
	warns  []customer.Code
}

// TestVendorSamples reads each platform's sample export (testdata/vendors, see its README) and
// checks the recognised source, what every column maps to, the ignored-columns warning, and the
// exact values of chosen rows: names split, consents, country codes, points, postcodes with
// leading zeros, phones.
func TestVendorSamples(t *testing.T) {
	tests := []struct {
		file    string
		source  string
		rows    int
		fields  map[string]string // header → field key ("" ignored), for every column
		ignored string            // the ignored-columns warning
		want    map[int]rowWant   // by spreadsheet row number
	}{
		{
			file: "shopify-customers_export.csv", source: "Shopify customer export", rows: 11,
			fields: map[string]string{"Customer ID": "", "First Name": "first_name", "Last Name": "last_name", "Email": "email",
				"Accepts Email Marketing": "email_opt_in", "Default Address Company": "company", "Default Address Address1": "address_line1",
				"Default Address Address2": "address_line2", "Default Address City": "city", "Default Address Province Code": "region",
				"Default Address Country Code": "country", "Default Address Zip": "postcode", "Default Address Phone": "phone",
				"Phone": "mobile", "Accepts SMS Marketing": "sms_opt_in", "Total Spent": "note", "Total Orders": "note", "Note": "note",
				"Tax Exempt": "", "Tags": "note"},
			ignored: "Columns “Customer ID”, “Tax Exempt” are not customer fields and were ignored.",
			want: map[int]rowWant{
				2: {fields: map[string]string{"account_number": "", "first_name": "Ingrid", "last_name": "Haugen", "company": "Haugen Sykkel AS",
					"mobile": "+4791234567", "phone": "+4722123456", "postcode": "0150", "country": "NO", "region": "03",
					"email_opt_in": "yes", "sms_opt_in": "no",
					"note": "Prefers SMS receipts; Total Spent: 1250.00; Total Orders: 12; Tags: vip, nyhetsbrev"}},
				5: {fields: map[string]string{"first_name": "Zofia", "last_name": "Wiśniewska", "postcode": "00-950", "country": "PL",
					"mobile": "+48601234567", "note": "Mówi po polsku; Total Spent: 210.00; Total Orders: 2"}},
				6:  {fields: map[string]string{"company": "Kowalski Sp. z o.o.", "note": "Tags: b2b"}}, // zero spend and orders say nothing
				12: {fields: map[string]string{"first_name": "Piotr", "email": "", "mobile": "+48781234567", "sms_opt_in": "yes", "country": ""}},
			},
		},
		{
			file: "shopify-classic.csv", source: "Shopify customer export", rows: 4,
			fields: map[string]string{"First Name": "first_name", "Last Name": "last_name", "Email": "email", "Accepts Email Marketing": "email_opt_in",
				"Company": "company", "Address1": "address_line1", "Address2": "address_line2", "City": "city", "Province": "region",
				"Province Code": "region", "Country": "country", "Country Code": "country", "Zip": "postcode", "Phone": "mobile",
				"Accepts SMS Marketing": "sms_opt_in", "Total Spent": "note", "Total Orders": "note", "Tags": "note", "Note": "note", "Tax Exempt": ""},
			ignored: "Column “Tax Exempt” is not a customer field and was ignored.",
			want: map[int]rowWant{
				2: {fields: map[string]string{"first_name": "Marit", "postcode": "0554", "country": "NO", "region": "Oslo", "mobile": "+4790011223"}},
				3: {fields: map[string]string{"note": "Faktura på e-post; Total Spent: 1520.50; Total Orders: 9; Tags: b2b", "sms_opt_in": "yes"}},
				5: {fields: map[string]string{"first_name": "Lars", "country": "Norway", "note": ""}}, // no code: the name fills in
			},
		},
		{
			file: "square-customers.csv", source: "Square customer directory export", rows: 11,
			fields: map[string]string{"Reference ID": "account_number", "First Name": "first_name", "Last Name": "last_name", "Email Address": "email",
				"Phone Number": "mobile", "Nickname": "", "Company Name": "company", "Street Address 1": "address_line1", "Street Address 2": "address_line2",
				"City": "city", "State": "region", "Postal Code": "postcode", "Birthday": "birth_date", "Memo": "note", "Square Customer ID": "",
				"Creation Source": "", "First Visit": "", "Last Visit": "note", "Transaction Count": "note", "Lifetime Spend": "note",
				"Email Subscription Status": "email_opt_in", "Instant Profile": "", "Blocked from online booking": ""},
			ignored: "Columns “Nickname”, “Square Customer ID”, “Creation Source”, “First Visit”, “Instant Profile”, “Blocked from online booking” are not customer fields and were ignored.",
			want: map[int]rowWant{
				2: {fields: map[string]string{"account_number": "SQ-1001", "email_opt_in": "Yes", "birth_date": "1984-11-03", "postcode": "0552",
					"mobile": "+4792233445", "country": "",
					"note": "Likes road bikes; Last Visit: 2024-05-30; Transaction Count: 14; Lifetime Spend: 1,250.00"}},
				3: {fields: map[string]string{"email_opt_in": "No", "birth_date": ""}, warns: []customer.Code{customer.WarnBirthdayNoYear}},
				4: {fields: map[string]string{"email_opt_in": "", "birth_date": "1988-07-04", "postcode": "81-368"}},
				5: {fields: map[string]string{"account_number": "", "company": "Moen Bygg AS", "note": "Last Visit: 2023-05-01; Transaction Count: 1"}},
			},
		},
		{
			file: "loyverse-customers.csv", source: "Loyverse customer export", rows: 11,
			fields: map[string]string{"Customer name": "full_name", "Email": "email", "Phone": "mobile", "Address": "address_line1", "City": "city",
				"Province / State": "region", "Postal code": "postcode", "Country": "country", "Customer code": "account_number", "Note": "note",
				"First visit": "", "Last visit": "note", "Total visits": "note", "Total spent": "note", "Points balance": "loyalty_points"},
			ignored: "Column “First visit” is not a customer field and was ignored.",
			want: map[int]rowWant{
				2: {fields: map[string]string{"first_name": "Kari", "last_name": "Nordmann", "account_number": "K-0001", "loyalty_points": "120",
					"postcode": "0155", "country": "NO", "note": "Last visit: 2024-06-10; Total visits: 18; Total spent: 2340.00"}},
				3: {fields: map[string]string{"first_name": "Anne Marie", "last_name": "Johansen"}, warns: []customer.Code{customer.WarnNameSplit}},
				4: {fields: map[string]string{"first_name": "Jan", "last_name": "van der Berg", "loyalty_points": "",
					"note": "Last visit: 2024-04-11; Total visits: 3; Total spent: 240.00; Points balance: 12.50"},
					warns: []customer.Code{customer.WarnNameSplit, customer.WarnPointsNotWhole}},
				6:  {fields: map[string]string{"first_name": "Kari", "last_name": ""}, warns: []customer.Code{customer.WarnNameSplit}},
				7:  {fields: map[string]string{"first_name": "Piotr", "last_name": "Nowak", "postcode": "20-001", "country": "PL"}},
				8:  {fields: map[string]string{"loyalty_points": "0"}},
				12: {fields: map[string]string{"first_name": "Ida Marie", "last_name": "af Rosenborg", "postcode": "0010"}, warns: []customer.Code{customer.WarnNameSplit}},
			},
		},
		{
			file: "vend-customers.csv", source: "Lightspeed X-Series (Vend) customer export", rows: 10,
			fields: map[string]string{"id": "", "customer_code": "account_number", "first_name": "first_name", "last_name": "last_name", "email": "email",
				"phone": "phone", "mobile": "mobile", "fax": "", "company_name": "company", "date_of_birth": "birth_date", "sex": "", "website": "",
				"twitter": "", "physical_address1": "address_line1", "physical_address2": "address_line2", "physical_suburb": "address_line2",
				"physical_city": "city", "physical_postcode": "postcode", "physical_state": "region", "physical_country_id": "country",
				"postal_address1": "", "postal_address2": "", "postal_suburb": "", "postal_city": "", "postal_postcode": "", "postal_state": "",
				"postal_country_id": "", "customer_group_name": "note", "note": "note", "enable_loyalty": "", "loyalty_balance": "loyalty_points"},
			ignored: "Columns “id”, “fax”, “sex”, “website”, “twitter”, “postal_address1”, “postal_address2”, “postal_suburb”, “postal_city”, “postal_postcode”, “postal_state”, “postal_country_id”, “enable_loyalty” are not customer fields and were ignored.",
			want: map[int]rowWant{
				2: {fields: map[string]string{"account_number": "Ingvild-4F2B", "mobile": "91234500", "phone": "22334455", "postcode": "0355",
					"city": "Oslo", "country": "NO", "loyalty_points": "120", "birth_date": "1985-06-14", "note": ""}},
				3: {fields: map[string]string{"loyalty_points": "", "note": "Wants invoices by email; Customer group: VIP; loyalty_balance: 12.50"},
					warns: []customer.Code{customer.WarnPointsNotWhole}},
				4: {fields: map[string]string{"mobile": "+48 603 123 456", "phone": "+48 22 765 43 21", "country": "PL", "postcode": "00-400", "loyalty_points": "0"}},
				6: {fields: map[string]string{"address_line1": "", "note": "Allergisk mot nikkel", "loyalty_points": "250"}},
			},
		},
		{
			file: "lightspeed-r-customers.csv", source: "Lightspeed R-Series customer export", rows: 10,
			fields: map[string]string{"Customer ID": "", "Title": "title", "First Name": "first_name", "Last Name": "last_name", "Company": "company",
				"Customer Type": "", "Address 1": "address_line1", "Address 2": "address_line2", "City": "city", "State": "region", "Zip": "postcode",
				"Country": "country", "Home Phone": "phone", "Work Phone": "phone", "Mobile Phone": "mobile", "Fax": "", "Email": "email",
				"Email 2": "", "Website": "", "Birthday": "birth_date", "Notes": "note", "Discount": "", "Tax Category": "", "Credit Account": "", "Created": ""},
			ignored: "Columns “Customer ID”, “Customer Type”, “Fax”, “Email 2”, “Website”, “Discount”, “Tax Category”, “Credit Account”, “Created” are not customer fields and were ignored.",
			want: map[int]rowWant{
				2:  {fields: map[string]string{"title": "Mrs", "phone": "55 20 30 40", "mobile": "912 34 111", "country": "Norway", "postcode": "5058"}},
				3:  {fields: map[string]string{"title": "Mr", "phone": "73 80 90 10", "company": "Sæther Sport AS", "email": "bjorn@saether.example.no"}}, // work phone fills in
				11: {fields: map[string]string{"phone": "51 60 70 80", "mobile": ""}},                                                                     // home phone wins over work
			},
		},
		{
			file: "citrus-lime-customers.xlsx", source: "Citrus-Lime Cloud POS customer template", rows: 10,
			fields: map[string]string{"Account Number": "account_number", "Title": "title", "First Name": "first_name", "Last Name": "last_name",
				"Postcode": "postcode", "Company": "company", "Address": "address_line1", "Address 2": "address_line2", "City": "city",
				"County/State": "region", "Country": "country", "Phone": "phone", "Mobile": "mobile", "Fax": "", "Email": "email",
				"Contact Preference": "", "Date of Birth": "birth_date", "Gender": "", "Tax Exempt": "", "Tax Number": "", "Price Level": ""},
			ignored: "Columns “Fax”, “Contact Preference”, “Gender”, “Tax Exempt”, “Tax Number”, “Price Level” are not customer fields and were ignored.",
			want: map[int]rowWant{
				2: {fields: map[string]string{"account_number": "CL-0001", "postcode": "0150", "country": "Norway", "birth_date": "1974-05-17", "mobile": "912 34 000"}},
				3: {fields: map[string]string{"postcode": "SW1A 1AA", "country": "United Kingdom", "address_line2": "Flat 2"}},
				5: {fields: map[string]string{"company": "Thorsen Sykler AS", "mobile": "", "phone": "55 30 20 10"}},
			},
		},
		{
			file: "clientele-nb.csv", source: "Clientele template (Norwegian)", rows: 2,
			want: map[int]rowWant{3: {fields: map[string]string{"title": "Dr", "email_opt_in": "Nei", "sms_opt_in": "Ja", "postcode": "0154", "note": "Ring etter kl 16"}}},
		},
		{
			file: "clientele-pl.csv", source: "Clientele template (Polish)", rows: 2,
			want: map[int]rowWant{3: {fields: map[string]string{"first_name": "Michał", "mobile": "+48 601 700 801", "address_line2": "m. 5", "email_opt_in": "Nie"}}},
		},
		{
			file: "everyday-nb.csv", source: "", rows: 2,
			fields: map[string]string{"Kundenr": "account_number", "Fornavn": "first_name", "Etternavn": "last_name", "Epost": "email",
				"Mobilnummer": "mobile", "Tlf": "phone", "Adresse": "address_line1", "Postnr.": "postcode", "Sted": "city", "Født": "birth_date",
				"Nyhetsbrev": "email_opt_in", "Poeng": "loyalty_points", "Merknad": "note", "Kundetype": ""},
			ignored: "Column “Kundetype” is not a customer field and was ignored.",
			want:    map[int]rowWant{3: {fields: map[string]string{"first_name": "Knut", "last_name": "Øien", "phone": "73 50 50 50", "postcode": "7030", "email_opt_in": "Nei"}}},
		},
		{
			file: "everyday-pl.csv", source: "", rows: 2,
			fields: map[string]string{"Nr klienta": "account_number", "Imię": "first_name", "Nazwisko": "last_name", "Adres e-mail": "email",
				"Komórka": "mobile", "Ulica": "address_line1", "Kod pocztowy": "postcode", "Miasto": "city", "Data urodzenia": "birth_date",
				"Punkty": "loyalty_points", "Uwagi": "note", "Źródło": ""},
			ignored: "Column “Źródło” is not a customer field and was ignored.",
			want:    map[int]rowWant{2: {fields: map[string]string{"first_name": "Barbara", "mobile": "+48 700 100 200", "postcode": "00-238", "city": "Warszawa"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			r, rows := readAll(t, filepath.Join("testdata", "vendors", tt.file), Limits{})
			if r.Source() != tt.source {
				t.Errorf("Source() = %q, want %q", r.Source(), tt.source)
			}
			if len(rows) != tt.rows {
				t.Errorf("%d rows, want %d", len(rows), tt.rows)
			}
			if tt.fields != nil {
				m := r.Mapping()
				if len(m) != len(tt.fields) {
					t.Errorf("Mapping has %d columns, want %d", len(m), len(tt.fields))
				}
				for _, c := range m {
					if want, ok := tt.fields[c.Header]; !ok || c.Field != want {
						t.Errorf("column %s %q → %q, want %q", c.Letter, c.Header, c.Field, want)
					}
					if c.Field != "" && c.Via == "" || c.Field == "" && c.Via != "" {
						t.Errorf("column %q: field %q via %q", c.Header, c.Field, c.Via)
					}
				}
			}
			var wantWarns []string
			if tt.ignored != "" {
				wantWarns = []string{tt.ignored}
			}
			if got := r.Warnings(); !slices.Equal(got, wantWarns) {
				t.Errorf("Warnings() = %q, want %q", got, wantWarns)
			}
			seen := 0
			for _, row := range rows {
				w, ok := tt.want[row.Num]
				if !ok {
					continue
				}
				seen++
				for key, v := range w.fields {
					f := customer.FieldByKey(key)
					if got := row.Values[f]; got != v {
						t.Errorf("row %d: %s = %q, want %q", row.Num, key, got, v)
					}
				}
				var codes []customer.Code
				for _, p := range row.Warnings {
					codes = append(codes, p.Code)
					if p.Message == "" || customer.FieldByKey(p.Field) < 0 {
						t.Errorf("row %d: warning %+v lacks a message or field", row.Num, p)
					}
				}
				if !slices.Equal(codes, w.warns) {
					t.Errorf("row %d: warnings %v, want %v (%+v)", row.Num, codes, w.warns, row.Warnings)
				}
			}
			if seen != len(tt.want) {
				t.Errorf("checked %d rows, want %d", seen, len(tt.want))
			}
		})
	}
}

// TestVendorRowsWithoutWarnings makes sure the samples' warnings are the ones listed above and
// no others: every row not in a want list reads without row warnings, except where its
// platform's shape forces one.
func TestVendorWarningCounts(t *testing.T) {
	counts := map[string]map[customer.Code]int{
		"shopify-customers_export.csv": {},
		"square-customers.csv":         {customer.WarnBirthdayNoYear: 3},
		"loyverse-customers.csv":       {customer.WarnNameSplit: 5, customer.WarnPointsNotWhole: 1},
		"vend-customers.csv":           {customer.WarnPointsNotWhole: 1},
		"lightspeed-r-customers.csv":   {},
		"citrus-lime-customers.xlsx":   {},
	}
	for file, want := range counts {
		_, rows := readAll(t, filepath.Join("testdata", "vendors", file), Limits{})
		got := map[customer.Code]int{}
		for _, r := range rows {
			for _, p := range r.Warnings {
				got[p.Code]++
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: warnings %v, want %v", file, got, want)
		}
	}
}

// TestVendorDetection checks that a platform is recognised only by its marker columns: a shop's
// own file with some of the same headers is not taken for an export.
func TestVendorDetection(t *testing.T) {
	tests := []struct {
		header string
		want   string
	}{
		{"First Name,Last Name,Email,Accepts Email Marketing,Default Address Address1", "Shopify customer export"},
		{"\ufeffFIRST NAME,last name,EMAIL,accepts email marketing,address1,zip", "Shopify customer export"},
		{"First Name,Last Name,Email,Phone,Total Spent", ""},
		{"Square Customer ID,First Name,Last Name", "Square customer directory export"},
		{"Customer name,Email,Points balance", "Loyverse customer export"},
		{"Customer name,Email", ""},
		{"customer_code,first_name,last_name,loyalty_balance", "Lightspeed X-Series (Vend) customer export"},
		{"Customer Code,First Name,Last Name", ""},
		{"First Name,Last Name,Customer Type,Mobile Phone", "Lightspeed R-Series customer export"},
		{"First Name,Last Name,Price Level,Contact Preference", "Citrus-Lime Cloud POS customer template"},
		{strings.Join(englishHeaders(), ","), "Clientele template (English)"},
		{"First Name,Last Name,Email", ""},
	}
	for _, tt := range tests {
		p, err := buildPlan(strings.Split(tt.header, ","), Options{})
		if err != nil {
			t.Errorf("%q: %v", tt.header, err)
			continue
		}
		if p.source != tt.want {
			t.Errorf("%q: source %q, want %q", tt.header, p.source, tt.want)
		}
	}
}

func englishHeaders() []string {
	var h []string
	for _, f := range customer.Fields {
		h = append(h, f.Header)
	}
	return h
}
