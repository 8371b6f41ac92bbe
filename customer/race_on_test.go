//go:build race

package customer

// raceDetector is whether the tests run under the race detector, which makes the library's
// regular expressions much slower: TestParseDigitsMatchesLibrary then checks every
// raceStride-th input (all of them without -race: "go test ./customer").
const raceDetector = true
