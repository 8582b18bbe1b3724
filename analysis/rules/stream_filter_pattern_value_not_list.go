package rules

import (
	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// filterPatternValueNotList: Lambda's filter syntax (EventBridge's) only
// matches values written inside a list, `eventName: [INSERT]`; a bare
// `eventName: INSERT` makes the pattern invalid and AWS rejects the
// mapping (reference/aws-esm.md R18, 3.6).
type filterPatternValueNotList struct{}

func init() { register(catalog.RuleFilterPatternValueNotList, filterPatternValueNotList{}) }

func (filterPatternValueNotList) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	typ, _ := ctx.sourceType(ev)
	for _, pattern := range ctx.filterPatterns(ev) {
		for _, field := range ctx.patternFields(pattern) {
			v := field.Pair.Value
			if (v.Kind != yamlast.Scalar && v.Kind != yamlast.Null) || isOpaque(v) {
				continue
			}
			if holdsRecordObject(typ, field) || misplacedOperator(field) {
				// Reported by the DynamoDB and operator rules, whose advice differs.
				continue
			}
			if v.Kind == yamlast.Null {
				r.Report(catalog.RuleFilterPatternValueNotList, field.Pair.Key.Span,
					"`%s` has no value, which AWS rejects in a filter pattern; write `%s: [null]` to match a null value, or remove the field",
					field.Name(), field.Name())
				continue
			}
			written := sourceText(ctx.File, v)
			r.Report(catalog.RuleFilterPatternValueNotList, v.Span,
				"filter values must be in a list: AWS rejects `%s: %s`; write `%s: [%s]`",
				field.Name(), written, field.Name(), written)
		}
	}
}
