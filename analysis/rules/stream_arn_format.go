package rules

import (
	"strings"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// arnFormat: a literal source must be an ARN (the schema's only check is
// `^arn:`), and the framework's compiler names the mapping after the part
// between the first and second `/`, crashing when there is none
// (reference/serverless-stream.md 3.3, 3.7 E5). Beyond the framework, a
// Kinesis or DynamoDB ARN must name a stream in the documented shape
// (reference/aws-esm.md 4): a wildcard copied from an IAM statement, or an
// index ARN, is not an event source.
//
// Only the resource's shape is judged, not region, account, name lengths
// or label format: the framework's own docs write `region`, `XXXXXX` and
// short names as placeholders, and the shape is what people actually get
// wrong. Parts holding variables are never judged.
type arnFormat struct{}

func init() { register(catalog.RuleARNFormat, arnFormat{}) }

func (arnFormat) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	n := ev.ARN()
	if n.IsNull() || n.Kind != yamlast.Scalar || isIntrinsic(n) {
		return
	}
	if !isString(n) {
		r.Report(catalog.RuleARNFormat, n.Span,
			"the stream must be given by its ARN, a string such as `%s`; %s is not one", catalog.ARNKinesisStream.Format(), describeValue(n))
		return
	}
	s := n.Value
	variable := serverless.HasVariable(s)
	if service := serverless.ARNService(s); service != "" && service != "kinesis" && service != "dynamodb" {
		return // not a stream at all: stream-arn-service says so
	}
	switch {
	case !strings.HasPrefix(s, "arn:"):
		if variable {
			return
		}
		msg := "`%s` is not an ARN: give the stream's ARN, `%s` or `%s`"
		if !strings.Contains(s, "/") {
			msg += " (the framework also crashes on it while packaging)"
		}
		r.Report(catalog.RuleARNFormat, n.Span, msg, s, catalog.ARNKinesisStream.Format(), catalog.ARNDynamoDBStream.Format())
		return
	case !variable && !strings.Contains(s, "/"):
		r.Report(catalog.RuleARNFormat, n.Span,
			"this ARN has no `/`, so it names no stream, and the framework crashes on it while packaging (it names the mapping after the part that follows the first `/`); a stream ARN ends in `:stream/NAME` (Kinesis) or `:table/NAME/stream/LABEL` (DynamoDB)")
		return
	}
	a, ok := catalog.ParseARN(s)
	if !ok {
		r.Report(catalog.RuleARNFormat, n.Span,
			"this is not a well-formed ARN: an ARN has six `:`-separated fields, `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`")
		return
	}
	if a.Unresolved.Has(catalog.PartService) || a.Unresolved.Has(catalog.PartResource) {
		return
	}
	switch a.Service {
	case "kinesis":
		switch {
		case a.Kind == catalog.ARNOther && lastSegmentLiteral(a.Resource):
			r.Report(catalog.RuleARNFormat, n.Span,
				"this Kinesis ARN does not name a data stream (`%s`); a Kinesis event source is `%s`", a.Resource, catalog.ARNKinesisStream.Format())
		case a.Kind != catalog.ARNOther && strings.ContainsAny(a.Resource, "*?"):
			r.Report(catalog.RuleARNFormat, n.Span,
				"`%s` holds a wildcard: wildcards belong in IAM policies, an event source is one exact stream; write its name", a.Resource)
		}
	case "dynamodb":
		switch {
		case a.Kind == catalog.ARNOther && lastSegmentLiteral(a.Resource):
			r.Report(catalog.RuleARNFormat, n.Span,
				"this DynamoDB ARN does not name a table's stream (`%s`); a DynamoDB event source is `%s`", a.Resource, catalog.ARNDynamoDBStream.Format())
		case a.Kind == catalog.ARNDynamoDBStream && strings.ContainsAny(a.Resource, "*?"):
			r.Report(catalog.RuleARNFormat, n.Span,
				"`%s` holds a wildcard: wildcards belong in IAM policies, an event source is one exact stream, whose label is its creation time (like `2024-01-01T00:00:00.000`); use the stream's ARN, or `!GetAtt TABLE.StreamArn`",
				a.Resource)
		}
	}
}
