package catalog

import "slices"

// Filter pattern limits (aws-esm.md 3.1 and R10, serverless-stream.md 1.2).
// Three different ceilings exist and users meet them in this order: AWS's
// default quota, the framework's schema (equal to AWS's hard maximum), and
// CloudFormation's schema, which is looser than the service.
const (
	// FilterPatternsMin is the framework's minItems: an empty list is rejected.
	FilterPatternsMin = 1
	// FilterPatternsDefaultQuota is AWS's default number of filters per event
	// source mapping; more fail at deploy time unless the quota was raised.
	FilterPatternsDefaultQuota = 5
	// FilterPatternsMax is both AWS's maximum after a quota increase and the
	// framework schema's maxItems.
	FilterPatternsMax = 10
	// FilterPatternsCloudFormationMax is what the CloudFormation resource
	// schema allows; the service rejects more than FilterPatternsMax anyway.
	FilterPatternsCloudFormationMax = 20
	// FilterPatternMaxLength is the longest JSON string one pattern may be
	// once the framework has serialised it.
	FilterPatternMaxLength = 4096
)

// The top-level key a pattern must use to look at a record's payload; the
// current Lambda pages say these are the only keys each source filters on.
const (
	KinesisFilterDataKey  = "data"
	DynamoDBFilterDataKey = "dynamodb"
)

// FilterOperator is one matching rule documented for Lambda event filtering.
type FilterOperator struct {
	Name string
	// Keyword is the key inside a value list ({prefix: "us-"}), or, when
	// FieldLevel is set, the key at field level ($or). "" for operators that
	// are plain values (equals, null, empty) or pattern structure (and, or).
	Keyword    string
	FieldLevel bool
	// Example is a pattern fragment in YAML flow style, as it would appear
	// in serverless.yml.
	Example string
	Summary string
	// NotForDynamoDB marks operators that cannot match DynamoDB records:
	// numbers arrive there as strings.
	NotForDynamoDB bool
	// LeafOnly marks operators that only match a leaf value; under DynamoDB
	// that is the value below the type descriptor, not the attribute.
	LeafOnly bool
}

var filterOperators = []FilterOperator{
	{Name: "Null", Example: "field: [null]", Summary: "the field is present and null"},
	{Name: "Empty", Example: `field: [""]`, Summary: "the field is an empty string"},
	{Name: "Equals", Example: "field: [value]", Summary: "the field equals the value exactly (case-sensitive; numbers compare as written)"},
	{Name: "Equals, ignoring case", Keyword: "equals-ignore-case", Example: "field: [{equals-ignore-case: value}]", Summary: "the field equals the value in any letter case"},
	{Name: "And", Example: "{a: [x], b: [y]}", Summary: "every field written in one pattern must match"},
	{Name: "Or (values)", Example: "field: [a, b]", Summary: "any of the values listed for a field matches"},
	{Name: "Or (fields)", Keyword: "$or", FieldLevel: true, Example: "$or: [{a: [x]}, {b: [y]}]", Summary: "any of the listed sub-patterns matches"},
	{Name: "Not", Keyword: "anything-but", Example: "field: [{anything-but: [value]}]", Summary: "the field is none of the values"},
	{Name: "Numeric (equals)", Keyword: "numeric", Example: `field: [{numeric: ["=", 100]}]`, Summary: "the field is a number equal to the value", NotForDynamoDB: true},
	{Name: "Numeric (range)", Keyword: "numeric", Example: `field: [{numeric: [">", 10, "<=", 20]}]`, Summary: "the field is a number within the bounds", NotForDynamoDB: true},
	{Name: "Exists", Keyword: "exists", Example: "field: [{exists: true}]", Summary: "the field is present (`false`: absent)", LeafOnly: true},
	{Name: "Begins with", Keyword: "prefix", Example: `field: [{prefix: "us-"}]`, Summary: "the field starts with the text"},
	{Name: "Ends with", Keyword: "suffix", Example: `field: [{suffix: ".png"}]`, Summary: "the field ends with the text"},
}

// FilterOperators lists the operators Lambda documents, in the order of its
// filtering page.
func FilterOperators() []FilterOperator { return slices.Clone(filterOperators) }

