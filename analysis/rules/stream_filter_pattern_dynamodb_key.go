package rules

import (
	"slices"
	"sync"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// filterPatternDynamoDBKey: under `dynamodb`, a stream record has a fixed
// set of fields (Keys, NewImage, OldImage, SequenceNumber, ...). A
// misspelt one (`newImage`) never matches, nor does an image the table's
// StreamViewType does not produce: a filter on NewImage under KEYS_ONLY
// drops every record (reference/aws-esm.md 3.4).
type filterPatternDynamoDBKey struct{}

func init() { register(catalog.RuleFilterPatternDynamoDBKey, filterPatternDynamoDBKey{}) }

func (filterPatternDynamoDBKey) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	if typ, _ := ctx.sourceType(ev); typ == serverless.Kinesis {
		return
	}
	table := ctx.referencedTable(ev)
	for _, pattern := range ctx.filterPatterns(ev) {
		for _, field := range ctx.patternFields(pattern) {
			switch {
			case len(field.Path) == 0 && field.Name() == "dynamodb":
				checkDynamoDBRecordObject(ctx, field, r)
			case dynamoDBPlaceOf(field.Path) == dynamoDBRecordField:
				checkDynamoDBRecordField(ctx, field, table, r)
			}
		}
	}
}

// checkDynamoDBRecordObject checks that `dynamodb` itself is a mapping of
// record fields.
func checkDynamoDBRecordObject(ctx *Context, field patternField, r *Reporter) {
	v := field.Pair.Value
	if v.Kind == yamlast.Mapping || isOpaque(v) {
		return
	}
	r.Report(catalog.RuleFilterPatternDynamoDBKey, field.Pair.Key.Span,
		"`dynamodb` holds the record's fields, not values: write a mapping such as `dynamodb: {NewImage: {status: {S: [ACTIVE]}}}`")
}

func checkDynamoDBRecordField(ctx *Context, field patternField, table *serverless.Resource, r *Reporter) {
	name, key, v := field.Name(), field.Pair.Key, field.Pair.Value
	known := dynamoDBRecordKeys()
	if !slices.Contains(known, name) {
		if s, ok := filterSuggestion(name, known); ok {
			r.Report(catalog.RuleFilterPatternDynamoDBKey, key.Span,
				"DynamoDB stream records have no `dynamodb.%s`, so this filter never matches; did you mean `%s`?", name, s)
			return
		}
		r.Report(catalog.RuleFilterPatternDynamoDBKey, key.Span,
			"DynamoDB stream records have no `dynamodb.%s`, so this filter never matches; the fields are %s (table attributes are under Keys, NewImage or OldImage)",
			name, quoteList(known, "and"))
		return
	}
	if !isDynamoDBImage(name) {
		return
	}
	if v.Kind != yamlast.Mapping && !isOpaque(v) {
		r.Report(catalog.RuleFilterPatternDynamoDBKey, key.Span,
			"`%s` holds attributes by name, each with its type descriptor: `%s: {status: {S: [ACTIVE]}}`", name, name)
		return
	}
	if table == nil {
		return
	}
	viewType, ok := literalStreamViewType(table)
	if !ok || slices.Contains(streamViewTypeImages[viewType], name) {
		return
	}
	r.Report(catalog.RuleFilterPatternDynamoDBKey, key.Span,
		"%s's stream has `StreamViewType: %s`, whose records carry no %s, so this filter never matches; set StreamViewType to %s, or filter on what the records carry (%s)",
		table.LogicalID, viewType, name, viewTypeWith(name), quoteList(streamViewTypeImages[viewType], "and"))
}

// dynamoDBRecordKeys is catalog.DynamoDBRecordKeys, built once: it is read
// for every record field of every filter. Callers must not modify it.
var dynamoDBRecordKeys = sync.OnceValue(catalog.DynamoDBRecordKeys)

// viewTypeWith names the view types that produce an image.
func viewTypeWith(image string) string {
	var out []string
	for _, vt := range streamViewTypeNames {
		if slices.Contains(streamViewTypeImages[vt], image) && len(streamViewTypeImages[vt]) > 1 {
			out = append(out, vt)
		}
	}
	return quoteList(out, "or")
}
