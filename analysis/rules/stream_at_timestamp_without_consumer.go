package rules

import (
	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
)

// atTimestampWithoutConsumer: the framework writes StartingPositionTimestamp
// only for Kinesis events that set `consumer`, and drops it silently
// otherwise (reference/serverless-stream.md 3.1, 3.5). AWS then gets
// AT_TIMESTAMP without a timestamp and the deploy fails (serverless#12111,
// still open). The framework's own docs show exactly this configuration.
//
// A missing timestamp is stream-timestamp-missing's to report; this rule
// speaks only when a timestamp is written and then lost.
type atTimestampWithoutConsumer struct{}

func init() { register(catalog.RuleATTimestampWithoutConsumer, atTimestampWithoutConsumer{}) }

func (atTimestampWithoutConsumer) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	m := streamMapping(ev)
	if m == nil || atTimestamp(m) == nil || consumerSet(ev) {
		return
	}
	ts := present(m, "startingPositionTimestamp")
	if ts == nil {
		return
	}
	if typ, _ := ctx.sourceType(ev); typ == serverless.DynamoDB {
		return
	}
	r.Report(catalog.RuleATTimestampWithoutConsumer, ts.Key.Span,
		"the framework drops `startingPositionTimestamp` from Kinesis events without `consumer`, so AWS receives AT_TIMESTAMP without a timestamp and the deploy fails (\"Need to specify a timestamp\"); add `consumer: true` (or an existing consumer's ARN), or start at `LATEST` or `TRIM_HORIZON`")
}
