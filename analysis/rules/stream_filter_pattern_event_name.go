package rules

import (
	"slices"
	"strings"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// filterPatternEventName: a DynamoDB record's eventName is INSERT, MODIFY
// or REMOVE, upper-case, and filters compare case-sensitively
// (reference/aws-esm.md R18, 3.4). `eventName: [insert]` deploys fine and
// then never matches, so the function silently stops receiving the
// records it was written for.
type filterPatternEventName struct{}

func init() { register(catalog.RuleFilterPatternEventName, filterPatternEventName{}) }

// eventNameSynonyms are the words people use for DynamoDB's event names,
// from SQL and REST.
var eventNameSynonyms = map[string]string{
	"CREATE": "INSERT", "PUT": "INSERT", "ADD": "INSERT",
	"UPDATE": "MODIFY", "MODIFIED": "MODIFY", "CHANGE": "MODIFY",
	"DELETE": "REMOVE", "REMOVED": "REMOVE",
}

func (filterPatternEventName) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	if typ, _ := ctx.sourceType(ev); typ == serverless.Kinesis {
		// Kinesis records are all named aws:kinesis:record; the payload
		// rule covers filters on them.
		return
	}
	for _, pattern := range ctx.filterPatterns(ev) {
		for _, field := range ctx.patternFields(pattern) {
			if len(field.Path) != 0 || field.Name() != "eventName" || field.Pair.Value.Kind != yamlast.Sequence {
				continue
			}
			for _, it := range field.Pair.Value.Items {
				for _, v := range eventNameValues(it) {
					checkEventName(v, r)
				}
			}
		}
	}
}

// eventNameValues returns the literal names an item of the eventName list
// compares with: the item itself, or the names excluded by anything-but.
func eventNameValues(it *yamlast.Node) []*yamlast.Node {
	if it.Kind == yamlast.Scalar && !isOpaque(it) {
		return []*yamlast.Node{it}
	}
	if !isOperatorObject(it) {
		return nil
	}
	arg := it.Get("anything-but")
	switch {
	case arg == nil || isOpaque(arg):
		return nil
	case arg.Kind == yamlast.Scalar:
		return []*yamlast.Node{arg}
	case arg.Kind == yamlast.Sequence:
		var out []*yamlast.Node
		for _, a := range arg.Items {
			if a.Kind == yamlast.Scalar && !isOpaque(a) {
				out = append(out, a)
			}
		}
		return out
	}
	return nil
}

func checkEventName(v *yamlast.Node, r *Reporter) {
	names := catalog.DynamoDBEventNames()
	if slices.Contains(names, v.Value) {
		return
	}
	upper := strings.ToUpper(v.Value)
	if slices.Contains(names, upper) {
		r.Report(catalog.RuleFilterPatternEventName, v.Span,
			"write `%s`: event names are upper-case and filters compare case-sensitively, so `%s` never matches", upper, v.Value)
		return
	}
	if meant, ok := eventNameSynonyms[upper]; ok {
		r.Report(catalog.RuleFilterPatternEventName, v.Span,
			"DynamoDB calls this event `%s`; `%s` never matches (event names are %s)", meant, v.Value, quoteList(names, "and"))
		return
	}
	r.Report(catalog.RuleFilterPatternEventName, v.Span,
		"`%s` never matches: DynamoDB stream records are named %s", v.Value, quoteList(names, "or"))
}
