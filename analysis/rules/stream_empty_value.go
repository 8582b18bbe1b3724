package rules

import (
	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// emptyValue: the framework deletes keys whose value is null before it
// validates and then treats them as absent (reference/serverless-stream.md
// 1.5), so `batchSize:` with nothing after it silently means "the default".
// That is legal but almost always an unfinished edit or a lost indent, hence
// a warning.
//
// An explicit `~` or `null` is left alone: it is the way to cancel a value
// merged in from a YAML anchor (`<<: *defaults` then `batchSize: ~`), and
// the framework honours it exactly so. A missing `arn` is an error of its
// own (stream-arn-required).
type emptyValue struct{}

func init() { register(catalog.RuleEmptyValue, emptyValue{}) }

func (emptyValue) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	m := streamMapping(ev)
	if m == nil {
		return
	}
	for _, p := range m.Pairs {
		if p.Key.Kind != yamlast.Scalar || p.Key.Value == "arn" || !writtenEmpty(p.Value) {
			continue
		}
		k, ok := catalog.StreamKey(p.Key.Value)
		if !ok {
			continue // stream-unknown-key speaks about it
		}
		r.Report(catalog.RuleEmptyValue, p.Key.Span,
			"`%s` has no value, so the framework ignores it and %s; write a value, or remove the key",
			k.Name, whatAppliesInstead(k))
	}
}

// writtenEmpty reports a null written as nothing at all, as opposed to `~`
// or `null`.
func writtenEmpty(n *yamlast.Node) bool {
	return n.Kind == yamlast.Null && n.Value == "" && n.Span.Start == n.Span.End
}

func whatAppliesInstead(k catalog.Key) string {
	switch {
	case k.FrameworkDefault != "" && k.CloudFormationProperty != "":
		return "writes its default `" + k.CloudFormationProperty + ": " + k.FrameworkDefault + "`"
	case k.AWSDefault != "":
		return "AWS's default (" + k.AWSDefault + ") applies"
	}
	return "the setting has no effect"
}
