package rules

import (
	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// destinationTypeMismatch: the framework grants `sns:Publish` or the SQS
// actions according to the destination's `type` and never compares it with
// the ARN (reference/serverless-stream.md 3.6). A queue declared as sns
// leaves the function without permission to send to it, so failed batches
// are lost. Only ARNs written out (strings, Fn::Join, Fn::Sub) are compared
// here; a `type` against a referenced resource is stream-ref-resource-type's.
type destinationTypeMismatch struct{}

func init() { register(catalog.RuleDestinationTypeMismatch, destinationTypeMismatch{}) }

func (destinationTypeMismatch) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	f := onFailure(ev)
	if f == nil || f.Value.Kind != yamlast.Mapping || isIntrinsic(f.Value) {
		return
	}
	t := present(f.Value, "type")
	if t == nil {
		return
	}
	typ, ok := stringValue(t.Value)
	if !ok || (typ != "sns" && typ != "sqs") {
		return
	}
	s, ok := arnText(f.Value.Get("arn"))
	if !ok {
		return
	}
	a, ok := catalog.ParseARN(s)
	if !ok || a.Unresolved.Has(catalog.PartService) || (a.Service != "sns" && a.Service != "sqs") || a.Service == typ {
		return
	}
	r.Report(catalog.RuleDestinationTypeMismatch, t.Value.Span,
		"`type: %s` contradicts the ARN, which names an %s: the framework grants permissions by `type`, so the function could not deliver failed batches; write `type: %s`",
		typ, map[string]string{"sqs": "SQS queue", "sns": "SNS topic"}[a.Service], a.Service)
}
