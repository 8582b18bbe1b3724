package completion_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stream-ls/stream-ls/analysis"
	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/completion"
)

// maxFuzzComplete bounds the texts FuzzComplete completes at every offset
// of.
const maxFuzzComplete = 2 << 10

// FuzzComplete completes at every place of an arbitrary document a client
// can name, as the server does: with the model of the text as it was a few
// keystrokes ago (cut bytes from the middle of the text, or none). Nothing
// may panic, and every item's edit must be what LSP requires: on the
// cursor's line, containing the cursor, inside the text on rune
// boundaries, with additional edits inside the text that do not overlap
// it, and snippets only for a client that takes them.
func FuzzComplete(f *testing.F) {
	f.Add("functions:\n  f:\n    events:\n      - stream:\n          type: dynamodb\n          arn: !GetAtt T.StreamArn\n          \n"+
		"resources:\n  Resources:\n    T:\n      Type: AWS::DynamoDB::Table\n", uint16(0), uint16(0), true)
	f.Add("functions:\r\n  f:\r\n    events:\r\n      - stream:\r\n          arn: \r\n          startingPosition: \r\n", uint16(40), uint16(3), false)
	f.Add("functions:\n  f:\n    events:\n      - stream: {arn: arn:aws:kinesis:us-east-1:123456789012:stream/é😀, ba\n", uint16(60), uint16(20), true)
	f.Add("functions:\n  f:\n    events:\n      - stream:\n          filterPatterns:\n            - eventName: [\n              dynamodb: {Ne\n", uint16(0), uint16(0), true)
	files, _ := filepath.Glob("../analysis/rules/testdata/*/*.yml")
	for i, file := range files {
		if data, err := os.ReadFile(file); err == nil && len(data) <= maxFuzzComplete {
			f.Add(string(data), uint16(i*37), uint16(i%9), i%2 == 0)
		}
	}
	f.Fuzz(func(t *testing.T, text string, at, cut uint16, snippets bool) {
		if len(text) > maxFuzzComplete {
			t.Skip()
		}
		// The model is of an older text: the current one with bytes cut
		// out of it put back, which is what a later keystroke looks like.
		older := text
		if i := int(at) % (len(text) + 1); cut > 0 {
			older = text[:i] + strings.Repeat("x", int(cut)%16) + text[i:]
		}
		model := analysis.Model(older)
		opts := completion.Options{SnippetSupport: snippets}
		m := document.NewMapper(text)
		for _, off := range positions(text) {
			list := completion.Complete(document.NewTextChunked(text, 1+off%7), off, model, opts)
			for _, it := range list.Items {
				e := it.Edit.Span
				if it.Label == "" {
					t.Fatalf("item without a label at %d: %+v", off, it)
				}
				if e.Start < 0 || e.Start > off || off > e.End || e.End > len(text) || !boundary(text, e.Start) || !boundary(text, e.End) {
					t.Fatalf("%q at %d: edit %v does not contain the cursor on rune boundaries of the %d-byte text", it.Label, off, e, len(text))
				}
				if m.OffsetLine(e.Start) != m.OffsetLine(off) || m.OffsetLine(e.End) != m.OffsetLine(off) {
					t.Fatalf("%q at %d: edit %v leaves the cursor's line", it.Label, off, e)
				}
				if it.Snippet && !snippets {
					t.Fatalf("%q at %d: a snippet for a client without snippet support", it.Label, off)
				}
				for _, a := range it.AdditionalEdits {
					s := a.Span
					if s.Start < 0 || s.End < s.Start || s.End > len(text) || !boundary(text, s.Start) || !boundary(text, s.End) {
						t.Fatalf("%q at %d: additional edit %v outside the text or inside a rune", it.Label, off, s)
					}
					if s.Start < e.End && e.Start < s.End {
						t.Fatalf("%q at %d: additional edit %v overlaps the edit %v", it.Label, off, s, e)
					}
				}
			}
		}
	})
}

// positions lists the offsets an LSP position can name in text: every rune
// boundary but the middle of a \r\n.
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
	if off == 0 || off == len(text) {
		return true
	}
	for i := 0; i < len(text); {
		if i == off {
			return true
		}
		if i > off {
			return false
		}
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
	}
	return false
}
