package bench

import (
	"bytes"
	"os"
	"strconv"
)

// selfPeakMB returns this process's peak resident memory in MB, from VmHWM in /proc/self/status
// (Linux), or 0 elsewhere. Unlike getrusage's maxrss it counts only this program's memory: a
// child started by vfork, as Go starts them, inherits the parent's high-water mark at exec.
func selfPeakMB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range bytes.Lines(b) {
		rest, ok := bytes.CutPrefix(line, []byte("VmHWM:"))
		if !ok {
			continue
		}
		f := bytes.Fields(rest) // "12345 kB"
		if len(f) == 2 && string(f[1]) == "kB" {
			kb, err := strconv.ParseFloat(string(f[0]), 64)
			if err == nil {
				return kb / 1024
			}
		}
	}
	return 0
}
