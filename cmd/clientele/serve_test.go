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

// TestParseProxy reads --trusted-proxy values: CIDRs and single addresses.
func TestParseProxy(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"10.0.0.0/8", "10.0.0.0/8", true},
		{"10.1.2.3/8", "10.0.0.0/8", true},
		{"192.0.2.7", "192.0.2.7/32", true},
		{"::ffff:192.0.2.7", "192.0.2.7/32", true},
		{"2001:db8::/32", "2001:db8::/32", true},
		{"proxy.local", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p, err := parseProxy(tt.in)
			if (err == nil) != tt.ok || (tt.ok && p.String() != tt.want) {
				t.Errorf("parseProxy(%q) = %v, %v; want %s", tt.in, p, err, tt.want)
			}
		})
	}
}

// TestServeProxyFlags: a bad --public-url or --trusted-proxy is bad usage, reported before the
// database is opened.
func TestServeProxyFlags(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"--public-url", "kunder.example.no"}, "--public-url"},
		{[]string{"--public-url", "https://kunder.example.no/app"}, "--public-url"},
		{[]string{"--trusted-proxy", "proxy.local"}, "not an address or a CIDR"},
		{[]string{"--trusted-proxy", "10.0.0.0/8", "--trusted-proxy", "10.0.0.0/99"}, "not an address or a CIDR"},
		{[]string{"--max-hashes", "0"}, "--max-hashes"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "clientele.db")
			r := cli{t: t, db: db}.run("", append([]string{"serve"}, tc.args...)...)
			if r.code != exitUsage || !strings.Contains(r.stderr, tc.stderr) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", r.code, r.stderr, exitUsage, tc.stderr)
			}
			if _, err := os.Stat(db); !os.IsNotExist(err) {
				t.Errorf("serve with a bad flag created the database (stat: %v)", err)
			}
		})
	}
}
