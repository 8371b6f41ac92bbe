package customer

// countryTable lists the country names CountryCode accepts, in English (first: the name used in
// messages), Norwegian bokmål and nynorsk, and Polish, with common short forms. Names that are the
// same in several languages appear once. Lookups fold case and accents (see foldCountryName), so
// each name is listed in its proper spelling only. A test checks that no folded name maps to two
// codes.
var countryTable = []struct {
	code  string
	names []string
}{
	// The Nordic countries and their territories.
	{"NO", []string{"Norway", "Norge", "Noreg", "Norwegia", "Kingdom of Norway", "Kongeriket Norge"}},
	{"SE", []string{"Sweden", "Sverige", "Szwecja"}},
	{"DK", []string{"Denmark", "Danmark", "Dania"}},
	{"FI", []string{"Finland", "Suomi", "Finlandia"}},
	{"IS", []string{"Iceland", "Island", "Islandia", "Ísland"}},
	{"FO", []string{"Faroe Islands", "Faroes", "Færøyene", "Færøyane", "Færøerne", "Wyspy Owcze"}},
	{"GL", []string{"Greenland", "Grønland", "Grenlandia", "Kalaallit Nunaat"}},
	{"AX", []string{"Åland Islands", "Åland", "Ålandsøyene", "Wyspy Alandzkie"}},
	{"SJ", []string{"Svalbard and Jan Mayen", "Svalbard", "Svalbard og Jan Mayen"}},

	// The British Isles.
	{"GB", []string{"United Kingdom", "UK", "Great Britain", "Britain", "GB",
		"United Kingdom of Great Britain and Northern Ireland",
		"England", "Scotland", "Wales", "Northern Ireland",
		"Storbritannia", "Det forente kongerike", "Det sameinte kongeriket", "Storbritannien",
		"Skottland", "Nord-Irland", "Nord Irland",
		"Wielka Brytania", "Zjednoczone Królestwo", "Anglia", "Szkocja", "Walia", "Irlandia Północna"}},
	{"IE", []string{"Ireland", "Irland", "Irlandia", "Éire", "Republic of Ireland"}},
	{"IM", []string{"Isle of Man", "Wyspa Man"}},
	{"JE", []string{"Jersey"}},
	{"GG", []string{"Guernsey"}},
	{"GI", []string{"Gibraltar"}},

	// Western and central Europe.
	{"DE", []string{"Germany", "Deutschland", "Tyskland", "Niemcy", "Federal Republic of Germany"}},
	{"PL", []string{"Poland", "Polska", "Polen", "Rzeczpospolita Polska", "Republic of Poland"}},
	{"FR", []string{"France", "Frankrike", "Francja"}},
	{"NL", []string{"Netherlands", "The Netherlands", "Holland", "Nederland", "Nederlandene", "Holandia", "Niderlandy"}},
	{"BE", []string{"Belgium", "Belgia", "België", "Belgique"}},
	{"LU", []string{"Luxembourg", "Luxemburg", "Luksemburg"}},
	{"CH", []string{"Switzerland", "Sveits", "Szwajcaria", "Schweiz", "Suisse", "Svizzera"}},
	{"AT", []string{"Austria", "Østerrike", "Österreich"}},
	{"LI", []string{"Liechtenstein"}},
	{"MC", []string{"Monaco", "Monako"}},
	{"CZ", []string{"Czechia", "Czech Republic", "Tsjekkia", "Den tsjekkiske republikk", "Czechy", "Republika Czeska", "Česko"}},
	{"SK", []string{"Slovakia", "Słowacja", "Slovensko"}},
	{"HU", []string{"Hungary", "Ungarn", "Węgry", "Magyarország"}},

	// Southern Europe.
	{"ES", []string{"Spain", "Spania", "Hiszpania", "España"}},
	{"PT", []string{"Portugal", "Portugalia"}},
	{"IT", []string{"Italy", "Italia", "Włochy"}},
	{"SM", []string{"San Marino"}},
	{"VA", []string{"Vatican City", "Holy See", "Vatican", "Vatikanstaten", "Watykan"}},
	{"AD", []string{"Andorra"}},
	{"MT", []string{"Malta"}},
	{"CY", []string{"Cyprus", "Kypros", "Cypr"}},
	{"GR", []string{"Greece", "Hellas", "Grekenland", "Grecja"}},
	{"SI", []string{"Slovenia", "Słowenia", "Slovenija"}},
	{"HR", []string{"Croatia", "Kroatia", "Chorwacja", "Hrvatska"}},
	{"BA", []string{"Bosnia and Herzegovina", "Bosnia", "Bosnia-Hercegovina", "Bosnia og Hercegovina", "Bośnia i Hercegowina", "Bośnia"}},
	{"RS", []string{"Serbia", "Srbija"}},
	{"ME", []string{"Montenegro", "Czarnogóra"}},
	{"MK", []string{"North Macedonia", "Macedonia", "Nord-Makedonia", "Makedonia", "Macedonia Północna"}},
	{"AL", []string{"Albania"}},
	{"XK", []string{"Kosovo", "Kosowo"}},
	{"TR", []string{"Türkiye", "Turkey", "Tyrkia", "Turcja"}},

	// Eastern Europe and the Baltic states.
	{"EE", []string{"Estonia", "Estland", "Eesti"}},
	{"LV", []string{"Latvia", "Łotwa", "Latvija"}},
	{"LT", []string{"Lithuania", "Litauen", "Litwa", "Lietuva"}},
	{"BG", []string{"Bulgaria", "Bułgaria"}},
	{"RO", []string{"Romania", "Rumunia", "România"}},
	{"MD", []string{"Moldova", "Moldavia", "Mołdawia", "Republic of Moldova"}},
	{"UA", []string{"Ukraine", "Ukraina"}},
	{"BY", []string{"Belarus", "Hviterussland", "Kviterussland", "Białoruś"}},
	{"RU", []string{"Russia", "Russian Federation", "Russland", "Rosja"}},
	{"GE", []string{"Georgia", "Gruzja"}},
	{"AM", []string{"Armenia"}},
	{"AZ", []string{"Azerbaijan", "Aserbajdsjan", "Azerbejdżan"}},

	// North America and Oceania.
	{"US", []string{"United States", "United States of America", "USA", "US", "America",
		"De forente stater", "Amerikas forente stater", "Sambandsstatane",
		"Stany Zjednoczone", "Stany Zjednoczone Ameryki", "Ameryka"}},
	{"CA", []string{"Canada", "Kanada"}},
	{"MX", []string{"Mexico", "Meksiko", "Meksyk", "México"}},
	{"AU", []string{"Australia"}},
	{"NZ", []string{"New Zealand", "Nowa Zelandia"}},

	// Elsewhere: countries customers of Norwegian, Polish and British shops often come from.
	{"BR", []string{"Brazil", "Brasil", "Brazylia"}},
	{"AR", []string{"Argentina", "Argentyna"}},
	{"CL", []string{"Chile"}},
	{"CN", []string{"China", "Kina", "Chiny", "People's Republic of China"}},
	{"JP", []string{"Japan", "Japonia"}},
	{"KR", []string{"South Korea", "Korea", "Republic of Korea", "Sør-Korea", "Korea Południowa"}},
	{"IN", []string{"India", "Indie"}},
	{"PK", []string{"Pakistan"}},
	{"LK", []string{"Sri Lanka"}},
	{"TH", []string{"Thailand", "Tajlandia"}},
	{"VN", []string{"Vietnam", "Viet Nam", "Wietnam"}},
	{"PH", []string{"Philippines", "Filippinene", "Filipiny"}},
	{"IL", []string{"Israel", "Izrael"}},
	{"AE", []string{"United Arab Emirates", "UAE", "De forente arabiske emirater", "Emiratene", "Zjednoczone Emiraty Arabskie", "Emiraty"}},
	{"SA", []string{"Saudi Arabia", "Saudi-Arabia", "Arabia Saudyjska"}},
	{"EG", []string{"Egypt", "Egipt"}},
	{"MA", []string{"Morocco", "Marokko", "Maroko"}},
	{"TN", []string{"Tunisia", "Tunezja"}},
	{"ZA", []string{"South Africa", "Sør-Afrika", "Republika Południowej Afryki", "RPA"}},
	{"NG", []string{"Nigeria"}},
	{"KE", []string{"Kenya", "Kenia"}},
	{"ET", []string{"Ethiopia", "Etiopia"}},
	{"ER", []string{"Eritrea", "Erytrea"}},
	{"SO", []string{"Somalia"}},
	{"SY", []string{"Syria", "Syrian Arab Republic"}},
	{"IQ", []string{"Iraq", "Irak"}},
	{"IR", []string{"Iran", "Islamic Republic of Iran"}},
	{"AF", []string{"Afghanistan", "Afganistan"}},
}
