package yamlast

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/stream-ls/stream-ls/analysis/document"
	"go.yaml.in/yaml/v3"
)

// Tree is the parse of one block of a document (see Split): a compact,
// position-independent form of the block's YAML, with offsets relative to the
// block's first byte. It is what an incremental analysis keeps for every
// block, so it is several times smaller than the Nodes it stands for (about
// 40 bytes a node against some 160 with pairs); Materialize turns it into
// Nodes at the block's current offset when they are needed.
//
// A Tree depends on nothing but the block's text. An alias to an anchor that
// the block does not define before using it is kept as an external
// reference, which Materialize resolves against the anchors of earlier blocks.
type Tree struct {
	text  string
	nodes []cnode
	// kids holds the children of every collection: a sequence's items, or a
	// mapping's keys and values in turn (merge keys included). A node that
	// several aliases share appears once in nodes and many times here.
	kids []int32
	root int32 // -1 for an empty block
	// anchors lists the anchors the block defines, in document order.
	anchors []treeAnchor
	// refs names the external references, indexed by cnode.ref; used
	// lists those the tree holds, and firstUse the node of each one's first
	// use in the text (-1 for one not used).
	refs     []string
	used     []int
	firstUse []int32
	// dups are duplicate keys within the block's mappings: {key, first,
	// mapping}.
	dups [][3]int32
	// values holds the decoded values that differ from their text.
	values []string
	// Err is the block's syntax error, relative to the block; nil when the
	// block parsed.
	Err *SyntaxError
}

type treeAnchor struct {
	name string
	node int32
}

// cnode is one node of a Tree, 24 bytes: a block of 5,000 functions has
// some 460,000 of them. A scalar's value is a run of the block's text when
// it is written as is (the usual case), so most values cost no memory of
// their own; the others are in Tree.values.
type cnode struct {
	start, end int32 // span, relative to the block
	// a and b are, for a scalar (or null), its value: text[a:a+b], or
	// values[a] when b < 0; for a collection, its children:
	// kids[a:a+b]; for an external alias, a indexes Tree.refs. See
	// value, children and ref, which read them by kind.
	a, b   int32
	tag    uint16
	anchor int16 // index into Tree.anchors, -1 for none
	kind   uint8 // a Kind, or kindExternal
	flags  uint8
}

// value is where a scalar's value is (see cnode.a), and 0, 0 for any other
// node.
func (c *cnode) value() (off, n int32) {
	if c.kind == uint8(Scalar) || c.kind == uint8(Null) {
		return c.a, c.b
	}
	return 0, 0
}

// children is where a collection's children are in Tree.kids, and 0, 0 for
// any other node.
func (c *cnode) children() (first, n int32) {
	if c.kind == uint8(Mapping) || c.kind == uint8(Sequence) {
		return c.a, c.b
	}
	return 0, 0
}

// ref is the index in Tree.refs of an external alias.
func (c *cnode) ref() int32 { return c.a }

const kindExternal = 0xff

// anchorOverflow in cnode.anchor means "look the anchor up in Tree.anchors":
// a block with that many anchors is not worth a wider field in every node.
const anchorOverflow = 1<<15 - 1

const (
	flagQuoted uint8 = 1 << iota
	flagFlow
	flagMerge // a `<<` key
)

// tags interns tag strings: there are a handful in any file, and a uint16
// in every node is cheaper than a string header.
var tags = struct {
	sync.RWMutex
	byName map[string]uint16
	names  []string
}{byName: map[string]uint16{}}

func internTag(t string) uint16 {
	tags.RLock()
	id, ok := tags.byName[t]
	tags.RUnlock()
	if ok {
		return id
	}
	tags.Lock()
	defer tags.Unlock()
	if id, ok := tags.byName[t]; ok {
		return id
	}
	if len(tags.names) == 1<<16-1 {
		// A document that invents this many tags gets the last one for
		// the rest; no real config comes near.
		return uint16(len(tags.names) - 1)
	}
	id = uint16(len(tags.names))
	tags.names = append(tags.names, strings.Clone(t))
	tags.byName[tags.names[id]] = id
	return id
}

