// Package lsptest drives a stream-ls language server end to end, in memory:
// a real JSON-RPC client connection talks LSP to the real server over a
// pipe, and every notification the server sends is recorded. Tests wait on
// those notifications through channels with a timeout; nothing sleeps.
//
// Helpers that fail call t.Fatal, so they must be called from the test's
// goroutine.
package lsptest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/stream-ls/stream-ls/lsp"
)

// Timeout bounds every wait. It is generous because it only matters when a
// test is about to fail, and -race on a loaded machine is slow.
const Timeout = 10 * time.Second

// firstID numbers the harness's requests far above the ids the client
// connection would use, so the two can never be confused.
const firstID = 1_000_000

// Publication is one textDocument/publishDiagnostics notification.
type Publication struct {
	URI         string
	Version     *int32 // nil when the server sent no version
	Diagnostics []protocol.Diagnostic
	// Raw is the diagnostics field exactly as sent, to tell [] from null.
	Raw json.RawMessage
}

// Client is the client end of a connection to a server.
type Client struct {
	t      testing.TB
	conn   jsonrpc2.Conn
	stream *stream
	nextID atomic.Int32

	serverDone chan struct{} // closed when the server has returned
	exitCode   int           // valid once serverDone is closed

	mu       sync.Mutex
	answers  map[string]func(params json.RawMessage) (any, error) // see AnswerRequests
	pubs     []Publication
	messages []protocol.ShowMessageParams
	cursor   map[string]int // per URI: index of the first unconsumed publication
	notified chan struct{}  // closed and replaced whenever a notification arrives
}

// Start runs lsp.Serve in memory and connects a client to it. Unless opts
// has a logger, the server logs at debug level to the test log. The server
// is stopped when the test ends if the test has not stopped it.
func Start(t testing.TB, opts lsp.Options) *Client {
	t.Helper()
	if opts.Logger == nil {
		opts.Logger = zaptest.NewLogger(t, zaptest.Level(zap.DebugLevel))
	}
	serverEnd, clientEnd := net.Pipe()
	exit := make(chan int, 1)
	go func() { exit <- lsp.Serve(context.Background(), serverEnd, opts) }()
	return Connect(t, clientEnd, exit)
}

// Connect speaks LSP over rwc to a server that is already running (in
// memory or in another process). exit delivers the server's exit code.
func Connect(t testing.TB, rwc io.ReadWriteCloser, exit <-chan int) *Client {
	t.Helper()
	s := &stream{Stream: jsonrpc2.NewStream(rwc), raw: rwc, pending: make(map[jsonrpc2.ID]chan *jsonrpc2.Response)}
	c := &Client{
		t:          t,
		conn:       jsonrpc2.NewConn(s),
		stream:     s,
		serverDone: make(chan struct{}),
		cursor:     make(map[string]int),
		notified:   make(chan struct{}),
	}
	c.nextID.Store(firstID)
	go func() {
		c.exitCode = <-exit
		close(c.serverDone)
	}()
	c.conn.Go(context.Background(), c.handle)
	t.Cleanup(c.Disconnect)
	return c
}

// Disconnect closes the client's end of the connection and waits until both
// the server and the client connection have stopped. It is idempotent.
func (c *Client) Disconnect() {
	c.t.Helper()
	_ = c.conn.Close()
	timer := time.NewTimer(Timeout)
	defer timer.Stop()
	for _, ch := range []<-chan struct{}{c.serverDone, c.conn.Done()} {
		select {
		case <-ch:
		case <-timer.C:
			c.t.Errorf("lsptest: server did not stop within %v of the client disconnecting", Timeout)
			return
		}
	}
}

// handle receives the server's notifications and requests. It runs on the
// client connection's read loop, so it only records and signals.
func (c *Client) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
	switch req.Method() {
	case protocol.MethodTextDocumentPublishDiagnostics:
		var p struct {
			URI         string          `json:"uri"`
			Version     *int32          `json:"version"`
			Diagnostics json.RawMessage `json:"diagnostics"`
		}
		pub := Publication{}
		if err := json.Unmarshal(req.Params(), &p); err == nil {
			pub = Publication{URI: p.URI, Version: p.Version, Raw: p.Diagnostics}
			_ = json.Unmarshal(p.Diagnostics, &pub.Diagnostics)
		}
		c.record(func() { c.pubs = append(c.pubs, pub) })
	case protocol.MethodWindowShowMessage:
		var p protocol.ShowMessageParams
		_ = json.Unmarshal(req.Params(), &p)
		c.record(func() { c.messages = append(c.messages, p) })
	}
	if _, isCall := req.(*jsonrpc2.Call); isCall {
		c.mu.Lock()
		answer := c.answers[req.Method()]
		c.mu.Unlock()
		if answer != nil {
			result, err := answer(req.Params())
			return reply(ctx, result, err)
		}
		// Unless a test says otherwise, this client offers no capabilities
		// the server could call.
		return reply(ctx, nil, jsonrpc2.Errorf(jsonrpc2.MethodNotFound, "lsptest: %s", req.Method()))
	}
	return reply(ctx, nil, nil)
}

