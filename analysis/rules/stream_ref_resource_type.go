package rules

import (
	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// refResourceType: a reference must name the kind of resource its key is
// for: a Kinesis stream, a DynamoDB table or a stream consumer as the
// source, a stream consumer as `consumer`, an SQS queue or SNS topic as
// the on-failure destination. And the framework believes `type` over what
// the reference names (reference/serverless-stream.md 3.2): `type:
// kinesis` on a DynamoDB table grants Kinesis permissions on the table's
// stream, and the mapping cannot read it.
type refResourceType struct{}

func init() { register(catalog.RuleRefResourceType, refResourceType{}) }

// sourceTypeOfResource is the `type` a source resource needs.
var sourceTypeOfResource = map[string]string{
	typeDynamoDBTable:       "dynamodb",
	typeDynamoDBGlobalTable: "dynamodb",
	typeKinesisStream:       "kinesis",
	typeKinesisConsumer:     "kinesis",
}

func (refResourceType) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	for _, ref := range ctx.references(ev) {
		if ref.Resource == nil || !judgedResourceType(ref.Resource.Type) {
			continue
		}
		id, typ := ref.In.LogicalID, ref.Resource.Type
		if _, fits := wantedAttribute(ref.Role, typ); !fits {
			reportWrongKind(ref, r)
			continue
		}
		if ref.TypeKey == nil || ref.TypeKey.Kind != yamlast.Scalar || isOpaque(ref.TypeKey) {
			continue
		}
		got := ref.TypeKey.Value
		switch ref.Role {
		case roleSource:
			if want := sourceTypeOfResource[typ]; (got == "kinesis" || got == "dynamodb") && got != want {
				r.Report(catalog.RuleRefResourceType, ref.TypeKey.Span,
					"`type: %s` contradicts the source: %s is an %s. The framework trusts `type`, so it would grant %s permissions and the mapping could not read its source; write `type: %s`",
					got, id, typ, serviceLabel(got), want)
			}
		case roleOnFailure:
			if want := destinationTypeOfResource[typ]; (got == "sns" || got == "sqs") && got != want {
				r.Report(catalog.RuleRefResourceType, ref.TypeKey.Span,
					"`type: %s` contradicts the destination: %s is an %s. The framework grants permissions by `type`, so the function could not deliver failed batches; write `type: %s`",
					got, id, typ, want)
			}
		}
	}
}

// destinationTypeOfResource is the destination `type` a resource needs.
var destinationTypeOfResource = map[string]string{
	typeSQSQueue: "sqs",
	typeSNSTopic: "sns",
}

func reportWrongKind(ref resourceReference, r *Reporter) {
	id, typ, span := ref.In.LogicalID, ref.Resource.Type, ref.In.LogicalIDSpan
	switch ref.Role {
	case roleSource:
		r.Report(catalog.RuleRefResourceType, span,
			"%s is an %s, but a stream event reads a Kinesis stream (AWS::Kinesis::Stream) or a DynamoDB table's stream (AWS::DynamoDB::Table); reference one of those", id, typ)
	case roleConsumer:
		if typ == typeKinesisStream {
			r.Report(catalog.RuleRefResourceType, span,
				"%s is the stream itself, not a consumer of it, so the mapping would poll the stream without enhanced fan-out; write `consumer: true` to have the framework create a consumer, or reference an AWS::Kinesis::StreamConsumer", id)
			return
		}
		r.Report(catalog.RuleRefResourceType, span,
			"`consumer` needs a Kinesis stream consumer (AWS::Kinesis::StreamConsumer), but %s is an %s; write `consumer: true` to have the framework create one", id, typ)
	case roleOnFailure:
		r.Report(catalog.RuleRefResourceType, span,
			"the framework sends failed batches only to an SQS queue or an SNS topic, but %s is an %s; reference an AWS::SQS::Queue or AWS::SNS::Topic", id, typ)
	}
}
