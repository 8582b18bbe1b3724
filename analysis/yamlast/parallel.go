package yamlast

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// parallel calls fn(i) for i in [0, n) on up to GOMAXPROCS goroutines.
// Parsing the pieces of a large file is most of the time to first
// diagnostics, and the pieces are independent.
func parallel(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n/16)
	if workers <= 1 {
		for i := 0; i < n; i++ {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
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
}
