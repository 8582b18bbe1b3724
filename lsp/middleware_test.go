package lsp_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/lsp"
	"github.com/stream-ls/stream-ls/lsp/lsptest"
)

// assertAlive fails unless the server still answers requests.
func assertAlive(t *testing.T, c *lsptest.Client) {
	t.Helper()
	if h := c.Hover("file:///nowhere/serverless.yml", 0, 0); h != nil {
		t.Errorf("hover of a document that is not open = %+v, want null", h)
	}
}

func TestUnknownMethodIsNotFound(t *testing.T) {
	c := start(t, lsp.Options{})
	for _, tc := range []struct {
		method string
		params any
	}{
		{"textDocument/foo", map[string]any{"x": 1}},
		{"textDocument/foo", nil}, // the library's fallback cannot decode absent params
		{"$/streamls/unknown", nil},
		{protocol.MethodTextDocumentFormatting, map[string]any{}}, // known to the library, not implemented
		{protocol.MethodTextDocumentReferences, map[string]any{}},
	} {
		_, err := c.Call(tc.method, tc.params)
		if lsptest.Code(err) != jsonrpc2.MethodNotFound {
			t.Errorf("%s with params %v: err = %v, want code %d", tc.method, tc.params, err, jsonrpc2.MethodNotFound)
		}
	}
	// Unknown notifications, including ones clients send unasked, are ignored.
	c.Notify("textDocument/foo", nil)
	c.Notify("$/setTrace", map[string]any{"value": "off"})
	c.Notify("$/progress", map[string]any{"token": 1, "value": map[string]any{}})
	c.Notify(protocol.MethodWorkspaceDidChangeConfiguration, map[string]any{"settings": nil})
	assertAlive(t, c)
}

func TestInvalidParams(t *testing.T) {
	c := start(t, lsp.Options{})
	_, err := c.Call(protocol.MethodTextDocumentHover, map[string]any{"position": "not a position"})
	if lsptest.Code(err) != jsonrpc2.InvalidParams {
		t.Errorf("hover with a malformed position: err = %v, want code %d", err, jsonrpc2.InvalidParams)
	}
	for _, params := range []any{map[string]any{"textDocument": 7}, nil, "not params"} {
		if _, err := c.Call(protocol.MethodTextDocumentCompletion, params); lsptest.Code(err) != jsonrpc2.InvalidParams {
			t.Errorf("completion with params %v: err = %v, want code %d", params, err, jsonrpc2.InvalidParams)
		}
	}
	// A malformed notification cannot be answered; it must not end the session.
	c.Notify(protocol.MethodTextDocumentDidChange, "not params")
	c.Notify(protocol.MethodTextDocumentDidOpen, "not params")
	assertAlive(t, c)
}

func TestMalformedMessagesAreSkipped(t *testing.T) {
	c := start(t, lsp.Options{})
	c.WriteRaw(`{"jsonrpc":"2.0","id":1,"method":`) // not JSON
	c.WriteRaw(`{"jsonrpc":"2.0","id":2}`)          // neither request nor response
	c.WriteRaw(`{"jsonrpc":"1.0","id":3,"method":"shutdown"}`)
	assertAlive(t, c)
}

// The server reads plain notifications' envelopes itself and leaves their
// params to the handler: params that are not JSON (a bad escape, a bare
// word) open nothing and end nothing, and the next didOpen is served.
func TestNotificationsWithMalformedParamsAreDropped(t *testing.T) {
	c := start(t, lsp.Options{})
	const uri = "file:///w/serverless.yml"
	c.WriteRaw(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"` + uri + `","languageId":"yaml","version":1,"text":"a: \x"}}}`)
	c.WriteRaw(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"` + uri + `","languageId":"yaml","version":2,"text":nope}}}`)
	assertAlive(t, c)
	c.Open(uri, 3, "service: s\nprovider:\n  name: aws\n")
	got := c.WaitPublication(uri, "the valid didOpen's diagnostics", func(lsptest.Publication) bool { return true })
	if got.Version == nil || *got.Version != 3 {
		t.Errorf("first diagnostics are for version %v, want 3 (a malformed didOpen was taken)", got.Version)
	}
}

// blockUntilCancelled is a request method that reports it has started and
// then returns only when its context is cancelled.
func blockUntilCancelled(opts lsp.Options, started chan<- struct{}) lsp.Options {
	return lsp.WithTestMethod(opts, "test/block", func(ctx context.Context, _ json.RawMessage) (any, error) {
		started <- struct{}{}
		<-ctx.Done()
		return nil, ctx.Err()
	})
}

