package sheet

import (
	"iter"

	"github.com/clientele/clientele/customer"
)

// examples are the rows of the template's Example sheet in each language, by catalogue key, so
// that a field added to the catalogue does not shift them (it is simply blank here until an
// example is added). The Norwegian and Polish templates show customers of a shop there, with
// Yes/No in the language's words, which the import reads. A test checks every key exists and
// that every row imports without an error.
var examples = map[string][]map[string]string{
	"en": examplesEnglish,
	"nb": {
		{
			"account_number": "A-1001", "title": "Ms", "first_name": "Ingrid", "last_name": "Haugen",
			"company": "Haugen Sykkel AS", "email": "ingrid.haugen@example.no", "mobile": "+47 912 34 567",
			"phone": "22 12 34 56", "address_line1": "Storgata 12", "address_line2": "H0201", "city": "Oslo",
			"region": "Oslo", "postcode": "0150", "country": "NO", "birth_date": "1985-06-14",
			"email_opt_in": "Ja", "sms_opt_in": "Nei", "loyalty_points": "250", "note": "Vil ha kvittering på SMS",
		},
		{
			"account_number": "A-1002", "title": "Mr", "first_name": "Øyvind", "last_name": "Sæther",
			"email": "oyvind.saether@example.no", "mobile": "+47 934 56 789", "address_line1": "Kongens gate 5",
			"city": "Trondheim", "region": "Trøndelag", "postcode": "7011", "country": "NO",
			"birth_date": "1979-11-03", "email_opt_in": "Nei", "sms_opt_in": "Ja", "loyalty_points": "1200",
			"note": "Ring før levering",
		},
		{
			"title": "Mrs", "first_name": "Åse", "last_name": "Berg-Ødegård", "email": "ase.berg@example.no",
			"mobile": "+47 481 23 456", "address_line1": "Bryggen 7", "city": "Bergen", "region": "Vestland",
			"postcode": "5003", "country": "NO", "email_opt_in": "Ja", "sms_opt_in": "Ja", "loyalty_points": "0",
		},
		{
			"account_number": "A-1003", "first_name": "Mohammed", "last_name": "Ali", "company": "Grünerløkka Frukt og Grønt",
			"email": "post@gronnfrukt.example.no", "mobile": "+47 405 67 890", "address_line1": "Thorvald Meyers gate 40",
			"city": "Oslo", "region": "Oslo", "postcode": "0555", "country": "NO", "email_opt_in": "Nei", "sms_opt_in": "Nei",
			"note": "Faktura til firma",
		},
		{
			"first_name": "Sofie", "last_name": "Johansen", "email": "sofie.johansen@example.no", "mobile": "+47 971 11 222",
			"address_line1": "Storgata 55", "city": "Tromsø", "region": "Troms", "postcode": "9008", "country": "NO",
			"birth_date": "2001-12-24", "email_opt_in": "Ja", "sms_opt_in": "Nei", "loyalty_points": "30",
		},
	},
	"pl": {
		{
			"account_number": "PL-0042", "title": "Ms", "first_name": "Małgorzata", "last_name": "Wiśniewska",
			"company": "Kwiaciarnia Róża sp. z o.o.", "email": "malgorzata.wisniewska@example.pl",
			"mobile": "+48 601 234 567", "phone": "+48 22 123 45 67", "address_line1": "ul. Marszałkowska 84/92",
			"address_line2": "lok. 12", "city": "Warszawa", "region": "mazowieckie", "postcode": "00-950",
			"country": "PL", "birth_date": "1990-02-28", "email_opt_in": "Tak", "sms_opt_in": "Tak",
			"loyalty_points": "75", "note": "Faktura na firmę",
		},
		{
			"title": "Dr", "first_name": "Grzegorz", "last_name": "Łukaszewski", "email": "g.lukaszewski@example.pl",
			"mobile": "+48 512 345 678", "address_line1": "ul. Długa 15", "city": "Gdańsk", "region": "pomorskie",
			"postcode": "80-827", "country": "PL", "birth_date": "1972-09-09", "email_opt_in": "Nie", "sms_opt_in": "Nie",
		},
		{
			"account_number": "PL-0043", "title": "Mrs", "first_name": "Zofia", "last_name": "Kowalczyk",
			"email": "zofia.kowalczyk@example.pl", "mobile": "+48 698 765 432", "address_line1": "Rynek Główny 1",
			"city": "Kraków", "region": "małopolskie", "postcode": "31-042", "country": "PL", "birth_date": "1964-05-17",
			"email_opt_in": "Tak", "sms_opt_in": "Nie", "loyalty_points": "1200", "note": "Woli kontakt telefoniczny",
		},
		{
			"title": "Mr", "first_name": "Piotr", "last_name": "Nowak", "company": "Nowak i Syn s.c.",
			"email": "biuro@nowakisyn.example.pl", "mobile": "+48 501 002 003", "address_line1": "ul. Piotrkowska 100",
			"city": "Łódź", "region": "łódzkie", "postcode": "90-004", "country": "PL", "email_opt_in": "Nie", "sms_opt_in": "Tak",
		},
		{
			"first_name": "Agnieszka", "last_name": "Wójcik", "email": "agnieszka.wojcik@example.pl", "mobile": "+48 733 444 555",
			"address_line1": "ul. Świdnicka 8", "address_line2": "m. 3", "city": "Wrocław", "region": "dolnośląskie",
			"postcode": "50-067", "country": "PL", "birth_date": "1995-10-01", "email_opt_in": "Tak", "sms_opt_in": "Tak",
			"loyalty_points": "0",
		},
	},
}

