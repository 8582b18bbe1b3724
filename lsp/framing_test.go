package lsp

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.uber.org/zap"
)

// readerRWC serves a fixed byte stream and discards writes.
type readerRWC struct{ io.Reader }

func (readerRWC) Write(p []byte) (int, error) { return len(p), nil }
func (readerRWC) Close() error                { return nil }

// frame is a well-formed message: a notification named method.
func frame(method string) string {
	body := fmt.Sprintf(`{"jsonrpc":"2.0","method":%q}`, method)
	return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body)
}

func body(method string) string { return fmt.Sprintf(`{"jsonrpc":"2.0","method":%q}`, method) }

// readAll reads messages until the stream ends and returns the methods of
// those that decoded, with "!" for each message that did not.
func readAll(t *testing.T, input string) []string {
	t.Helper()
	in := strings.NewReader(input)
	s := newFramedStream(readerRWC{in}, zap.NewNop())
	var got []string
	for {
		msg, _, err := s.Read(context.Background())
		switch {
		case err != nil && in.Len() == 0 && s.in.Buffered() == 0:
			return got // the end of the input
		case err != nil:
			got = append(got, "!")
		default:
			// A body such as {"id":0} decodes as a response; the server
			// drops those, but the reader must still hand them over.
			if req, ok := msg.(jsonrpc2.Request); ok {
				got = append(got, req.Method())
			} else {
				got = append(got, "response")
			}
		}
		if len(got) > len(input) {
			t.Fatalf("read %d messages from %d bytes", len(got), len(input))
		}
	}
}

// TestFramingRecovers feeds the reader what buggy clients send, followed by
// a good message, which must always be read.
func TestFramingRecovers(t *testing.T) {
	for _, tc := range []struct {
		name  string
		input string
		want  string
	}{
		{"well-formed messages", frame("a") + frame("b"), "a b"},
		{"a header name in another case", fmt.Sprintf("content-length: %d\r\n\r\n", len(body("a"))) + body("a") + frame("b"), "a b"},
		{"another header first", "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n" + frame("a"), "a"},
		{"a stray line break between messages", frame("a") + "\r\n" + frame("b"), "a b"},
		{"a line that is not a header", "hello\r\n" + frame("a"), "a"},
		{"garbage and a blank line", "hello\r\n\r\n" + frame("a"), "a"},
		{"no Content-Length", "Content-Type: x\r\n\r\n" + body("lost") + frame("a"), "a"},
		{"no header at all", body("lost") + frame("a"), "a"},
		{"Content-Length not a number", "Content-Length: abc\r\n\r\n" + body("lost") + frame("a"), "a"},
		{"Content-Length zero", "Content-Length: 0\r\n\r\n" + body("lost") + frame("a"), "a"},
		{"Content-Length negative", "Content-Length: -5\r\n\r\n" + body("lost") + frame("a"), "a"},
		{"Content-Length too small", "Content-Length: 10\r\n\r\n" + body("cut") + frame("a"), "! a"},
		{"Content-Length too large", "Content-Length: 500\r\n\r\n" + body("long") + frame("a"), "long a"},
		{"Content-Length beyond 2 GiB", "Content-Length: 99999999999\r\n\r\n" + body("long") + frame("a"), "long a"},
		{"Content-Length too large by white space", fmt.Sprintf("Content-Length: %d\r\n\r\n", len(body("a"))+3) + body("a") + " \r\n" + frame("b"), "a b"},
		{"white space before the body", fmt.Sprintf("Content-Length: %d\r\n\r\n  ", len(body("a"))+2) + body("a") + frame("b"), "a b"},
		{"truncated JSON", "Content-Length: 20\r\n\r\n" + `{"jsonrpc":"2.0","me` + frame("a"), "! a"},
		{"not JSON", "Content-Length: 5\r\n\r\nhello" + frame("a"), "! a"},
		{"braces inside strings", frame(`x}]{["\"`) + frame("a"), `x}]{["\" a`},
		{"a header line longer than the buffer", strings.Repeat("x", 10000) + "\r\n" + frame("a"), "a"},
		{"a header after a long garbage line", strings.Repeat("x", 10000) + frame("a"), "a"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := strings.Join(readAll(t, tc.input), " "); got != tc.want {
				t.Errorf("read %q, want %q", got, tc.want)
			}
		})
	}
}

func TestFramingSkipsMessagesOverTheLimit(t *testing.T) {
	huge := `{"jsonrpc":"2.0","method":"huge","params":"` + strings.Repeat("x", MaxMessageBytes) + `"}`
	input := fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(huge), huge) + frame("a")
	if got := strings.Join(readAll(t, input), " "); got != "a" {
		t.Errorf("read %q, want only the message after the one over the limit", got)
	}
}

// TestFramingDoesNotWaitForBytesNeverSent checks that a message whose
// Content-Length is too long is delivered as soon as its JSON is complete:
// a client that sends it and waits for the answer would otherwise wait
// forever.
func TestFramingDoesNotWaitForBytesNeverSent(t *testing.T) {
	r, w := io.Pipe()
	defer w.Close()
	s := newFramedStream(readerRWC{r}, zap.NewNop())
	go func() { _, _ = io.WriteString(w, "Content-Length: 500\r\n\r\n"+body("a")) }()
	msg, _, err := s.Read(context.Background())
	if err != nil || msg.(jsonrpc2.Request).Method() != "a" {
		t.Fatalf("Read = %v, %v; want the message", msg, err)
	}
}

func FuzzFraming(f *testing.F) {
	f.Add(frame("a") + frame("b"))
	f.Add("Content-Length: 10\r\n\r\n" + body("cut") + frame("a"))
	f.Add("Content-Length: 500\r\n\r\n" + body("long") + frame("a"))
	f.Add("hello\r\n\r\n" + body("x"))
	f.Fuzz(func(t *testing.T, input string) {
		// Whatever a client sends, reading ends when the bytes do, without
		// a panic, and yields no more messages than there are bytes.
		readAll(t, input)
	})
}
