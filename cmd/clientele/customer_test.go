package main

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
	"github.com/clientele/clientele/record"
	"github.com/clientele/clientele/sqlstore"
)

func TestCustomerCommand(t *testing.T) {
	t.Setenv("CLIENTELE_USER", "")
	dbtest.Each(t, func(t *testing.T, dsn string) {
		c := cli{t, dsn}
		c.report("import", "testdata/kunder-nb.csv", "--yes")
		s, err := sqlstore.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		tn, err := s.Tenant(context.Background(), "default")
		if err != nil {
			t.Fatal(err)
		}
		found, err := s.Customers(context.Background(), tn.ID, []customer.Keys{{Account: "A-1001"}})
		if err != nil || len(found) != 1 {
			t.Fatalf("A-1001: %v %v", found, err)
		}
		id := strconv.FormatInt(found[0].ID, 10)

		t.Run("export prints everything held as JSON", func(t *testing.T) {
			r := c.run("", "customer", "export", id, "--lang", "en")
			if r.code != exitOK {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			var rep record.Report
			if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
				t.Fatalf("%v\n%s", err, r.stdout)
			}
			if rep.Customer.ID != found[0].ID || len(rep.Customer.Fields) != customer.NumFields || rep.Customer.Fields[customer.FEmail].Value != "ola.nordmann@example.no" ||
				rep.Customer.Fields[customer.FEmail].Header != "Email" || rep.Customer.Consent.Email.State != customer.ConsentYes ||
				len(rep.History) != 1 || len(rep.Imports) != 1 || rep.Imports[0].FileName != "kunder-nb.csv" {
				t.Errorf("report %+v", rep)
			}
		})
		t.Run("usage", func(t *testing.T) {
			for _, args := range [][]string{{"customer"}, {"customer", "export"}, {"customer", "erase", id}, {"customer", "erase", "x", "--yes"}} {
				if r := c.run("", args...); r.code != exitUsage {
					t.Errorf("%v: exit %d, want %d", args, r.code, exitUsage)
				}
			}
			if r := c.run("", "customer", "export", "99999"); r.code != exitFailure || !strings.Contains(r.stderr, "not found") {
				t.Errorf("unknown customer: exit %d %q", r.code, r.stderr)
			}
		})
		t.Run("erase needs an owner, then erases", func(t *testing.T) {
			if r := c.run("correct horse battery\n", "user", "add", "--email", "kasse@butikk.no", "--role", "cashier", "--password-stdin"); r.code != exitOK {
				t.Fatalf("user add: %d %s", r.code, r.stderr)
			}
			if r := c.run("", "--as", "kasse@butikk.no", "customer", "erase", id, "--yes"); r.code != exitFailure || !strings.Contains(r.stderr, "owner") {
				t.Errorf("a cashier erases: exit %d %q", r.code, r.stderr)
			}
			r := c.run("", "customer", "erase", id, "--yes")
			if r.code != exitOK || !strings.Contains(r.stdout, "A-1001") {
				t.Fatalf("erase: exit %d %q %q", r.code, r.stdout, r.stderr)
			}
			if _, err := s.Customer(context.Background(), tn.ID, found[0].ID); customer.ErrorCodeOf(err) != customer.ENotFound {
				t.Errorf("after the erasure: %v", err)
			}
			if strings.Contains(c.exportCSV(), "Nordmann") {
				t.Error("the export still has the erased customer")
			}
		})
	})
}
