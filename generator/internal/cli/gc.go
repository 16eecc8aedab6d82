package cli

import (
	"os"
	"runtime/debug"
)

// GCPercent is the garbage collector's target the commands run with
// unless GOGC is set: a generation is one batch whose heap stays mostly
// live until it ends, so Go's default (100) collects it over and over for
// little. Measured (BENCHMARKS.md): 200 takes a fifth off Stripe's wall
// time for a tenth more peak memory, and 8 % off Kubernetes' for 40-70 %
// more (still below oapi-codegen's peak).
const GCPercent = 200

// TuneGC applies GCPercent to the process unless the GOGC environment
// variable says otherwise. Commands call it from main, before Main; it is
// not Main's to change a process-wide setting for its other callers.
func TuneGC() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(GCPercent)
	}
}
