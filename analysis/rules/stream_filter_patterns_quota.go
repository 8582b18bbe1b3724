package rules

import (
	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// filterPatternsQuota: AWS's default quota is 5 filters per mapping. The
// framework accepts up to 10, so a file with 6 passes validation and then
// fails in CloudFormation unless the account's quota was raised. A warning,
// because some accounts have the increase; the quota is a setting.
type filterPatternsQuota struct{}

func init() { register(catalog.RuleFilterPatternsQuota, filterPatternsQuota{}) }

func (filterPatternsQuota) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	p := ev.Prop("filterPatterns")
	if p == nil || p.Value.Kind != yamlast.Sequence {
		return
	}
	n, quota := len(p.Value.Items), ctx.Options.filterPatternQuota()
	if n <= quota || n > catalog.FilterPatternsMax {
		// Above the hard limit the error from stream-filter-patterns-max says it all.
		return
	}
	r.Report(catalog.RuleFilterPatternsQuota, p.Key.Span,
		"%d filter patterns exceed the quota of %d per event source mapping (AWS's default is 5); the deploy fails unless the account's quota is raised (up to 10): request an increase in Service Quotas, or combine patterns",
		n, quota)
}
