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
	workers := min(runtime.GOMAXPROCS(0), n/16)
	if workers <= 1 {
		for i := 0; i < n; i++ {
			fn(i)
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
					next.Store(int64(n)) // the others stop at their next item
				}
			}()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
	if p := failure.Load(); p != nil {
		panic(*p)
	}
}
