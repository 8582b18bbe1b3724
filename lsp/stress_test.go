package lsp_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/goleak"

	"github.com/stream-ls/stream-ls/lsp"
	"github.com/stream-ls/stream-ls/lsp/lsptest"
)

// The stress test drives one server from several goroutines at once, as an
// editor with several open files, a fast typist, and completion and hover
// popping up and being dismissed does: each editor goroutine owns a
// document and edits it (incremental edits with multi-byte text and every
// line break, several edits in one notification, whole-text replacements),
// while reader goroutines hover and complete in every document and cancel
// some of their requests. At the end every document on the server must be
// exactly the text its editor holds, its diagnostics must be those of that
// text, and shutdown must leave no goroutine behind.
//
// The editors keep their text with a reference that shares nothing with
// the server: plain string slicing, positions counted by hand.

const (
	stressEditors = 4
	stressReaders = 3
	stressEdits   = 150 // notifications per editor
	stressReads   = 150 // requests per reader
)

// inserts are what the editors type.
var inserts = []string{"a", "bad", "é", "日本", "😀", "\n", "\r\n", "  key: value\n", "- stream: x\n", "bad😀bad", ""}

// boundaries lists the offsets of text an LSP position can name: every rune
// boundary except the one inside a \r\n.
func boundaries(text string) []int {
	var out []int
	for i := 0; i <= len(text); {
		if !(i > 0 && i < len(text) && text[i-1] == '\r' && text[i] == '\n') {
			out = append(out, i)
		}
		if i == len(text) {
			break
		}
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
	}
	return out
}

// lspPosition counts lines (\n, \r\n or \r) and UTF-16 units up to off.
func lspPosition(text string, off int) protocol.Position {
	var line, char uint32
	for i := 0; i < off; {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\r' && i+1 < len(text) && text[i+1] == '\n':
			line, char = line+1, 0
			size = 2
		case r == '\r' || r == '\n':
			line, char = line+1, 0
		case r > 0xFFFF:
			char += 2
		default:
			char++
		}
		i += size
	}
	return protocol.Position{Line: line, Character: char}
}

// editor is one goroutine's document and its reference copy.
type editor struct {
	uri     string
	text    string
	version int32
	rng     *rand.Rand
}

// step makes one notification's worth of changes to e.text and returns them
// as didChange content changes.
func (e *editor) step() []map[string]any {
	if e.rng.IntN(20) == 0 {
		// A whole-text replacement, as clients under full sync send.
		e.text = strings.Repeat("bad ", e.rng.IntN(3)) + "service: s\n"
		return []map[string]any{{"text": e.text}}
	}
	var changes []map[string]any
	for range 1 + e.rng.IntN(3) {
		b := boundaries(e.text)
		i, j := b[e.rng.IntN(len(b))], b[e.rng.IntN(len(b))]
		if i > j || e.rng.IntN(2) == 0 {
			j = i // mostly insertions
		}
		ins := inserts[e.rng.IntN(len(inserts))]
		if i > 0 && e.text[i-1] == '\r' && strings.HasPrefix(ins, "\n") {
			ins = "x" + ins // keep the reference's lines simple: never join a \r to a \n
		}
		changes = append(changes, map[string]any{
			"range": protocol.Range{Start: lspPosition(e.text, i), End: lspPosition(e.text, j)},
			"text":  ins,
		})
		e.text = e.text[:i] + ins + e.text[j:]
	}
	return changes
}

