package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// overlappingFiles returns two customer files that share some emails, some mobiles and some
// account numbers (each shared key on a different row), plus rows of their own.
func overlappingFiles(round int) (a, b []byte) {
	var fa, fb strings.Builder
	head := "Account Number,First Name,Last Name,Email,Mobile,Postcode,Country\n"
	fa.WriteString(head)
	fb.WriteString(head)
	for i := 0; i < 30; i++ {
		k := round*100 + i // names and mobiles differ between rounds
		// Shared: the same email in both files (different everything else).
		fmt.Fprintf(&fa, "R%dA%03d,Ola,Email%d,shared.%d.%d@example.no,+47 41%06d,%04d,NO\n", round, i, k, round, i, k, 1000+i)
		fmt.Fprintf(&fb, "R%dB%03d,Kari,Email%d,shared.%d.%d@example.no,+47 48%06d,%04d,NO\n", round, i, k, round, i, k, 2000+i)
		// Shared: the same mobile.
		fmt.Fprintf(&fa, "R%dA%03d,Per,Mobile%d,a.m.%d.%d@example.no,+47 45%06d,%04d,NO\n", round, 100+i, k, round, i, k, 3000+i)
		fmt.Fprintf(&fb, "R%dB%03d,Liv,Mobile%d,b.m.%d.%d@example.no,+47 45%06d,%04d,NO\n", round, 100+i, k, round, i, k, 4000+i)
		// Shared: the same account number.
		fmt.Fprintf(&fa, "R%dS%03d,Nils,Account%d,a.a.%d.%d@example.no,+47 46%06d,%04d,NO\n", round, i, k, round, i, k, 5000+i)
		fmt.Fprintf(&fb, "R%dS%03d,Eva,Account%d,b.a.%d.%d@example.no,+47 47%06d,%04d,NO\n", round, i, k, round, i, k, 6000+i)
		// Each file's own.
		fmt.Fprintf(&fa, "R%dA%03d,Jon,Own%d,a.own.%d.%d@example.no,+47 90%06d,%04d,NO\n", round, 200+i, k, round, i, k, 7000+i)
		fmt.Fprintf(&fb, "R%dB%03d,Siv,Own%d,b.own.%d.%d@example.no,+47 91%06d,%04d,NO\n", round, 200+i, k, round, i, k, 8000+i)
	}
	return []byte(fa.String()), []byte(fb.String())
}

// TestConcurrentConfirms confirms two overlapping imports at the same moment, on two server
// processes, many times: afterwards every email, mobile and account number exists once, every
// row of both files is either committed or an error that says why, and no request failed.
func TestConcurrentConfirms(t *testing.T) {
	rounds := 8
	if testing.Short() {
		rounds = 2
	}
	dbtest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, Config{})
		_, second := f.serve(Config{})
		a := f.login("manager@oslo.no")
		b := f.login("owner@oslo.no")
		b.base = second.URL
		// b logged in on the first server; its cookie is for that host, so send it by hand.
		b.hc.Jar.SetCookies(mustURL(t, second.URL), b.hc.Jar.Cookies(mustURL(t, f.http.URL)))

		for round := 0; round < rounds; round++ {
			fileA, fileB := overlappingFiles(round)
			impA := a.stageBytes("a.csv", fileA)
			impB := b.stageBytes("b.csv", fileB)
			if impA.Summary.Error != 0 || impB.Summary.Error != 0 {
				t.Fatalf("round %d: before confirming, the files have errors: %+v %+v", round, impA.Summary, impB.Summary)
			}
			var wg sync.WaitGroup
			results := make([]importBody, 2)
			statuses := make([]int, 2)
			for i, c := range []*client{a, b} {
				id := []int64{impA.ID, impB.ID}[i]
				wg.Go(func() {
					res := c.do("POST", fmt.Sprintf("/api/imports/%d/confirm", id), nil, "")
					statuses[i] = res.StatusCode
					res.Body.Close()
					results[i] = c.waitStaged(id)
				})
			}
			wg.Wait()
			if statuses[0] != http.StatusAccepted || statuses[1] != http.StatusAccepted {
				t.Fatalf("round %d: confirm statuses %v", round, statuses)
			}
			committed := 0
			for i, imp := range results {
				if imp.State != customer.StateCommitted {
					t.Fatalf("round %d: import %d is %s", round, i, imp.State)
				}
				committed += imp.Summary.New
				// Every row is committed (with its customer) or an error with a reason.
				rows := a.allRows(imp.ID)
				if len(rows) != 120 {
					t.Fatalf("round %d: import %d has %d rows, want 120", round, i, len(rows))
				}
				for _, r := range rows {
					switch {
					case r.Status == customer.StatusNew && r.CustomerID != 0:
					case r.Status == customer.StatusError && len(r.Errors) > 0 && r.Errors[0].Message != "":
					default:
						t.Errorf("round %d: row %d of import %d: status %s, customer %d, errors %v", round, r.Row, i, r.Status, r.CustomerID, r.Errors)
					}
				}
			}
			// The 90 shared keys give 90 pairs of which one row wins; 60 rows are each file's own.
			if committed != 150 {
				t.Errorf("round %d: %d rows committed, want 150 (one of each shared pair and all own rows)", round, committed)
			}
		}
		// Every key exists once among all stored customers.
		seen := map[string]bool{}
		n := 0
		err := f.store.AllCustomers(context.Background(), f.oslo.ID, func(c customer.Customer) error {
			n++
			k := customer.KeysOf(&c.Values)
			for _, key := range []string{"account " + k.Account, "email " + k.Email, "mobile " + k.Mobile} {
				if seen[key] {
					t.Errorf("%s is stored twice", key)
				}
				seen[key] = true
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n != 150*rounds {
			t.Errorf("%d customers stored, want %d", n, 150*rounds)
		}
	})
}

