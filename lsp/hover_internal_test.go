package lsp

import (
	"testing"

	"go.lsp.dev/protocol"
)

func TestMarkupFallsBackToTheOtherFormat(t *testing.T) {
	for _, tc := range []struct {
		name    string
		content HoverContent
		want    protocol.MarkupKind
		out     protocol.MarkupContent
	}{
		{"markdown wanted, only plain given", HoverContent{Plain: "p"}, protocol.Markdown,
			protocol.MarkupContent{Kind: protocol.PlainText, Value: "p"}},
		{"plain wanted, only markdown given: sent as plain text", HoverContent{Markdown: "*m*"}, protocol.PlainText,
			protocol.MarkupContent{Kind: protocol.PlainText, Value: "*m*"}},
		{"both given", HoverContent{Markdown: "*m*", Plain: "p"}, protocol.PlainText,
			protocol.MarkupContent{Kind: protocol.PlainText, Value: "p"}},
	} {
		if got := markup(tc.content, tc.want); got != tc.out {
			t.Errorf("%s: got %+v, want %+v", tc.name, got, tc.out)
		}
	}
}
