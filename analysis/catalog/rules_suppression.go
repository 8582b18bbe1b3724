package catalog

import "github.com/stream-ls/stream-ls/analysis/diag"

// Rules about stream-ls's own suppression comments
// (`# stream-ls-disable-line <rule-id>`, see package suppress).
const RuleSuppressionUnknownRule = "suppression-unknown-rule"

// SuppressionDocs documents the suppression comments.
const SuppressionDocs = "https://github.com/stream-ls/stream-ls/blob/main/docs/rules.md#suppression-comments"

func init() {
	define(
		// A warning: the comment silences nothing, so the problem it was
		// meant for still shows, but nothing breaks at deploy time.
		Rule{ID: RuleSuppressionUnknownRule, Severity: diag.Warning,
			Title: "A suppression comment names a rule stream-ls does not have, or no rule",
			Href:  SuppressionDocs},
	)
}
