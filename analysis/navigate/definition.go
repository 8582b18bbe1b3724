// Package navigate answers "where is this defined?" and "what does this file
// hold?" for a serverless.yml: go-to-definition from a CloudFormation
// reference to its resource and from a YAML alias to its anchor, and the
// outline of functions, stream events and stream resources. It works in
// byte spans and knows nothing of LSP.
package navigate

import (
	"strings"

	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// Link is a reference and what it refers to.
type Link struct {
	// Origin is the reference as written: the logical ID, or the alias.
	Origin document.Span
	// Target is the definition: a resource's or parameter's key, or an
	// anchor.
	Target document.Span
}

// Definition finds what the reference at byte offset off refers to: a
// logical ID in `Fn::GetAtt`/`!GetAtt`, `Ref`/`!Ref`, `Fn::Sub`/`!Sub`
// (`${Name}`, `${Name.Attr}`) or `DependsOn` leads to its entry in
// resources.Resources (or resources.Parameters, or the Sub's own
// variables); an alias `*name` leads to its anchor `&name`.
func Definition(model *serverless.File, off int) (Link, bool) {
	if model == nil || model.AST == nil || off < 0 || off > model.AST.Text.Len() {
		return Link{}, false
	}
	if l, ok := aliasDefinition(model.AST.Text.String(), off); ok {
		return l, true
	}
	return referenceDefinition(model, off)
}

// referenceDefinition looks for a logical ID at off in every intrinsic of
// the file.
func referenceDefinition(f *serverless.File, off int) (Link, bool) {
	var found Link
	ok := false
	seen := map[*yamlast.Node]bool{}
	var walk func(n *yamlast.Node, dependsOn bool)
	walk = func(n *yamlast.Node, dependsOn bool) {
		if n == nil || ok || seen[n] || !n.Span.Contains(off) {
			return
		}
		seen[n] = true
		if dependsOn && n.Kind == yamlast.Scalar {
			if target, has := logicalIDTarget(f, n.Value); has {
				found, ok = Link{Origin: n.Span, Target: target}, true
			}
			return
		}
		if in, isIntrinsic := serverless.IntrinsicOf(n); isIntrinsic {
			if l, has := intrinsicLink(f, in, off); has {
				found, ok = l, true
				return
			}
		}
		for _, p := range n.Pairs {
			walk(p.Value, p.Key.Value == "DependsOn" && !p.Merged)
		}
		for _, it := range n.Items {
			walk(it, dependsOn)
		}
	}
	walk(f.AST.Root, false)
	return found, ok
}

func intrinsicLink(f *serverless.File, in *serverless.Intrinsic, off int) (Link, bool) {
	switch in.Name {
	case "GetAtt", "Ref":
		if in.LogicalID == "" || !in.LogicalIDSpan.Contains(off) {
			return Link{}, false
		}
		target, ok := logicalIDTarget(f, in.LogicalID)
		return Link{Origin: in.LogicalIDSpan, Target: target}, ok
	case "Sub":
		return subLink(f, in, off)
	}
	return Link{}, false
}

// subLink follows a `${Name}` or `${Name.Attr}` of a Sub template: to the
// Sub's own variable when its second argument defines Name, else to the
// resource or parameter. `${!Literal}` is not a reference, and names with
// a colon (`${AWS::Region}`) are pseudo parameters.
func subLink(f *serverless.File, in *serverless.Intrinsic, off int) (Link, bool) {
	template, vars := in.Args, (*yamlast.Node)(nil)
	if template.Kind == yamlast.Sequence && len(template.Items) > 0 {
		if len(template.Items) > 1 {
			vars = template.Items[1]
		}
		template = template.Items[0]
	}
	if template.Kind != yamlast.Scalar || !template.Span.Contains(off) {
		return Link{}, false
	}
	text := f.AST.Text.Slice(0, template.Span.End)
	for start := template.Span.Start; ; {
		i := strings.Index(text[start:template.Span.End], "${")
		if i < 0 {
			return Link{}, false
		}
		open := start + i + 2
		j := strings.IndexByte(text[open:template.Span.End], '}')
		if j < 0 {
			return Link{}, false
		}
		name := text[open : open+j]
		start = open + j + 1
		if off < open || off > open+j || strings.HasPrefix(name, "!") || strings.Contains(name, ":") {
			continue
		}
		if dot := strings.IndexByte(name, '.'); dot >= 0 {
			name = name[:dot]
		}
		origin := document.Span{Start: open, End: open + len(name)}
		if p := vars.Pair(name); p != nil && !p.Merged {
			return Link{Origin: origin, Target: p.Key.Span}, true
		}
		target, ok := logicalIDTarget(f, name)
		return Link{Origin: origin, Target: target}, ok
	}
}

// logicalIDTarget is where a logical ID is defined: its resource, or else
// a template parameter of that name.
func logicalIDTarget(f *serverless.File, id string) (document.Span, bool) {
	if r := f.Resources[id]; r != nil {
		return r.Key.Span, true
	}
	root := f.AST.Root
	if root == nil || root.Kind != yamlast.Mapping {
		return document.Span{}, false
	}
	resources := root.Get("resources")
	var parts []*yamlast.Node
	switch {
	case resources == nil:
	case resources.Kind == yamlast.Sequence:
		parts = resources.Items
	default:
		parts = []*yamlast.Node{resources}
	}
	for _, part := range parts {
		if p := part.Get("Parameters").Pair(id); p != nil {
			return p.Key.Span, true
		}
	}
	return document.Span{}, false
}
