package lsp_test

import (
	"math"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/stream-ls/stream-ls/lsp"
)

// Opening a large document raises the runtime's memory limit before the
// document is analysed, so that the collector does not run without pause
// while the server builds what the document needs.
func TestMemoryBudgetRisesWhenALargeFileOpens(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(before) })

	c := start(t, lsp.Options{MemoryBudget: true})
	text := strings.Repeat("# a comment line of forty bytes or so\n", 300_000) // 11.7 MB
	c.Open("file:///notes.txt", 1, text)
	c.Hover("file:///notes.txt", 0, 0) // answered after the open was handled

	if got, want := debug.SetMemoryLimit(-1), int64(8*len(text)); got < want || got == math.MaxInt64 {
		t.Fatalf("memory limit %d MiB after opening %d MiB of text, want at least %d MiB", got>>20, len(text)>>20, want>>20)
	}
}

// A change that makes a document large raises the limit too.
func TestMemoryBudgetRisesWhenADocumentGrows(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(before) })

	c := start(t, lsp.Options{MemoryBudget: true})
	c.Open("file:///notes.txt", 1, "x\n")
	text := strings.Repeat("# a comment line of forty bytes or so\n", 300_000) // 11.7 MB
	c.ChangeFull("file:///notes.txt", 2, text)
	c.Hover("file:///notes.txt", 0, 0) // answered after the change was handled

	if got, want := debug.SetMemoryLimit(-1), int64(8*len(text)); got < want || got == math.MaxInt64 {
		t.Fatalf("memory limit %d MiB after a change to %d MiB of text, want at least %d MiB", got>>20, len(text)>>20, want>>20)
	}
}

// A server not asked to keep a budget leaves the limit alone.
func TestNoMemoryBudgetLeavesTheLimit(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	c := start(t, lsp.Options{})
	c.Open("file:///notes.txt", 1, strings.Repeat("x\n", 1<<20))
	c.Hover("file:///notes.txt", 0, 0)
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Fatalf("memory limit changed from %d to %d", before, got)
	}
}