func TestStressInterleavedEditsReadsAndCancels(t *testing.T) {
	c := start(t, lsp.Options{})
	editors := make([]*editor, stressEditors)
	for i := range editors {
		e := &editor{
			uri:     fmt.Sprintf("file:///stress/%d/serverless.yml", i),
			text:    "service: s\r\nfunctions:\n  f:\n    events:\n      - stream: é😀\n",
			version: 1,
			rng:     rand.New(rand.NewPCG(uint64(i), 8)),
		}
		editors[i] = e
		c.Open(e.uri, e.version, e.text)
	}

	var wg sync.WaitGroup
	errs := make(chan error, stressReaders*stressReads)
	for _, e := range editors {
		wg.Go(func() {
			for range stressEdits {
				changes := e.step()
				e.version++
				c.Notify(protocol.MethodTextDocumentDidChange, map[string]any{
					"textDocument":   map[string]any{"uri": e.uri, "version": e.version},
					"contentChanges": changes,
				})
			}
		})
	}
	for r := range stressReaders {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(r), 99))
			for range stressReads {
				uri := editors[rng.IntN(len(editors))].uri
				method := protocol.MethodTextDocumentHover
				switch rng.IntN(5) {
				case 0, 1:
					method = protocol.MethodTextDocumentCompletion
				case 2:
					// The outline reads parts that pieces keep across
					// versions, while the worker analyses newer ones.
					method = protocol.MethodTextDocumentDocumentSymbol
				}
				// Positions may lie past the text the server has by then:
				// they must clamp, never fail.
				pos := protocol.Position{Line: uint32(rng.IntN(12)), Character: uint32(rng.IntN(30))}
				id := c.NewID()
				params := map[string]any{"textDocument": map[string]any{"uri": uri}, "position": pos}
				if method == protocol.MethodTextDocumentDocumentSymbol {
					delete(params, "position")
				}
				p := c.Send(id, method, params)
				if rng.IntN(3) == 0 {
					c.Cancel(id)
				}
				raw, err := p.Wait()
				switch {
				case lsptest.Code(err) == protocol.CodeRequestCancelled:
				case err != nil:
					errs <- fmt.Errorf("%s at %v in %s: %v", method, pos, uri, err)
				case method == protocol.MethodTextDocumentCompletion:
					var list protocol.CompletionList
					if err := json.Unmarshal(raw, &list); err != nil {
						errs <- fmt.Errorf("completion answer %s: %v", raw, err)
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	for _, e := range editors {
		ds := c.WaitDiagnostics(e.uri, e.version)
		if got := serverText(t, ds); got != e.text {
			t.Errorf("%s version %d: the server's text differs from the editor's\nserver: %q\neditor: %q", e.uri, e.version, got, e.text)
			continue
		}
		var want []protocol.Range
		for off := 0; ; {
			i := strings.Index(e.text[off:], badWord)
			if i < 0 {
				break
			}
			start := off + i
			want = append(want, protocol.Range{Start: lspPosition(e.text, start), End: lspPosition(e.text, start+len(badWord))})
			off = start + len(badWord)
		}
		if got := badRanges(ds); !equalRanges(got, want) {
			t.Errorf("%s: diagnostics at %v, want %v", e.uri, got, want)
		}
	}

	c.Shutdown()
	c.Exit()
	if code := c.WaitExit(); code != 0 {
		t.Errorf("exit code %d, want 0", code)
	}
	c.Disconnect()
	goleak.VerifyNone(t)
}

// TestStressCancelStorm cancels every request right after sending it, from
// several goroutines, including ids that were already answered, never
// sent, or sent twice: every request is answered exactly once, with a
// result or as cancelled.
func TestStressCancelStorm(t *testing.T) {
	const uri = "file:///storm/serverless.yml"
	c := start(t, lsp.Options{})
	c.Open(uri, 1, "service: storm\nfunctions:\n  f:\n    events:\n      - stream:\n          batchSize: bad\n")
	c.WaitDiagnostics(uri, 1)

	var wg sync.WaitGroup
	errs := make(chan error, 4*100)
	for g := range 4 {
		wg.Go(func() {
			for i := range 100 {
				var id jsonrpc2.ID = c.NewID()
				if i%2 == 1 {
					id = jsonrpc2.NewStringID(fmt.Sprintf("storm-%d-%d", g, i))
				}
				p := c.Send(id, protocol.MethodTextDocumentHover, map[string]any{
					"textDocument": map[string]any{"uri": uri}, "position": protocol.Position{Line: 5, Character: 12},
				})
				c.Cancel(id)
				c.Cancel(jsonrpc2.NewNumberID(int32(-i)))
				if _, err := p.Wait(); err != nil && lsptest.Code(err) != protocol.CodeRequestCancelled {
					errs <- fmt.Errorf("hover %v: %v", id, err)
				}
				c.Cancel(id) // after the answer
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if h := c.Hover(uri, 5, 12); h == nil {
		t.Error("hover on batchSize after the storm is null")
	}
}
