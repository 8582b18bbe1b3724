package catalog

import "strings"

// Documentation pages for stream keys, from reference/aws-esm.md section 7
// ("Best docs URL per concept"). The Doc prefix keeps them apart from the
// rule links in rules.go, which another part of the code base maintains.
const (
	// DocCloudFormation is the folder of the current CloudFormation
	// template reference; the legacy UserGuide folder serves the same
	// fragments, but AWS asks readers to move to this one.
	DocCloudFormation   = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
	DocESM              = DocCloudFormation + "aws-resource-lambda-eventsourcemapping.html"
	DocESMOnFailure     = DocCloudFormation + "aws-properties-lambda-eventsourcemapping-onfailure.html#cfn-lambda-eventsourcemapping-onfailure-destination"
	DocESMFilterPattern = DocCloudFormation + "aws-properties-lambda-eventsourcemapping-filter.html#cfn-lambda-eventsourcemapping-filter-pattern"
	DocStreamConsumer   = DocCloudFormation + "aws-resource-kinesis-streamconsumer.html"

	DocLambdaGuide             = "https://docs.aws.amazon.com/lambda/latest/dg/"
	DocKinesis                 = DocLambdaGuide + "with-kinesis.html"
	DocKinesisParameters       = DocLambdaGuide + "services-kinesis-parameters.html"
	DocKinesisConsumers        = DocLambdaGuide + "services-kinesis-create.html"
	DocKinesisWindows          = DocLambdaGuide + "services-kinesis-windows.html"
	DocKinesisBatchFailures    = DocLambdaGuide + "services-kinesis-batchfailurereporting.html"
	DocKinesisOnFailure        = DocLambdaGuide + "kinesis-on-failure-destination.html"
	DocKinesisFiltering        = DocLambdaGuide + "with-kinesis-filtering.html"
	DocDynamoDB                = DocLambdaGuide + "with-ddb.html"
	DocDynamoDBMapping         = DocLambdaGuide + "services-dynamodb-eventsourcemapping.html"
	DocDynamoDBParameters      = DocLambdaGuide + "services-ddb-params.html"
	DocDynamoDBWindows         = DocLambdaGuide + "services-ddb-windows.html"
	DocDynamoDBBatchFailures   = DocLambdaGuide + "services-ddb-batchfailurereporting.html"
	DocDynamoDBOnFailure       = DocLambdaGuide + "services-dynamodb-errors.html"
	DocDynamoDBFiltering       = DocLambdaGuide + "with-ddb-filtering.html"
	DocEventFiltering          = DocLambdaGuide + "invocation-eventfiltering.html"
	DocEventFilteringSyntax    = DocEventFiltering + "#filtering-syntax"
	DocBatching                = DocLambdaGuide + "invocation-eventsourcemapping.html"
	DocFilterAPI               = "https://docs.aws.amazon.com/lambda/latest/api/API_Filter.html"
	DocDynamoDBStreamRetention = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html#Streams.DataRetention"
	DocKinesisEnhancedFanOut   = "https://docs.aws.amazon.com/streams/latest/dev/enhanced-consumers.html"
	DocKinesisARNFormat        = "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonkinesisdatastreams.html"
	DocDynamoDBARNFormat       = "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html"
	DocEventBridgeMatchValues  = "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern.html#eb-filtering-match-values"
	DocEventBridgeOperators    = "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html"
)

// DocESMProperty is the anchor of a top-level AWS::Lambda::EventSourceMapping
// property on the CloudFormation page; AWS derives it from the lower-cased
// property name.
func DocESMProperty(prop string) string {
	return DocESM + "#cfn-lambda-eventsourcemapping-" + strings.ToLower(prop)
}

// The serverless.com page has no stable per-key anchors the references
// confirm, so every key links to the page itself.
var linkServerless = Link{"Serverless Framework: Kinesis & DynamoDB stream events", ServerlessStreamsDocs}

func linkCFN(prop string) Link {
	return Link{"CloudFormation: " + prop, DocESMProperty(prop)}
}

var (
	linkKinesisParams  = Link{"Lambda: Kinesis stream parameters", DocKinesisParameters}
	linkDynamoDBParams = Link{"Lambda: DynamoDB Streams parameters", DocDynamoDBParameters}
)

