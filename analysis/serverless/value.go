// Package serverless is the positioned model of a Serverless Framework
// config: functions, their events, every stream event in both of its forms,
// and the CloudFormation resources the events refer to. It reads a yamlast
// tree and never fails; what it cannot make sense of is simply absent, and
// the rules decide what to say about it.
package serverless

import (
	"strings"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// HasVariable is catalog.HasVariable, where the rules look for it.
func HasVariable(s string) bool { return catalog.HasVariable(s) }

// IsVariable reports whether n is a scalar whose value is, or contains, a
// variable.
func IsVariable(n *yamlast.Node) bool {
	return n != nil && n.Kind == yamlast.Scalar && HasVariable(n.Value)
}

// Intrinsic is a CloudFormation intrinsic function call, in long form
// (`Fn::GetAtt: [T, StreamArn]`, `Ref: T`) or as a short tag (`!GetAtt
// T.StreamArn`, `!Ref T`).
type Intrinsic struct {
	// Name is the function without its prefix: "GetAtt", "Ref", "Sub",
	// "Join", "ImportValue", "If", ...
	Name string
	// Short is true for the tag form.
	Short bool
	// Node is the whole value; Args is the function's argument (for the tag
	// form of a scalar, Node itself).
	Node *yamlast.Node
	Args *yamlast.Node
	// LogicalID and Attribute are filled for GetAtt and Ref when they are
	// written literally; their spans point into the text.
	LogicalID     string
	LogicalIDSpan document.Span
	Attribute     string
	AttributeSpan document.Span
}

// IsIntrinsic reports whether IntrinsicOf recognises n, without building
// the call: most callers only ask whether a value is one.
func IsIntrinsic(n *yamlast.Node) bool {
	if n == nil {
		return false
	}
	if _, ok := n.ShortTag(); ok {
		return true
	}
	if n.Kind != yamlast.Mapping || len(n.Pairs) != 1 {
		return false
	}
	key := n.Pairs[0].Key.Value
	return key == "Ref" || key == "Condition" || strings.HasPrefix(key, "Fn::")
}

// IntrinsicOf recognises n as an intrinsic function call.
func IntrinsicOf(n *yamlast.Node) (*Intrinsic, bool) {
	in, ok := ReadIntrinsic(n)
	if !ok {
		return nil, false
	}
	return &in, true
}

// ReadIntrinsic is IntrinsicOf returning the call itself, which a caller
// that only looks at it keeps on its stack: the rules read the intrinsics
// of every event several times over.
func ReadIntrinsic(n *yamlast.Node) (Intrinsic, bool) {
	if n == nil {
		return Intrinsic{}, false
	}
	if tag, ok := n.ShortTag(); ok {
		in := Intrinsic{Name: strings.TrimPrefix(tag, "!"), Short: true, Node: n, Args: n}
		in.fillReference()
		return in, true
	}
	if n.Kind != yamlast.Mapping || len(n.Pairs) != 1 {
		return Intrinsic{}, false
	}
	key := n.Pairs[0].Key.Value
	switch {
	case key == "Ref" || key == "Condition":
	case strings.HasPrefix(key, "Fn::"):
		key = strings.TrimPrefix(key, "Fn::")
	default:
		return Intrinsic{}, false
	}
	in := Intrinsic{Name: key, Node: n, Args: n.Pairs[0].Value}
	in.fillReference()
	return in, true
}

// fillReference extracts the logical ID (and attribute) that a GetAtt or Ref
// names, in every form CloudFormation accepts: `T.Attr` as one string, or a
// two-item list.
func (in *Intrinsic) fillReference() {
	a := in.Args
	switch in.Name {
	case "Ref":
		if a.Kind == yamlast.Scalar {
			in.LogicalID = a.Value
			in.LogicalIDSpan = scalarTextSpan(a, 0, len(a.Value))
		}
	case "GetAtt":
		switch a.Kind {
		case yamlast.Scalar:
			id, attr, _ := strings.Cut(a.Value, ".")
			in.LogicalID, in.Attribute = id, attr
			in.LogicalIDSpan = scalarTextSpan(a, 0, len(id))
			if attr != "" {
				in.AttributeSpan = scalarTextSpan(a, len(id)+1, len(a.Value))
			}
		case yamlast.Sequence:
			// A tagged item (`[!Ref Name, StreamArn]`) is a nested call, not a
			// logical ID; CloudFormation rejects it, and the rules say so.
			if len(a.Items) > 0 && a.Items[0].Kind == yamlast.Scalar && !isTagged(a.Items[0]) {
				in.LogicalID = a.Items[0].Value
				in.LogicalIDSpan = scalarTextSpan(a.Items[0], 0, len(a.Items[0].Value))
			}
			if len(a.Items) > 1 && a.Items[1].Kind == yamlast.Scalar && !isTagged(a.Items[1]) {
				in.Attribute = a.Items[1].Value
				in.AttributeSpan = scalarTextSpan(a.Items[1], 0, len(a.Items[1].Value))
			}
		}
	}
}

// scalarTextSpan maps the byte range [from, to) of a scalar's decoded value
// to the text. It is exact for plain scalars and for quoted ones without
// escapes, which is how logical IDs are written; otherwise it falls back to
// the whole scalar.
func scalarTextSpan(n *yamlast.Node, from, to int) document.Span {
	s := n.Span
	// The value as written ends the span; a tag or quote may precede it.
	start := s.End - len(n.Value)
	if n.Quoted {
		start--
	}
	if start < s.Start || n.Kind != yamlast.Scalar {
		return s
	}
	return document.Span{Start: start + from, End: start + to}
}

func isTagged(n *yamlast.Node) bool {
	_, ok := n.ShortTag()
	return ok
}
