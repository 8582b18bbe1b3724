//go:build !race

package analysis_test

// raceSlowdown stretches time bounds under the race detector; see
// race_test.go.
const raceSlowdown = 1
