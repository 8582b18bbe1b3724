package rules

import (
	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// typeMismatch: the framework believes `type` over the ARN and never
// compares them (reference/serverless-stream.md 3.2). `type: dynamodb` on
// a Kinesis ARN grants DynamoDB actions on a Kinesis stream and names the
// mapping ...Dynamodb...; the mapping then has no permission to read its
// source, and `consumer` is ignored. Only literal ARNs (strings and
// Fn::Join) are compared here; `type` against a referenced resource is
// stream-ref-resource-type.
type typeMismatch struct{}

func init() { register(catalog.RuleTypeMismatch, typeMismatch{}) }

func (typeMismatch) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	m := streamMapping(ev)
	if m == nil {
		return
	}
	t := present(m, "type")
	if t == nil {
		return
	}
	typ, ok := stringValue(t.Value)
	if !ok || (typ != "kinesis" && typ != "dynamodb") {
		return
	}
	a, n, ok := ctx.streamARN(ev)
	if !ok || (a.Service != "kinesis" && a.Service != "dynamodb") || a.Service == typ {
		return
	}
	fix := "write `type: " + a.Service + "`"
	if n.Kind == yamlast.Scalar {
		fix += ", or remove `type`: a literal ARN needs none"
	}
	r.Report(catalog.RuleTypeMismatch, t.Value.Span,
		"`type: %s` contradicts the ARN, which names a %s: the framework trusts `type`, so it grants %s permissions on a %s source and the mapping cannot read it; %s",
		typ, serviceNoun(a.Service), serviceLabel(typ), serviceLabel(a.Service), fix)
}

func serviceLabel(service string) string {
	switch service {
	case "kinesis":
		return "Kinesis"
	case "dynamodb":
		return "DynamoDB"
	}
	return service
}

func serviceNoun(service string) string {
	switch service {
	case "kinesis":
		return "Kinesis data stream"
	case "dynamodb":
		return "DynamoDB stream"
	}
	return service + " resource"
}
