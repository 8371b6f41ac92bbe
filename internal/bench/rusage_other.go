//go:build !unix

package bench

import "os"

// peakMB returns 0: only Unix reports a child's peak memory.
func peakMB(*os.ProcessState) float64 { return 0 }
