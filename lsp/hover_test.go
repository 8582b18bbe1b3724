package lsp_test

import (
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/lsp"
	"github.com/stream-ls/stream-ls/lsp/lsptest"
)

func TestHoverOfNothingIsNull(t *testing.T) {
	const uri = "file:///app/serverless.yml"
	c := start(t, lsp.Options{})
	c.Open(uri, 1, "service: x\n")
	raw, err := c.Call(protocol.MethodTextDocumentHover, map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"position":     protocol.Position{Line: 0, Character: 2},
	})
	if err != nil || string(raw) != "null" {
		t.Errorf("hover = %s, %v; want null", raw, err)
	}
}

// wordHover describes badWord when the offset is on it.
func wordHover(text string, off int) (lsp.HoverContent, bool) {
	for i := 0; ; {
		j := strings.Index(text[i:], badWord)
		if j < 0 {
			return lsp.HoverContent{}, false
		}
		span := document.Span{Start: i + j, End: i + j + len(badWord)}
		if span.Contains(off) {
			return lsp.HoverContent{Markdown: "**bad** is a bad word", Plain: "bad is a bad word", Span: span}, true
		}
		i = span.End
	}
}

func TestHoverConvertsPositions(t *testing.T) {
	const uri = "file:///app/serverless.yml"
	c := start(t, lsp.Options{Hover: wordHover})
	c.Open(uri, 1, "é: 1\r\nk: 😀 bad\r\n")

	// 😀 is two UTF-16 units, so "bad" spans characters 6 to 9 of line 1.
	h := c.Hover(uri, 1, 7)
	if h == nil {
		t.Fatal("hover on the word = null")
	}
	if h.Contents.Kind != protocol.Markdown || h.Contents.Value != "**bad** is a bad word" {
		t.Errorf("contents = %+v, want the Markdown text", h.Contents)
	}
	if want := rng(1, 6, 1, 9); h.Range == nil || *h.Range != want {
		t.Errorf("range = %v, want %v", h.Range, want)
	}

	for _, pos := range []protocol.Position{{Line: 1, Character: 3}, {Line: 0, Character: 0}, {Line: 9, Character: 0}} {
		if h := c.Hover(uri, pos.Line, pos.Character); h != nil {
			t.Errorf("hover at %v = %+v, want null", pos, h)
		}
	}
	if h := c.Hover("file:///elsewhere/serverless.yml", 1, 7); h != nil {
		t.Errorf("hover in a document that is not open = %+v, want null", h)
	}
}

func TestHoverHonoursClientContentFormat(t *testing.T) {
	const uri = "file:///app/serverless.yml"
	for _, tc := range []struct {
		name    string
		formats []protocol.MarkupKind
		want    protocol.MarkupContent
	}{
		{"markdown preferred", []protocol.MarkupKind{protocol.Markdown, protocol.PlainText},
			protocol.MarkupContent{Kind: protocol.Markdown, Value: "**bad** is a bad word"}},
		{"plain text preferred", []protocol.MarkupKind{protocol.PlainText, protocol.Markdown},
			protocol.MarkupContent{Kind: protocol.PlainText, Value: "bad is a bad word"}},
		{"nothing stated", nil,
			protocol.MarkupContent{Kind: protocol.PlainText, Value: "bad is a bad word"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := lsptest.Start(t, lsp.Options{Analyze: fakeAnalyze, Hover: wordHover})
			c.InitializeWith(&protocol.InitializeParams{Capabilities: protocol.ClientCapabilities{
				TextDocument: &protocol.TextDocumentClientCapabilities{
					Hover: &protocol.HoverTextDocumentClientCapabilities{ContentFormat: tc.formats},
				},
			}})
			c.Open(uri, 1, "bad")
			if h := c.Hover(uri, 0, 1); h == nil || h.Contents != tc.want {
				t.Errorf("hover = %+v, want contents %+v", h, tc.want)
			}
		})
	}
}
