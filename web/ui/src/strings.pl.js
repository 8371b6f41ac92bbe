// The page in Polish: the same shape as strings.js, key for key (a Go test, web/i18n_test.go,
// fails when a key or a function's arguments differ). Polish counts in three forms — 1 klient,
// 2 klienci, 5 klientów (and 22 klienci, 25 klientów) — which Intl.PluralRules picks.

const LOCALE = 'pl-PL';
const rules = new Intl.PluralRules(LOCALE);
const n = (x) => Number(x || 0).toLocaleString(LOCALE);
// plural shows count with the form its number takes: one (1), few (2–4, 22–24, …), many (0,
// 5–21, 25–31, …).
const plural = (count, one, few, many) => {
  const form = rules.select(Number(count || 0));
  return `${n(count)} ${form === 'one' ? one : form === 'few' ? few : many}`;
};

export const S = {
  locale: LOCALE,
  appName: 'Clientele',
  skipToContent: 'Przejdź do treści',
  loading: 'Wczytywanie…',
  title: (screen) => `${screen} – Clientele`,

  nav: {
    label: 'Menu główne',
    customers: 'Klienci',
    import: 'Import',
    templates: 'Szablony',
    history: 'Historia',
    audit: 'Dziennik zdarzeń',
    settings: 'Ustawienia sklepu',
    logOut: 'Wyloguj',
    language: 'Język',
    signedInAs: (email) => `Zalogowano jako ${email}`,
  },

  errors: {
    network: 'Nie udało się połączyć z serwerem. Sprawdź połączenie i spróbuj ponownie.',
    status: (status) => `Serwer zwrócił błąd (HTTP ${status}). Spróbuj ponownie.`,
    noAccess: 'Brak dostępu',
    noAccessDetail: 'Twoja rola nie daje dostępu do tej strony. Jeśli jej potrzebujesz, poproś o to właściciela sklepu.',
    notFound: 'Nie ma takiej strony.',
    backHome: 'Przejdź do listy klientów',
  },

  login: {
    title: 'Logowanie',
    email: 'E-mail',
    password: 'Hasło',
    submit: 'Zaloguj się',
    busy: 'Logowanie…',
  },

  customers: {
    title: 'Klienci',
    import: 'Importuj klientów',
    export: 'Eksportuj',
    exportXLSX: 'Skoroszyt Excela (.xlsx)',
    exportCSV: 'Plik CSV (.csv)',
    search: 'Szukaj klientów',
    searchHint: 'Nazwisko, e-mail, telefon, nr klienta…',
    empty: 'Nie znaleziono klientów.',
  },

  templates: {
    title: 'Szablony',
    intro: 'Wypełnij szablon w Excelu (lub innym arkuszu kalkulacyjnym), a następnie go zaimportuj. Nie zmieniaj wiersza nagłówków; kolumny są opisane poniżej, w opisie pól.',
    empty: 'Pobierz pusty szablon (.xlsx)',
    withCustomers: 'Pobierz szablon ze wszystkimi klientami (.xlsx)',
    withCustomersHint: 'Zmień w nim dane klientów i zaimportuj go w trybie „Dodawanie i aktualizacja”.',
    guide: 'Opis pól',
    print: 'Drukuj opis pól',
    number: 'Nr',
    header: 'Kolumna',
    required: 'Wymagane',
    maxLength: 'Maks. długość',
    format: 'Format',
    default: 'Gdy puste',
    allowed: 'Dozwolone wartości',
    meaning: 'Znaczenie',
    yes: 'Tak',
    no: 'Nie',
    none: '—',
  },

  upload: {
    title: 'Importuj klientów',
    modeLegend: 'Co ma zrobić import?',
    create: 'Tylko dodawanie',
    createHint: 'Każdy wiersz musi być nowym klientem; wiersz pasujący do istniejącego klienta jest błędem.',
    upsert: 'Dodawanie i aktualizacja',
    upsertHint: 'Wiersz, którego numer klienta (a gdy go brak — e-mail, a dalej telefon komórkowy) pasuje do zapisanego klienta, aktualizuje tego klienta; puste komórki nie zmieniają zapisanych danych. Plik z jedną z tych kolumn może zawierać tylko kolumny do zmiany: imię i nazwisko są potrzebne tylko dla nowych klientów.',
    fileLegend: 'Arkusz kalkulacyjny',
    drop: 'Przeciągnij tutaj arkusz (.xlsx lub .csv) albo',
    browse: 'wybierz plik…',
    dropHint: 'Nic nie zostanie zapisane, dopóki nie sprawdzisz wierszy i nie potwierdzisz importu.',
    oneFile: 'Upuszczaj pliki pojedynczo.',
    uploading: (name) => `Wysyłanie pliku ${name}…`,
    needTemplate: 'Potrzebujesz szablonu?',
    templatesLink: 'Pobierz go na stronie Szablony.',
  },

  modes: { create: 'Tylko dodawanie', upsert: 'Dodawanie i aktualizacja' },
  states: {
    committing: 'W trakcie importu',
    undoing: 'W trakcie cofania',
    checking: 'Sprawdzanie',
    failed: 'Nieudany',
    staged: 'Czeka na potwierdzenie',
    committed: 'Zaimportowany',
    discarded: 'Odrzucony',
    undone: 'Cofnięty',
    mapping: 'Czeka na przypisanie kolumn',
  },
  statuses: { new: 'Nowy', update: 'Aktualizacja', unchanged: 'Bez zmian', error: 'Błąd' },
  phases: {
    undoing: 'Cofanie importu',
    reading: 'Odczyt pliku',
    checking: 'Sprawdzanie wierszy',
    staging: 'Zapisywanie wierszy',
    committing: 'Zapisywanie klientów',
    '': 'Oczekiwanie na rozpoczęcie',
  },

  imp: {
    titleChecking: (file) => `Sprawdzanie pliku ${file}`,
    titleCommitting: (file) => `Importowanie pliku ${file}`,
    titleUndoing: (file) => `Cofanie importu pliku ${file}`,
    titleStaged: (file) => `Sprawdź wiersze pliku ${file}`,
    titleFailed: (file) => `Nie udało się odczytać pliku ${file}`,
    titleDone: (file) => `Import pliku ${file}`,
    meta: (mode, who, when) => `${mode} · przesłane przez ${who}, ${when}`,
    progress: 'Postęp',
    // "z" takes the genitive: z 1 wiersza, z 2 wierszy, z 5 wierszy.
    progressCount: (done, total) =>
      total ? `${n(done)} z ${n(total)} ${rules.select(Number(total)) === 'one' ? 'wiersza' : 'wierszy'}` : plural(done, 'wiersz', 'wiersze', 'wierszy'),
    failedHelp: 'Nic nie zostało zaimportowane. Popraw plik i prześlij go ponownie albo rozpocznij nowy import.',
    newImport: 'Rozpocznij nowy import',
    backToCustomers: 'Wróć do listy klientów',
    importAnother: 'Importuj kolejny plik',
    warnings: 'Uwagi do pliku',
  },

  counts: {
    label: 'Wiersze według statusu',
    new: 'nowe',
    update: 'do aktualizacji',
    unchanged: 'bez zmian',
    error: 'z błędami',
  },

  grid: {
    errorsOnly: 'Pokaż tylko wiersze z błędami',
    save: 'Zapisz zmiany i sprawdź ponownie',
    saving: 'Zapisywanie zmian…',
    validating: 'Sprawdzanie wszystkich wierszy…',
    pending: (rows) => `Niezapisane zmiany: ${plural(rows, 'wiersz', 'wiersze', 'wierszy')}.`,
    noPending: 'Brak niezapisanych zmian.',
    saved: 'Zmiany zapisane, wszystkie wiersze sprawdzone ponownie.',
    rowFailed: (row, message) => `Wiersz ${row}: ${message}`,
    uploadAgain: 'Prześlij ponownie…',
    uploadAgainLabel: 'Prześlij poprawiony plik, który zastąpi te wiersze',
    loseEdits: 'Niezapisane zmiany w tabeli zostaną utracone. Kontynuować?',
    discard: 'Odrzuć',
    discardConfirm: 'Odrzucić ten import? Nic z niego nie zostanie zapisane.',
    confirm: 'Potwierdź import…',
    help: 'Kliknij komórkę i naciśnij Enter (albo kliknij ją dwukrotnie), aby ją edytować. Enter zatwierdza zmianę, Tab zatwierdza ją i przechodzi do następnej komórki, Esc anuluje. Strzałki przenoszą między komórkami. * oznacza kolumny wymagane.',
    label: 'Wiersze importu',
    row: 'Wiersz',
    status: 'Status',
    errors: 'Błędy',
    changes: 'Zmiany',
    change: (header, from, to) => `${header}: ${from || '(puste)'} → ${to || '(puste)'}`,
    was: (from) => `Było: ${from || '(puste)'}`,
    edited: 'Zmieniony, jeszcze niezapisany',
    empty: 'Brak wierszy do wyświetlenia.',
  },

  confirm: {
    title: 'Potwierdź import',
    summary: (s) => {
      const skipped = plural(s.error, 'wiersz z błędem zostanie pominięty', 'wiersze z błędami zostaną pominięte', 'wierszy z błędami zostanie pominiętych');
      return `${plural(s.new, 'nowy klient', 'nowi klienci', 'nowych klientów')}, ${n(s.update)} do aktualizacji, ${n(s.unchanged)} bez zmian; ${skipped}`;
    },
    nothing: 'Żaden wiersz nie zostanie zapisany.',
    warnings: 'Uwagi do pliku',
    commit: 'Importuj',
    committing: 'Importowanie…',
    cancel: 'Anuluj',
  },

  result: {
    // "Dodano" takes the accusative: 1 klienta, 2 klientów, 5 klientów; 1 wiersz, 2 wiersze, 5 wierszy.
    committed: (s) => {
      let text = `Dodano ${plural(s.new, 'klienta', 'klientów', 'klientów')}, zaktualizowano ${n(s.update)}`;
      if (s.unchanged) text += `, bez zmian: ${n(s.unchanged)}`;
      if (s.error) text += `; pominięto ${plural(s.error, 'wiersz', 'wiersze', 'wierszy')} z błędami`;
      return text + '.';
    },
    confirmedBy: (who, when) => `Potwierdzone przez ${who}, ${when}.`,
    discarded: 'Ten import został odrzucony; żaden klient nie został zmieniony.',
    downloadErrors: 'Pobierz wiersze z błędami (.xlsx)',
    downloadErrorsHint: 'Popraw wiersze w tym pliku (ostatnia kolumna mówi, co jest nie tak) i zaimportuj go ponownie.',
  },

  history: {
    title: 'Historia importów',
    when: 'Kiedy',
    who: 'Kto',
    file: 'Plik',
    mode: 'Tryb',
    state: 'Stan',
    new: 'Nowi',
    update: 'Zaktualizowani',
    unchanged: 'Bez zmian',
    error: 'Błędy',
    empty: 'Nie było jeszcze żadnego importu.',
    notImported: 'Nie zaimportowano',
    prev: 'Nowsze',
    next: 'Starsze',
    range: (from, to, total) => `${n(from)}–${n(to)} z ${n(total)}`,
  },

  undo: {
    actions: 'Cofanie',
    button: 'Cofnij import…',
    buttonLabel: (file) => `Cofnij import pliku ${file}`,
    state: 'Cofnięty',
    title: 'Cofnąć ten import?',
    // "usunie" takes the accusative (1 klienta, 5 klientów), "dane" the genitive (1 klienta, 5 klientów).
    summary: (del, restore) => {
      const parts = [];
      if (del) parts.push(`usunie ${plural(del, 'klienta dodanego', 'klientów dodanych', 'klientów dodanych')} przez ten import`);
      if (restore) parts.push(`przywróci wcześniejsze dane ${plural(restore, 'klienta zaktualizowanego', 'klientów zaktualizowanych', 'klientów zaktualizowanych')} przez import`);
      return parts.length
        ? `Cofnięcie ${parts.join(' i ')}.`
        : 'Cofnięcie nie zmieni żadnego klienta: wszyscy klienci z tego importu zostali od tego czasu zmienieni lub usunięci.';
    },
    conflictsTitle: (count) =>
      `${plural(count, 'klient został zmieniony', 'klienci zostali zmienieni', 'klientów zostało zmienionych')} po imporcie:`,
    reasons: {
      changed: 'zmieniony od tego czasu',
      deleted: 'usunięty od tego czasu',
      key_taken: 'jego wcześniejszy numer klienta, e-mail, telefon komórkowy albo imię i nazwisko z kodem pocztowym należą teraz do innego klienta',
    },
    force: (count) =>
      `Cofnij import również dla ${plural(count, 'zmienionego klienta', 'zmienionych klientów', 'zmienionych klientów')} (ich późniejsze zmiany zostaną utracone).`,
    explanation:
      'Clientele nie przechowuje sprzedaży ani innych danych powiązanych z klientami, więc nic innego nie zostanie usunięte. Klienci zmienieni po imporcie pozostaną bez zmian, chyba że zdecydujesz się cofnąć import także dla nich.',
    cancel: 'Anuluj',
    run: 'Cofnij import',
    running: 'Cofanie…',
    result:
      'Ten import został zatwierdzony, a potem cofnięty: dodani przez niego klienci zostali usunięci, a zaktualizowani przywróceni do wcześniejszego stanu — z wyjątkiem tych, których dane zmieniono w międzyczasie.',
    done: (del, restore, kept) =>
      `Import cofnięty: usunięto ${plural(del, 'klienta', 'klientów', 'klientów')}, przywrócono ${plural(restore, 'klienta', 'klientów', 'klientów')}, pozostawiono bez zmian ${plural(kept, 'zmienionego klienta', 'zmienionych klientów', 'zmienionych klientów')}.`,
  },

  settings: {
    title: 'Ustawienia sklepu',
    intro: 'Te ustawienia dotyczą całego sklepu: wszystkich pracowników.',
    name: 'Nazwa sklepu',
    country: 'Kraj',
    countryHint: 'Numery telefonów bez numeru kierunkowego kraju są odczytywane jako numery tego kraju, a wiersze bez kraju otrzymują ten kraj.',
    language: 'Język',
    languageHint: 'Język strony dla pracowników, którzy nie wybrali własnego, oraz język szablonu i komunikatów; nazwiska są sortowane według jego kolejności.',
    recheck: 'Już sprawdzone importy zachowują swoje wyniki, dopóki nie zostaną sprawdzone ponownie („Zapisz zmiany i sprawdź ponownie”); zatwierdzenie sprawdza każdy wiersz z nowymi ustawieniami.',
    save: 'Zapisz ustawienia',
    saving: 'Zapisywanie…',
    saved: 'Ustawienia zapisane.',
    nameRequired: 'Podaj nazwę sklepu.',
  },
  audit: {
    title: 'Dziennik zdarzeń',
    intro: 'Każdy import, potwierdzenie, odrzucenie i eksport — kto to zrobił i jakiego pliku dotyczył.',
    when: 'Kiedy',
    who: 'Kto',
    action: 'Czynność',
    file: 'Plik',
    rows: 'Wiersze',
    sha: 'SHA-256 pliku',
    empty: 'Nic jeszcze nie zarejestrowano.',
    actions: { import: 'Przesłano i sprawdzono', confirm: 'Potwierdzono', discard: 'Odrzucono', export: 'Wyeksportowano', undo: 'Cofnięto', settings: 'Zmieniono ustawienia sklepu' },
  },

  // Tabulator's own texts (pagination bar, loading), in its language format.
  tabulator: {
    data: { loading: 'Wczytywanie', error: 'Nie udało się wczytać wierszy' },
    pagination: {
      page_size: 'Wierszy na stronie',
      page_title: 'Pokaż stronę',
      first: 'Pierwsza',
      first_title: 'Pierwsza strona',
      last: 'Ostatnia',
      last_title: 'Ostatnia strona',
      prev: 'Poprzednia',
      prev_title: 'Poprzednia strona',
      next: 'Następna',
      next_title: 'Następna strona',
      all: 'Wszystkie',
      counter: { showing: 'Pokazano', of: 'z', rows: 'wierszy', pages: 'stron' },
    },
  },

  // The mapping step (mapping.js): a file whose columns were not all recognised.
  mapping: {
    state: 'Czeka na przypisanie kolumn',
    title: (file) => `Przypisz kolumny pliku ${file}`,
    intro: 'Niektóre kolumny tego pliku nie zostały rozpoznane. Wybierz, które pole klienta zawiera każda kolumna; kolumna ustawiona na „Pomiń tę kolumnę” nie zostanie zaimportowana. Nic nie zostanie sprawdzone ani zapisane, dopóki nie przejdziesz dalej.',
    source: (name) => `Rozpoznano jako: ${name}.`,
    caption: 'Kolumny pliku i pola, które wypełniają',
    column: 'Kolumna',
    header: 'Nagłówek w pliku',
    samples: 'Pierwsze wartości',
    field: 'Pole klienta',
    blankHeader: '(brak nagłówka)',
    noHeader: 'Kolumny bez nagłówka nie można zaimportować.',
    noValues: 'brak wartości',
    ignore: 'Pomiń tę kolumnę',
    fullName: 'Imię i nazwisko razem (zostaną rozdzielone na Imię i Nazwisko)',
    requiredOption: (field) => `${field} (wymagane)`,
    selectLabel: (letter, header) => `Pole klienta dla kolumny ${letter} (${header})`,
    suggested: (why) => `Propozycja: ${why}.`,
    noSuggestion: 'Brak propozycji: wybierz pole albo pomiń kolumnę.',
    reasons: {
      header: 'nagłówek jest nazwą tego pola',
      synonym: 'nagłówek jest typową nazwą tego pola',
      vendor: 'znana kolumna platformy, z której pochodzi plik',
      similar: (field) => `nagłówek przypomina „${field}”`,
    },
    looksLike: {
      emails: 'wartości wyglądają na adresy e-mail',
      'phone numbers': 'wartości wyglądają na numery telefonów',
      postcodes: 'wartości wyglądają na kody pocztowe',
      dates: 'wartości wyglądają na daty',
      'yes/no answers': 'wartości wyglądają na odpowiedzi tak/nie',
      'whole numbers': 'wartości wyglądają na liczby całkowite',
      'full names': 'wartości wyglądają na imiona i nazwiska',
      'street addresses': 'wartości wyglądają na adresy (ulica i numer)',
    },
    missing: (fields) => `Wybierz kolumnę dla każdego wymaganego pola. Jeszcze nie wybrano: ${fields}.`,
    missingUpdate: (fields, identity) => `Wybierz kolumnę dla każdego wymaganego pola (jeszcze nie wybrano: ${fields}) albo, aby tylko zaktualizować istniejących klientów, kolumnę wskazującą, kogo dotyczy każdy wiersz: ${identity}.`,
    updateOnly: (fields) => `Wiersze pasujące do istniejącego klienta aktualizują tylko wybrane kolumny. Pola ${fields} są wymagane dla nowych klientów: wiersz, który nie pasuje do nikogo, zostanie pokazany jako błąd.`,
    twice: (fields) => `Wybrane dla więcej niż jednej kolumny: ${fields}. Późniejsza kolumna uzupełnia wartości tam, gdzie wcześniejsza jest pusta.`,
    remember: 'Zapamiętaj to przypisanie dla plików z takimi samymi kolumnami',
    rememberHint: 'Następny plik z dokładnie takimi samymi nagłówkami kolumn zostanie wczytany w ten sam sposób, bez pytania.',
    continue: 'Dalej',
    continuing: 'Rozpoczynanie sprawdzania…',
  },
};
