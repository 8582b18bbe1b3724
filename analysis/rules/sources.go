package rules

import (
	"strings"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// The rules that compare events need to know when two events read the same
// source, and which CloudFormation logical ID the framework gives each
// event's mapping. Both are worked out only from what is literal in the
// file: a value holding a variable is only known at deploy time.

// sourceIdentity identifies what a node (an `arn` or `consumer` value)
// points at: the literal ARN, or the referenced logical ID and attribute,
// or the imported export name. ok is false when it cannot be told.
func sourceIdentity(n *yamlast.Node) (id string, ok bool) {
	if n == nil {
		return "", false
	}
	if in, isIntrinsic := serverless.ReadIntrinsic(n); isIntrinsic {
		switch in.Name {
		case "GetAtt", "Ref":
			if in.LogicalID == "" || serverless.HasVariable(in.LogicalID) || serverless.HasVariable(in.Attribute) {
				return "", false
			}
			return "resource:" + in.LogicalID + "." + in.Attribute, true
		case "ImportValue":
			if in.Args.Kind == yamlast.Scalar && !serverless.HasVariable(in.Args.Value) {
				return "import:" + in.Args.Value, true
			}
		}
		return "", false
	}
	if n.Kind != yamlast.Scalar || n.Tag != "!!str" || serverless.HasVariable(n.Value) || !strings.HasPrefix(n.Value, "arn:") {
		return "", false
	}
	return "arn:" + n.Value, true
}

// eventSourceIdentity is the identity of what the event's mapping reads,
// its EventSourceArn: the stream, or for Kinesis with `consumer`, the
// consumer (reference/serverless-stream.md 3.1, 3.5). The consumer that
// `consumer: true` generates belongs to the function and the stream.
func eventSourceIdentity(ev *serverless.StreamEvent) (string, bool) {
	stream, ok := sourceIdentity(ev.ARN())
	if !ok {
		return "", false
	}
	consumer := ev.PropValue("consumer")
	if consumer == nil || consumer.IsNull() || namingType(ev) != "kinesis" {
		return stream, true
	}
	if consumer.Kind == yamlast.Scalar && consumer.Tag == "!!bool" {
		if strings.EqualFold(consumer.Value, "true") {
			return "generated-consumer:" + stream, true
		}
		return stream, true
	}
	return sourceIdentity(consumer)
}

// namingType is the stream type the framework uses in names and
// permissions: `type` when given, else the service field of a string ARN
// (reference/serverless-stream.md 3.2). "" when unknown.
func namingType(ev *serverless.StreamEvent) string {
	if t := ev.PropValue("type"); t != nil {
		if t.Kind == yamlast.Scalar && t.Value != "" && !serverless.HasVariable(t.Value) {
			return t.Value
		}
		if !t.IsNull() {
			return ""
		}
	}
	arn := ev.ARN()
	if arn == nil || arn.Kind != yamlast.Scalar || arn.Tag != "!!str" {
		return ""
	}
	var buf [6]string
	parts := catalog.AppendSplitOutsideVariables(buf[:0], arn.Value, ':', 6)
	if len(parts) < 3 || serverless.HasVariable(parts[2]) {
		return ""
	}
	return parts[2]
}

// frameworkStreamName is the name the framework reads out of `arn` to name
// the mapping (reference/serverless-stream.md 3.3): the second
// `/`-separated segment of a string ARN, the logical ID of a GetAtt or Ref,
// the export name of an ImportValue, the end of a Join's last part.
func frameworkStreamName(arn *yamlast.Node) (string, bool) {
	if arn == nil {
		return "", false
	}
	var name string
	if in, ok := serverless.ReadIntrinsic(arn); ok {
		switch in.Name {
		case "GetAtt", "Ref":
			name = in.LogicalID
		case "ImportValue":
			if in.Args.Kind != yamlast.Scalar {
				return "", false
			}
			name = in.Args.Value
		case "Join":
			a := in.Args
			if a.Kind != yamlast.Sequence || len(a.Items) != 2 || a.Items[1].Kind != yamlast.Sequence || len(a.Items[1].Items) == 0 {
				return "", false
			}
			last := a.Items[1].Items[len(a.Items[1].Items)-1]
			if last.Kind != yamlast.Scalar || isOpaque(last) && !serverless.IsVariable(last) {
				return "", false
			}
			name = last.Value[strings.LastIndex(last.Value, "/")+1:]
		default:
			return "", false
		}
	} else {
		if arn.Kind != yamlast.Scalar || arn.Tag != "!!str" {
			return "", false
		}
		// The second `/`-separated segment, found without splitting the
		// whole ARN.
		_, rest, ok := strings.Cut(arn.Value, "/")
		if !ok {
			return "", false
		}
		name, _, _ = strings.Cut(rest, "/")
	}
	if name == "" || serverless.HasVariable(name) {
		return "", false
	}
	return name, true
}

// mappingLogicalID is the logical ID the framework gives an event's
// AWS::Lambda::EventSourceMapping (reference/serverless-stream.md 3.4).
func mappingLogicalID(ev *serverless.StreamEvent) (string, bool) {
	typ := namingType(ev)
	name, ok := frameworkStreamName(ev.ARN())
	if typ == "" || !ok {
		return "", false
	}
	return serverless.StreamLogicalID(ev.Function.Name, typ, name), true
}

// sourceSpan is where a message about an event's source points: the
// logical ID of a reference, else the ARN as written.
func sourceSpan(ev *serverless.StreamEvent) document.Span {
	arn := ev.ARN()
	if in, ok := serverless.ReadIntrinsic(arn); ok && in.LogicalID != "" {
		return in.LogicalIDSpan
	}
	if arn == nil {
		return ev.Key.Span
	}
	return arn.Span
}

// eventLine is the 1-based line of an event's `stream` key, for messages
// that point at another event.
func eventLine(f *serverless.File, ev *serverless.StreamEvent) int {
	return f.AST.Mapper.OffsetLine(ev.Key.Span.Start) + 1
}

// disabled reports whether an event says `enabled: false`: the mapping
// exists but does not read.
func disabled(ev *serverless.StreamEvent) bool {
	e := ev.PropValue("enabled")
	return e != nil && e.Kind == yamlast.Scalar && (e.Tag == "!!bool" || e.Quoted) && strings.EqualFold(e.Value, "false")
}
