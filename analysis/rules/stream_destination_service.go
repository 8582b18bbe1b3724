package rules

import (
	"strings"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/serverless"
)

// destinationService: for Kinesis and DynamoDB sources AWS sends failed
// batches to an SQS queue, an SNS topic or an S3 bucket, and to nothing else
// (reference/aws-esm.md R15, 5.4). The framework checks only `^arn:`, and
// grants `sns:Publish` for SNS and SQS actions for everything else
// (reference/serverless-stream.md 3.6), so:
//
//   - another service (Kinesis, Lambda, EventBridge) is an error: AWS
//     rejects it. The framework's own docs example builds a Kinesis ARN
//     and calls it sns;
//   - an S3 bucket is valid for AWS, but the function's role gets SQS
//     permissions on it and none to write the object: a warning, with the
//     statements to add;
//   - AWS's DynamoDB page asks for a standard queue or topic, so a FIFO one
//     (`.fifo`) on a DynamoDB source is a warning.
type destinationService struct{}

func init() { register(catalog.RuleDestinationService, destinationService{}) }

func (destinationService) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	f := onFailure(ev)
	if f == nil {
		return
	}
	n := destinationARN(f)
	if n.IsNull() {
		return
	}
	s, ok := arnText(n)
	if !ok {
		return
	}
	a, ok := catalog.ParseARN(s)
	if !ok || a.Unresolved.Has(catalog.PartService) {
		return
	}
	switch a.Service {
	case "sqs", "sns":
		typ, _ := ctx.sourceType(ev)
		if typ == serverless.DynamoDB && !a.Unresolved.Has(catalog.PartResource) && strings.HasSuffix(a.Resource, ".fifo") {
			r.ReportSeverity(catalog.RuleDestinationService, diag.Warning, arnSpan(ctx.File.AST.Text, n),
				"this is a FIFO %s, but for DynamoDB streams AWS documents standard queues and topics as on-failure destinations; use a standard one",
				map[string]string{"sqs": "queue", "sns": "topic"}[a.Service])
		}
	case "s3":
		r.ReportSeverity(catalog.RuleDestinationService, diag.Warning, arnSpan(ctx.File.AST.Text, n),
			"AWS accepts an S3 bucket as on-failure destination, but the framework grants SQS permissions for it (its destination `type` knows only sns and sqs); give the function's role s3:PutObject and s3:ListBucket on the bucket yourself")
	default:
		r.Report(catalog.RuleDestinationService, arnSpan(ctx.File.AST.Text, n),
			"this ARN names a `%s` resource, but the on-failure destination of a stream event must be an SQS queue or SNS topic (AWS also accepts an S3 bucket); AWS rejects anything else",
			a.Service)
	}
}