func TestCancelRequest(t *testing.T) {
	for _, tc := range []struct {
		name string
		id   func(c *lsptest.Client) jsonrpc2.ID
	}{
		// Editors send numbers; go.lsp.dev v0.12 alone never cancels those.
		{"numeric id", func(c *lsptest.Client) jsonrpc2.ID { return c.NewID() }},
		{"string id", func(*lsptest.Client) jsonrpc2.ID { return jsonrpc2.NewStringID("req-7") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			started := make(chan struct{}, 1)
			c := start(t, blockUntilCancelled(lsp.Options{}, started))
			id := tc.id(c)
			call := c.Send(id, "test/block", nil)
			<-started
			c.Cancel(id)
			_, err := call.Wait()
			if lsptest.Code(err) != protocol.CodeRequestCancelled {
				t.Errorf("cancelled request: err = %v, want code %d", err, protocol.CodeRequestCancelled)
			}
			assertAlive(t, c)
		})
	}
}

func TestCancelOfAnotherIDLeavesRequestRunning(t *testing.T) {
	started := make(chan struct{}, 1)
	c := start(t, blockUntilCancelled(lsp.Options{}, started))
	id := c.NewID()
	call := c.Send(id, "test/block", nil)
	<-started
	c.Cancel(jsonrpc2.NewStringID(fmt.Sprint(id))) // same digits, but a string
	c.Cancel(c.NewID())
	// Disconnecting cancels everything; had a wrong id cancelled the
	// request, it would already have been answered.
	c.Disconnect()
	if _, err := call.Wait(); lsptest.Code(err) == protocol.CodeRequestCancelled {
		t.Errorf("a $/cancelRequest for another id cancelled the request")
	}
}

func TestPanicInHandlerIsRecovered(t *testing.T) {
	opts := lsp.WithTestMethod(lsp.Options{}, "test/panic", func(context.Context, json.RawMessage) (any, error) {
		var m map[string]int
		m["boom"]++ // a nil-map write: a real bug, not a contrived panic value
		return nil, nil
	})
	c := start(t, opts)
	_, err := c.Call("test/panic", nil)
	if lsptest.Code(err) != jsonrpc2.InternalError {
		t.Errorf("panicking request: err = %v, want code %d", err, jsonrpc2.InternalError)
	}
	// As a notification the panic has nobody to tell; the messages behind
	// it must still be handled.
	c.Notify("test/panic", nil)
	assertAlive(t, c)
}

func TestPanicInAnalysisIsRecovered(t *testing.T) {
	const uri = "file:///app/serverless.yml"
	c := start(t, lsp.Options{Analyze: func(text string) []diag.Diagnostic {
		if strings.Contains(text, "PANIC") {
			panic("analysis failed")
		}
		return fakeAnalyze(text)
	}})
	c.Open(uri, 1, "PANIC")
	c.ChangeFull(uri, 2, "bad")
	if got := c.WaitDiagnostics(uri, 2); len(got) != 2 {
		t.Errorf("after a panic in analysis, version 2 got %d diagnostics, want 2", len(got))
	}
	for _, p := range c.Publications(uri) {
		if p.Version != nil && *p.Version == 1 {
			t.Errorf("diagnostics published for the version whose analysis panicked")
		}
	}
}

func TestLogsNeverContainDocumentText(t *testing.T) {
	const secret = "s3cr3t-t0ken"
	const uri = "file:///app/serverless.yml"
	core, logs := observer.New(zapcore.DebugLevel)
	c := start(t, lsp.Options{Logger: zap.New(core)})
	c.Open(uri, 1, "password: "+secret)
	c.Change(uri, 2, lsptest.Replace(0, 0, 0, 0, secret))
	c.Change(uri, 3, lsptest.Replace(5, 0, 0, 0, secret)) // end before start: fails
	c.WaitShowMessage()
	c.WaitDiagnostics(uri, 2)
	c.Shutdown()
	c.Exit()
	c.WaitExit()

	if logs.Len() == 0 {
		t.Fatal("nothing was logged; the test cannot see what it checks")
	}
	for _, e := range logs.All() {
		line := fmt.Sprint(e.Message, e.ContextMap())
		if strings.Contains(line, secret) {
			t.Errorf("log entry contains document text: %s", line)
		}
	}
}
