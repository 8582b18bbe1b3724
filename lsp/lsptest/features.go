package lsptest

import (
	"encoding/json"

	"go.lsp.dev/protocol"
)

// AnswerRequests makes the client answer the server's requests for method
// (workspace/configuration, say) with what answer returns; without it they
// get MethodNotFound. answer runs on the connection's read loop, so it
// must not call the client; it must be set before the server can send the
// request.
func (c *Client) AnswerRequests(method string, answer func(params json.RawMessage) (any, error)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.answers == nil {
		c.answers = map[string]func(json.RawMessage) (any, error){}
	}
	c.answers[method] = answer
}

// CodeActions asks for the code actions of rng with the given context (its
// diagnostics and the kinds wanted).
func (c *Client) CodeActions(uri string, rng protocol.Range, context protocol.CodeActionContext) []protocol.CodeAction {
	c.t.Helper()
	if context.Diagnostics == nil {
		context.Diagnostics = []protocol.Diagnostic{}
	}
	var actions []protocol.CodeAction
	c.call(protocol.MethodTextDocumentCodeAction, map[string]any{
		"textDocument": map[string]any{"uri": uri}, "range": rng, "context": context,
	}, &actions)
	return actions
}

// Definition asks where the thing at line:char (0-based, UTF-16 columns)
// is defined.
func (c *Client) Definition(uri string, line, char uint32) []protocol.Location {
	c.t.Helper()
	var locs []protocol.Location
	c.call(protocol.MethodTextDocumentDefinition, map[string]any{
		"textDocument": map[string]any{"uri": uri}, "position": protocol.Position{Line: line, Character: char},
	}, &locs)
	return locs
}

// DocumentSymbols asks for the outline of uri, as returned by a server to a
// client that supports hierarchical symbols.
func (c *Client) DocumentSymbols(uri string) []protocol.DocumentSymbol {
	c.t.Helper()
	var symbols []protocol.DocumentSymbol
	c.call(protocol.MethodTextDocumentDocumentSymbol, map[string]any{"textDocument": map[string]any{"uri": uri}}, &symbols)
	return symbols
}

func (c *Client) call(method string, params, result any) {
	c.t.Helper()
	raw, err := c.Call(method, params)
	if err != nil {
		c.t.Fatalf("lsptest: %s: %v", method, err)
	}
	if err := json.Unmarshal(raw, result); err != nil {
		c.t.Fatalf("lsptest: decode %s result %s: %v", method, raw, err)
	}
}
