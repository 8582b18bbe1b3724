package rules

import (
	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
)

// consumerOnDynamoDB: `consumer` asks for a Kinesis enhanced fan-out
// consumer. DynamoDB Streams have no such thing, and the framework drops the
// setting without a word (reference/serverless-stream.md, 3.5), so a user
// who expects dedicated throughput silently gets none.
type consumerOnDynamoDB struct{}

func init() { register(catalog.RuleConsumerOnDynamoDB, consumerOnDynamoDB{}) }

func (consumerOnDynamoDB) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	p := ev.Prop("consumer")
	if p == nil || p.Value.IsNull() {
		return
	}
	typ, evidence := ctx.sourceType(ev)
	if typ != serverless.DynamoDB {
		return
	}
	r.Report(catalog.RuleConsumerOnDynamoDB, p.Key.Span,
		"`consumer` (enhanced fan-out) exists only for Kinesis streams, but this event reads a DynamoDB stream (%s); the framework ignores it, so remove `consumer`",
		evidenceText(ctx.File, ev, evidence))
}

// evidenceText says how the stream type was worked out, for messages.
func evidenceText(f *serverless.File, ev *serverless.StreamEvent, e serverless.TypeEvidence) string {
	switch e {
	case serverless.FromTypeKey:
		return "`type: " + ev.PropValue("type").Value + "`"
	case serverless.FromARN:
		return "its ARN names the " + serverless.ARNService(ev.ARN().Value) + " service"
	case serverless.FromResource:
		if in, ok := serverless.IntrinsicOf(ev.ARN()); ok {
			if res := f.Resources[in.LogicalID]; res != nil {
				return "it references " + in.LogicalID + ", an " + res.Type
			}
		}
	}
	return "its source"
}