// streamEvent is the catalog. Children follow the property order of the
// framework's schema (serverless-stream.md 1.2, stream.js in v3.40.0 and
// sf-core 4.41.0), which is also the order completion offers them in.
var streamEvent = fillEnums(Key{
	Name:    "stream",
	Summary: "Triggers the function from a Kinesis data stream or a DynamoDB stream.",
	Doc: `Write the stream ARN directly (` + "`- stream: arn:...`" + `) or a mapping with ` + "`arn`" + ` and any of the settings below. The framework turns each stream event into one ` + "`AWS::Lambda::EventSourceMapping`" + `; it does not create the stream.

The framework's validator reports keys it does not know. When a setting is left out the framework still writes three properties: ` + "`BatchSize: 10`" + `, ` + "`StartingPosition: TRIM_HORIZON`" + ` and ` + "`Enabled: true`" + `.`,
	Kind:      KindARNOrMapping,
	AppliesTo: AnyStream,
	Links: []Link{
		linkServerless,
		{"CloudFormation: AWS::Lambda::EventSourceMapping", DocESM},
		{"Lambda: using Kinesis Data Streams", DocKinesis},
		{"Lambda: using DynamoDB Streams", DocDynamoDB},
	},
	Snippet: "\n  arn: ${1:arn:aws:kinesis:us-east-1:123456789012:stream/my-stream}",
	Children: []Key{
		{
			Name:    "arn",
			Summary: "ARN of the Kinesis data stream or DynamoDB stream that triggers the function (required).",
			Doc: "The source stream, as a literal ARN or a CloudFormation intrinsic. `- stream: arn:...` is shorthand for a mapping holding only `arn`.\n\n" +
				"- Kinesis: the data stream ARN, `arn:aws:kinesis:REGION:ACCOUNT:stream/NAME`. To read through an enhanced fan-out consumer, keep the stream ARN here and set `consumer`.\n" +
				"- DynamoDB: the **stream** ARN, `...:table/NAME/stream/LABEL`. A table ARN is accepted by the framework and CloudFormation but is not an event source. In the same template use `Fn::GetAtt: [Table, StreamArn]`, which exists only when the table has a `StreamSpecification`.\n" +
				"- `Ref` on a Kinesis stream or a DynamoDB table gives a name, not an ARN.\n\n" +
				"With an intrinsic (`Fn::GetAtt`, `Ref`, `Fn::ImportValue`, `Fn::Join`) `type` is required, because the framework reads the stream type from a literal ARN only. The framework also derives resource names from this value and crashes while packaging on `Fn::Sub`, `Fn::If`, nested intrinsics, or a literal without a `/`.\n\n" +
				"Changing the source replaces the event source mapping.",
			Kind:                   KindARNOrIntrinsic,
			Required:               true,
			AppliesTo:              AnyStream,
			CloudFormationProperty: "EventSourceArn",
			Links: []Link{
				linkServerless,
				linkCFN("EventSourceArn"),
				{"Lambda: using Kinesis Data Streams", DocKinesis},
				{"Lambda: DynamoDB Streams event source mapping", DocDynamoDBMapping},
			},
			Snippet: "${1:arn:aws:kinesis:us-east-1:123456789012:stream/my-stream}",
		},
		{
			Name:    "type",
			Summary: "The stream's service, `dynamodb` or `kinesis`; required when `arn` is an intrinsic.",
			Doc: "With a literal ARN it can be left out: the framework takes the service from the ARN's third field. With a CloudFormation intrinsic as `arn` it is required; the framework's validator then only complains that `arn` \"must be string\", and packaging fails.\n\n" +
				"The framework never compares `type` with the ARN. A mismatch grants the wrong IAM actions (DynamoDB actions on a Kinesis stream, for example) and names the mapping after the wrong service. Only `kinesis` makes `consumer` take effect.\n\n" +
				"Nothing is written to the mapping itself: the value steers IAM statements, logical IDs and consumer handling.",
			Kind: KindEnum,
			Values: []EnumValue{
				{Value: "dynamodb", Summary: "a DynamoDB stream", AppliesTo: DynamoDB},
				{Value: "kinesis", Summary: "a Kinesis data stream", AppliesTo: Kinesis},
			},
			AppliesTo: AnyStream,
			Links:     []Link{linkServerless},
			Snippet:   "${1|dynamodb,kinesis|}",
		},
		{
			Name:    "batchSize",
			Summary: "Most records Lambda passes to one invocation (1 to 10000).",
			Doc: "Lambda collects up to this many records from a shard before it calls the function. A batch also closes when `batchWindow` runs out or when it reaches the 6 MB payload limit of a synchronous invocation, so large records make smaller batches.\n\n" +
				"**Gotcha:** when the key is absent the framework writes `BatchSize: 10`, not AWS's default of 100, and it also turns `0` into 10. Set the value explicitly if you rely on AWS's behaviour.",
			Kind:                   KindInteger,
			Ranges:                 []IntRange{{1, 10000}},
			FrameworkDefault:       "10",
			AWSDefault:             "100",
			AppliesTo:              AnyStream,
			CloudFormationProperty: "BatchSize",
			Links:                  []Link{linkServerless, linkCFN("BatchSize"), linkKinesisParams, linkDynamoDBParams},
			Snippet:                "${1:100}",
		},
		{
			Name:    "parallelizationFactor",
			Summary: "How many batches of one shard Lambda processes at the same time (1 to 10).",
			Doc: "Raises a shard's throughput without resharding: Lambda runs up to this many invocations per shard concurrently, and records with the same partition key still arrive in order.\n\n" +
				"The framework writes `ParallelizationFactor` only when the key is set (a `0` is dropped), so otherwise AWS's default of 1 applies. AWS's older guide notes that it cannot be combined with Kinesis Producer Library aggregation.",
			Kind:                   KindInteger,
			Ranges:                 []IntRange{{1, 10}},
			AWSDefault:             "1",
			AppliesTo:              AnyStream,
			CloudFormationProperty: "ParallelizationFactor",
			Since:                  "v1.59.0",
			Links:                  []Link{linkServerless, linkCFN("ParallelizationFactor"), linkKinesisParams, linkDynamoDBParams},
			Snippet:                "${1:2}",
		},
		{
			Name:    "startingPosition",
			Summary: "Where a new mapping starts reading: `LATEST`, `TRIM_HORIZON` or `AT_TIMESTAMP`.",
			Doc: "AWS needs a starting position for stream sources and has no default of its own; when the key is absent the framework writes `TRIM_HORIZON`. Values are case-sensitive and never converted: `latest` is rejected.\n\n" +
				"- DynamoDB Streams do not support `AT_TIMESTAMP`. The framework lets it through and the deployment fails.\n" +
				"- On Kinesis the framework passes `startingPositionTimestamp` on only when `consumer` is set, so `AT_TIMESTAMP` without `consumer` fails at deploy time with \"Need to specify a timestamp\" (serverless/serverless#12111).\n\n" +
				"**Gotcha:** changing the value replaces the mapping. CloudFormation creates the new one before it deletes the old one, and since both join the same function to the same stream, the update fails because the mapping \"already exists\". Delete the old mapping first, for example by deploying once without the event.",
			Kind: KindEnum,
			Values: []EnumValue{
				{Value: "LATEST", Summary: "only records written after the mapping is created", AppliesTo: AnyStream},
				{Value: "TRIM_HORIZON", Summary: "from the oldest record still in the stream", AppliesTo: AnyStream},
				{Value: "AT_TIMESTAMP", Summary: "from the time in `startingPositionTimestamp`", AppliesTo: Kinesis, Since: "v3.24.0"},
			},
			FrameworkDefault:       "TRIM_HORIZON",
			AppliesTo:              AnyStream,
			CloudFormationProperty: "StartingPosition",
			Links:                  []Link{linkServerless, linkCFN("StartingPosition"), linkKinesisParams, linkDynamoDBParams},
			Snippet:                "${1|LATEST,TRIM_HORIZON,AT_TIMESTAMP|}",
		},
		{
			Name:    "startingPositionTimestamp",
			Summary: "Unix time in seconds to start reading from, with `startingPosition: AT_TIMESTAMP`.",
			Doc: "Seconds since the Unix epoch (a fraction is allowed); the time must not be in the future. Write a number: an ISO date string is rejected, a quoted number is converted.\n\n" +
				"**Gotcha:** the framework writes `StartingPositionTimestamp` only for Kinesis events that also set `consumer`, and silently drops it everywhere else. With `consumer` and `AT_TIMESTAMP`, leaving the timestamp out is the one error the framework's stream compiler raises itself (`FUNCTION_STREAM_STARTING_POSITION_TIMESTAMP_INVALID`).\n\n" +
				"AWS accepts the timestamp only together with `AT_TIMESTAMP`, and changing it replaces the mapping.",
			Kind:                   KindNumber,
			AppliesTo:              Kinesis,
			CloudFormationProperty: "StartingPositionTimestamp",
			Since:                  "v3.24.0",
			Links:                  []Link{linkServerless, linkCFN("StartingPositionTimestamp"), linkKinesisParams},
			Snippet:                "${1:1700000000}",
		},
		{
			Name:    "enabled",
			Summary: "Whether the mapping polls the stream; `false` pauses it without deleting it.",
			Doc: "With `false` Lambda stops polling but keeps the mapping; once it is enabled again, processing resumes after the last record that was handled.\n\n" +
				"The framework always writes `Enabled`, `true` unless you say otherwise, which matches AWS's default.",
			Kind:                   KindBoolean,
			FrameworkDefault:       "true",
			AWSDefault:             "true",
			AppliesTo:              AnyStream,
			CloudFormationProperty: "Enabled",
			Links:                  []Link{linkServerless, linkCFN("Enabled"), {"Lambda: DynamoDB Streams event source mapping", DocDynamoDBMapping}},
			Snippet:                "${1|true,false|}",
		},
		{
			Name:    "consumer",
			Summary: "Read the Kinesis stream through an enhanced fan-out consumer: `true`, or a consumer ARN.",
			Doc: "An enhanced fan-out consumer has its own read throughput of 2 MiB/s per shard and gets records pushed to it, instead of sharing the shard's standard throughput with every other reader.\n\n" +
				"- `true`: the framework adds an `AWS::Kinesis::StreamConsumer` for this function and stream and makes it the mapping's source.\n" +
				"- an ARN or intrinsic: an existing consumer, `arn:aws:kinesis:REGION:ACCOUNT:stream/NAME/consumer/CONSUMER:CREATION_TIME`.\n\n" +
				"Keep the stream ARN in `arn` either way. A bare consumer name (as in one framework docs example) is not accepted and would end up as the source ARN; `false` is not accepted either, leave the key out instead.\n\n" +
				"**Gotchas:** on a DynamoDB stream the framework ignores `consumer` without a warning. The generated consumer is named after the function and the stream only, so two stages or services in one account collide; `provider.kinesis.consumerNamingMode: serviceSpecific` adds service and stage. A stream name with characters other than letters, digits, `-` and `_` yields an invalid CloudFormation logical ID. Kinesis limits how many consumers one stream can register (20 for most streams).",
			Kind:                   KindTrueOrARN,
			AppliesTo:              Kinesis,
			CloudFormationProperty: "EventSourceArn",
			Since:                  "v1.64.0",
			Links: []Link{
				linkServerless,
				{"Lambda: Kinesis event source mapping and consumers", DocKinesisConsumers},
				{"Kinesis: enhanced fan-out consumers", DocKinesisEnhancedFanOut},
				{"CloudFormation: AWS::Kinesis::StreamConsumer", DocStreamConsumer},
			},
			Snippet: "${1:true}",
		},
		{
			Name:    "batchWindow",
			Summary: "Seconds Lambda may spend gathering records before it invokes the function (0 to 300).",
			Doc: "Lambda invokes the function when the window ends, when `batchSize` records are gathered, or when the batch reaches 6 MB, whichever comes first. AWS's default of 0 invokes as soon as records arrive; a longer window trades latency for fewer, fuller invocations.\n\n" +
				"The framework writes `MaximumBatchingWindowInSeconds` only when the key is set (0 included).",
			Kind:                   KindInteger,
			Ranges:                 []IntRange{{0, 300}},
			AWSDefault:             "0",
			AppliesTo:              AnyStream,
			CloudFormationProperty: "MaximumBatchingWindowInSeconds",
			Since:                  "v1.53.0",
			Links:                  []Link{linkServerless, linkCFN("MaximumBatchingWindowInSeconds"), {"Lambda: how event source mappings batch records", DocBatching}},
			Snippet:                "${1:5}",
		},
		{
			Name:    "maximumRetryAttempts",
			Summary: "Retries of a failed batch before Lambda discards it (-1 to 10000; -1 retries until the records expire).",
			Doc: "With AWS's default of -1 a failing batch is retried until its records leave the stream, and the shard makes no progress meanwhile. A limit, together with `destinations.onFailure`, lets a poison record be skipped and recorded.\n\n" +
				"Throttles and service errors that happen before the function runs do not count as attempts. The DynamoDB parameter page prints a minimum of 0, but -1 is valid: it is the default.\n\n" +
				"The framework writes `MaximumRetryAttempts` only when the key is set (0 included).",
			Kind:                   KindInteger,
			Ranges:                 []IntRange{{-1, 10000}},
			AWSDefault:             "-1",
			AppliesTo:              AnyStream,
			CloudFormationProperty: "MaximumRetryAttempts",
			Since:                  "v1.60.0",
			Links:                  []Link{linkServerless, linkCFN("MaximumRetryAttempts"), linkKinesisParams, linkDynamoDBParams},
			Snippet:                "${1:3}",
		},
		{
			Name:    "bisectBatchOnFunctionError",
			Summary: "When the function fails, split the batch in two and retry each half.",
			Doc: "Narrows a failure down to the record that causes it: every error halves the batch again. Splitting does not use up `maximumRetryAttempts`. With `functionResponseType: ReportBatchItemFailures` the batch is split at the reported sequence number instead.\n\n" +
				"The framework writes `BisectBatchOnFunctionError` only when the key is set (`false` included).",
			Kind:                   KindBoolean,
			AWSDefault:             "false",
			AppliesTo:              AnyStream,
			CloudFormationProperty: "BisectBatchOnFunctionError",
			Since:                  "v1.61.0",
			Links:                  []Link{linkServerless, linkCFN("BisectBatchOnFunctionError"), linkKinesisParams, linkDynamoDBParams},
			Snippet:                "${1|true,false|}",
		},
		{
			Name:    "maximumRecordAgeInSeconds",
			Summary: "Discard records older than this many seconds (-1 for no limit, or 60 to 604800).",
			Doc: "AWS's default of -1 keeps retrying a record as long as it stays in the stream. Any other value must lie between 60 seconds and 7 days: 0 to 59 are rejected by the framework and by AWS, although the CloudFormation schema's range starts at -1.\n\n" +
				"DynamoDB keeps stream records for 24 hours, so values above 86400 change nothing there.\n\n" +
				"The framework writes `MaximumRecordAgeInSeconds` only for a non-zero value.",
			Kind:                   KindInteger,
			Ranges:                 []IntRange{{-1, -1}, {60, 604800}},
			AWSDefault:             "-1",
			AppliesTo:              AnyStream,
			CloudFormationProperty: "MaximumRecordAgeInSeconds",
			Since:                  "v1.73.0",
			Links: []Link{
				linkServerless, linkCFN("MaximumRecordAgeInSeconds"), linkKinesisParams, linkDynamoDBParams,
				{"DynamoDB: stream record retention", DocDynamoDBStreamRetention},
			},
			Snippet: "${1:3600}",
		},
		{
			Name:    "functionResponseType",
			Summary: "`ReportBatchItemFailures` lets the function name the records of a batch that failed.",
			Doc: "Turns on partial batch responses. The function returns `{\"batchItemFailures\": [{\"itemIdentifier\": \"SEQUENCE_NUMBER\"}]}` with the record's `kinesis.sequenceNumber` or `dynamodb.SequenceNumber`; Lambda retries from the lowest sequence number reported. An empty list or an empty response counts as success; an entry with an empty or misspelt identifier fails the whole batch. Without this setting the response is ignored.\n\n" +
				"Write one string, not a list: the framework wraps it into `FunctionResponseTypes` itself.",
			Kind: KindEnum,
			Values: []EnumValue{
				{Value: "ReportBatchItemFailures", Summary: "the function reports failed records in `batchItemFailures`", AppliesTo: AnyStream},
			},
			AppliesTo:              AnyStream,
			CloudFormationProperty: "FunctionResponseTypes",
			Since:                  "v2.29.0",
			Links: []Link{
				linkServerless, linkCFN("FunctionResponseTypes"),
				{"Lambda: Kinesis partial batch responses", DocKinesisBatchFailures},
				{"Lambda: DynamoDB partial batch responses", DocDynamoDBBatchFailures},
			},
			Snippet: "ReportBatchItemFailures",
		},
		{
			Name:    "destinations",
			Summary: "Where Lambda reports batches it gives up on; only `onFailure` exists.",
			Doc: "When retries or the record age limit run out, Lambda sends a description of the discarded batch (shard, sequence number range, stream ARN) to `onFailure`. SQS and SNS receive that description only, not the records, so read the records from the stream before they expire. `onSuccess` is not accepted for stream events.\n\n" +
				"AWS also accepts an S3 bucket for stream sources, but the framework's `type` knows only `sns` and `sqs` and grants SQS permissions for every destination that is not SNS; an S3 bucket needs your own IAM statements.",
			Kind:                   KindMapping,
			AppliesTo:              AnyStream,
			CloudFormationProperty: "DestinationConfig",
			Since:                  "v1.63.0",
			Links: []Link{
				linkServerless, linkCFN("DestinationConfig"),
				{"Lambda: Kinesis on-failure destinations", DocKinesisOnFailure},
				{"Lambda: DynamoDB on-failure destinations", DocDynamoDBOnFailure},
			},
			Snippet: "\n  onFailure: ${1:arn:aws:sqs:us-east-1:123456789012:my-queue}",
			Children: []Key{
				{
					Name:    "onFailure",
					Summary: "The SQS queue or SNS topic that hears about failed batches: an ARN, or `arn` plus `type`.",
					Doc: "An ARN string, or a mapping with `arn` and `type`. The mapping is needed when `arn` is an intrinsic: without `type` the framework crashes while packaging.\n\n" +
						"The framework picks IAM actions from `type`, or else from the ARN's service: `sns:Publish` for SNS, SQS actions for anything else. For DynamoDB, AWS expects a standard (not FIFO) queue or topic. SNS drops the payload of messages larger than 256 KB.",
					Kind:                   KindARNOrMapping,
					Required:               true,
					AppliesTo:              AnyStream,
					CloudFormationProperty: "DestinationConfig.OnFailure.Destination",
					Links: []Link{
						linkServerless,
						{"CloudFormation: OnFailure.Destination", DocESMOnFailure},
						{"Lambda: Kinesis on-failure destinations", DocKinesisOnFailure},
						{"Lambda: DynamoDB on-failure destinations", DocDynamoDBOnFailure},
					},
					Snippet: "${1:arn:aws:sqs:us-east-1:123456789012:my-queue}",
					Children: []Key{
						{
							Name:                   "arn",
							Summary:                "ARN of the destination queue or topic, or a CloudFormation intrinsic.",
							Doc:                    "A literal ARN of an SQS queue or SNS topic, or an intrinsic such as `Fn::GetAtt: [Queue, Arn]` (then `type` is required).",
							Kind:                   KindARNOrIntrinsic,
							Required:               true,
							AppliesTo:              AnyStream,
							CloudFormationProperty: "DestinationConfig.OnFailure.Destination",
							Links:                  []Link{linkServerless, {"CloudFormation: OnFailure.Destination", DocESMOnFailure}},
							Snippet:                "${1:arn:aws:sqs:us-east-1:123456789012:my-queue}",
						},
						{
							Name:    "type",
							Summary: "`sns` or `sqs`; required when `arn` is an intrinsic.",
							Doc:     "Tells the framework which IAM actions to grant on the destination. It is not compared with the ARN and is not written to the mapping.",
							Kind:    KindEnum,
							Values: []EnumValue{
								{Value: "sns", Summary: "an SNS topic; the framework grants `sns:Publish`", AppliesTo: AnyStream},
								{Value: "sqs", Summary: "an SQS queue; the framework grants `sqs:ListQueues` and `sqs:SendMessage`", AppliesTo: AnyStream},
							},
							AppliesTo: AnyStream,
							Links:     []Link{linkServerless},
							Snippet:   "${1|sns,sqs|}",
						},
					},
				},
			},
		},
		{
			Name:    "tumblingWindowInSeconds",
			Summary: "Length of a tumbling window for aggregating across invocations, in seconds (0 to 900; 0 turns it off).",
			Doc: "Lambda groups records into fixed, back-to-back windows by arrival time and hands a `state` object from one invocation of a window to the next. The function must return the state, or the invocation counts as failed; the window's last call has `isFinalInvokeForWindow` set. State is capped at 1 MB per shard, beyond which the window closes early, and windows do not carry over when shards split or merge.\n\n" +
				"The framework writes `TumblingWindowInSeconds` only when the key is set (0 included).",
			Kind:                   KindInteger,
			Ranges:                 []IntRange{{0, 900}},
			AWSDefault:             "0",
			AppliesTo:              AnyStream,
			CloudFormationProperty: "TumblingWindowInSeconds",
			Since:                  "v2.60.0",
			Links: []Link{
				linkServerless, linkCFN("TumblingWindowInSeconds"),
				{"Lambda: Kinesis tumbling windows", DocKinesisWindows},
				{"Lambda: DynamoDB tumbling windows", DocDynamoDBWindows},
			},
			Snippet: "${1:60}",
		},
		{
			Name:    "filterPatterns",
			Summary: "Up to 10 event filter patterns; only records matching one of them reach the function.",
			Doc: "Each item is one pattern, written as a YAML mapping, which the framework turns into a JSON string in `FilterCriteria`. A record passes if it matches any pattern; within a pattern every field must match, and the values listed for a field are alternatives. Values always go in a list (`status: [ACTIVE]`, not `status: ACTIVE`), and matching is case-sensitive.\n\n" +
				"- Kinesis: filter the payload under `data`; only records whose payload is JSON can match.\n" +
				"- DynamoDB: filter under `dynamodb` (`Keys`, `NewImage`, `OldImage`) and spell out the attribute type, e.g. `NewImage: {status: {S: [ACTIVE]}}`. Numeric comparisons do not work, because DynamoDB numbers arrive as strings.\n\n" +
				"Records that match no pattern are skipped, not retried.\n\n" +
				"**Gotchas:** the framework allows 1 to 10 patterns, but AWS's default quota is 5 per mapping (10 after an increase), and one pattern may hold at most 4096 characters. A string item is JSON-encoded a second time and never matches.",
			Kind:                   KindList,
			MinItems:               FilterPatternsMin,
			MaxItems:               FilterPatternsMax,
			AppliesTo:              AnyStream,
			CloudFormationProperty: "FilterCriteria",
			Since:                  "v2.68.0",
			Links: []Link{
				linkServerless, linkCFN("FilterCriteria"),
				{"CloudFormation: Filter.Pattern", DocESMFilterPattern},
				{"Lambda: event filtering", DocEventFiltering},
				{"Lambda: filtering Kinesis records", DocKinesisFiltering},
				{"Lambda: filtering DynamoDB records", DocDynamoDBFiltering},
			},
			Snippet: "\n  - ${1:data}:\n      ${2:field}: [${3:value}]",
		},
	},
})

