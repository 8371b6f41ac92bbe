package match

import "strings"

// dmRule is one row of the Daitch–Mokotoff table: the letters, and their code at the start of a
// word, before a vowel, and elsewhere ("-" is no code).
type dmRule struct {
	letters             string
	start, vowel, other string
}

// dmRules is the subset of the Daitch–Mokotoff table that this package uses (see the package
// doc), longest letters first so that the first rule that matches is the one to apply. Where the
// table has two codes for one rule, the first is kept.
var dmRules = []dmRule{
	{"schtsch", "2", "4", "4"}, {"schtsh", "2", "4", "4"}, {"schtch", "2", "4", "4"},
	{"shtch", "2", "4", "4"}, {"shtsh", "2", "4", "4"}, {"stsch", "2", "4", "4"},
	{"ttsch", "4", "4", "4"}, {"zhdzh", "2", "4", "4"},
	{"shch", "2", "4", "4"}, {"stch", "2", "4", "4"}, {"strz", "2", "4", "4"}, {"strs", "2", "4", "4"},
	{"stsh", "2", "4", "4"}, {"szcz", "2", "4", "4"}, {"szcs", "2", "4", "4"}, {"ttch", "4", "4", "4"},
	{"tsch", "4", "4", "4"}, {"ttsz", "4", "4", "4"}, {"zdzh", "2", "4", "4"}, {"zsch", "4", "4", "4"},
	{"chs", "5", "54", "54"}, {"csz", "4", "4", "4"}, {"czs", "4", "4", "4"}, {"drz", "4", "4", "4"},
	{"drs", "4", "4", "4"}, {"dsh", "4", "4", "4"}, {"dsz", "4", "4", "4"}, {"dzh", "4", "4", "4"},
	{"dzs", "4", "4", "4"}, {"sch", "4", "4", "4"}, {"sht", "2", "43", "43"}, {"szt", "2", "43", "43"},
	{"shd", "2", "43", "43"}, {"szd", "2", "43", "43"}, {"tch", "4", "4", "4"}, {"trz", "4", "4", "4"},
	{"trs", "4", "4", "4"}, {"tsh", "4", "4", "4"}, {"tsz", "4", "4", "4"}, {"ttz", "4", "4", "4"},
	{"tzs", "4", "4", "4"}, {"zdz", "2", "4", "4"}, {"zhd", "2", "43", "43"}, {"zsh", "4", "4", "4"},
	{"ai", "0", "1", "-"}, {"aj", "0", "1", "-"}, {"ay", "0", "1", "-"}, {"au", "0", "7", "-"},
	{"cz", "4", "4", "4"}, {"cs", "4", "4", "4"}, {"ch", "5", "5", "5"}, {"ck", "5", "5", "5"},
	{"dt", "3", "3", "3"}, {"ds", "4", "4", "4"}, {"dz", "4", "4", "4"},
	{"ei", "0", "1", "-"}, {"ej", "0", "1", "-"}, {"ey", "0", "1", "-"}, {"eu", "1", "1", "-"},
	{"fb", "7", "7", "7"}, {"ia", "1", "-", "-"}, {"ie", "1", "-", "-"}, {"io", "1", "-", "-"},
	{"iu", "1", "-", "-"}, {"kh", "5", "5", "5"}, {"ks", "5", "54", "54"}, {"mn", "66", "66", "66"},
	{"nm", "66", "66", "66"}, {"oi", "0", "1", "-"}, {"oj", "0", "1", "-"}, {"oy", "0", "1", "-"},
	{"pf", "7", "7", "7"}, {"ph", "7", "7", "7"}, {"rz", "94", "94", "94"}, {"rs", "94", "94", "94"},
	{"sc", "2", "4", "4"}, {"sd", "2", "43", "43"}, {"sh", "4", "4", "4"}, {"st", "2", "43", "43"},
	{"sz", "4", "4", "4"}, {"th", "3", "3", "3"}, {"ts", "4", "4", "4"}, {"tc", "4", "4", "4"},
	{"tz", "4", "4", "4"}, {"ui", "0", "1", "-"}, {"uj", "0", "1", "-"}, {"uy", "0", "1", "-"},
	{"ue", "0", "-", "-"}, {"zd", "2", "43", "43"}, {"zh", "4", "4", "4"}, {"zs", "4", "4", "4"},
	{"a", "0", "-", "-"}, {"b", "7", "7", "7"}, {"c", "5", "5", "5"}, {"d", "3", "3", "3"},
	{"e", "0", "-", "-"}, {"f", "7", "7", "7"}, {"g", "5", "5", "5"}, {"h", "5", "5", "-"},
	{"i", "0", "-", "-"}, {"j", "1", "1", "1"}, {"k", "5", "5", "5"}, {"l", "8", "8", "8"},
	{"m", "6", "6", "6"}, {"n", "6", "6", "6"}, {"o", "0", "-", "-"}, {"p", "7", "7", "7"},
	{"q", "5", "5", "5"}, {"r", "9", "9", "9"}, {"s", "4", "4", "4"}, {"t", "3", "3", "3"},
	{"u", "0", "-", "-"}, {"v", "7", "7", "7"}, {"w", "7", "7", "7"}, {"x", "5", "54", "54"},
	{"y", "1", "-", "-"}, {"z", "4", "4", "4"},
}

// dmSoundex is the Daitch–Mokotoff code of one folded word (letters a–z; other bytes are
// skipped), six digits long, from the subset of the table in dmRules. A code that repeats the one
// before it is written once, unless a vowel came between (the reference implementation's rule),
// and mn and nm are always 66.
func dmSoundex(w string) string {
	var b strings.Builder
	last := ""
	for i := 0; i < len(w) && b.Len() < 6; {
		r, ok := dmRuleAt(w, i)
		if !ok {
			i++
			continue
		}
		code := r.other
		switch after := i + len(r.letters); {
		case i == 0:
			code = r.start
		case after < len(w) && isVowel(w[after]):
			code = r.vowel
		}
		if code == "-" {
			code = ""
		}
		if code != "" && (last == "" || !strings.HasSuffix(last, code) || r.letters == "mn" || r.letters == "nm") {
			b.WriteString(code)
		}
		last = code
		i += len(r.letters)
	}
	s := b.String()
	if len(s) > 6 {
		s = s[:6]
	}
	return s + strings.Repeat("0", 6-len(s))
}

// dmByFirst holds dmRules by their first letter, in dmRules' order.
var dmByFirst = func() (by [256][]dmRule) {
	for _, r := range dmRules {
		by[r.letters[0]] = append(by[r.letters[0]], r)
	}
	return by
}()

func dmRuleAt(w string, i int) (dmRule, bool) {
	for _, r := range dmByFirst[w[i]] {
		if strings.HasPrefix(w[i:], r.letters) {
			return r, true
		}
	}
	return dmRule{}, false
}
