package lsp

import (
	"context"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/completion"
)

// completionTriggers are the characters after which a completion is worth
// offering unasked: a value after `key:` or `key: `, a logical ID after
// `!GetAtt ` or `[`, the next item after `,`, and an attribute after `X.`.
var completionTriggers = []string{":", " ", "[", ",", "!", "."}

// Completion reads the text around the cursor (it works while the YAML does
// not parse) and takes resources from the newest model known, which may be
// a version behind: completion never waits for an analysis.
func (s *server) Completion(_ context.Context, params *protocol.CompletionParams) (*protocol.CompletionList, error) {
	empty := &protocol.CompletionList{Items: []protocol.CompletionItem{}}
	u := string(params.TextDocument.URI)
	if !isServerlessURI(u) {
		return empty, nil
	}
	doc := s.store.Get(u)
	if doc == nil {
		return empty, nil
	}
	m := doc.Mapper()
	off, err := m.PositionOffset(fromProtocolPosition(params.Position))
	if err != nil {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "completion position: %v", err)
	}
	model, whole := s.models.forCompletion(doc, off)
	list := completion.Complete(doc.Content, off, model, completion.Options{SnippetSupport: s.snippets, Whole: whole})
	out := &protocol.CompletionList{IsIncomplete: list.Incomplete, Items: make([]protocol.CompletionItem, 0, len(list.Items))}
	for _, it := range list.Items {
		out.Items = append(out.Items, toCompletionItem(m, it, s.completionFormat))
	}
	return out, nil
}

func toCompletionItem(m *document.Mapper, it completion.Item, format protocol.MarkupKind) protocol.CompletionItem {
	textFormat := protocol.InsertTextFormatPlainText
	if it.Snippet {
		textFormat = protocol.InsertTextFormatSnippet
	}
	item := protocol.CompletionItem{
		Label:            it.Label,
		Kind:             protocol.CompletionItemKind(it.Kind),
		Detail:           it.Detail,
		SortText:         it.SortText,
		FilterText:       it.FilterText,
		InsertTextFormat: textFormat,
		// The text already carries the document's indentation; a client
		// that re-indented it would indent twice.
		InsertTextMode: protocol.InsertTextModeAsIs,
		TextEdit:       &protocol.TextEdit{Range: toProtocolRange(m.SpanRange(it.Edit.Span)), NewText: it.Edit.NewText},
	}
	if doc := markup(HoverContent{Markdown: it.Documentation, Plain: it.PlainDocumentation}, format); doc.Value != "" {
		item.Documentation = doc
	}
	for _, e := range it.AdditionalEdits {
		item.AdditionalTextEdits = append(item.AdditionalTextEdits,
			protocol.TextEdit{Range: toProtocolRange(m.SpanRange(e.Span)), NewText: e.NewText})
	}
	return item
}

// completionSupport reads how the client wants completion documentation and
// whether it expands snippets. Without a stated format only plain text is
// sure to display.
func completionSupport(caps protocol.ClientCapabilities) (protocol.MarkupKind, bool) {
	format, snippets := protocol.PlainText, false
	if td := caps.TextDocument; td != nil && td.Completion != nil && td.Completion.CompletionItem != nil {
		item := td.Completion.CompletionItem
		snippets = item.SnippetSupport
		for _, kind := range item.DocumentationFormat {
			if kind == protocol.Markdown || kind == protocol.PlainText {
				format = kind
				break
			}
		}
	}
	return format, snippets
}
