package catalog

import "github.com/stream-ls/stream-ls/analysis/diag"

// Rules about what a stream event's filter patterns say, what its ARNs
// reference in `resources`, and what several events say together.
const (
	RuleFilterPatternsNotList        = "stream-filter-patterns-not-list"
	RuleFilterPatternsEmpty          = "stream-filter-patterns-empty"
	RuleFilterPatternNotMapping      = "stream-filter-pattern-not-mapping"
	RuleFilterPatternValueNotList    = "stream-filter-pattern-value-not-list"
	RuleFilterPatternOperator        = "stream-filter-pattern-operator"
	RuleFilterPatternOperatorValue   = "stream-filter-pattern-operator-value"
	RuleFilterPatternEventName       = "stream-filter-pattern-event-name"
	RuleFilterPatternDynamoDBKey     = "stream-filter-pattern-dynamodb-key"
	RuleFilterPatternDynamoDBType    = "stream-filter-pattern-dynamodb-type"
	RuleFilterPatternDynamoDBNumeric = "stream-filter-pattern-dynamodb-numeric"
	RuleFilterPatternPayloadKey      = "stream-filter-pattern-payload-key"
	RuleFilterPatternTooLong         = "stream-filter-pattern-too-long"
	RuleRefUnknownResource           = "stream-ref-unknown-resource"
	RuleRefAttribute                 = "stream-ref-attribute"
	RuleRefNotARN                    = "stream-ref-not-arn"
	RuleRefResourceType              = "stream-ref-resource-type"
	RuleRefStreamSpecification       = "stream-ref-stream-specification"
	RuleDuplicateSource              = "stream-duplicate-source"
	RuleLogicalIDCollision           = "stream-logical-id-collision"
	RuleDynamoDBReaders              = "stream-dynamodb-readers"
	RuleDynamoDBRecordAge            = "stream-dynamodb-record-age"
)

// Pages these rules cite beyond the shared ones (reference/aws-esm.md 5.1,
// 5.3, 6.1 and 7).
const (
	docTableReturnValues    = DocCloudFormation + "aws-resource-dynamodb-table.html#aws-resource-dynamodb-table-return-values"
	docTableStreamSpec      = DocCloudFormation + "aws-resource-dynamodb-table.html#cfn-dynamodb-table-streamspecification"
	docDynamoDBShardReaders = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-dynamodb-streams-simultaneous-shard-readers"
	docDuplicateMapping     = "https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html"
	docServerlessResources  = "https://www.serverless.com/framework/docs/providers/aws/guide/resources"
)

func init() {
	define(
		Rule{ID: RuleFilterPatternsNotList, Severity: diag.Error,
			Title: "`filterPatterns` is not a list (a single mapping crashes the framework)",
			Href:  ServerlessStreamsDocs},
		Rule{ID: RuleFilterPatternsEmpty, Severity: diag.Error,
			Title: "`filterPatterns` is an empty list",
			Href:  ServerlessStreamsDocs},
		Rule{ID: RuleFilterPatternNotMapping, Severity: diag.Error,
			Title: "A filter pattern is not a mapping",
			Href:  DocEventFiltering + "#filtering-basics"},
		Rule{ID: RuleFilterPatternValueNotList, Severity: diag.Error,
			Title: "A filter value is not written as a list (`eventName: INSERT` instead of `[INSERT]`)",
			Href:  DocEventBridgeMatchValues},
		Rule{ID: RuleFilterPatternOperator, Severity: diag.Error,
			Title: "A filter operator that Lambda does not support",
			Href:  DocEventFilteringSyntax},
		Rule{ID: RuleFilterPatternOperatorValue, Severity: diag.Error,
			Title: "A filter operator with an argument of the wrong shape",
			Href:  DocEventFilteringSyntax},
		Rule{ID: RuleFilterPatternEventName, Severity: diag.Error,
			Title: "A DynamoDB `eventName` filter value other than INSERT, MODIFY or REMOVE",
			Href:  DocDynamoDBFiltering},
		Rule{ID: RuleFilterPatternDynamoDBKey, Severity: diag.Error,
			Title: "A DynamoDB filter on a record field that does not exist or that the stream does not carry",
			Href:  DocDynamoDBFiltering},
		Rule{ID: RuleFilterPatternDynamoDBType, Severity: diag.Error,
			Title: "A DynamoDB attribute filter without its type descriptor (`{S: [...]}`)",
			Href:  DocDynamoDBFiltering + "#filtering-ddb-attributes"},
		Rule{ID: RuleFilterPatternDynamoDBNumeric, Severity: diag.Error,
			Title: "A numeric filter on a DynamoDB attribute (numbers arrive as strings)",
			Href:  DocDynamoDBFiltering},
		Rule{ID: RuleFilterPatternPayloadKey, Severity: diag.Warning,
			Title: "A filter on payload fields outside the source's data key (`data` for Kinesis, `dynamodb` for DynamoDB)",
			Href:  DocEventFiltering + "#filtering-by-service"},
		Rule{ID: RuleFilterPatternTooLong, Severity: diag.Error,
			Title: "A filter pattern longer than 4096 characters as JSON",
			Href:  DocFilterAPI},
		Rule{ID: RuleRefUnknownResource, Severity: diag.Error,
			Title: "`Fn::GetAtt` or `Ref` names a logical ID that `resources` does not define",
			Href:  docServerlessResources},
		Rule{ID: RuleRefAttribute, Severity: diag.Error,
			Title: "`Fn::GetAtt` reads the wrong attribute (a table's `Arn` instead of `StreamArn`)",
			Href:  docTableReturnValues},
		Rule{ID: RuleRefNotARN, Severity: diag.Error,
			Title: "`Ref` of a table, stream or queue gives its name or URL, not an ARN",
			Href:  docTableReturnValues},
		Rule{ID: RuleRefResourceType, Severity: diag.Error,
			Title: "The referenced resource is not the kind of source or destination the key needs",
			Href:  DocESMProperty("EventSourceArn")},
		Rule{ID: RuleRefStreamSpecification, Severity: diag.Error,
			Title: "`StreamArn` of a DynamoDB table that has no stream (`StreamSpecification`)",
			Href:  docTableStreamSpec},
		Rule{ID: RuleDuplicateSource, Severity: diag.Error,
			Title: "Two stream events of one function read the same source",
			Href:  docDuplicateMapping},
		Rule{ID: RuleLogicalIDCollision, Severity: diag.Error,
			Title: "Two stream events get the same generated logical ID and are merged",
			Href:  ServerlessStreamsDocs},
		Rule{ID: RuleDynamoDBReaders, Severity: diag.Warning,
			Title: "More functions read one DynamoDB stream than it serves without throttling",
			Href:  docDynamoDBShardReaders},
		Rule{ID: RuleDynamoDBRecordAge, Severity: diag.Warning,
			Title: "`maximumRecordAgeInSeconds` above 86400 on a DynamoDB stream, whose records live 24 hours",
			Href:  DocDynamoDBStreamRetention},
	)
}
