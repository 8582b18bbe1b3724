package rules

import (
	"slices"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// filterPatternOperatorValue: each operator takes one shape of argument
// (reference/aws-esm.md 3.2): text for prefix, suffix and
// equals-ignore-case, a boolean for exists, comparison and number pairs for
// numeric, and sub-patterns for `$or`. YAML makes the wrong shape easy to
// write (`exists: "true"` is a string, `numeric: [">", "10"]` compares with
// a string), and AWS rejects the pattern.
type filterPatternOperatorValue struct{}

func init() { register(catalog.RuleFilterPatternOperatorValue, filterPatternOperatorValue{}) }

var numericComparisons = []string{"<", "<=", "=", ">", ">="}

func (filterPatternOperatorValue) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	for _, pattern := range ctx.filterPatterns(ev) {
		for _, level := range patternLevels(pattern) {
			checkOrArguments(level, r)
		}
		for _, field := range ctx.patternFields(pattern) {
			v := field.Pair.Value
			if v.Kind != yamlast.Sequence {
				continue
			}
			for _, it := range v.Items {
				if !isOperatorObject(it) {
					continue
				}
				for _, p := range it.Pairs {
					if !isOpaque(p.Value) {
						checkOperatorArgument(p, r)
					}
				}
			}
		}
	}
}

// checkOrArguments checks the `$or` keys of one pattern level: each takes a
// list of sub-patterns.
func checkOrArguments(level *yamlast.Node, r *Reporter) {
	p := level.Pair(orKeyword)
	if p == nil || isOpaque(p.Value) {
		return
	}
	if p.Value.Kind != yamlast.Sequence || len(p.Value.Items) == 0 {
		r.Report(catalog.RuleFilterPatternOperatorValue, p.Key.Span,
			"`$or` takes a list of sub-patterns, each a mapping: `$or: [{a: [x]}, {b: [y]}]`")
		return
	}
	for _, alt := range p.Value.Items {
		if alt.Kind != yamlast.Mapping && !isOpaque(alt) {
			r.Report(catalog.RuleFilterPatternOperatorValue, alt.Span,
				"each alternative of `$or` must be a sub-pattern (a mapping such as `{eventName: [INSERT]}`), not a %s", kindName(alt))
		}
	}
}

func checkOperatorArgument(p *yamlast.Pair, r *Reporter) {
	name, arg := p.Key.Value, p.Value
	switch name {
	case "prefix", "suffix", "equals-ignore-case":
		if arg.Kind == yamlast.Mapping {
			// A nested operator; the operator rule judges the combination.
			return
		}
		if arg.Kind == yamlast.Null {
			r.Report(catalog.RuleFilterPatternOperatorValue, p.Key.Span,
				"`%s` has no argument; give it the text to compare with, e.g. `%s: \"abc\"`", name, name)
			return
		}
		if arg.Kind != yamlast.Scalar || arg.Tag != "!!str" {
			r.Report(catalog.RuleFilterPatternOperatorValue, arg.Span,
				"`%s` compares text, so its argument must be a string, not a %s; quote it: `%s: \"%s\"`",
				name, kindName(arg), name, arg.Value)
		}
	case "exists":
		if arg.Kind != yamlast.Scalar || arg.Tag != "!!bool" {
			r.Report(catalog.RuleFilterPatternOperatorValue, arg.Span,
				"`exists` takes `true` or `false` without quotes, not a %s", kindName(arg))
		}
	case "numeric":
		checkNumericArgument(arg, r)
	case "anything-but":
		if arg.Kind != yamlast.Sequence {
			return
		}
		for _, it := range arg.Items {
			if it.Kind == yamlast.Mapping || it.Kind == yamlast.Sequence {
				r.Report(catalog.RuleFilterPatternOperatorValue, it.Span,
					"the list of `anything-but` holds plain values only; to exclude by prefix or suffix, write `anything-but: {prefix: ...}` (EventBridge syntax) or filter in the function")
			}
		}
	}
}

// checkNumericArgument checks `numeric: [">", 10, "<=", 20]`: one or two
// pairs of a comparison and a number.
func checkNumericArgument(arg *yamlast.Node, r *Reporter) {
	if arg.Kind != yamlast.Sequence || (len(arg.Items) != 2 && len(arg.Items) != 4) {
		r.Report(catalog.RuleFilterPatternOperatorValue, arg.Span,
			"`numeric` takes one or two comparisons, each an operator and a number: `numeric: [\"=\", 100]` or `numeric: [\">\", 10, \"<=\", 20]`")
		return
	}
	for i, it := range arg.Items {
		if isOpaque(it) {
			continue
		}
		if i%2 == 0 {
			if it.Kind != yamlast.Scalar || !slices.Contains(numericComparisons, it.Value) {
				r.Report(catalog.RuleFilterPatternOperatorValue, it.Span,
					"`%s` is not a numeric comparison; use %s", it.Value, quoteList(numericComparisons, "or"))
			}
			continue
		}
		if it.Kind != yamlast.Scalar || (it.Tag != "!!int" && it.Tag != "!!float") {
			hint := ""
			if it.Kind == yamlast.Scalar && it.Quoted {
				hint = "; remove the quotes"
			}
			r.Report(catalog.RuleFilterPatternOperatorValue, it.Span,
				"`numeric` compares with a number, not a %s%s", kindName(it), hint)
		}
	}
}
