package yamlast

import (
	"slices"
	"sync"
	"sync/atomic"

	"github.com/stream-ls/stream-ls/analysis/document"
)

// Materialized is a block's Tree turned into Nodes at an absolute offset.
type Materialized struct {
	Root *Node
	// Duplicates are the keys the block's mappings repeat, except those of
	// the block's top-level mapping, which are in RootDuplicates: when the
	// block is one entry of a larger mapping, the larger mapping decides
	// which key came first.
	Duplicates     []Duplicate
	RootDuplicates []Duplicate
	tree           *Tree
	// nodes are the nodes by cnode index (nil for those not reached), for
	// a block with anchors or duplicate keys; nil for the others.
	nodes []*Node
	// slabs is the memory the nodes were built in, which Release hands
	// back.
	slabs *slabs
}

// slabs are the arrays a Materialize builds a block's nodes in. They are
// reused once a caller releases them: opening a file of 5,000 functions
// built about 100 MB of nodes that were garbage as soon as a function's
// rules had run, and under the server's memory limit the collector ran
// every 20 ms and took a third of the time.
type slabs struct {
	nodes []Node
	pairs []Pair
	ptrs  []*Pair
	items []*Node
	// used are the lengths the last build was given: all it can have
	// written, and all Release needs to clear.
	usedNodes, usedPairs, usedItems int
}

var slabPool sync.Pool

// getSlabs returns zeroed slabs of at least the given lengths, reused when
// the pool has large enough ones.
func getSlabs(nodes, pairs, items int) *slabs {
	sl, _ := slabPool.Get().(*slabs)
	if sl == nil {
		sl = &slabs{}
	}
	// Room to spare, so that a slab serves the blocks a little larger
	// than the one it was made for.
	if cap(sl.nodes) < nodes {
		sl.nodes = make([]Node, nodes+nodes/4)
	}
	if cap(sl.pairs) < pairs {
		sl.pairs, sl.ptrs = make([]Pair, pairs+pairs/4), make([]*Pair, pairs+pairs/4)
	}
	if cap(sl.items) < items {
		sl.items = make([]*Node, items+items/4)
	}
	sl.usedNodes, sl.usedPairs, sl.usedItems = nodes, pairs, items
	return sl
}

// Release hands the memory of m's nodes back for later Materialize calls
// to reuse. The caller promises that nothing it keeps points into them,
// or into what it read from them (Functions, StreamEvents, views); strings
// are safe, since they point into the tree's text. m is empty afterwards.
func (m *Materialized) Release() {
	sl := m.slabs
	if sl == nil {
		return
	}
	// Cleared now rather than when reused: a slab in the pool must not
	// keep alive what its nodes pointed to. Past what the build was
	// given, a slab is still zero.
	clear(sl.nodes[:sl.usedNodes])
	clear(sl.pairs[:sl.usedPairs])
	clear(sl.ptrs[:sl.usedPairs])
	clear(sl.items[:sl.usedItems])
	*m = Materialized{}
	slabPool.Put(sl)
}

// Anchor returns the node of the block's i-th anchor (see Tree.Anchors).
func (m *Materialized) Anchor(i int) *Node { return m.nodes[m.tree.anchors[i].node] }

// Materialize builds the block's Nodes as if its text started at byte
// offset base. resolve returns, for an external reference (an index into
// Refs), the node of the anchor it names, materialized where that anchor's
// block lies; it is only asked about references the tree uses.
//
// Nodes are allocated in one slab per block: the block is the unit that
// lives and dies together.
func (t *Tree) Materialize(base int, resolve func(ref int) *Node) *Materialized {
	return t.materialize(base, resolve, false)
}

// MaterializeReusable is Materialize for a caller that will Release the
// result: the nodes may be built in memory an earlier Release handed
// back.
func (t *Tree) MaterializeReusable(base int, resolve func(ref int) *Node) *Materialized {
	return t.materialize(base, resolve, true)
}

