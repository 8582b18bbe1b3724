package lsp

import (
	"context"
	"sync"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// serverName is what the client shows for this server.
const serverName = "stream-ls"

type state int

const (
	stateNew      state = iota // waiting for initialize
	stateRunning               // initialize answered
	stateShutdown              // shutdown answered; only exit is left
	stateExited                // exit received
)

// lifecycle is the server's position in the LSP life cycle. Every message
// passes admit before it is handled; admit and the transitions run on the
// ordered message goroutines, so a message always sees the state its
// predecessors left.
type lifecycle struct {
	mu       sync.Mutex
	state    state
	shutdown bool          // shutdown was received: exit code 0
	exited   chan struct{} // closed by the exit notification
}

func newLifecycle() *lifecycle {
	return &lifecycle{exited: make(chan struct{})}
}

// admit returns nil if method may be handled now, or the error a request
// gets; notifications that are not admitted are dropped.
func (l *lifecycle) admit(method string) *jsonrpc2.Error {
	if method == protocol.MethodExit {
		return nil // legal in every state; it decides the exit code
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	switch l.state {
	case stateNew:
		if method == protocol.MethodInitialize {
			return nil
		}
		return jsonrpc2.NewError(jsonrpc2.ServerNotInitialized, "server not initialized")
	case stateRunning:
		if method == protocol.MethodInitialize {
			return jsonrpc2.NewError(jsonrpc2.InvalidRequest, "server already initialized")
		}
		return nil
	default:
		return jsonrpc2.NewError(jsonrpc2.InvalidRequest, "server is shut down")
	}
}

func (l *lifecycle) set(s state) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if s == stateShutdown {
		l.shutdown = true
	}
	if s == stateExited && l.state != stateExited {
		close(l.exited)
	}
	l.state = s
}

// exitCode follows the specification: 0 if shutdown came before the end
// (exit or a closed stream), 1 otherwise.
func (l *lifecycle) exitCode() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.shutdown {
		return 0
	}
	return 1
}

func (s *server) Initialize(_ context.Context, params *protocol.InitializeParams) (*protocol.InitializeResult, error) {
	fields := []zap.Field{zap.Int32("processId", params.ProcessID)}
	if ci := params.ClientInfo; ci != nil {
		fields = append(fields, zap.String("client", ci.Name), zap.String("clientVersion", ci.Version))
	}
	s.log.Info("initialize", fields...)
	s.hoverFormat = preferredHoverFormat(params.Capabilities)
	s.completionFormat, s.snippets = completionSupport(params.Capabilities)
	s.hierarchicalSymbols = hierarchicalSymbolSupport(params.Capabilities)
	initial, problems := s.decodeSettings("initializationOptions", params.InitializationOptions)
	s.cfg.mu.Lock()
	if ws := params.Capabilities.Workspace; ws != nil {
		s.cfg.supported = ws.Configuration
		s.cfg.register = ws.DidChangeConfiguration != nil && ws.DidChangeConfiguration.DynamicRegistration
	}
	s.cfg.mu.Unlock()
	s.cfg.set(initial, nil)
	s.initProblems = problems
	s.life.set(stateRunning)
	return &protocol.InitializeResult{
		Capabilities: protocol.ServerCapabilities{
			TextDocumentSync: protocol.TextDocumentSyncOptions{
				OpenClose: true,
				// Incremental is safe only because didChange is decoded by
				// our own code, which tells a ranged edit from a whole-text
				// replacement (see text_sync.go).
				Change: protocol.TextDocumentSyncKindIncremental,
				Save:   &protocol.SaveOptions{},
			},
			HoverProvider: true,
			CompletionProvider: &protocol.CompletionOptions{
				TriggerCharacters: completionTriggers,
			},
			CodeActionProvider:     &protocol.CodeActionOptions{CodeActionKinds: codeActionKinds},
			DefinitionProvider:     true,
			DocumentSymbolProvider: true,
		},
		ServerInfo: &protocol.ServerInfo{Name: serverName, Version: s.version},
	}, nil
}

// Initialized asks for the workspace settings before any document is
// opened, so that the first diagnostics already follow them; the message
// chain waits for the answer (up to configFetchTimeout).
func (s *server) Initialized(ctx context.Context, _ *protocol.InitializedParams) error {
	s.log.Debug("client initialized")
	problems := s.initProblems
	s.initProblems = nil
	s.registerForConfigurationChanges(ctx)
	workspace, more := s.fetchWorkspaceSettings(ctx)
	s.reportSettingsProblems(ctx, append(problems, more...))
	if workspace != nil && s.cfg.set(nil, workspace) {
		s.diags.refresh()
	}
	eff, _ := s.cfg.current()
	s.log.Info("settings", zap.Stringer("settings", eff))
	return nil
}

// Shutdown stops background analysis; no notification that could restart it
// is admitted afterwards.
func (s *server) Shutdown(context.Context) error {
	s.log.Info("shutdown")
	s.life.set(stateShutdown)
	s.diags.stop()
	return nil
}

// Exit only records the event: Serve notices, closes the connection and
// returns the exit code, leaving process exit to its caller.
func (s *server) Exit(context.Context) error {
	s.log.Info("exit", zap.Int("code", s.life.exitCode()))
	s.life.set(stateExited)
	return nil
}
