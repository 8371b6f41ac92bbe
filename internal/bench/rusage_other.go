//go:build !unix

package bench

import "os"

// selfCPUSeconds returns 0: only Unix reports it here.
func selfCPUSeconds() float64 { return 0 }

// peakMB returns 0: only Unix reports a child's peak memory.
func peakMB(*os.ProcessState) float64 { return 0 }
