package lsp

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"strconv"

	"go.lsp.dev/jsonrpc2"
	"go.uber.org/zap"
)

// MaxMessageBytes is the largest message the server reads; a larger one is
// skipped, unread, and logged. It bounds the memory one message can take:
// the library's reader allocates whatever Content-Length says, up to 2 GiB,
// before reading a byte.
const MaxMessageBytes = 128 << 20

// framedStream reads the base protocol's messages (headers, a blank line,
// then Content-Length bytes of JSON) like the library's stream, except that
// it survives a client's framing mistakes instead of ending the session:
//
//   - A header line that is not a header is skipped, and a line that ends in
//     a Content-Length header (what is left of a message whose declared
//     length was too short, run into the next header) is read from there.
//   - A message without a usable Content-Length is skipped: its JSON value
//     is read to its end and dropped.
//   - The body is read up to the end of its JSON value even when the
//     declared length is longer, so a length that is too long neither
//     swallows the next message nor blocks waiting for bytes that never
//     come. The extra bytes are accounted for before the next message: if a
//     header starts there, the length was wrong, and the header is read.
//   - A message longer than MaxMessageBytes is skipped without being kept.
//
// Writing and closing are the library's.
type framedStream struct {
	jsonrpc2.Stream // for Write and Close
	in              *bufio.Reader
	log             *zap.Logger
	// owed is how much of the last message's declared length followed the
	// end of its JSON value, unread.
	owed int64
	// libraryTypesOnly turns decodeNotification off: a trace recognizes
	// only the library's message types.
	libraryTypesOnly bool
}

// readBuffer is the size of the reader's buffer: a pipe's. With the
// default 4 KiB, the 6 MB didOpen of a large file took 1,500 reads and
// as many turns of readBody's loop.
const readBuffer = 64 << 10

// maxPrealloc bounds the room readBody sets aside from a declared length
// before the bytes arrive, so that a length that lies costs no more.
const maxPrealloc = 16 << 20

func newFramedStream(rwc io.ReadWriteCloser, log *zap.Logger) *framedStream {
	return &framedStream{Stream: jsonrpc2.NewStream(rwc), in: bufio.NewReaderSize(rwc, readBuffer), log: log}
}

func (s *framedStream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	var total int64
	for {
		if err := ctx.Err(); err != nil {
			return nil, total, err
		}
		n, err := s.settle()
		total += n
		if err != nil {
			return nil, total, err
		}
		length, n, err := s.readHeaders()
		total += n
		if err != nil {
			return nil, total, err
		}
		body, n, err := s.readBody(length)
		total += n
		if err != nil {
			return nil, total, err
		}
		if body == nil {
			continue // skipped; readBody said why
		}
		if !s.libraryTypesOnly {
			if n, ok := decodeNotification(body); ok {
				return n, total, nil
			}
		}
		msg, err := jsonrpc2.DecodeMessage(body)
		return msg, total, err
	}
}

// settle consumes what the last message's declared length still covers,
// unless a header starts there: then the length was too long, and what
// follows is the next message.
func (s *framedStream) settle() (int64, error) {
	var n int64
	for ; s.owed > 0; s.owed-- {
		b, err := s.in.Peek(1)
		if err != nil {
			return n, err
		}
		if b[0] == 'C' || b[0] == 'c' {
			s.log.Warn("message shorter than its Content-Length; reading the next header",
				zap.Int64("missing", s.owed))
			s.owed = 0
			break
		}
		_, _ = s.in.Discard(1)
		n++
	}
	return n, nil
}

// readHeaders reads one header block and returns its Content-Length, or -1
// when it has none that is usable.
func (s *framedStream) readHeaders() (length int64, n int64, err error) {
	length = -1
	for lines := 0; ; lines++ {
		line, read, err := s.readLine()
		n += read
		if err != nil {
			return -1, n, err
		}
		if len(line) == 0 {
			if lines == 0 {
				continue // a stray line break between messages
			}
			return length, n, nil
		}
		if i := indexFold(line, "content-length:"); i >= 0 {
			if i > 0 {
				s.log.Warn("bytes before a header skipped", zap.Int("bytes", i))
			}
			value := string(bytes.TrimSpace(line[i+len("content-length:"):]))
			v, perr := strconv.ParseInt(value, 10, 64)
			if perr != nil || v <= 0 {
				// The value is not logged: after a framing mistake, what
				// looks like a header may be a document's text.
				s.log.Warn("invalid Content-Length", zap.Int("bytes", len(value)))
				v = -1
			}
			length = v
			continue
		}
		if bytes.IndexByte(line, ':') < 0 {
			s.log.Warn("line that is not a header skipped", zap.Int("bytes", len(line)))
			lines = -1 // not a header block yet: a blank line must not end it
		}
		// Other headers (Content-Type) need no action.
	}
}

