package rules

import (
	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
)

// logicalIDCollision: the framework names a mapping after the function, the
// type and the stream name with everything but letters and digits removed
// (reference/serverless-stream.md 3.4), so `my-stream` and `my_stream`, or
// one table read in two regions, get the same logical ID. The two resources
// are deep-merged without a word: one source silently loses its trigger.
// Two events of one function on the same source are
// stream-duplicate-source's business.
type logicalIDCollision struct{}

func init() { register(catalog.RuleLogicalIDCollision, logicalIDCollision{}) }

func (logicalIDCollision) GroupKey(ctx *Context, ev *serverless.StreamEvent) (string, bool) {
	return mappingLogicalID(ev)
}

func (logicalIDCollision) MemberFacts(_ *Context, ev *serverless.StreamEvent) Facts {
	return sourceFacts(ev)
}

func (logicalIDCollision) CheckGroup(ctx *Context, logicalID string, events []*serverless.StreamEvent, r *Reporter) {
	f := ctx.File
	prev := events[0]
	for _, ev := range events[1:] {
		if prev.Function == ev.Function {
			prevID, ok1 := eventSourceIdentity(prev)
			id, ok2 := eventSourceIdentity(ev)
			if ok1 && ok2 && prevID == id {
				continue
			}
		}
		name, _ := frameworkStreamName(ev.ARN())
		prevName, _ := frameworkStreamName(prev.ARN())
		r.Report(catalog.RuleLogicalIDCollision, sourceSpan(ev),
			"the framework names this event's mapping %s, the same as for the event on line %d (stream `%s`, here `%s`): it keeps only the letters and digits of the names, and merges the two into one mapping, so one source silently loses its trigger; read one of the streams from another function",
			logicalID, eventLine(f, prev), prevName, name)
	}
}
