package sheet

import "github.com/clientele/clientele/customer"

// cellXform says what is done to a column's cells before they become a field's raw value, where
// another platform writes a field in a shape our rules do not read.
type cellXform int

const (
	xNone         cellXform = iota
	xConsent                // Yes/No words, plus Subscribed → Yes, Unsubscribed → No, Unknown → blank
	xUnsubscribed           // Square's old "Email Unsubscribed": true → No; false → blank (not a consent)
	xPoints                 // a balance: "120.00" → 120; a fraction → blank, kept in Note, warned
	xBirthday               // a day without a year ("05-14") → blank, warned
	xBirthdayUS             // xBirthday, and Square's MM-DD-YYYY → YYYY-MM-DD
	xTitle                  // "Mr." → "Mr"
)

// vendorColumn is one column of a platform's export and what it becomes.
type vendorColumn struct {
	header   string // as the platform writes it (matched folded)
	target   int    // a field index, fullName, or -1 (not stored)
	xf       cellXform
	fallback bool   // used only where the earlier column of the same target is blank
	extra    bool   // target FNote: appended to the note as "Label: value"
	label    string // for extra: the label, when the header is not one a person reads ("customer_group_name")
	omit     string // for extra: a value that says nothing and is not added ("All Customers")
}

// vendor is a platform whose customer export is recognised by its headers.
type vendor struct {
	name string
	// markers are groups of headers (as the platform writes them); a file whose header row has
	// every header of one group is that platform's. Groups name headers no other source uses
	// together, so that a shop's own file is never taken for an export.
	markers [][]string
	columns []vendorColumn
	// stripQuote removes the ' that the platform puts before ids, phones and zip codes so that
	// spreadsheets keep them as text ("'+4791234567", "'0150").
	stripQuote bool
}

// Shorthands for the tables below.
func col(h string, t int) vendorColumn { return vendorColumn{header: h, target: t} }
func colX(h string, t int, x cellXform) vendorColumn {
	return vendorColumn{header: h, target: t, xf: x}
}
func colFallback(h string, t int) vendorColumn {
	return vendorColumn{header: h, target: t, fallback: true}
}
func colExtra(h string) vendorColumn {
	return vendorColumn{header: h, target: customer.FNote, extra: true}
}
func colIgnore(h string) vendorColumn { return vendorColumn{header: h, target: -1} }

