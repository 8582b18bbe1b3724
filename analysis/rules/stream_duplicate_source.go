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
	prev := firstReaders(ctx).of(ev)
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

// readers holds, for each event of a view, its function's first event that
// reads the same source (nil when the source cannot be told).
type readers struct {
	events []*serverless.StreamEvent
	first  []*serverless.StreamEvent
	// index finds an event in a view of many; a view of a few is
	// searched, which costs less than building a map for each function.
	index map[*serverless.StreamEvent]int
}

// manyEvents is where a view's events are too many to compare pairwise or
// to search.
const manyEvents = 16

func (rs *readers) of(ev *serverless.StreamEvent) *serverless.StreamEvent {
	if rs.index != nil {
		if i, ok := rs.index[ev]; ok {
			return rs.first[i]
		}
		return nil
	}
	for i, e := range rs.events {
		if e == ev {
			return rs.first[i]
		}
	}
	return nil
}

// firstReaders works out the first readers once per view.
func firstReaders(ctx *Context) *readers {
	return memoized(ctx, firstReadersKey{}, func() *readers {
		events := ctx.File.Streams
		rs := &readers{events: events, first: make([]*serverless.StreamEvent, len(events))}
		if len(events) > manyEvents {
			rs.index = make(map[*serverless.StreamEvent]int, len(events))
			byKey := map[sourceOfFunction]*serverless.StreamEvent{}
			for i, ev := range events {
				rs.index[ev] = i
				if id, ok := eventSourceIdentity(ev); ok {
					key := sourceOfFunction{ev.Function, id}
					if byKey[key] == nil {
						byKey[key] = ev
					}
					rs.first[i] = byKey[key]
				}
			}
			return rs
		}
		var ids [manyEvents]string
		for i, ev := range events {
			id, ok := eventSourceIdentity(ev)
			if !ok {
				continue
			}
			ids[i] = id
			rs.first[i] = ev
			for j := range i {
				if rs.first[j] != nil && events[j].Function == ev.Function && ids[j] == id {
					rs.first[i] = rs.first[j]
					break
				}
			}
		}
		return rs
	})
}
