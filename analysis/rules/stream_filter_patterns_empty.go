package rules

import (
	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// filterPatternsEmpty: the framework's schema requires at least one pattern
// (minItems 1, reference/serverless-stream.md 1.2), and in its default
// `warn` mode it goes on to emit an empty filter list. Users who mean "no
// filtering" want the key gone.
type filterPatternsEmpty struct{}

func init() { register(catalog.RuleFilterPatternsEmpty, filterPatternsEmpty{}) }

func (filterPatternsEmpty) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	p := ev.Prop("filterPatterns")
	if p == nil || p.Value.Kind != yamlast.Sequence || len(p.Value.Items) > 0 {
		return
	}
	r.Report(catalog.RuleFilterPatternsEmpty, p.Value.Span,
		"`filterPatterns` is empty, but the framework requires at least one pattern; remove the key to receive every record, or add a pattern")
}
