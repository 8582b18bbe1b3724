package analysis

import (
	"slices"
	"sort"
	"sync"

	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/navigate"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// Symbols is navigate.Symbols of the snapshot's whole model, without
// building it. Editors ask for the outline after every change (VS Code's
// breadcrumbs do by default), and at 5,000 functions the whole model took
// 60 ms and 75 MB, which the snapshot then kept. Here each piece's part of
// the outline is read from its own nodes, built and released one piece at
// a time, and kept for the session's next versions, which read again only
// the pieces that changed. What a part depends on beyond its piece's text
// (the pieces its aliases resolve into, the types of the resources its
// events name) is checked before it is reused.
//
// A file laid out otherwise than with `functions` and
// `resources.Resources` split into pieces (a functions file, an unsplit
// `functions` or `Resources`, a text analysed whole) gets navigate.Symbols
// of the whole model.
func (sn *Snapshot) Symbols() []navigate.Symbol {
	if sn.slots != nil && !sn.functionsFile && sn.outline != nil {
		if o, ok := sn.piecewiseOutline(sn.index()); ok {
			return o
		}
	}
	return navigate.Symbols(sn.Model())
}

// outlineCache is what a session's outlines keep beyond the parts, which
// each piece keeps (pstate.outline): immutable, replaced whole, and gone
// with the piece.
type outlineCache struct {
	mu  sync.Mutex
	res *resourceTable
}

// resourceTable is what the last outline read of the resources: the
// resource entries' pieces and parts, in document order, and from them
// each logical ID's last definition, their order, and their types. An
// outline whose resource pieces and parts are the same reuses it, and
// with it every function's reads of the types.
type resourceTable struct {
	pieces []*pstate
	parts  []*outlinePart
	// order is each logical ID's last definition, in the order of first
	// definitions, with its piece's index in pieces; spans are relative
	// to that piece.
	order []orderedResource
	types map[string]string
	// readMatters are the IDs whose symbol depends on whether an event
	// reads them: DynamoDB tables without a StreamSpecification.
	readMatters map[string]bool
}

type orderedResource struct {
	resourcePart
	piece int
}

type partKind uint8

const (
	partPlain partKind = iota
	partUnit
	partResources
	partHeader
)

// outlinePart is what the outline reads from one piece. Spans are
// relative to the piece's start.
type outlinePart struct {
	kind    partKind
	tree    *yamlast.Tree
	targets []aliasTarget
	// first and end are where the piece's top-level pairs lie, as a
	// mapping assembled from pieces spans them: the first key's start,
	// and the furthest end of a key or a value. first is -1 when the
	// piece has no pair. For a header they are its own pair's.
	first, end int
	// A unit's functions, the resource types its events' sources were
	// read with, and the logical IDs its events read through an
	// intrinsic.
	functions []navigate.Symbol
	typeReads []typeRead
	readIDs   []string
	// checkedWith is the resource table the types were last found
	// right against.
	checkedWith *resourceTable
	// A resource entry's resources: the last pair of each logical ID.
	resources []resourcePart
	// A header's key, and where its own value ends (the block of a
	// header whose entries all failed).
	key      string
	keySpan  document.Span
	valueEnd int
}

// aliasTarget is a piece that an alias of the part's piece resolved into,
// directly or through the aliases of such a piece, and its tree, when the
// part was read.
type aliasTarget struct {
	def  *pstate
	tree *yamlast.Tree
}

type typeRead struct{ id, typ string }

type resourcePart struct {
	id, typ    string
	hasSpec    bool
	key, block document.Span
}

// targetsOf lists what slot i's aliases resolve into, and what the
// aliases of those pieces do, in turn: an anchor's value may itself be an
// alias, and an edit to what that one names changes the value (the pieces
// between keep their trees, and may keep their resolutions).
func (sn *Snapshot) targetsOf(i int) []aliasTarget {
	x := sn.idx
	var out []aliasTarget
	var seen []*pstate
	var visit func(res *resolution)
	visit = func(res *resolution) {
		for _, t := range res.targets {
			at := aliasTarget{def: t.def}
			if t.def != nil {
				at.tree = t.def.tree
			}
			out = append(out, at)
			if t.def == nil || slices.Contains(seen, t.def) {
				continue
			}
			seen = append(seen, t.def)
			if j, ok := x.pos[t.def]; ok && sn.slots[j].res != nil {
				visit(sn.slots[j].res)
			}
		}
	}
	if res := sn.slots[i].res; res != nil {
		visit(res)
	}
	return out
}

// outliner assembles one outline.
type outliner struct {
	sn    *Snapshot
	x     *snapIndex
	table *resourceTable // its types are each logical ID's last definition's
	// spans are assembled's answers, some found on the way.
	spans map[int][2]int
	// resSlots are the slots of the resource table's pieces.
	resSlots []int
}

// part returns the part of slot i, read by read unless a kept one is
// still right (and, for a unit, still has the resource types it read).
func (o *outliner) part(i int, kind partKind, read func(i int, m *yamlast.Materialized) *outlinePart) *outlinePart {
	sl := o.sn.slots[i]
	targets := o.sn.targetsOf(i)
	if p := sl.p.outline.Load(); p != nil && p.kind == kind && p.tree == sl.p.tree && slices.Equal(p.targets, targets) {
		switch {
		case kind != partUnit || p.checkedWith == o.table:
			return p
		case o.sameTypes(p.typeReads):
			// Parts are shared with concurrent outlines: a copy says
			// which table this one was checked against.
			q := *p
			q.checkedWith = o.table
			sl.p.outline.Store(&q)
			return &q
		}
	}
	m := o.sn.transient(i)
	p := read(i, m)
	m.Release()
	p.kind, p.tree, p.targets = kind, sl.p.tree, targets
	if kind == partUnit {
		p.checkedWith = o.table
	}
	sl.p.outline.Store(p)
	return p
}

func (o *outliner) sameTypes(reads []typeRead) bool {
	for _, r := range reads {
		if o.table.types[r.id] != r.typ {
			return false
		}
	}
	return true
}

// piecewiseOutline is Symbols for a file laid out as it reads; ok is false
// for any other.
func (sn *Snapshot) piecewiseOutline(x *snapIndex) (out []navigate.Symbol, ok bool) {
	fns, res := x.functions, x.resources
	switch {
	case fns < 0 || !sn.slots[fns].p.piece.Header || x.container >= 0:
		return nil, false
	case res >= 0 && !sn.slots[res].p.piece.Header:
		return nil, false
	}
	for i := range sn.slots {
		if x.unit[i] && x.parent[i] != fns {
			return nil, false
		}
	}
	c := sn.outline
	c.mu.Lock()
	oldRes := c.res
	c.mu.Unlock()
	o := &outliner{sn: sn, x: x, spans: map[int][2]int{}}
	table := o.resources(oldRes)
	c.mu.Lock()
	c.res = table
	c.mu.Unlock()

	fnSyms := make([]navigate.Symbol, 0, len(sn.slots))
	read := map[string]bool{}
	first, end := -1, -1
	for i := range sn.slots {
		if !x.unit[i] || sn.failed(i) {
			continue
		}
		start := sn.slots[i].start
		p := o.part(i, partUnit, o.readUnitPart)
		for _, s := range p.functions {
			fnSyms = append(fnSyms, shiftSymbol(s, start))
		}
		if len(table.readMatters) > 0 {
			for _, id := range p.readIDs {
				if table.readMatters[id] {
					read[id] = true
				}
			}
		}
		if p.first >= 0 {
			if first < 0 {
				first = start + p.first
			}
			end = max(end, start+p.end)
		}
	}
	if first >= 0 {
		// Every entry of `functions` is a unit.
		o.spans[fns] = [2]int{first, end}
	}
	group, ok := o.group(fns, fnSyms)
	if !ok {
		return nil, false
	}
	out = []navigate.Symbol{group}
	if res < 0 {
		return out, true
	}
	var resSyms []navigate.Symbol
	for _, r := range table.order {
		start := sn.slots[o.resSlots[r.piece]].start
		if s, ok := navigate.StreamResourceSymbol(r.id, r.typ, r.hasSpec, read[r.id], shiftSpan(r.key, start), shiftSpan(r.block, start)); ok {
			resSyms = append(resSyms, s)
		}
	}
	if len(resSyms) == 0 {
		return out, true
	}
	group, ok = o.group(res, resSyms)
	if !ok {
		return nil, false
	}
	return append(out, group), true
}

// resources reads the resource entries' parts and the table they make,
// which is last's when the pieces and their parts are the same.
func (o *outliner) resources(last *resourceTable) *resourceTable {
	sn, x := o.sn, o.x
	t := &resourceTable{}
	parent, first, end := -1, -1, -1
	for i := range sn.slots {
		if !x.resEntry[i] {
			continue
		}
		p := o.part(i, partResources, sn.readResourcePart)
		t.pieces, t.parts = append(t.pieces, sn.slots[i].p), append(t.parts, p)
		o.resSlots = append(o.resSlots, i)
		parent = x.parent[i]
		if p.first >= 0 {
			if first < 0 {
				first = sn.slots[i].start + p.first
			}
			end = max(end, sn.slots[i].start+p.end)
		}
	}
	if first >= 0 {
		// The entries of the effective Resources are all there is
		// under its header.
		o.spans[parent] = [2]int{first, end}
	}
	if last != nil && slices.Equal(last.pieces, t.pieces) && slices.Equal(last.parts, t.parts) {
		o.table = last
		return last
	}
	// A later definition of a logical ID wins, as in the model.
	latest := map[string]orderedResource{}
	for k, p := range t.parts {
		for _, r := range p.resources {
			latest[r.id] = orderedResource{r, k}
		}
	}
	t.types, t.readMatters = make(map[string]string, len(latest)), map[string]bool{}
	for id, r := range latest {
		t.order = append(t.order, r)
		t.types[id] = r.typ
		if (r.typ == "AWS::DynamoDB::Table" || r.typ == "AWS::DynamoDB::GlobalTable") && !r.hasSpec {
			t.readMatters[id] = true
		}
	}
	sort.Slice(t.order, func(a, b int) bool { return x.resFirst[t.order[a].id] < x.resFirst[t.order[b].id] })
	o.table = t
	return t
}

// group is the entry of the top-level header h holding children, whose
// block is the header's key and the mapping its entries assemble into.
func (o *outliner) group(h int, children []navigate.Symbol) (navigate.Symbol, bool) {
	hp := o.part(h, partHeader, o.sn.readHeaderPart)
	start := o.sn.slots[h].start
	key := shiftSpan(hp.keySpan, start)
	first, end, ok := o.assembled(h)
	if !ok {
		// No entry parses: the header's own value is the block. Rare;
		// the whole model says what that block is.
		return navigate.Symbol{}, false
	}
	block := key
	if first >= key.End && end > block.End {
		block.End = end
	}
	return navigate.Group(hp.key, key, block, children), true
}

// assembled is where the mapping that Assemble makes of the entries under
// header slot h lies: the first key's start, and the furthest end of a key
// or value (see yamlast.SyntheticMapping); ok is false when no entry
// parses.
func (o *outliner) assembled(h int) (first, end int, ok bool) {
	if sp, ok := o.spans[h]; ok {
		return sp[0], sp[1], true
	}
	sn := o.sn
	lv := sn.slots[h].p.piece.Level
	first, end = -1, -1
	add := func(f, e int) {
		if first < 0 {
			first = f
		}
		end = max(end, e)
	}
	for j := h + 1; j < len(sn.slots) && sn.slots[j].p.piece.Level > lv; j++ {
		sl := sn.slots[j]
		if sl.p.piece.Level != lv+1 || sn.failed(j) {
			continue
		}
		if sl.p.piece.Header {
			hp := o.part(j, partHeader, sn.readHeaderPart)
			valueEnd := sl.start + hp.valueEnd
			if _, e, ok := o.assembled(j); ok {
				valueEnd = e
			}
			add(sl.start+hp.keySpan.Start, max(sl.start+hp.keySpan.End, valueEnd))
			continue
		}
		kind := partPlain
		switch {
		case o.x.unit[j]:
			kind = partUnit
		case o.x.resEntry[j]:
			kind = partResources
		}
		var p *outlinePart
		switch kind {
		case partUnit:
			p = o.part(j, kind, o.readUnitPart)
		case partResources:
			p = o.part(j, kind, sn.readResourcePart)
		default:
			p = o.part(j, kind, sn.readPlainPart)
		}
		if p.first >= 0 {
			add(sl.start+p.first, sl.start+p.end)
		}
	}
	return first, end, first >= 0
}

// transient builds the nodes of slot i for one read: the caller releases
// them. The pieces its aliases resolve into are built once per snapshot.
func (sn *Snapshot) transient(i int) *yamlast.Materialized {
	sl := sn.slots[i]
	return sl.p.tree.MaterializeReusable(sl.start, sn.resolver(i))
}

// pairsSpan is where the top-level pairs of a piece's nodes m lie, relative
// to start (see outlinePart.first).
func pairsSpan(m *yamlast.Materialized, start int) (first, end int) {
	first, end = -1, -1
	if m.Root == nil {
		return first, end
	}
	for _, pr := range m.Root.Pairs {
		if pr.Merged {
			continue
		}
		if first < 0 {
			first = pr.Key.Span.Start - start
		}
		end = max(end, pr.Key.Span.End-start, pr.Value.Span.End-start)
	}
	return first, end
}

func (sn *Snapshot) readPlainPart(i int, m *yamlast.Materialized) *outlinePart {
	p := &outlinePart{}
	p.first, p.end = pairsSpan(m, sn.slots[i].start)
	return p
}

func (sn *Snapshot) readHeaderPart(i int, m *yamlast.Materialized) *outlinePart {
	start := sn.slots[i].start
	p := &outlinePart{first: -1, end: -1}
	if m.Root == nil || len(m.Root.Pairs) == 0 {
		return p
	}
	hp := m.Root.Pairs[0]
	p.key, p.keySpan, p.valueEnd = hp.Key.Value, shiftSpan(hp.Key.Span, -start), hp.Value.Span.End-start
	return p
}

func (sn *Snapshot) readResourcePart(i int, m *yamlast.Materialized) *outlinePart {
	start := sn.slots[i].start
	p := &outlinePart{}
	p.first, p.end = pairsSpan(m, start)
	if m.Root == nil {
		return p
	}
	for _, pr := range m.Root.Pairs {
		if pr.Merged {
			continue
		}
		r := serverless.NewResource(pr)
		rp := resourcePart{id: pr.Key.Value, typ: r.Type, hasSpec: navigate.HasStreamSpecification(r),
			key: shiftSpan(r.Key.Span, -start), block: shiftSpan(navigate.BlockOf(r.Key, r.Node), -start)}
		if k := slices.IndexFunc(p.resources, func(q resourcePart) bool { return q.id == rp.id }); k >= 0 {
			p.resources[k] = rp // the last pair with the ID, as a lookup finds it
		} else {
			p.resources = append(p.resources, rp)
		}
	}
	return p
}

// readUnitPart reads the functions of a unit into a view that holds them,
// their events, and the resources those events name as far as their
// types, which is all an event's symbol reads of a resource.
func (o *outliner) readUnitPart(i int, m *yamlast.Materialized) *outlinePart {
	start := o.sn.slots[i].start
	p := &outlinePart{}
	p.first, p.end = pairsSpan(m, start)
	fns := functionsIn(m.Root, false)
	v := &serverless.File{Functions: fns, Resources: map[string]*serverless.Resource{}}
	for _, fn := range fns {
		v.Streams = fn.AppendStreams(v.Streams)
	}
	for _, ev := range v.Streams {
		in, ok := serverless.IntrinsicOf(ev.ARN())
		if !ok || in.LogicalID == "" || slices.Contains(p.readIDs, in.LogicalID) {
			continue
		}
		id := in.LogicalID
		p.readIDs = append(p.readIDs, id)
		typ := o.table.types[id]
		p.typeReads = append(p.typeReads, typeRead{id, typ})
		v.Resources[id] = &serverless.Resource{LogicalID: id, Type: typ}
	}
	for _, s := range navigate.FunctionSymbols(v) {
		p.functions = append(p.functions, shiftSymbol(s, -start))
	}
	return p
}

func shiftSpan(s document.Span, by int) document.Span {
	return document.Span{Start: s.Start + by, End: s.End + by}
}

func shiftSymbol(s navigate.Symbol, by int) navigate.Symbol {
	s.Range, s.Selection = shiftSpan(s.Range, by), shiftSpan(s.Selection, by)
	if s.Children != nil {
		kids := make([]navigate.Symbol, len(s.Children))
		for i, c := range s.Children {
			kids[i] = shiftSymbol(c, by)
		}
		s.Children = kids
	}
	return s
}
