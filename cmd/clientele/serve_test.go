package main

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestServeLogFormat(t *testing.T) {
	t.Run("a format serve does not know is bad usage", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "clientele.db")
		r := cli{t: t, db: db}.run("", "serve", "--log-format", "xml")
		if r.code != exitUsage || !strings.Contains(r.stderr, `--log-format must be text or json, not "xml"`) {
			t.Errorf("serve --log-format xml: exit %d, stderr %q; want exit %d and the reason", r.code, r.stderr, exitUsage)
		}
		// Bad usage is reported before anything is opened.
		if _, err := os.Stat(db); !os.IsNotExist(err) {
			t.Errorf("serve with a bad flag created the database (stat: %v)", err)
		}
	})

	for _, tc := range []struct {
		format string
		check  func(t *testing.T, line string)
	}{
		{"json", func(t *testing.T, line string) {
			var rec map[string]any
			if err := json.Unmarshal([]byte(line), &rec); err != nil {
				t.Fatalf("not a JSON line: %v: %q", err, line)
			}
			if rec["level"] != "WARN" || rec["msg"] != "not ready" || rec["import"] != float64(7) {
				t.Errorf("JSON record %v", rec)
			}
		}},
		{"text", func(t *testing.T, line string) {
			if !strings.Contains(line, `level=WARN msg="not ready" import=7`) {
				t.Errorf("text record %q", line)
			}
		}},
	} {
		t.Run(tc.format, func(t *testing.T) {
			var buf bytes.Buffer
			h, err := logHandler(tc.format, &buf)
			if err != nil {
				t.Fatal(err)
			}
			slog.New(h).Warn("not ready", "import", 7)
			lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
			if len(lines) != 1 {
				t.Fatalf("%d lines logged, want 1: %q", len(lines), buf.String())
			}
			tc.check(t, lines[0])
		})
	}
}
