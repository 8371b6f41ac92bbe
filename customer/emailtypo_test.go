package customer

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hbollon/go-edlib"
)

// emailProblem normalises a row with email and a name, and returns the email's one warning and
// one error (nil when there is none).
func emailProblem(t *testing.T, email string) (warn, err *Problem) {
	t.Helper()
	_, errs, warns := rulesNO.Normalize(new(cellsOf("first_name", "Kari", "last_name", "Nordmann", "email", email)))
	for _, ps := range [][]Problem{errs, warns} {
		for i := range ps {
			if ps[i].Field != "email" {
				t.Fatalf("%q: a problem on %s: %+v", email, ps[i].Field, ps[i])
			}
		}
	}
	if len(errs) > 1 || len(warns) > 1 {
		t.Fatalf("%q: errors %v, warnings %v", email, codes(errs), codes(warns))
	}
	if len(warns) == 1 {
		warn = &warns[0]
	}
	if len(errs) == 1 {
		err = &errs[0]
	}
	return warn, err
}

func TestEmailTypoSuggestion(t *testing.T) {
	tests := []struct {
		email, want string
	}{
		// The examples.
		{"kari@gmial.com", "kari@gmail.com"},
		{"kari@gmail.con", "kari@gmail.com"},
		{"kari@hotmial.com", "kari@hotmail.com"},
		{"kari@onlin.no", "kari@online.no"},
		{"kari@wpp.pl", "kari@wp.pl"},
		{"kari@inteia.pl", "kari@interia.pl"},
		{"kari@yahooo.com", "kari@yahoo.com"},
		// One edit of each kind.
		{"kari@gmai.com", "kari@gmail.com"},           // delete
		{"kari@gmaill.com", "kari@gmail.com"},         // insert
		{"kari@gmsil.com", "kari@gmail.com"},          // substitute
		{"kari@gamil.com", "kari@gmail.com"},          // transpose
		{"kari@gmail.cmo", "kari@gmail.com"},          // transpose in the TLD
		{"ola@onet.pll", "ola@onet.pl"},               // short target, one edit
		{"ola@o2.ppl", "ola@o2.pl"},                   // o2.pl: one edit
		{"ola@interia.ppl", "ola@interia.pl"},         //
		{"ola@gazeta.p1", "ola@gazeta.pl"},            // a digit for a letter
		{"ola@lyse.ne", "ola@lyse.net"},               //
		{"ola@altibx.no", "ola@altibox.no"},           //
		{"ola@outlok.com", "ola@outlook.com"},         //
		{"ola@iclod.com", "ola@icloud.com"},           //
		{"ola@hotmail.nu", "ola@hotmail.no"},          //
		{"ola@gmaił.com", "ola@gmail.com"},            // a Polish letter counts as one edit
		{"ola@poczta.onet.pll", "ola@poczta.onet.pl"}, //
		// Two edits, on a domain long enough for them.
		{"kari@gmial.con", "kari@gmail.com"},
		{"kari@hotmial.con", "kari@hotmail.com"},
		// The local part and its case stay as typed; a domain in capitals is corrected in capitals.
		{"Kari.Nordmann+klubb@gmial.com", "Kari.Nordmann+klubb@gmail.com"},
		{"Kari@Gmial.com", "Kari@gmail.com"},
		{"KARI.NORDMANN@GMIAL.COM", "KARI.NORDMANN@GMAIL.COM"},
		{"  kari@hotmial.com ", "kari@hotmail.com"},
		{"Żaneta.Wójcik@inteia.pl", "Żaneta.Wójcik@interia.pl"},
	}
	for _, tt := range tests {
		t.Run(tt.email, func(t *testing.T) {
			warn, _ := emailProblem(t, tt.email)
			if warn == nil {
				t.Fatalf("no warning")
			}
			if warn.Code != WarnEmailTypo || warn.Field != "email" || warn.Suggestion != tt.want {
				t.Errorf("got %s on %s suggesting %q, want %s suggesting %q", warn.Code, warn.Field, warn.Suggestion, WarnEmailTypo, tt.want)
			}
		})
	}
}

