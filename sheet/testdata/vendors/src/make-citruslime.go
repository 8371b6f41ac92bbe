//go:build ignore

// make-citruslime writes ../citrus-lime-customers.xlsx, a customer sheet shaped like
// Citrus-Lime Cloud POS's customer import template: text cells throughout (postcodes and
// phones keep their zeros, as the template formats those columns as text), a date of birth as
// a real date cell, country as a name. Run from sheet/testdata/vendors/src:
//
//	go run make-citruslime.go
package main

import (
	"log"
	"time"

	"github.com/xuri/excelize/v2"
)

func main() {
	header := []string{"Account Number", "Title", "First Name", "Last Name", "Postcode", "Company", "Address", "Address 2", "City",
		"County/State", "Country", "Phone", "Mobile", "Fax", "Email", "Contact Preference", "Date of Birth", "Gender", "Tax Exempt", "Tax Number", "Price Level"}
	rows := [][]any{
		{"CL-0001", "Mr", "Harald", "Bakken", "0150", "", "Rådhusgata 5", "", "Oslo", "Oslo", "Norway", "22 33 44 55", "912 34 000", "", "harald.bakken@example.no", "Email", date(1974, 5, 17), "Male", "No", "", "Retail"},
		{"CL-0002", "Mrs", "Emily", "Clarke", "SW1A 1AA", "", "12 High Street", "Flat 2", "London", "Greater London", "United Kingdom", "+44 20 7946 0958", "+44 7911 123457", "", "emily.c@example.co.uk", "SMS", date(1988, 11, 30), "Female", "No", "", "Retail"},
		{"CL-0003", "Ms", "Ewelina", "Pawlak", "61-001", "", "ul. Półwiejska 1", "", "Poznań", "Wielkopolskie", "Poland", "", "+48 533 222 111", "", "ewelina.pawlak@example.pl", "Email", nil, "Female", "No", "", "Retail"},
		{"CL-0004", "Dr", "Arne", "Thorsen", "5003", "Thorsen Sykler AS", "Bryggen 12", "", "Bergen", "Vestland", "Norway", "55 30 20 10", "", "55 30 20 11", "post@thorsen.example.no", "", nil, "", "Yes", "NO987654321MVA", "Trade"},
		{"CL-0005", "Miss", "Nora", "Eide", "0662", "", "Tøyengata 2", "", "Oslo", "Oslo", "Norway", "", "984 32 100", "", "nora.eide@example.no", "SMS", date(2002, 2, 2), "Female", "No", "", "Retail"},
		{"CL-0006", "Mr", "Wojciech", "Król", "00-001", "", "ul. Królewska 1", "", "Warszawa", "Mazowieckie", "Poland", "+48 22 111 22 33", "+48 601 555 444", "", "w.krol@example.pl", "Email", date(1969, 6, 6), "Male", "No", "", "Retail"},
		{"CL-0007", "", "Siri", "Hovland", "4010", "", "Kirkegata 4", "", "Stavanger", "Rogaland", "Norway", "", "476 00 123", "", "siri.hovland@example.no", "", nil, "", "No", "", "Retail"},
		{"CL-0008", "Mx", "Alex", "Moen", "9008", "", "Storgata 90", "", "Tromsø", "Troms", "Norway", "77 00 11 22", "901 22 333", "", "alex.moen@example.no", "Email", date(1995, 8, 15), "", "No", "", "Retail"},
		{"CL-0009", "Mrs", "Grete", "Sunde", "1366", "", "Fornebuveien 1", "", "Lysaker", "Akershus", "Norway", "", "922 11 000", "", "grete.sunde@example.no", "SMS", date(1957, 1, 31), "Female", "No", "", "Retail"},
		{"CL-0010", "Mr", "Marek", "Nowicki", "80-001", "Nowicki Rowery", "ul. Morska 10", "", "Gdańsk", "Pomorskie", "Poland", "", "+48 790 111 000", "", "marek@nowicki.example.pl", "", nil, "Male", "No", "PL5260001246", "Trade"},
	}
	f := excelize.NewFile()
	const sheet = "Customers"
	f.SetSheetName("Sheet1", sheet)
	text, _ := f.NewStyle(&excelize.Style{NumFmt: 49})
	dateStyle, _ := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("dd/mm/yyyy")})
	for i, h := range header {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		must(f.SetCellStr(sheet, cell, h))
	}
	for r, row := range rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+2)
			switch v := v.(type) {
			case nil:
			case string:
				if v != "" {
					must(f.SetCellStr(sheet, cell, v))
					must(f.SetCellStyle(sheet, cell, cell, text))
				}
			case time.Time:
				must(f.SetCellValue(sheet, cell, v))
				must(f.SetCellStyle(sheet, cell, cell, dateStyle))
			}
		}
	}
	must(f.SaveAs("../citrus-lime-customers.xlsx"))
}

func date(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
func ptr(s string) *string       { return &s }
func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