func (c *Client) record(f func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f()
	close(c.notified)
	c.notified = make(chan struct{})
}

// waitUntil calls cond under the lock each time a notification arrives,
// until it returns true.
func (c *Client) waitUntil(what string, cond func() bool) {
	c.t.Helper()
	timer := time.NewTimer(Timeout)
	defer timer.Stop()
	for {
		c.mu.Lock()
		ok, ch := cond(), c.notified
		c.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-ch:
		case <-c.conn.Done():
			// What the server sent before closing may already satisfy cond.
			c.mu.Lock()
			ok := cond()
			c.mu.Unlock()
			if !ok {
				c.t.Fatalf("lsptest: connection closed while waiting for %s", what)
			}
			return
		case <-timer.C:
			c.t.Fatalf("lsptest: no %s within %v", what, Timeout)
		}
	}
}

// WaitPublication waits for the next publication for uri that satisfies
// match, skipping earlier ones, and returns it. Publications before the one
// returned are consumed: the next wait for uri starts after it. match runs
// with the client's lock held and must not call the client.
func (c *Client) WaitPublication(uri string, what string, match func(Publication) bool) Publication {
	c.t.Helper()
	var found Publication
	c.waitUntil(what, func() bool {
		for i := c.cursor[uri]; i < len(c.pubs); i++ {
			if p := c.pubs[i]; p.URI == uri && match(p) {
				c.cursor[uri] = i + 1
				found = p
				return true
			}
		}
		return false
	})
	return found
}

// WaitDiagnostics waits for diagnostics published for version of uri.
func (c *Client) WaitDiagnostics(uri string, version int32) []protocol.Diagnostic {
	c.t.Helper()
	p := c.WaitPublication(uri, fmt.Sprintf("diagnostics for %s version %d", uri, version),
		func(p Publication) bool { return p.Version != nil && *p.Version == version })
	return p.Diagnostics
}

// WaitCleared waits for the unversioned publication that clears uri's
// diagnostics when it is closed, and returns it.
func (c *Client) WaitCleared(uri string) Publication {
	c.t.Helper()
	return c.WaitPublication(uri, "cleared diagnostics for "+uri,
		func(p Publication) bool { return p.Version == nil && len(p.Diagnostics) == 0 })
}

// Publications returns every publication received so far for uri, oldest
// first.
func (c *Client) Publications(uri string) []Publication {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []Publication
	for _, p := range c.pubs {
		if p.URI == uri {
			out = append(out, p)
		}
	}
	return out
}

// WaitShowMessage waits for the server's next window/showMessage.
func (c *Client) WaitShowMessage() protocol.ShowMessageParams {
	c.t.Helper()
	var m protocol.ShowMessageParams
	c.waitUntil("window/showMessage", func() bool {
		if len(c.messages) == 0 {
			return false
		}
		m, c.messages = c.messages[0], c.messages[1:]
		return true
	})
	return m
}

// Pending is a request that has been sent and not yet waited for.
type Pending struct {
	c      *Client
	id     jsonrpc2.ID
	method string
	resp   chan *jsonrpc2.Response
	err    error // the send failed
}

// Send sends a request with the given id without waiting for the answer.
// Use NewID for a fresh numeric id, or jsonrpc2.NewStringID.
func (c *Client) Send(id jsonrpc2.ID, method string, params any) *Pending {
	c.t.Helper()
	p := &Pending{c: c, id: id, method: method, resp: make(chan *jsonrpc2.Response, 1)}
	call, err := jsonrpc2.NewCall(id, method, params)
	if err != nil {
		c.t.Fatalf("lsptest: encode %s: %v", method, err)
	}
	c.stream.expect(id, p.resp)
	if _, err := c.stream.Write(context.Background(), call); err != nil {
		c.stream.forget(id)
		p.err = err
	}
	return p
}

// NewID returns a numeric request id not used before on this connection.
func (c *Client) NewID() jsonrpc2.ID { return jsonrpc2.NewNumberID(c.nextID.Add(1)) }

