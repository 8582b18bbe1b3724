package lsp

import (
	"context"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/stream-ls/stream-ls/analysis/navigate"
)

// Definition leads from a CloudFormation reference to the resource it
// names, and from an alias to its anchor (analysis/navigate). Nothing to
// follow is an empty answer, not an error.
func (s *server) Definition(_ context.Context, params *protocol.DefinitionParams) ([]protocol.Location, error) {
	u := string(params.TextDocument.URI)
	none := []protocol.Location{}
	if !isServerlessURI(u) {
		return none, nil
	}
	doc := s.store.Get(u)
	if doc == nil {
		return none, nil
	}
	m := doc.Mapper()
	off, err := m.PositionOffset(fromProtocolPosition(params.Position))
	if err != nil {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "definition position: %v", err)
	}
	link, ok := navigate.Definition(s.models.exact(doc), off)
	if !ok {
		return none, nil
	}
	return []protocol.Location{{URI: params.TextDocument.URI, Range: toProtocolRange(m.SpanRange(link.Target))}}, nil
}
