package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/lsp/lsptest"
)

// The protocol misuse suite runs the real binary and sends it what buggy
// clients send: broken framing and JSON, messages out of order, edits that
// do not fit the document, URIs of every kind. After each case the server
// must still be running, its copy of the document must be exactly what the
// client's is, and a normal edit and a hover must be answered correctly;
// then a clean shutdown must end it with status 0.
//
// The document carries two findings whose ranges show the server's copy:
// `batchSize: 0` (stream-integer-value) and an unknown key, the "probe",
// whose name the message quotes and whose range ends where its last
// UTF-16 unit does. Every check inserts a line at the top first, so a
// server that lost or duplicated an edit reports them on the wrong line.

const (
	docURI  = "file:///work/app/serverless.yml"
	baseDoc = `service: orders
provider:
  name: aws
functions:
  process:
    handler: handler.process
    events:
      - stream:
          arn: arn:aws:kinesis:us-east-1:123456789012:stream/orders
          batchSize: 0
          probe: 1
`
)

// built is the stream-ls binary, built once for every test that needs it
// and removed by TestMain.
var built struct {
	once sync.Once
	dir  string
	path string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		_ = os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// binary returns the path of the stream-ls binary built from this package.
func binary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	built.once.Do(func() {
		goTool, err := exec.LookPath("go")
		if err != nil {
			built.err = err
			return
		}
		if built.dir, built.err = os.MkdirTemp("", "stream-ls-bin-"); built.err != nil {
			return
		}
		built.path = filepath.Join(built.dir, "stream-ls")
		if out, err := exec.Command(goTool, "build", "-o", built.path, ".").CombinedOutput(); err != nil {
			built.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.path
}

// session is a running server and what its copy of docURI must be.
type session struct {
	*lsptest.Client
	t       *testing.T
	cmd     *exec.Cmd
	stdin   io.Writer     // for bytes the client would never send
	stderr  *lockedBuffer // what the server wrote there
	version int32
	text    string
}

// startSession runs the binary with args and connects a client to it.
func startSession(t *testing.T, args ...string) *session {
	t.Helper()
	stdinR, stdinW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stdoutR, stdoutW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := &lockedBuffer{}
	cmd := exec.Command(binary(t), args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdinR, stdoutW, stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stdinR.Close()
	stdoutW.Close()
	exit := make(chan int, 1)
	go func() {
		_ = cmd.Wait()
		exit <- cmd.ProcessState.ExitCode()
	}()
	t.Cleanup(func() { _ = cmd.Process.Kill() }) // only if a failed test left it running
	c := lsptest.Connect(t, pipeConn{Reader: stdoutR, Writer: stdinW, closers: []io.Closer{stdinW, stdoutR}}, exit)
	return &session{Client: c, t: t, cmd: cmd, stdin: stdinW, stderr: stderr}
}

// open opens docURI with baseDoc and waits for its diagnostics.
func (s *session) open() {
	s.t.Helper()
	s.version, s.text = 1, baseDoc
	s.Open(docURI, s.version, s.text)
	s.checkFindings(s.WaitDiagnostics(docURI, s.version))
}

// raw writes bytes to the server's stdin as they are. Tests write from one
// goroutine only, so they never interleave with the client's messages.
func (s *session) raw(b string) {
	s.t.Helper()
	if _, err := io.WriteString(s.stdin, b); err != nil {
		s.t.Fatalf("write to the server: %v", err)
	}
}

// framed gives body a correct header.
func framed(body string) string { return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body) }

// insertTop is the JSON of a didChange that inserts text at the top of
// docURI.
func insertTop(version int32, text string) string {
	b, _ := json.Marshal(map[string]any{
		"jsonrpc": "2.0", "method": "textDocument/didChange",
		"params": map[string]any{
			"textDocument":   map[string]any{"uri": docURI, "version": version},
			"contentChanges": []any{map[string]any{"range": lsptest.Replace(0, 0, 0, 0, "").Range, "text": text}},
		},
	})
	return string(b)
}

// barrier returns once the server has handled every message sent before
// it: messages are handled in order, and a request is answered in turn.
func (s *session) barrier() {
	s.t.Helper()
	if _, err := s.Call(protocol.MethodTextDocumentHover, hoverParams(docURI, 0, 0)); err != nil {
		s.t.Fatalf("hover as a barrier: %v", err)
	}
}

func hoverParams(uri string, line, char uint32) map[string]any {
	return map[string]any{"textDocument": map[string]any{"uri": uri}, "position": protocol.Position{Line: line, Character: char}}
}

// checkIntact edits the document and requires the server's answer to show
// exactly the text the client has; then it hovers the ARN.
func (s *session) checkIntact() {
	s.t.Helper()
	s.version++
	s.Change(docURI, s.version, lsptest.Replace(0, 0, 0, 0, "# checked\n"))
	s.text = "# checked\n" + s.text
	s.checkFindings(s.WaitDiagnostics(docURI, s.version))

	m := document.NewMapper(s.text)
	arnStart := strings.Index(s.text, "arn:aws:")
	arn := m.SpanRange(document.Span{Start: arnStart, End: arnStart + len("arn:aws:kinesis:us-east-1:123456789012:stream/orders")})
	h := s.Hover(docURI, uint32(arn.Start.Line), uint32(arn.Start.Character+4))
	if h == nil || h.Range == nil || h.Range.Start.Line != uint32(arn.Start.Line) || h.Range.Start.Character != uint32(arn.Start.Character) ||
		h.Range.End.Character != uint32(arn.End.Character) || !strings.Contains(h.Contents.Value, "orders") {
		s.t.Errorf("hover on the ARN = %+v, want a description of stream orders at %v", h, arn)
	}
}

// checkFindings requires the two findings of s.text at their exact ranges,
// and every diagnostic inside the document.
func (s *session) checkFindings(ds []protocol.Diagnostic) {
	s.t.Helper()
	m := document.NewMapper(s.text)
	zero := strings.Index(s.text, "batchSize: 0\n") + len("batchSize: ")
	probeStart := zero + len("0\n") + len("          ")
	probe := s.text[probeStart : probeStart+strings.Index(s.text[probeStart:], ":")]
	want := map[string]document.Range{
		catalog.RuleIntegerValue: m.SpanRange(document.Span{Start: zero, End: zero + 1}),
		catalog.RuleUnknownKey:   m.SpanRange(document.Span{Start: probeStart, End: probeStart + len(probe)}),
	}
	last := m.OffsetPosition(len(s.text))
	for _, d := range ds {
		if d.Range.End.Line > uint32(last.Line) {
			s.t.Errorf("diagnostic %v %q lies past the end of the document (%v)", d.Range, d.Message, last)
		}
		code := fmt.Sprint(d.Code)
		r, ok := want[code]
		if !ok {
			continue
		}
		delete(want, code)
		got := document.Range{
			Start: document.Position{Line: int(d.Range.Start.Line), Character: int(d.Range.Start.Character)},
			End:   document.Position{Line: int(d.Range.End.Line), Character: int(d.Range.End.Character)},
		}
		if got != r {
			s.t.Errorf("%s at %v, want %v: the server's text differs from\n%s", code, got, r, s.text)
		}
		if code == catalog.RuleUnknownKey && !strings.Contains(d.Message, "`"+probe+"`") {
			s.t.Errorf("%s message %q does not name the key %q", code, d.Message, probe)
		}
	}
	for code := range want {
		s.t.Errorf("no %s diagnostic for version %d; got %+v", code, s.version, ds)
	}
}

// probeLine is the 0-based line of the probe key in s.text.
func (s *session) probeLine() uint32 {
	return uint32(strings.Count(s.text[:strings.Index(s.text, "batchSize: 0\n")], "\n") + 1)
}

// expectError requires err to be a JSON-RPC error with code.
func expectError(t *testing.T, what string, err error, code jsonrpc2.Code) {
	t.Helper()
	if lsptest.Code(err) != code {
		t.Errorf("%s: err = %v, want code %d", what, err, code)
	}
}

type misuseCase struct {
	name string
	// beforeInit, if set, runs before the initialize handshake.
	beforeInit func(t *testing.T, s *session)
	do         func(t *testing.T, s *session)
	// exit is the status the case must end the server with; -1 means it
	// must keep running.
	exit int
}

func misuseCases() []misuseCase {
	const other = "file:///work/other/serverless.yml"
	lost := func(s *session) string { return insertTop(s.version+1, "# lost\n") }
	return []misuseCase{
		// Broken framing and JSON.
		{name: "truncated JSON", exit: -1, do: func(t *testing.T, s *session) {
			s.raw(framed(`{"jsonrpc":"2.0","id":1,"method":`))
		}},
		{name: "JSON that is not JSON-RPC", exit: -1, do: func(t *testing.T, s *session) {
			for _, body := range []string{`{"hello":"world"}`, `42`, `"text"`, `null`, `{}`, `{"jsonrpc":"2.0"}`} {
				s.raw(framed(body))
			}
		}},
		{name: "JSON-RPC 1.0 shutdown", exit: -1, do: func(t *testing.T, s *session) {
			s.raw(framed(`{"jsonrpc":"1.0","id":3,"method":"shutdown"}`)) // must not shut the server down
		}},
		{name: "a batch holding a shutdown", exit: -1, do: func(t *testing.T, s *session) {
			s.raw(framed(`[{"jsonrpc":"2.0","id":4,"method":"shutdown"}]`))
		}},
		{name: "a body that is not JSON", exit: -1, do: func(t *testing.T, s *session) {
			s.raw(framed("hello, server"))
		}},
		{name: "an id that is an object", exit: -1, do: func(t *testing.T, s *session) {
			s.raw(framed(`{"jsonrpc":"2.0","id":{"a":1},"method":"shutdown"}`))
		}},
		{name: "invalid UTF-8 outside strings", exit: -1, do: func(t *testing.T, s *session) {
			s.raw(framed("{\"jsonrpc\":\"2.0\",\xff\"method\":\"shutdown\",\"id\":5}"))
		}},
		{name: "invalid UTF-8 inside the inserted text", exit: -1, do: func(t *testing.T, s *session) {
			// JSON decoding turns each invalid byte into U+FFFD, and the
			// server keeps the text it decoded: valid UTF-8 it can map.
			s.version++
			s.raw(framed(strings.Replace(insertTop(s.version, "# XX\n"), "XX", "\xff\xfe", 1)))
			s.text = "# \ufffd\ufffd\n" + s.text
			s.checkFindings(s.WaitDiagnostics(docURI, s.version))
		}},
		{name: "missing Content-Length", exit: -1, do: func(t *testing.T, s *session) {
			s.raw("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n" + lost(s))
		}},
		{name: "no header at all", exit: -1, do: func(t *testing.T, s *session) {
			s.raw(lost(s))
		}},
		{name: "Content-Length too small", exit: -1, do: func(t *testing.T, s *session) {
			body := lost(s)
			s.raw(fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body)/2, body))
		}},
		{name: "Content-Length too large", exit: -1, do: func(t *testing.T, s *session) {
			// The message is complete, so it is applied; the next one,
			// which the declared length runs into, is read as well.
			s.version++
			body := insertTop(s.version, "# long\n")
			s.raw(fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body)+1000, body))
			s.text = "# long\n" + s.text
			s.checkFindings(s.WaitDiagnostics(docURI, s.version))
		}},
		{name: "Content-Length beyond 2 GiB", exit: -1, do: func(t *testing.T, s *session) {
			s.version++
			s.raw("Content-Length: 99999999999\r\n\r\n" + insertTop(s.version, "# huge\n"))
			s.text = "# huge\n" + s.text
			s.checkFindings(s.WaitDiagnostics(docURI, s.version))
		}},
		{name: "Content-Length not a number", exit: -1, do: func(t *testing.T, s *session) {
			s.raw("Content-Length: twelve\r\n\r\n" + lost(s))
		}},
		{name: "Content-Length zero and negative", exit: -1, do: func(t *testing.T, s *session) {
			s.raw("Content-Length: 0\r\n\r\n" + lost(s))
			s.raw("Content-Length: -40\r\n\r\n" + lost(s))
		}},
		{name: "garbage before a header", exit: -1, do: func(t *testing.T, s *session) {
			s.raw("GET / HTTP/1.1\r\nHost: stream-ls\r\n\r\n")
			s.raw(strings.Repeat("x", 100000) + "\r\n")
		}},
		{name: "a 20 MB document", exit: -1, do: func(t *testing.T, s *session) {
			const big = "file:///work/big/serverless.yml"
			text := "service: big\n" + strings.Repeat("# filler line of a very large file\n", 20<<20/36)
			s.Open(big, 1, text)
			ds := s.WaitDiagnostics(big, 1)
			if len(ds) != 1 || fmt.Sprint(ds[0].Code) != catalog.RuleFileTooLarge || ds[0].Range.Start.Line != 0 {
				t.Errorf("20 MB document: diagnostics %+v, want one %s on the first line", ds, catalog.RuleFileTooLarge)
			}
			if h := s.Hover(big, 0, 2); h != nil {
				t.Errorf("hover in a document beyond the limits = %+v, want null", h)
			}
			s.Close(big)
			s.WaitCleared(big)
		}},
		{name: "a message over the size limit", exit: -1, do: func(t *testing.T, s *session) {
			s.raw(framed(`{"jsonrpc":"2.0","method":"$/huge","params":{"x":"` + strings.Repeat("a", 130<<20) + `"}}`))
		}},

		// Messages out of order.
		{name: "request before initialize", exit: -1, beforeInit: func(t *testing.T, s *session) {
			_, err := s.Call(protocol.MethodTextDocumentHover, hoverParams(docURI, 0, 0))
			expectError(t, "hover before initialize", err, jsonrpc2.ServerNotInitialized)
			_, err = s.Call(protocol.MethodShutdown, nil)
			expectError(t, "shutdown before initialize", err, jsonrpc2.ServerNotInitialized)
		}},
		{name: "didOpen before initialize", exit: -1, beforeInit: func(t *testing.T, s *session) {
			s.Open(other, 1, baseDoc) // dropped: not open afterwards
		}, do: func(t *testing.T, s *session) {
			s.ChangeFull(other, 2, baseDoc)
			s.barrier()
			if pubs := s.Publications(other); len(pubs) != 0 {
				t.Errorf("a document opened before initialize got diagnostics: %+v", pubs)
			}
		}},
		{name: "second initialize", exit: -1, do: func(t *testing.T, s *session) {
			_, err := s.Call(protocol.MethodInitialize, &protocol.InitializeParams{})
			expectError(t, "second initialize", err, jsonrpc2.InvalidRequest)
		}},
		{name: "unknown methods", exit: -1, do: func(t *testing.T, s *session) {
			_, err := s.Call("textDocument/teleport", map[string]any{"x": 1})
			expectError(t, "unknown request", err, jsonrpc2.MethodNotFound)
			_, err = s.Call("$/streamls/nothing", nil)
			expectError(t, "unknown $/ request", err, jsonrpc2.MethodNotFound)
			s.Notify("textDocument/teleport", map[string]any{"x": 1})
			s.Notify("$/progress", map[string]any{"token": 1, "value": map[string]any{}})
		}},
		{name: "params of the wrong shape", exit: -1, do: func(t *testing.T, s *session) {
			_, err := s.Call(protocol.MethodTextDocumentHover, map[string]any{"position": "here"})
			expectError(t, "hover with a string position", err, jsonrpc2.InvalidParams)
			s.Notify(protocol.MethodTextDocumentDidChange, []int{1, 2, 3})
			s.Notify(protocol.MethodTextDocumentDidOpen, "text")
			s.Notify(protocol.MethodTextDocumentDidChange, map[string]any{
				"textDocument":   map[string]any{"uri": docURI, "version": s.version + 1},
				"contentChanges": []any{map[string]any{"range": map[string]any{"start": map[string]any{"line": -1, "character": 0}}, "text": "x"}},
			})
		}},
		{name: "a response to a request never made", exit: -1, do: func(t *testing.T, s *session) {
			s.raw(framed(`{"jsonrpc":"2.0","id":424242,"result":{"applied":true}}`))
			s.raw(framed(`{"jsonrpc":"2.0","id":"x","error":{"code":-32603,"message":"no"}}`))
		}},
		{name: "cancel of unknown ids", exit: -1, do: func(t *testing.T, s *session) {
			s.Cancel(jsonrpc2.NewNumberID(987654))
			s.Cancel(jsonrpc2.NewStringID("nobody"))
			s.Notify(protocol.MethodCancelRequest, map[string]any{"id": map[string]any{"deep": true}})
			s.Notify(protocol.MethodCancelRequest, nil)
			if _, err := s.Call(protocol.MethodCancelRequest, map[string]any{"id": 1}); err != nil {
				t.Errorf("$/cancelRequest sent as a request: %v", err)
			}
		}},

		// Edits that do not fit.
		{name: "didChange for a document never opened", exit: -1, do: func(t *testing.T, s *session) {
			s.Change(other, 2, lsptest.Replace(0, 0, 0, 0, "x"))
			s.ChangeFull(other, 3, baseDoc)
			s.barrier()
			if pubs := s.Publications(other); len(pubs) != 0 {
				t.Errorf("a document never opened got diagnostics: %+v", pubs)
			}
		}},
		{name: "version going backwards", exit: -1, do: func(t *testing.T, s *session) {
			s.version += 5
			s.Change(docURI, s.version, lsptest.Replace(0, 0, 0, 0, "# five\n"))
			s.text = "# five\n" + s.text
			s.checkFindings(s.WaitDiagnostics(docURI, s.version))
			s.Change(docURI, s.version-2, lsptest.Replace(0, 0, 0, 0, "# older\n"))
			s.Change(docURI, s.version, lsptest.Replace(0, 0, 0, 0, "# same\n"))
			s.Change(docURI, -1, lsptest.Replace(0, 0, 0, 0, "# negative\n"))
		}},
		{name: "a range past the end of the document", exit: -1, do: func(t *testing.T, s *session) {
			// LSP: a line past the end means the end of the document.
			s.version++
			s.Change(docURI, s.version, lsptest.Replace(500, 3, 900, 0, "# appended\n"))
			s.text += "# appended\n"
			s.checkFindings(s.WaitDiagnostics(docURI, s.version))
		}},
		{name: "a character past the end of a line", exit: -1, do: func(t *testing.T, s *session) {
			// The probe line's end: the key is renamed by the edit after it.
			l := s.probeLine()
			s.version++
			s.Change(docURI, s.version, lsptest.Replace(l, 999, l, 9999, " # tail"), lsptest.Replace(l, 15, l, 15, "Z"))
			s.text = strings.Replace(s.text, "probe: 1\n", "probeZ: 1 # tail\n", 1)
			s.checkFindings(s.WaitDiagnostics(docURI, s.version))
		}},
		{name: "a range that ends before it starts", exit: -1, do: func(t *testing.T, s *session) {
			s.Change(docURI, s.version+1, lsptest.Replace(3, 0, 1, 0, "x"))
			if m := s.WaitShowMessage(); m.Type != protocol.MessageTypeError {
				t.Errorf("showMessage type %v, want error", m.Type)
			}
		}},
		{name: "ranges inside a surrogate pair", exit: -1, do: func(t *testing.T, s *session) {
			// The probe becomes pro😀be; 😀 takes characters 13 and 14.
			l := s.probeLine()
			s.version++
			s.Change(docURI, s.version, lsptest.Replace(l, 13, l, 13, "😀"))
			s.text = strings.Replace(s.text, "probe: 1", "pro😀be: 1", 1)
			s.checkFindings(s.WaitDiagnostics(docURI, s.version))
			// An insertion at character 14 lands before the emoji; a
			// deletion ending at 14 ends there too, so it removes nothing.
			s.version++
			s.Change(docURI, s.version, lsptest.Replace(l, 14, l, 14, "x"), lsptest.Replace(l, 14, l, 15, ""))
			s.text = strings.Replace(s.text, "pro😀be: 1", "prox😀be: 1", 1)
			s.checkFindings(s.WaitDiagnostics(docURI, s.version))
			if h := s.Hover(docURI, l, 15); h != nil && h.Range != nil && h.Range.Start.Character == 15 {
				t.Errorf("hover inside a surrogate pair starts inside it: %+v", h.Range)
			}
		}},

		// URIs and the life of documents.
		{name: "untitled and non-file URIs", exit: -1, do: func(t *testing.T, s *session) {
			for _, u := range []string{"untitled:Untitled-1", "untitled:serverless.yml", "vscode-remote://ssh-remote%2Bbox/srv/serverless.yml",
				"https://example.com/serverless.yml", "file:///%zz/serverless.yml", "", "::::", "file:///C:/Users/me/serverless.yaml"} {
				s.Open(u, 1, baseDoc)
				s.Change(u, 2, lsptest.Replace(0, 0, 0, 0, "# x\n"))
				if _, err := s.Call(protocol.MethodTextDocumentHover, hoverParams(u, 9, 14)); err != nil {
					t.Errorf("hover in %q: %v", u, err)
				}
				if _, err := s.Call(protocol.MethodTextDocumentCompletion, hoverParams(u, 9, 14)); err != nil {
					t.Errorf("completion in %q: %v", u, err)
				}
				s.Close(u)
			}
		}},
		{name: "duplicate didOpen", exit: -1, do: func(t *testing.T, s *session) {
			// The newer text replaces the older, version and all.
			s.version, s.text = 1, "# reopened\n"+baseDoc
			s.Open(docURI, s.version, s.text)
			s.checkFindings(s.WaitDiagnostics(docURI, s.version))
		}},
		{name: "didClose twice", exit: -1, do: func(t *testing.T, s *session) {
			s.Close(docURI)
			s.WaitCleared(docURI)
			s.Close(docURI)
			s.Close("file:///never/opened/serverless.yml")
			s.open()
		}},

		// The end of a session.
		{name: "exit without shutdown", exit: 1, do: func(t *testing.T, s *session) {
			s.Exit()
		}},
		{name: "requests after shutdown", exit: 0, do: func(t *testing.T, s *session) {
			s.Shutdown()
			_, err := s.Call(protocol.MethodTextDocumentHover, hoverParams(docURI, 0, 0))
			expectError(t, "hover after shutdown", err, jsonrpc2.InvalidRequest)
			_, err = s.Call(protocol.MethodShutdown, nil)
			expectError(t, "second shutdown", err, jsonrpc2.InvalidRequest)
			_, err = s.Call(protocol.MethodInitialize, &protocol.InitializeParams{})
			expectError(t, "initialize after shutdown", err, jsonrpc2.InvalidRequest)
			s.ChangeFull(docURI, s.version+1, "changed: after shutdown\n")
			s.Exit()
		}},
	}
}

func TestProtocolMisuse(t *testing.T) {
	binary(t)
	for _, tc := range misuseCases() {
		t.Run(tc.name, func(t *testing.T) {
			s := startSession(t, "--log-level", "debug")
			if tc.beforeInit != nil {
				tc.beforeInit(t, s)
			}
			s.Initialize()
			s.open()
			if tc.do != nil {
				tc.do(t, s)
			}
			if tc.exit >= 0 {
				if got := s.WaitExit(); got != tc.exit {
					t.Errorf("exit status %d, want %d", got, tc.exit)
				}
				return
			}
			s.checkIntact()
			s.Shutdown()
			s.Exit()
			if got := s.WaitExit(); got != 0 {
				t.Errorf("exit status after shutdown and exit: %d, want 0", got)
			}
		})
	}
}