// vendors are the platforms whose exports import with no mapping step. docs/FORMATS.md says
// which headers public material confirms and which are our best reading of it.
//
// Phones: a platform's one "phone" of the customer (Shopify's Phone, Square's Phone Number,
// Loyverse's Phone) is the number the customer gave for receipts and texts, which is what our
// Mobile is for, so it goes to Mobile; an address's phone (Shopify's Default Address Phone) and
// a home or work number go to Phone. Where a platform has a mobile column, that is Mobile.
//
// Visits, spend and orders are history our catalogue has no field for; rather than drop what a
// shop may want to see at the till, they are added to Note as "Header: value". Internal record
// ids of the old platform (Shopify's Customer ID, Square Customer ID) are not our account
// numbers and are ignored; a number the shop itself gave (Square's Reference ID, Loyverse's and
// Vend's customer code) is the Account Number.
var vendors = []vendor{
	{
		name: "Shopify customer export",
		markers: [][]string{
			{"First Name", "Accepts Email Marketing", "Default Address Address1"},
			{"First Name", "Accepts Email Marketing", "Address1"},
			{"First Name", "Accepts Marketing", "Address1", "Total Spent"},
		},
		stripQuote: true,
		columns: []vendorColumn{
			colIgnore("Customer ID"),
			col("First Name", customer.FFirstName),
			col("Last Name", customer.FLastName),
			col("Email", customer.FEmail),
			colX("Accepts Email Marketing", customer.FEmailOptIn, xConsent),
			colX("Accepts Marketing", customer.FEmailOptIn, xConsent),
			col("Default Address Company", customer.FCompany),
			col("Default Address Address1", customer.FAddress1),
			col("Default Address Address2", customer.FAddress2),
			col("Default Address City", customer.FCity),
			col("Default Address Province Code", customer.FRegion),
			col("Default Address Country Code", customer.FCountry),
			col("Default Address Zip", customer.FPostcode),
			col("Default Address Phone", customer.FPhone),
			col("Company", customer.FCompany),
			col("Address1", customer.FAddress1),
			col("Address2", customer.FAddress2),
			col("City", customer.FCity),
			col("Province", customer.FRegion),
			colFallback("Province Code", customer.FRegion),
			col("Country Code", customer.FCountry),
			colFallback("Country", customer.FCountry),
			col("Zip", customer.FPostcode),
			col("Phone", customer.FMobile),
			colX("Accepts SMS Marketing", customer.FSMSOptIn, xConsent),
			colExtra("Total Spent"),
			colExtra("Total Orders"),
			col("Note", customer.FNote),
			colIgnore("Tax Exempt"),
			colExtra("Tags"),
			colIgnore("Accepts WhatsApp Marketing"),
		},
	},
	{
		name: "Square customer directory export",
		markers: [][]string{
			{"Square Customer ID"},
			{"Reference ID", "Email Subscription Status"},
			{"Reference ID", "Email Unsubscribed"},
		},
		columns: []vendorColumn{
			col("Reference ID", customer.FAccount),
			col("First Name", customer.FFirstName),
			col("Last Name", customer.FLastName),
			col("Email Address", customer.FEmail),
			col("Phone Number", customer.FMobile),
			colIgnore("Nickname"),
			col("Company Name", customer.FCompany),
			col("Street Address 1", customer.FAddress1),
			col("Street Address 2", customer.FAddress2),
			col("City", customer.FCity),
			col("State", customer.FRegion),
			col("Postal Code", customer.FPostcode),
			colX("Birthday", customer.FBirthDate, xBirthdayUS),
			col("Memo", customer.FNote),
			colIgnore("Square Customer ID"),
			colIgnore("Creation Source"),
			colIgnore("First Visit"),
			colExtra("Last Visit"),
			colExtra("Transaction Count"),
			colExtra("Lifetime Spend"),
			colX("Email Subscription Status", customer.FEmailOptIn, xConsent),
			colX("Email Unsubscribed", customer.FEmailOptIn, xUnsubscribed),
			colIgnore("Instant Profile"),
			colIgnore("Blocked from online booking"),
		},
	},
	{
		name: "Loyverse customer export",
		markers: [][]string{
			{"Customer name", "Points balance"},
			{"Customer name", "Total visits"},
			{"Customer name", "Customer code"},
		},
		columns: []vendorColumn{
			colIgnore("Customer ID"),
			col("Customer name", fullName),
			col("Email", customer.FEmail),
			col("Phone", customer.FMobile),
			col("Address", customer.FAddress1),
			col("City", customer.FCity),
			col("Province / State", customer.FRegion),
			col("Postal code", customer.FPostcode),
			col("Country", customer.FCountry),
			col("Customer code", customer.FAccount),
			col("Note", customer.FNote),
			colIgnore("First visit"),
			colExtra("Last visit"),
			colExtra("Total visits"),
			colExtra("Total spent"),
			colX("Points balance", customer.FLoyaltyPoints, xPoints),
		},
	},
	{
		name: "Lightspeed X-Series (Vend) customer export",
		markers: [][]string{
			{"customer_code", "physical_address1"},
			{"customer_code", "loyalty_balance"},
			{"customer_code", "customer_group_name"},
		},
		columns: []vendorColumn{
			colIgnore("id"),
			col("customer_code", customer.FAccount),
			col("first_name", customer.FFirstName),
			col("last_name", customer.FLastName),
			col("name", fullName),
			col("email", customer.FEmail),
			col("phone", customer.FPhone),
			col("mobile", customer.FMobile),
			colIgnore("fax"),
			col("company_name", customer.FCompany),
			col("date_of_birth", customer.FBirthDate),
			colIgnore("sex"),
			colIgnore("website"),
			colIgnore("twitter"),
			col("physical_address1", customer.FAddress1),
			col("physical_address2", customer.FAddress2),
			colFallback("physical_suburb", customer.FAddress2),
			col("physical_city", customer.FCity),
			col("physical_postcode", customer.FPostcode),
			col("physical_state", customer.FRegion),
			col("physical_country_id", customer.FCountry),
			// The postal address is a second address; mixing its parts into the physical one
			// would make an address nobody has, so it is not stored.
			colIgnore("postal_address1"),
			colIgnore("postal_address2"),
			colIgnore("postal_suburb"),
			colIgnore("postal_city"),
			colIgnore("postal_postcode"),
			colIgnore("postal_state"),
			colIgnore("postal_country_id"),
			{header: "customer_group_name", target: customer.FNote, extra: true, label: "Customer group", omit: "All Customers"},
			col("note", customer.FNote),
			colIgnore("enable_loyalty"),
			colX("loyalty_balance", customer.FLoyaltyPoints, xPoints),
			colIgnore("balance"),
			colIgnore("year_to_date"),
			colIgnore("custom_field_1"),
			colIgnore("custom_field_2"),
			colIgnore("custom_field_3"),
			colIgnore("custom_field_4"),
		},
	},
	{
		name: "Lightspeed R-Series customer export",
		markers: [][]string{
			{"Customer Type", "Mobile Phone"},
			{"Customer Type", "Home Phone"},
			{"Customer Type", "Work Phone"},
		},
		columns: []vendorColumn{
			colIgnore("Customer ID"),
			colX("Title", customer.FTitle, xTitle),
			col("First Name", customer.FFirstName),
			col("Last Name", customer.FLastName),
			col("Company", customer.FCompany),
			colIgnore("Customer Type"),
			col("Address 1", customer.FAddress1),
			col("Address 2", customer.FAddress2),
			col("City", customer.FCity),
			col("State", customer.FRegion),
			col("Zip", customer.FPostcode),
			col("Country", customer.FCountry),
			col("Home Phone", customer.FPhone),
			colFallback("Work Phone", customer.FPhone),
			col("Mobile Phone", customer.FMobile),
			colIgnore("Fax"),
			colIgnore("Pager"),
			col("Email", customer.FEmail),
			colIgnore("Email 2"),
			colIgnore("Website"),
			colX("Birthday", customer.FBirthDate, xBirthday),
			col("Notes", customer.FNote),
			colIgnore("Discount"),
			colIgnore("Tax Category"),
			colIgnore("Credit Account"),
			colIgnore("Created"),
		},
	},
	{
		name: "Citrus-Lime Cloud POS customer template",
		markers: [][]string{
			{"Price Level", "Contact Preference"},
			{"County/State", "Price Level"},
			{"Tax Number", "Contact Preference"},
		},
		columns: []vendorColumn{
			col("Account Number", customer.FAccount),
			colX("Title", customer.FTitle, xTitle),
			col("First Name", customer.FFirstName),
			col("Last Name", customer.FLastName),
			col("Postcode", customer.FPostcode),
			col("Company", customer.FCompany),
			col("Address", customer.FAddress1),
			col("Address 2", customer.FAddress2),
			col("City", customer.FCity),
			col("County/State", customer.FRegion),
			col("Country", customer.FCountry),
			col("Phone", customer.FPhone),
			col("Mobile", customer.FMobile),
			colIgnore("Fax"),
			col("Email", customer.FEmail),
			// A preferred way of contact is not a consent to marketing: not stored.
			colIgnore("Contact Preference"),
			col("Date of Birth", customer.FBirthDate),
			colIgnore("Gender"),
			colIgnore("Tax Exempt"),
			colIgnore("Tax Number"),
			colIgnore("Price Level"),
		},
	},
}

