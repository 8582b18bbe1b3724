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

func (duplicateSource) CheckFile(ctx *Context, r *Reporter) {
	f := ctx.File
	type seen struct {
		ev        *serverless.StreamEvent
		logicalID string
	}
	first := map[*serverless.Function]map[string]seen{}
	for _, ev := range f.Streams {
		id, ok := eventSourceIdentity(ev)
		if !ok {
			continue
		}
		byID := first[ev.Function]
		if byID == nil {
			byID = map[string]seen{}
			first[ev.Function] = byID
		}
		logicalID, _ := mappingLogicalID(ev)
		prev, dup := byID[id]
		if !dup {
			byID[id] = seen{ev, logicalID}
			continue
		}
		if logicalID != "" && logicalID == prev.logicalID {
			r.Report(catalog.RuleDuplicateSource, sourceSpan(ev),
				"`%s` already reads this source in the event on line %d; the framework merges both events into one mapping (%s) in which this event's settings, defaults included, replace the other's; merge them into one event",
				ev.Function.Name, eventLine(f, prev.ev), logicalID)
			continue
		}
		r.Report(catalog.RuleDuplicateSource, sourceSpan(ev),
			"`%s` already reads this source in the event on line %d, and AWS allows one mapping per function and source: the deploy fails with ResourceConflictException; merge the two events into one",
			ev.Function.Name, eventLine(f, prev.ev))
	}
}
