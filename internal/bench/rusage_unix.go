//go:build unix

package bench

import (
	"os"
	"runtime"
	"syscall"
)

// peakMB returns a finished process's peak resident memory in MB (2^20 bytes).
func peakMB(ps *os.ProcessState) float64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return float64(ru.Maxrss) / (1 << 20) // bytes there
	}
	return float64(ru.Maxrss) / (1 << 10) // KB on Linux and the BSDs
}
