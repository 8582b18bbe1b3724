package rules

import (
	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// filterPatternsMax: more than 10 patterns fail the framework's validation
// and could not be deployed anyway.
type filterPatternsMax struct{}

func init() { register(catalog.RuleFilterPatternsMax, filterPatternsMax{}) }

func (filterPatternsMax) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	p := ev.Prop("filterPatterns")
	if p == nil || p.Value.Kind != yamlast.Sequence || len(p.Value.Items) <= catalog.FilterPatternsMax {
		return
	}
	r.Report(catalog.RuleFilterPatternsMax, p.Key.Span,
		"%d filter patterns, but at most %d are allowed per event source mapping (the framework rejects more, and so does AWS even with a raised quota); combine patterns, or split the work across functions",
		len(p.Value.Items), catalog.FilterPatternsMax)
}
