package rules

import (
	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
)

// atTimestampDynamoDB: AWS supports AT_TIMESTAMP for Kinesis, not for
// DynamoDB Streams (reference/aws-esm.md R1). The framework passes it on
// without a check (reference/serverless-stream.md 3.7), so the deploy
// fails.
type atTimestampDynamoDB struct{}

func init() { register(catalog.RuleATTimestampDynamoDB, atTimestampDynamoDB{}) }

func (atTimestampDynamoDB) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	m := streamMapping(ev)
	if m == nil {
		return
	}
	p := atTimestamp(m)
	if p == nil {
		return
	}
	typ, evidence := ctx.sourceType(ev)
	if typ != serverless.DynamoDB {
		return
	}
	r.Report(catalog.RuleATTimestampDynamoDB, p.Value.Span,
		"DynamoDB streams cannot start at a timestamp, and this event reads one (%s): AWS rejects the mapping. Use `TRIM_HORIZON` (the oldest record still in the stream, up to 24 hours old) or `LATEST`",
		evidenceText(ctx.File, ev, evidence))
}