// FilterOperatorsByKeyword returns the operators written with a keyword; two
// share "numeric".
func FilterOperatorsByKeyword(keyword string) []FilterOperator {
	var out []FilterOperator
	for _, op := range filterOperators {
		if keyword != "" && op.Keyword == keyword {
			out = append(out, op)
		}
	}
	return out
}

// FilterKeywords lists every keyword Lambda documents, each once.
func FilterKeywords() []string {
	var out []string
	for _, op := range filterOperators {
		if op.Keyword != "" && !slices.Contains(out, op.Keyword) {
			out = append(out, op.Keyword)
		}
	}
	return out
}

// eventBridgeOnlyKeywords are EventBridge pattern operators that Lambda's
// filtering page does not list. Whether Lambda rejects them or never matches
// is unconfirmed (aws-esm.md 3.3), so they deserve a warning, not an error.
// The combinations EventBridge allows but Lambda does not list (anything-but
// with prefix, suffix, equals-ignore-case or wildcard; prefix or suffix with
// equals-ignore-case) are made of listed keywords and need a structural check.
var eventBridgeOnlyKeywords = []string{"wildcard", "cidr"}

// EventBridgeOnlyFilterKeywords lists the operator keywords EventBridge
// knows and Lambda does not document.
func EventBridgeOnlyFilterKeywords() []string { return slices.Clone(eventBridgeOnlyKeywords) }

// DynamoDBEventNames are the values of a DynamoDB stream record's eventName,
// upper-case; filters compare them case-sensitively.
func DynamoDBEventNames() []string { return []string{"INSERT", "MODIFY", "REMOVE"} }

// TypeDescriptor is a DynamoDB attribute-value type key. Stream records
// carry attributes as {"S": "text"}, so filters must nest values the same
// way.
type TypeDescriptor struct {
	Name    string
	Summary string
}

var dynamoDBTypeDescriptors = []TypeDescriptor{
	{"S", "string"},
	{"N", "number, transmitted as a string"},
	{"B", "binary, base64-encoded"},
	{"BOOL", "boolean"},
	{"NULL", "null"},
	{"M", "map of attribute values"},
	{"L", "list of attribute values"},
	{"SS", "string set"},
	{"NS", "number set"},
	{"BS", "binary set"},
}

// DynamoDBTypeDescriptors lists the DynamoDB JSON type keys.
func DynamoDBTypeDescriptors() []TypeDescriptor { return slices.Clone(dynamoDBTypeDescriptors) }

// DynamoDBRecordKeys are the keys under a DynamoDB stream record's
// `dynamodb` key; filters normally use the first three.
func DynamoDBRecordKeys() []string {
	return []string{"Keys", "NewImage", "OldImage", "SequenceNumber", "SizeBytes", "StreamViewType", "ApproximateCreationDateTime"}
}

// StreamViewType is a DynamoDB StreamSpecification.StreamViewType and the
// record images it produces: a filter on an image the view type does not
// produce can never match.
type StreamViewType struct {
	Name   string
	Images []string
}

// DynamoDBStreamViewTypes lists the view types in the order AWS documents
// them.
func DynamoDBStreamViewTypes() []StreamViewType {
	return []StreamViewType{
		{"KEYS_ONLY", []string{"Keys"}},
		{"NEW_IMAGE", []string{"Keys", "NewImage"}},
		{"OLD_IMAGE", []string{"Keys", "OldImage"}},
		{"NEW_AND_OLD_IMAGES", []string{"Keys", "NewImage", "OldImage"}},
	}
}

// FilterLinks are the pages a filter-pattern hover or diagnostic cites.
func FilterLinks() []Link {
	return []Link{
		{"Lambda: event filtering syntax", DocEventFilteringSyntax},
		{"Lambda: filtering Kinesis records", DocKinesisFiltering},
		{"Lambda: filtering DynamoDB records", DocDynamoDBFiltering},
		{"Lambda API: Filter (pattern length)", DocFilterAPI},
		{"EventBridge: values must be in arrays", DocEventBridgeMatchValues},
		{"EventBridge: pattern operators", DocEventBridgeOperators},
	}
}
