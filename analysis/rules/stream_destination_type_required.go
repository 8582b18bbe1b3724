package rules

import (
	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// destinationTypeRequired: the framework picks the destination's IAM
// actions from `type`, else from the third field of the ARN string. With an
// intrinsic `arn` and no `type` the schema complains and, unless
// configValidationMode is error, the compiler crashes with
// "OnFailureDestinationArn.split is not a function" (reference/
// serverless-stream.md 1.2, 3.7 E6).
type destinationTypeRequired struct{}

func init() { register(catalog.RuleDestinationTypeRequired, destinationTypeRequired{}) }

func (destinationTypeRequired) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	f := onFailure(ev)
	if f == nil || f.Value.Kind != yamlast.Mapping || isIntrinsic(f.Value) || present(f.Value, "type") != nil {
		return
	}
	a := present(f.Value, "arn")
	if a == nil || !isIntrinsic(a.Value) {
		return
	}
	r.Report(catalog.RuleDestinationTypeRequired, a.Key.Span,
		"the destination's `arn` is an intrinsic, so the framework cannot tell an SQS queue from an SNS topic: add %s next to it (without it packaging crashes)",
		destinationTypeAdvice(ctx.File, a.Value))
}
