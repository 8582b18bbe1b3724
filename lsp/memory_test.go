package lsp_test

import (
	"math"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/stream-ls/stream-ls/lsp"
	"github.com/stream-ls/stream-ls/lsp/lsptest"
)

// Opening a large document, or a change that makes one large, raises the
// runtime's memory limit before the document is analysed, so that the
// collector does not run without pause while the server builds what the
// document needs.
func TestMemoryBudgetRisesWithALargeDocument(t *testing.T) {
	text := strings.Repeat("# a comment line of forty bytes or so\n", 300_000) // 11.7 MB
	for name, load := range map[string]func(c *lsptest.Client){
		"opened": func(c *lsptest.Client) { c.Open("file:///notes.txt", 1, text) },
		"changed": func(c *lsptest.Client) {
			c.Open("file:///notes.txt", 1, "x\n")
			c.ChangeFull("file:///notes.txt", 2, text)
		},
	} {
		t.Run(name, func(t *testing.T) {
			before := debug.SetMemoryLimit(-1)
			t.Cleanup(func() { debug.SetMemoryLimit(before) })
			c := start(t, lsp.Options{MemoryBudget: true})
			load(c)
			c.Hover("file:///notes.txt", 0, 0) // answered after the text was stored
			if got, want := debug.SetMemoryLimit(-1), int64(8*len(text)); got < want || got == math.MaxInt64 {
				t.Fatalf("memory limit %d MiB with %d MiB of text %s, want at least %d MiB", got>>20, len(text)>>20, name, want>>20)
			}
		})
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