// Wait returns the request's result (JSON null included), or the error the
// server answered with (a *jsonrpc2.Error; see Code).
func (p *Pending) Wait() (json.RawMessage, error) {
	p.c.t.Helper()
	if p.err != nil {
		return nil, p.err
	}
	timer := time.NewTimer(Timeout)
	defer timer.Stop()
	select {
	case r := <-p.resp:
		if r.Err() != nil {
			return nil, r.Err()
		}
		if len(r.Result()) == 0 {
			// jsonrpc2 decodes "result": null as no result at all.
			return json.RawMessage("null"), nil
		}
		return r.Result(), nil
	case <-p.c.conn.Done():
		return nil, fmt.Errorf("lsptest: connection closed before the reply to %s %v", p.method, p.id)
	case <-timer.C:
		p.c.t.Fatalf("lsptest: no reply to %s %v within %v", p.method, p.id, Timeout)
		return nil, nil
	}
}

// Call sends a request and waits for its answer.
func (c *Client) Call(method string, params any) (json.RawMessage, error) {
	c.t.Helper()
	return c.Send(c.NewID(), method, params).Wait()
}

// Notify sends a notification.
func (c *Client) Notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("lsptest: notify %s: %v", method, err)
	}
}

// WriteRaw sends body as one message, framed with a correct header but
// otherwise exactly as given, to see how the server copes with bad input.
func (c *Client) WriteRaw(body string) {
	c.t.Helper()
	c.stream.writeMu.Lock()
	defer c.stream.writeMu.Unlock()
	if _, err := fmt.Fprintf(c.stream.raw, "Content-Length: %d\r\n\r\n%s", len(body), body); err != nil {
		c.t.Fatalf("lsptest: write raw message: %v", err)
	}
}

// Cancel sends $/cancelRequest for id.
func (c *Client) Cancel(id jsonrpc2.ID) {
	c.t.Helper()
	// Only *jsonrpc2.ID encodes as the bare number or string.
	c.Notify(protocol.MethodCancelRequest, map[string]any{"id": &id})
}

// Code returns the JSON-RPC error code of err, or 0 if err has none.
func Code(err error) jsonrpc2.Code {
	var rpcErr *jsonrpc2.Error
	if errors.As(err, &rpcErr) {
		return rpcErr.Code
	}
	return 0
}

// Initialize performs the initialize handshake (initialize, then the
// initialized notification) as a client that, like VS Code and Neovim,
// prefers Markdown hovers, and returns the server's answer.
func (c *Client) Initialize() *protocol.InitializeResult {
	c.t.Helper()
	return c.InitializeWith(&protocol.InitializeParams{
		ProcessID:  1,
		ClientInfo: &protocol.ClientInfo{Name: "lsptest"},
		Capabilities: protocol.ClientCapabilities{
			TextDocument: &protocol.TextDocumentClientCapabilities{
				Hover: &protocol.HoverTextDocumentClientCapabilities{
					ContentFormat: []protocol.MarkupKind{protocol.Markdown, protocol.PlainText},
				},
			},
		},
	})
}

// InitializeWith is Initialize with the given params.
func (c *Client) InitializeWith(params *protocol.InitializeParams) *protocol.InitializeResult {
	c.t.Helper()
	raw, err := c.Call(protocol.MethodInitialize, params)
	if err != nil {
		c.t.Fatalf("lsptest: initialize: %v", err)
	}
	var res protocol.InitializeResult
	if err := json.Unmarshal(raw, &res); err != nil {
		c.t.Fatalf("lsptest: decode initialize result: %v", err)
	}
	c.Notify(protocol.MethodInitialized, &protocol.InitializedParams{})
	return &res
}

// Open sends textDocument/didOpen.
func (c *Client) Open(uri string, version int32, text string) {
	c.t.Helper()
	c.Notify(protocol.MethodTextDocumentDidOpen, map[string]any{
		"textDocument": map[string]any{"uri": uri, "languageId": "yaml", "version": version, "text": text},
	})
}

// Edit is one incremental content change: Range is replaced by Text.
type Edit struct {
	Range protocol.Range
	Text  string
}

// Replace is the edit that replaces the text from startLine:startChar to
// endLine:endChar (0-based, UTF-16 columns) with text.
func Replace(startLine, startChar, endLine, endChar uint32, text string) Edit {
	return Edit{
		Range: protocol.Range{
			Start: protocol.Position{Line: startLine, Character: startChar},
			End:   protocol.Position{Line: endLine, Character: endChar},
		},
		Text: text,
	}
}

