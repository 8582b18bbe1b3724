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

func (dynamoDBReaders) CheckFile(ctx *Context, r *Reporter) {
	f := ctx.File
	type readers struct {
		functions []*serverless.Function
		events    []*serverless.StreamEvent // each function's first event
		global    bool
	}
	bySource := map[string]*readers{}
	var order []string
	for _, ev := range f.Streams {
		if typ, _ := f.SourceType(ev); typ != serverless.DynamoDB || disabled(ev) {
			continue
		}
		id, ok := sourceIdentity(ev.ARN())
		if !ok {
			continue
		}
		rd := bySource[id]
		if rd == nil {
			rd = &readers{}
			if table := referencedTable(f, ev); table != nil && table.Type == typeDynamoDBGlobalTable {
				rd.global = true
			}
			bySource[id] = rd
			order = append(order, id)
		}
		if !containsFunction(rd.functions, ev.Function) {
			rd.functions = append(rd.functions, ev.Function)
			rd.events = append(rd.events, ev)
		}
	}
	for _, id := range order {
		rd := bySource[id]
		limit, what := 2, "DynamoDB serves at most two simultaneous readers per stream shard"
		if rd.global {
			limit, what = 1, "AWS recommends a single reader per stream shard for a global table"
		}
		if len(rd.functions) <= limit {
			continue
		}
		names := make([]string, len(rd.functions))
		for i, fn := range rd.functions {
			names[i] = "`" + fn.Name + "`"
		}
		for _, ev := range rd.events[limit:] {
			r.Report(catalog.RuleDynamoDBReaders, sourceSpan(ev),
				"%d functions read this DynamoDB stream (%s), but %s, so reads get throttled; fan out from one function, or stream the table's changes to Kinesis (KinesisStreamSpecification), which serves more readers",
				len(rd.functions), strings.Join(names, ", "), what)
		}
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
