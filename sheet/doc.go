// Package sheet reads customer files (.xlsx and CSV) and writes the template and exports.
//
// # Reading
//
// Open decides the format by the file's content, never by its name alone: a zip archive is
// read as an xlsx workbook, an OLE2 file (old .xls, password-protected .xlsx) and well-known
// non-spreadsheet formats (PNG, JPEG, PDF, HTML, …) are refused with a message a shop owner
// can act on, and anything else that is text is read as CSV. Both formats are read as a stream,
// one row at a time, so a large file costs time, not memory: an xlsx's worksheet is read
// straight from the zip archive as it inflates, and only its shared strings are held (compactly).
// Limits.MaxUnzipped bounds the inflated bytes, and the other Limits bound what a hostile file can
// cost. Every problem with the file as a whole is a *customer.Error with code
// customer.EFile; problems with single rows are not this package's business (see customer).
//
// The header row is found among the first rows (a title such as "Customer list 2024" above it
// is skipped) and its columns are matched to customer.Fields by our template's header in any
// language, a key, an everyday synonym, or, for another platform's export (Shopify, Square,
// Loyverse, Lightspeed, Citrus-Lime), that platform's columns, ignoring case, spacing,
// punctuation and diacritics, so a reordered file or one with extra columns works (see
// synonyms.go, vendors.go and docs/FORMATS.md). OpenWith takes a mapping by hand; PreviewFile
// suggests one for a mapping step.
//
// # CSV
//
// The encoding is detected because shops' spreadsheets save CSV in their Windows code page:
// a BOM decides (UTF-8, UTF-16 LE/BE); without one, a regular pattern of NUL bytes means
// UTF-16; otherwise a file that is valid UTF-8 throughout is UTF-8. What is left is a Windows
// code page, and detectEncoding picks Windows-1250 (Polish) or Windows-1252 (Norwegian,
// English) by counting bytes that are common letters in one and rare symbols in the other:
// ą ę ł ń ś ź ż (and capitals) at 0xB9 0xEA 0xB3 0xF1 0x9C 0x9F 0xBF … vote for 1250; å ø
// (and capitals) at 0xE5 0xF8 0xC5 0xD8 vote for 1252; a tie is 1252. The separator is the one
// of comma, semicolon and tab that occurs most often, outside quotes, in one of the first
// lines (Excel's "sep=;" first line, when present, decides instead). The standard library's
// encoding/csv does the parsing; a small reader in front of it turns old Mac line ends (bare
// CR) into LF and bounds the bytes of one record, because encoding/csv would otherwise buffer
// an unterminated quote or a line without line ends whole.
//
// # xlsx
//
// The worksheet and the shared strings are read by a purpose-built streaming reader
// (streamSource, on xmlScanner): a hand-written byte scanner over the inflated part, not
// encoding/xml. The reason is measured (BenchmarkReadXLSXFile): a 100,000-row, 19-column
// customer workbook takes 9.9 s, 3.5 GB of allocations and 234 MB of memory through excelize's
// Rows iterator (half of the CPU in encoding/xml's tokenizer), and 0.95 s, 54 MB and 49 MB
// through the streaming reader. The worksheet is inflated a megabyte ahead of the scanner, in a
// goroutine of its own (sheetReadAheadBuffers), so that the two share the cores (0.82 s against
// 0.92 s for a LibreOffice file of 100,000 customers); read-ahead gains nothing on the shared
// strings. The scanner is strict where encoding/xml is: tags must nest and match,
// entities must be known, text must be valid UTF-8, so a damaged or truncated worksheet is an
// EFile error naming the part and line, never rows silently cut short. It reads only local names
// (the format fixes the namespaces) and keeps nothing but the current row.
//
// The rows are those excelize's Rows iterator gave, to the cell (TestStreamMatchesExcelize reads
// every fixture and generated workbooks both ways): one row per row number, gap rows empty, a
// row without r following the one before; cells placed by their r reference (or the next
// column), inline strings and shared strings (rich text runs concatenated, phonetic runs left
// out, _xHHHH_ escapes decoded), booleans as TRUE and FALSE. The sheet is the one named
// "Customers" (any case, or the translated template's "Kunder" or "Klienci"), else the first
// visible one, found through xl/workbook.xml and its relationships.
//
// Cells show the text a person sees, except that dates are ISO and long numbers keep their
// digits: 93456789, 0150 for a "0000" format, 1990-02-28. The rendering is excelize's, with the
// number formats rewritten once per style (rewriteNumberFormats): every date format becomes ISO
// yyyy-mm-dd and every "General" format plain text, since General would show 12+ digit numbers
// in scientific notation. Cells whose style is General or text need no rendering, and whole-day
// dates (1900 date system) are computed directly; the few others (a "0000" postcode, "#,##0")
// are rendered by excelize in a one-cell workbook holding the file's styles, and cached
// (numberFormatter). The 1904 date system is honoured.
//
// Before reading, the archive is checked (checkArchive): no more than MaxUnzipped of declared
// sizes, no two parts of one name (zip readers differ on which would win), a workbook rather
// than a Word, PowerPoint or OpenDocument file. Every other part is then read once (verifyPart):
// archive/zip checks each part's declared size and checksum as it is read to its end, and XML
// parts are parsed; the worksheet and shared strings are checked the same way while they are
// read, so a size or checksum that does not match is an EFile error at the row where it shows.
// A document type declaration is refused: Excel never writes one, and it carries
// entity-expansion and external-entity attacks.
//
// An excelize reader (xlsxSource, in a test file) is the reference the streaming reader is
// tested against; excelize also writes the template and renders the uncommon number formats.
//
// # Writing
//
// WriteXLSX writes the template (and exports and error reports, which are the template with
// rows): the catalogue's header, frozen, with data validation, input messages and column
// formats generated from customer.Fields, plus an Example sheet and a Field guide sheet. Text
// is written as typed text cells, so it needs no quote against formulas. An error report has a
// message column first (WriteOptions.ExtraColumn), and each cell with a note (Record.Notes) is
// filled light red and carries the note as a comment; the reader ignores that column silently
// (IsErrorColumn). WriteCSV writes UTF-8 with a BOM, separated as the language's spreadsheets
// expect (";" for nb and pl, "," for en), and neutralises cells that a spreadsheet would run as
// formulas but not numbers written in groups, such as phone numbers (see neutralise). Both
// stream their records.
package sheet