// Change sends textDocument/didChange with incremental edits, applied in
// order.
func (c *Client) Change(uri string, version int32, edits ...Edit) {
	c.t.Helper()
	changes := make([]map[string]any, len(edits))
	for i, e := range edits {
		changes[i] = map[string]any{"range": e.Range, "text": e.Text}
	}
	c.change(uri, version, changes)
}

// ChangeFull sends textDocument/didChange replacing the whole text: a change
// without a range, as clients send under full sync.
func (c *Client) ChangeFull(uri string, version int32, text string) {
	c.t.Helper()
	c.change(uri, version, []map[string]any{{"text": text}})
}

func (c *Client) change(uri string, version int32, changes []map[string]any) {
	c.t.Helper()
	c.Notify(protocol.MethodTextDocumentDidChange, map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": version},
		"contentChanges": changes,
	})
}

// Close sends textDocument/didClose.
func (c *Client) Close(uri string) {
	c.t.Helper()
	c.Notify(protocol.MethodTextDocumentDidClose, map[string]any{"textDocument": map[string]any{"uri": uri}})
}

// Hover asks for the hover at line:char (0-based, UTF-16 columns). A null
// answer is a nil Hover.
func (c *Client) Hover(uri string, line, char uint32) *protocol.Hover {
	c.t.Helper()
	raw, err := c.Call(protocol.MethodTextDocumentHover, map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"position":     protocol.Position{Line: line, Character: char},
	})
	if err != nil {
		c.t.Fatalf("lsptest: hover: %v", err)
	}
	var h *protocol.Hover
	if err := json.Unmarshal(raw, &h); err != nil {
		c.t.Fatalf("lsptest: decode hover %s: %v", raw, err)
	}
	return h
}

// Completion asks for completions at line:char (0-based, UTF-16 columns).
func (c *Client) Completion(uri string, line, char uint32) *protocol.CompletionList {
	c.t.Helper()
	raw, err := c.Call(protocol.MethodTextDocumentCompletion, map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"position":     protocol.Position{Line: line, Character: char},
	})
	if err != nil {
		c.t.Fatalf("lsptest: completion: %v", err)
	}
	var list *protocol.CompletionList
	if err := json.Unmarshal(raw, &list); err != nil {
		c.t.Fatalf("lsptest: decode completion %s: %v", raw, err)
	}
	return list
}

// Shutdown sends the shutdown request and fails the test if it errs.
func (c *Client) Shutdown() {
	c.t.Helper()
	if _, err := c.Call(protocol.MethodShutdown, nil); err != nil {
		c.t.Fatalf("lsptest: shutdown: %v", err)
	}
}

// Exit sends the exit notification.
func (c *Client) Exit() {
	c.t.Helper()
	c.Notify(protocol.MethodExit, nil)
}

// WaitExit waits for the server to stop and returns its exit code.
func (c *Client) WaitExit() int {
	c.t.Helper()
	select {
	case <-c.serverDone:
		return c.exitCode
	case <-time.After(Timeout):
		c.t.Fatalf("lsptest: server did not stop within %v", Timeout)
		return -1
	}
}

// stream serializes the harness's own requests with the connection's writes
// and takes the answers to them out of the message flow before the
// connection sees them (it would drop answers to ids it did not issue).
// That is what lets tests choose request ids, string ones included.
type stream struct {
	jsonrpc2.Stream
	raw     io.Writer // under Stream, for deliberately malformed messages
	writeMu sync.Mutex

	mu      sync.Mutex
	pending map[jsonrpc2.ID]chan *jsonrpc2.Response
}

func (s *stream) expect(id jsonrpc2.ID, ch chan *jsonrpc2.Response) {
	s.mu.Lock()
	s.pending[id] = ch
	s.mu.Unlock()
}

func (s *stream) forget(id jsonrpc2.ID) {
	s.mu.Lock()
	delete(s.pending, id)
	s.mu.Unlock()
}

func (s *stream) Write(ctx context.Context, msg jsonrpc2.Message) (int64, error) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	return s.Stream.Write(ctx, msg)
}

func (s *stream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	for {
		msg, n, err := s.Stream.Read(ctx)
		if err != nil {
			return msg, n, err
		}
		if r, ok := msg.(*jsonrpc2.Response); ok {
			s.mu.Lock()
			ch, mine := s.pending[r.ID()]
			delete(s.pending, r.ID())
			s.mu.Unlock()
			if mine {
				ch <- r // buffered: never blocks the read loop
				continue
			}
		}
		return msg, n, err
	}
}
