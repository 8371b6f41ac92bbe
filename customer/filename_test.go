package customer

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCleanFileName(t *testing.T) {
	long := strings.Repeat("ø", 150) + ".csv" // 304 bytes
	tests := []struct {
		name, in, want string
	}{
		{"plain", "kunder.csv", "kunder.csv"},
		{"unix path", "/home/ola/kunder.csv", "kunder.csv"},
		{"windows path", `C:\Users\Ola\kunder.xlsx`, "kunder.xlsx"},
		{"Windows-1252 bytes", "kunder-\xf8st.csv", "kunder-\uFFFDst.csv"},
		{"NUL and control characters", "kun\x00der\r\n.csv", "kunder.csv"},
		{"empty", "", "upload"},
		{"only a directory", "/", "upload"},
		{"dot dot", "..", "upload"},
		{"cut between characters", long, strings.Repeat("ø", 100)},
		{"cut in the middle of a character", "a" + long, "a" + strings.Repeat("ø", 99)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CleanFileName(tt.in)
			if got != tt.want {
				t.Errorf("CleanFileName(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if !utf8.ValidString(got) || len(got) > MaxFileNameBytes {
				t.Errorf("CleanFileName(%q) = %q: not valid UTF-8 or too long", tt.in, got)
			}
		})
	}
}
