package rules

import (
	"strconv"
	"strings"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// dynamoDBRecordAge: DynamoDB keeps stream records for 24 hours, so a
// maximum record age above 86400 seconds never takes effect on a DynamoDB
// source (reference/aws-esm.md R13, 6.1). Legal, and probably a value
// copied from a Kinesis event: a warning. Values outside the framework's
// range are stream-integer-value's business.
type dynamoDBRecordAge struct{}

func init() { register(catalog.RuleDynamoDBRecordAge, dynamoDBRecordAge{}) }

// dynamoDBRetentionSeconds is the lifetime of a DynamoDB stream record;
// maxRecordAgeSeconds the framework's and AWS's upper bound.
const (
	dynamoDBRetentionSeconds = 86400
	maxRecordAgeSeconds      = 604800
)

func (dynamoDBRecordAge) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	v := ev.PropValue("maximumRecordAgeInSeconds")
	if v == nil || v.Kind != yamlast.Scalar || isOpaque(v) || (v.Tag != "!!int" && v.Tag != "!!str") {
		return
	}
	// The framework turns a quoted number into a number, so "100000" counts.
	age, err := strconv.ParseInt(strings.TrimSpace(v.Value), 10, 64)
	if err != nil || age <= dynamoDBRetentionSeconds || age > maxRecordAgeSeconds {
		return
	}
	if typ, _ := ctx.sourceType(ev); typ != serverless.DynamoDB {
		return
	}
	r.Report(catalog.RuleDynamoDBRecordAge, v.Span,
		"DynamoDB deletes stream records after 24 hours, so a maximum age of %d seconds never applies: records expire at 86400 seconds; use a value up to 86400, or -1 to retry until they expire",
		age)
}
