package rules

import (
	"strings"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
)

// booleanValue: `enabled` and `bisectBatchOnFunctionError` are booleans in
// the framework's schema. Its validator converts "true"/"false" and 1/0,
// so those pass; anything else (`yes`, "False", "off") stays a string, is
// rejected by the schema and, where the framework goes on, reaches
// CloudFormation as a string it refuses.
type booleanValue struct{ keys []catalog.Key }

func init() {
	register(catalog.RuleBooleanValue, booleanValue{keys: streamKeysOfKind(catalog.KindBoolean)})
}

func (rule booleanValue) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	m := streamMapping(ev)
	if m == nil {
		return
	}
	for _, k := range rule.keys {
		p := present(m, k.Name)
		if p == nil || !judged(p.Value) {
			continue
		}
		if _, how := frameworkBool(p.Value); how != rejected {
			continue
		}
		r.Report(catalog.RuleBooleanValue, p.Value.Span, "`%s` takes `true` or `false`, not %s%s", k.Name, describeValue(p.Value), booleanHint(p.Value.Value))
	}
}

// booleanHint explains the YAML 1.1 words that YAML 1.2, which the
// framework's loader follows, reads as plain strings.
func booleanHint(s string) string {
	switch strings.ToLower(s) {
	case "yes", "y", "on":
		return " (YAML 1.2 reads it as a string); write `true`"
	case "no", "n", "off":
		return " (YAML 1.2 reads it as a string); write `false`"
	case "true":
		return "; write `true` in lower case"
	case "false":
		return "; write `false` in lower case"
	}
	return ""
}