func (t *Tree) materialize(base int, resolve func(ref int) *Node, reusable bool) *Materialized {
	m := &Materialized{tree: t}
	if t.root < 0 {
		return m
	}
	if len(t.anchors) > 0 || len(t.dups) > 0 {
		// Only an anchored node is reached more than once, and
		// duplicates name keys built before: only then are the nodes
		// needed by index.
		m.nodes = make([]*Node, len(t.nodes))
	}
	// The pairs and the pointer arrays of mappings and sequences come from
	// slabs too, sized by counting first: one allocation each per block
	// rather than one per collection (a function has dozens).
	pairs, items, maxTag := 0, 0, uint16(0)
	for i := range t.nodes {
		c := &t.nodes[i]
		switch Kind(c.kind) {
		case Mapping:
			pairs += int(c.b) / 2
		case Sequence:
			items += int(c.b)
		}
		maxTag = max(maxTag, c.tag)
	}
	if pairs > 0 {
		// Room for a few merged pairs beyond the written ones, which
		// only resolving the merges counts.
		pairs += 8
	}
	var sl *slabs
	if reusable {
		sl = getSlabs(len(t.nodes), pairs, items)
		m.slabs = sl
	} else {
		// Kept nodes are allocated to size: a pooled slab may be far
		// larger than the block.
		sl = &slabs{nodes: make([]Node, len(t.nodes)), pairs: make([]Pair, pairs), ptrs: make([]*Pair, pairs), items: make([]*Node, items)}
	}
	b := &builder{t: t, m: m, base: base, resolve: resolve, slab: sl.nodes[:len(t.nodes)], tags: tagTable(maxTag)}
	b.pairs, b.pairPtrs = sl.pairs[:pairs], sl.ptrs[:pairs]
	b.items = sl.items[:items]
	m.Root = b.node(t.root)
	for _, d := range t.dups {
		dup := Duplicate{Key: b.node(d[0]), First: b.node(d[1])}
		if d[2] == t.root {
			m.RootDuplicates = append(m.RootDuplicates, dup)
		} else {
			m.Duplicates = append(m.Duplicates, dup)
		}
	}
	return m
}

type builder struct {
	t        *Tree
	m        *Materialized
	base     int
	resolve  func(int) *Node
	slab     []Node
	used     int
	pairs    []Pair
	pairPtrs []*Pair
	items    []*Node
	tags     []string
}

// tagSnapshot is a copy of the interned tag names that Materialize reads
// without a lock. It looks a tag up for every node it builds, and the
// table's read lock, taken that often from every core at once, cost more
// than the rest of the node.
var tagSnapshot atomic.Pointer[[]string]

// tagTable returns tag names that include tag id last.
func tagTable(last uint16) []string {
	if p := tagSnapshot.Load(); p != nil && int(last) < len(*p) {
		return *p
	}
	tags.RLock()
	names := slices.Clone(tags.names)
	tags.RUnlock()
	// Tags are only ever added, so a store that races with another
	// leaves a table that is right as far as it goes; a call that needs
	// more refreshes it.
	tagSnapshot.Store(&names)
	return names
}

func (b *builder) span(c *cnode) document.Span {
	return document.Span{Start: b.base + int(c.start), End: b.base + int(c.end)}
}

func (b *builder) node(i int32) *Node {
	if b.m.nodes != nil {
		if n := b.m.nodes[i]; n != nil {
			return n
		}
	}
	c := &b.t.nodes[i]
	if c.kind == kindExternal {
		var n *Node
		if b.resolve != nil {
			n = b.resolve(int(c.ref()))
		}
		if n == nil {
			// The caller checks references before materializing; this
			// only keeps a broken caller from crashing.
			n = &Node{Kind: Null, Tag: "!!null", Span: b.span(c)}
		}
		b.remember(i, n)
		return n
	}
	n := &b.slab[b.used]
	b.used++
	b.remember(i, n)
	n.Kind = Kind(c.kind)
	n.Tag = b.tags[c.tag]
	n.Value = b.t.val(c)
	n.Quoted = c.flags&flagQuoted != 0
	n.Flow = c.flags&flagFlow != 0
	n.Span = b.span(c)
	if c.anchor >= 0 {
		n.Anchor = b.anchorName(i, c)
	}
	kids := b.t.kidsOf(c)
	switch n.Kind {
	case Sequence:
		if len(kids) > 0 {
			n.Items = b.items[:len(kids):len(kids)]
			b.items = b.items[len(kids):]
			for j, k := range kids {
				n.Items[j] = b.node(k)
			}
		}
	case Mapping:
		b.mapping(n, kids)
	}
	return n
}

