package lsp

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"go.uber.org/zap"
)

// BenchmarkReadDidOpen is reading the didOpen of a large file off the
// wire, up to the message jsonrpc2 dispatches: framing, the scan for the
// end of the JSON value, and decoding the envelope.
func BenchmarkReadDidOpen(b *testing.B) {
	for _, mb := range []int{1, 6} {
		line := "          description: a line of a generated serverless.yml\\n"
		text := strings.Repeat(line, mb<<20/len(line))
		body := fmt.Sprintf(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///s.yml","languageId":"yaml","version":1,"text":"%s"}}}`, text)
		frame := []byte(fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body))
		b.Run(fmt.Sprintf("MB=%d", mb), func(b *testing.B) {
			b.SetBytes(int64(len(frame)))
			b.ReportAllocs()
			for b.Loop() {
				s := newFramedStream(rwc{Reader: bytes.NewReader(frame)}, zap.NewNop())
				if _, _, err := s.Read(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// rwc reads from a Reader and discards writes.
type rwc struct{ io.Reader }

func (rwc) Write(p []byte) (int, error) { return len(p), nil }
func (rwc) Close() error                { return nil }

// BenchmarkDecodeDidOpen is the didOpen handler's decoding of its params:
// what runs after BenchmarkReadDidOpen and before the document is stored.
func BenchmarkDecodeDidOpen(b *testing.B) {
	line := "          description: a line of a generated serverless.yml\\n"
	text := strings.Repeat(line, 6<<20/len(line))
	params := []byte(fmt.Sprintf(`{"textDocument":{"uri":"file:///s.yml","languageId":"yaml","version":1,"text":"%s"}}`, text))
	b.SetBytes(int64(len(params)))
	b.ReportAllocs()
	for b.Loop() {
		var p didOpenParams
		if err := decodeDidOpen(params, &p); err != nil {
			b.Fatal(err)
		}
	}
}
