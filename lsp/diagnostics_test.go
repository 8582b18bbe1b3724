package lsp_test

import (
	"encoding/json"
	"sync/atomic"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/lsp"
	"github.com/stream-ls/stream-ls/lsp/lsptest"
)

func TestOpenPublishesDiagnosticsForThatVersion(t *testing.T) {
	const uri = "file:///app/serverless.yml"
	c := start(t, lsp.Options{})
	c.Open(uri, 7, "x: 😀bad\n")
	p := c.WaitPublication(uri, "the first publication", func(lsptest.Publication) bool { return true })

	if p.Version == nil || *p.Version != 7 {
		t.Errorf("version = %v, want 7", p.Version)
	}
	var got []map[string]any
	if err := json.Unmarshal(p.Raw, &got); err != nil {
		t.Fatal(err)
	}
	var bad map[string]any
	for _, d := range got {
		if d["code"] == wordRule {
			bad = d
		}
	}
	want := map[string]any{
		"range": map[string]any{
			"start": map[string]any{"line": 0.0, "character": 5.0},
			"end":   map[string]any{"line": 0.0, "character": 8.0},
		},
		"severity":        1.0,
		"code":            wordRule,
		"codeDescription": map[string]any{"href": wordHref},
		"source":          "stream-ls",
		"message":         "bad word",
	}
	gotJSON, _ := json.Marshal(bad)
	wantJSON, _ := json.Marshal(want)
	if string(gotJSON) != string(wantJSON) {
		t.Errorf("diagnostic on the wire:\n got %s\nwant %s", gotJSON, wantJSON)
	}
}

func TestNoDiagnosticsArePublishedAsEmptyArray(t *testing.T) {
	const uri = "file:///app/serverless.yml"
	c := start(t, lsp.Options{Analyze: func(string) []diag.Diagnostic { return nil }})
	c.Open(uri, 1, "service: x\n")
	p := c.WaitPublication(uri, "a publication", func(lsptest.Publication) bool { return true })
	if string(p.Raw) != "[]" {
		t.Errorf("diagnostics = %s, want []", p.Raw)
	}
}

func TestCloseClearsDiagnostics(t *testing.T) {
	const uri = "file:///app/serverless.yml"
	c := start(t, lsp.Options{})
	c.Open(uri, 1, "bad")
	c.WaitDiagnostics(uri, 1)
	c.Close(uri)
	if p := c.WaitCleared(uri); string(p.Raw) != "[]" {
		t.Errorf("clear on close sent %s, want []", p.Raw)
	}

	// Reopening with the same version but other text is analysed afresh.
	c.Open(uri, 1, "bad bad")
	if got := badRanges(c.WaitDiagnostics(uri, 1)); len(got) != 2 {
		t.Errorf("reopened document: %d diagnostics, want 2", len(got))
	}
}

func TestCloseThenReopenPublishesInOrder(t *testing.T) {
	const uri = "file:///app/serverless.yml"
	c := start(t, lsp.Options{})
	c.Open(uri, 1, "bad")
	c.Close(uri)
	c.Open(uri, 1, "bad bad")
	c.Close(uri)
	c.Open(uri, 1, "bad bad bad")
	c.Hover(uri, 0, 0) // all of the above has been handled

	// Whatever the earlier incarnations published, the last word must be the
	// third one's: a clear arriving late would wipe its markers.
	last := c.WaitPublication(uri, "diagnostics for the third open", func(p lsptest.Publication) bool {
		return len(badRanges(p.Diagnostics)) == 3
	})
	if last.Version == nil || *last.Version != 1 {
		t.Errorf("version = %v, want 1", last.Version)
	}
	c.Shutdown() // stops the workers: nothing can be published after this
	pubs := c.Publications(uri)
	if final := pubs[len(pubs)-1]; len(badRanges(final.Diagnostics)) != 3 {
		t.Errorf("last publication has %d diagnostics, want 3; all: %+v", len(badRanges(final.Diagnostics)), pubs)
	}
}

// TestAnalysisRunsOffTheRequestPathAndCoalesces blocks the first analysis
// and checks that the server keeps answering, and that the versions that
// arrive meanwhile cost one analysis of the newest, not one each.
func TestAnalysisRunsOffTheRequestPathAndCoalesces(t *testing.T) {
	const uri = "file:///app/serverless.yml"
	var calls atomic.Int32
	started, release := make(chan struct{}), make(chan struct{})
	c := start(t, lsp.Options{Analyze: func(text string) []diag.Diagnostic {
		if calls.Add(1) == 1 {
			close(started)
			<-release
		}
		return fakeAnalyze(text)
	}})

	c.Open(uri, 1, "a")
	<-started
	c.ChangeFull(uri, 2, "b")
	c.ChangeFull(uri, 3, "c")
	c.ChangeFull(uri, 4, "bad")
	// Answered while the analysis of version 1 is still blocked, and
	// answered after the changes before it were applied.
	c.Hover(uri, 0, 0)
	close(release)

	if got := serverText(t, c.WaitDiagnostics(uri, 4)); got != "bad" {
		t.Errorf("server text = %q, want %q", got, "bad")
	}
	c.Shutdown()
	for _, p := range c.Publications(uri) {
		if p.Version == nil || *p.Version != 4 {
			t.Errorf("published diagnostics for a superseded version: %+v", p)
		}
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("analysed %d times, want 2 (version 1, then only the newest)", n)
	}
}

func TestRealAnalyzerPublishesAnArray(t *testing.T) {
	const uri = "file:///app/serverless.yml"
	c := lsptest.Start(t, lsp.Options{})
	c.Initialize()
	c.Open(uri, 1, `service: orders
provider:
  name: aws
  runtime: nodejs20.x
functions:
  process:
    handler: handler.process
    events:
      - stream:
          type: dynamodb
          arn: arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2024-01-01T00:00:00.000
          batchSize: 100
          startingPosition: LATEST
`)
	p := c.WaitPublication(uri, "a publication", func(lsptest.Publication) bool { return true })
	var ds []protocol.Diagnostic
	if err := json.Unmarshal(p.Raw, &ds); err != nil || ds == nil {
		t.Errorf("diagnostics = %s, want a JSON array", p.Raw)
	}
}
