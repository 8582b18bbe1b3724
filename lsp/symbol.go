package lsp

import (
	"context"

	"go.lsp.dev/protocol"

	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/navigate"
)

// DocumentSymbol returns the file's outline (analysis/navigate): functions,
// their stream events and the stream resources, as a hierarchy for clients
// that support one and as a flat list with container names otherwise.
func (s *server) DocumentSymbol(_ context.Context, params *protocol.DocumentSymbolParams) ([]any, error) {
	u := string(params.TextDocument.URI)
	out := []any{}
	if !isServerlessURI(u) {
		return out, nil
	}
	doc := s.store.Get(u)
	if doc == nil {
		return out, nil
	}
	m := doc.Mapper()
	symbols := s.models.symbols(doc)
	if s.hierarchicalSymbols {
		for _, sym := range symbols {
			out = append(out, toDocumentSymbol(m, sym))
		}
		return out, nil
	}
	var flatten func(syms []navigate.Symbol, container string)
	flatten = func(syms []navigate.Symbol, container string) {
		for _, sym := range syms {
			out = append(out, protocol.SymbolInformation{
				Name:          sym.Name,
				Kind:          protocol.SymbolKind(sym.Kind),
				Location:      protocol.Location{URI: params.TextDocument.URI, Range: toProtocolRange(m.SpanRange(sym.Range))},
				ContainerName: container,
			})
			flatten(sym.Children, sym.Name)
		}
	}
	flatten(symbols, "")
	return out, nil
}

func toDocumentSymbol(m *document.Mapper, sym navigate.Symbol) protocol.DocumentSymbol {
	ds := protocol.DocumentSymbol{
		Name:           sym.Name,
		Detail:         sym.Detail,
		Kind:           protocol.SymbolKind(sym.Kind),
		Range:          toProtocolRange(m.SpanRange(sym.Range)),
		SelectionRange: toProtocolRange(m.SpanRange(sym.Selection)),
	}
	for _, c := range sym.Children {
		ds.Children = append(ds.Children, toDocumentSymbol(m, c))
	}
	return ds
}

// hierarchicalSymbolSupport reads whether the client takes DocumentSymbol
// trees; without it only SymbolInformation lists are understood.
func hierarchicalSymbolSupport(caps protocol.ClientCapabilities) bool {
	td := caps.TextDocument
	return td != nil && td.DocumentSymbol != nil && td.DocumentSymbol.HierarchicalDocumentSymbolSupport
}
