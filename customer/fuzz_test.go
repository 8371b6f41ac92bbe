package customer

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func FuzzNormalizeEmail(f *testing.F) {
	for _, s := range []string{"ingrid.haugen@example.no", " Ola@Example.NO ", "zażółć@gęślą.pl", "ola@example",
		"a@b.c", "@", "ola..n@example.no", "x@-y.no", "o'brien@example.ie", "\u00a0a@b.no\u200b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := NormalizeEmail(s)
		if !ok {
			return
		}
		if !utf8.ValidString(got) || strings.Count(got, "@") != 1 || strings.ContainsAny(got, " \t\r\n") {
			t.Fatalf("NormalizeEmail(%q) accepted %q", s, got)
		}
		if again, ok := NormalizeEmail(got); again != got || !ok {
			t.Fatalf("NormalizeEmail(%q) = %q, %v; not stable", got, again, ok)
		}
	})
}

func FuzzNormalizePhone(f *testing.F) {
	seeds := []struct{ s, country string }{
		{"+47 912 34 567", "NO"}, {"912 34 567", "NO"}, {"0047 22 12 34 56", "PL"}, {"601-234-567", "PL"},
		{"(+48) 601 234 567", "NO"}, {"07400 123456", "GB"}, {"7400123456", "GB"}, {"4791234567", "NO"},
		{"4.791234567E+09", "NO"}, {"91234567.0", "NO"}, {"'91234567", "NO"}, {"612345678", "IT"},
		{"12345", "NO"}, {"1E+99", "NO"}, {"+", ""}, {"00", "NO"}, {"(202) 555-0123", "US"},
	}
	for _, s := range seeds {
		f.Add(s.s, s.country)
	}
	f.Fuzz(func(t *testing.T, s, country string) {
		got, _, ok := NormalizePhone(s, country)
		if !ok {
			return
		}
		if len(got) < 3 || got[0] != '+' || !onlyASCIIDigits(got[1:]) || len(got) > 16 {
			t.Fatalf("NormalizePhone(%q, %q) = %q: not E.164", s, country, got)
		}
		again, restored, ok := NormalizePhone(got, country)
		if again != got || restored || !ok {
			t.Fatalf("NormalizePhone(%q, %q) = %q, %v, %v; not stable", got, country, again, restored, ok)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"1990-02-28", "28.02.1990", "28/02/1990", "28-2-1990", "1990-02-28T00:00:00Z",
		"28.02.1990 00:00", "2023-02-30", "31.12.1899", "2999-01-01", "1990-02-28 23:59:59.999999999+01:00", "32932"} {
		f.Add(s, "nb")
	}
	f.Add("01/02/1970", "en")
	f.Add("14.06.1985", "pl")
	f.Add("1990-02.28", "nb")
	f.Add("1.2.1990.", "nb")
	f.Add("19900-1-1", "nb")
	f.Fuzz(func(t *testing.T, s, language string) {
		// plainDate reads what the expressions read, where it reads anything.
		if y, m, d, ok := plainDate(s); ok {
			var want []string
			if g := isoDate.FindStringSubmatch(s); g != nil && g[2] == g[4] {
				want = []string{g[1], g[3], g[5], g[6] + g[7] + g[8]}
			} else if g := localDate.FindStringSubmatch(s); g != nil && g[2] == g[4] {
				want = []string{g[5], g[3], g[1], g[6] + g[7] + g[8]}
			}
			if got := []string{y, m, d, ""}; !slices.Equal(got, want) {
				t.Fatalf("plainDate(%q) = %q; the expressions read %q", s, got, want)
			}
		}
		got, ok := ParseDate(s, language, testToday)
		if !ok {
			return
		}
		if len(got) != 10 || got < "1900-01-01" || got > "2025-06-15" {
			t.Fatalf("ParseDate(%q) = %q", s, got)
		}
		if again, ok := ParseDate(got, language, testToday); again != got || !ok {
			t.Fatalf("ParseDate(%q) = %q, %v; not stable", got, again, ok)
		}
	})
}

func FuzzNameKey(f *testing.F) {
	f.Add("Åse", "Berg", "0150")
	f.Add("ÅSE  berg", "", "0150")
	f.Add("Zażółć", "Gęślą", "00-950")
	f.Add("Ingrid", "Haugen", "SW1A 1AA")
	f.Add("Stra\u00dfe", "\u0130stanbul", "01067")
	f.Add("a\x1fb", "\x00", "\xff")
	f.Add("\u0345\u0399", "ﬁ", " ")
	f.Add("  Mary   ANN ", "O'Brien-Smith", " n1 9gu ")
	f.Fuzz(func(t *testing.T, first, last, postcode string) {
		for _, s := range []string{first, last, postcode} {
			if f, ok := foldPrintableASCII(s); ok && f != foldPartFull(s) {
				t.Fatalf("foldPrintableASCII(%q) = %q, foldPartFull = %q", s, f, foldPartFull(s))
			}
			if f, ok := foldLatin(s); ok && f != foldPartFull(s) {
				t.Fatalf("foldLatin(%q) = %q, foldPartFull = %q", s, f, foldPartFull(s))
			}
		}
		k := NameKey(first, last, postcode)
		if k == "" {
			return
		}
		if !utf8.ValidString(k) || strings.Count(k, nameKeySep) != 2 {
			t.Fatalf("NameKey(%q, %q, %q) = %q", first, last, postcode, k)
		}
		if d := NameKey(norm.NFD.String(first), norm.NFD.String(last), norm.NFD.String(postcode)); d != k {
			t.Fatalf("NFD changes the key: %q vs %q", d, k)
		}
		parts := strings.Split(k, nameKeySep)
		if again := NameKey(parts[0], parts[1], parts[2]); again != k {
			t.Fatalf("folding the folded parts changes the key: %q vs %q", again, k)
		}
		if p := parts[2]; strings.ContainsFunc(p, isCellSpace) {
			t.Fatalf("postcode part %q has spaces", p)
		}
	})
}

// FuzzNormalize runs whole rows through the rules: no panics, every error names a catalogue
// column, and a row without errors normalises to itself without warnings.
func FuzzNormalize(f *testing.F) {
	f.Add("Ingrid", "ola@example.no", "+47 912 34 567", "150", "Norge", "28.02.1990", "ja", "1 000", "nb")
	f.Add("Zażółć", "a@b.pl", "601234567", "950", "pl", "1985-06-14", "tak", "250,0", "pl")
	f.Add("Tom", "", "7400123456", "SW1A 1AA", "UK", "01/02/1970", "TRUE", "1,000", "en")
	f.Add("", "x", "4.7E+09", "0", "Narnia", "2023-02-30", "?", "-1", "xx")
	f.Fuzz(func(t *testing.T, name, email, mobile, postcode, country, birth, optIn, points, language string) {
		r := Rules{Country: "NO", Language: language, Today: testToday}
		raw := cellsOf("first_name", name, "last_name", "Berg", "email", email, "mobile", mobile, "phone", mobile,
			"postcode", postcode, "country", country, "birth_date", birth, "email_opt_in", optIn, "loyalty_points", points)
		first, errs, _ := r.Normalize(&raw)
		for _, p := range errs {
			if i := FieldByKey(p.Field); i < 0 || Fields[i].Header != p.Column || p.Message == "" {
				t.Fatalf("bad problem %+v", p)
			}
		}
		if len(errs) > 0 {
			return
		}
		again, errs, warns := r.Normalize(&first)
		if again != first || len(errs) > 0 || len(warns) > 0 {
			t.Fatalf("not stable:\n%q\n%q\nerrors %v warnings %v", first, again, errs, warns)
		}
	})
}
