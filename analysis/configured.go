package analysis

import (
	"strings"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	// Aliased: the incremental analysis has a type named settings.
	usersettings "github.com/stream-ls/stream-ls/analysis/settings"
	"github.com/stream-ls/stream-ls/analysis/suppress"
)

// AnalyzeConfigured analyses text the way the user configured stream-ls:
// with their settings and their suppression comments. It is what the
// language server and `stream-ls check` run; Analyze is the analysis
// before any of that.
func AnalyzeConfigured(text string, s usersettings.Settings) *Result {
	res := AnalyzeWith(text, RuleOptions(s))
	return &Result{Model: res.Model, Diagnostics: Finish(res.Model, res.Diagnostics, s)}
}

// RuleOptions are the options the rules take from the settings.
func RuleOptions(s usersettings.Settings) Options {
	return Options{FilterPatternQuota: s.FilterPatternQuota}
}

// Finish turns the rules' diagnostics for model into what the user sees:
// the settings' validation mode applies where the file sets none, the
// suppression comments silence what they name, and the settings'
// severities apply last, so that turning a rule off or up always works.
// Any analysis of a model (from scratch or incremental) ends with it, so
// that they agree. ds is not modified.
func Finish(model *serverless.File, ds []diag.Diagnostic, s usersettings.Settings) []diag.Diagnostic {
	ds = defaultValidationMode(model, ds, s.ValidationMode)
	ds = suppress.Filter(model, ds)
	return s.Apply(ds)
}

// The stream-unknown-key rule follows the file's configValidationMode, and
// assumes the framework's default, warn, when the file sets none. For the
// settings' validationMode to apply instead, the rule's findings are
// rewritten as it would have reported them under that mode: one severity
// step up for error and down for off, and the framework's reaction in the
// message. TestValidationModeSettingMatchesTheFile holds this to the rule.
// (An option the rule reads would make this unnecessary; see the report in
// the commit that added it.)
const warnConsequence = "he framework warns about it and ignores it, so it has no effect."

var modeConsequence = map[string]string{
	"error": "he framework refuses the configuration (`configValidationMode: error`).",
	"off":   "he framework ignores it without a word (`configValidationMode: off`), so it has no effect.",
}

func defaultValidationMode(model *serverless.File, ds []diag.Diagnostic, mode string) []diag.Diagnostic {
	consequence, ok := modeConsequence[mode]
	if !ok || model == nil || model.ConfigValidationMode != "" {
		return ds
	}
	out := make([]diag.Diagnostic, len(ds))
	copy(out, ds)
	for i, d := range out {
		if d.Rule != catalog.RuleUnknownKey || !strings.Contains(d.Message, warnConsequence) {
			continue
		}
		d.Message = strings.Replace(d.Message, warnConsequence, consequence, 1)
		switch mode {
		case "error":
			d.Severity = max(d.Severity-1, diag.Error)
		case "off":
			d.Severity = min(d.Severity+1, diag.Hint)
		}
		out[i] = d
	}
	return out
}