// templateNames name our own template in each language, as Source reports it.
var templateNames = map[string]string{
	"en": "Clientele template (English)",
	"nb": "Clientele template (Norwegian)",
	"pl": "Clientele template (Polish)",
}

// OwnTemplate reports whether source, as Source reports it, is our own template (in any
// language) rather than another platform's file: a file in our template needs no word on how
// its columns were read.
func OwnTemplate(source string) bool {
	for _, name := range templateNames {
		if source == name {
			return true
		}
	}
	return false
}

// detectVendor returns the platform whose markers the folded headers have, or nil.
func detectVendor(folded map[string]bool) *vendor {
	for i := range vendors {
		v := &vendors[i]
		for _, group := range v.markers {
			all := true
			for _, h := range group {
				if !folded[fold(h)] {
					all = false
					break
				}
			}
			if all {
				return v
			}
		}
	}
	return nil
}

// column returns the platform's column for a folded header.
func (v *vendor) column(folded string) (vendorColumn, bool) {
	for _, c := range v.columns {
		if fold(c.header) == folded {
			return c, true
		}
	}
	return vendorColumn{}, false
}

// detectTemplate returns the name of our template's language whose headers make up most of the
// header row (at least five, and three in four of its non-blank cells), or "".
func detectTemplate(header []string) string {
	nonBlank := 0
	for _, h := range header {
		if fold(h) != "" {
			nonBlank++
		}
	}
	best, bestN := "", 0
	for _, lang := range customer.Languages {
		words := map[string]bool{}
		for i := range customer.Fields {
			words[fold(customer.HeaderIn(lang, i))] = true
		}
		n := 0
		for _, h := range header {
			if words[fold(h)] {
				n++
			}
		}
		if n > bestN {
			best, bestN = lang, n
		}
	}
	if bestN >= 5 && bestN*4 >= nonBlank*3 {
		return templateNames[best]
	}
	return ""
}
