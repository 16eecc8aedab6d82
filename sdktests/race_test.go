//go:build race

package sdktests

const raceEnabled = true
