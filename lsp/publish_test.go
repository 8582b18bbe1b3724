package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/document"
)

// libraryParams is what the server published through the library before
// publications were encoded by hand; it is the reference they must match.
type libraryParams struct {
	URI         string                `json:"uri"`
	Version     *int32                `json:"version,omitempty"`
	Diagnostics []protocol.Diagnostic `json:"diagnostics"`
}

// buffer is a stream end that keeps what is written to it.
type buffer struct{ bytes.Buffer }

func (*buffer) Read([]byte) (int, error) { return 0, io.EOF }
func (*buffer) Close() error             { return nil }

// libraryFrame is the frame the library writes for the publication of ds.
func libraryFrame(t *testing.T, uri string, version *int32, m *document.Mapper, ds []diag.Diagnostic) []byte {
	t.Helper()
	var out buffer
	conn := jsonrpc2.NewConn(newFramedStream(&out, zap.NewNop()))
	p := &libraryParams{URI: uri, Version: version, Diagnostics: []protocol.Diagnostic{}}
	if m != nil {
		p.Diagnostics = toProtocolDiagnostics(m, ds)
	}
	if err := conn.Notify(context.Background(), protocol.MethodTextDocumentPublishDiagnostics, p); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// findAll reports one diagnostic per occurrence of each word, so that the
// diagnostics follow their words as the text is edited.
func findAll(text string) []diag.Diagnostic {
	words := []struct {
		word string
		d    diag.Diagnostic
	}{
		{"bad", diag.Diagnostic{Rule: "bad-word", Severity: diag.Error, Message: "bad word",
			Href: "https://example.com/rules/bad-word?a=1&b=<2>"}},
		{"日本", diag.Diagnostic{Rule: "non-ascii", Severity: diag.Warning,
			Message: "é😀 \"quoted\" <tag> & \\ \t\n\r\x01\x7f \u2028\u2029 invalid:\xff\xfe end"}},
		{"hint", diag.Diagnostic{Severity: diag.Hint, Message: "no rule, no href"}},
		{"info", diag.Diagnostic{Rule: "info", Severity: diag.Information, Message: ""}},
	}
	var out []diag.Diagnostic
	for _, w := range words {
		for off := 0; ; {
			i := strings.Index(text[off:], w.word)
			if i < 0 {
				break
			}
			d := w.d
			d.Span = document.Span{Start: off + i, End: off + i + len(w.word)}
			out = append(out, d)
			off += i + len(w.word)
		}
	}
	return out
}

// TestPublicationsMatchTheLibrary encodes the publications of a document as
// it is edited, with one encoder whose cache carries over, and checks each
// against what the library sends for the same diagnostics: the same bytes,
// and, decoded, the protocol diagnostics of the current text. The edits
// move diagnostics whose content stays the same (lines inserted and removed
// above them, wide characters typed before them on their line, line breaks
// turned into CRLF and back), which a cache keyed on content alone would
// publish at their old place.
func TestPublicationsMatchTheLibrary(t *testing.T) {
	const uri = "file:///app/my%20app/serverless.yml?x=1&y=<2>"
	store := document.NewStore()
	doc := store.Open(uri, 0, "service: bad\r\nfunctions:\n  fn: 日本 bad hint\r\n  info: 😀bad\n")
	enc := newDiagEncoder(uri)

	check := func(doc *document.Document) {
		t.Helper()
		m := doc.Mapper()
		ds := findAll(doc.Text())
		version := doc.Version
		got := enc.encode(&version, m, ds)
		if want := libraryFrame(t, uri, &version, m, ds); !bytes.Equal(got.frame(), want) {
			t.Fatalf("version %d:\n got %s\nwant %s", version, got.frame(), want)
		}
		var decoded libraryParams
		if err := json.Unmarshal(got.params, &decoded); err != nil {
			t.Fatalf("version %d: %v\n%s", version, err, got.params)
		}
		want := libraryParams{URI: uri, Version: &version, Diagnostics: toProtocolDiagnostics(m, ds)}
		for i := range want.Diagnostics {
			// JSON carries each byte of invalid UTF-8 as U+FFFD, as does
			// this conversion.
			want.Diagnostics[i].Message = string([]rune(want.Diagnostics[i].Message))
		}
		if !reflect.DeepEqual(decoded, want) {
			t.Fatalf("version %d decodes as\n%+v\nwant\n%+v", version, decoded, want)
		}
	}
	check(doc)

	pos := func(line, char uint32) *document.Range {
		return &document.Range{Start: document.Position{Line: int(line), Character: int(char)},
			End: document.Position{Line: int(line), Character: int(char)}}
	}
	edits := [][]document.Change{
		{{Range: pos(0, 0), Text: "# top\n"}},                       // every line moves down
		{{Range: pos(3, 6), Text: "😀é"}},                            // characters move on the line of 日本
		{{Range: pos(1, 12), Text: "\r"}},                           // an LF becomes CRLF
		{{Range: pos(0, 0), Text: "a\r\nb\rc\n"}},                   // three lines, three kinds of break
		{{Range: &document.Range{End: document.Position{Line: 3}}}}, // and gone again
		{{Range: pos(2, 0), Text: "bad "}},                          // a new diagnostic before the others
		{{Range: pos(1, 0), Text: "日本\n"}, {Range: pos(0, 0), Text: "\n\n"}},
		{{Text: "hint\nbad"}}, // the whole text replaced: most diagnostics go
		{{Text: "nothing to report"}},
		{{Range: pos(0, 0), Text: "bad "}},
	}
	for i, changes := range edits {
		var err error
		if doc, err = store.Change(uri, int32(i+1), changes); err != nil {
			t.Fatalf("edit %d: %v", i, err)
		}
		check(doc)
	}
}

// TestPublicationCacheIsBounded checks that encodings of diagnostics that
// are gone do not pile up.
func TestPublicationCacheIsBounded(t *testing.T) {
	enc := newDiagEncoder("file:///a")
	m := document.NewMapper("x")
	v := int32(1)
	var ds []diag.Diagnostic
	for i := range 1000 {
		ds = append(ds, diag.Diagnostic{Severity: diag.Error, Span: document.Span{End: 1}, Message: fmt.Sprint(i)})
	}
	enc.encode(&v, m, ds)
	if got := len(enc.cache); got != len(ds) {
		t.Fatalf("cache holds %d encodings for %d distinct diagnostics", got, len(ds))
	}
	enc.encode(&v, m, ds[:1])
	if got := len(enc.cache); got != 1 {
		t.Errorf("cache holds %d encodings after a publication of one diagnostic", got)
	}
	if p := enc.encode(&v, m, ds[:1]); !bytes.Contains(p.params, []byte(`"message":"0"`)) {
		t.Errorf("publication after pruning: %s", p.params)
	}
}

func TestPublicationWithoutVersionOrDiagnostics(t *testing.T) {
	const uri = "file:///app/serverless.yml"
	enc := newDiagEncoder(uri)
	m := document.NewMapper("bad")
	zero := int32(0)
	for _, tc := range []struct {
		name    string
		version *int32
		m       *document.Mapper
		ds      []diag.Diagnostic
		params  string
	}{
		{"clear on close", nil, nil, nil, `{"uri":"file:///app/serverless.yml","diagnostics":[]}`},
		{"version 0", &zero, m, findAll("bad"), ""},
		{"nothing found", &zero, m, nil, `{"uri":"file:///app/serverless.yml","version":0,"diagnostics":[]}`},
	} {
		got := enc.encode(tc.version, tc.m, tc.ds)
		if want := libraryFrame(t, uri, tc.version, tc.m, tc.ds); !bytes.Equal(got.frame(), want) {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got.frame(), want)
		}
		if tc.params != "" && string(got.params) != tc.params {
			t.Errorf("%s: params %s, want %s", tc.name, got.params, tc.params)
		}
	}
}

// TestPublicationBufferShrinks checks that one huge publication does not
// pin its buffer for the life of the document.
func TestPublicationBufferShrinks(t *testing.T) {
	text := strings.Repeat("bad\n", 1<<15)
	m := document.NewMapper(text)
	enc := newDiagEncoder("file:///a")
	v := int32(1)
	enc.encode(&v, m, findAll(text))
	big := cap(enc.buf)
	if big < 1<<20 {
		t.Fatalf("the big publication took only %d bytes; the test needs more", big)
	}
	enc.encode(&v, m, nil)
	enc.encode(&v, m, nil)
	if c := cap(enc.buf); c >= big {
		t.Errorf("buffer capacity %d after small publications, was %d", c, big)
	}
}

func TestFrameHeader(t *testing.T) {
	enc := newDiagEncoder("u")
	f := enc.encode(nil, nil, nil).frame()
	body := `{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"u","diagnostics":[]}}`
	if want := fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body); string(f) != want {
		t.Errorf("frame %q, want %q", f, want)
	}
}
