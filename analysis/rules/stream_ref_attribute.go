package rules

import (
	"slices"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
)

// refAttribute: each place in a stream event needs one particular ARN of
// the resource it references. The classic mistake is `!GetAtt Table.Arn`:
// that is the table's ARN, which AWS refuses as an event source, while the
// stream's is `StreamArn` (reference/aws-esm.md R11, R20, 5.1 to 5.3). A
// consumer's `StreamARN` is the ARN of the stream it reads: used as
// `consumer`, the mapping silently polls the stream without enhanced
// fan-out.
type refAttribute struct{}

func init() { register(catalog.RuleRefAttribute, refAttribute{}) }

func (refAttribute) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	for _, ref := range ctx.references(ev) {
		if ref.IsRef() || ref.Resource == nil {
			continue
		}
		facts, known := knownResourceTypes[ref.Resource.Type]
		want, fits := wantedAttribute(ref.Role, ref.Resource.Type)
		if !known || !fits {
			continue
		}
		in, id, typ := &ref.In, ref.In.LogicalID, ref.Resource.Type
		switch attr := in.Attribute; {
		case attr == want:
		case attr == "":
			r.Report(catalog.RuleRefAttribute, in.LogicalIDSpan,
				"`Fn::GetAtt` needs an attribute: write `%s`", getAttText(in, id, want))
		case isDynamoDBTableType(typ) && attr == "Arn":
			r.Report(catalog.RuleRefAttribute, in.AttributeSpan,
				"`Arn` is the ARN of the table %s, but Lambda reads its stream, whose ARN is `StreamArn`; AWS rejects a table ARN as an event source: write `%s`",
				id, getAttText(in, id, want))
		case typ == typeKinesisConsumer && attr == "StreamARN":
			r.Report(catalog.RuleRefAttribute, in.AttributeSpan,
				"`StreamARN` is the ARN of the stream that %s reads, not of the consumer, so the mapping would poll the stream without enhanced fan-out; write `%s` (or `!Ref %s`)",
				id, getAttText(in, id, want), id)
		case !slices.Contains(facts.Attributes, attr):
			r.Report(catalog.RuleRefAttribute, in.AttributeSpan,
				"an %s has no attribute `%s` (it has %s), so CloudFormation rejects the template; `%s` needs `%s`",
				typ, attr, quoteList(facts.Attributes, "and"), ref.Role.keyPath(), getAttText(in, id, want))
		default:
			r.Report(catalog.RuleRefAttribute, in.AttributeSpan,
				"`%s` of an %s is not the ARN `%s` needs; write `%s`",
				attr, typ, ref.Role.keyPath(), getAttText(in, id, want))
		}
	}
}