// readLine returns the next line without its line break. A line longer than
// the reader's buffer is garbage: all but its last buffer's worth is
// consumed unseen, so a hostile client cannot make the server buffer a line
// without end, and a header at its end is still found.
func (s *framedStream) readLine() ([]byte, int64, error) {
	line, err := s.in.ReadSlice('\n')
	n := int64(len(line))
	for errors.Is(err, bufio.ErrBufferFull) {
		line, err = s.in.ReadSlice('\n')
		n += int64(len(line))
	}
	if err != nil {
		return nil, n, err
	}
	return bytes.TrimRight(line, "\r\n"), n, nil
}

// readBody reads the message after a header block. It returns nil (and no
// error) for a message it skips.
func (s *framedStream) readBody(length int64) ([]byte, int64, error) {
	first, n, err := s.peekNonSpace(length)
	if err != nil {
		return nil, n, err
	}
	if first != '{' && first != '[' {
		if length < 0 {
			// No length and no JSON: not a message at all. Whatever it
			// is, the search for the next header skips it.
			s.log.Warn("header block without Content-Length skipped")
			return nil, n, nil
		}
		// Not JSON: read exactly the declared length, which the decoder
		// then rejects.
		length -= n
		if length > MaxMessageBytes {
			d, err := s.in.Discard(int(min(length, int64(^uint(0)>>1))))
			s.log.Warn("message larger than the limit skipped", zap.Int64("bytes", length))
			return nil, n + int64(d), err
		}
		body := make([]byte, length)
		r, err := io.ReadFull(s.in, body)
		return body, n + int64(r), err
	}

	var (
		body    []byte
		scan    jsonEnd
		skipped bool // the body outgrew MaxMessageBytes and is not kept
	)
	if length > n {
		// Growing the body by appending copied a large message about
		// twice over.
		body = make([]byte, 0, min(length-n, maxPrealloc))
	}
	for !scan.done && (length < 0 || n < length) {
		if _, err := s.in.Peek(1); err != nil {
			return nil, n, err
		}
		chunk, _ := s.in.Peek(s.in.Buffered())
		if length >= 0 {
			chunk = chunk[:min(int64(len(chunk)), length-n)]
		}
		used := scan.feed(chunk)
		if !skipped && int64(len(body)+used) > MaxMessageBytes {
			skipped, body = true, nil
		}
		if !skipped {
			body = append(body, chunk[:used]...)
		}
		_, _ = s.in.Discard(used)
		n += int64(used)
	}
	switch {
	case length < 0:
		s.log.Warn("message without a usable Content-Length skipped", zap.Int64("bytes", n))
		return nil, n, nil
	case skipped:
		s.log.Warn("message larger than the limit skipped", zap.Int64("bytes", n), zap.Int("limit", MaxMessageBytes))
		return nil, n, nil
	case scan.done && n < length:
		s.owed = length - n
	}
	return body, n, nil
}

// peekNonSpace returns the next byte that is not white space, without
// consuming it, and how much white space it consumed before it: at most
// length bytes when length is known.
func (s *framedStream) peekNonSpace(length int64) (byte, int64, error) {
	var n int64
	for ; length < 0 || n < length; n++ {
		b, err := s.in.Peek(1)
		if err != nil {
			return 0, n, err
		}
		switch b[0] {
		case ' ', '\t', '\r', '\n':
			_, _ = s.in.Discard(1)
			continue
		}
		return b[0], n, nil
	}
	return 0, n, nil
}

// jsonEnd finds where a JSON object or array ends, fed in pieces: it tracks
// nesting, strings and escapes, and nothing else, which is all a framer
// needs to know.
type jsonEnd struct {
	depth    int
	inString bool
	escaped  bool
	done     bool
}

// feed scans p and returns how many bytes of it belong to the value: all of
// them, or up to and including the bracket that closes it.
//
// Within a string it jumps from one quote or backslash to the next with
// IndexByte, which looks at many bytes at a time: a document's text is
// nearly all of a large message, and a loop over its bytes cost 9 ms of
// reading a 6 MB didOpen.
func (j *jsonEnd) feed(p []byte) int {
	// nextEscape is the index of the first backslash at or after the
	// last search, len(p) if there is none: found once per backslash,
	// so that a run of short strings without one is not searched to the
	// end of p each time.
	nextEscape := -1
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case j.escaped:
			j.escaped = false
		case j.inString:
			if nextEscape < i {
				nextEscape = len(p)
				if k := bytes.IndexByte(p[i:], '\\'); k >= 0 {
					nextEscape = i + k
				}
			}
			if q := bytes.IndexByte(p[i:nextEscape], '"'); q >= 0 {
				i += q
				j.inString = false
				continue
			}
			if nextEscape == len(p) {
				return len(p)
			}
			i = nextEscape
			j.escaped = true
		case c == '"':
			j.inString = true
		case c == '{' || c == '[':
			j.depth++
		case c == '}' || c == ']':
			j.depth--
			if j.depth <= 0 {
				j.done = true
				return i + 1
			}
		}
	}
	return len(p)
}

// indexFold is bytes.Index for an ASCII lower-case needle, ignoring case.
func indexFold(s []byte, lower string) int {
	for i := 0; i+len(lower) <= len(s); i++ {
		if bytes.EqualFold(s[i:i+len(lower)], []byte(lower)) {
			return i
		}
	}
	return -1
}