func tagName(id uint16) string {
	tags.RLock()
	defer tags.RUnlock()
	return tags.names[id]
}

// aliasCandidate finds every token that may be an alias. yaml.v3 reads
// anchor names as runs of [0-9A-Za-z_-]; a match inside a quoted string or a
// comment only costs an unused placeholder.
var aliasCandidate = regexp.MustCompile(`\*[0-9A-Za-z_-]+`)

// stubKey is the key of the line that ParseTree puts in front of a block to
// define a placeholder for every anchor the block may use before defining
// it. yaml.v3 refuses an alias to an unknown anchor, so without it a block
// could not be parsed apart from the block that defines the anchor.
const stubKey = `"\0stub"`

// ParseTree parses the text of one block. The block's lines must be a
// mapping's entries, all indented alike, as Split produces them; a block
// that does not parse gets Err and no nodes.
func ParseTree(text string) *Tree { return parseTree(text, false) }

// parseTree is ParseTree; the tree keeps text itself when owned is true,
// and a copy otherwise (the caller's text may be a slice of a larger one).
func parseTree(text string, owned bool) *Tree {
	if !owned {
		text = strings.Clone(text)
	}
	// Most blocks are plain enough for the hand-written parser, which is
	// many times faster; it declines whatever it is not sure of.
	if t, ok := parseTreeFast(text); ok {
		return t
	}
	return parseTreeYAML(text)
}

// parseTreeYAML is ParseTree by way of yaml.v3, which handles all of YAML.
// The tree keeps text.
func parseTreeYAML(text string) *Tree {
	t := &Tree{text: text, root: -1}
	src := t.text
	names := stubNames(src)
	prefix := ""
	if len(names) > 0 {
		indent := src[:len(src)-len(strings.TrimLeft(src, " "))]
		var b strings.Builder
		b.WriteString(indent)
		b.WriteString(stubKey)
		b.WriteString(": [")
		for i, n := range names {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("&")
			b.WriteString(n)
			b.WriteString(" ~")
		}
		b.WriteString("]\n")
		prefix = b.String()
	}
	var doc yaml.Node
	err := yaml.Unmarshal([]byte(prefix+src), &doc)
	lineShift := 0
	if prefix != "" {
		lineShift = 1
	}
	m := document.NewMapper(src)
	if err != nil {
		t.Err = blockError(src, m, err, lineShift)
		return t
	}
	e := &encoder{t: t, m: m, lineShift: lineShift, done: map[*yaml.Node]int32{}, inProgress: map[*yaml.Node]bool{}}
	root := rootNode(&doc)
	if root == nil {
		return t
	}
	if prefix != "" {
		// The placeholder pair comes first; its anchors stand for the
		// earlier blocks' and must not count as the block's own.
		if root.Kind != yaml.MappingNode || len(root.Content) < 2 || root.Content[1].Kind != yaml.SequenceNode {
			t.Err = &SyntaxError{Span: lineContentSpan(src, m, 0), Message: "could not find expected ':'"}
			return t
		}
		e.stubs = map[*yaml.Node]int{}
		for i, item := range root.Content[1].Content {
			e.stubs[item] = i
		}
		t.refs = make([]string, len(names))
		copy(t.refs, names)
		root.Content = root.Content[2:]
		if len(root.Content) > 0 {
			// Without the placeholder line the mapping starts at its
			// first real key, as yaml.v3 marks it.
			root.Line, root.Column = root.Content[0].Line, root.Content[0].Column
		}
	}
	t.root = e.node(root)
	t.indexRefs()
	// The slices grew by doubling; a tree lives as long as its block, so
	// it keeps only what it uses.
	t.nodes = slices.Clip(append([]cnode(nil), t.nodes...))
	t.kids = slices.Clip(append([]int32(nil), t.kids...))
	return t
}

