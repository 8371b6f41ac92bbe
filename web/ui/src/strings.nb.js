// The page in Norwegian (bokmål): the same shape as strings.js, key for key (a Go test,
// web/i18n_test.go, fails when a key or a function's arguments differ). Written the way a shop
// says it, not word for word: «Opprette og oppdatere», «rader med feil».

const LOCALE = 'nb-NO';
const rules = new Intl.PluralRules(LOCALE);
const n = (x) => Number(x || 0).toLocaleString(LOCALE);
const plural = (count, one, other) => `${n(count)} ${rules.select(Number(count || 0)) === 'one' ? one : other}`;

export const S = {
  locale: LOCALE,
  appName: 'Clientele',
  skipToContent: 'Hopp til innholdet',
  loading: 'Laster inn…',
  title: (screen) => `${screen} – Clientele`,

  nav: {
    label: 'Hovedmeny',
    customers: 'Kunder',
    import: 'Import',
    templates: 'Maler',
    history: 'Historikk',
    audit: 'Aktivitetslogg',
    settings: 'Butikkinnstillinger',
    logOut: 'Logg ut',
    language: 'Språk',
    signedInAs: (email) => `Logget inn som ${email}`,
  },

  errors: {
    network: 'Får ikke kontakt med serveren. Sjekk nettforbindelsen og prøv igjen.',
    status: (status) => `Serveren svarte med en feil (HTTP ${status}). Prøv igjen.`,
    noAccess: 'Du har ikke tilgang',
    noAccessDetail: 'Rollen din gir ikke tilgang til denne siden. Spør eieren av butikken hvis du trenger den.',
    notFound: 'Siden finnes ikke.',
    backHome: 'Gå til kundelisten',
  },

  login: {
    title: 'Logg inn',
    email: 'E-post',
    password: 'Passord',
    submit: 'Logg inn',
    busy: 'Logger inn…',
  },

  customers: {
    title: 'Kunder',
    import: 'Importer kunder',
    export: 'Eksporter',
    exportXLSX: 'Excel-arbeidsbok (.xlsx)',
    exportCSV: 'CSV-fil (.csv)',
    search: 'Søk etter kunder',
    searchHint: 'Navn, e-post, telefon, kundenummer…',
    empty: 'Fant ingen kunder.',
  },

  templates: {
    title: 'Maler',
    intro: 'Fyll ut malen i Excel (eller et annet regnearkprogram), og importer den. La overskriftsraden stå som den er; kolonnene er forklart i feltveiledningen nedenfor.',
    empty: 'Last ned tom mal (.xlsx)',
    withCustomers: 'Last ned malen med alle kundene (.xlsx)',
    withCustomersHint: 'Endre kundene i den, og importer den med «Opprette og oppdatere».',
    guide: 'Feltveiledning',
    print: 'Skriv ut feltveiledningen',
    number: 'Nr.',
    header: 'Kolonne',
    required: 'Obligatorisk',
    maxLength: 'Maks. lengde',
    format: 'Format',
    default: 'Hvis tom',
    allowed: 'Tillatte verdier',
    meaning: 'Betydning',
    yes: 'Ja',
    no: 'Nei',
    none: '—',
  },

  upload: {
    title: 'Importer kunder',
    modeLegend: 'Hva skal importen gjøre?',
    create: 'Bare opprette',
    createHint: 'Hver rad må være en ny kunde. En rad som passer med en kunde du allerede har, regnes som feil.',
    upsert: 'Opprette og oppdatere',
    upsertHint: 'En rad med samme kundenummer (eller, uten det, samme e-post, eller mobil) som en lagret kunde oppdaterer den kunden. Tomme celler endrer ikke det som er lagret. En fil med en av disse kolonnene kan nøye seg med kolonnene som skal endres: navn trengs bare for nye kunder.',
    fileLegend: 'Regneark',
    drop: 'Dra et regneark (.xlsx eller .csv) hit, eller',
    browse: 'velg en fil…',
    dropHint: 'Ingenting lagres før du har sjekket radene og bekreftet.',
    oneFile: 'Slipp én fil om gangen.',
    uploading: (name) => `Laster opp ${name}…`,
    needTemplate: 'Trenger du malen?',
    templatesLink: 'Last den ned på siden Maler.',
  },

  modes: { create: 'Bare opprette', upsert: 'Opprette og oppdatere' },
  states: {
    committing: 'Importeres',
    undoing: 'Angres',
    checking: 'Sjekkes',
    failed: 'Mislyktes',
    staged: 'Venter på bekreftelse',
    committed: 'Importert',
    discarded: 'Forkastet',
    undone: 'Angret',
    mapping: 'Venter på kolonnevalg',
  },
  statuses: { new: 'Ny', update: 'Oppdateres', unchanged: 'Uendret', error: 'Feil' },
  phases: {
    undoing: 'Angrer importen',
    reading: 'Leser filen',
    checking: 'Sjekker radene',
    staging: 'Lagrer radene',
    committing: 'Lagrer kundene',
    '': 'Venter på å starte',
  },

  imp: {
    titleChecking: (file) => `Sjekker ${file}`,
    titleCommitting: (file) => `Importerer ${file}`,
    titleUndoing: (file) => `Angrer importen av ${file}`,
    titleStaged: (file) => `Sjekk radene i ${file}`,
    titleFailed: (file) => `${file} kunne ikke leses`,
    titleDone: (file) => `Import av ${file}`,
    meta: (mode, who, when) => `${mode} · lastet opp av ${who}, ${when}`,
    progress: 'Fremdrift',
    progressCount: (done, total) => (total ? `${n(done)} av ${plural(total, 'rad', 'rader')}` : plural(done, 'rad', 'rader')),
    failedHelp: 'Ingenting ble importert. Rett filen og last den opp på nytt, eller start en ny import.',
    newImport: 'Start en ny import',
    backToCustomers: 'Tilbake til kundene',
    importAnother: 'Importer en fil til',
    warnings: 'Merknader om filen',
  },

  counts: {
    label: 'Rader etter status',
    new: 'nye',
    update: 'oppdateres',
    unchanged: 'uendret',
    error: 'med feil',
  },

  grid: {
    errorsOnly: 'Vis bare rader med feil',
    save: 'Lagre endringene og sjekk på nytt',
    saving: 'Lagrer endringene…',
    validating: 'Sjekker alle radene…',
    pending: (rows) => `${plural(rows, 'rad', 'rader')} endret, men ikke lagret ennå.`,
    noPending: 'Ingen ulagrede endringer.',
    saved: 'Endringene er lagret, og alle radene er sjekket på nytt.',
    rowFailed: (row, message) => `Rad ${row}: ${message}`,
    uploadAgain: 'Last opp på nytt…',
    uploadAgainLabel: 'Last opp en rettet fil som erstatter disse radene',
    loseEdits: 'Endringene du ikke har lagret i tabellen, går tapt. Vil du fortsette?',
    discard: 'Forkast',
    discardConfirm: 'Vil du forkaste denne importen? Ingenting fra den blir lagret.',
    confirm: 'Bekreft importen…',
    help: 'Klikk på en celle og trykk Enter (eller dobbeltklikk) for å endre den. Enter beholder endringen, Tab beholder den og går til neste celle, Esc avbryter. Piltastene flytter mellom cellene. * markerer obligatoriske kolonner.',
    label: 'Radene i importen',
    row: 'Rad',
    status: 'Status',
    errors: 'Feil',
    changes: 'Endringer',
    change: (header, from, to) => `${header}: ${from || '(tom)'} → ${to || '(tom)'}`,
    was: (from) => `Før: ${from || '(tom)'}`,
    edited: 'Endret, men ikke lagret ennå',
    empty: 'Ingen rader å vise.',
  },

  confirm: {
    title: 'Bekreft importen',
    summary: (s) =>
      `${n(s.new)} nye, ${n(s.update)} oppdateres, ${n(s.unchanged)} uendret – ${plural(s.error, 'rad', 'rader')} med feil hoppes over`,
    nothing: 'Ingen rader blir lagret.',
    warnings: 'Merknader om filen',
    commit: 'Importer',
    committing: 'Importerer…',
    cancel: 'Avbryt',
  },

  result: {
    committed: (s) => {
      let text = `${plural(s.new, 'kunde', 'kunder')} opprettet, ${n(s.update)} oppdatert`;
      if (s.unchanged) text += `, ${n(s.unchanged)} uendret`;
      if (s.error) text += `; ${plural(s.error, 'rad', 'rader')} med feil ble hoppet over`;
      return text + '.';
    },
    confirmedBy: (who, when) => `Bekreftet av ${who}, ${when}.`,
    discarded: 'Denne importen ble forkastet; ingen kunder ble endret.',
    downloadErrors: 'Last ned radene med feil (.xlsx)',
    downloadErrorsHint: 'Rett radene i den filen (den siste kolonnen forteller hva som er galt), og importer den på nytt.',
  },

  history: {
    title: 'Importhistorikk',
    when: 'Tidspunkt',
    who: 'Hvem',
    file: 'Fil',
    mode: 'Type',
    state: 'Status',
    new: 'Nye',
    update: 'Oppdatert',
    unchanged: 'Uendret',
    error: 'Feil',
    empty: 'Ingen importer ennå.',
    notImported: 'Ikke importert',
    prev: 'Nyere',
    next: 'Eldre',
    range: (from, to, total) => `${n(from)}–${n(to)} av ${n(total)}`,
  },

  undo: {
    actions: 'Angre',
    button: 'Angre importen…',
    buttonLabel: (file) => `Angre importen av ${file}`,
    state: 'Angret',
    title: 'Angre denne importen?',
    summary: (del, restore) => {
      const parts = [];
      if (del) parts.push(`sletter ${plural(del, 'kunde', 'kunder')} som importen opprettet`);
      if (restore) parts.push(`setter tilbake de tidligere verdiene for ${plural(restore, 'kunde', 'kunder')} som den oppdaterte`);
      return parts.length ? `Dette ${parts.join(' og ')}.` : 'Dette endrer ingen kunder: alle kundene fra denne importen er endret eller slettet siden.';
    },
    conflictsTitle: (count) => `${plural(count, 'kunde', 'kunder')} er endret etter importen:`,
    reasons: {
      changed: 'endret siden',
      deleted: 'slettet siden',
      key_taken: 'det tidligere kundenummeret, e-postadressen, mobilnummeret eller navnet og postnummeret tilhører nå en annen kunde',
    },
    force: (count) => `Angre også for ${plural(count, 'endret kunde', 'endrede kunder')} (de senere endringene går tapt).`,
    explanation:
      'Clientele lagrer ikke salg eller andre opplysninger som viser til kundene, så ingenting annet blir slettet. Kunder som er endret etter importen, blir stående som de er, med mindre du velger å angre for dem også.',
    cancel: 'Avbryt',
    run: 'Angre importen',
    running: 'Angrer…',
    result:
      'Denne importen ble fullført og deretter angret: kundene den opprettet, ble slettet, og de den oppdaterte, ble satt tilbake slik de var – unntatt de som er endret siden.',
    done: (del, restore, kept) =>
      `Importen er angret: ${plural(del, 'kunde', 'kunder')} slettet, ${plural(restore, 'kunde', 'kunder')} satt tilbake, ${plural(kept, 'endret kunde', 'endrede kunder')} ikke rørt.`,
  },

  settings: {
    title: 'Butikkinnstillinger',
    intro: 'Disse innstillingene gjelder hele butikken: alle ansatte.',
    name: 'Butikkens navn',
    country: 'Land',
    countryHint: 'Telefonnumre uten landkode leses som numre i dette landet, og rader uten land får det.',
    language: 'Språk',
    languageHint: 'Sidens språk for ansatte som ikke har valgt sitt eget, og språket i malen og i meldingene; navn sorteres i dette språkets rekkefølge.',
    recheck: 'Importer som allerede er sjekket, beholder resultatene til de sjekkes på nytt («Lagre endringene og sjekk på nytt»); bekreftelsen sjekker alle rader med de nye innstillingene.',
    save: 'Lagre innstillingene',
    saving: 'Lagrer…',
    saved: 'Innstillingene er lagret.',
    nameRequired: 'Gi butikken et navn.',
  },
  audit: {
    title: 'Aktivitetslogg',
    intro: 'Alle importer, bekreftelser, forkastinger og eksporter – hvem som gjorde det, og hvilken fil det gjaldt.',
    when: 'Tidspunkt',
    who: 'Hvem',
    action: 'Hendelse',
    file: 'Fil',
    rows: 'Rader',
    sha: 'Filens SHA-256',
    empty: 'Ingenting registrert ennå.',
    actions: { import: 'Lastet opp og sjekket', confirm: 'Bekreftet', discard: 'Forkastet', export: 'Eksportert', undo: 'Angret', settings: 'Butikkinnstillinger endret' },
  },

  // Tabulator's own texts (pagination bar, loading), in its language format.
  tabulator: {
    data: { loading: 'Laster inn', error: 'Kunne ikke hente radene' },
    pagination: {
      page_size: 'Rader per side',
      page_title: 'Vis side',
      first: 'Første',
      first_title: 'Første side',
      last: 'Siste',
      last_title: 'Siste side',
      prev: 'Forrige',
      prev_title: 'Forrige side',
      next: 'Neste',
      next_title: 'Neste side',
      all: 'Alle',
      counter: { showing: 'Viser', of: 'av', rows: 'rader', pages: 'sider' },
    },
  },

  // The mapping step (mapping.js): a file whose columns were not all recognised.
  mapping: {
    state: 'Venter på kolonnevalg',
    title: (file) => `Velg kolonnene i ${file}`,
    intro: 'Noen kolonner i denne filen ble ikke gjenkjent. Velg hvilket kundefelt hver kolonne inneholder; en kolonne satt til «Ignorer denne kolonnen» blir ikke importert. Ingenting blir sjekket eller lagret før du går videre.',
    source: (name) => `Gjenkjent som: ${name}.`,
    caption: 'Kolonnene i filen og feltet hver av dem fyller',
    column: 'Kolonne',
    header: 'Overskrift i filen',
    samples: 'Første verdier',
    field: 'Kundefelt',
    blankHeader: '(ingen overskrift)',
    noHeader: 'En kolonne uten overskrift kan ikke importeres.',
    noValues: 'ingen verdier',
    ignore: 'Ignorer denne kolonnen',
    fullName: 'Fullt navn (deles i Fornavn og Etternavn)',
    requiredOption: (field) => `${field} (obligatorisk)`,
    selectLabel: (letter, header) => `Kundefelt for kolonne ${letter} (${header})`,
    suggested: (why) => `Forslag: ${why}.`,
    noSuggestion: 'Ikke noe forslag: velg et felt, eller ignorer kolonnen.',
    reasons: {
      header: 'overskriften er navnet på dette feltet',
      synonym: 'overskriften er et vanlig navn på dette feltet',
      vendor: 'en kjent kolonne fra plattformen filen kommer fra',
      similar: (field) => `overskriften ligner på «${field}»`,
    },
    looksLike: {
      emails: 'verdiene ser ut som e-postadresser',
      'phone numbers': 'verdiene ser ut som telefonnumre',
      postcodes: 'verdiene ser ut som postnumre',
      dates: 'verdiene ser ut som datoer',
      'yes/no answers': 'verdiene ser ut som ja/nei-svar',
      'whole numbers': 'verdiene ser ut som hele tall',
      'full names': 'verdiene ser ut som fulle navn',
      'street addresses': 'verdiene ser ut som gateadresser',
    },
    missing: (fields) => `Velg en kolonne for hvert obligatoriske felt. Ikke valgt ennå: ${fields}.`,
    missingUpdate: (fields, identity) => `Velg en kolonne for hvert obligatoriske felt (ikke valgt ennå: ${fields}), eller, for bare å oppdatere eksisterende kunder, en kolonne som sier hvem hver rad oppdaterer: ${identity}.`,
    updateOnly: (fields) => `Rader som passer med en eksisterende kunde, oppdaterer bare de valgte kolonnene. ${fields} må fylles ut for nye kunder: en rad som ikke passer med noen, vises som en feil.`,
    twice: (fields) => `Valgt for mer enn én kolonne: ${fields}. Den senere kolonnen fyller inn der den tidligere er tom.`,
    remember: 'Husk dette valget for filer med de samme kolonnene',
    rememberHint: 'Neste fil med nøyaktig de samme kolonneoverskriftene blir da lest på samme måte, uten å spørre.',
    continue: 'Fortsett',
    continuing: 'Starter sjekken…',
  },
};