// stageBytes uploads a file and waits until it is staged.
func (c *client) stageBytes(name string, data []byte) importBody {
	c.f.t.Helper()
	var created importBody
	c.decode(c.upload("/api/imports", name, data, "create"), http.StatusCreated, &created)
	imp := c.waitStaged(created.ID)
	if imp.State != customer.StateStaged {
		c.f.t.Fatalf("%s: %+v", name, imp)
	}
	return imp
}

// allRows pages through every row of an import.
func (c *client) allRows(id int64) []rowBody {
	c.f.t.Helper()
	var all []rowBody
	for offset := 0; ; offset += 1000 {
		var page struct {
			Rows  []rowBody
			Total int
		}
		c.decode(c.do("GET", fmt.Sprintf("/api/imports/%d/rows?offset=%d&limit=1000", id, offset), nil, ""), http.StatusOK, &page)
		all = append(all, page.Rows...)
		if len(page.Rows) < 1000 {
			return all
		}
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestEditWhileConfirming edits a row in the grid while another user confirms the import, many
// times: the confirm works from one version of the rows, so the edit is either in what was
// committed (the fixed row became a customer) or refused with a clear message — never accepted
// and then lost.
func TestEditWhileConfirming(t *testing.T) {
	rounds := 10
	if testing.Short() {
		rounds = 3
	}
	dbtest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, Config{})
		a := f.login("manager@oslo.no")
		b := f.login("owner@oslo.no")
		in, refused := 0, 0
		for round := 0; round < rounds; round++ {
			file := fmt.Sprintf("First Name,Last Name,Email\nOla,Nordmann,ola.%d@example.no\nKari,,kari.%d@example.no\n", round, round)
			imp := a.stageBytes("edit.csv", []byte(file))
			if imp.Summary.Error != 1 {
				t.Fatalf("round %d: %+v", round, imp.Summary)
			}
			var wg sync.WaitGroup
			var editStatus int
			var editErr errorBody
			var done importBody
			wg.Go(func() {
				res := b.do("PATCH", fmt.Sprintf("/api/imports/%d/rows/3", imp.ID), jsonBody(map[string]string{"last_name": "Hansen"}), "application/json")
				editStatus = res.StatusCode
				if res.StatusCode != http.StatusOK {
					b.decode(res, res.StatusCode, &editErr)
				} else {
					res.Body.Close()
				}
			})
			wg.Go(func() {
				done = a.confirm(imp.ID)
			})
			wg.Wait()
			var page struct{ Rows []rowBody }
			a.decode(a.do("GET", fmt.Sprintf("/api/imports/%d/rows", imp.ID), nil, ""), http.StatusOK, &page)
			row3 := page.Rows[1]
			switch editStatus {
			case http.StatusOK:
				// The edit came first: the committed import has the fixed row as a customer.
				in++
				if done.Summary.New != 2 || row3.Status != customer.StatusNew || row3.CustomerID == 0 || row3.Cells["last_name"] != "Hansen" {
					t.Errorf("round %d: edit accepted, but committed %+v, row 3 %+v", round, done.Summary, row3)
				}
			case http.StatusConflict:
				refused++
				if !strings.Contains(editErr.Error.Message, "commit") || done.Summary.New != 1 || row3.Status != customer.StatusError {
					t.Errorf("round %d: edit refused with %q, committed %+v, row 3 %+v", round, editErr.Error.Message, done.Summary, row3)
				}
			default:
				t.Errorf("round %d: edit answered %d %+v", round, editStatus, editErr)
			}
		}
		t.Logf("%d edits in, %d refused", in, refused)
	})
}