func (t *Tree) indexRefs() {
	if len(t.refs) == 0 {
		return
	}
	t.firstUse = make([]int32, len(t.refs))
	for i := range t.firstUse {
		t.firstUse[i] = -1
	}
	for i := range t.nodes {
		n := &t.nodes[i]
		if n.kind != kindExternal {
			continue
		}
		if f := t.firstUse[n.ref()]; f < 0 {
			t.used = append(t.used, int(n.ref()))
			t.firstUse[n.ref()] = int32(i)
		} else if n.start < t.nodes[f].start {
			t.firstUse[n.ref()] = int32(i)
		}
	}
	sort.Ints(t.used)
}

// stubNames lists the distinct names of alias candidates in text.
func stubNames(text string) []string {
	if !strings.Contains(text, "*") {
		return nil
	}
	var names []string
	seen := map[string]bool{}
	for _, m := range aliasCandidate.FindAllString(text, -1) {
		n := m[1:]
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	return names
}

func rootNode(doc *yaml.Node) *yaml.Node {
	if doc.Kind == yaml.DocumentNode {
		if len(doc.Content) == 0 {
			return nil
		}
		return doc.Content[0]
	}
	if doc.Kind == 0 {
		return nil
	}
	return doc
}

// encoder turns a yaml.v3 tree into a Tree. Anchored nodes are encoded once
// and shared by every alias, so an alias bomb costs what its text costs; an
// alias that refers to a node still being encoded (a cycle) becomes a null
// instead of recursing forever.
type encoder struct {
	t          *Tree
	m          *document.Mapper
	lineShift  int
	done       map[*yaml.Node]int32
	inProgress map[*yaml.Node]bool
	stubs      map[*yaml.Node]int // placeholder node -> index of its name in t.refs
}

func (e *encoder) mark(n *yaml.Node) int {
	return e.m.YAMLMarkOffset(n.Line-e.lineShift, n.Column)
}

func (e *encoder) add(n cnode) int32 {
	e.t.nodes = append(e.t.nodes, n)
	return int32(len(e.t.nodes) - 1)
}

var (
	tagNull = internTag("!!null")
	tagMap  = internTag("!!map")
	tagStr  = internTag("!!str")
)

func (e *encoder) node(yn *yaml.Node) int32 {
	if yn.Kind == yaml.AliasNode {
		if i, ok := e.stubs[yn.Alias]; ok {
			start := e.mark(yn)
			return e.add(cnode{kind: kindExternal, a: int32(i), anchor: -1,
				start: int32(start), end: int32(start + 1 + len(yn.Value))})
		}
		if yn.Alias == nil || e.inProgress[yn.Alias] {
			start := e.mark(yn)
			return e.add(cnode{kind: uint8(Null), tag: tagNull, anchor: -1,
				start: int32(start), end: int32(start + 1 + len(yn.Value))})
		}
		return e.node(yn.Alias)
	}
	// Only an anchored node can be reached twice (through an alias), so
	// only those are remembered.
	if yn.Anchor != "" {
		if i, ok := e.done[yn]; ok {
			return i
		}
		e.inProgress[yn] = true
		defer delete(e.inProgress, yn)
	}

	text := e.t.text
	start := valueStart(text, e.mark(yn))
	n := cnode{tag: internTag(yn.Tag), anchor: -1, start: int32(start), end: int32(start)}
	idx := e.add(n)
	if yn.Anchor != "" {
		e.done[yn] = idx
	}
	if yn.Anchor != "" {
		e.t.anchors = append(e.t.anchors, treeAnchor{name: yn.Anchor, node: idx})
		n.anchor = int16(min(len(e.t.anchors)-1, anchorOverflow))
	}
	body := contentStart(text, start)
	end := start
	switch yn.Kind {
	case yaml.ScalarNode:
		n.kind = uint8(Scalar)
		if yn.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			n.flags |= flagQuoted
		}
		if yn.Tag == "!!null" {
			n.kind = uint8(Null)
		}
		end = scalarEnd(text, e.m, yn, body)
		if n.kind == uint8(Null) && end == body && body > start {
			// A tag with nothing after it: the span is the tag.
			end = skipToken(text, start)
		}
		if n.kind == uint8(Null) && yn.Value == "" && !hasTag(text, start) {
			end = start
		}
		n.a, n.b = e.value(yn.Value, body, end)
	case yaml.SequenceNode:
		n.kind = uint8(Sequence)
		if yn.Style&yaml.FlowStyle != 0 {
			n.flags |= flagFlow
		}
		items := make([]int32, len(yn.Content))
		for i, item := range yn.Content {
			items[i] = e.node(item)
		}
		n.a, n.b = int32(len(e.t.kids)), int32(len(items))
		e.t.kids = append(e.t.kids, items...)
		end = e.collectionEnd(n, items, body)
	case yaml.MappingNode:
		n.kind = uint8(Mapping)
		if yn.Style&yaml.FlowStyle != 0 {
			n.flags |= flagFlow
		}
		kids := e.mapping(yn, idx)
		n.a, n.b = int32(len(e.t.kids)), int32(len(kids))
		e.t.kids = append(e.t.kids, kids...)
		end = e.collectionEnd(n, kids, body)
	}
	n.end = int32(end)
	e.t.nodes[idx] = n
	return idx
}

