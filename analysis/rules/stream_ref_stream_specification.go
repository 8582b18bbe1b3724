package rules

import (
	"slices"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// refStreamSpecification: a DynamoDB table has a stream only when its
// properties hold a StreamSpecification with a StreamViewType; without it
// `StreamArn` does not exist and the deploy fails (reference/aws-esm.md
// 5.1, 5.2). The view type decides which images the records carry, so the
// message suggests the one the event's filters need.
type refStreamSpecification struct{}

func init() { register(catalog.RuleRefStreamSpecification, refStreamSpecification{}) }

func (refStreamSpecification) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	for _, ref := range ctx.references(ev) {
		table := ref.Resource
		if ref.Role != roleSource || ref.IsRef() || table == nil || !isDynamoDBTableType(table.Type) {
			continue
		}
		if ref.In.Attribute != "StreamArn" && ref.In.Attribute != "Arn" {
			continue
		}
		spec, known := streamSpecification(table)
		if !known {
			continue
		}
		if spec == nil {
			r.Report(catalog.RuleRefStreamSpecification, ref.In.AttributeSpan,
				"%s has no StreamSpecification, so it has no stream for Lambda to read and the deploy fails; add `StreamSpecification: {StreamViewType: %s}` to its Properties",
				table.LogicalID, suggestedViewType(ctx, table))
			continue
		}
		checkStreamViewType(ctx, table, spec, r)
	}
}

// checkStreamViewType reports, at the table, a StreamSpecification without
// a valid StreamViewType. Every event that reads the table finds the same
// problem; the engine reports it once.
func checkStreamViewType(ctx *Context, table *serverless.Resource, spec *yamlast.Pair, r *Reporter) {
	vt := spec.Value.Pair("StreamViewType")
	switch {
	case vt == nil:
		r.Report(catalog.RuleRefStreamSpecification, spec.Key.Span,
			"%s's StreamSpecification needs a StreamViewType, or CloudFormation rejects it; add `StreamViewType: %s`",
			table.LogicalID, suggestedViewType(ctx, table))
	case vt.Value.Kind != yamlast.Scalar || isOpaque(vt.Value):
	case !slices.Contains(streamViewTypeNames, vt.Value.Value):
		r.Report(catalog.RuleRefStreamSpecification, vt.Value.Span,
			"`%s` is not a StreamViewType; use %s", vt.Value.Value, quoteList(streamViewTypeNames, "or"))
	}
}
