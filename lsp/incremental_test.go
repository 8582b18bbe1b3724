package lsp_test

import (
	"fmt"
	"math/rand"
	"os"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/stream-ls/stream-ls/analysis"
	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/lsp"
	"github.com/stream-ls/stream-ls/lsp/lsptest"
)

// The server analyses each open document incrementally. Whatever the
// edits, what it publishes must be what a from-scratch analysis of the
// client's text gives: this types random edits (inserting and deleting
// characters, non-ASCII ones included, and whole lines) into the bundled
// example and compares after every version.
func TestIncrementalDiagnosticsMatchAFreshAnalysis(t *testing.T) {
	data, err := os.ReadFile("../examples/serverless.yml")
	if err != nil {
		t.Fatal(err)
	}
	const uri = "file:///app/serverless.yml"
	c := lsptest.Start(t, lsp.Options{})
	c.Initialize()
	text := string(data)
	c.Open(uri, 1, text)
	check(t, c, uri, 1, text)

	rng := rand.New(rand.NewSource(7))
	inserts := []string{"x", "é", "😀", ":", " ", "\n", "      batchSize: 20000\n", "- stream: arn:aws:kinesis:eu-west-1:1:stream/s\n"}
	for version := int32(2); version <= 60; version++ {
		m := document.NewMapper(text)
		start := rng.Intn(len(text) + 1)
		end := min(len(text), start+rng.Intn(4))
		if rng.Intn(2) == 0 {
			end = start
		}
		span := snapToRunes(text, document.Span{Start: start, End: end})
		insert := inserts[rng.Intn(len(inserts))]
		r := m.SpanRange(span)
		c.Change(uri, version, lsptest.Replace(uint32(r.Start.Line), uint32(r.Start.Character),
			uint32(r.End.Line), uint32(r.End.Character), insert))
		text = text[:span.Start] + insert + text[span.End:]
		check(t, c, uri, version, text)
	}
}

// check waits for the diagnostics of version and compares them with a
// fresh analysis of text.
func check(t *testing.T, c *lsptest.Client, uri string, version int32, text string) {
	t.Helper()
	got := c.WaitDiagnostics(uri, version)
	m := document.NewMapper(text)
	want := analysis.Analyze(text).Diagnostics
	if len(got) != len(want) {
		t.Fatalf("version %d: %d diagnostics, a fresh analysis gives %d\n%s", version, len(got), len(want), text)
	}
	for i, w := range want {
		r := m.SpanRange(w.Span)
		g := got[i]
		wantRange := protocol.Range{
			Start: protocol.Position{Line: uint32(r.Start.Line), Character: uint32(r.Start.Character)},
			End:   protocol.Position{Line: uint32(r.End.Line), Character: uint32(r.End.Character)},
		}
		if fmt.Sprint(g.Code) != w.Rule || g.Range != wantRange || g.Message != w.Message {
			t.Fatalf("version %d, diagnostic %d: got %v %v %q, want %s %v %q", version, i, g.Code, g.Range, g.Message, w.Rule, wantRange, w.Message)
		}
	}
}

// snapToRunes moves a span's ends back to rune boundaries, as an editor's
// positions always are.
func snapToRunes(text string, s document.Span) document.Span {
	for s.Start > 0 && s.Start < len(text) && text[s.Start]&0xC0 == 0x80 {
		s.Start--
	}
	for s.End > 0 && s.End < len(text) && text[s.End]&0xC0 == 0x80 {
		s.End--
	}
	s.End = max(s.End, s.Start)
	return s
}
