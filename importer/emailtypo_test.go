package importer_test

import (
	"context"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// TestEmailTypoImport: a row whose email's domain looks mistyped is staged with an email_typo
// warning offering the corrected address, stays importable and is committed as typed; taking
// the suggestion (an edit of the cell) clears the warning. An address the slip makes invalid is
// an error offering the same kind of correction, and a real domain gets no warning.
func TestEmailTypoImport(t *testing.T) {
	ctx := context.Background()
	dbtest.Each(t, func(t *testing.T, dsn string) {
		s := openStore(t, dsn)
		sh := newShop(t, s, "NO")
		path := csvFile(t, "skrivefeil.csv",
			map[string]string{"first_name": "Kari", "last_name": "Nordmann", "email": "Kari.Nordmann@gmial.com"},
			map[string]string{"first_name": "Zofia", "last_name": "Wójcik", "email": "zofia@onet.p"},
			map[string]string{"first_name": "Per", "last_name": "Hansen", "email": "per.hansen@lyse.net"},
			map[string]string{"first_name": "Ola", "last_name": "Berg", "email": "OLA.BERG@HOTMIAL.COM"},
		)
		imp := sh.stage(path, customer.ModeCreate)
		if imp.Summary.Rows != 4 || imp.Summary.New != 3 || imp.Summary.Error != 1 {
			t.Fatalf("summary %+v, want 4 rows: 3 new, 1 error", imp.Summary)
		}
		rows := sh.rows(imp.ID)
		checkRows(t, rows, map[int]want{
			2: {status: customer.StatusNew},
			3: {status: customer.StatusError, errs: []string{"email:invalid_email"}},
			4: {status: customer.StatusNew},
			5: {status: customer.StatusNew},
		})
		typo := func(r customer.StagedRow) *customer.Problem {
			for i := range r.Warnings {
				if r.Warnings[i].Code == customer.WarnEmailTypo {
					return &r.Warnings[i]
				}
			}
			return nil
		}
		for _, c := range []struct {
			row              int
			suggestion, text string
		}{
			{2, "Kari.Nordmann@gmail.com", "Email: did you mean Kari.Nordmann@gmail.com? gmial.com looks like a mistyped gmail.com."},
			{5, "OLA.BERG@HOTMAIL.COM", "Email: did you mean OLA.BERG@HOTMAIL.COM? HOTMIAL.COM looks like a mistyped hotmail.com."},
		} {
			w := typo(rowNum(t, rows, c.row))
			if w == nil {
				t.Fatalf("row %d: no email_typo warning: %+v", c.row, rowNum(t, rows, c.row).Warnings)
			}
			if w.Field != "email" || w.Column != "Email" || w.Suggestion != c.suggestion || w.Message != c.text {
				t.Errorf("row %d: warning %+v, want on email suggesting %q: %q", c.row, w, c.suggestion, c.text)
			}
			if nb := w.In("nb"); nb != "E-post: mente du "+c.suggestion+"? "+w.Args["domain"]+" ser ut som en feilskrevet "+w.Args["target"]+"." {
				t.Errorf("row %d in Norwegian: %q", c.row, nb)
			}
		}
		if w := typo(rowNum(t, rows, 4)); w != nil {
			t.Errorf("lyse.net is a real domain, yet: %+v", w)
		}
		bad := problem(t, rowNum(t, rows, 3), customer.CodeInvalidEmail)
		if bad.Suggestion != "zofia@onet.pl" {
			t.Errorf("invalid_email suggests %q, want zofia@onet.pl: %+v", bad.Suggestion, bad)
		}

		// Taking the suggestion is editing the cell to it: the warning goes.
		if _, err := sh.im.EditRow(ctx, sh.tn, imp.ID, 2, map[string]string{"email": "Kari.Nordmann@gmail.com"}); err != nil {
			t.Fatal(err)
		}
		if _, err := sh.im.Validate(ctx, sh.tn, imp.ID); err != nil {
			t.Fatal(err)
		}
		if w := typo(rowNum(t, sh.rows(imp.ID), 2)); w != nil {
			t.Errorf("the suggestion taken, still: %+v", w)
		}

		// The warned row left as typed is committed as typed.
		done := sh.confirm(imp.ID)
		if done.Summary.New != 3 {
			t.Fatalf("committed %+v, want 3 new", done.Summary)
		}
		if got := sh.customer(customer.FLastName, "Berg").Values[customer.FEmail]; got != "OLA.BERG@HOTMIAL.COM" {
			t.Errorf("stored email %q, want it as typed", got)
		}
		if got := sh.customer(customer.FLastName, "Nordmann").Values[customer.FEmail]; got != "Kari.Nordmann@gmail.com" {
			t.Errorf("stored email %q, want the suggestion taken", got)
		}
	})
}