func (b *builder) remember(i int32, n *Node) {
	if b.m.nodes != nil {
		b.m.nodes[i] = n
	}
}

func (b *builder) anchorName(i int32, c *cnode) string {
	if c.anchor != anchorOverflow {
		return b.t.anchors[c.anchor].name
	}
	for _, a := range b.t.anchors[anchorOverflow:] {
		if a.node == i {
			return a.name
		}
	}
	return ""
}

// newPairs hands out room for n pairs: the pairs and the list that holds
// them, with no spare capacity, so that appending to one node's pairs
// cannot reach another's.
func (b *builder) newPairs(n int) ([]Pair, []*Pair) {
	if n > len(b.pairs) {
		// Only merges take more than the slab holds: a few more.
		size := max(n, 16)
		b.pairs, b.pairPtrs = make([]Pair, size), make([]*Pair, size)
	}
	ps, ptrs := b.pairs[:n:n], b.pairPtrs[:0:n]
	b.pairs, b.pairPtrs = b.pairs[n:], b.pairPtrs[n:]
	return ps, ptrs
}

// mapping fills n's pairs. Explicit keys come first; keys merged with `<<`
// follow, each only once and only when no explicit key overrides it. Among
// several merged mappings the first one listed wins, as YAML's merge key
// specifies.
func (b *builder) mapping(n *Node, kids []int32) {
	explicit := 0
	for j := 0; j+1 < len(kids); j += 2 {
		if b.t.nodes[kids[j]].flags&flagMerge == 0 {
			explicit++
		}
	}
	var few [4]*Node
	sources := few[:0]
	merged := 0
	for j := 0; j+1 < len(kids); j += 2 {
		if b.t.nodes[kids[j]].flags&flagMerge != 0 {
			m := b.node(kids[j+1])
			sources = append(sources, m)
			if m.Kind == Sequence {
				for _, src := range m.Items {
					merged += len(src.Pairs)
				}
			} else {
				merged += len(m.Pairs)
			}
		}
	}
	var slab []Pair
	if explicit+merged > 0 {
		slab, n.Pairs = b.newPairs(explicit + merged)
	}
	for j := 0; j+1 < len(kids); j += 2 {
		if b.t.nodes[kids[j]].flags&flagMerge != 0 {
			continue
		}
		p := &slab[len(n.Pairs)]
		p.Key, p.Value = b.node(kids[j]), b.node(kids[j+1])
		n.Pairs = append(n.Pairs, p)
	}
	// Merged mappings are usually a handful of keys over a handful of
	// explicit ones (an anchor of stream defaults merged into each event),
	// so looking the key up among the pairs so far beats building a set
	// per mapping; large merges fall back to one.
	var seen map[string]bool
	if explicit+merged > 32 {
		seen = make(map[string]bool, explicit+merged)
		for _, p := range n.Pairs {
			if p.Key.Kind == Scalar {
				seen[p.Key.Value] = true
			}
		}
	}
	has := func(key string) bool {
		if seen != nil {
			return seen[key]
		}
		for _, p := range n.Pairs {
			if p.Key.Kind == Scalar && p.Key.Value == key {
				return true
			}
		}
		return false
	}
	for _, m := range sources {
		from := []*Node{m}
		if m.Kind == Sequence {
			from = m.Items
		}
		for _, src := range from {
			if src.Kind != Mapping {
				continue
			}
			for _, p := range src.Pairs {
				if p.Key.Kind != Scalar || has(p.Key.Value) {
					continue
				}
				if seen != nil {
					seen[p.Key.Value] = true
				}
				mp := &slab[len(n.Pairs)]
				mp.Key, mp.Value, mp.Merged = p.Key, p.Value, true
				n.Pairs = append(n.Pairs, mp)
			}
		}
	}
}
