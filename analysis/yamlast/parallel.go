package yamlast

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Parallel calls fn(i) for i in [0, n) on up to GOMAXPROCS goroutines.
// Parsing the pieces of a large file, and checking its functions, are most
// of the time to first diagnostics, and they are independent.
//
// A panic in fn is recovered in its goroutine and raised again in the
// caller once the others have stopped, so that the caller's own recovery
// (the language server's, around each analysis) sees it: a panic left in a
// worker goroutine would end the process.
func Parallel(n int, fn func(i int)) {
	spread(min(runtime.GOMAXPROCS(0), n/16), n, 1, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			fn(i)
		}
	})
}

// ParallelRanges calls fn on consecutive ranges of at most chunk indexes
// that cover [0, n), on up to GOMAXPROCS goroutines, for work whose items
// share something per range (the checks of a range of functions share
// one environment). Panics are handled as in Parallel.
func ParallelRanges(n, chunk int, fn func(lo, hi int)) {
	spread(runtime.GOMAXPROCS(0), n, max(chunk, 1), fn)
}

func spread(workers, n, chunk int, fn func(lo, hi int)) {
	if workers <= 1 || n <= chunk {
		for lo := 0; lo < n; lo += chunk {
			fn(lo, min(lo+chunk, n))
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	var failure atomic.Pointer[any]
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if p := recover(); p != nil {
					failure.CompareAndSwap(nil, &p)
					next.Store(int64(n)) // the others stop at their next range
				}
			}()
			for {
				lo := int(next.Add(int64(chunk)) - int64(chunk))
				if lo >= n {
					return
				}
				fn(lo, min(lo+chunk, n))
			}
		}()
	}
	wg.Wait()
	if p := failure.Load(); p != nil {
		panic(*p)
	}
}
