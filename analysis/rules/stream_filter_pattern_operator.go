package rules

import (
	"slices"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// filterPatternOperator: Lambda documents a subset of EventBridge's pattern
// operators (reference/aws-esm.md 3.2). A misspelt operator makes the
// pattern invalid. EventBridge-only operators (`wildcard`, `cidr`, and the
// combinations of `anything-but`, `prefix` and `suffix` with each other or
// with `equals-ignore-case`) are not listed for Lambda, and whether Lambda
// rejects them or never matches is unconfirmed (3.3): a warning.
type filterPatternOperator struct{}

func init() { register(catalog.RuleFilterPatternOperator, filterPatternOperator{}) }

// eventBridgeOnlyCombinations maps an operator to the operators EventBridge
// accepts nested inside it and Lambda does not document.
var eventBridgeOnlyCombinations = map[string][]string{
	"anything-but": {"prefix", "suffix", "equals-ignore-case", "wildcard"},
	"prefix":       {"equals-ignore-case"},
	"suffix":       {"equals-ignore-case"},
}

func (filterPatternOperator) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	typ, _ := ctx.sourceType(ev)
	for _, pattern := range ctx.filterPatterns(ev) {
		for _, field := range ctx.patternFields(pattern) {
			v := field.Pair.Value
			if misplacedOperator(field) {
				list := "[{" + field.Name() + ": " + sourceText(ctx.File, v) + "}]"
				if typ != serverless.Kinesis && dynamoDBPlaceOf(field.Path) == dynamoDBDescriptor {
					// Under a DynamoDB attribute the list also needs its type descriptor.
					list = "{S: " + list + "}"
				}
				r.Report(catalog.RuleFilterPatternOperator, field.Pair.Key.Span,
					"`%s` is an operator, and operators go inside the field's value list: write `%s: %s`",
					field.Name(), lastOr(field.Path, "field"), list)
				continue
			}
			if v.Kind != yamlast.Sequence {
				continue
			}
			for _, it := range v.Items {
				if isOperatorObject(it) {
					checkOperatorObject(it, r)
				}
			}
		}
	}
}

func checkOperatorObject(obj *yamlast.Node, r *Reporter) {
	if len(obj.Pairs) == 0 {
		r.Report(catalog.RuleFilterPatternOperator, obj.Span,
			"an empty operator object matches nothing; write a value, or an operator such as `{prefix: \"us-\"}`")
		return
	}
	known := valueOperatorKeywords()
	for _, p := range obj.Pairs {
		name := p.Key.Value
		switch {
		case slices.Contains(known, name):
			checkOperatorCombination(name, p.Value, r)
		case name == orKeyword:
			r.Report(catalog.RuleFilterPatternOperator, p.Key.Span,
				"`$or` combines whole sub-patterns and goes where a field would, not inside a value list: `$or: [{a: [x]}, {b: [y]}]`")
		case slices.Contains(eventBridgeOnlyKeywords(), name):
			r.ReportSeverity(catalog.RuleFilterPatternOperator, diag.Warning, p.Key.Span,
				"`%s` is an EventBridge operator that Lambda's event filtering does not document; Lambda may reject the pattern or never match it. Use %s instead",
				name, quoteList(known, "or"))
		default:
			if s, ok := filterSuggestion(name, append(known, catalog.EventBridgeOnlyFilterKeywords()...)); ok {
				r.Report(catalog.RuleFilterPatternOperator, p.Key.Span,
					"`%s` is not a filter operator, so AWS rejects the pattern; did you mean `%s`?", name, s)
				continue
			}
			r.Report(catalog.RuleFilterPatternOperator, p.Key.Span,
				"`%s` is not a filter operator, so AWS rejects the pattern; Lambda supports %s (a plain value matches exactly)",
				name, quoteList(known, "and"))
		}
	}
}

// checkOperatorCombination warns about an operator nested in another the
// way EventBridge allows and Lambda does not document.
func checkOperatorCombination(outer string, arg *yamlast.Node, r *Reporter) {
	if arg.Kind != yamlast.Mapping || isOpaque(arg) {
		return
	}
	for _, p := range arg.Pairs {
		if slices.Contains(eventBridgeOnlyCombinations[outer], p.Key.Value) {
			r.ReportSeverity(catalog.RuleFilterPatternOperator, diag.Warning, p.Key.Span,
				"`%s` inside `%s` is EventBridge syntax that Lambda's event filtering does not document; Lambda may reject the pattern or never match it. Filter on plain values or a single operator, and finish the check in the function",
				p.Key.Value, outer)
		}
	}
}

// lastOr returns the last element of path, or def when it is empty.
func lastOr(path []string, def string) string {
	if len(path) == 0 {
		return def
	}
	return path[len(path)-1]
}
