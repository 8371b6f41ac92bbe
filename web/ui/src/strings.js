// Every text the page shows, in one object, so that a translation is one new file of the same
// shape. Texts with numbers or names in them are functions. This is the English dictionary, and
// the one S every screen imports: i18n.js fills it in place with strings.nb.js or strings.pl.js
// (a key those lack stays English), so a screen never needs to know the language.

// Numbers and dates follow S.locale, the chosen dictionary's; English keeps the browser's own.
const n = (x) => Number(x || 0).toLocaleString(S.locale || undefined);
const plural = (count, one, many) => `${n(count)} ${count === 1 ? one : many}`;

export const S = {
  locale: '', // a BCP 47 tag for numbers and dates; '' is the browser's own
  appName: 'Clientele',
  skipToContent: 'Skip to content',
  loading: 'Loading…',
  title: (screen) => `${screen} – Clientele`,

  nav: {
    label: 'Main',
    customers: 'Customers',
    import: 'Import',
    templates: 'Templates',
    history: 'History',
    audit: 'Audit log',
    settings: 'Shop settings',
    logOut: 'Log out',
    language: 'Language',
    signedInAs: (email) => `Logged in as ${email}`,
  },

  errors: {
    network: 'The server could not be reached. Check the connection and try again.',
    status: (status) => `The server answered with an error (HTTP ${status}). Try again.`,
    noAccess: 'You do not have access',
    noAccessDetail: 'Your role does not allow this page. Ask the shop owner if you need it.',
    notFound: 'There is no such page.',
    backHome: 'Go to the customer list',
  },

  login: {
    title: 'Log in',
    email: 'Email',
    password: 'Password',
    submit: 'Log in',
    busy: 'Logging in…',
  },

  customers: {
    title: 'Customers',
    import: 'Import customers',
    export: 'Export',
    exportXLSX: 'Excel workbook (.xlsx)',
    exportCSV: 'CSV file (.csv)',
    search: 'Search customers',
    searchHint: 'Name, email, phone, account number…',
    empty: 'No customers found.',
  },

  templates: {
    title: 'Templates',
    intro: 'Fill in the template in Excel (or any spreadsheet program), then import it. Keep the header row as it is; the columns are explained in the field guide below.',
    empty: 'Download the empty template (.xlsx)',
    withCustomers: 'Download the template with all customers (.xlsx)',
    withCustomersHint: 'Change customers in it and import it with “Create and update”.',
    guide: 'Field guide',
    print: 'Print the field guide',
    number: '#',
    header: 'Column',
    required: 'Required',
    maxLength: 'Max length',
    format: 'Format',
    default: 'When blank',
    allowed: 'Allowed values',
    meaning: 'Meaning',
    yes: 'Yes',
    no: 'No',
    none: '—',
  },

  upload: {
    title: 'Import customers',
    modeLegend: 'What may the import do?',
    create: 'Create only',
    createHint: 'Every row must be a new customer; a row that matches an existing customer is an error.',
    upsert: 'Create and update',
    upsertHint: 'A row whose account number (or else email, or else mobile) matches a customer updates that customer; blank cells keep the stored value. A file with one of those columns may hold just the columns to change: names are needed for new customers only.',
    fileLegend: 'Spreadsheet',
    drop: 'Drag a spreadsheet (.xlsx or .csv) here, or',
    browse: 'choose a file…',
    dropHint: 'Nothing is written until you have checked the rows and confirmed.',
    oneFile: 'Drop one file at a time.',
    uploading: (name) => `Uploading ${name}…`,
    needTemplate: 'Need the template?',
    templatesLink: 'Download it on the Templates page.',
  },

  modes: { create: 'Create only', upsert: 'Create and update' },
  states: {
    committing: 'Being imported',
    undoing: 'Being undone',
    checking: 'Checking',
    failed: 'Failed',
    staged: 'Waiting for confirmation',
    committed: 'Imported',
    discarded: 'Discarded',
    undone: 'Undone',
    mapping: 'Waiting for column mapping',
  },
  statuses: { new: 'New', update: 'Update', unchanged: 'Unchanged', error: 'Error' },
  phases: {
    undoing: 'Undoing the import',
    reading: 'Reading the file',
    checking: 'Checking the rows',
    staging: 'Saving the rows',
    committing: 'Writing the customers',
    '': 'Waiting to start',
  },

  imp: {
    titleChecking: (file) => `Checking ${file}`,
    titleCommitting: (file) => `Importing ${file}`,
    titleUndoing: (file) => `Undoing the import of ${file}`,
    titleStaged: (file) => `Check the rows of ${file}`,
    titleFailed: (file) => `${file} could not be read`,
    titleDone: (file) => `Import of ${file}`,
    meta: (mode, who, when) => `${mode} · uploaded by ${who}, ${when}`,
    progress: 'Progress',
    progressCount: (done, total) => (total ? `${n(done)} of ${n(total)} rows` : `${n(done)} rows`),
    failedHelp: 'Nothing was imported. Fix the file and upload it again, or start a new import.',
    newImport: 'Start a new import',
    backToCustomers: 'Back to the customers',
    importAnother: 'Import another file',
    warnings: 'Notes about the file',
  },

  counts: {
    label: 'Rows by status',
    new: 'new',
    update: 'update',
    unchanged: 'unchanged',
    error: 'error',
  },

  grid: {
    errorsOnly: 'Show errors only',
    save: 'Save grid changes and validate',
    saving: 'Saving changes…',
    validating: 'Checking every row…',
    pending: (rows) => `${plural(rows, 'row', 'rows')} edited, not saved yet.`,
    noPending: 'No unsaved changes.',
    saved: 'Changes saved and every row checked again.',
    rowFailed: (row, message) => `Row ${row}: ${message}`,
    uploadAgain: 'Upload again…',
    uploadAgainLabel: 'Upload a corrected file to replace these rows',
    loseEdits: 'Your unsaved changes in the grid will be lost. Continue?',
    discard: 'Discard',
    discardConfirm: 'Discard this import? Nothing from it will be written.',
    confirm: 'Confirm import…',
    help: 'Click a cell and press Enter (or double-click it) to edit. Enter keeps the change, Tab keeps it and edits the next cell, Esc cancels. Arrow keys move between cells. * marks required columns.',
    label: 'Rows of the import',
    row: 'Row',
    status: 'Status',
    errors: 'Errors',
    changes: 'Changes',
    change: (header, from, to) => `${header}: ${from || '(blank)'} → ${to || '(blank)'}`,
    was: (from) => `Was: ${from || '(blank)'}`,
    edited: 'Edited, not saved yet',
    empty: 'No rows to show.',
  },

  confirm: {
    title: 'Confirm the import',
    summary: (s) =>
      `${n(s.new)} new, ${n(s.update)} updated, ${n(s.unchanged)} unchanged, ${n(s.error)} ${s.error === 1 ? 'error' : 'errors'} that will be skipped`,
    nothing: 'No row will be written.',
    warnings: 'Notes about the file',
    commit: 'Commit',
    committing: 'Committing…',
    cancel: 'Cancel',
  },

  result: {
    committed: (s) => {
      let text = `${plural(s.new, 'customer', 'customers')} created, ${n(s.update)} updated`;
      if (s.unchanged) text += `, ${n(s.unchanged)} unchanged`;
      if (s.error) text += `; ${plural(s.error, 'error row', 'error rows')} skipped`;
      return text + '.';
    },
    confirmedBy: (who, when) => `Confirmed by ${who}, ${when}.`,
    discarded: 'This import was discarded; no customer was changed.',
    downloadErrors: 'Download error rows (.xlsx)',
    downloadErrorsHint: 'Fix the rows in that file (the last column says what is wrong) and import it again.',
  },

  history: {
    title: 'Import history',
    when: 'When',
    who: 'Who',
    file: 'File',
    mode: 'Mode',
    state: 'State',
    new: 'New',
    update: 'Updated',
    unchanged: 'Unchanged',
    error: 'Errors',
    empty: 'No imports yet.',
    // The counts of an import that wrote nothing (discarded, failed): what its rows would have been.
    notImported: 'Not imported',
    prev: 'Newer',
    next: 'Older',
    range: (from, to, total) => `${n(from)}–${n(to)} of ${n(total)}`,
  },

  undo: {
    actions: 'Undo',
    button: 'Undo import…',
    buttonLabel: (file) => `Undo the import of ${file}`,
    state: 'Undone',
    // For the import's own screen (import.js), once it is undone.
    result: 'This import was committed and then undone: the customers it created were deleted and those it updated were put back as they were, except those changed since.',
    title: 'Undo this import?',
    summary: (del, restore) => {
      const parts = [];
      if (del) parts.push(`deletes the ${plural(del, 'customer', 'customers')} this import created`);
      if (restore) parts.push(`puts back the earlier values of the ${plural(restore, 'customer', 'customers')} it updated`);
      return parts.length ? `Undo ${parts.join(' and ')}.` : 'Undo changes no customers: every customer of this import was changed or deleted since.';
    },
    conflictsTitle: (count) => `${plural(count, 'customer was', 'customers were')} changed after the import:`,
    reasons: {
      changed: 'changed since',
      deleted: 'deleted since',
      key_taken: 'its earlier account number, email, mobile or name and postcode now belong to another customer',
    },
    force: (count) => `Undo the ${plural(count, 'changed customer', 'changed customers')} too (their later changes are lost).`,
    explanation:
      'Clientele keeps no sales or other records that refer to customers, so nothing else is deleted. Customers changed after the import are left as they are unless you choose to undo them too.',
    cancel: 'Cancel',
    run: 'Undo import',
    running: 'Undoing…',
    done: (del, restore, kept) =>
      `Import undone: ${plural(del, 'customer', 'customers')} deleted, ${plural(restore, 'customer', 'customers')} put back, ${plural(kept, 'changed customer', 'changed customers')} left as they are.`,
  },

  settings: {
    title: 'Shop settings',
    intro: 'These settings are the whole shop’s: they apply to every member of staff.',
    name: 'Shop name',
    country: 'Country',
    countryHint: 'Phone numbers without a country code are read as this country’s, and rows without a country get it.',
    language: 'Language',
    languageHint: 'The page’s language for staff who have not chosen their own, and the language of the template and of messages; names are sorted in its order.',
    recheck: 'Imports checked already keep their results until they are checked again (“Save grid changes and validate”); confirming checks every row with the new settings.',
    save: 'Save settings',
    saving: 'Saving…',
    saved: 'Settings saved.',
    nameRequired: 'Give the shop a name.',
  },
  audit: {
    title: 'Audit log',
    intro: 'Every import, confirmation, discard and export, with who did it and the file it concerned.',
    when: 'When',
    who: 'Who',
    action: 'Action',
    file: 'File',
    rows: 'Rows',
    sha: 'File SHA-256',
    empty: 'Nothing recorded yet.',
    actions: { import: 'Uploaded and checked', confirm: 'Confirmed', discard: 'Discarded', export: 'Exported', undo: 'Undone', settings: 'Shop settings changed' },
  },

  // Tabulator's own texts (pagination bar, loading), in its language format.
  tabulator: {
    data: { loading: 'Loading', error: 'Could not load the rows' },
    pagination: {
      page_size: 'Rows per page',
      page_title: 'Show page',
      first: 'First',
      first_title: 'First page',
      last: 'Last',
      last_title: 'Last page',
      prev: 'Previous',
      prev_title: 'Previous page',
      next: 'Next',
      next_title: 'Next page',
      all: 'All',
      counter: { showing: 'Showing', of: 'of', rows: 'rows', pages: 'pages' },
    },
  },

  // The mapping step (mapping.js): a file whose columns were not all recognised.
  mapping: {
    state: 'Waiting for column mapping',
    title: (file) => `Choose the columns of ${file}`,
    intro: 'Some columns of this file were not recognised. Choose the customer field each column holds; a column set to “Ignore this column” is not imported. Nothing is checked or written until you continue.',
    source: (name) => `Recognised as: ${name}.`,
    caption: 'The columns of the file and the field each one fills',
    column: 'Column',
    header: 'Header in the file',
    samples: 'First values',
    field: 'Customer field',
    blankHeader: '(no header)',
    noHeader: 'A column without a header cannot be imported.',
    noValues: 'no values',
    ignore: 'Ignore this column',
    fullName: 'Full name (split into First Name and Last Name)',
    requiredOption: (field) => `${field} (required)`,
    selectLabel: (letter, header) => `Customer field for column ${letter} (${header})`,
    suggested: (why) => `Suggested: ${why}.`,
    noSuggestion: 'No suggestion: choose a field, or ignore the column.',
    reasons: {
      header: 'the header is the name of this field',
      synonym: 'the header is a usual name for this field',
      vendor: 'a known column of the platform the file comes from',
      similar: (field) => `header looks like “${field}”`,
    },
    looksLike: {
      emails: 'values look like email addresses',
      'phone numbers': 'values look like phone numbers',
      postcodes: 'values look like postcodes',
      dates: 'values look like dates',
      'yes/no answers': 'values look like yes/no answers',
      'whole numbers': 'values look like whole numbers',
      'full names': 'values look like full names',
      'street addresses': 'values look like street addresses',
    },
    missing: (fields) => `Choose a column for each required field. Not chosen yet: ${fields}.`,
    missingUpdate: (fields, identity) => `Choose a column for each required field (not chosen yet: ${fields}), or, to update existing customers only, a column that says whom each row updates: ${identity}.`,
    updateOnly: (fields) => `Rows that match an existing customer update just the chosen columns. ${fields} are required for new customers: a row that matches nobody will be shown as an error.`,
    twice: (fields) => `Chosen for more than one column: ${fields}. The later column fills in where the earlier one is blank.`,
    remember: 'Remember this mapping for files with the same columns',
    rememberHint: 'The next file with exactly these column headers is then read this way without asking.',
    continue: 'Continue',
    continuing: 'Starting the check…',
  },
};

// formatDate shows an API time stamp in the reader's own locale.
export function formatDate(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(S.locale || undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export { n as formatNumber };
