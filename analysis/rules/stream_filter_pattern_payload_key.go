package rules

import (
	"slices"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/serverless"
)

// filterPatternPayloadKey: each source keeps the record's content under one
// key, `data` for Kinesis and `dynamodb` for DynamoDB (reference/aws-esm.md
// 3.1, 3.4, 3.5, R19). Payload fields written at the top of the pattern
// never match.
//
// For DynamoDB the fields a filter sees are those of the stream record, so a
// misplaced field is certain to match nothing: an error. For Kinesis the
// docs disagree on which metadata fields besides `data` a filter may use
// (3.5), so a field that is not a known record field is a warning.
type filterPatternPayloadKey struct{}

func init() { register(catalog.RuleFilterPatternPayloadKey, filterPatternPayloadKey{}) }

// kinesisRecordFields are the fields of a Kinesis record as Lambda presents
// it, the ones a filter might address besides the payload under `data`.
var kinesisRecordFields = []string{
	"data", "partitionKey", "sequenceNumber", "approximateArrivalTimestamp", "kinesisSchemaVersion",
	"eventSource", "eventVersion", "eventID", "eventName", "invokeIdentityArn", "awsRegion", "eventSourceARN",
}

// dynamoDBRecordFields are the top-level fields of a DynamoDB stream record.
var dynamoDBRecordFields = []string{
	"dynamodb", "eventID", "eventName", "eventVersion", "eventSource", "awsRegion", "userIdentity", "eventSourceARN",
}

// otherSourcesPayloadKeys are the payload keys of other event sources,
// which people carry over (reference/aws-esm.md 3.1).
var otherSourcesPayloadKeys = []string{"data", "body", "value"}

func (filterPatternPayloadKey) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	typ, evidence := ctx.sourceType(ev)
	if typ == serverless.UnknownStream {
		return
	}
	for _, pattern := range ctx.filterPatterns(ev) {
		for _, field := range ctx.patternFields(pattern) {
			if len(field.Path) != 0 {
				continue
			}
			name, span := field.Name(), field.Pair.Key.Span
			switch typ {
			case serverless.Kinesis:
				if slices.Contains(kinesisRecordFields, name) {
					continue
				}
				if name == "dynamodb" {
					r.Report(catalog.RuleFilterPatternPayloadKey, span,
						"`dynamodb` is the content of DynamoDB records, but this event reads a Kinesis stream (%s), whose payload is under `data`",
						evidenceText(ctx.File, ev, evidence))
					continue
				}
				r.Report(catalog.RuleFilterPatternPayloadKey, span,
					"Kinesis records have no top-level `%s`: Lambda filters the payload under `data` (and only when it is JSON); write `data: {%s: ...}`",
					name, name)
			case serverless.DynamoDB:
				switch {
				case slices.Contains(dynamoDBRecordFields, name):
				case isDynamoDBImage(name):
					r.ReportSeverity(catalog.RuleFilterPatternPayloadKey, diag.Error, span,
						"`%s` belongs under `dynamodb`, so this filter never matches; write `dynamodb: {%s: ...}`", name, name)
				case slices.Contains(otherSourcesPayloadKeys, name):
					r.ReportSeverity(catalog.RuleFilterPatternPayloadKey, diag.Error, span,
						"DynamoDB stream records have no `%s` (that is another source's payload key): their content is under `dynamodb` (Keys, NewImage, OldImage)", name)
				default:
					r.ReportSeverity(catalog.RuleFilterPatternPayloadKey, diag.Error, span,
						"DynamoDB stream records have no top-level `%s`, so this filter never matches; table attributes are under `dynamodb.NewImage` (or Keys, OldImage) with a type descriptor: `dynamodb: {NewImage: {%s: {S: [...]}}}`",
						name, name)
				}
			}
		}
	}
}
