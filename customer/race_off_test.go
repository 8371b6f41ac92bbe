//go:build !race

package customer

// raceDetector is whether the tests run under the race detector (race_on_test.go).
const raceDetector = false
