package rules

import (
	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
)

// refNotARN: `Ref` returns a different thing per resource type. For a
// DynamoDB table or a Kinesis stream it is the name, for an SQS queue the
// URL: none is the ARN an event source mapping needs, and the deploy fails
// (reference/aws-esm.md R20). `Ref` of a stream consumer or an SNS topic
// does give the ARN.
type refNotARN struct{}

func init() { register(catalog.RuleRefNotARN, refNotARN{}) }

func (refNotARN) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	for _, ref := range ctx.references(ev) {
		if !ref.IsRef() || ref.Resource == nil {
			continue
		}
		facts, known := knownResourceTypes[ref.Resource.Type]
		want, fits := wantedAttribute(ref.Role, ref.Resource.Type)
		if !known || !fits || facts.RefIsARN {
			continue
		}
		id := ref.In.LogicalID
		r.Report(catalog.RuleRefNotARN, ref.In.Node.Span,
			"`Ref` of an %s gives %s, not an ARN, so the deploy fails; write `%s`",
			ref.Resource.Type, facts.RefGives, getAttText(&ref.In, id, want))
	}
}
