package rules

import (
	"strings"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
)

// dynamoDBReaders: DynamoDB Streams serve at most two simultaneous readers
// per shard (one for a global table); more Lambda functions on one stream
// get throttled (reference/aws-esm.md R12, 5.2, 6.1). Legal, so a
// warning. A mapping with `enabled: false` does not read and is not
// counted.
type dynamoDBReaders struct{}

func init() { register(catalog.RuleDynamoDBReaders, dynamoDBReaders{}) }

func (dynamoDBReaders) GroupKey(ctx *Context, ev *serverless.StreamEvent) (string, bool) {
	if typ, _ := ctx.sourceType(ev); typ != serverless.DynamoDB || disabled(ev) {
		return "", false
	}
	return sourceIdentity(ev.ARN())
}

func (dynamoDBReaders) MemberFacts(_ *Context, ev *serverless.StreamEvent) Facts {
	return sourceFacts(ev)
}

func (dynamoDBReaders) CheckGroup(ctx *Context, _ string, events []*serverless.StreamEvent, r *Reporter) {
	var functions []*serverless.Function
	var firsts []*serverless.StreamEvent
	global := false
	if table := referencedTable(ctx.File, events[0]); table != nil && table.Type == typeDynamoDBGlobalTable {
		global = true
	}
	for _, ev := range events {
		if !containsFunction(functions, ev.Function) {
			functions = append(functions, ev.Function)
			firsts = append(firsts, ev)
		}
	}
	limit, what := 2, "DynamoDB serves at most two simultaneous readers per stream shard"
	if global {
		limit, what = 1, "AWS recommends a single reader per stream shard for a global table"
	}
	if len(functions) <= limit {
		return
	}
	names := make([]string, len(functions))
	for i, fn := range functions {
		names[i] = "`" + fn.Name + "`"
	}
	for _, ev := range firsts[limit:] {
		r.Report(catalog.RuleDynamoDBReaders, sourceSpan(ev),
			"%d functions read this DynamoDB stream (%s), but %s, so reads get throttled; fan out from one function, or stream the table's changes to Kinesis (KinesisStreamSpecification), which serves more readers",
			len(functions), strings.Join(names, ", "), what)
	}
}

func containsFunction(fns []*serverless.Function, fn *serverless.Function) bool {
	for _, f := range fns {
		if f == fn {
			return true
		}
	}
	return false
}
