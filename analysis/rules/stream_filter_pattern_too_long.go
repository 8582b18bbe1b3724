package rules

import (
	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
)

// filterPatternTooLong: a FilterCriteria pattern is a string of at most
// 4096 characters (reference/aws-esm.md R10). The framework turns each
// YAML pattern into that string with JSON.stringify, so the length is
// measured on the same serialisation. Patterns with variables are skipped:
// their resolved length is unknown.
type filterPatternTooLong struct{}

func init() { register(catalog.RuleFilterPatternTooLong, filterPatternTooLong{}) }

func (filterPatternTooLong) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	for _, pattern := range ctx.filterPatterns(ev) {
		if jsonFitsIn(pattern, catalog.FilterPatternMaxLength) {
			continue
		}
		text, ok := patternJSON(pattern)
		if !ok {
			continue
		}
		n := jsLength(text)
		if n <= catalog.FilterPatternMaxLength {
			continue
		}
		// The pattern spans many lines; its first key marks where it starts.
		span := pattern.Span
		if len(pattern.Pairs) > 0 {
			span = pattern.Pairs[0].Key.Span
		}
		r.Report(catalog.RuleFilterPatternTooLong, span,
			"this filter pattern is %d characters long as JSON, but AWS accepts at most %d; split it into several patterns (any of them may match), or filter part of it in the function",
			n, catalog.FilterPatternMaxLength)
	}
}
