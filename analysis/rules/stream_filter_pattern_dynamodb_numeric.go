package rules

import (
	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// filterPatternDynamoDBNumeric: DynamoDB JSON writes numbers as strings
// (`{"N": "42"}`), so a `numeric` filter on an attribute never matches
// (reference/aws-esm.md R17, 3.4). Record fields outside the images, such
// as SizeBytes, are real numbers and are not concerned.
type filterPatternDynamoDBNumeric struct{}

func init() { register(catalog.RuleFilterPatternDynamoDBNumeric, filterPatternDynamoDBNumeric{}) }

func (filterPatternDynamoDBNumeric) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	if typ, _ := ctx.sourceType(ev); typ == serverless.Kinesis {
		return
	}
	for _, pattern := range ctx.filterPatterns(ev) {
		for _, field := range ctx.patternFields(pattern) {
			if !underDynamoDBImage(field.Path) || field.Pair.Value.Kind != yamlast.Sequence {
				continue
			}
			for _, it := range field.Pair.Value.Items {
				if !isOperatorObject(it) {
					continue
				}
				if p := it.Pair("numeric"); p != nil {
					r.Report(catalog.RuleFilterPatternDynamoDBNumeric, p.Key.Span,
						"DynamoDB stream records carry numbers as strings (`{\"N\": \"42\"}`), so a `numeric` filter on an attribute never matches; match exact values (`N: [\"42\"]`), or compare in the function")
				}
			}
		}
	}
}
