package rules

import (
	"strings"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
)

// timestampWithoutATTimestamp: a timestamp means something only with
// `startingPosition: AT_TIMESTAMP` (reference/aws-esm.md R2). Elsewhere the
// framework either drops it (no consumer, or DynamoDB), so the mapping
// starts somewhere the file does not say, or writes it next to another
// starting position, which AWS rejects (reference/serverless-stream.md 3.1).
type timestampWithoutATTimestamp struct{}

func init() { register(catalog.RuleTimestampWithoutATTimestamp, timestampWithoutATTimestamp{}) }

func (timestampWithoutATTimestamp) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	m := streamMapping(ev)
	if m == nil {
		return
	}
	ts := present(m, "startingPositionTimestamp")
	if ts == nil {
		return
	}
	if typ, _ := ctx.sourceType(ev); typ == serverless.DynamoDB {
		r.Report(catalog.RuleTimestampWithoutATTimestamp, ts.Key.Span,
			"DynamoDB streams cannot start at a timestamp, so the framework drops `startingPositionTimestamp` and the mapping starts elsewhere; remove it")
		return
	}
	position := "`TRIM_HORIZON`, the framework's default"
	if sp := present(m, "startingPosition"); sp != nil {
		s, ok := stringValue(sp.Value)
		if !ok || strings.EqualFold(s, "AT_TIMESTAMP") {
			// A variable may say AT_TIMESTAMP; a misspelling is
			// stream-enum-value's.
			return
		}
		position = "`" + s + "`"
	}
	r.Report(catalog.RuleTimestampWithoutATTimestamp, ts.Key.Span,
		"`startingPositionTimestamp` applies only with `startingPosition: AT_TIMESTAMP`, but this event starts at %s, so the timestamp is dropped or rejected; set `startingPosition: AT_TIMESTAMP`, or remove the timestamp",
		position)
}