// value places a scalar's decoded value: in the block's text when it is
// written as is, else in Tree.values.
func (e *encoder) value(v string, start, end int) (off, n int32) {
	if v == "" {
		return 0, 0
	}
	text := e.t.text
	if end-start == len(v) && text[start:end] == v {
		return int32(start), int32(len(v))
	}
	if end-start == len(v)+2 && text[start+1:end-1] == v {
		return int32(start + 1), int32(len(v))
	}
	e.t.values = append(e.t.values, v)
	return int32(len(e.t.values) - 1), -1
}

// val is node c's value.
func (t *Tree) val(c *cnode) string {
	off, n := c.value()
	if n < 0 {
		return t.values[off]
	}
	return t.text[off : off+n]
}

// kidsOf is node c's children.
func (t *Tree) kidsOf(c *cnode) []int32 {
	first, n := c.children()
	return t.kids[first : first+n]
}

// collectionEnd is the closing bracket of a flow collection, or the end of
// the last child of a block one. Merged entries do not count: their spans lie
// at the anchor.
func (e *encoder) collectionEnd(n cnode, kids []int32, body int) int {
	if n.flags&flagFlow != 0 {
		return flowEnd(e.t.text, body)
	}
	// An alias to an earlier block's anchor has that anchor's span, which
	// lies before this block and so never extends the collection.
	end := body
	at := func(k int32) int {
		if n := &e.t.nodes[k]; n.kind != kindExternal {
			return int(n.end)
		}
		return 0
	}
	if n.kind == uint8(Sequence) {
		for _, k := range kids {
			end = max(end, at(k))
		}
		return end
	}
	for i := 0; i+1 < len(kids); i += 2 {
		if e.t.nodes[kids[i]].flags&flagMerge != 0 {
			continue
		}
		end = max(end, at(kids[i]), at(kids[i+1]))
	}
	return end
}

// mapping encodes a mapping's entries in document order and records the
// keys it repeats. Merge keys are kept as entries; Materialize expands them.
func (e *encoder) mapping(yn *yaml.Node, self int32) []int32 {
	kids := make([]int32, 0, len(yn.Content))
	var seen map[string]int32
	for i := 0; i+1 < len(yn.Content); i += 2 {
		k, v := yn.Content[i], yn.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			start := valueStart(e.t.text, e.mark(k))
			voff, vlen := e.value(k.Value, start, start+len(k.Value))
			key := e.add(cnode{kind: uint8(Scalar), tag: internTag(k.Tag), anchor: -1, flags: flagMerge,
				start: int32(start), end: int32(start + len(k.Value)), a: voff, b: vlen})
			kids = append(kids, key, e.node(v))
			continue
		}
		key := e.node(k)
		value := e.node(v)
		if kn := &e.t.nodes[key]; kn.kind == uint8(Scalar) {
			if seen == nil {
				seen = map[string]int32{}
			}
			v := e.t.val(kn)
			if first, dup := seen[v]; dup {
				e.t.dups = append(e.t.dups, [3]int32{key, first, self})
			} else {
				seen[v] = key
			}
		}
		kids = append(kids, key, value)
	}
	return kids
}

