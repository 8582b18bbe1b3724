package hover_test

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/stream-ls/stream-ls/analysis"
	"github.com/stream-ls/stream-ls/analysis/hover"
)

// maxFuzzHover bounds the texts FuzzHover hovers at every offset of.
const maxFuzzHover = 2 << 10

// FuzzHover hovers at every place of an arbitrary document a client can
// name (every rune boundary but the middle of a \r\n): nothing may panic,
// and a hover must have text and a span inside the document, on rune
// boundaries.
func FuzzHover(f *testing.F) {
	f.Add("functions:\n  f:\n    events:\n      - stream:\n          type: dynamodb\n          arn: !GetAtt T.StreamArn\n          batchSize: 10\n" +
		"resources:\n  Resources:\n    T:\n      Type: AWS::DynamoDB::Table\n")
	f.Add("\ufefffunctions:\r\n  f:\r\n    events:\r\n      - stream: arn:aws:kinesis:us-east-1:123456789012:stream/é😀\r\n")
	f.Add("functions: {f: {events: [{stream: {arn: &a x, consumer: *a, <<: {batchSize: 5}}}]}}\n")
	files, _ := filepath.Glob("../rules/testdata/*/*.yml")
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil && len(data) <= maxFuzzHover {
			f.Add(string(data))
		}
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > maxFuzzHover {
			t.Skip()
		}
		model := analysis.Model(text)
		for _, off := range positions(text) {
			r, ok := hover.Hover(model, off)
			if !ok {
				continue
			}
			s := r.Span
			if s.Start < 0 || s.End < s.Start || s.End > len(text) || !boundary(text, s.Start) || !boundary(text, s.End) {
				t.Fatalf("hover at %d has span %v, not a span of the %d-byte text on rune boundaries", off, s, len(text))
			}
			if r.Markdown == "" || r.Plain == "" {
				t.Fatalf("hover at %d has no text: %+v", off, r)
			}
		}
	})
}

// positions lists the offsets an LSP position can name in text.
func positions(text string) []int {
	var out []int
	for i := 0; ; {
		if !(i > 0 && i < len(text) && text[i-1] == '\r' && text[i] == '\n') {
			out = append(out, i)
		}
		if i >= len(text) {
			return out
		}
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
	}
}

// boundary reports whether off starts a rune of text as decoders read it,
// or ends the text.
func boundary(text string, off int) bool {
	for _, p := range positions(text) {
		if p == off {
			return true
		}
	}
	return off > 0 && off < len(text) && text[off-1] == '\r' && text[off] == '\n'
}
