package bench

// The word lists the generator draws from: common Norwegian and Polish names, places with their
// real postcode ranges, and streets, so that files carry the letters (æøå, łóżśćń) and the
// formats a shop's real export has.

type person struct {
	name   string
	female bool
}

var norwegianFirst = []person{
	{"Ola", false}, {"Kari", true}, {"Ingrid", true}, {"Åse", true}, {"Bjørn", false},
	{"Ståle", false}, {"Solveig", true}, {"Ørjan", false}, {"Håkon", false}, {"Kjærsti", true},
	{"Torbjørn", false}, {"Mari", true}, {"Nora", true}, {"Emma", true}, {"Jakob", false},
	{"Lars", false}, {"Marius", false}, {"Sigrid", true}, {"Ragnhild", true}, {"Eirik", false},
	{"Øystein", false}, {"Tor", false}, {"Bente", true}, {"Hege", true}, {"Anne", true},
	{"Liv", true}, {"Jørgen", false}, {"Even", false}, {"Gunnhild", true}, {"Synnøve", true},
	{"Trond", false}, {"Geir", false}, {"Silje", true}, {"Sindre", false}, {"Ådne", false},
	{"Tiril", true}, {"Kåre", false}, {"Bjørg", true}, {"Frøydis", true}, {"Henrik", false},
	{"Ida", true}, {"Magnus", false}, {"Maja", true}, {"Sondre", false}, {"Vår", true},
	{"Åsmund", false}, {"Dagny", true}, {"Espen", false}, {"Gro", true}, {"Halvard", false},
}

var norwegianLast = []string{
	"Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
	"Jensen", "Karlsen", "Haugen", "Bakken", "Solberg", "Strøm", "Sæther", "Løken", "Bråten",
	"Dæhlie", "Kvåle", "Brænden", "Østby", "Aasen", "Hågensen", "Mørk", "Ødegård", "Sørensen",
	"Berg", "Moen", "Lie", "Dahl", "Eriksen", "Halvorsen", "Lund", "Vik", "Nygård", "Myhre",
	"Fjær", "Grønli", "Rønning", "Tveit", "Hægeland", "Kjøs", "Bøe", "Fløtten", "Sandvær",
	"Nordmann", "Åkre", "Røed", "Kløvstad", "Stålesen",
}

var polishFirst = []person{
	{"Łukasz", false}, {"Michał", false}, {"Paweł", false}, {"Małgorzata", true}, {"Józef", false},
	{"Wojciech", false}, {"Agnieszka", true}, {"Katarzyna", true}, {"Grzegorz", false}, {"Bożena", true},
	{"Żaneta", true}, {"Jędrzej", false}, {"Ewa", true}, {"Tomasz", false}, {"Krzysztof", false},
	{"Zofia", true}, {"Anna", true}, {"Piotr", false}, {"Marek", false}, {"Stanisław", false},
	{"Jadwiga", true}, {"Bartłomiej", false}, {"Mikołaj", false}, {"Łucja", true}, {"Jarosław", false},
	{"Zdzisław", false}, {"Małgosia", true}, {"Halina", true}, {"Dorota", true}, {"Sławomir", false},
	{"Joanna", true}, {"Błażej", false}, {"Urszula", true}, {"Kazimierz", false}, {"Grażyna", true},
}

// polishLast holds surnames in their masculine form; "-ski", "-cki" and "-dzki" take "-ska",
// "-cka", "-dzka" for women (see polishSurname).
var polishLast = []string{
	"Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński",
	"Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Kwiatkowski", "Krawczyk",
	"Piotrowski", "Grabowski", "Nowakowski", "Pawłowski", "Michalski", "Król", "Wróbel", "Żak",
	"Gołębiowski", "Sołtys", "Łuczak", "Przybylski", "Górski", "Błaszczyk", "Zawadzki",
	"Sikorski", "Ślusarczyk", "Jabłoński", "Czyż", "Wąsowicz", "Bieńkowski",
}

type place struct {
	city, region string
	lo, hi       int // postcode range, as a number (0150 is 150; 00-950 is 950)
}

var norwegianPlaces = []place{
	{"Oslo", "Oslo", 150, 1295}, {"Bergen", "Vestland", 5003, 5099}, {"Trondheim", "Trøndelag", 7010, 7099},
	{"Stavanger", "Rogaland", 4005, 4099}, {"Tromsø", "Troms", 9006, 9020}, {"Kristiansand", "Agder", 4608, 4639},
	{"Drammen", "Buskerud", 3001, 3048}, {"Bodø", "Nordland", 8001, 8050}, {"Ålesund", "Møre og Romsdal", 6002, 6030},
	{"Lillehammer", "Innlandet", 2609, 2636}, {"Fredrikstad", "Østfold", 1601, 1640}, {"Tønsberg", "Vestfold", 3103, 3128},
	{"Sandnes", "Rogaland", 4306, 4329}, {"Gjøvik", "Innlandet", 2815, 2836}, {"Førde", "Vestland", 6800, 6812},
}

var polishPlaces = []place{
	{"Warszawa", "mazowieckie", 1, 4999}, {"Kraków", "małopolskie", 30001, 31999}, {"Łódź", "łódzkie", 90001, 94999},
	{"Wrocław", "dolnośląskie", 50001, 54999}, {"Poznań", "wielkopolskie", 60001, 61999}, {"Gdańsk", "pomorskie", 80001, 80999},
	{"Szczecin", "zachodniopomorskie", 70001, 71999}, {"Białystok", "podlaskie", 15001, 15999},
	{"Rzeszów", "podkarpackie", 35001, 35999}, {"Zielona Góra", "lubuskie", 65001, 65999},
}

var norwegianStreets = []string{
	"Storgata", "Kirkegata", "Dronningens gate", "Bjørnstjerne Bjørnsons gate", "Sjøgata",
	"Øvre Slottsgate", "Kongens gate", "Møllergata", "Trondheimsveien", "Fjordveien", "Skogveien",
	"Løkkeveien", "Bryggen", "Elvegata", "Granåsen", "Kjærlighetsstien", "Ringveien",
}

var polishStreets = []string{
	"ul. Marszałkowska", "ul. Długa", "ul. Piłsudskiego", "ul. Świętokrzyska", "ul. Żeromskiego",
	"al. Jerozolimskie", "ul. Gdańska", "ul. Wrocławska", "ul. Mickiewicza", "ul. Kościuszki",
	"ul. Łąkowa", "ul. Źródlana", "os. Słoneczne", "ul. Ogrodowa",
}

var norwegianDomains = []string{"gmail.com", "online.no", "hotmail.com", "yahoo.no", "outlook.com", "live.no", "icloud.com"}

var polishDomains = []string{"gmail.com", "wp.pl", "onet.pl", "interia.pl", "o2.pl", "op.pl"}

var norwegianCompanies = []string{"Sykkel AS", "Bygg AS", "Rør og Varme AS", "Frisør", "Regnskap AS", "Fisk & Skalldyr AS"}

var polishCompanies = []string{"Sp. z o.o.", "S.A.", "i Synowie", "Usługi Budowlane"}

var notes = []string{
	"Prefers SMS receipts", "Stamkunde", "Stały klient", "VIP – ring før levering",
	"Allergisk mot nøtter (kafé)", "Faktura til firma", "Nie dzwonić po 18:00", "Bruker gavekort ofte",
}
