package rules

import (
	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// eventFacts are what several rules work out from one stream event: its
// source type, its filter patterns and their fields, the resources it
// references, its literal source ARN. The engine runs every rule on an
// event before the next one, so the Context keeps them for that event,
// and each is worked out once rather than once per rule that reads it
// (eight rules list the fields of every pattern). Rules must not change
// what they get.
type eventFacts struct {
	ev   *serverless.StreamEvent
	have factSet

	typ      serverless.StreamType
	evidence serverless.TypeEvidence
	patterns []*yamlast.Node
	fields   [][]patternField // by pattern; nil until asked for
	refs     []resourceReference
	arn      catalog.ARN
	arnNode  *yamlast.Node
	arnOK    bool
}

type factSet uint8

const (
	haveType factSet = 1 << iota
	havePatterns
	haveRefs
	haveARN
)

// checking makes ev the event whose facts ctx keeps.
func (c *Context) checking(ev *serverless.StreamEvent) { c.cur = eventFacts{ev: ev} }

// facts returns the facts kept for ev, or nil when ev is not the event
// being checked (a rule looking at another event).
func (c *Context) facts(ev *serverless.StreamEvent) *eventFacts {
	if ev == nil || c.cur.ev != ev {
		return nil
	}
	return &c.cur
}

// sourceType is File.SourceType.
func (c *Context) sourceType(ev *serverless.StreamEvent) (serverless.StreamType, serverless.TypeEvidence) {
	f := c.facts(ev)
	if f == nil {
		return c.File.SourceType(ev)
	}
	if f.have&haveType == 0 {
		f.typ, f.evidence = c.File.SourceType(ev)
		f.have |= haveType
	}
	return f.typ, f.evidence
}

// filterPatterns is eventFilterPatterns.
func (c *Context) filterPatterns(ev *serverless.StreamEvent) []*yamlast.Node {
	f := c.facts(ev)
	if f == nil {
		return eventFilterPatterns(ev)
	}
	if f.have&havePatterns == 0 {
		f.patterns = eventFilterPatterns(ev)
		f.have |= havePatterns
	}
	return f.patterns
}

// patternFields is patternFields, for a pattern of the event being
// checked.
func (c *Context) patternFields(pattern *yamlast.Node) []patternField {
	f := &c.cur
	if f.have&havePatterns != 0 {
		for i, p := range f.patterns {
			if p != pattern {
				continue
			}
			if f.fields == nil {
				f.fields = make([][]patternField, len(f.patterns))
			}
			if f.fields[i] == nil {
				f.fields[i] = patternFields(pattern)
			}
			return f.fields[i]
		}
	}
	return patternFields(pattern)
}

// references is eventReferences in the rule's view.
func (c *Context) references(ev *serverless.StreamEvent) []resourceReference {
	f := c.facts(ev)
	if f == nil {
		return eventReferences(c.File, ev)
	}
	if f.have&haveRefs == 0 {
		f.refs = eventReferences(c.File, ev)
		f.have |= haveRefs
	}
	return f.refs
}

// referencedTable is referencedTable in the rule's view.
func (c *Context) referencedTable(ev *serverless.StreamEvent) *serverless.Resource {
	return sourceTable(c.references(ev))
}

// streamARN is literalStreamARN.
func (c *Context) streamARN(ev *serverless.StreamEvent) (catalog.ARN, *yamlast.Node, bool) {
	f := c.facts(ev)
	if f == nil {
		return literalStreamARN(ev)
	}
	if f.have&haveARN == 0 {
		f.arn, f.arnNode, f.arnOK = literalStreamARN(ev)
		f.have |= haveARN
	}
	return f.arn, f.arnNode, f.arnOK
}
