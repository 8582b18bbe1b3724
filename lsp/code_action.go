package lsp

import (
	"context"
	"fmt"
	"strings"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/fix"
)

// Code actions come from the server's own diagnostics (the buf approach):
// a quick fix is offered for a diagnostic the server reported for exactly
// the text the client shows, and computed from that text's model
// (analysis/fix). The client's copy of a diagnostic only says which one
// the user means: its range may be stale, so it is matched to the server's
// by rule and range and never used to compute an edit.

// sourceFixAll is the kind of the action that applies every preferred
// fix; editors run "source.fixAll" kinds on save when asked to.
const sourceFixAll protocol.CodeActionKind = "source.fixAll.stream-ls"

var codeActionKinds = []protocol.CodeActionKind{protocol.QuickFix, "source.fixAll", sourceFixAll}

func (s *server) CodeAction(_ context.Context, params *protocol.CodeActionParams) ([]protocol.CodeAction, error) {
	u := string(params.TextDocument.URI)
	actions := []protocol.CodeAction{}
	if !isServerlessURI(u) {
		return actions, nil
	}
	doc := s.store.Get(u)
	if doc == nil {
		return actions, nil
	}
	m := doc.Mapper()
	requested, err := m.RangeSpan(fromProtocolRange(params.Range))
	if err != nil {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "code action range: %v", err)
	}
	a := s.analysed(doc)
	model := a.fullModel()
	edit := func(edits []fix.Edit) *protocol.WorkspaceEdit {
		return &protocol.WorkspaceEdit{Changes: map[uri.URI][]protocol.TextEdit{params.TextDocument.URI: toTextEdits(m, edits)}}
	}

	if wants(params.Context.Only, protocol.QuickFix) {
		ruleOffered := map[string]bool{}
		for _, d := range a.diags {
			asked, ok := askedAbout(m, d, params.Context.Diagnostics, requested)
			if !ok {
				continue
			}
			for _, f := range fix.For(model, d) {
				actions = append(actions, protocol.CodeAction{
					Title: f.Title, Kind: protocol.QuickFix, Diagnostics: []protocol.Diagnostic{asked},
					IsPreferred: f.Preferred, Edit: edit(f.Edits),
				})
			}
			if ruleOffered[d.Rule] {
				continue
			}
			ruleOffered[d.Rule] = true
			if edits, n := fix.All(model, ofRule(a.diags, d.Rule)); n >= 2 {
				actions = append(actions, protocol.CodeAction{
					Title: fmt.Sprintf("Fix all %d `%s` problems", n, d.Rule), Kind: protocol.QuickFix,
					Diagnostics: []protocol.Diagnostic{asked}, Edit: edit(edits),
				})
			}
		}
	}

	// Unasked (the lightbulb of most clients), fixing everything is worth
	// offering only when there are several things to fix; asked for
	// (on save), even one fix is.
	if wants(params.Context.Only, sourceFixAll) {
		edits, n := fix.All(model, a.diags)
		if n >= 2 || n == 1 && len(params.Context.Only) > 0 {
			actions = append(actions, protocol.CodeAction{
				Title: fmt.Sprintf("Fix all auto-fixable stream-ls problems (%d)", n), Kind: sourceFixAll, Edit: edit(edits),
			})
		}
	}
	return actions, nil
}

// askedAbout decides whether the request is about the server's diagnostic
// d, and returns the client's copy of it to attach the fix to. The client
// lists the diagnostics it means in the request's context, matched here by
// rule ID and range; a client that lists none means every diagnostic that
// touches the requested range.
func askedAbout(m *document.Mapper, d diag.Diagnostic, listed []protocol.Diagnostic, requested document.Span) (protocol.Diagnostic, bool) {
	ours := toProtocolDiagnostics(m, []diag.Diagnostic{d})[0]
	if len(listed) == 0 {
		touches := d.Span.Start <= requested.End && requested.Start <= d.Span.End
		return ours, touches
	}
	for _, c := range listed {
		if c.Range == ours.Range && fmt.Sprint(c.Code) == d.Rule && (c.Source == "" || c.Source == diagnosticSource) {
			return c, true
		}
	}
	return protocol.Diagnostic{}, false
}

func ofRule(ds []diag.Diagnostic, rule string) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, d := range ds {
		if d.Rule == rule {
			out = append(out, d)
		}
	}
	return out
}

// wants reports whether a request restricted to the kinds only (none
// means any) asks for actions of kind: kinds are hierarchical, so
// "source.fixAll" asks for "source.fixAll.stream-ls".
func wants(only []protocol.CodeActionKind, kind protocol.CodeActionKind) bool {
	if len(only) == 0 {
		return true
	}
	for _, o := range only {
		if kind == o || strings.HasPrefix(string(kind), string(o)+".") {
			return true
		}
	}
	return false
}

func toTextEdits(m *document.Mapper, edits []fix.Edit) []protocol.TextEdit {
	out := make([]protocol.TextEdit, 0, len(edits))
	for _, e := range edits {
		out = append(out, protocol.TextEdit{Range: toProtocolRange(m.SpanRange(e.Span)), NewText: e.NewText})
	}
	return out
}
