//go:build race

package analysis_test

// raceSlowdown stretches time bounds under the race detector, which slows
// the analysis about tenfold.
const raceSlowdown = 5
