package analysis

import (
	"slices"
	"sort"
	"sync"

	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// ModelAt returns a model of the part of the file around byte offset off,
// for hover and completion, at a cost that does not grow with the file:
//
//   - in a function, the model is the function's view, as the rules see it
//     (package rules): the functions of its piece, their stream events, the
//     resources they name, and the rest of the configuration without the
//     other functions, `custom` and the resources they do not name;
//   - elsewhere, it holds that view's configuration and the entry under
//     off, where it is in the tree (under `custom`, a resource under
//     resources.Resources, ...), and no functions.
//
// Spans are exact. The first question about a snapshot builds an index of
// its pieces (a pass over them, no parsing); nodes are built per piece and
// kept with the snapshot, and so are the last views asked for, since
// completion and hover ask about the same place again and again while the
// user reads or types. Model builds all of the file instead.
func (sn *Snapshot) ModelAt(off int) *serverless.File {
	if sn.slots == nil {
		return sn.Model()
	}
	x := sn.index()
	i := sort.Search(len(sn.slots), func(i int) bool { return sn.slots[i].start > off }) - 1
	i = max(i, 0)
	x.mu.Lock()
	v, ok := x.views[i]
	x.mu.Unlock()
	if ok {
		return v
	}
	v = sn.viewOf(i)
	x.mu.Lock()
	defer x.mu.Unlock()
	if len(x.views) >= maxViewsKept {
		clear(x.views)
	}
	x.views[i] = v
	return v
}

// maxViewsKept bounds the views a snapshot keeps; a client that asks about
// more places than that in one version is not reading, and the views are
// rebuilt as cheaply as they were built.
const maxViewsKept = 64

// viewOf builds ModelAt's view of slot i.
func (sn *Snapshot) viewOf(i int) *serverless.File {
	x := sn.idx
	var fns []*serverless.Function
	var streams []*serverless.StreamEvent
	var mentions []string
	if x.unit[i] {
		fns = sn.functionsOf(i)
		for _, fn := range fns {
			streams = fn.AppendStreams(streams)
			for _, id := range serverless.Mentions(fn.Node) {
				if !slices.Contains(mentions, id) {
					mentions = append(mentions, id)
				}
			}
		}
	} else if x.resEntry[i] {
		mentions = append(mentions, sn.slots[i].p.keys...)
	}
	keep := map[string]bool{}
	for _, id := range mentions {
		keep[id] = true
	}
	v := &serverless.File{
		Functions: fns, Streams: streams, Resources: map[string]*serverless.Resource{},
		ResourcesComplete: sn.settings.resourcesComplete, HasPlugins: sn.settings.hasPlugins,
		ConfigValidationMode: sn.settings.configValidationMode,
	}
	var ids []string
	for _, id := range mentions {
		if r := sn.resource(id); r != nil {
			v.Resources[id] = r
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(a, b int) bool { return x.resFirst[ids[a]] < x.resFirst[ids[b]] })
	v.ResourceOrder = ids
	root := sn.rootView(keep)
	if !x.unit[i] && !x.resEntry[i] {
		root = sn.withPath(root, i)
	}
	v.AST = &yamlast.File{Text: sn.Text, Mapper: sn.Mapper, Root: root}
	return v
}

// snapIndex is a snapshot's structure, worked out from its slots alone
// (the session's records of pieces change with later versions).
type snapIndex struct {
	pos       map[*pstate]int // the slots of the pieces that define anchors
	parent    []int
	unit      []bool
	resEntry  []bool // an entry of the effective, split resources.Resources
	top       []int
	resKids   map[int][]int
	container int // the slot that holds all of resources.Resources, or -1
	resHeader int // the split effective Resources header, or -1
	// functions and resources are the top-level pieces that hold the
	// file's `functions` and `resources` (the last that parses), or -1.
	functions, resources int
	// resSlots are the slots of the entries of the effective, split
	// Resources, and ids where each logical ID is among them.
	resSlots []int
	ids      *resourceIDs
	// resFirst orders the logical IDs by their first definition.
	resFirst map[string]int

	mu    sync.Mutex
	mats  map[int]*yamlast.Materialized
	cont  *containerRes
	views map[int]*serverless.File
}

// resourceIDs is where the logical IDs of the entries of a split Resources
// are: of lists, for each, the indexes of the entries that define it (in a
// version's list of entries), and first orders the IDs by their first
// definition. Snapshots whose entries are the same pieces share it: a
// keystroke in a function leaves it as it was, and building it was most of
// the first hover's or completion's cost in each version of a file of
// thousands of resources.
type resourceIDs struct {
	pieces []*pstate
	of     map[string][]int
	first  map[string]int
}

// resourceIDsCache is the last resourceIDs a session's snapshots built.
type resourceIDsCache struct {
	mu   sync.Mutex
	last *resourceIDs
}

// resourceIDs returns the resourceIDs of the entries in slots.
func (sn *Snapshot) resourceIDs(slots []int) *resourceIDs {
	pieces := make([]*pstate, len(slots))
	for k, i := range slots {
		pieces[k] = sn.slots[i].p
	}
	c := sn.idsCache
	if c != nil {
		c.mu.Lock()
		last := c.last
		c.mu.Unlock()
		if last != nil && slices.Equal(last.pieces, pieces) {
			return last
		}
	}
	ids := &resourceIDs{pieces: pieces, of: make(map[string][]int, len(pieces)), first: make(map[string]int, len(pieces))}
	for k, p := range pieces {
		for _, id := range p.keys {
			if _, seen := ids.first[id]; !seen {
				ids.first[id] = len(ids.first)
			}
			if l := ids.of[id]; len(l) == 0 || l[len(l)-1] != k {
				ids.of[id] = append(l, k)
			}
		}
	}
	if c != nil {
		c.mu.Lock()
		c.last = ids
		c.mu.Unlock()
	}
	return ids
}

// slotsOf lists the slots of the entries that define logical ID id.
func (x *snapIndex) slotsOf(id string) []int {
	l := x.ids.of[id]
	out := make([]int, len(l))
	for i, k := range l {
		out[i] = x.resSlots[k]
	}
	return out
}

// ParsedAt reports whether the piece of the file around byte offset off
// parsed. ModelAt can say nothing about the inside of a piece that did not,
// so a caller that can do with an older version's whole model may prefer
// it there.
func (sn *Snapshot) ParsedAt(off int) bool {
	if sn.slots == nil {
		m := sn.Model()
		return m != nil && m.AST != nil && len(m.AST.Errors) == 0
	}
	i := sort.Search(len(sn.slots), func(i int) bool { return sn.slots[i].start > off }) - 1
	return !sn.failed(max(i, 0))
}

// Parsed reports whether every piece of the file parsed.
func (sn *Snapshot) Parsed() bool {
	if sn.slots == nil {
		return sn.ParsedAt(0)
	}
	return sn.parsed
}

func (sn *Snapshot) failed(i int) bool {
	sl := sn.slots[i]
	return sl.p.tree.Err != nil || (sl.res != nil && sl.res.err != nil)
}

func (sn *Snapshot) index() *snapIndex {
	sn.idxOnce.Do(func() {
		n := len(sn.slots)
		// Sized for every piece at once: growing them entry by entry was
		// most of the first hover's or completion's cost in a version of
		// a file of thousands of functions and resources.
		x := &snapIndex{pos: map[*pstate]int{}, parent: make([]int, n), unit: make([]bool, n),
			resEntry: make([]bool, n), resKids: map[int][]int{}, container: -1, resHeader: -1,
			mats: map[int]*yamlast.Materialized{}, views: map[int]*serverless.File{}}
		stack := [3]int{-1, -1, -1}
		for i, sl := range sn.slots {
			p := sl.p
			if p.tree.AnchorCount() > 0 {
				// Only an alias's target is looked up.
				x.pos[p] = i
			}
			x.parent[i] = -1
			if lv := p.piece.Level; lv > 0 {
				x.parent[i] = stack[lv-1]
			}
			if p.piece.Header {
				stack[p.piece.Level] = i
			}
			if p.piece.Level == 0 {
				x.top = append(x.top, i)
			}
			if pp := x.parent[i]; pp >= 0 && sn.slots[pp].p.piece.Level == 0 && sn.slots[pp].p.piece.Key == "resources" {
				x.resKids[pp] = append(x.resKids[pp], i)
			}
		}
		last := func(key string) int {
			found := -1
			for _, i := range x.top {
				if !sn.failed(i) && slices.Contains(sn.slots[i].p.keys, key) {
					found = i
				}
			}
			return found
		}
		fns, res := last("functions"), last("resources")
		resHeader := -1
		if res >= 0 && !sn.slots[res].p.piece.Header {
			x.container = res
		} else if res >= 0 {
			for _, c := range x.resKids[res] {
				if !sn.failed(c) && slices.Contains(sn.slots[c].p.keys, "Resources") {
					resHeader, x.container = -1, -1
					if sn.slots[c].p.piece.Header {
						resHeader = c
					} else {
						x.container = c
					}
				}
			}
		}
		for i, sl := range sn.slots {
			p := sl.p
			switch {
			case sn.functionsFile:
				x.unit[i] = p.piece.Level == 0
			case i == fns && !p.piece.Header:
				x.unit[i] = true
			case fns >= 0 && x.parent[i] == fns && sn.slots[fns].p.piece.Header:
				x.unit[i] = true
			case resHeader >= 0 && x.parent[i] == resHeader && !sn.failed(i):
				x.resEntry[i] = true
				x.resSlots = append(x.resSlots, i)
			}
		}
		x.resHeader, x.functions, x.resources = resHeader, fns, res
		x.ids = sn.resourceIDs(x.resSlots)
		x.resFirst = x.ids.first
		sn.idx = x
		if x.container >= 0 {
			c := sn.containerResources()
			x.resFirst = make(map[string]int, len(c.order))
			for i, id := range c.order {
				x.resFirst[id] = i
			}
		}
	})
	return sn.idx
}

// resolver resolves the aliases of slot i to the nodes of the anchors they
// name, built once per snapshot.
func (sn *Snapshot) resolver(i int) func(int) *yamlast.Node {
	res := sn.slots[i].res
	if res == nil {
		return nil
	}
	x := sn.idx
	return func(ref int) *yamlast.Node {
		t := res.targets[ref]
		if t.def == nil {
			return nil
		}
		j, ok := x.pos[t.def]
		if !ok {
			return nil
		}
		return sn.materialize(j).Anchor(t.anchor)
	}
}

// materialize builds the nodes of slot i once per snapshot.
func (sn *Snapshot) materialize(i int) *yamlast.Materialized {
	x := sn.idx
	x.mu.Lock()
	m := x.mats[i]
	x.mu.Unlock()
	if m != nil {
		return m
	}
	sl := sn.slots[i]
	m = sl.p.tree.Materialize(sl.start, sn.resolver(i))
	x.mu.Lock()
	defer x.mu.Unlock()
	if old := x.mats[i]; old != nil {
		return old
	}
	x.mats[i] = m
	return m
}

func (sn *Snapshot) functionsOf(i int) []*serverless.Function {
	m := sn.materialize(i)
	if sn.failed(i) {
		return nil
	}
	return functionsIn(m.Root, sn.slots[i].p.piece.Level == 0 && !sn.functionsFile)
}

func (sn *Snapshot) containerResources() *containerRes {
	x := sn.idx
	x.mu.Lock()
	c := x.cont
	x.mu.Unlock()
	if c != nil {
		return c
	}
	c = readContainer(sn.materialize(x.container), sn.slots[x.container].p.piece.Level)
	x.mu.Lock()
	x.cont = c
	x.mu.Unlock()
	return c
}

func (sn *Snapshot) resource(id string) *serverless.Resource {
	x := sn.idx
	if x.container >= 0 {
		return sn.containerResources().byID[id]
	}
	l := x.slotsOf(id)
	if len(l) == 0 {
		return nil
	}
	var found *yamlast.Pair
	for _, pr := range sn.materialize(l[len(l)-1]).Root.Pairs {
		if !pr.Merged && pr.Key.Value == id {
			found = pr
		}
	}
	if found == nil {
		return nil
	}
	return serverless.NewResource(found)
}

// rootView is state.rootView for the snapshot.
func (sn *Snapshot) rootView(keep map[string]bool) *yamlast.Node {
	if sn.functionsFile {
		return nil
	}
	x := sn.idx
	var pairs []*yamlast.Pair
	for _, i := range x.top {
		p := sn.slots[i].p
		if sn.failed(i) {
			continue
		}
		if p.piece.Header {
			key := sn.materialize(i).Root.Pairs[0]
			if key.Key.Value == "resources" {
				pairs = append(pairs, &yamlast.Pair{Key: key.Key, Value: sn.resourcesView(i, keep)})
			} else {
				pairs = append(pairs, &yamlast.Pair{Key: key.Key})
			}
			continue
		}
		if onlyKeys(p.keys, "functions", "custom") {
			for _, k := range p.tree.RootKeys(sn.slots[i].start) {
				pairs = append(pairs, &yamlast.Pair{Key: k})
			}
			continue
		}
		for _, pr := range sn.materialize(i).Root.Pairs {
			if !pr.Merged {
				pairs = append(pairs, pr)
			}
		}
	}
	return serverless.NarrowRoot(pairs, false, func(id string) bool { return keep[id] })
}

func (sn *Snapshot) resourcesView(hdr int, keep map[string]bool) *yamlast.Node {
	x := sn.idx
	var kids []*yamlast.Pair
	for _, c := range x.resKids[hdr] {
		if sn.failed(c) {
			continue
		}
		if !sn.slots[c].p.piece.Header {
			for _, pr := range sn.materialize(c).Root.Pairs {
				if !pr.Merged {
					kids = append(kids, pr)
				}
			}
			continue
		}
		hp := sn.materialize(c).Root.Pairs[0]
		var entries []int
		if c == x.resHeader {
			// The index knows where each logical ID is: only the
			// entries the view keeps, not thousands.
			for id := range keep {
				for _, j := range x.slotsOf(id) {
					if !slices.Contains(entries, j) {
						entries = append(entries, j)
					}
				}
			}
			slices.Sort(entries)
			if len(entries) == 0 && len(x.resSlots) > 0 {
				// Entries there are, none kept: an empty mapping, as
				// below.
				kids = append(kids, &yamlast.Pair{Key: hp.Key, Value: &yamlast.Node{Kind: yamlast.Mapping, Tag: "!!map"}})
				continue
			}
		} else {
			for j := c + 1; j < len(sn.slots) && sn.slots[j].p.piece.Level > 1; j++ {
				if sn.slots[j].p.piece.Level == 2 && !sn.failed(j) {
					entries = append(entries, j)
				}
			}
		}
		switch {
		case hp.Key.Value == "Outputs":
			kids = append(kids, &yamlast.Pair{Key: hp.Key})
		case len(entries) == 0:
			kids = append(kids, hp)
		default:
			var res []*yamlast.Pair
			for _, j := range entries {
				if !anyKept(sn.slots[j].p.keys, keep) {
					continue
				}
				for _, pr := range sn.materialize(j).Root.Pairs {
					if !pr.Merged && keep[pr.Key.Value] {
						res = append(res, pr)
					}
				}
			}
			kids = append(kids, &yamlast.Pair{Key: hp.Key, Value: &yamlast.Node{Kind: yamlast.Mapping, Tag: "!!map", Pairs: res}})
		}
	}
	if len(kids) == 0 {
		return sn.materialize(hdr).Root.Pairs[0].Value
	}
	return &yamlast.Node{Kind: yamlast.Mapping, Tag: "!!map", Pairs: kids, Span: yamlastSpanAt(kids[0].Key.Span.Start)}
}

// withPath adds to root the entry in slot i under the keys of its headers,
// for a place the view leaves out (`custom`, `resources.Outputs`, ...).
func (sn *Snapshot) withPath(root *yamlast.Node, i int) *yamlast.Node {
	x := sn.idx
	if sn.failed(i) {
		return root
	}
	m := sn.materialize(i)
	if m.Root == nil || m.Root.Kind != yamlast.Mapping {
		return root
	}
	var pairs []*yamlast.Pair
	if sn.slots[i].p.piece.Header {
		pairs = m.Root.Pairs[:1]
	} else {
		for _, pr := range m.Root.Pairs {
			if !pr.Merged {
				pairs = append(pairs, pr)
			}
		}
	}
	for h := x.parent[i]; h >= 0 && len(pairs) > 0; h = x.parent[h] {
		if sn.failed(h) {
			return root
		}
		key := sn.materialize(h).Root.Pairs[0].Key
		value, _ := yamlast.SyntheticMapping(pairs)
		pairs = []*yamlast.Pair{{Key: key, Value: value}}
	}
	var all []*yamlast.Pair
	if root != nil {
		all = append(all, root.Pairs...)
	}
	all = append(all, pairs...)
	if len(all) == 0 {
		return nil
	}
	out, _ := yamlast.SyntheticMapping(all)
	return out
}

// MergersAt returns the views (as ModelAt has them) of the first pieces
// holding functions that alias an anchor whose value holds byte offset
// off, at most limit of them: what hover needs to describe the keys of a
// defaults mapping that stream events merge, which no event holds. An
// anchor holds off also through the anchors it merges or aliases, so that
// `&e {<<: *d}` carries d's keys to the functions that merge e. The piece
// that defines the first anchor comes first when it holds functions
// itself. It returns nil when no anchor holds off.
func (sn *Snapshot) MergersAt(off int, limit int) []*serverless.File {
	if sn.slots == nil {
		return nil
	}
	i := sort.Search(len(sn.slots), func(i int) bool { return sn.slots[i].start > off }) - 1
	if i < 0 || sn.failed(i) || sn.slots[i].p.tree.AnchorCount() == 0 {
		return nil
	}
	x := sn.index()
	// holding lists, for each piece that defines one, the anchors whose
	// values hold off; pieces alias only what comes before them, so one
	// pass in document order finds every chain.
	holding := map[*pstate][]int{}
	r := &reacher{off: off, known: map[*yamlast.Node]bool{}, budget: maxMergerWalk}
	note := func(j int) {
		m := sn.materialize(j)
		sn.slots[j].p.tree.Anchors(func(_ string, k int) {
			if n := m.Anchor(k); n != nil && r.reaches(n) {
				holding[sn.slots[j].p] = append(holding[sn.slots[j].p], k)
			}
		})
	}
	note(i)
	if len(holding) == 0 {
		return nil
	}
	var out []*serverless.File
	if x.unit[i] {
		out = append(out, sn.ModelAt(sn.slots[i].start))
	}
	for j := i + 1; j < len(sn.slots) && len(out) < limit; j++ {
		if sn.failed(j) || sn.slots[j].res == nil {
			continue
		}
		aliases := false
		for _, t := range sn.slots[j].res.targets {
			if t.def != nil && slices.Contains(holding[t.def], t.anchor) {
				aliases = true
				break
			}
		}
		if !aliases {
			continue
		}
		if x.unit[j] {
			out = append(out, sn.ModelAt(sn.slots[j].start))
		}
		if sn.slots[j].p.tree.AnchorCount() > 0 {
			note(j)
		}
	}
	return out
}

// maxMergerWalk bounds the nodes MergersAt reads to follow chains of
// anchors; aliases can make a small text hold a great many.
const maxMergerWalk = 50_000

// reacher answers, for nodes of materialized pieces, whether the node or
// one under it (merged and aliased nodes included: they keep the spans of
// the anchor they come from) lies at off. Anchors often share nodes (many
// merge the same defaults), so each node's answer is kept and the nodes
// are read once in all. A node at off is found without reading anything
// under it, budget or not; a walk the budget cut short keeps no answer.
type reacher struct {
	off    int
	known  map[*yamlast.Node]bool
	budget int
	short  bool // the budget ran out
}

func (r *reacher) reaches(n *yamlast.Node) bool {
	if n == nil {
		return false
	}
	if n.Span.Contains(r.off) {
		return true
	}
	if v, ok := r.known[n]; ok {
		return v
	}
	if r.budget <= 0 {
		r.short = true
		return false
	}
	r.budget--
	found := false
	for _, p := range n.Pairs {
		if r.reaches(p.Key) || r.reaches(p.Value) {
			found = true
			break
		}
	}
	for _, it := range n.Items {
		if found {
			break
		}
		found = r.reaches(it)
	}
	if found || !r.short {
		r.known[n] = found
	}
	return found
}
