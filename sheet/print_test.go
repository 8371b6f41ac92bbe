package sheet

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

// TestTemplatePrintSettings: every sheet of the template prints landscape, one page wide, with
// its header row on every page and the page number in the footer; the field guide on at most
// two pages.
func TestTemplatePrintSettings(t *testing.T) {
	f := openBook(t, writeTemplate(t, WriteOptions{Language: "nb"}))
	titles := map[string]string{}
	for _, n := range f.GetDefinedName() {
		if n.Name == "_xlnm.Print_Titles" {
			titles[n.Scope] = n.RefersTo
		}
	}
	w := wordsIn("nb")
	for _, c := range []struct {
		sheet string
		tall  int
	}{{w.customers, 0}, {w.example, 0}, {w.guide, guidePages}} {
		lay, err := f.GetPageLayout(c.sheet)
		if err != nil {
			t.Fatal(err)
		}
		if lay.Orientation == nil || *lay.Orientation != "landscape" || lay.FitToWidth == nil || *lay.FitToWidth != 1 ||
			lay.FitToHeight == nil || *lay.FitToHeight != c.tall {
			t.Errorf("%s: page layout %+v, want landscape, 1 page wide, %d tall", c.sheet, lay, c.tall)
		}
		props, err := f.GetSheetProps(c.sheet)
		if err != nil || props.FitToPage == nil || !*props.FitToPage {
			t.Errorf("%s: not fitted to the page: %+v, %v", c.sheet, props, err)
		}
		if want := "'" + c.sheet + "'!$1:$1"; titles[c.sheet] != want {
			t.Errorf("%s: print titles %q, want %q", c.sheet, titles[c.sheet], want)
		}
		hf, err := f.GetHeaderFooter(c.sheet)
		if err != nil || hf == nil || hf.OddFooter == "" {
			t.Errorf("%s: no footer: %+v, %v", c.sheet, hf, err)
		}
	}
}

// TestTemplatePrintsInLibreOffice prints the template to PDF in LibreOffice, as a shop owner
// who presses Print does: the empty table and the example on a page each, the field guide on at
// most two (before the print settings, LibreOffice printed the Norwegian template on 19 pages).
func TestTemplatePrintsInLibreOffice(t *testing.T) {
	for _, lang := range []string{"en", "nb", "pl"} {
		t.Run(lang, func(t *testing.T) {
			src := filepath.Join(t.TempDir(), "template.xlsx")
			b, err := os.ReadFile(writeTemplate(t, WriteOptions{Language: lang}))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(src, b, 0o600); err != nil {
				t.Fatal(err)
			}
			pages := pdfPages(t, soffice(t, src, "pdf:calc_pdf_Export"))
			if pages < 3 || pages > 2+guidePages {
				t.Errorf("the template prints on %d pages, want 3 to %d", pages, 2+guidePages)
			}
		})
	}
}

// pdfPages returns the page count of a PDF: the /Count of its root page tree, the largest one.
func pdfPages(t *testing.T, pdf []byte) int {
	t.Helper()
	n := 0
	for _, m := range regexp.MustCompile(`/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b`).FindAllSubmatch(pdf, -1) {
		for _, g := range m[1:] {
			if v, err := strconv.Atoi(string(g)); err == nil && v > n {
				n = v
			}
		}
	}
	if n == 0 {
		t.Fatalf("no page tree in the PDF (%d bytes): %q", len(pdf), pdf[:min(200, len(pdf))])
	}
	return n
}
