package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// TestTenantSet: "tenant set" changes the settings of the shop group the command works on (the
// default one, or --tenant), audited as the CLI's, refuses what cannot be with exit status 2,
// and the checks that follow read phone numbers in the new country.
func TestTenantSet(t *testing.T) {
	t.Setenv("CLIENTELE_USER", "") // recorded as the OS user
	dbtest.Each(t, func(t *testing.T, dsn string) {
		c := cli{t, dsn}
		ctx := context.Background()
		if r := c.run("", "tenant", "add", "bergen", "--country", "NO", "--language", "nb"); r.code != exitOK {
			t.Fatalf("tenant add: %d %s", r.code, r.stderr)
		}
		file := filepath.Join(t.TempDir(), "klienci.csv")
		if err := os.WriteFile(file, []byte("First Name,Last Name,Mobile\r\nJan,Kowalski,601 234 567\r\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if rep := c.report("import", file, "--dry-run"); rep.Summary.Error != 1 {
			t.Fatalf("in Norway: %+v, want the Polish number an error", rep.Summary)
		}

		r := c.run("", "tenant", "set", "--country", "pl", "--language", "PL", "--name", "Sklep Kraków")
		if r.code != exitOK || !strings.Contains(r.stdout, `Shop group default: name "Sklep Kraków", country PL, language pl.`) {
			t.Fatalf("tenant set: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
		}
		s := openStore(t, dsn)
		got, err := s.Tenant(ctx, "default")
		if err != nil || got.Name != "Sklep Kraków" || got.Country != "PL" || got.Language != "pl" {
			t.Errorf("stored %+v, %v", got, err)
		}
		es, _, err := s.Audit(ctx, got.ID, 0, 1)
		if err != nil || len(es) != 1 || es[0].Action != "settings" || !strings.HasPrefix(es[0].Actor, osActorPrefix) || !strings.Contains(es[0].Detail, "country NO → PL") {
			t.Errorf("audit: %+v, %v", es, err)
		}
		if rep := c.report("import", file, "--dry-run"); rep.Summary.Error != 0 || rep.Summary.New != 1 {
			t.Errorf("in Poland: %+v, want the Polish number new", rep.Summary)
		}

		// --tenant names another shop group; the default one stays as it is.
		if r := c.run("", "--tenant", "bergen", "tenant", "set", "--country", "Sverige"); r.code != exitOK || !strings.Contains(r.stdout, "Shop group bergen") {
			t.Errorf("tenant set --tenant bergen: exit %d, %q %q", r.code, r.stdout, r.stderr)
		}
		if b, _ := s.Tenant(ctx, "bergen"); b.Country != "SE" || b.Language != "nb" || b.Name != "bergen" {
			t.Errorf("bergen: %+v, want only its country changed to SE", b)
		}
		if d, _ := s.Tenant(ctx, "default"); d.Country != "PL" {
			t.Errorf("default changed with bergen: %+v", d)
		}

		for _, tt := range []struct {
			name     string
			args     []string
			code     int
			inStderr string
		}{
			{"nothing to set", []string{"tenant", "set"}, exitUsage, "needs --name, --country or --language"},
			{"unknown country", []string{"tenant", "set", "--country", "Atlantis"}, exitUsage, `"Atlantis" is not a country`},
			{"unknown language", []string{"tenant", "set", "--language", "de"}, exitUsage, `"de" is not a language`},
			{"blank name", []string{"tenant", "set", "--name", " "}, exitUsage, "cannot be blank"},
			{"stray argument", []string{"tenant", "set", "bergen", "--country", "SE"}, exitUsage, "--tenant SLUG"},
			{"unknown tenant", []string{"--tenant", "nowhere", "tenant", "set", "--country", "SE"}, exitFailure, "tenant add nowhere"},
			{"unknown subcommand", []string{"tenant", "rename"}, exitUsage, "tenant set"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				r := c.run("", tt.args...)
				if r.code != tt.code || !strings.Contains(r.stderr, tt.inStderr) {
					t.Errorf("clientele %v: exit %d, stderr %q; want %d and %q", tt.args, r.code, r.stderr, tt.code, tt.inStderr)
				}
			})
		}
		if d, _ := s.Tenant(ctx, "default"); d.Name != "Sklep Kraków" || d.Country != "PL" || d.Language != "pl" {
			t.Errorf("after refused changes: %+v", d)
		}
	})
}

// TestDefaultTenantFromEnvironment: the default shop group is created with CLIENTELE_COUNTRY
// and CLIENTELE_LANGUAGE; a value Clientele does not know is bad usage and creates nothing.
func TestDefaultTenantFromEnvironment(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		c := cli{t, dsn}
		t.Setenv("CLIENTELE_DEFAULT_COUNTRY", "")
		t.Setenv("CLIENTELE_COUNTRY", "Atlantis")
		t.Setenv("CLIENTELE_LANGUAGE", "pl")
		if r := c.run("", "imports"); r.code != exitUsage || !strings.Contains(r.stderr, "CLIENTELE_COUNTRY") {
			t.Errorf("with CLIENTELE_COUNTRY=Atlantis: exit %d, stderr %q", r.code, r.stderr)
		}
		s := openStore(t, dsn)
		if _, err := s.Tenant(context.Background(), "default"); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("a bad CLIENTELE_COUNTRY created the default shop group: %v", err)
		}
		t.Setenv("CLIENTELE_COUNTRY", "pl")
		if r := c.run("", "imports"); r.code != exitOK {
			t.Fatalf("imports: exit %d, stderr %q", r.code, r.stderr)
		}
		got, err := s.Tenant(context.Background(), "default")
		if err != nil || got.Country != "PL" || got.Language != "pl" {
			t.Errorf("default shop group %+v, %v; want PL and pl", got, err)
		}
		// The environment counts only when the shop group is created.
		t.Setenv("CLIENTELE_COUNTRY", "SE")
		if r := c.run("", "imports"); r.code != exitOK {
			t.Fatalf("imports: exit %d, stderr %q", r.code, r.stderr)
		}
		if got, _ := s.Tenant(context.Background(), "default"); got.Country != "PL" {
			t.Errorf("a later CLIENTELE_COUNTRY changed the shop group: %+v", got)
		}
	})
}

// TestFirstStartSaysHowToSetTheShop: the first start of serve, which creates the first owner,
// says the shop's country and language and how to change them.
func TestFirstStartSaysHowToSetTheShop(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		var out strings.Builder
		e := &env{db: dsn, tenant: "default", stdout: &out, stderr: &out}
		s, tn, err := e.open(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if err := firstOwner(context.Background(), e, s, tn); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"Shop group default: country NO", "language en", `"clientele tenant set --country PL --language pl"`, "CLIENTELE_COUNTRY and CLIENTELE_LANGUAGE"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("first start printed %q, without %q", out.String(), want)
			}
		}
		out.Reset()
		if err := firstOwner(context.Background(), e, s, tn); err != nil || out.Len() != 0 {
			t.Errorf("second start printed %q, %v; want nothing", out.String(), err)
		}
	})
}
