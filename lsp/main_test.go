package lsp_test

import (
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/lsp"
	"github.com/stream-ls/stream-ls/lsp/lsptest"
)

// TestMain fails the package if any test leaves a goroutine behind.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const (
	// badWord is what fakeAnalyze reports, wherever it occurs.
	badWord  = "bad"
	wordRule = "test-bad-word"
	wordHref = "https://example.com/rules/test-bad-word"
	// textRule marks the diagnostic fakeAnalyze uses to echo the text it
	// analysed, so tests can see the server's copy of the document.
	textRule = "test-text"
)

// fakeAnalyze stands in for analysis.Analyze, so these tests depend on the
// protocol layer and not on the rules of the day. It reports every
// occurrence of badWord as an error, and adds one hint spanning the whole
// text whose message is the text itself.
func fakeAnalyze(text string) []diag.Diagnostic {
	out := []diag.Diagnostic{{
		Rule: textRule, Severity: diag.Hint, Span: document.Span{Start: 0, End: len(text)}, Message: text,
	}}
	for off := 0; ; {
		i := strings.Index(text[off:], badWord)
		if i < 0 {
			break
		}
		start := off + i
		out = append(out, diag.Diagnostic{
			Rule: wordRule, Severity: diag.Error, Span: document.Span{Start: start, End: start + len(badWord)},
			Message: "bad word", Href: wordHref,
		})
		off = start + len(badWord)
	}
	return out
}

// start starts a server with fakeAnalyze (unless opts has an analyzer) and
// completes the initialize handshake.
func start(t *testing.T, opts lsp.Options) *lsptest.Client {
	t.Helper()
	if opts.Analyze == nil {
		opts.Analyze = fakeAnalyze
	}
	c := lsptest.Start(t, opts)
	c.Initialize()
	return c
}
