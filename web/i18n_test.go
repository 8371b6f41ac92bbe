package web

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestPageDictionaries runs web/ui/test/strings.test.mjs in Node: the Norwegian and Polish
// dictionaries of the page must have every key and function of the English one, with the same
// arguments, so that a text added in English without its translations fails here rather than
// showing English on a Norwegian shop's screen. The script also checks plural forms, numbers and
// dates per locale. Node is a build requirement (make ui); without it the test skips, unless
// CLIENTELE_REQUIRE_BROWSER=1 (CI), where it fails.
func TestPageDictionaries(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CLIENTELE_REQUIRE_BROWSER") == "1" {
			t.Fatal("no node on PATH (Node.js builds the page; see README)")
		}
		t.Skip("no node on PATH (set CLIENTELE_REQUIRE_BROWSER=1 to fail instead)")
	}
	cmd := exec.Command(node, filepath.Join("test", "strings.test.mjs"))
	cmd.Dir = filepath.Join("ui")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the page's dictionaries disagree (%v):\n%s", err, out)
	}
	t.Logf("%s", out)
}