// fillEnums derives Enum from Values throughout the tree, so the allowed
// values are written once.
func fillEnums(k Key) Key {
	if len(k.Values) > 0 {
		k.Enum = make([]string, len(k.Values))
		for i, v := range k.Values {
			k.Enum[i] = v.Value
		}
	}
	for i := range k.Children {
		k.Children[i] = fillEnums(k.Children[i])
	}
	k.docs = renderDocs(k)
	return k
}

// unsupportedStreamKeys are keys people carry over from other event types or
// from CloudFormation, which no framework version accepts on a stream event
// (serverless-stream.md 1.2). The reason turns "unrecognized property" into
// advice.
var unsupportedStreamKeys = map[string]string{
	"maximumConcurrency":        "maximum concurrency (`ScalingConfig`) exists only for SQS event sources; for streams, raise `parallelizationFactor` instead",
	"provisionedPollers":        "provisioned pollers exist only for SQS, MSK and Kafka events, not for stream events",
	"metricsConfig":             "the framework has no setting for event source mapping metrics on stream events",
	"kmsKeyArn":                 "the framework has no setting for the filter-criteria KMS key on stream events",
	"tags":                      "the framework cannot tag the event source mappings it creates for stream events",
	"consumerName":              "the consumer name is generated; set `provider.kinesis.consumerNamingMode: serviceSpecific`, or create the consumer yourself and pass its ARN as `consumer`",
	"onSuccess":                 "stream events only support `destinations.onFailure`",
	"eventSourceMappingConfig":  "the framework has no such setting for stream events",
	"topic":                     "`topic` belongs to Kafka and MSK events",
	"consumerGroupId":           "`consumerGroupId` belongs to Kafka and MSK events",
	"accessConfigurations":      "`accessConfigurations` belongs to Kafka events",
	"functionResponseTypes":     "the framework spells it `functionResponseType`, with one value",
	"startingPositionTimeStamp": "the framework spells it `startingPositionTimestamp`",
}

// UnsupportedStreamKey explains why a key that people commonly try on a
// stream event (or, for onSuccess, under its destinations) is rejected.
func UnsupportedStreamKey(name string) (reason string, ok bool) {
	reason, ok = unsupportedStreamKeys[name]
	return reason, ok
}
