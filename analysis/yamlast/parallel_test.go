package yamlast

import (
	"sync/atomic"
	"testing"
)

func TestParallelVisitsEveryIndexOnce(t *testing.T) {
	const n = 1000
	var seen [n]atomic.Int32
	Parallel(n, func(i int) { seen[i].Add(1) })
	for i := range seen {
		if got := seen[i].Load(); got != 1 {
			t.Fatalf("index %d visited %d times", i, got)
		}
	}
}

// A panic in a worker must reach the caller, whose recovery keeps the
// language server alive; left in the worker goroutine it would end the
// process (and this test binary).
func TestParallelRaisesAWorkersPanicInTheCaller(t *testing.T) {
	defer func() {
		if p := recover(); p != "boom at 500" {
			t.Fatalf("recovered %v, want the worker's panic", p)
		}
	}()
	Parallel(1000, func(i int) {
		if i == 500 {
			panic("boom at 500")
		}
	})
	t.Fatal("Parallel returned normally after a worker panicked")
}

func TestParallelRangesCoverEveryIndexOnce(t *testing.T) {
	for _, n := range []int{0, 1, 15, 16, 17, 1000} {
		seen := make([]atomic.Int32, n)
		ParallelRanges(n, 16, func(lo, hi int) {
			if hi-lo > 16 || lo >= hi {
				t.Errorf("n=%d: range [%d, %d)", n, lo, hi)
			}
			for i := lo; i < hi; i++ {
				seen[i].Add(1)
			}
		})
		for i := range seen {
			if got := seen[i].Load(); got != 1 {
				t.Fatalf("n=%d: index %d visited %d times", n, i, got)
			}
		}
	}
}

// The checks of a file's functions run in ranges on all cores; a rule
// that panics there must reach the caller too.
func TestParallelRangesRaiseAWorkersPanicInTheCaller(t *testing.T) {
	defer func() {
		if p := recover(); p != "boom in [496, 512)" {
			t.Fatalf("recovered %v, want the worker's panic", p)
		}
	}()
	ParallelRanges(1000, 16, func(lo, hi int) {
		if lo == 496 {
			panic("boom in [496, 512)")
		}
	})
	t.Fatal("ParallelRanges returned normally after a worker panicked")
}
