package serverless

import (
	"slices"
	"strings"

	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// A rule that checks one function's stream events sees a view of the file:
// the function itself, the resources it names, and the rest of the
// configuration except the other functions, `custom`, the resources it does
// not name and `resources.Outputs`. What a check can see is what its result
// depends on, so that an analysis that follows edits knows exactly which
// checks an edit invalidates; see package rules.

// Mentions lists the logical IDs that the GetAtt and Ref calls in n name,
// in document order, each once: the resources a function's view holds. It
// reads the calls as IntrinsicOf does.
func Mentions(n *yamlast.Node) []string {
	var out []string
	// Only an anchored node can be reached twice, through an alias or a
	// merge; remembering those keeps an alias bomb linear. A function
	// reaches a few (the defaults its events merge): they are looked up in
	// a list, and a map is built only for many.
	var few [8]*yamlast.Node
	seen := few[:0]
	var many map[*yamlast.Node]bool
	var walk func(n *yamlast.Node)
	walk = func(n *yamlast.Node) {
		if n == nil {
			return
		}
		if n.Anchor != "" {
			switch {
			case many != nil:
				if many[n] {
					return
				}
				many[n] = true
			case slices.Contains(seen, n):
				return
			case len(seen) < cap(seen):
				seen = append(seen, n)
			default:
				many = make(map[*yamlast.Node]bool, 2*len(seen))
				for _, m := range seen {
					many[m] = true
				}
				many[n] = true
			}
		}
		if id := mentionOf(n); id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
		for _, p := range n.Pairs {
			walk(p.Key)
			walk(p.Value)
		}
		for _, it := range n.Items {
			walk(it)
		}
	}
	walk(n)
	return out
}

// mentionOf is the logical ID a GetAtt or Ref call n names, or "": what
// IntrinsicOf(n).LogicalID is for those calls, without building the call.
func mentionOf(n *yamlast.Node) string {
	name, args := "", n
	if tag, ok := n.ShortTag(); ok {
		name = tag[1:]
	} else if n.Kind == yamlast.Mapping && len(n.Pairs) == 1 {
		switch k := n.Pairs[0].Key.Value; k {
		case "Ref":
			name = k
		case "Fn::GetAtt":
			name = "GetAtt"
		}
		args = n.Pairs[0].Value
	}
	switch name {
	case "Ref":
		if args.Kind == yamlast.Scalar {
			return args.Value
		}
	case "GetAtt":
		switch args.Kind {
		case yamlast.Scalar:
			id, _, _ := strings.Cut(args.Value, ".")
			return id
		case yamlast.Sequence:
			if len(args.Items) > 0 && args.Items[0].Kind == yamlast.Scalar && !isTagged(args.Items[0]) {
				return args.Items[0].Value
			}
		}
	}
	return ""
}

// LooksLikeFunctionsFile recognises a file whose top level is a map of
// functions, as included with ${file(...)} from the functions section: no
// top-level key of a service file, and entries that have `handler`, `image`
// or `events`.
func LooksLikeFunctionsFile(root *yamlast.Node) bool { return looksLikeFunctionsFile(root) }

// NarrowRoot returns the top level of a function's view, given the pairs of
// the file's top level: `functions` and `custom` are left out, and in
// `resources`, `Outputs` is left out and `Resources` keeps only the entries
// that keep accepts. A pair that is left out is not read, so a caller may
// pass it with a nil value. In a file of functions (see
// LooksLikeFunctionsFile) the top level holds nothing else, and the view's
// is nil.
func NarrowRoot(pairs []*yamlast.Pair, functionsFile bool, keep func(logicalID string) bool) *yamlast.Node {
	if functionsFile {
		return nil
	}
	var kept []*yamlast.Pair
	for _, p := range pairs {
		if q, _ := NarrowPair(p, keep); q != nil {
			kept = append(kept, q)
		}
	}
	return RootOf(kept)
}

// NarrowPair is what NarrowRoot keeps of one pair of the top level: nil
// when it leaves the pair out, the pair itself, or for `resources` a copy
// in which `Resources` holds only what keep accepts. byKeep reports the
// last case, the only one whose result depends on keep, so that a caller
// building many views can narrow the other pairs once.
func NarrowPair(p *yamlast.Pair, keep func(logicalID string) bool) (kept *yamlast.Pair, byKeep bool) {
	switch {
	case p.Key.Kind == yamlast.Scalar && (p.Key.Value == "functions" || p.Key.Value == "custom"):
		return nil, false
	case p.Key.Kind == yamlast.Scalar && p.Key.Value == "resources" && p.Value.Kind == yamlast.Mapping:
		return &yamlast.Pair{Key: p.Key, Value: narrowResources(p.Value, keep), Merged: p.Merged}, true
	}
	return p, false
}

// RootOf is the top level of a view whose pairs NarrowPair kept.
func RootOf(kept []*yamlast.Pair) *yamlast.Node {
	if len(kept) == 0 {
		return nil
	}
	return mappingOf(kept)
}

// mappingOf is a mapping of pairs, spanning them as yamlast.SyntheticMapping
// does: a view reads no duplicates, so it does without the set of keys
// that finding them takes.
func mappingOf(pairs []*yamlast.Pair) *yamlast.Node {
	return &yamlast.Node{Kind: yamlast.Mapping, Tag: "!!map", Pairs: pairs, Span: pairsSpan(pairs)}
}

func pairsSpan(pairs []*yamlast.Pair) document.Span {
	start := pairs[0].Key.Span.Start
	end := start
	for _, p := range pairs {
		end = max(end, p.Key.Span.End, p.Value.Span.End)
	}
	return document.Span{Start: start, End: end}
}

func narrowResources(n *yamlast.Node, keep func(string) bool) *yamlast.Node {
	kept := make([]*yamlast.Pair, 0, len(n.Pairs))
	for _, p := range n.Pairs {
		switch {
		case p.Key.Kind == yamlast.Scalar && p.Key.Value == "Outputs":
		case p.Key.Kind == yamlast.Scalar && p.Key.Value == "Resources" && p.Value.Kind == yamlast.Mapping:
			kept = append(kept, &yamlast.Pair{Key: p.Key, Value: narrowMapping(p.Key, p.Value, keep), Merged: p.Merged})
		default:
			kept = append(kept, p)
		}
	}
	return narrowed(n, kept)
}

func narrowMapping(key, n *yamlast.Node, keep func(string) bool) *yamlast.Node {
	var kept []*yamlast.Pair
	for _, p := range n.Pairs {
		if p.Key.Kind == yamlast.Scalar && keep(p.Key.Value) {
			kept = append(kept, p)
		}
	}
	if len(kept) == 0 {
		return &yamlast.Node{Kind: yamlast.Mapping, Tag: n.Tag, Flow: n.Flow, Anchor: n.Anchor,
			Span: document.Span{Start: key.Span.End, End: key.Span.End}}
	}
	return narrowed(n, kept)
}

// narrowed is a copy of mapping n with only the kept pairs; its span covers
// them, since what it no longer holds may be anywhere. With no pair left it
// is empty where n starts.
func narrowed(n *yamlast.Node, kept []*yamlast.Pair) *yamlast.Node {
	out := &yamlast.Node{Kind: yamlast.Mapping, Tag: n.Tag, Flow: n.Flow, Anchor: n.Anchor, Pairs: kept}
	if len(kept) > 0 {
		out.Span = pairsSpan(kept)
	} else {
		out.Span = document.Span{Start: n.Span.Start, End: n.Span.Start}
	}
	return out
}
