// Package yamlast builds a positioned YAML tree on top of yaml.v3: every node
// carries the byte span of its text, aliases and merge keys are resolved, and
// a syntax error in one top-level block or one function does not erase what
// the rest of the file says.
//
// yaml.v3 gives only a node's start (line and rune column) and its decoded
// value; where a scalar ends has to be recovered from the text, per style
// (see span.go).
package yamlast

import (
	"github.com/stream-ls/stream-ls/analysis/document"
)

// Kind is the shape of a node after aliases are resolved.
type Kind uint8

const (
	// Null is an absent or null value (`key:` with nothing, `~`, `null`).
	Null Kind = iota
	Scalar
	Mapping
	Sequence
)

func (k Kind) String() string {
	switch k {
	case Null:
		return "null"
	case Scalar:
		return "scalar"
	case Mapping:
		return "mapping"
	case Sequence:
		return "sequence"
	}
	return "unknown"
}

// Node is one YAML value. Nodes reached through an alias are shared with the
// anchor's definition and keep its spans, so a problem inside an aliased value
// is reported where the user can fix it: at the anchor.
//
// The small fields come first, together: that makes a Node 120 bytes
// rather than 128, and an analysis builds tens of thousands of them per
// keystroke.
type Node struct {
	Kind Kind
	// Quoted is true for single- and double-quoted scalars.
	Quoted bool
	// Flow is true for `{...}` and `[...]` collections.
	Flow bool
	// Tag is the tag as yaml.v3 resolved it: "!!str", "!!int", "!!bool",
	// "!!null", "!!map", "!!seq" for plain values, or a custom tag such as
	// "!GetAtt" when one is written.
	Tag string
	// Value is the decoded text of a scalar (quotes and escapes removed).
	Value string
	// Span covers the value as written, its tag included, its anchor not.
	Span document.Span
	// Pairs of a mapping, in document order; merged pairs (from `<<`) follow
	// the explicit ones and are skipped when an explicit key overrides them.
	Pairs []*Pair
	// Items of a sequence.
	Items []*Node
	// Anchor is the anchor name defined on this node, if any.
	Anchor string
}

// Pair is one key/value entry of a mapping.
type Pair struct {
	Key   *Node
	Value *Node
	// Merged marks a pair that came from a `<<` merge key; its spans lie in
	// the merged anchor's definition.
	Merged bool
}

// Get returns the value of key in a mapping, or nil. Explicit keys win over
// merged ones, and a later duplicate wins over an earlier one, as in js-yaml
// with duplicates allowed.
func (n *Node) Get(key string) *Node {
	if p := n.Pair(key); p != nil {
		return p.Value
	}
	return nil
}

// Pair returns the pair for key in a mapping, or nil.
func (n *Node) Pair(key string) *Pair {
	if n == nil || n.Kind != Mapping {
		return nil
	}
	var found *Pair
	for _, p := range n.Pairs {
		if p.Key.Value != key || p.Key.Kind != Scalar {
			continue
		}
		if found != nil && !found.Merged && p.Merged {
			continue
		}
		found = p
	}
	return found
}

// IsNull reports whether n is absent or a null value.
func (n *Node) IsNull() bool { return n == nil || n.Kind == Null }

// ShortTag reports whether the node is written with a custom (non-core) tag
// such as !GetAtt or !Ref, and returns it.
func (n *Node) ShortTag() (string, bool) {
	if n == nil || len(n.Tag) < 2 || n.Tag[0] != '!' || n.Tag[1] == '!' {
		return "", false
	}
	return n.Tag, true
}
