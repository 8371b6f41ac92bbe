package customer

import "strings"

// yesNoWords maps the lower-cased words ParseYesNo accepts to "Yes" or "No": English, Norwegian
// (ja/nei, sant/usant), Polish (tak/nie, prawda/fałsz), Swedish and Danish (ja/nej), the
// spreadsheet booleans TRUE/FALSE and 1/0, and the one-letter forms.
var yesNoWords = map[string]string{
	"yes": "Yes", "y": "Yes", "true": "Yes", "t": "Yes", "1": "Yes", "on": "Yes", "x": "Yes",
	"ja": "Yes", "j": "Yes", "sant": "Yes",
	"tak": "Yes", "prawda": "Yes",

	"no": "No", "n": "No", "false": "No", "f": "No", "0": "No", "off": "No",
	"nei": "No", "nej": "No", "usant": "No",
	"nie": "No", "fałsz": "No", "falsz": "No",
}

// ParseYesNo reads s as a yes/no answer and returns "Yes" or "No". It accepts, ignoring case and
// surrounding spaces: yes/no, y/n, true/false, t/f, 1/0, on/off, x (a ticked box) in English;
// ja/nei, j/n, sant/usant in Norwegian; tak/nie, prawda/fałsz in Polish; and nej. ok is false for
// anything else, including blank.
func ParseYesNo(s string) (string, bool) {
	v, ok := yesNoWords[strings.ToLower(trimCell(s))]
	return v, ok
}
