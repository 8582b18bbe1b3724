package rules

import (
	"fmt"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// unknownKey: the framework's stream schema has `additionalProperties:
// false` on the event, on `destinations` and on the `{arn, type}` form of
// `onFailure` (reference/serverless-stream.md 1.2). Its compiler reads only
// the keys it knows, so an unknown key (most often a misspelt one) is
// ignored. Only the schema validator notices, and configValidationMode
// decides what it does about it (reference section 2), so the severity
// follows the mode:
//
//   - error: the framework refuses to package, so an error;
//   - warn, the default: it prints a warning and goes on, so a warning;
//   - off: it says nothing. The key still does nothing, which is worth
//     knowing, but the user chose not to hear about schema problems, so
//     information: visible in the Problems panel, never failing a check.
//
// Plugins can add keys to stream events, so in a file that lists plugins a
// key that resembles no framework key is one step less severe. A key close
// to a framework key is a typo whatever the plugins.
type unknownKey struct {
	// The keys the framework's schema allows at each level.
	stream, destinations, onFailure keyLevel
}

// keyLevel is the keys allowed at one level, and their names.
type keyLevel struct {
	keys  []catalog.Key
	names []string
}

func newKeyLevel(keys []catalog.Key) keyLevel {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k.Name
	}
	return keyLevel{keys, names}
}

func init() {
	destinations, _ := catalog.StreamKey("destinations")
	register(catalog.RuleUnknownKey, unknownKey{
		stream:       newKeyLevel(catalog.StreamKeys()),
		destinations: newKeyLevel(destinations.Children),
		onFailure:    newKeyLevel(catalog.DestinationKeys()),
	})
}

func (rule unknownKey) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	m := streamMapping(ev)
	if m == nil {
		return
	}
	checkKeys(ctx, r, m, rule.stream, "a setting the framework knows for stream events", true)
	d := present(m, "destinations")
	if d == nil || d.Value.Kind != yamlast.Mapping || isIntrinsic(d.Value) {
		return
	}
	checkKeys(ctx, r, d.Value, rule.destinations, "a key the framework knows under `destinations`", false)
	f := present(d.Value, "onFailure")
	if f == nil || f.Value.Kind != yamlast.Mapping || isIntrinsic(f.Value) {
		return
	}
	checkKeys(ctx, r, f.Value, rule.onFailure, "a key the framework knows under `onFailure`", false)
}

func checkKeys(ctx *Context, r *Reporter, m *yamlast.Node, level keyLevel, what string, streamLevel bool) {
	known, names := level.keys, level.names
	for _, p := range m.Pairs {
		key := p.Key
		if key.Kind != yamlast.Scalar || key.Value == "" || serverless.HasVariable(key.Value) || isKnown(names, key.Value) {
			continue
		}
		advice, typo := unknownKeyAdvice(key.Value, known, names, streamLevel)
		consequence := modeConsequence(ctx.File.ConfigValidationMode)
		plugin := ctx.File.HasPlugins && !typo
		if plugin {
			advice = "if one of the file's plugins reads it, this is fine; otherwise remove it"
			consequence = "Unless a plugin declares it, t" + consequence[1:]
		}
		msg := fmt.Sprintf("`%s` is not %s: %s. %s", key.Value, what, advice, consequence)
		r.ReportSeverity(catalog.RuleUnknownKey, unknownKeySeverity(ctx.File.ConfigValidationMode, plugin), key.Span, "%s", msg)
	}
}

func isKnown(names []string, name string) bool {
	for _, n := range names {
		if n == name {
			return true
		}
	}
	return false
}

// unknownKeyAdvice says what to write instead, and whether the key is
// recognisably meant for a framework key (a typo or a known confusion).
func unknownKeyAdvice(name string, known []catalog.Key, names []string, streamLevel bool) (string, bool) {
	if reason, ok := catalog.UnsupportedStreamKey(name); ok && (streamLevel || name == "onSuccess") {
		return reason, true
	}
	if k, ok := catalog.SuggestKey(known, name); ok {
		return "did you mean `" + k.Name + "`? Keys are case-sensitive", true
	}
	if s, ok := catalog.ClosestName(name, names); ok {
		return "did you mean `" + s + "`?", true
	}
	return "remove it, or move it where it belongs", false
}

// modeConsequence says what the framework does with an unknown key.
func modeConsequence(mode string) string {
	switch mode {
	case "error":
		return "The framework refuses the configuration (`configValidationMode: error`)."
	case "off":
		return "The framework ignores it without a word (`configValidationMode: off`), so it has no effect."
	}
	return "The framework warns about it and ignores it, so it has no effect."
}

func unknownKeySeverity(mode string, mayBePlugin bool) diag.Severity {
	sev := diag.Warning
	switch mode {
	case "error":
		sev = diag.Error
	case "off":
		sev = diag.Information
	}
	if mayBePlugin && sev < diag.Hint {
		sev++
	}
	return sev
}
