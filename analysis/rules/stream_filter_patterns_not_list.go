package rules

import (
	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// filterPatternsNotList: the framework's schema wants a list of patterns.
// A single mapping, the natural way to write one pattern, passes the
// framework's default `warn` mode and then crashes its compiler with
// `filterPatterns.map is not a function` (reference/serverless-stream.md
// 3.7, E7; serverless/serverless#11697).
type filterPatternsNotList struct{}

func init() { register(catalog.RuleFilterPatternsNotList, filterPatternsNotList{}) }

func (filterPatternsNotList) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	p := ev.Prop("filterPatterns")
	if p == nil || p.Value.IsNull() || isOpaque(p.Value) || p.Value.Kind == yamlast.Sequence {
		return
	}
	if p.Value.Kind == yamlast.Mapping {
		r.Report(catalog.RuleFilterPatternsNotList, p.Key.Span,
			"`filterPatterns` is a single mapping, but it must be a list of patterns: the framework crashes on it (`filterPatterns.map is not a function`); write each pattern as a list item (`- eventName: [INSERT]`); fields of one item must all match, separate items are alternatives")
		return
	}
	r.Report(catalog.RuleFilterPatternsNotList, p.Value.Span,
		"`filterPatterns` must be a list of patterns written as YAML mappings, not a %s; for example `filterPatterns: [{eventName: [INSERT]}]`",
		scalarKindName(p.Value))
}

// scalarKindName names the kind of value a scalar holds, for messages.
func scalarKindName(n *yamlast.Node) string {
	switch n.Tag {
	case "!!int", "!!float":
		return "number"
	case "!!bool":
		return "boolean"
	}
	return "string"
}
