package rules

import (
	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/serverless"
)

// arnService: stream events read Kinesis data streams and DynamoDB
// streams. The framework checks nothing but `^arn:`, takes the ARN's service
// as the type (an SQS ARN gives type `sqs`, no error) and AWS rejects the
// mapping later (reference/serverless-stream.md 3.2, 3.7).
//
// A Kinesis consumer ARN is a valid event source for AWS, but written as
// `arn` the framework grants the stream permissions on it and none for the
// consumer (3.6): legal, likely wrong, so a warning that points to
// `consumer`.
type arnService struct{}

func init() { register(catalog.RuleARNService, arnService{}) }

func (arnService) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	a, n, ok := ctx.streamARN(ev)
	if !ok {
		return
	}
	switch a.Service {
	case "dynamodb":
	case "kinesis":
		if a.Kind == catalog.ARNKinesisConsumer {
			r.ReportSeverity(catalog.RuleARNService, diag.Warning, arnSpan(ctx.File.AST.Text, n),
				"this is a stream consumer's ARN: put the stream's ARN (`…:stream/%s`) in `arn` and this one in `consumer`, so that the framework grants the consumer's permissions (kinesis:SubscribeToShard) as well",
				a.Name)
		}
	default:
		r.Report(catalog.RuleARNService, arnSpan(ctx.File.AST.Text, n),
			"this ARN names a `%s` resource, but stream events read only Kinesis data streams and DynamoDB streams%s",
			a.Service, otherEventAdvice(a.Service))
	}
}
