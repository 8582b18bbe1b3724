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
