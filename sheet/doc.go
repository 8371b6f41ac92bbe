// Package sheet reads customer files (.xlsx and CSV) and writes the template and exports.
//
// # Reading
//
// Open decides the format by the file's content, never by its name alone: a zip archive is
// read as an xlsx workbook, an OLE2 file (old .xls, password-protected .xlsx) and well-known
// non-spreadsheet formats (PNG, JPEG, PDF, HTML, …) are refused with a message a shop owner
// can act on, and anything else that is text is read as CSV. Both formats are read as a stream,
// one row at a time, so a large CSV costs time, not memory. excelize holds an xlsx's parts in
// memory, except worksheets and shared strings over 16 MiB, which it spools to temporary files;
// Limits.MaxUnzipped bounds the total, and the other Limits bound what a hostile file can cost. Every problem with the file as a whole is a *customer.Error with code
// customer.EFile; problems with single rows are not this package's business (see customer).
//
// The header row is found among the first rows (a title such as "Customer list 2024" above it
// is skipped) and its columns are matched to customer.Fields by header text or key, ignoring
// case and spacing, so a reordered file or one with extra columns works.
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
// excelize reads the workbook, with its unzip limit set from Limits (its own default, 16 GB,
// protects nothing). Its streaming Rows iterator renders each cell through the cell's number
// format, but does not say which format a cell had; and it renders dates in whatever format
// the file chose ("02/28/90", "28.02.1990"). So before reading, rewriteNumberFormats looks at
// each cell style of the workbook once and, in the in-memory copy of the styles, points every
// date format at ISO yyyy-mm-dd and every "General" format at plain text rendering (General
// would show 12+ digit numbers in scientific notation). The cells then come out as a person
// sees them, except that dates are ISO and long numbers keep their digits: 93456789, 0150 for
// a "0000" format, 1990-02-28. The 1904 date system is honoured by excelize. A panic inside
// excelize becomes an EFile error (a backstop for a server, not a substitute for checks).
//
// Before excelize opens a workbook, checkZip reads every part once: archive/zip then checks
// each part's declared size and checksum (excelize ignores a part longer than declared and cuts
// it short), and the XML parts are parsed (excelize's row iterator ignores XML errors, so a
// damaged worksheet would end the rows early without a word). A document type declaration is
// refused: Excel never writes one, and it carries entity-expansion and external-entity
// attacks. Duplicate part names, and more than 128 MiB of parts excelize would hold in memory,
// are refused too. This pass costs about a quarter of the time of reading a workbook.
//
// # Writing
//
// WriteXLSX writes the template (and exports and error reports, which are the template with
// rows): the catalogue's header, frozen, with data validation, input messages and column
// formats generated from customer.Fields, plus an Example sheet and a Field guide sheet.
// WriteCSV writes UTF-8 with a BOM and neutralises cells that a spreadsheet would run as
// formulas. Both stream their records.
package sheet
