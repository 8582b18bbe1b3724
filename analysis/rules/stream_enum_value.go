package rules

import (
	"strings"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// enumValue: `type`, `startingPosition`, `functionResponseType` and the
// destination's `type` take fixed, case-sensitive values (reference/
// serverless-stream.md 1.2). The framework's schema gives them no JSON type,
// so its validator converts nothing: `latest` and a one-item list stay
// wrong. Where the framework goes on anyway the value reaches AWS (which
// rejects it) or steers the compiler wrongly (`type: Kinesis` is not
// `kinesis`, so `consumer` is ignored).
type enumValue struct {
	// streamKeys and destinationKeys are the enum keys of the stream
	// mapping and of the `{arn, type}` form of onFailure.
	streamKeys, destinationKeys []catalog.Key
}

func init() {
	register(catalog.RuleEnumValue, enumValue{
		streamKeys:      enumKeys(catalog.StreamKeys()),
		destinationKeys: enumKeys(catalog.DestinationKeys()),
	})
}

func enumKeys(keys []catalog.Key) []catalog.Key {
	var out []catalog.Key
	for _, k := range keys {
		if k.Kind == catalog.KindEnum {
			out = append(out, k)
		}
	}
	return out
}

func (rule enumValue) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	m := streamMapping(ev)
	if m == nil {
		return
	}
	for _, k := range rule.streamKeys {
		checkEnum(r, m, k, "")
	}
	d := present(m, "destinations")
	if d == nil {
		return
	}
	f := present(d.Value, "onFailure")
	if f == nil || f.Value.Kind != yamlast.Mapping || isIntrinsic(f.Value) {
		return
	}
	for _, k := range rule.destinationKeys {
		checkEnum(r, f.Value, k, "the destination's ")
	}
}

func checkEnum(r *Reporter, m *yamlast.Node, k catalog.Key, owner string) {
	p := present(m, k.Name)
	if p == nil || !judged(p.Value) {
		return
	}
	n := p.Value
	if n.Kind == yamlast.Sequence {
		if len(n.Items) == 1 && n.Items[0].Kind == yamlast.Scalar && k.HasEnumValue(n.Items[0].Value) {
			r.Report(catalog.RuleEnumValue, n.Span,
				"%s`%s` takes a single value, not a list: write `%s: %s` (the framework makes the list itself)",
				owner, k.Name, k.Name, n.Items[0].Value)
			return
		}
		r.Report(catalog.RuleEnumValue, n.Span, "%s`%s` takes one of %s, not a list", owner, k.Name, orList(k.Enum))
		return
	}
	if n.Kind != yamlast.Scalar {
		r.Report(catalog.RuleEnumValue, n.Span, "%s`%s` takes one of %s, not %s", owner, k.Name, orList(k.Enum), describeValue(n))
		return
	}
	if k.HasEnumValue(n.Value) {
		return
	}
	advice := ""
	if s, ok := catalog.ClosestName(n.Value, k.Enum); ok {
		advice = "; did you mean `" + s + "`?"
		if strings.EqualFold(s, n.Value) {
			advice = ": values are case-sensitive, write `" + s + "`"
		}
	}
	if k.Name == "type" && owner == "" {
		advice += otherEventAdvice(n.Value)
	}
	r.Report(catalog.RuleEnumValue, n.Span, "%s`%s` takes %s, not %s%s", owner, k.Name, orList(k.Enum), describeValue(n), advice)
}

// otherEventAdvice points people who wrote another service's name as the
// stream type to the event type that reads it.
func otherEventAdvice(v string) string {
	switch strings.ToLower(v) {
	case "sqs":
		return "; an SQS queue is read by an `sqs` event, not a `stream` event"
	case "kafka", "msk":
		return "; Kafka topics are read by `msk` or `kafka` events, not `stream` events"
	case "sns":
		return "; an SNS topic is subscribed to with an `sns` event, not a `stream` event"
	}
	return ""
}

// orList prints values as `A`, `B` or `C`.
func orList(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = "`" + v + "`"
	}
	if len(quoted) < 2 {
		return strings.Join(quoted, "")
	}
	return strings.Join(quoted[:len(quoted)-1], ", ") + " or " + quoted[len(quoted)-1]
}
