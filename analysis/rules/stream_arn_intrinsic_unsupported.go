package rules

import (
	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// arnIntrinsicUnsupported: the framework names each mapping after the
// stream, which it reads out of `arn` for exactly four intrinsics with
// literal arguments: Fn::GetAtt, Ref, Fn::ImportValue of a string, and
// Fn::Join whose last element is a string (reference/serverless-stream.md
// 3.3). Anything else (Fn::Sub, Fn::If, Fn::Select, nested intrinsics, a
// plain object) passes its schema, which lets every object through, and then
// crashes the compiler with a TypeError, `type` or not (3.7 E3, E4;
// serverless#11757, #12026).
type arnIntrinsicUnsupported struct{}

func init() { register(catalog.RuleARNIntrinsicUnsupported, arnIntrinsicUnsupported{}) }

const supportedARNForms = "use Fn::GetAtt, Ref, Fn::ImportValue of a string, Fn::Join whose last element is a string, or a `${...}` variable"

func (arnIntrinsicUnsupported) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	m := streamMapping(ev)
	if m == nil {
		return
	}
	a := present(m, "arn")
	if a == nil {
		return
	}
	text := ctx.File.AST.Text
	n := a.Value
	call, ok := serverless.ReadIntrinsic(n)
	if !ok {
		if n.Kind == yamlast.Mapping || n.Kind == yamlast.Sequence {
			r.Report(catalog.RuleARNIntrinsicUnsupported, n.Span,
				"`arn` is %s, which the framework lets through and then crashes on while packaging (it reads the stream name from the ARN); %s",
				describeValue(n), supportedARNForms)
		}
		return
	}
	in := &call
	switch in.Name {
	case "GetAtt":
		if in.Args.Kind == yamlast.Sequence && len(in.Args.Items) > 0 && !plainScalar(in.Args.Items[0]) {
			r.Report(catalog.RuleARNIntrinsicUnsupported, in.Args.Items[0].Span,
				"the logical ID in `%s` must be written as a string: the framework names the mapping after it and crashes while packaging on anything else", intrinsicLabel(in))
		} else if in.Args.Kind == yamlast.Mapping {
			r.Report(catalog.RuleARNIntrinsicUnsupported, in.Args.Span,
				"`%s` takes a logical ID and an attribute, not a mapping; the framework crashes on it while packaging", intrinsicLabel(in))
		}
	case "Ref":
		if !plainArgument(in) {
			r.Report(catalog.RuleARNIntrinsicUnsupported, in.Args.Span,
				"`%s` must name a logical ID or parameter as a string: the framework names the mapping after it and crashes while packaging on anything else", intrinsicLabel(in))
		}
	case "ImportValue":
		if !plainArgument(in) {
			r.Report(catalog.RuleARNIntrinsicUnsupported, in.Args.Span,
				"the export name in `%s` must be a string: the framework names the mapping after it and crashes while packaging on a nested intrinsic (serverless#11757); write the name as a string, with `${...}` variables for the parts that change",
				intrinsicLabel(in))
		}
	case "Join":
		checkJoinARN(r, in)
	default:
		r.Report(catalog.RuleARNIntrinsicUnsupported, intrinsicNameSpan(text, in),
			"the framework cannot use `%s` as a stream `arn`: it reads the stream name from the ARN to name the mapping and crashes while packaging (\"EventSourceArn.split is not a function\"), even with `type`; %s",
			intrinsicLabel(in), supportedARNForms)
	}
}

// checkJoinARN: the framework takes the last element of the joined list,
// and of that the part after its last `/`, as the stream name.
func checkJoinARN(r *Reporter, in *serverless.Intrinsic) {
	a := in.Args
	if a.Kind != yamlast.Sequence || len(a.Items) != 2 || a.Items[1].Kind != yamlast.Sequence || len(a.Items[1].Items) == 0 {
		r.Report(catalog.RuleARNIntrinsicUnsupported, a.Span,
			"`%s` takes a delimiter and a non-empty list of parts; the framework crashes on anything else while packaging", intrinsicLabel(in))
		return
	}
	parts := a.Items[1].Items
	if last := parts[len(parts)-1]; !plainScalar(last) {
		r.Report(catalog.RuleARNIntrinsicUnsupported, last.Span,
			"the last part of `%s` must be a string: the framework names the mapping after it and crashes while packaging on an intrinsic there; end the list with the literal `stream/NAME` (or `table/NAME/stream/LABEL`)",
			intrinsicLabel(in))
	}
}

// plainArgument reports whether an intrinsic's whole argument is a plain
// scalar. In the short form the tag sits on the argument itself
// (`!Ref Name`), so the argument is plain when the tagged node is a scalar.
func plainArgument(in *serverless.Intrinsic) bool {
	if in.Short {
		return in.Args.Kind == yamlast.Scalar
	}
	return plainScalar(in.Args)
}

// plainScalar reports an untagged scalar: a string (or number) the
// framework's JavaScript can split and replace in.
func plainScalar(n *yamlast.Node) bool {
	_, ok := scalarText(n)
	return ok
}
