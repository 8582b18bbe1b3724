package lsp

import (
	"context"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/hover"
)

// HoverContent is what a HoverFunc has to say about a place in a document:
// the same text as Markdown and as plain text (for clients that cannot
// render Markdown), and the span it describes, which editors highlight.
type HoverContent struct {
	Markdown string
	Plain    string
	Span     document.Span
}

// HoverFunc describes the thing at byte offset off of text; ok is false
// when there is nothing to say. It is protocol-free so that the analysis
// packages can provide it; this file only converts positions and formats.
type HoverFunc func(text string, off int) (content HoverContent, ok bool)

// hoverAt is what the server calls: it gets the snapshot, so the default
// can reuse the model the diagnostics worker built for it.
type hoverAt func(doc *document.Document, off int) (HoverContent, bool)

// hoverFromModel describes off using the model of exactly this snapshot.
func (s *server) hoverFromModel(doc *document.Document, off int) (HoverContent, bool) {
	res, ok := hover.Hover(s.models.at(doc, off), off)
	if !ok {
		// A key of a mapping that stream events merge, outside every
		// event.
		for _, model := range s.models.mergersAt(doc, off) {
			if res, ok = hover.HoverMerged(model, off); ok {
				break
			}
		}
	}
	if !ok {
		return HoverContent{}, false
	}
	return HoverContent{Markdown: res.Markdown, Plain: res.Plain, Span: res.Span}, true
}

// Hover answers null, never an error, for anything stream-ls does not
// describe: documents that are not open or not analysed, and positions with
// nothing to show. Clients report errors to the user.
func (s *server) Hover(_ context.Context, params *protocol.HoverParams) (*protocol.Hover, error) {
	u := string(params.TextDocument.URI)
	if s.hover == nil || !isServerlessURI(u) {
		return nil, nil
	}
	doc := s.store.Get(u)
	if doc == nil {
		return nil, nil
	}
	m := doc.Mapper()
	off, err := m.PositionOffset(fromProtocolPosition(params.Position))
	if err != nil {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "hover position: %v", err)
	}
	content, ok := s.hover(doc, off)
	if !ok {
		return nil, nil
	}
	r := toProtocolRange(m.SpanRange(content.Span))
	return &protocol.Hover{Contents: markup(content, s.hoverFormat), Range: &r}, nil
}

// preferredHoverFormat is the first format in the client's order of
// preference that we can produce. A client that states none is only sure to
// display plain text.
func preferredHoverFormat(caps protocol.ClientCapabilities) protocol.MarkupKind {
	if td := caps.TextDocument; td != nil && td.Hover != nil {
		for _, kind := range td.Hover.ContentFormat {
			if kind == protocol.Markdown || kind == protocol.PlainText {
				return kind
			}
		}
	}
	return protocol.PlainText
}

// markup picks the text in the wanted format. If the HoverFunc left that
// one empty, the other is sent instead, labelled so that a plain-text client
// never receives content marked as Markdown.
func markup(c HoverContent, want protocol.MarkupKind) protocol.MarkupContent {
	if want == protocol.Markdown && c.Markdown != "" {
		return protocol.MarkupContent{Kind: protocol.Markdown, Value: c.Markdown}
	}
	if c.Plain != "" {
		return protocol.MarkupContent{Kind: protocol.PlainText, Value: c.Plain}
	}
	return protocol.MarkupContent{Kind: want, Value: c.Markdown}
}
