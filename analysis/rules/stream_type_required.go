package rules

import (
	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// typeRequired: the framework reads the stream type from the third field of
// a literal ARN. When `arn` is anything else (an intrinsic, or some other
// object) it needs `type`; without it the schema only says "arn: must be
// string" and, unless configValidationMode is error, the compiler crashes
// with "EventSourceArn.split is not a function" (reference/
// serverless-stream.md 1.1, 3.7 E2). The message says what the framework
// does not: add `type`.
//
// A `${...}` variable resolves to a string before the compiler runs, so it
// needs no `type`. The shorthand `stream: !GetAtt ...` cannot carry a `type`
// at all; stream-event-shape reports it.
type typeRequired struct{}

func init() { register(catalog.RuleTypeRequired, typeRequired{}) }

func (typeRequired) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	m := streamMapping(ev)
	if m == nil {
		return
	}
	a := present(m, "arn")
	if a == nil || present(m, "type") != nil {
		return
	}
	n := a.Value
	if n.Kind == yamlast.Scalar {
		if _, tagged := n.ShortTag(); !tagged {
			return
		}
	}
	what := "is not a plain ARN string"
	advice := "`type: kinesis` or `type: dynamodb`"
	if in, ok := serverless.IntrinsicOf(n); ok {
		what = "is a CloudFormation intrinsic (" + intrinsicLabel(in) + ")"
		advice = typeAdvice(ctx.File, in)
	}
	r.Report(catalog.RuleTypeRequired, a.Key.Span,
		"`arn` %s, so the framework cannot tell the stream type from it: add %s next to `arn` (without it the framework reports \"arn must be string\" and crashes while packaging)",
		what, advice)
}
