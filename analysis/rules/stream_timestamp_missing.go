package rules

import (
	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
)

// timestampMissing: AT_TIMESTAMP starts at startingPositionTimestamp, and
// AWS rejects it without one ("Need to specify a timestamp",
// reference/aws-esm.md R2). With `consumer` the framework stops itself
// with its only stream error, FUNCTION_STREAM_STARTING_POSITION_TIMESTAMP_INVALID
// (reference/serverless-stream.md 3.7 E1); without, the deploy fails. On
// DynamoDB stream-at-timestamp-dynamodb says to drop AT_TIMESTAMP instead.
type timestampMissing struct{}

func init() { register(catalog.RuleTimestampMissing, timestampMissing{}) }

func (timestampMissing) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	m := streamMapping(ev)
	if m == nil {
		return
	}
	p := atTimestamp(m)
	if p == nil || present(m, "startingPositionTimestamp") != nil {
		return
	}
	if typ, _ := ctx.sourceType(ev); typ == serverless.DynamoDB {
		return
	}
	if consumerSet(ev) {
		r.Report(catalog.RuleTimestampMissing, p.Value.Span,
			"`AT_TIMESTAMP` needs `startingPositionTimestamp`, the Unix time in seconds to start reading from; without it the framework stops with \"you must specify startingPositionTimestamp\"")
		return
	}
	r.Report(catalog.RuleTimestampMissing, p.Value.Span,
		"`AT_TIMESTAMP` needs `startingPositionTimestamp`, the Unix time in seconds to start reading from, and `consumer` too: the framework passes the timestamp on only for Kinesis events with a consumer. Without both AWS rejects the mapping (\"Need to specify a timestamp\")")
}
