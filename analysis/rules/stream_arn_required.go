package rules

import (
	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
)

// arnRequired: in the mapping form `arn` is what the event reads, and the
// framework's schema requires it (reference/serverless-stream.md 1.1). Its
// compiler also derives the mapping's name from it, so without one the
// event cannot be packaged. A null `arn` counts as missing: the framework
// drops null keys before it validates.
type arnRequired struct{}

func init() { register(catalog.RuleARNRequired, arnRequired{}) }

func (arnRequired) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	m := streamMapping(ev)
	if m == nil {
		return
	}
	p := m.Pair("arn")
	switch {
	case p == nil:
		r.Report(catalog.RuleARNRequired, ev.Key.Span,
			"this stream event has no `arn`: add the ARN of the Kinesis data stream or DynamoDB stream to read (the framework rejects the event without it, and packaging fails)")
	case p.Value.IsNull():
		r.Report(catalog.RuleARNRequired, p.Key.Span,
			"`arn` has no value: give the ARN of the Kinesis data stream or DynamoDB stream to read (the framework rejects the event without it, and packaging fails)")
	}
}
