package rules

import (
	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
)

// duplicateSource: AWS allows one mapping per function and source; a second
// one fails with ResourceConflictException (reference/aws-esm.md R14). The
// framework usually hides that by giving both events the same logical ID
// and silently merging them, the later event's settings (defaults
// included) winning over the earlier one's (reference/serverless-stream.md
// 3.4). Either way one event's settings are lost.
type duplicateSource struct{}

func init() { register(catalog.RuleDuplicateSource, duplicateSource{}) }

func (duplicateSource) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	f := ctx.File
	id, ok := eventSourceIdentity(ev)
	if !ok {
		return
	}
	prev := firstReaders(ctx)[sourceOfFunction{ev.Function, id}]
	if prev == nil || prev == ev {
		return
	}
	logicalID, _ := mappingLogicalID(ev)
	prevLogicalID, _ := mappingLogicalID(prev)
	if logicalID != "" && logicalID == prevLogicalID {
		r.Report(catalog.RuleDuplicateSource, sourceSpan(ev),
			"`%s` already reads this source in the event on line %d; the framework merges both events into one mapping (%s) in which this event's settings, defaults included, replace the other's; merge them into one event",
			ev.Function.Name, eventLine(f, prev), logicalID)
		return
	}
	r.Report(catalog.RuleDuplicateSource, sourceSpan(ev),
		"`%s` already reads this source in the event on line %d, and AWS allows one mapping per function and source: the deploy fails with ResourceConflictException; merge the two events into one",
		ev.Function.Name, eventLine(f, prev))
}

// sourceOfFunction is a function and a source it reads.
type sourceOfFunction struct {
	fn *serverless.Function
	id string
}

type firstReadersKey struct{}

// firstReaders maps each function and source to the function's first event
// that reads the source, computed once per view.
func firstReaders(ctx *Context) map[sourceOfFunction]*serverless.StreamEvent {
	return memoized(ctx, firstReadersKey{}, func() map[sourceOfFunction]*serverless.StreamEvent {
		first := map[sourceOfFunction]*serverless.StreamEvent{}
		for _, ev := range ctx.File.Streams {
			if id, ok := eventSourceIdentity(ev); ok {
				key := sourceOfFunction{ev.Function, id}
				if first[key] == nil {
					first[key] = ev
				}
			}
		}
		return first
	})
}
