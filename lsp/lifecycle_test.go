package lsp_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/goleak"

	"github.com/stream-ls/stream-ls/lsp"
	"github.com/stream-ls/stream-ls/lsp/lsptest"
)

func TestInitializeAdvertisesCapabilities(t *testing.T) {
	c := lsptest.Start(t, lsp.Options{Version: "v1.2.3"})
	raw, err := c.Call(protocol.MethodInitialize, &protocol.InitializeParams{})
	if err != nil {
		t.Fatal(err)
	}
	// Decoded into plain structs so the test pins the JSON clients see, not
	// the library's types.
	var got struct {
		Capabilities struct {
			TextDocumentSync struct {
				OpenClose bool            `json:"openClose"`
				Change    int             `json:"change"`
				Save      json.RawMessage `json:"save"`
			} `json:"textDocumentSync"`
			HoverProvider bool `json:"hoverProvider"`
		} `json:"capabilities"`
		ServerInfo struct {
			Name    string `json:"name"`
			Version string `json:"version"`
		} `json:"serverInfo"`
	}
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
	sync := got.Capabilities.TextDocumentSync
	if !sync.OpenClose || sync.Change != 2 || string(sync.Save) != "{}" {
		t.Errorf("textDocumentSync = %+v (save %s), want openClose, incremental (2) changes and save", sync, sync.Save)
	}
	if !got.Capabilities.HoverProvider {
		t.Error("hoverProvider is not true")
	}
	if got.ServerInfo.Name != "stream-ls" || got.ServerInfo.Version != "v1.2.3" {
		t.Errorf("serverInfo = %+v, want stream-ls v1.2.3", got.ServerInfo)
	}
}

func TestExitCode(t *testing.T) {
	for _, tc := range []struct {
		name string
		end  func(c *lsptest.Client)
		want int
	}{
		{"exit after shutdown", func(c *lsptest.Client) { c.Initialize(); c.Shutdown(); c.Exit() }, 0},
		{"exit without shutdown", func(c *lsptest.Client) { c.Initialize(); c.Exit() }, 1},
		{"exit before initialize", func(c *lsptest.Client) { c.Exit() }, 1},
		{"stream closed after shutdown", func(c *lsptest.Client) { c.Initialize(); c.Shutdown(); c.Disconnect() }, 0},
		{"stream closed without shutdown", func(c *lsptest.Client) { c.Initialize(); c.Disconnect() }, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := lsptest.Start(t, lsp.Options{Analyze: fakeAnalyze})
			tc.end(c)
			if got := c.WaitExit(); got != tc.want {
				t.Errorf("exit code = %d, want %d", got, tc.want)
			}
		})
	}
}

func TestRequestBeforeInitializeIsRejected(t *testing.T) {
	c := lsptest.Start(t, lsp.Options{Analyze: fakeAnalyze})
	_, err := c.Call(protocol.MethodTextDocumentHover, map[string]any{
		"textDocument": map[string]any{"uri": "file:///a/serverless.yml"},
		"position":     protocol.Position{},
	})
	if lsptest.Code(err) != jsonrpc2.ServerNotInitialized {
		t.Errorf("hover before initialize: err = %v, want code %d", err, jsonrpc2.ServerNotInitialized)
	}
}

func TestNotificationBeforeInitializeIsDropped(t *testing.T) {
	const early, later = "file:///early/serverless.yml", "file:///later/serverless.yml"
	c := lsptest.Start(t, lsp.Options{Analyze: fakeAnalyze})
	c.Open(early, 1, "bad")
	c.Initialize()
	// Had the early open been kept, this change would apply and publish.
	c.ChangeFull(early, 2, "bad")
	c.Open(later, 1, "bad")
	c.WaitDiagnostics(later, 1) // every message before it has been handled
	if pubs := c.Publications(early); len(pubs) != 0 {
		t.Errorf("a document opened before initialize got diagnostics: %+v", pubs)
	}
}

func TestSecondInitializeIsRejected(t *testing.T) {
	c := start(t, lsp.Options{})
	_, err := c.Call(protocol.MethodInitialize, &protocol.InitializeParams{})
	if lsptest.Code(err) != jsonrpc2.InvalidRequest {
		t.Errorf("second initialize: err = %v, want code %d", err, jsonrpc2.InvalidRequest)
	}
}

func TestRequestAfterShutdownIsRejected(t *testing.T) {
	c := start(t, lsp.Options{})
	c.Shutdown()
	for _, method := range []string{protocol.MethodTextDocumentHover, protocol.MethodShutdown, "textDocument/foo"} {
		_, err := c.Call(method, map[string]any{})
		if lsptest.Code(err) != jsonrpc2.InvalidRequest {
			t.Errorf("%s after shutdown: err = %v, want code %d", method, err, jsonrpc2.InvalidRequest)
		}
	}
	c.Exit()
	if got := c.WaitExit(); got != 0 {
		t.Errorf("exit code = %d, want 0", got)
	}
}

func TestNoGoroutinesLeftAfterExit(t *testing.T) {
	const uri = "file:///app/serverless.yml"
	c := start(t, lsp.Options{})
	c.Open(uri, 1, "bad")
	c.WaitDiagnostics(uri, 1)
	c.Hover(uri, 0, 0)
	c.Shutdown()
	c.Exit()
	if got := c.WaitExit(); got != 0 {
		t.Errorf("exit code = %d, want 0", got)
	}
	c.Disconnect()
	goleak.VerifyNone(t)
}

// syncBuffer is written by the server's goroutines and read by the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestTraceRecordsTheWire(t *testing.T) {
	var trace syncBuffer
	c := start(t, lsp.Options{Trace: &trace})
	c.Shutdown()
	c.Exit()
	c.WaitExit()
	for _, want := range []string{"'initialize", "'initialized'", "'shutdown", "'exit'"} {
		if !strings.Contains(trace.String(), want) {
			t.Errorf("trace does not mention %s:\n%s", want, trace.String())
		}
	}
}
