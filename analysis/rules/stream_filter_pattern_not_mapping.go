package rules

import (
	"strings"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// filterPatternNotMapping: each pattern must be an object. The framework's
// schema rejects anything else (`filterPatterns.0: must be object`), and in
// its default `warn` mode it JSON-encodes a string item a second time, so a
// pattern copied from the AWS console as a JSON string reaches AWS as a
// quoted string (reference/serverless-stream.md 1.5 and 3.1).
type filterPatternNotMapping struct{}

func init() { register(catalog.RuleFilterPatternNotMapping, filterPatternNotMapping{}) }

func (filterPatternNotMapping) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	list := ev.PropValue("filterPatterns")
	if list == nil || list.Kind != yamlast.Sequence {
		return
	}
	for _, it := range list.Items {
		if it.Kind == yamlast.Mapping || isOpaque(it) {
			continue
		}
		switch {
		case it.Kind == yamlast.Scalar && strings.HasPrefix(strings.TrimSpace(it.Value), "{"):
			r.Report(catalog.RuleFilterPatternNotMapping, it.Span,
				"this filter pattern is a JSON string, but the framework expects a YAML mapping and would encode the string a second time; write the pattern as YAML, e.g. `- eventName: [INSERT]`")
		case it.Kind == yamlast.Null:
			r.Report(catalog.RuleFilterPatternNotMapping, it.Span,
				"this filter pattern is empty; write a mapping such as `- eventName: [INSERT]`, or remove the item")
		default:
			r.Report(catalog.RuleFilterPatternNotMapping, it.Span,
				"a filter pattern must be a mapping of record fields to value lists, such as `- eventName: [INSERT]`, not a %s",
				kindName(it))
		}
	}
}

// kindName names the kind of any value, for messages.
func kindName(n *yamlast.Node) string {
	switch n.Kind {
	case yamlast.Sequence:
		return "list"
	case yamlast.Mapping:
		return "mapping"
	case yamlast.Null:
		return "null"
	}
	return scalarKindName(n)
}
