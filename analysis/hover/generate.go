package hover

import (
	"strconv"
	"strings"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// generated describes what the framework's stream compiler makes of the
// event (reference/serverless-stream.md 3.1 to 3.5): the event source
// mapping's logical ID, the three properties it always writes, and the
// consumer it adds for `consumer: true`.
func generated(f *serverless.File, ev *serverless.StreamEvent) *Result {
	k := catalog.StreamEvent()
	d := newDoc()
	d.title("stream: what the framework generates for this event")
	d.para(k.Summary)

	typ, typErr := compiledType(ev)
	name, nameErr := streamName(ev.ARN())
	switch {
	case typErr != "":
		d.fact("Event source mapping", typErr)
	case nameErr != "":
		d.fact("Event source mapping", nameErr)
	default:
		id := serverless.StreamLogicalID(ev.Function.Name, typ, name)
		d.fact("Event source mapping", code(id)+" (`AWS::Lambda::EventSourceMapping`)"+variableNote(typ+name))
	}

	startingPosition := literalOr(ev.PropValue("startingPosition"), frameworkDefault("startingPosition"))
	d.fact("StartingPosition", startingPosition.text)
	d.fact("BatchSize", batchSize(ev.PropValue("batchSize")))
	d.fact("Enabled", literalOr(ev.PropValue("enabled"), frameworkDefault("enabled")).text)

	consumerFacts(d, f, ev, typ, name, nameErr == "" && typErr == "", startingPosition.value)
	d.links(k.Links)
	sp := ev.Key.Span
	return d.result(sp)
}

// compiledType is the type the framework compiles the event as: `type` when
// set, whatever its value, else the service field of a literal ARN. It
// returns a reason instead when the framework cannot tell and crashes.
func compiledType(ev *serverless.StreamEvent) (string, string) {
	if t := ev.PropValue("type"); t != nil && t.Kind == yamlast.Scalar && t.Value != "" {
		return t.Value, ""
	}
	arn := ev.ARN()
	if arn == nil || arn.IsNull() {
		return "", "none: `arn` is missing"
	}
	if _, tagged := arn.ShortTag(); arn.Kind == yamlast.Scalar && !tagged {
		parts := serverless.SplitARN(arn.Value)
		if len(parts) < 3 || !strings.HasPrefix(arn.Value, "arn:") {
			return "", "none: `arn` is not an ARN"
		}
		return parts[2], ""
	}
	return "", "none: with an intrinsic `arn` the framework needs `type` to name the mapping, and packaging fails without it"
}

// streamName is the name the framework derives from the source to build
// logical IDs (reference 3.3), or a reason why packaging crashes instead.
func streamName(arn *yamlast.Node) (string, string) {
	if arn == nil || arn.IsNull() {
		return "", "none: `arn` is missing"
	}
	if in, ok := serverless.IntrinsicOf(arn); ok {
		switch in.Name {
		case "GetAtt", "Ref":
			if in.LogicalID != "" {
				return in.LogicalID, ""
			}
		case "ImportValue":
			if in.Args.Kind == yamlast.Scalar && in.Args.Value != "" {
				return in.Args.Value, ""
			}
		case "Join":
			if a := in.Args; a.Kind == yamlast.Sequence && len(a.Items) == 2 && a.Items[1].Kind == yamlast.Sequence {
				list := a.Items[1].Items
				if n := len(list); n > 0 && list[n-1].Kind == yamlast.Scalar {
					last := list[n-1].Value
					return last[strings.LastIndexByte(last, '/')+1:], ""
				}
			}
		}
		return "", "none: the framework cannot derive a stream name from this `Fn::" + in.Name + "` and crashes while packaging"
	}
	if arn.Kind != yamlast.Scalar {
		return "", "none: `arn` is neither an ARN nor an intrinsic"
	}
	parts := strings.Split(arn.Value, "/")
	if len(parts) < 2 {
		return "", "none: the framework takes the stream name from the part after the first `/` of the ARN, and this one has none, so packaging crashes"
	}
	return parts[1], ""
}

// variableNote warns that a generated name depends on a variable.
func variableNote(s string) string {
	if serverless.HasVariable(s) {
		return "; the exact name depends on a variable resolved at deploy time"
	}
	return ""
}

// shown is a property as the hover prints it, and its value when literal.
type shown struct {
	text  string
	value string
}

func frameworkDefault(key string) string {
	k, _ := catalog.StreamKey(key)
	return k.FrameworkDefault
}

// literalOr prints the value written for a key, or the framework's default.
func literalOr(n *yamlast.Node, def string) shown {
	if n == nil || n.IsNull() {
		return shown{code(def) + " (framework default)", def}
	}
	if n.Kind != yamlast.Scalar {
		return shown{"not a literal value", ""}
	}
	if serverless.HasVariable(n.Value) {
		return shown{code(n.Value) + " (resolved at deploy time)", ""}
	}
	return shown{code(n.Value), n.Value}
}

// batchSize applies the framework's `batchSize || 10`: an absent key and 0
// both give the default.
func batchSize(n *yamlast.Node) string {
	k, _ := catalog.StreamKey("batchSize")
	def := code(k.FrameworkDefault) + " (framework default; AWS's own default is " + k.AWSDefault + ")"
	if n == nil || n.IsNull() {
		return def
	}
	if n.Kind == yamlast.Scalar {
		if v, err := strconv.ParseInt(n.Value, 10, 64); err == nil && v == 0 {
			return code(k.FrameworkDefault) + " (the framework replaces 0 with its default)"
		}
	}
	return literalOr(n, k.FrameworkDefault).text
}

// consumerFacts describes the enhanced fan-out consumer, which the
// framework only handles for events it compiles as `kinesis`.
func consumerFacts(d *doc, f *serverless.File, ev *serverless.StreamEvent, typ, name string, named bool, startingPosition string) {
	c := ev.PropValue("consumer")
	isBool := func(v string) bool {
		return c.Kind == yamlast.Scalar && c.Tag == "!!bool" && !c.Quoted && strings.EqualFold(c.Value, v)
	}
	hasConsumer := c != nil && !c.IsNull() && !isBool("false")
	kinesis := typ == typeName(catalog.Kinesis)
	if startingPosition == "AT_TIMESTAMP" {
		if ts := ev.PropValue("startingPositionTimestamp"); kinesis && hasConsumer {
			d.fact("StartingPositionTimestamp", literalOr(ts, "none: packaging fails").text)
		} else {
			d.fact("StartingPositionTimestamp", "not written: the framework passes it on only for Kinesis events with `consumer`, so the deployment fails")
		}
	}
	if !hasConsumer {
		return
	}
	if !kinesis {
		d.fact("Consumer", "none: the framework ignores `consumer` unless the event is compiled as `kinesis`")
		return
	}
	if !isBool("true") {
		d.fact("Consumer", "the existing consumer given in `consumer` becomes the mapping's source; no consumer resource is added")
		return
	}
	if !named {
		d.fact("Consumer", "an `AWS::Kinesis::StreamConsumer`, whose name the framework cannot derive here")
		return
	}
	consumerName := ev.Function.Name + name
	if specific := rootScalar(f, "provider", "kinesis", "consumerNamingMode"); specific != "" {
		stage := rootScalar(f, "provider", "stage")
		if stage == "" {
			stage = "dev" // the framework's default stage
		}
		consumerName += rootScalar(f, "service") + stage
	}
	consumerName += "Consumer"
	id := serverless.StreamConsumerLogicalID(consumerName)
	text := code(id) + " (`AWS::Kinesis::StreamConsumer`) named " + code(consumerName) + ", which becomes the mapping's source"
	if serverless.AlphanumericOnly(id) != id {
		text += "; the logical ID is invalid for CloudFormation, because only `-` and `_` are replaced"
	}
	d.fact("Consumer", text+variableNote(consumerName))
}

// rootScalar reads a literal scalar below the document's root.
func rootScalar(f *serverless.File, path ...string) string {
	if f.AST == nil {
		return ""
	}
	n := f.AST.Root
	for _, p := range path {
		n = n.Get(p)
	}
	if n == nil || n.Kind != yamlast.Scalar {
		return ""
	}
	return n.Value
}
