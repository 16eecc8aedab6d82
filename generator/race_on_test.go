//go:build race

package main

// raceDetector: this test binary runs with -race. The corpus tests, whose
// cost is generating and building dozens of real SDKs, skip themselves then:
// the race detector makes the in-process generation several times slower and
// finds nothing the race-instrumented unit tests do not. `make test` runs
// them in a second pass without -race.
const raceDetector = true
