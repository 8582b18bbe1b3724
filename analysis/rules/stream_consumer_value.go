package rules

import (
	"strings"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// consumerValue: the framework's schema takes `consumer: true` (create a
// consumer) or an ARN / intrinsic (use an existing one), nothing else
// (reference/serverless-stream.md 1.2). Its compiler puts any other truthy
// value verbatim into the mapping as EventSourceArn (3.5), so a name such
// as the docs' own `consumer: preExistingName`, or a quoted "true", gives a
// template CloudFormation rejects; `false` is rejected by the schema, and
// omitting the key is the way to say no. A literal ARN must be a consumer's:
// Lambda reads a consumer ARN differently from a stream ARN.
//
// On DynamoDB streams stream-consumer-dynamodb already says to remove the
// key. References to resources are checked by the stream-ref-* rules.
type consumerValue struct{}

func init() { register(catalog.RuleConsumerValue, consumerValue{}) }

func (consumerValue) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	m := streamMapping(ev)
	if m == nil {
		return
	}
	p := present(m, "consumer")
	if p == nil || serverless.IsVariable(p.Value) || isIntrinsic(p.Value) {
		return
	}
	if typ, _ := ctx.sourceType(ev); typ == serverless.DynamoDB {
		return
	}
	n := p.Value
	consumerFormat := catalog.ARNKinesisConsumer.Format()
	switch {
	case n.Kind != yamlast.Scalar:
		r.Report(catalog.RuleConsumerValue, n.Span,
			"`consumer` takes `true` or a stream consumer's ARN, not %s; the framework would put it into the mapping as its source ARN", describeValue(n))
	case n.Tag == "!!bool" && !n.Quoted:
		if strings.EqualFold(n.Value, "false") {
			r.Report(catalog.RuleConsumerValue, n.Span,
				"the framework does not accept `consumer: false`; to read the stream without a consumer, remove `consumer`")
		}
	case !isString(n):
		r.Report(catalog.RuleConsumerValue, n.Span,
			"`consumer` takes `true` or a stream consumer's ARN, not %s", describeValue(n))
	case n.Value == "true":
		r.Report(catalog.RuleConsumerValue, n.Span,
			"%s is a string here, which the framework would use as the consumer's ARN; write `consumer: true` without quotes", describeValue(n))
	case n.Value == "false":
		r.Report(catalog.RuleConsumerValue, n.Span,
			"%s is a string here, which the framework would use as the consumer's ARN; to read the stream without a consumer, remove `consumer`", describeValue(n))
	case !strings.HasPrefix(n.Value, "arn:"):
		r.Report(catalog.RuleConsumerValue, n.Span,
			"`consumer` takes `true` or a consumer ARN, not a name: the framework would put `%s` into the mapping as its source ARN, which AWS rejects. Write the consumer's ARN, `%s`, or `true` to have the framework create a consumer",
			n.Value, consumerFormat)
	default:
		a, ok := catalog.ParseARN(n.Value)
		if !ok || a.Unresolved.Has(catalog.PartService) || a.Unresolved.Has(catalog.PartResource) {
			return
		}
		switch {
		case a.Kind == catalog.ARNKinesisStream:
			r.Report(catalog.RuleConsumerValue, n.Span,
				"this is the stream's ARN, not a consumer's: keep it in `arn`, and give `consumer` the consumer's ARN, `%s`, or `true` to have the framework create a consumer", consumerFormat)
		case a.Kind != catalog.ARNKinesisConsumer:
			r.Report(catalog.RuleConsumerValue, n.Span,
				"this ARN does not name a Kinesis stream consumer; a consumer ARN is `%s`", consumerFormat)
		case a.Invalid.Has(catalog.PartResource):
			r.Report(catalog.RuleConsumerValue, n.Span,
				"`%s` is not a valid consumer: stream and consumer names use letters, digits, `_`, `.` and `-`, and the consumer's creation time after the last `:` is a number of seconds",
				a.Resource)
		}
	}
}
