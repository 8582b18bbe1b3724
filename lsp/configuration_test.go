package lsp_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/stream-ls/stream-ls/lsp"
	"github.com/stream-ls/stream-ls/lsp/lsptest"
)

// quotaDoc has six filter patterns: one more than AWS's default quota, and
// a misspelt key.
var quotaDoc = func() string {
	var b strings.Builder
	b.WriteString("functions:\n  audit:\n    handler: audit.handler\n    events:\n      - stream:\n")
	b.WriteString("          arn: arn:aws:kinesis:us-east-1:123456789012:stream/clicks\n")
	b.WriteString("          batchsize: 10\n          filterPatterns:\n")
	for i := range 6 {
		fmt.Fprintf(&b, "            - data: {n: [%d]}\n", i)
	}
	return b.String()
}()

func codes(ds []protocol.Diagnostic) string {
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%v/%d", d.Code, int(d.Severity)))
	}
	return strings.Join(out, " ")
}

func TestInitializationOptionsSetTheFilterPatternQuota(t *testing.T) {
	const uri = "file:///app/serverless.yml"
	c := startReal(t, uri, quotaDoc, nil)
	if got := codes(c.WaitDiagnostics(uri, 1)); got != "stream-unknown-key/2 stream-filter-patterns-quota/2" {
		t.Fatalf("without settings: %s", got)
	}

	c = startReal(t, uri, quotaDoc, &protocol.InitializeParams{InitializationOptions: map[string]any{
		"filterPatternQuota": 10,
		"rules":              map[string]any{"stream-unknown-key": "error"},
	}})
	if got := codes(c.WaitDiagnostics(uri, 1)); got != "stream-unknown-key/1" {
		t.Errorf("with a quota of 10 and stream-unknown-key as an error: %s", got)
	}
}

func TestDidChangeConfigurationRepublishesWithTheNewSettings(t *testing.T) {
	const uri = "file:///app/serverless.yml"
	c := startReal(t, uri, quotaDoc, nil)
	c.WaitDiagnostics(uri, 1)
	c.Notify(protocol.MethodWorkspaceDidChangeConfiguration, map[string]any{
		"settings": map[string]any{"streamLs": map[string]any{"rules": map[string]any{"stream-unknown-key": "off"}}},
	})
	if got := codes(c.WaitDiagnostics(uri, 1)); got != "stream-filter-patterns-quota/2" {
		t.Errorf("after turning stream-unknown-key off: %s", got)
	}
}

// configurationClient answers workspace/configuration the way VS Code
// does, with every streamLs.* setting, the stream-ls ones under
// "settings"; the answer can be changed between requests.
type configurationClient struct {
	mu         sync.Mutex
	settings   map[string]any
	asked      int
	registered []string // methods the server registered for
}

func (cc *configurationClient) register(params json.RawMessage) (any, error) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	var p protocol.RegistrationParams
	if err := json.Unmarshal(params, &p); err != nil {
		return nil, err
	}
	for _, r := range p.Registrations {
		cc.registered = append(cc.registered, r.Method)
	}
	return nil, nil
}

func (cc *configurationClient) answer(params json.RawMessage) (any, error) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	var p protocol.ConfigurationParams
	if err := json.Unmarshal(params, &p); err != nil || len(p.Items) != 1 || p.Items[0].Section != "streamLs" {
		return nil, fmt.Errorf("unexpected workspace/configuration params %s", params)
	}
	cc.asked++
	return []any{map[string]any{"server": map[string]any{"path": ""}, "settings": cc.settings}}, nil
}

func (cc *configurationClient) set(settings map[string]any) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	cc.settings = settings
}

func TestWorkspaceConfigurationIsPulled(t *testing.T) {
	const uri = "file:///app/serverless.yml"
	cc := &configurationClient{settings: map[string]any{"filterPatternQuota": 10}}
	c := lsptestStartWithConfiguration(t, cc)
	c.Open(uri, 1, quotaDoc)
	if got := codes(c.WaitDiagnostics(uri, 1)); got != "stream-unknown-key/2" {
		t.Fatalf("the first diagnostics must already follow the workspace settings: %s", got)
	}

	// VS Code announces a change without the values; the server asks.
	cc.set(map[string]any{"validationMode": "error"})
	c.Notify(protocol.MethodWorkspaceDidChangeConfiguration, map[string]any{"settings": nil})
	if got := codes(c.WaitDiagnostics(uri, 1)); got != "stream-unknown-key/1 stream-filter-patterns-quota/2" {
		t.Errorf("after the change: %s", got)
	}
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.asked != 2 {
		t.Errorf("workspace/configuration asked %d times, want at initialized and after the change", cc.asked)
	}
	if fmt.Sprint(cc.registered) != "[workspace/didChangeConfiguration]" {
		t.Errorf("registered for %v, want the configuration change notification", cc.registered)
	}
}

func TestInvalidSettingsAreReportedToTheUser(t *testing.T) {
	const uri = "file:///app/serverless.yml"
	c := startReal(t, uri, quotaDoc, &protocol.InitializeParams{InitializationOptions: map[string]any{
		"rules":         map[string]any{"stream-unknown-kee": "off", "stream-filter-patterns-quota": "loud"},
		"futureSetting": true,
	}})
	m := c.WaitShowMessage()
	if m.Type != protocol.MessageTypeWarning ||
		!strings.Contains(m.Message, `"stream-unknown-kee" is not a stream-ls rule; did you mean "stream-unknown-key"?`) ||
		!strings.Contains(m.Message, `not "loud"`) || strings.Contains(m.Message, "futureSetting") {
		t.Errorf("showMessage %d: %s", int(m.Type), m.Message)
	}
	// The valid rest of the settings, here nothing, still applies.
	if got := codes(c.WaitDiagnostics(uri, 1)); got != "stream-unknown-key/2 stream-filter-patterns-quota/2" {
		t.Errorf("diagnostics: %s", got)
	}
}

// lsptestStartWithConfiguration starts a server for a client that answers
// workspace/configuration through cc.
func lsptestStartWithConfiguration(t *testing.T, cc *configurationClient) *lsptest.Client {
	t.Helper()
	c := lsptest.Start(t, lsp.Options{})
	c.AnswerRequests(protocol.MethodWorkspaceConfiguration, cc.answer)
	c.AnswerRequests(protocol.MethodClientRegisterCapability, cc.register)
	c.InitializeWith(&protocol.InitializeParams{Capabilities: protocol.ClientCapabilities{
		Workspace: &protocol.WorkspaceClientCapabilities{Configuration: true,
			DidChangeConfiguration: &protocol.DidChangeConfigurationWorkspaceClientCapabilities{DynamicRegistration: true}},
	}})
	return c
}
