package lsp

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strconv"
	"sync"

	"github.com/segmentio/encoding/json"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/document"
)

// Diagnostics are published as bytes encoded here and written to the stream
// directly, not through jsonrpc2's Notify. Notify costs far more than the
// encoding by reflection it is known for: even given a json.RawMessage, the
// library validates and re-compacts the params byte by byte three times
// (marshalling the params, the notification, then the message): 0.8 ms of
// a publication's 1 ms at N=1000 (172 diagnostics), 4.5 of 5 ms at N=5000.
// A keystroke usually changes a few diagnostics, or none, so each
// diagnostic's encoding is kept between publications and the message is put
// together from those pieces (BenchmarkPublish).
//
// The bytes are the library's own: what its encoder (segmentio's, with the
// same flags) makes of protocol.Diagnostic, framed as its stream frames a
// notification. publish_test.go holds the two to each other.

// headroom is reserved before the body for the Content-Length header, which
// is known only once the body is complete, so that a frame goes out in one
// write without copying the body.
const headroom = len("Content-Length: ") + 20 + len("\r\n\r\n")

// notificationPrefix starts a textDocument/publishDiagnostics notification
// in the field order of the library's wireRequest.
const notificationPrefix = `{"jsonrpc":"2.0","method":"` + protocol.MethodTextDocumentPublishDiagnostics + `","params":`

// publication is one encoded textDocument/publishDiagnostics notification.
// Its bytes belong to the encoder that made it and are valid until its next
// encode.
type publication struct {
	uri    string
	buf    []byte // headroom, then the body
	params []byte // within buf
}

// frame returns the publication framed for the wire, header included.
func (p publication) frame() []byte {
	var hdr [headroom]byte
	h := append(hdr[:0], "Content-Length: "...)
	h = strconv.AppendInt(h, int64(len(p.buf)-headroom), 10)
	h = append(h, "\r\n\r\n"...)
	start := headroom - len(h)
	copy(p.buf[start:], h)
	return p.buf[start:]
}

// diagEncoder encodes the publications of one document. It is not safe for
// concurrent use; each diagnostics worker has its own.
type diagEncoder struct {
	uri     string
	uriJSON []byte
	buf     []byte
	cache   map[diagContent]*encoded
	gen     uint64 // counts publications
}

// encoded is what follows the range in a diagnostic's encoding, and the
// last publication that used it.
type encoded struct {
	content []byte
	used    uint64
}

// diagContent is all that a diagnostic's encoding depends on besides its
// range. The range is left out, and written afresh each time, because a
// line typed above moves every diagnostic below without changing them.
type diagContent struct {
	rule, message, href string
	severity            diag.Severity
}

func newDiagEncoder(uri string) *diagEncoder {
	u, err := json.Marshal(uri)
	if err != nil {
		// A string always encodes: invalid UTF-8 becomes U+FFFD.
		panic(fmt.Sprintf("encoding URI %q: %v", uri, err))
	}
	return &diagEncoder{
		uri:     uri,
		uriJSON: u,
		cache:   make(map[diagContent]*encoded),
	}
}

// encode encodes the publication of ds, found in the text m maps, as a
// notification for version, or without a version if it is nil (the clear
// sent when the document closes: protocol.PublishDiagnosticsParams could not
// say that, its Version being a uint32 with omitempty, and neither could it
// send version 0). An empty ds is sent as [], never null: a client receiving
// null may keep showing the previous markers.
func (e *diagEncoder) encode(version *int32, m *document.Mapper, ds []diag.Diagnostic) publication {
	e.gen++
	b := e.buf[:0]
	if cap(b) > 1<<20 && cap(b) > 4*len(e.buf) {
		b = nil // do not keep the memory of a burst of diagnostics long gone
	}
	b = append(b, make([]byte, headroom)...)
	b = append(b, notificationPrefix...)
	params := len(b)
	b = append(b, `{"uri":`...)
	b = append(b, e.uriJSON...)
	if version != nil {
		b = append(b, `,"version":`...)
		b = strconv.AppendInt(b, int64(*version), 10)
	}
	b = append(b, `,"diagnostics":[`...)
	for i, d := range ds {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendRange(b, m.SpanRange(d.Span))
		b = append(b, e.content(d)...)
	}
	b = append(b, "]}"...)
	end := len(b)
	b = append(b, '}')
	e.buf = b
	if len(e.cache) > 2*len(ds)+64 {
		// Encodings unused since the last publication are dropped only
		// once they could be half the cache, so that the cache stays
		// proportional to the diagnostics without a pass over it each time.
		for k, c := range e.cache {
			if c.used != e.gen {
				delete(e.cache, k)
			}
		}
	}
	return publication{uri: e.uri, buf: b, params: b[params:end]}
}

// content returns what follows the range in d's encoding: `,"severity":...}`.
func (e *diagEncoder) content(d diag.Diagnostic) []byte {
	k := diagContent{rule: d.Rule, message: d.Message, href: d.Href, severity: d.Severity}
	c := e.cache[k]
	if c == nil {
		c = &encoded{content: encodeContent(d)}
		e.cache[k] = c
	}
	c.used = e.gen
	return c.content
}

// zeroRange is how the library encodes the start of a diagnostic with a
// zero range; encodeContent cuts it off.
var zeroRange = []byte(`{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}}`)

func encodeContent(d diag.Diagnostic) []byte {
	b, err := json.Marshal(toProtocolDiagnostic(protocol.Range{}, d))
	if err != nil {
		// Only strings and numbers are encoded: this cannot fail.
		panic(fmt.Sprintf("encoding diagnostic: %v", err))
	}
	c, ok := bytes.CutPrefix(b, zeroRange)
	if !ok {
		// Only a change in the pinned protocol module could do this, and
		// publish_test.go would fail first.
		panic(fmt.Sprintf("diagnostic encodes as %s, not after a range", b))
	}
	return c
}

// appendRange appends a diagnostic's opening and its range, which
// encodeContent's result continues.
func appendRange(b []byte, r document.Range) []byte {
	b = append(b, `{"range":{"start":{"line":`...)
	b = strconv.AppendUint(b, uint64(toUint32(r.Start.Line)), 10)
	b = append(b, `,"character":`...)
	b = strconv.AppendUint(b, uint64(toUint32(r.Start.Character)), 10)
	b = append(b, `},"end":{"line":`...)
	b = strconv.AppendUint(b, uint64(toUint32(r.End.Line)), 10)
	b = append(b, `,"character":`...)
	b = strconv.AppendUint(b, uint64(toUint32(r.End.Character)), 10)
	return append(b, "}}"...)
}

// rawStream lets whole frames be written to the connection's stream between
// the messages the connection writes itself. The connection serializes its
// own writes with a lock of its own, which cannot be reached from here, so
// every write also takes this one.
type rawStream struct {
	jsonrpc2.Stream
	mu sync.Mutex
	w  io.Writer // what the stream writes to
}

func (s *rawStream) Write(ctx context.Context, msg jsonrpc2.Message) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Stream.Write(ctx, msg)
}

// writeFrame writes a message already framed, as frame returns it.
func (s *rawStream) writeFrame(ctx context.Context, frame []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := s.w.Write(frame)
	return err
}
