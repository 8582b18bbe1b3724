package lsp

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/document"
)

// Run with
//
//	go test ./lsp -run '^$' -bench Publish -benchmem
//
// The sizes are those of the files ../shared/bench/gen.mjs writes: about 39
// lines and 0.172 diagnostics per function, so N=1000 publishes 172 and
// N=5000 publishes 860.

// benchDoc is a serverless.yml-shaped text of n functions and diagnostics
// like the rules report on generated files: long messages, a documentation
// link, spans spread over the whole text.
func benchDoc(n int) (string, []diag.Diagnostic) {
	var b strings.Builder
	b.WriteString("service: bench\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n")
	var ds []diag.Diagnostic
	for i := range n {
		fmt.Fprintf(&b, "  fn%04d:\n    handler: src/handlers/fn%04d.main\n    description: \"function %d\"\n    events:\n", i, i, i)
		for e := range 3 {
			fmt.Fprintf(&b, "      - stream:\n          type: dynamodb\n          arn:\n            Fn::GetAtt: [OrdersTable%04d, StreamArn]\n", (i*7+e)%1000)
			fmt.Fprintf(&b, "          batchSize: 100\n          startingPosition: LATEST\n          maximumRetryAttempts: 3\n")
			fmt.Fprintf(&b, "          filterPatterns:\n            - eventName: [INSERT]\n              dynamodb:\n                NewImage:\n                  status:\n                    S: [ready]\n")
		}
		// 172 per 1000, in the mix the rules produce on generated files.
		if k := i * 172 % 1000; k < 172 {
			at := b.Len() - len("ready]\n") - 1
			switch {
			case k < 93:
				ds = append(ds, diag.Diagnostic{Rule: "stream-dynamodb-readers", Severity: diag.Warning,
					Span:    document.Span{Start: at, End: at + 5},
					Message: fmt.Sprintf("7 functions read this DynamoDB stream (`fn%04d`, `fn%04d`, `fn%04d`), but DynamoDB serves at most two simultaneous readers per stream shard, so reads get throttled; fan out from one function, or stream the table's changes to Kinesis (KinesisStreamSpecification), which serves more readers", i, i+1, i+2),
					Href:    "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-dynamodb-streams-simultaneous-shard-readers"})
			case k < 146:
				ds = append(ds, diag.Diagnostic{Rule: "stream-filter-pattern-dynamodb-key", Severity: diag.Error,
					Span:    document.Span{Start: at, End: at + 5},
					Message: fmt.Sprintf("OrdersTable%04d's stream has `StreamViewType: KEYS_ONLY`, whose records carry no NewImage, so this filter never matches; set StreamViewType to `NEW_IMAGE` or `NEW_AND_OLD_IMAGES`, or filter on what the records carry (`Keys`)", i),
					Href:    "https://docs.aws.amazon.com/lambda/latest/dg/with-ddb-filtering.html"})
			default:
				ds = append(ds, diag.Diagnostic{Rule: "stream-at-timestamp-without-consumer", Severity: diag.Error,
					Span:    document.Span{Start: at, End: at + 5},
					Message: "the framework drops `startingPositionTimestamp` from Kinesis events without `consumer`, so AWS receives AT_TIMESTAMP without a timestamp and the deploy fails (\"Need to specify a timestamp\"); add `consumer: true` (or an existing consumer's ARN), or start at `LATEST` or `TRIM_HORIZON`",
					Href:    "https://github.com/serverless/serverless/issues/12111"})
			}
		}
	}
	return b.String(), ds
}

type discard struct{}

func (discard) Read([]byte) (int, error)    { return 0, io.EOF }
func (discard) Write(p []byte) (int, error) { return len(p), nil }
func (discard) Close() error                { return nil }

// BenchmarkPublish is what one publication costs from the analysis result
// to the bytes written: converting, encoding, framing. Each iteration
// alternates between two versions of the text, the second with a line
// inserted at the top, so every diagnostic has moved since the last one,
// as after typing Enter above them. "cold" starts each publication with an
// empty cache, as the first after opening a document does; "library" is
// the path publications took before, through the library's Notify.
func BenchmarkPublish(b *testing.B) {
	for _, n := range []int{1000, 5000} {
		text, ds := benchDoc(n)
		const ins = "# x\n"
		moved := make([]diag.Diagnostic, len(ds))
		for i, d := range ds {
			d.Span.Start += len(ins)
			d.Span.End += len(ins)
			moved[i] = d
		}
		docs := []*document.Document{
			{URI: "file:///app/serverless.yml", Version: 1, Content: document.NewText(text)},
			{URI: "file:///app/serverless.yml", Version: 2, Content: document.NewText(ins + text)},
		}
		for _, doc := range docs {
			doc.Mapper()
		}
		found := [][]diag.Diagnostic{ds, moved}
		ctx := context.Background()
		for _, variant := range []string{"warm", "cold", "library"} {
			b.Run(fmt.Sprintf("diags=%d/%s", len(ds), variant), func(b *testing.B) {
				out := &rawStream{Stream: newFramedStream(discard{}, zap.NewNop()), w: discard{}}
				conn := jsonrpc2.NewConn(out)
				enc := newDiagEncoder(docs[0].URI)
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					doc, ds := docs[i%2], found[i%2]
					i++
					version := doc.Version
					var err error
					switch variant {
					case "library":
						p := &libraryParams{URI: doc.URI, Version: &version,
							Diagnostics: toProtocolDiagnostics(doc.Mapper(), ds)}
						err = conn.Notify(ctx, protocol.MethodTextDocumentPublishDiagnostics, p)
					case "cold":
						enc = newDiagEncoder(doc.URI)
						fallthrough
					default:
						err = out.writeFrame(ctx, enc.encode(&version, doc.Mapper(), ds).frame())
					}
					if err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkPublishConvert is the conversion of byte spans to LSP ranges
// alone.
func BenchmarkPublishConvert(b *testing.B) {
	for _, n := range []int{1000, 5000} {
		text, ds := benchDoc(n)
		m := document.NewMapper(text)
		b.Run(fmt.Sprintf("diags=%d", len(ds)), func(b *testing.B) {
			b.ReportAllocs()
			var sink document.Range
			for b.Loop() {
				for _, d := range ds {
					sink = m.SpanRange(d.Span)
				}
			}
			_ = sink
		})
	}
}
