package sheet

import (
	"archive/zip"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/clientele/clientele/customer"
)

// The excelize reader: the reference the streaming reader (streamSource) is held to, in
// TestStreamMatchesExcelize and BenchmarkReadXLSXFile. No production path reads with it.

// xlsxSource reads the rows of one worksheet of an xlsx workbook.
type xlsxSource struct {
	f        *excelize.File
	rows     *excelize.Rows
	num      int // row number of the last row returned: excelize reports one row per Next, gaps included
	warnings []string
	notices  []customer.Notice // what warnings were made from
}

// openXLSX opens the workbook at path and prepares to read its customer sheet.
func openXLSX(path string, limits Limits) (src *xlsxSource, err error) {
	if err := checkZip(path, limits); err != nil {
		return nil, err
	}
	var f *excelize.File
	defer func() {
		if p := recover(); p != nil {
			err = panicError(p)
		}
		if err != nil && f != nil {
			_ = f.Close()
		}
	}()
	f, err = excelize.OpenFile(path, excelize.Options{
		UnzipSizeLimit:    limits.MaxUnzipped,
		UnzipXMLSizeLimit: min(limits.MaxUnzipped, xmlInMemory),
		ShortDatePattern:  isoDate, // how excelize renders built-in format 14, see rewriteNumberFormats
	})
	if err != nil {
		return nil, fileError(err, damaged, nil)
	}
	rewriteNumberFormats(f)
	name, warning := chooseSheet(f)
	if name == "" {
		return nil, fileError(nil, "xlsx_no_sheets", nil)
	}
	rows, err := f.Rows(name)
	if err != nil {
		return nil, fileError(err, damaged, nil)
	}
	src = &xlsxSource{f: f, rows: rows}
	if warning.Message != "" {
		src.warnings = append(src.warnings, warning.Message)
		src.notices = append(src.notices, warning)
	}
	return src, nil
}

// next implements source.
func (s *xlsxSource) next() (num int, cells []string, err error) {
	defer func() {
		if p := recover(); p != nil {
			num, cells, err = 0, nil, panicError(p)
		}
	}()
	if !s.rows.Next() {
		if err := s.rows.Error(); err != nil {
			return 0, nil, fileError(err, "xlsx_unreadable_after", args("row", itoa(s.num)))
		}
		return 0, nil, io.EOF
	}
	s.num++
	cells, err = s.rows.Columns()
	if err != nil {
		return 0, nil, fileError(err, "xlsx_row_unreadable", args("row", itoa(s.num)))
	}
	return s.num, cells, nil
}

// close implements source; it removes excelize's temporary files.
func (s *xlsxSource) close() (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = panicError(p)
		}
	}()
	rerr := s.rows.Close()
	if err := s.f.Close(); err != nil {
		return err
	}
	return rerr
}

// checkZip refuses, before excelize reads any part into memory, archives that would inflate
// beyond limits.MaxUnzipped or maxInMemory (by their declared sizes, which archive/zip
// enforces while reading), that are zip files but not workbooks, or whose parts are damaged
// (see verifyPart).
func checkZip(path string, limits Limits) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return fileError(err, "xlsx_bad_zip", nil)
	}
	defer zr.Close()
	if err := checkArchive(zr, limits); err != nil {
		return err
	}
	for _, zf := range zr.File {
		if err := verifyPart(zf); err != nil {
			return err
		}
	}
	return nil
}

// chooseSheet is chooseSheetOf's rule on an excelize workbook.
func chooseSheet(f *excelize.File) (name string, warning customer.Notice) {
	var visible []string
	for _, n := range f.GetSheetList() {
		if isCustomersSheet(n) {
			return n, warning
		}
		if v, err := f.GetSheetVisible(n); err == nil && v {
			visible = append(visible, n)
		}
	}
	if len(visible) == 0 {
		if list := f.GetSheetList(); len(list) > 0 {
			return list[0], warning
		}
		return "", warning
	}
	if len(visible) > 1 {
		warning = firstSheetWarning(len(visible), visible[0])
	}
	return visible[0], warning
}