// Len is the length of the block's text.
func (t *Tree) Len() int { return len(t.text) }

// Text is the block's text.
func (t *Tree) Text() string { return t.text }

// NodeCount is the number of nodes the tree holds, for sizing.
func (t *Tree) NodeCount() int { return len(t.nodes) }

// Anchors calls fn for every anchor the block defines, in document order.
func (t *Tree) Anchors(fn func(name string, i int)) {
	for i, a := range t.anchors {
		fn(a.name, i)
	}
}

// AnchorCount is the number of anchors the block defines.
func (t *Tree) AnchorCount() int { return len(t.anchors) }

// Refs lists the names of the anchors the block may use from earlier
// blocks: the names Materialize's resolve is asked about.
func (t *Tree) Refs() []string { return t.refs }

// UsedRefs lists the external references the parsed tree actually holds
// (a name that appears only in a string or a comment is not used).
func (t *Tree) UsedRefs() []int { return t.used }

// RootPairs returns the keys of the block's top-level mapping as nodes at
// offset base (key only: Kind, Tag, Value, Quoted, Span), with each pair's
// index among the block's top-level pairs. Merge keys are left out. It lets
// the keys of many blocks be compared without building their values.
func (t *Tree) RootKeys(base int) []*Node {
	if t.root < 0 || t.nodes[t.root].kind != uint8(Mapping) {
		return nil
	}
	r := &t.nodes[t.root]
	kids := t.kidsOf(r)
	var out []*Node
	for i := 0; i+1 < len(kids); i += 2 {
		c := &t.nodes[kids[i]]
		if c.flags&flagMerge != 0 {
			continue
		}
		out = append(out, t.lightNode(kids[i], base))
	}
	return out
}

// RootKeyNames lists the values of the scalar keys of the block's
// top-level mapping, merge keys left out.
func (t *Tree) RootKeyNames() []string {
	if t.root < 0 || t.nodes[t.root].kind != uint8(Mapping) {
		return nil
	}
	r := &t.nodes[t.root]
	kids := t.kidsOf(r)
	var out []string
	for i := 0; i+1 < len(kids); i += 2 {
		c := &t.nodes[kids[i]]
		if c.flags&flagMerge != 0 {
			continue
		}
		if c.kind == uint8(Scalar) {
			out = append(out, t.val(c))
		} else {
			out = append(out, "")
		}
	}
	return out
}

// lightNode is node i without its children, at offset base.
func (t *Tree) lightNode(i int32, base int) *Node {
	c := &t.nodes[i]
	if c.kind == kindExternal {
		return &Node{Kind: Null, Tag: "!!null", Span: document.Span{Start: base + int(c.start), End: base + int(c.end)}}
	}
	return &Node{Kind: Kind(c.kind), Tag: tagName(c.tag), Value: t.val(c), Quoted: c.flags&flagQuoted != 0,
		Flow: c.flags&flagFlow != 0, Span: document.Span{Start: base + int(c.start), End: base + int(c.end)}}
}

// Duplicates returns the block's duplicate keys at offset base, with light
// nodes (see RootKeys), leaving out those of the top-level mapping, which
// the enclosing mapping reports when the block is one of its entries.
func (t *Tree) Duplicates(base int, withRoot bool) []Duplicate {
	var out []Duplicate
	for _, d := range t.dups {
		if d[2] == t.root && !withRoot {
			continue
		}
		out = append(out, Duplicate{Key: t.lightNode(d[0], base), First: t.lightNode(d[1], base)})
	}
	return out
}
