package rules

import (
	"strings"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// destinationShape: stream events support one destination, `onFailure`,
// written as an ARN string or as `{arn, type}`; the schema requires it once
// `destinations` is there (reference/serverless-stream.md 1.2). The compiler
// reads `onFailure` unconditionally and splits its ARN, so the other shapes
// the schema lets through (an intrinsic written directly, a mapping without
// `arn`) crash packaging, and a string that is not an ARN reaches AWS as the
// destination.
type destinationShape struct{}

func init() { register(catalog.RuleDestinationShape, destinationShape{}) }

const destinationForms = "`onFailure: <SQS queue or SNS topic ARN>`, or `onFailure:` with `arn:` and `type: sqs` (or `sns`)"

func (destinationShape) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	m := streamMapping(ev)
	if m == nil {
		return
	}
	d := present(m, "destinations")
	if d == nil || serverless.IsVariable(d.Value) {
		return
	}
	dv := d.Value
	if dv.Kind != yamlast.Mapping || isIntrinsic(dv) {
		r.Report(catalog.RuleDestinationShape, dv.Span,
			"`destinations` takes a mapping whose only key is `onFailure`; write %s under it", destinationForms)
		return
	}
	f := dv.Pair("onFailure")
	switch {
	case f == nil:
		r.Report(catalog.RuleDestinationShape, d.Key.Span,
			"`destinations` needs `onFailure`, the only destination stream events support (the framework requires it, and packaging fails without it); add %s, or remove `destinations`", destinationForms)
		return
	case f.Value.IsNull():
		r.Report(catalog.RuleDestinationShape, f.Key.Span,
			"`onFailure` has no value (the framework requires one, and packaging fails without it); give %s", destinationForms)
		return
	}
	fv := f.Value
	if serverless.IsVariable(fv) {
		return
	}
	if in, ok := serverless.IntrinsicOf(fv); ok {
		r.Report(catalog.RuleDestinationShape, intrinsicNameSpan(ctx.File.AST.Text, in),
			"an intrinsic cannot be `onFailure` itself (the framework crashes on it while packaging): write it as `arn:` under `onFailure`, with %s", destinationTypeAdvice(ctx.File, fv))
		return
	}
	switch fv.Kind {
	case yamlast.Sequence:
		r.Report(catalog.RuleDestinationShape, fv.Span, "`onFailure` takes one destination, not a list")
	case yamlast.Scalar:
		checkDestinationString(r, fv)
	case yamlast.Mapping:
		a := fv.Pair("arn")
		if a == nil || a.Value.IsNull() {
			span := f.Key.Span
			if a != nil {
				span = a.Key.Span
			}
			r.Report(catalog.RuleDestinationShape, span,
				"`onFailure` needs `arn`, the ARN of the SQS queue or SNS topic (the framework requires it, and packaging fails without it)")
			return
		}
		av := a.Value
		switch {
		case serverless.IsVariable(av) || isIntrinsic(av):
		case av.Kind == yamlast.Scalar:
			checkDestinationString(r, av)
		default:
			r.Report(catalog.RuleDestinationShape, av.Span,
				"the destination's `arn` takes an ARN or an intrinsic such as `!GetAtt Queue.Arn`, not %s", describeValue(av))
		}
	}
}

func checkDestinationString(r *Reporter, n *yamlast.Node) {
	if s, ok := stringValue(n); ok && strings.HasPrefix(s, "arn:") {
		return
	}
	r.Report(catalog.RuleDestinationShape, n.Span,
		"the on-failure destination must be the ARN of an SQS queue or SNS topic, such as `arn:aws:sqs:REGION:ACCOUNT:QUEUE`; %s is not an ARN", describeValue(n))
}

// destinationTypeAdvice says which destination `type` to add, from the
// referenced resource or the ARN's service when either tells.
func destinationTypeAdvice(f *serverless.File, arn *yamlast.Node) string {
	if _, res := resourceOf(f, arn); res != nil {
		switch res.Type {
		case "AWS::SQS::Queue":
			return "`type: sqs`"
		case "AWS::SNS::Topic":
			return "`type: sns`"
		}
	}
	if s, ok := arnText(arn); ok {
		if a, ok := catalog.ParseARN(s); ok && !a.Unresolved.Has(catalog.PartService) && (a.Service == "sqs" || a.Service == "sns") {
			return "`type: " + a.Service + "`"
		}
	}
	return "`type: sqs` or `type: sns`"
}
