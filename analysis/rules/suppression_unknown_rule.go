package rules

import (
	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/suppress"
)

// suppressionUnknownRule: a suppression comment silences the rules it
// names by ID. A misspelt ID silences nothing, and without this rule the
// user would think the comment broken, or worse, think a rule silenced
// that is not; a comment without IDs is as useless. Applying the comments
// is not a rule (package suppress does it after the rules run); checking
// what they say is.
type suppressionUnknownRule struct{}

func init() { register(catalog.RuleSuppressionUnknownRule, suppressionUnknownRule{}) }

// Scope: the comments are found in the text alone.
func (suppressionUnknownRule) Scope() Scope { return ScopeSyntax }

func (suppressionUnknownRule) CheckFile(ctx *Context, r *Reporter) {
	if ctx.File.AST == nil {
		return
	}
	var ids []string
	for _, d := range suppress.Parse(ctx.File.AST.Text) {
		if len(d.Rules) == 0 {
			r.Report(catalog.RuleSuppressionUnknownRule, d.Keyword,
				"this comment names no rule, so it silences nothing: list the IDs of the rules to silence, as in `# %s stream-unknown-key`",
				ctx.File.AST.Text[d.Keyword.Start:d.Keyword.End])
			continue
		}
		for _, ref := range d.Rules {
			if _, ok := catalog.Lookup(ref.ID); ok {
				continue
			}
			if ids == nil {
				for _, rule := range catalog.Rules() {
					ids = append(ids, rule.ID)
				}
			}
			advice := "check the ID against docs/rules.md"
			if s, ok := catalog.ClosestName(ref.ID, ids); ok {
				advice = "did you mean `" + s + "`?"
			}
			r.Report(catalog.RuleSuppressionUnknownRule, ref.Span,
				"`%s` is not a stream-ls rule, so this comment silences nothing for it; %s", ref.ID, advice)
		}
	}
}
