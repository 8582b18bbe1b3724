package rules

import (
	"strings"

	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// A stream event names CloudFormation resources in three places: the
// source (`arn`), the enhanced fan-out consumer (`consumer`) and the
// on-failure destination. Each place needs a different kind of resource and
// a different attribute of it.

// referenceRole is the place of a reference in a stream event.
type referenceRole uint8

const (
	roleSource referenceRole = iota
	roleConsumer
	roleOnFailure
)

// keyPath is how messages name the key that holds a reference.
func (r referenceRole) keyPath() string {
	switch r {
	case roleConsumer:
		return "consumer"
	case roleOnFailure:
		return "destinations.onFailure"
	}
	return "arn"
}

// resourceReference is one `Fn::GetAtt` or `Ref` with a literal logical ID
// in a stream event.
type resourceReference struct {
	Role referenceRole
	In   serverless.Intrinsic
	// Resource is the referenced entry of resources.Resources, nil when the
	// file does not define it.
	Resource *serverless.Resource
	// TypeKey is the `type` value that applies to this place: the stream's
	// for the source, the destination's for onFailure; nil when absent.
	TypeKey *yamlast.Node
}

// IsRef reports whether the reference is a `Ref` rather than a GetAtt.
func (r resourceReference) IsRef() bool { return r.In.Name == "Ref" }

// eventReferences lists the references a stream event makes, in key order.
func eventReferences(f *serverless.File, ev *serverless.StreamEvent) []resourceReference {
	var out []resourceReference
	add := func(role referenceRole, n, typeKey *yamlast.Node) {
		in, ok := serverless.ReadIntrinsic(n)
		if !ok || (in.Name != "GetAtt" && in.Name != "Ref") || in.LogicalID == "" || serverless.HasVariable(in.LogicalID) {
			return
		}
		if in.Name == "Ref" && strings.HasPrefix(in.LogicalID, "AWS::") {
			// A pseudo parameter, such as AWS::Region, is not a resource.
			return
		}
		out = append(out, resourceReference{Role: role, In: in, Resource: f.Resources[in.LogicalID], TypeKey: typeKey})
	}
	add(roleSource, ev.ARN(), ev.PropValue("type"))
	add(roleConsumer, ev.PropValue("consumer"), nil)
	if dest := ev.PropValue("destinations"); dest != nil {
		if onFailure := dest.Get("onFailure"); onFailure != nil {
			if serverless.IsIntrinsic(onFailure) || onFailure.Kind != yamlast.Mapping {
				add(roleOnFailure, onFailure, nil)
			} else {
				add(roleOnFailure, onFailure.Get("arn"), onFailure.Get("type"))
			}
		}
	}
	return out
}

// resourceFacts is what CloudFormation returns for a resource type
// (reference/aws-esm.md 5.1 to 5.3, and the SNS and SQS return values on the
// CloudFormation template reference).
type resourceFacts struct {
	// Attributes are the GetAtt attribute names the type has.
	Attributes []string
	// RefGives says what `Ref` returns, for messages.
	RefGives string
	RefIsARN bool
}

const (
	typeDynamoDBTable       = "AWS::DynamoDB::Table"
	typeDynamoDBGlobalTable = "AWS::DynamoDB::GlobalTable"
	typeKinesisStream       = "AWS::Kinesis::Stream"
	typeKinesisConsumer     = "AWS::Kinesis::StreamConsumer"
	typeSQSQueue            = "AWS::SQS::Queue"
	typeSNSTopic            = "AWS::SNS::Topic"
)

var knownResourceTypes = map[string]resourceFacts{
	typeDynamoDBTable:       {Attributes: []string{"Arn", "StreamArn"}, RefGives: "the table name"},
	typeDynamoDBGlobalTable: {Attributes: []string{"Arn", "StreamArn", "TableId"}, RefGives: "the table name"},
	typeKinesisStream:       {Attributes: []string{"Arn"}, RefGives: "the stream name"},
	typeKinesisConsumer: {Attributes: []string{"ConsumerARN", "ConsumerCreationTimestamp", "ConsumerName", "ConsumerStatus", "StreamARN"},
		RefGives: "the consumer ARN", RefIsARN: true},
	typeSQSQueue: {Attributes: []string{"Arn", "QueueName", "QueueUrl"}, RefGives: "the queue URL"},
	typeSNSTopic: {Attributes: []string{"TopicArn", "TopicName"}, RefGives: "the topic ARN", RefIsARN: true},
}

// isDynamoDBTableType reports whether t is a table type whose stream a
// mapping can read.
func isDynamoDBTableType(t string) bool {
	return t == typeDynamoDBTable || t == typeDynamoDBGlobalTable
}

// wantedAttribute is the attribute that gives the ARN a role needs from a
// resource type; ok is false when the type does not belong in that role.
func wantedAttribute(role referenceRole, resourceType string) (attr string, ok bool) {
	switch role {
	case roleSource:
		switch resourceType {
		case typeDynamoDBTable, typeDynamoDBGlobalTable:
			return "StreamArn", true
		case typeKinesisStream:
			return "Arn", true
		case typeKinesisConsumer:
			// Lambda accepts a consumer ARN as the event source ARN.
			return "ConsumerARN", true
		}
	case roleConsumer:
		if resourceType == typeKinesisConsumer {
			return "ConsumerARN", true
		}
	case roleOnFailure:
		switch resourceType {
		case typeSQSQueue:
			return "Arn", true
		case typeSNSTopic:
			return "TopicArn", true
		}
	}
	return "", false
}

// judgedResourceType reports whether stream-ls knows enough about a
// resource type to say it does not belong somewhere. Custom resources and
// types written as variables may return anything.
func judgedResourceType(t string) bool {
	return t != "" && !strings.HasPrefix(t, "Custom::") && !strings.HasPrefix(t, "AWS::CloudFormation::")
}

// getAttText writes a GetAtt in the style the user wrote the reference in,
// for messages that suggest a replacement.
func getAttText(in *serverless.Intrinsic, logicalID, attr string) string {
	if in.Short {
		return "!GetAtt " + logicalID + "." + attr
	}
	return "Fn::GetAtt: [" + logicalID + ", " + attr + "]"
}

// referencedTable returns the DynamoDB table resource the event's source
// references, or nil.
func referencedTable(f *serverless.File, ev *serverless.StreamEvent) *serverless.Resource {
	return sourceTable(eventReferences(f, ev))
}

// sourceTable returns the DynamoDB table resource among an event's
// references that is its source, or nil.
func sourceTable(refs []resourceReference) *serverless.Resource {
	for _, ref := range refs {
		if ref.Role == roleSource && ref.Resource != nil && isDynamoDBTableType(ref.Resource.Type) {
			return ref.Resource
		}
	}
	return nil
}

// streamSpecification returns a table's StreamSpecification. known is false
// when the properties are written in a way stream-ls cannot read (a
// variable, an intrinsic such as Fn::If), so that nothing is judged.
func streamSpecification(table *serverless.Resource) (spec *yamlast.Pair, known bool) {
	props := table.Properties
	if props == nil {
		return nil, table.Node != nil && table.Node.Kind == yamlast.Mapping
	}
	if props.Kind != yamlast.Mapping || isOpaque(props) {
		return nil, false
	}
	if serverless.IsIntrinsic(props) {
		return nil, false
	}
	spec = props.Pair("StreamSpecification")
	if spec == nil {
		return nil, true
	}
	if spec.Value.IsNull() {
		return nil, true
	}
	if serverless.IsIntrinsic(spec.Value) || isOpaque(spec.Value) || spec.Value.Kind != yamlast.Mapping {
		return nil, false
	}
	return spec, true
}

// streamViewTypeImages are the images each StreamViewType puts in stream
// records (reference/aws-esm.md 3.4).
var streamViewTypeImages = map[string][]string{
	"KEYS_ONLY":          {"Keys"},
	"NEW_IMAGE":          {"Keys", "NewImage"},
	"OLD_IMAGE":          {"Keys", "OldImage"},
	"NEW_AND_OLD_IMAGES": {"Keys", "NewImage", "OldImage"},
}

// streamViewTypeNames lists the view types in the order AWS documents them.
var streamViewTypeNames = []string{"KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"}

// literalStreamViewType returns the table's StreamViewType when it is
// written as a literal.
func literalStreamViewType(table *serverless.Resource) (string, bool) {
	spec, known := streamSpecification(table)
	if !known || spec == nil {
		return "", false
	}
	v := spec.Value.Get("StreamViewType")
	if v == nil || v.Kind != yamlast.Scalar || isOpaque(v) {
		return "", false
	}
	if _, ok := streamViewTypeImages[v.Value]; !ok {
		return "", false
	}
	return v.Value, true
}

// imagesFiltered lists the DynamoDB images (NewImage, OldImage) that the
// filter patterns of the events reading a table look at.
func imagesFiltered(ctx *Context, table *serverless.Resource) (newImage, oldImage bool) {
	for _, ev := range ctx.StreamsNaming(table.LogicalID) {
		if referencedTable(ctx.File, ev) != table {
			continue
		}
		for _, pattern := range eventFilterPatterns(ev) {
			for _, field := range patternFields(pattern) {
				if dynamoDBPlaceOf(field.Path) == dynamoDBRecordField {
					newImage = newImage || field.Name() == "NewImage"
					oldImage = oldImage || field.Name() == "OldImage"
				}
			}
		}
	}
	return newImage, oldImage
}

// suggestedViewType is the StreamViewType to recommend for a table: the
// narrowest that serves the filters, and both images when the filters do
// not tell, since handlers usually read them.
func suggestedViewType(ctx *Context, table *serverless.Resource) string {
	switch newImage, oldImage := imagesFiltered(ctx, table); {
	case newImage && !oldImage:
		return "NEW_IMAGE"
	case oldImage && !newImage:
		return "OLD_IMAGE"
	}
	return "NEW_AND_OLD_IMAGES"
}
