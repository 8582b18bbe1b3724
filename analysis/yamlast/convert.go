package yamlast

import (
	"github.com/stream-ls/stream-ls/analysis/document"
	"go.yaml.in/yaml/v3"
)

// converter turns a yaml.v3 tree into Nodes. Anchored nodes are converted
// once and shared by every alias, so an alias bomb costs what its text costs;
// an alias that refers to a node still being converted (a cycle) becomes a
// null instead of recursing forever.
type converter struct {
	f          *File
	lineOffset int // added to yaml.v3's line numbers when a block is parsed alone
	done       map[*yaml.Node]*Node
	inProgress map[*yaml.Node]bool
}

func newConverter(f *File, lineOffset int) *converter {
	return &converter{f: f, lineOffset: lineOffset, done: map[*yaml.Node]*Node{}, inProgress: map[*yaml.Node]bool{}}
}

func (c *converter) root(doc *yaml.Node) *Node {
	if doc.Kind == yaml.DocumentNode {
		if len(doc.Content) == 0 {
			return nil
		}
		return c.node(doc.Content[0])
	}
	if doc.Kind == 0 {
		return nil
	}
	return c.node(doc)
}

func (c *converter) mark(n *yaml.Node) int {
	return c.f.Mapper.YAMLMarkOffset(n.Line+c.lineOffset, n.Column)
}

func (c *converter) node(yn *yaml.Node) *Node {
	if yn.Kind == yaml.AliasNode {
		if yn.Alias == nil || c.inProgress[yn.Alias] {
			start := c.mark(yn)
			return &Node{Kind: Null, Tag: "!!null", Span: document.Span{Start: start, End: start + 1 + len(yn.Value)}}
		}
		return c.node(yn.Alias)
	}
	if n, ok := c.done[yn]; ok {
		return n
	}
	c.inProgress[yn] = true
	defer delete(c.inProgress, yn)

	text := c.f.Text
	start := valueStart(text, c.mark(yn))
	n := &Node{Tag: yn.Tag, Anchor: yn.Anchor, Span: document.Span{Start: start, End: start}}
	c.done[yn] = n
	body := contentStart(text, start)
	switch yn.Kind {
	case yaml.ScalarNode:
		n.Kind = Scalar
		n.Value = yn.Value
		n.Quoted = yn.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0
		if yn.Tag == "!!null" {
			n.Kind = Null
		}
		n.Span.End = scalarEnd(text, c.f.Mapper, yn, body)
		if n.Kind == Null && n.Span.End == body && body > start {
			// A tag with nothing after it: the span is the tag.
			n.Span.End = skipToken(text, start)
		}
		if n.Kind == Null && yn.Value == "" && !hasTag(text, start) {
			n.Span = document.Span{Start: start, End: start}
		}
	case yaml.SequenceNode:
		n.Kind = Sequence
		n.Flow = yn.Style&yaml.FlowStyle != 0
		for _, item := range yn.Content {
			n.Items = append(n.Items, c.node(item))
		}
		n.Span.End = c.collectionEnd(n, body)
	case yaml.MappingNode:
		n.Kind = Mapping
		n.Flow = yn.Style&yaml.FlowStyle != 0
		c.mapping(n, yn)
		n.Span.End = c.collectionEnd(n, body)
	}
	return n
}

func hasTag(text string, off int) bool { return off < len(text) && text[off] == '!' }

// collectionEnd is the closing bracket of a flow collection, or the end of
// the last child of a block one.
func (c *converter) collectionEnd(n *Node, body int) int {
	if n.Flow {
		return flowEnd(c.f.Text, body)
	}
	end := body
	for _, it := range n.Items {
		end = max(end, it.Span.End)
	}
	for _, p := range n.Pairs {
		if !p.Merged {
			end = max(end, p.Key.Span.End, p.Value.Span.End)
		}
	}
	return end
}

// mapping fills n's pairs. Explicit keys come first; keys merged with `<<`
// follow, each only once and only when no explicit key overrides it. Among
// several merged mappings the first one listed wins, as YAML's merge key
// specifies.
func (c *converter) mapping(n *Node, yn *yaml.Node) {
	seen := map[string]*Node{}
	var merges []*Node
	for i := 0; i+1 < len(yn.Content); i += 2 {
		k, v := yn.Content[i], yn.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			merges = append(merges, c.node(v))
			continue
		}
		key := c.node(k)
		value := c.node(v)
		if key.Kind == Scalar {
			if first, dup := seen[key.Value]; dup {
				c.f.Duplicates = append(c.f.Duplicates, Duplicate{Key: key, First: first})
			} else {
				seen[key.Value] = key
			}
		}
		n.Pairs = append(n.Pairs, &Pair{Key: key, Value: value})
	}
	for _, m := range merges {
		sources := []*Node{m}
		if m.Kind == Sequence {
			sources = m.Items
		}
		for _, src := range sources {
			if src.Kind != Mapping {
				continue
			}
			for _, p := range src.Pairs {
				if p.Key.Kind != Scalar {
					continue
				}
				if _, ok := seen[p.Key.Value]; ok {
					continue
				}
				seen[p.Key.Value] = p.Key
				n.Pairs = append(n.Pairs, &Pair{Key: p.Key, Value: p.Value, Merged: true})
			}
		}
	}
}
