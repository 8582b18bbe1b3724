package rules

import (
	"strings"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// eventShape: the framework's schema accepts a stream event only as an
// `arn:` string or as a mapping of settings, and an event entry only with
// the single key `stream`. Anything else is an "unsupported function event":
// a null `stream` is skipped without a trace, and settings written next to
// `stream` instead of under it are dropped (reference/serverless-stream.md
// 1.1 and 1.5). Both lose the user's intent, so they are errors.
//
// A string that is not an ARN is stream-arn-format's business.
type eventShape struct{}

func init() { register(catalog.RuleEventShape, eventShape{}) }

func (eventShape) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	text := ctx.File.AST.Text
	siblings := misplacedSettings(ev)
	switch v := ev.Value; {
	case v.IsNull():
		if len(siblings) > 0 {
			r.Report(catalog.RuleEventShape, ev.Key.Span,
				"`stream` has no value, and %s %s next to it instead of under it: the framework skips this event, so nothing is deployed for it; indent %s below `stream:`",
				keyList(siblings), isAre(len(siblings)), itThem(len(siblings)))
			return
		}
		r.Report(catalog.RuleEventShape, ev.Key.Span,
			"`stream` has no value: the framework skips this event as unsupported, so nothing is deployed for it; give the stream's ARN, or a mapping with `arn` and the settings")
		return
	case isIntrinsic(v):
		in, _ := serverless.IntrinsicOf(v)
		r.Report(catalog.RuleEventShape, intrinsicNameSpan(text, in),
			"an intrinsic function cannot stand for the whole stream event (the framework accepts only an ARN string or a mapping): move %s under `stream:` as the value of `arn:`, and add %s",
			intrinsicLabel(in), typeAdvice(ctx.File, in))
	case v.Kind == yamlast.Sequence:
		r.Report(catalog.RuleEventShape, v.Span,
			"`stream` is a list, but the framework accepts only an ARN string or a mapping with `arn`; write one `- stream:` event per source")
	}
	for _, p := range siblings {
		r.Report(catalog.RuleEventShape, p.Key.Span,
			"`%s` sits next to `stream`, not under it, so the framework ignores it (the event entry may only hold `stream`); move it into the `stream:` mapping, with the ARN as `arn:`",
			p.Key.Value)
	}
}

// misplacedSettings are the stream settings written beside `stream` in the
// same event entry, which is what a missing indent produces.
func misplacedSettings(ev *serverless.StreamEvent) []*yamlast.Pair {
	var out []*yamlast.Pair
	for _, p := range ev.Item.Pairs {
		if p.Key == ev.Key || p.Key.Kind != yamlast.Scalar {
			continue
		}
		if _, ok := catalog.StreamKey(p.Key.Value); ok {
			out = append(out, p)
		}
	}
	return out
}

// typeAdvice says which `type` to add next to an intrinsic ARN, naming the
// referenced resource's type when the file defines it.
func typeAdvice(f *serverless.File, in *serverless.Intrinsic) string {
	if res := f.Resources[in.LogicalID]; res != nil {
		switch res.Type {
		case "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable":
			return "`type: dynamodb` (" + in.LogicalID + " is an " + res.Type + ")"
		case "AWS::Kinesis::Stream":
			return "`type: kinesis` (" + in.LogicalID + " is an " + res.Type + ")"
		}
	}
	return "`type: kinesis` or `type: dynamodb`"
}

func keyList(ps []*yamlast.Pair) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = "`" + p.Key.Value + "`"
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func itThem(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}
