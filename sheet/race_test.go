//go:build race

package sheet

// raceEnabled is whether the tests run under the race detector, which makes excelize's XML
// reading much slower.
const raceEnabled = true