// TestEmailTypoInvalid: an address that only its domain's slip makes invalid stays an error, and
// the error carries the correction.
func TestEmailTypoInvalid(t *testing.T) {
	tests := []struct {
		email, want string // want "": a plain invalid_email without a suggestion
	}{
		{"kari@onet.p", "kari@onet.pl"}, // the example: a one-letter TLD is not valid
		{"kari@gmail,com", "kari@gmail.com"},
		{"kari@gmail..com", "kari@gmail.com"},
		{"kari@wp.p", "kari@wp.pl"},
		{"kari@ineria.p", "kari@interia.pl"}, // two edits
		{"kari@onlie.n", "kari@online.no"},
		{"kari@gmail", ""},              // too far from any target
		{"kari nordmann@gmial.com", ""}, // the local part is invalid too
		{"kari@@gmial.com", ""},
		{"kari(at)gmail.com", ""},
	}
	for _, tt := range tests {
		t.Run(tt.email, func(t *testing.T) {
			warn, err := emailProblem(t, tt.email)
			if warn != nil {
				t.Errorf("a warning on an invalid address: %+v", warn)
			}
			if err == nil || err.Code != CodeInvalidEmail {
				t.Fatalf("want an invalid_email error, got %+v", err)
			}
			if err.Suggestion != tt.want {
				t.Errorf("suggestion %q, want %q", err.Suggestion, tt.want)
			}
			if tt.want != "" && !strings.Contains(err.Message, tt.want) {
				t.Errorf("the message does not offer %q: %s", tt.want, err.Message)
			}
		})
	}
}

// TestEmailTypoNone: real domains, ties and domains far from every target get no warning.
func TestEmailTypoNone(t *testing.T) {
	for _, email := range []string{
		// Real domains that look like a target, named in the issue.
		"kari@lyse.net", "kari@live.no", "kari@o2.pl", "kari@op.pl", "kari@me.com", "kari@start.no",
		"kari@online.no", "kari@wp.pl", "kari@onet.pl", "kari@interia.pl",
		// Ties: as near to two targets, so no suggestion.
		"kari@hotmail.co", // hotmail.com and hotmail.no
		"kari@oo.pl",      // op.pl and o2.pl
		"kari@yahoo.nom",  // yahoo.com and yahoo.no
		// Too far for its length: two edits from a short target.
		"kari@wppp.pl", "kari@onet.plll", "kari@lyse.nett.no",
		// A shop's own domains and others far from every target.
		"kari@haugen-sykkel.no", "kari@example.no", "kari@firma.pl", "kari@uio.no", "kari@nav.no",
		"kari@student.uw.edu.pl", "kari@gmail.com.pl",
	} {
		t.Run(email, func(t *testing.T) {
			if warn, err := emailProblem(t, email); warn != nil || err != nil {
				t.Errorf("warning %+v, error %+v", warn, err)
			}
		})
	}
}

// TestKnownDomainsNotFlagged: no address at a known domain is taken for a typo, in any case.
func TestKnownDomainsNotFlagged(t *testing.T) {
	for _, d := range slices.Sorted(maps.Keys(knownDomains)) {
		if d != strings.ToLower(strings.TrimSpace(d)) {
			t.Errorf("%q: known domains are written trimmed and in small letters", d)
		}
		for _, email := range []string{"kari@" + d, "Kari.Nordmann@" + strings.ToUpper(d)} {
			if warn, err := emailProblem(t, email); warn != nil || err != nil {
				t.Errorf("%s: warning %+v, error %+v", email, warn, err)
			}
		}
	}
}

func TestTypoTargetsKnown(t *testing.T) {
	seen := map[string]bool{}
	for _, d := range typoTargets {
		if !knownDomains[d] {
			t.Errorf("target %s is not a known domain", d)
		}
		if seen[d] {
			t.Errorf("target %s twice", d)
		}
		seen[d] = true
	}
}

// TestEmailTypoMessage: the warning says what to do in every language, naming both domains.
func TestEmailTypoMessage(t *testing.T) {
	warn, _ := emailProblem(t, "kari@gmial.com")
	if warn == nil {
		t.Fatal("no warning")
	}
	want := map[string]string{
		"en": "Email: did you mean kari@gmail.com? gmial.com looks like a mistyped gmail.com.",
		"nb": "E-post: mente du kari@gmail.com? gmial.com ser ut som en feilskrevet gmail.com.",
		"pl": "E-mail: czy chodziło o kari@gmail.com? gmial.com wygląda na błędnie wpisaną domenę gmail.com.",
	}
	if warn.Message != want["en"] {
		t.Errorf("Message = %q, want %q", warn.Message, want["en"])
	}
	for _, lang := range Languages {
		if got := warn.In(lang); got != want[lang] {
			t.Errorf("%s: %q, want %q", lang, got, want[lang])
		}
	}
}

