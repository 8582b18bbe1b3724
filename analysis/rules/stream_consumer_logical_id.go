package rules

import (
	"strings"
	"unicode"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// consumerLogicalID: with `consumer: true` on a Kinesis event the framework
// adds an AWS::Kinesis::StreamConsumer named function + stream name +
// "Consumer", and derives the resource's logical ID from that name by
// spelling out only `-` (Dash) and `_` (Underscore)
// (reference/serverless-stream.md 3.4). A stream name with any other
// character that is not a letter or digit (`my.stream`, or `shared:stream`
// from an export name) gives a logical ID CloudFormation refuses, so
// `package` succeeds and the deploy fails. Kinesis also caps consumer names
// at 128 characters, which long function and stream names reach.
type consumerLogicalID struct{}

func init() { register(catalog.RuleConsumerLogicalID, consumerLogicalID{}) }

// maxConsumerName is Kinesis's limit on ConsumerName (reference/aws-esm.md
// 5.3).
const maxConsumerName = 128

func (consumerLogicalID) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	m := streamMapping(ev)
	if m == nil {
		return
	}
	c := present(m, "consumer")
	if c == nil || c.Value.Tag != "!!bool" || c.Value.Quoted || !strings.EqualFold(c.Value.Value, "true") || frameworkType(ev) != "kinesis" {
		return
	}
	stream, ok := namingStreamName(ev.ARN())
	fn := ev.Function.Name
	if !ok || serverless.HasVariable(fn) {
		return
	}
	consumerName := fn + stream + "Consumer"
	logicalID := serverless.StreamConsumerLogicalID(consumerName)
	if bad := disallowedInLogicalID(stream); bad != "" {
		r.Report(catalog.RuleConsumerLogicalID, c.Value.Span,
			"with `consumer: true` the framework names the consumer's resource after the function and the stream name `%s`, giving the logical ID `%s`; %s not allowed in a CloudFormation logical ID (letters and digits only), so the deploy fails. Create the AWS::Kinesis::StreamConsumer yourself and give its ARN as `consumer`",
			stream, logicalID, bad)
		return
	}
	if serviceSpecificNaming(ctx.File) {
		return // the name then also holds the service and the stage, which are only known at deploy time
	}
	if len(consumerName) > maxConsumerName {
		r.Report(catalog.RuleConsumerLogicalID, c.Value.Span,
			"with `consumer: true` the framework names the consumer `%s`, %d characters, but Kinesis allows at most %d, so the deploy fails; shorten the function name, or create the AWS::Kinesis::StreamConsumer yourself and give its ARN as `consumer`",
			consumerName, len(consumerName), maxConsumerName)
	}
}

// namingStreamName is the stream name the framework derives from `arn` to
// name resources (reference/serverless-stream.md 3.3); ok is false when it
// holds a variable, or the form is one the framework cannot name at all
// (stream-arn-intrinsic-unsupported reports those).
func namingStreamName(n *yamlast.Node) (string, bool) {
	if s, ok := stringValue(n); ok {
		parts := strings.Split(s, "/")
		if len(parts) < 2 {
			return "", false
		}
		return parts[1], true
	}
	in, ok := serverless.ReadIntrinsic(n)
	if !ok {
		return "", false
	}
	var name string
	switch in.Name {
	case "GetAtt", "Ref":
		name = in.LogicalID
	case "ImportValue":
		name, ok = scalarText(in.Args)
	case "Join":
		a := in.Args
		if a.Kind != yamlast.Sequence || len(a.Items) != 2 || a.Items[1].Kind != yamlast.Sequence || len(a.Items[1].Items) == 0 {
			return "", false
		}
		items := a.Items[1].Items
		name, ok = scalarText(items[len(items)-1])
		name = name[strings.LastIndex(name, "/")+1:]
	default:
		return "", false
	}
	if !ok || name == "" || serverless.HasVariable(name) {
		return "", false
	}
	return name, true
}

// disallowedInLogicalID names the characters of a stream name that survive
// the framework's normalisation but are not letters or digits.
func disallowedInLogicalID(s string) string {
	var bad []string
	seen := map[rune]bool{}
	for _, c := range s {
		if c == '-' || c == '_' || c < unicode.MaxASCII && (unicode.IsLetter(c) || unicode.IsDigit(c)) || seen[c] {
			continue
		}
		seen[c] = true
		bad = append(bad, "`"+string(c)+"`")
	}
	switch len(bad) {
	case 0:
		return ""
	case 1:
		return bad[0] + " is"
	}
	return strings.Join(bad[:len(bad)-1], ", ") + " and " + bad[len(bad)-1] + " are"
}

// serviceSpecificNaming reports provider.kinesis.consumerNamingMode:
// serviceSpecific (reference/serverless-stream.md 1.4).
func serviceSpecificNaming(f *serverless.File) bool {
	if f.AST.Root == nil {
		return false
	}
	mode := f.AST.Root.Get("provider").Get("kinesis").Get("consumerNamingMode")
	return mode != nil && mode.Kind == yamlast.Scalar && mode.Value == "serviceSpecific"
}
