//go:build unix

package bench

import (
	"os"
	"runtime"
	"syscall"
)

// selfCPUSeconds returns the CPU time this process has used so far, user and system, in all its
// threads.
func selfCPUSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

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
