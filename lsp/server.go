// Package lsp is stream-ls's protocol layer: it speaks the Language Server
// Protocol over JSON-RPC and turns analysis results into protocol messages.
// It holds no knowledge of serverless.yml; that lives in package analysis,
// which works in byte offsets and never sees a protocol type.
//
// It is also the only package that imports go.lsp.dev, whose v0.12 protocol
// and v0.10 jsonrpc2 modules have known defects this package works around:
// numeric $/cancelRequest ids never cancel, whole-text changes decode as
// edits, nil diagnostics encode as null, handler panics and handler errors
// end the connection, and uri.URI.Filename panics on non-file URIs. The
// workarounds are commented where they are made, so a move to another
// protocol library touches this directory only.
package lsp

import (
	"context"
	"encoding/json"
	"io"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/document"
)

// Options configures Serve. The zero value is usable.
type Options struct {
	// Logger receives the server's logs; nil discards them. It must not
	// write to the stream being served.
	Logger *zap.Logger

	// Version is reported to the client in serverInfo.
	Version string

	// Analyze returns the diagnostics for the text of a serverless.yml.
	// Nil means analysis.AnalyzeConfigured with the client's settings; a
	// function given here sees no settings, and code actions recompute
	// their diagnostics with the default analysis. It runs on background
	// goroutines, one per open document, so it must be safe for concurrent
	// use.
	Analyze func(text string) []diag.Diagnostic

	// Hover describes the thing under the cursor; nil means analysis/hover
	// over the document's model. It runs on the request path, concurrently
	// with Analyze.
	Hover HoverFunc

	// Trace, if set, receives a VS Code-style trace of every message on
	// the wire, for debugging clients.
	Trace io.Writer

	// MemoryBudget makes the server set the runtime's soft memory limit
	// from what the open documents need (see memoryBudget). The limit is
	// process-wide: a program that embeds the server, or a user who sets
	// GOMEMLIMIT or GOGC, leaves it off.
	MemoryBudget bool

	// testMethods are extra request handlers that tests in this package
	// install (see export_test.go) to exercise cancellation and panics
	// deterministically. They pass through the full middleware chain.
	testMethods map[string]rawHandler
}

// Serve runs a language server on rwc until the client sends exit, the
// stream ends, or ctx is cancelled, and returns the process exit code the
// specification asks for: 0 if a shutdown request came first, 1 otherwise.
//
// Serve closes rwc before returning and waits for every handler and
// background goroutine it started, except the connection's reader, which
// ends when its pending Read on rwc returns. (Closing os.Stdin does not
// interrupt a Read in progress, so a stdio server exits the process rather
// than waiting for it.)
func Serve(ctx context.Context, rwc io.ReadWriteCloser, opts Options) (exitCode int) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	log := opts.Logger
	if log == nil {
		log = zap.NewNop()
	}
	opts.Logger = log
	framed := newFramedStream(rwc, log)
	var stream jsonrpc2.Stream = skipMalformed{Stream: framed, log: log}
	// Diagnostics bypass the connection when they can (see publish.go); a
	// trace must see every message, so then they go through it.
	var raw *rawStream
	if opts.Trace != nil {
		framed.libraryTypesOnly = true
		stream = protocol.LoggingStream(stream, opts.Trace)
	} else {
		raw = &rawStream{Stream: stream, w: rwc}
		stream = raw
	}
	conn := jsonrpc2.NewConn(stream)
	s := newServer(ctx, conn, raw, opts)
	conn.Go(ctx, s.handler())

	reason := "exit"
	select {
	case <-s.life.exited:
	case <-conn.Done():
		reason = "stream closed"
	case <-ctx.Done():
		reason = "cancelled"
	}
	// Cancelling first unblocks handlers and workers that wait on ctx;
	// closing the connection makes any write still in progress fail.
	cancel()
	_ = conn.Close()
	s.calls.closeAndWait()
	s.diags.stop()

	exitCode = s.life.exitCode()
	fields := []zap.Field{zap.String("reason", reason), zap.Int("exitCode", exitCode)}
	if err := conn.Err(); err != nil && reason == "stream closed" {
		fields = append(fields, zap.Error(err))
	}
	s.log.Info("server stopped", fields...)
	return exitCode
}

// server implements protocol.Server. Its methods are spread over one file
// per LSP area; unimplemented answers the rest.
type server struct {
	unimplemented

	log      *zap.Logger
	version  string
	hover    hoverAt
	models   *models
	sessions *sessions
	// hoverFormat is set by Initialize and read by later requests. No lock
	// is needed: the message chain starts a message only after the previous
	// one was answered, and that hand-off orders the memory accesses.
	hoverFormat protocol.MarkupKind
	// completionFormat and snippets are set by Initialize, like hoverFormat.
	completionFormat protocol.MarkupKind
	snippets         bool
	// hierarchicalSymbols and initProblems are set by Initialize too;
	// Initialized reports initProblems once the client is ready.
	hierarchicalSymbols bool
	initProblems        []string
	// cfg holds the user's settings; analyses read it, so it has a lock.
	cfg config

	client protocol.Client
	store  *document.Store
	diags  *diagnostics
	life   *lifecycle
	calls  *calls
	raw    map[string]rawHandler
	// memory is nil unless Options.MemoryBudget is set.
	memory *memoryBudget
}

// newServer returns a server that answers on conn and publishes
// diagnostics on raw, or through conn if raw is nil.
func newServer(ctx context.Context, conn jsonrpc2.Conn, raw *rawStream, opts Options) *server {
	log := opts.Logger
	s := &server{
		log:      log,
		version:  opts.Version,
		models:   newModels(log),
		sessions: newSessions(),
		// The library's own logging uses a context key that collides with
		// its client key and logs little of use; we log in middleware.
		client: protocol.ClientDispatcher(conn, zap.NewNop()),
		store:  document.NewStore(),
		life:   newLifecycle(),
		calls:  newCalls(),
	}
	analyze := func(doc *document.Document) []diag.Diagnostic {
		return s.analyse(doc).diags
	}
	if opts.Analyze != nil {
		analyze = func(doc *document.Document) []diag.Diagnostic { return opts.Analyze(doc.Text()) }
	}
	s.hover = s.hoverFromModel
	if opts.Hover != nil {
		s.hover = func(doc *document.Document, off int) (HoverContent, bool) { return opts.Hover(doc.Text(), off) }
	}
	if opts.MemoryBudget {
		s.memory = newMemoryBudget(s.store.Bytes)
	}
	s.diags = newDiagnostics(ctx, log, s.store, analyze,
		func(ctx context.Context, p publication) error {
			if raw != nil {
				return raw.writeFrame(ctx, p.frame())
			}
			return conn.Notify(ctx, protocol.MethodTextDocumentPublishDiagnostics, json.RawMessage(p.params))
		})
	if s.memory != nil {
		// After each analysis the collector's measure of the live
		// heap replaces the estimate from the documents' sizes.
		s.diags.analysed = s.memory.update
	}
	s.raw = map[string]rawHandler{
		protocol.MethodTextDocumentDidOpen:   s.didOpen,
		protocol.MethodTextDocumentDidChange: s.didChange,
		// The library decodes params through a decoder with a 32 KB
		// buffer of its own, a quarter of what a completion allocated:
		// the requests sent on every keystroke are decoded here.
		protocol.MethodTextDocumentCompletion: decodeThen(protocol.MethodTextDocumentCompletion, s.Completion),
		protocol.MethodTextDocumentHover:      decodeThen(protocol.MethodTextDocumentHover, s.Hover),
	}
	for method, h := range opts.testMethods {
		s.raw[method] = h
	}
	return s
}