// examplesEnglish are the English template's examples: customers of shops in the three
// countries Clientele speaks for.
var examplesEnglish = []map[string]string{
	{
		"account_number": "A-1001", "title": "Ms", "first_name": "Ingrid", "last_name": "Haugen",
		"company": "Haugen Sykkel AS", "email": "ingrid.haugen@example.no", "mobile": "+47 912 34 567",
		"phone": "22 12 34 56", "address_line1": "Storgata 12", "address_line2": "H0201", "city": "Oslo",
		"region": "Oslo", "postcode": "0150", "country": "NO", "birth_date": "1985-06-14",
		"email_opt_in": "Yes", "sms_opt_in": "No", "loyalty_points": "250", "note": "Prefers SMS receipts",
	},
	{
		"account_number": "A-1002", "title": "Mr", "first_name": "Øyvind", "last_name": "Sæther",
		"email": "oyvind.saether@example.no", "mobile": "+47 934 56 789", "address_line1": "Kongens gate 5",
		"city": "Trondheim", "region": "Trøndelag", "postcode": "7011", "country": "NO",
		"birth_date": "1979-11-03", "email_opt_in": "No", "sms_opt_in": "Yes", "loyalty_points": "1200",
		"note": "Ring før levering",
	},
	{
		"title": "Mrs", "first_name": "Åse", "last_name": "Berg-Ødegård", "email": "ase.berg@example.no",
		"mobile": "+47 481 23 456", "address_line1": "Bryggen 7", "city": "Bergen", "region": "Vestland",
		"postcode": "5003", "country": "NO", "email_opt_in": "Yes", "sms_opt_in": "Yes", "loyalty_points": "0",
	},
	{
		"account_number": "PL-0042", "title": "Ms", "first_name": "Małgorzata", "last_name": "Wiśniewska",
		"company": "Kwiaciarnia Róża sp. z o.o.", "email": "malgorzata.wisniewska@example.pl",
		"mobile": "+48 601 234 567", "phone": "+48 22 123 45 67", "address_line1": "ul. Marszałkowska 84/92",
		"address_line2": "lok. 12", "city": "Warszawa", "region": "mazowieckie", "postcode": "00-950",
		"country": "PL", "birth_date": "1990-02-28", "email_opt_in": "Yes", "sms_opt_in": "Yes",
		"loyalty_points": "75", "note": "Faktura na firmę",
	},
	{
		"title": "Dr", "first_name": "Grzegorz", "last_name": "Łukaszewski", "email": "g.lukaszewski@example.pl",
		"mobile": "+48 512 345 678", "address_line1": "ul. Długa 15", "city": "Gdańsk", "region": "pomorskie",
		"postcode": "80-827", "country": "PL", "birth_date": "1972-09-09", "email_opt_in": "No", "sms_opt_in": "No",
	},
	{
		"account_number": "GB-7", "title": "Mr", "first_name": "James", "last_name": "O'Connor",
		"email": "james.oconnor@example.co.uk", "mobile": "+44 7911 123456", "phone": "020 7946 0018",
		"address_line1": "221B Baker Street", "city": "London", "region": "Greater London",
		"postcode": "NW1 6XE", "country": "GB", "birth_date": "1968-03-21", "email_opt_in": "Yes",
		"sms_opt_in": "No", "loyalty_points": "40",
	},
}

// exampleRecords yields the Example sheet's rows in lang (English for an unknown language).
func exampleRecords(lang string) iter.Seq2[Record, error] {
	rows, ok := examples[lang]
	if !ok {
		rows = examples["en"]
	}
	return func(yield func(Record, error) bool) {
		for _, ex := range rows {
			var rec Record
			for i, f := range customer.Fields {
				rec.Values[i] = ex[f.Key]
			}
			if !yield(rec, nil) {
				return
			}
		}
	}
}
