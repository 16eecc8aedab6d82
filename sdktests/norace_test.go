//go:build !race

package sdktests

const raceEnabled = false
