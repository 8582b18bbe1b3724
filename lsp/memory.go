package lsp

import (
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// memoryBudget keeps the runtime's soft memory limit (debug.SetMemoryLimit)
// a fixed headroom above what the open documents need, so that the heap
// does not grow to twice the live data as GOGC=100 lets it.
//
// A language server holds one large, long-lived structure per open file
// and, since the document is kept in chunks, makes little garbage per
// keystroke (0.8 MB at 5,000 functions). Doubling the live heap then buys
// nothing: at 5,000 functions (a live heap of 42 MB) the default pacing
// peaked at 105-124 MB RSS, and a limit 24 MiB above the live data kept
// it at 78 MB with the same edit latency (lspbench, 300 edits).
//
// The need is the larger of the live heap the collector last measured
// and an estimate from the size of the open documents, made before the
// first analysis of a document has run: the limit must rise when a large
// file is opened, not after, or the collector would run without pause
// while the file is analysed.
type memoryBudget struct {
	mu       sync.Mutex
	docBytes func() int64
	live     func() int64 // the live heap at the last collection
	set      func(int64) int64
	limit    int64 // the limit last set; 0 before the first
}

const (
	// budgetFloor is the least limit: below it the collector would run
	// more often for small files than the default does.
	budgetFloor = 64 << 20
	// budgetHeadroom is the room above the need: at 5,000 functions,
	// about 30 keystrokes' garbage between collections.
	budgetHeadroom = 24 << 20
	// heapPerTextByte estimates the live heap a document needs from its
	// size: 6.9 bytes per byte of text at 5,000 functions, 7.7 at 1,000.
	heapPerTextByte = 8
	// budgetSlack is how far the need may move before the limit is set
	// again.
	budgetSlack = 2 << 20
)

func newMemoryBudget(docBytes func() int64) *memoryBudget {
	return &memoryBudget{docBytes: docBytes, live: liveHeap, set: debug.SetMemoryLimit}
}

// liveHeap is the heap the last collection found live; reading it costs
// no collection and no stop.
func liveHeap() int64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(s[0].Value.Uint64())
}

// budgetFor is the limit for a live heap of live bytes with open
// documents of text bytes in all.
func budgetFor(live, text int64) int64 {
	return max(budgetFloor, max(live, heapPerTextByte*text)+budgetHeadroom)
}

// update sets the limit for the documents open now. A nil budget does
// nothing (the server was told to leave the collector alone).
func (b *memoryBudget) update() {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	limit := budgetFor(b.live(), b.docBytes())
	if b.limit != 0 && limit > b.limit-budgetSlack && limit < b.limit+budgetSlack {
		return
	}
	b.set(limit)
	b.limit = limit
}
