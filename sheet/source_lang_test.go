package sheet

import (
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
)

// TestSourceNamesTranslated checks that every platform and template Source can name has its
// Norwegian and Polish name in the file message catalogue, so that the importer's "recognised
// as" warning never shows an English name in another language's sentence.
func TestSourceNamesTranslated(t *testing.T) {
	var names []string
	for _, v := range vendors {
		names = append(names, v.name)
	}
	for _, n := range templateNames {
		names = append(names, n)
	}
	for _, name := range names {
		n := customer.NewNotice("warn_recognised", map[string]string{"source": name})
		if !strings.Contains(n.Message, name) {
			t.Errorf("%s: English %q", name, n.Message)
		}
		for _, lang := range []string{"nb", "pl"} {
			if got := n.In(lang); strings.Contains(got, name) {
				t.Errorf("%s: no %s name: %q", name, lang, got)
			}
		}
	}
}
