package catalog

import "github.com/stream-ls/stream-ls/analysis/diag"

// Rules about what a single stream event says: its shape, its keys and
// their values, its source ARN and type, consumer, starting position and
// on-failure destination. Facts and sources are in
// reference/serverless-stream.md and reference/aws-esm.md.

// AT_TIMESTAMP without a consumer fails at deploy time; the framework issue
// is the best description of why (reference/serverless-stream.md 8).
const serverlessIssueATTimestamp = "https://github.com/serverless/serverless/issues/12111"

const (
	RuleEventShape                  = "stream-event-shape"
	RuleUnknownKey                  = "stream-unknown-key"
	RuleARNRequired                 = "stream-arn-required"
	RuleEmptyValue                  = "stream-empty-value"
	RuleIntegerValue                = "stream-integer-value"
	RuleBooleanValue                = "stream-boolean-value"
	RuleEnumValue                   = "stream-enum-value"
	RuleTypeRequired                = "stream-type-required"
	RuleARNIntrinsicUnsupported     = "stream-arn-intrinsic-unsupported"
	RuleARNFormat                   = "stream-arn-format"
	RuleARNService                  = "stream-arn-service"
	RuleDynamoDBTableARN            = "stream-dynamodb-table-arn"
	RuleTypeMismatch                = "stream-type-mismatch"
	RuleConsumerValue               = "stream-consumer-value"
	RuleConsumerLogicalID           = "stream-consumer-logical-id"
	RuleATTimestampDynamoDB         = "stream-at-timestamp-dynamodb"
	RuleATTimestampWithoutConsumer  = "stream-at-timestamp-without-consumer"
	RuleTimestampMissing            = "stream-timestamp-missing"
	RuleTimestampWithoutATTimestamp = "stream-timestamp-without-at-timestamp"
	RuleTimestampFormat             = "stream-timestamp-format"
	RuleDestinationShape            = "stream-destination-shape"
	RuleDestinationTypeRequired     = "stream-destination-type-required"
	RuleDestinationService          = "stream-destination-service"
	RuleDestinationTypeMismatch     = "stream-destination-type-mismatch"
)

func init() {
	define(
		Rule{ID: RuleEventShape, Severity: diag.Error,
			Title: "`stream` is empty, a list or an intrinsic, or its settings sit next to it instead of under it",
			Href:  ServerlessStreamsDocs},
		// Warning is the framework's own default (configValidationMode
		// warn); the rule raises or lowers it with the file's mode.
		Rule{ID: RuleUnknownKey, Severity: diag.Warning,
			Title: "A key the framework's schema does not know for stream events",
			Href:  ServerlessStreamsDocs},
		Rule{ID: RuleARNRequired, Severity: diag.Error,
			Title: "A stream event written as a mapping has no `arn`",
			Href:  ServerlessStreamsDocs},
		Rule{ID: RuleEmptyValue, Severity: diag.Warning,
			Title: "A stream setting is written without a value, so the framework ignores it",
			Href:  ServerlessStreamsDocs},
		Rule{ID: RuleIntegerValue, Severity: diag.Error,
			Title: "An integer setting (batchSize, batchWindow, retries, record age, parallelization, tumbling window) is not a whole number in its range",
			Href:  DocESM},
		Rule{ID: RuleBooleanValue, Severity: diag.Error,
			Title: "`enabled` or `bisectBatchOnFunctionError` is not true or false",
			Href:  DocESM},
		Rule{ID: RuleEnumValue, Severity: diag.Error,
			Title: "`type`, `startingPosition`, `functionResponseType` or the destination's `type` is not one of its allowed values",
			Href:  ServerlessStreamsDocs},
		Rule{ID: RuleTypeRequired, Severity: diag.Error,
			Title: "`arn` is an intrinsic function but `type` is missing",
			Href:  ServerlessStreamsDocs},
		Rule{ID: RuleARNIntrinsicUnsupported, Severity: diag.Error,
			Title: "`arn` is a form the framework's compiler crashes on (Fn::Sub, Fn::If, nested intrinsics, arbitrary objects)",
			Href:  ServerlessStreamsDocs},
		Rule{ID: RuleARNFormat, Severity: diag.Error,
			Title: "The stream ARN is not an ARN, or not shaped like a stream ARN",
			Href:  DocESMProperty("EventSourceArn")},
		Rule{ID: RuleARNService, Severity: diag.Error,
			Title: "The stream ARN names a service other than Kinesis Data Streams or DynamoDB Streams, or a consumer instead of a stream",
			Href:  DocESMProperty("EventSourceArn")},
		Rule{ID: RuleDynamoDBTableARN, Severity: diag.Error,
			Title: "A DynamoDB table ARN where the table's stream ARN is needed",
			Href:  DocDynamoDBMapping},
		Rule{ID: RuleTypeMismatch, Severity: diag.Error,
			Title: "`type` contradicts the service the ARN names",
			Href:  ServerlessStreamsDocs},
		Rule{ID: RuleConsumerValue, Severity: diag.Error,
			Title: "`consumer` is neither `true` nor a Kinesis stream consumer ARN",
			Href:  KinesisEFODocs},
		Rule{ID: RuleConsumerLogicalID, Severity: diag.Error,
			Title: "`consumer: true` on a stream whose name makes an invalid consumer name or logical ID",
			Href:  DocStreamConsumer},
		Rule{ID: RuleATTimestampDynamoDB, Severity: diag.Error,
			Title: "`startingPosition: AT_TIMESTAMP` on a DynamoDB stream",
			Href:  DocDynamoDBParameters},
		Rule{ID: RuleATTimestampWithoutConsumer, Severity: diag.Error,
			Title: "`AT_TIMESTAMP` on Kinesis without `consumer`: the framework drops the timestamp",
			Href:  serverlessIssueATTimestamp},
		Rule{ID: RuleTimestampMissing, Severity: diag.Error,
			Title: "`startingPosition: AT_TIMESTAMP` without `startingPositionTimestamp`",
			Href:  DocESMProperty("StartingPositionTimestamp")},
		Rule{ID: RuleTimestampWithoutATTimestamp, Severity: diag.Error,
			Title: "`startingPositionTimestamp` without `startingPosition: AT_TIMESTAMP`",
			Href:  DocESMProperty("StartingPositionTimestamp")},
		Rule{ID: RuleTimestampFormat, Severity: diag.Error,
			Title: "`startingPositionTimestamp` is not a number of seconds since the epoch",
			Href:  DocESMProperty("StartingPositionTimestamp")},
		Rule{ID: RuleDestinationShape, Severity: diag.Error,
			Title: "`destinations` is not `onFailure` with an ARN or `{arn, type}`",
			Href:  ServerlessStreamsDocs},
		Rule{ID: RuleDestinationTypeRequired, Severity: diag.Error,
			Title: "The on-failure destination's `arn` is an intrinsic but `type` is missing",
			Href:  ServerlessStreamsDocs},
		Rule{ID: RuleDestinationService, Severity: diag.Error,
			Title: "The on-failure destination is not an SQS queue or SNS topic, or one the framework or AWS handles badly (S3, FIFO on DynamoDB)",
			Href:  DocKinesisOnFailure},
		Rule{ID: RuleDestinationTypeMismatch, Severity: diag.Error,
			Title: "The on-failure destination's `type` contradicts its ARN or resource",
			Href:  ServerlessStreamsDocs},
	)
}
