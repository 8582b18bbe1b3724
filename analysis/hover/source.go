package hover

import (
	"strings"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// Source is what a CloudFormation resource offers to a stream event: which
// stream it is, how to get the ARN an event source mapping needs, and what
// `Ref` would give instead. Hover explains references with it, and
// completion uses it to offer the file's streams as `arn` values.
//
// The facts are CloudFormation's return values (reference/aws-esm.md R20
// and 5.1 to 5.3; the SQS and SNS rows are from those resources' pages).
type Source struct {
	Resource *serverless.Resource
	// Stream is the kind of stream the resource is or has; 0 for others.
	Stream catalog.StreamType
	// Attribute is the Fn::GetAtt attribute holding the ARN this resource
	// is used by: StreamArn for a table, Arn for a stream or queue. "" when
	// no attribute does.
	Attribute string
	// Consumer marks an enhanced fan-out consumer: it belongs in `consumer`,
	// not in `arn`.
	Consumer bool
	// Destination marks an SQS queue or SNS topic, which can receive
	// failed batches.
	Destination bool
	// RefGives says what `Ref` returns, e.g. "the table name".
	RefGives string
	// RefIsARN is set when `Ref` returns the ARN a stream event needs.
	RefIsARN bool
	// HasStream is false for a table without StreamSpecification: its
	// StreamArn attribute does not exist.
	HasStream bool
	// ViewType is a table's StreamSpecification.StreamViewType as written.
	ViewType string
}

// Resource types a stream event meets.
const (
	TypeDynamoDBTable       = "AWS::DynamoDB::Table"
	TypeDynamoDBGlobalTable = "AWS::DynamoDB::GlobalTable"
	TypeKinesisStream       = "AWS::Kinesis::Stream"
	TypeKinesisConsumer     = "AWS::Kinesis::StreamConsumer"
	TypeSQSQueue            = "AWS::SQS::Queue"
	TypeSNSTopic            = "AWS::SNS::Topic"
)

// SourceOf describes r. A resource of any other type has only its RefGives
// empty and Stream 0.
func SourceOf(r *serverless.Resource) Source {
	s := Source{Resource: r}
	if r == nil {
		return s
	}
	switch r.Type {
	case TypeDynamoDBTable, TypeDynamoDBGlobalTable:
		s.Stream, s.Attribute, s.RefGives = catalog.DynamoDB, "StreamArn", "the table name"
		spec := r.Properties.Get("StreamSpecification")
		s.HasStream = spec != nil && !spec.IsNull()
		if v := spec.Get("StreamViewType"); v != nil && v.Kind == yamlast.Scalar {
			s.ViewType = v.Value
		}
	case TypeKinesisStream:
		s.Stream, s.Attribute, s.RefGives, s.HasStream = catalog.Kinesis, "Arn", "the stream name", true
	case TypeKinesisConsumer:
		s.Stream, s.Attribute, s.Consumer, s.HasStream = catalog.Kinesis, "ConsumerARN", true, true
		s.RefGives, s.RefIsARN = "the consumer ARN", true
	case TypeSQSQueue:
		s.Attribute, s.Destination, s.RefGives = "Arn", true, "the queue URL"
	case TypeSNSTopic:
		s.Attribute, s.Destination, s.RefGives, s.RefIsARN = "TopicArn", true, "the topic ARN", true
	}
	return s
}

// StreamSource reports whether the resource can be a stream event's `arn`:
// a Kinesis stream, or a table whose stream is enabled.
func (s Source) StreamSource() bool {
	return s.Stream != 0 && !s.Consumer && s.HasStream
}

// resourcePages are the CloudFormation pages of the resource types above,
// at the section that lists what Ref and Fn::GetAtt return
// (reference/aws-esm.md 5.1 to 5.3).
var resourcePages = map[string]string{
	TypeDynamoDBTable:       "aws-resource-dynamodb-table.html#aws-resource-dynamodb-table-return-values",
	TypeDynamoDBGlobalTable: "aws-resource-dynamodb-globaltable.html#cfn-dynamodb-globaltable-streamspecification",
	TypeKinesisStream:       "aws-resource-kinesis-stream.html#aws-resource-kinesis-stream-return-values",
	TypeKinesisConsumer:     "aws-resource-kinesis-streamconsumer.html#aws-resource-kinesis-streamconsumer-return-values",
	TypeSQSQueue:            "aws-resource-sqs-queue.html",
	TypeSNSTopic:            "aws-resource-sns-topic.html",
}

func resourceLinks(typ string) []catalog.Link {
	page, ok := resourcePages[typ]
	if !ok {
		return nil
	}
	return []catalog.Link{{Title: "CloudFormation: " + typ, URL: catalog.DocCloudFormation + page}}
}

// sourceFacts lists what matters about a resource for stream events.
func sourceFacts(d *doc, s Source) {
	id := s.Resource.LogicalID
	switch {
	case s.Stream == catalog.DynamoDB && s.HasStream:
		view := "not written"
		if s.ViewType != "" {
			view = code(s.ViewType)
			for _, vt := range catalog.DynamoDBStreamViewTypes() {
				if vt.Name == s.ViewType {
					view += " (records carry " + strings.Join(vt.Images, ", ") + ")"
				}
			}
		}
		d.fact("Stream", "enabled, view type "+view)
	case s.Stream == catalog.DynamoDB:
		d.fact("Stream", "none: the table has no `StreamSpecification`, so `StreamArn` does not exist")
	}
	switch {
	case s.Consumer:
		d.fact("As `consumer`", code("Ref: "+id)+" or "+code("Fn::GetAtt: ["+id+", "+s.Attribute+"]"))
	case s.StreamSource():
		d.fact("As `arn`", code("Fn::GetAtt: ["+id+", "+s.Attribute+"]")+", with `type: "+typeName(s.Stream)+"`")
	case s.Destination && s.RefIsARN:
		d.fact("As `onFailure` destination", code("Ref: "+id))
	case s.Destination:
		d.fact("As `onFailure` destination", code("Fn::GetAtt: ["+id+", "+s.Attribute+"]"))
	}
	if s.RefGives != "" {
		d.fact("`Ref` gives", s.RefGives)
	}
}

func sourceDoc(s Source) *doc {
	d := newDoc()
	if s.Resource == nil {
		return d
	}
	typ := s.Resource.Type
	if typ == "" {
		typ = "type not written as a literal"
	}
	d.title(code(s.Resource.LogicalID) + ": " + typ)
	sourceFacts(d, s)
	d.links(resourceLinks(s.Resource.Type))
	return d
}

// SourceDoc describes a resource for a completion item's documentation, in
// markdown and in plain text.
func SourceDoc(s Source) (markdown, plain string) {
	d := sourceDoc(s)
	return d.markdown(), d.plain()
}
