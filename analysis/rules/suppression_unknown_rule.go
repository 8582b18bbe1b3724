package rules

import (
	"sync"

	"github.com/stream-ls/stream-ls/analysis/catalog"
)

// suppressionUnknownRule: a suppression comment silences the rules it
// names by ID. A misspelt ID silences nothing, and without this rule the
// user would think the comment broken, or worse, think a rule silenced
// that is not; a comment without IDs is as useless. Applying the comments
// is not a rule (package suppress does it after the rules run); checking
// what they say is.
type suppressionUnknownRule struct{}

func init() { register(catalog.RuleSuppressionUnknownRule, suppressionUnknownRule{}) }

// Scope: the comments are found in the text alone (an incremental
// analysis finds them per piece and hands them over).
func (suppressionUnknownRule) Scope() Scope { return ScopeSyntax }

func (suppressionUnknownRule) CheckFile(ctx *Context, r *Reporter) {
	if ctx.File.AST == nil {
		return
	}
	for _, d := range ctx.Directives() {
		if len(d.Rules) == 0 {
			r.Report(catalog.RuleSuppressionUnknownRule, d.Keyword,
				"this comment names no rule, so it silences nothing: list the IDs of the rules to silence, as in `# %s stream-unknown-key`",
				ctx.File.AST.Text.Slice(d.Keyword.Start, d.Keyword.End))
			continue
		}
		for _, ref := range d.Rules {
			if _, ok := catalog.Lookup(ref.ID); ok {
				continue
			}
			r.Report(catalog.RuleSuppressionUnknownRule, ref.Span,
				"`%s` is not a stream-ls rule, so this comment silences nothing for it; %s", ref.ID, unknownRuleAdvice(ref.ID))
		}
	}
}

// adviceCache remembers the advice for the unknown IDs met lately: the
// rule runs after every keystroke, and finding the closest ID compares
// the unknown one with every rule's.
var adviceCache = struct {
	sync.Mutex
	m map[string]string
}{m: map[string]string{}}

func unknownRuleAdvice(id string) string {
	adviceCache.Lock()
	defer adviceCache.Unlock()
	if a, ok := adviceCache.m[id]; ok {
		return a
	}
	advice := "check the ID against docs/rules.md"
	if s, ok := catalog.ClosestName(id, catalog.RuleIDs()); ok {
		advice = "did you mean `" + s + "`?"
	}
	if len(adviceCache.m) >= 1024 {
		// IDs typed a letter at a time pile up; a session's comments
		// name far fewer.
		clear(adviceCache.m)
	}
	adviceCache.m[id] = advice
	return advice
}
