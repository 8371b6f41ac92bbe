package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clientele/clientele/internal/dbtest"
)

// TestImportMap: a file whose headers nothing recognises imports with --map, the report says
// how each column was read, and mistakes in the map are usage errors or one-line failures that
// name the mistake.
func TestImportMap(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		c := cli{t, dsn}
		file := filepath.Join(t.TempDir(), "eksport.csv")
		os.WriteFile(file, []byte("Hvem;Epost adresse;Kontakt;Hvor;Ekstra\n"+
			"Ola Nordmann;ola@example.no;912 34 567;0150;x\n"+
			"Kari Anne Berg;kari@example.no;413 00 000;5003;y\n"), 0o644)

		if r := c.run("", "import", file, "--dry-run"); r.code != exitFailure || !strings.Contains(r.stderr, "columns Hvem, Kontakt, Hvor, Ekstra are not recognised") {
			t.Errorf("without --map: exit %d, stderr %q", r.code, r.stderr)
		}

		const m = "Hvem=full_name,Epost adresse=Email,Kontakt=mobile,Hvor=Postcode,Ekstra=-"
		rep := c.report("import", file, "--map", m, "--yes")
		if !rep.Committed || rep.Summary.New != 2 || rep.Source != "" {
			t.Fatalf("report: committed %v, %+v, source %q", rep.Committed, rep.Summary, rep.Source)
		}
		var got []string
		for _, cm := range rep.Mapping {
			got = append(got, cm.Letter+":"+cm.Header+"="+cm.Field+"/"+cm.Via)
		}
		want := "A:Hvem=full_name/map B:Epost adresse=email/map C:Kontakt=mobile/map D:Hvor=postcode/map E:Ekstra=/map"
		if strings.Join(got, " ") != want {
			t.Errorf("mapping %q, want %q", strings.Join(got, " "), want)
		}
		if w := rowByNum(t, rep, 3).Warnings; len(w) != 1 || w[0].Code != "name_split" {
			t.Errorf("row 3 warnings %+v, want the name split", w)
		}

		// The human output shows the mapping.
		file2 := filepath.Join(t.TempDir(), "eksport2.csv")
		os.WriteFile(file2, []byte("Hvem;Kontakt\nPer Hansen;934 00 000\n"), 0o644)
		r := c.run("", "import", file2, "--map", "Hvem=full_name,Kontakt=Mobile", "--dry-run")
		if r.code != exitOK || !strings.Contains(r.stdout, "Columns:\n  A Hvem → full_name (split into First Name and Last Name) [--map]\n  B Kontakt → Mobile [--map]\n") {
			t.Errorf("human output: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
		}

		// A synonym names a field for --map too (Mobiltelefon is one of Mobile's).
		r = c.run("", "import", file2, "--map", "Hvem=full_name,Kontakt=Mobiltelefon", "--dry-run")
		if r.code != exitOK || !strings.Contains(r.stdout, "  B Kontakt → Mobile [--map]\n") {
			t.Errorf("a synonym as the target: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
		}

		for _, tc := range []struct {
			name, m string
			code    int
			stderr  string
		}{
			{"no pairs", "Hvem", exitUsage, "HEADER=FIELD"},
			{"unknown field", "Hvem=full_name,Kontakt=Mobiltelefonnummer2", exitFailure, "“Mobiltelefonnummer2”, which is not a customer field"},
			{"unknown header", "Hvem=full_name,Telefon=Mobile", exitFailure, "the file has no such column"},
		} {
			r := c.run("", "import", file2, "--map", tc.m, "--dry-run")
			if r.code != tc.code || !strings.Contains(r.stderr, tc.stderr) {
				t.Errorf("%s: exit %d (want %d), stderr %q", tc.name, r.code, tc.code, r.stderr)
			}
		}
	})
}

// TestImportRecognisesPlatform: another platform's export imports with no mapping, and the
// report names the platform.
func TestImportRecognisesPlatform(t *testing.T) {
	c := cli{t, dbtest.SQLite(t)}
	rep := c.report("import", "../../sheet/testdata/vendors/shopify-customers_export.csv", "--dry-run")
	if rep.Source != "Shopify customer export" || rep.Summary.Error != 0 || rep.Summary.New != 11 {
		t.Errorf("source %q, %+v", rep.Source, rep.Summary)
	}
	r := c.run("", "import", "../../sheet/testdata/vendors/loyverse-customers.csv", "--dry-run")
	if !strings.Contains(r.stdout, "Recognised: Loyverse customer export\n") || !strings.Contains(r.stdout, "  ignored: First visit\n") {
		t.Errorf("human output:\n%s", r.stdout)
	}
}