// FuzzEditsAtLeast holds the cheap bound that spares most domains the distance to what it must
// be: never above the distance, or a typo within reach would be skipped.
func FuzzEditsAtLeast(f *testing.F) {
	for _, s := range [][2]string{{"gmial.com", "gmail.com"}, {"onet.p", "onet.pl"}, {"gmaił.com", "gmail.com"}, {"wpp.pl", "o2.pl"}, {"", "x"}, {"\xff", "é"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if bound, dist := editsAtLeast(charSet(a), charSet(b)), edlib.OSADamerauLevenshteinDistance(a, b); bound > dist {
			t.Errorf("editsAtLeast(%q, %q) = %d, more than the distance %d", a, b, bound, dist)
		}
	})
}

// emailRows are n rows with realistic emails at domains chosen by pick, for the benchmarks.
func emailRows(n int, domains []string) []Values {
	first := []string{"kari", "ola", "ingrid", "jan", "anna", "piotr", "agnieszka", "krzysztof", "nora", "lars"}
	last := []string{"nordmann", "hansen", "olsen", "kowalski", "nowak", "wisniewska", "berg", "haugen"}
	rows := make([]Values, n)
	for i := range rows {
		f, l := first[i%len(first)], last[(i/len(first))%len(last)]
		rows[i][FFirstName] = f
		rows[i][FLastName] = l
		rows[i][FEmail] = f + "." + l + strconv.Itoa(i) + "@" + domains[i%len(domains)]
	}
	return rows
}

// emailBenchDomains are the benchmarks' kinds of address: "known" is what most rows of a shop's
// file have (the typo check is one map lookup), "company" one at an unknown domain (compared with
// the targets within reach), "typo" one that gets the warning.
var emailBenchDomains = []struct {
	name    string
	domains []string
}{
	{"known", []string{"gmail.com", "online.no", "hotmail.com", "yahoo.no", "outlook.com", "live.no", "icloud.com", "wp.pl", "onet.pl", "interia.pl", "o2.pl", "op.pl"}},
	{"company", []string{"haugen-sykkel.no", "bygg.no", "regnskap-as.no", "firma.pl", "uslugi-budowlane.pl", "example.com"}},
	{"typo", []string{"gmial.com", "hotmial.com", "onlin.no", "inteia.pl", "wpp.pl", "yahooo.com"}},
}

// BenchmarkCheckEmailDomain is the typo check alone on 100,000 addresses of each kind: what it
// adds to a row.
func BenchmarkCheckEmailDomain(b *testing.B) {
	for _, bm := range emailBenchDomains {
		b.Run(bm.name, func(b *testing.B) {
			rows := emailRows(100000, bm.domains)
			b.ReportAllocs()
			for b.Loop() {
				for i := range rows {
					checkEmailDomain(rows[i][FEmail])
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(rows)), "ns/row")
		})
	}
}

// BenchmarkNormalizeEmails normalises 100,000 rows of name and email of each kind: the rules a
// row goes through, with the typo check.
func BenchmarkNormalizeEmails(b *testing.B) {
	for _, bm := range emailBenchDomains {
		b.Run(bm.name, func(b *testing.B) {
			rows := emailRows(100000, bm.domains)
			r := rulesNO
			b.ReportAllocs()
			for b.Loop() {
				for i := range rows {
					r.Normalize(&rows[i])
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(rows)), "ns/row")
		})
	}
}

// TestKnownDomainNoAllocs: the check most addresses get allocates nothing, in capitals too.
func TestKnownDomainNoAllocs(t *testing.T) {
	if raceDetector {
		t.Skip("the race detector allocates")
	}
	for _, email := range []string{"kari.nordmann@gmail.com", "KARI.NORDMANN@GMAIL.COM", "Ola@Online.No"} {
		if n := testing.AllocsPerRun(100, func() { checkEmailDomain(email) }); n != 0 {
			t.Errorf("%s: %v allocations", email, n)
		}
	}
}
