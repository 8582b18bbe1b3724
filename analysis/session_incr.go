package analysis

import (
	"container/heap"
	"slices"
	"sort"

	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// What an update changed, and the indexes that let the passes after reuse
// look at that only. The passes fall back to looking at every piece when
// the change reaches the structure of the file (a top-level entry, a
// header), which edits rarely do.

// updateDelta is what reuse changed.
type updateDelta struct {
	wlo, whi   int // the new slots cut again
	full       bool
	added      []*pstate
	removed    []*pstate
	genChanged []*pstate // kept pieces that now resolve differently
	swap       *valueSwap
	// lastSwap is state.lastSwap as the update found it.
	lastSwap *valueSwap
}

// relabelWindow gives the new pieces labels between their neighbours'.
func (s *state) relabelWindow() {
	if s.up.full || !s.labelRuns(s.up.wlo, s.up.whi) {
		s.relabel()
	}
}

// labelRuns labels each run of unlabelled pieces in slots [lo, hi)
// evenly between the labels around it, and reports false when a run has no
// room left.
func (s *state) labelRuns(lo, hi int) bool {
	const gap = 1 << 32
	for i := lo; i < hi; {
		if s.slots[i].p.label != 0 {
			i++
			continue
		}
		j := i
		for j < len(s.slots) && s.slots[j].p.label == 0 {
			j++
		}
		prev := uint64(0)
		if i > 0 {
			prev = s.slots[i-1].p.label
		}
		next := prev + gap*uint64(j-i+1)
		if j < len(s.slots) {
			next = s.slots[j].p.label
		}
		if next <= prev || (next-prev)/uint64(j-i+1) == 0 {
			return false
		}
		step := (next - prev) / uint64(j-i+1)
		for k := i; k < j; k++ {
			prev += step
			s.slots[k].p.label = prev
		}
		i = j
	}
	return true
}

// anchorIndex finds, for an anchor name, the pieces that define it and
// the pieces that use it.
type anchorIndex struct {
	defs  map[string][]*pstate // in document order
	users map[string]map[*pstate]bool
}

func newAnchorIndex() anchorIndex {
	return anchorIndex{defs: map[string][]*pstate{}, users: map[string]map[*pstate]bool{}}
}

func (a *anchorIndex) addDef(name string, p *pstate) {
	ds := a.defs[name]
	i := sort.Search(len(ds), func(i int) bool { return ds[i].label >= p.label })
	if i < len(ds) && ds[i] == p {
		return
	}
	a.defs[name] = slices.Insert(ds, i, p)
}

func (a *anchorIndex) removeDef(name string, p *pstate) {
	ds := a.defs[name]
	if i := slices.Index(ds, p); i >= 0 {
		ds = slices.Delete(ds, i, i+1)
	}
	if len(ds) == 0 {
		delete(a.defs, name)
	} else {
		a.defs[name] = ds
	}
}

// before is the last piece before label that defines name.
func (a *anchorIndex) before(name string, label uint64) *pstate {
	ds := a.defs[name]
	i := sort.Search(len(ds), func(i int) bool { return ds[i].label >= label })
	if i == 0 {
		return nil
	}
	return ds[i-1]
}

// anchorNames lists the names a piece defines, each once, with the index of
// its last definition in the piece.
func anchorNames(t *yamlast.Tree) map[string]int {
	if t.AnchorCount() == 0 {
		return nil
	}
	out := map[string]int{}
	t.Anchors(func(name string, i int) { out[name] = i })
	return out
}

// resolve points every alias at the last definition of its anchor before
// it, in document order, for the pieces an update added and those whose
// anchors' definitions changed, in document order so that a change travels
// down chains of anchors.
func (s *state) resolve() {
	a := &s.anchors
	var queue []*pstate
	// A stamp on the piece rather than a set: a swap queues thousands.
	stamp := s.newGen()
	queued := func(p *pstate) bool { return p.queuedIn == stamp }
	push := func(p *pstate) {
		if !queued(p) && !p.gone {
			p.queuedIn = stamp
			queue = append(queue, p)
		}
	}
	// A swap's new piece defines the same anchors as its old one, in the
	// same place: what aliases them and does not point at the old one
	// (every such unit is the swap's) resolves as before.
	var swapped *valueSwap
	if v := s.up.swap; v != nil {
		swapped = v
		// The functions the swap keeps point at its new piece at once,
		// without being looked at one by one below.
		for _, p := range v.retarget(s) {
			p.queuedIn = stamp
		}
	}
	// usersAfter queues the users of name, an anchor def defines, that
	// follow it.
	usersAfter := func(name string, def *pstate) {
		if swapped != nil && (def == swapped.old || def == swapped.new) {
			return
		}
		for u := range a.users[name] {
			if u.label > def.label {
				push(u)
			}
		}
	}
	for _, p := range s.up.removed {
		if p.registered {
			for name := range p.anchorIdx {
				a.removeDef(name, p)
				usersAfter(name, p)
			}
			p.registered = false
		}
		for _, ref := range p.tree.UsedRefs() {
			removeFrom(a.users, p.tree.Refs()[ref], p)
		}
	}
	isNew := map[*pstate]bool{}
	for _, p := range s.up.added {
		isNew[p] = true
		for _, ref := range p.tree.UsedRefs() {
			addTo(a.users, p.tree.Refs()[ref], p)
		}
		push(p)
	}
	h := &labelHeap{}
	for _, p := range queue {
		heap.Push(h, p)
	}
	push = func(p *pstate) {
		if !queued(p) && !p.gone {
			p.queuedIn = stamp
			heap.Push(h, p)
		}
	}
	for h.Len() > 0 {
		// Document order: an anchor's definition is settled before its
		// users are looked at.
		p := heap.Pop(h).(*pstate)

		res := s.resolveOne(p)
		changed := !sameResolution(p.res, res)
		if changed && !isNew[p] {
			p.gen = s.newGen()
			s.up.genChanged = append(s.up.genChanged, p)
		}
		p.res = res
		if !isNew[p] {
			// Kept slots outside the window carry the old resolution.
			if i := s.slotOf(p); i >= 0 {
				s.slots[i].res = res
			}
		}
		reg := !p.failed() && len(p.anchorIdx) > 0
		if p.registered && (!reg || changed) {
			for name := range p.anchorIdx {
				a.removeDef(name, p)
				usersAfter(name, p)
			}
		}
		if reg && (!p.registered || changed || isNew[p]) {
			for name := range p.anchorIdx {
				a.addDef(name, p)
				usersAfter(name, p)
			}
		}
		p.registered = reg
	}
	for i := s.up.wlo; i < s.up.whi; i++ {
		s.slots[i].res = s.slots[i].p.res
	}
}

// resolveOne works out where the aliases of p point now.
func (s *state) resolveOne(p *pstate) *resolution {
	refs := p.tree.Refs()
	if len(refs) == 0 || p.tree.Err != nil {
		return nil
	}
	res := &resolution{targets: make([]target, len(refs))}
	for _, ref := range p.tree.UsedRefs() {
		if d := s.anchors.before(refs[ref], p.label); d != nil {
			res.targets[ref] = target{def: d, anchor: d.anchorIdx[refs[ref]], gen: d.gen}
		}
	}
	if ref, bad := p.tree.Unresolved(func(name string) bool { return s.anchors.before(name, p.label) != nil }); bad {
		e := p.tree.UnknownAnchor(ref)
		res.err = &e
	}
	if p.res != nil && sameResolution(p.res, res) {
		return p.res
	}
	return res
}

// structural reports whether this update reached the file's structure:
// then the passes look at every piece.
func (s *state) structural() bool {
	if s.up.full {
		return true
	}
	for _, list := range [][]*pstate{s.up.added, s.up.removed, s.up.genChanged} {
		for _, p := range list {
			if p.piece.Level == 0 || p.piece.Header {
				return true
			}
			if pp := p.parent; pp != nil && pp.piece.Level == 0 && pp.piece.Key == "resources" {
				return true
			}
		}
	}
	return false
}

// parentsInWindow sets the header of every piece cut again; the pieces
// outside keep theirs, since a header and its entries are cut together.
func (s *state) parentsInWindow() {
	var anc [3]*pstate
	if s.up.wlo > 0 {
		p := s.slots[s.up.wlo-1].p
		if p.piece.Header {
			anc[p.piece.Level] = p
		}
		for q := p.parent; q != nil; q = q.parent {
			anc[q.piece.Level] = q
		}
	}
	for i := s.up.wlo; i < s.up.whi; i++ {
		p := s.slots[i].p
		p.parent = nil
		if lv := p.piece.Level; lv > 0 {
			p.parent = anc[lv-1]
		}
		if p.piece.Header {
			anc[p.piece.Level] = p
		}
	}
}

// rolesInWindow sets the roles of the pieces the update added, the file's
// structure being unchanged. The pieces the window keeps keep theirs: with
// the structure unchanged, nothing can have changed them, and a top-level
// piece (which only structure knows the role of) may be among them.
func (s *state) rolesInWindow() {
	for _, p := range s.up.added {
		p.role = roleNone
		switch {
		case s.functionsFile:
		case p.piece.Level == 1 && p.parent != nil && p.parent == s.fns && s.fns.piece.Header:
			p.role = roleUnit
		case p.piece.Level == 2 && p.parent != nil && p.parent == s.resHeader:
			p.role = roleResource
		}
	}
}

// sibIndex finds the keys repeated among the entries of one mapping that
// pieces split (yaml-duplicate-key across pieces).
type sibIndex struct {
	byKey map[string][]sibEntry
	dups  map[string]bool
}

type sibEntry struct {
	p *pstate
	i int // index among the piece's top-level keys
}

// sibKey names a mapping: the header whose entries it holds, or nil for
// the top level.
func (s *state) sibs(parent *pstate) *sibIndex {
	x := s.sibIdx[parent]
	if x == nil {
		x = &sibIndex{byKey: map[string][]sibEntry{}, dups: map[string]bool{}}
		s.sibIdx[parent] = x
	}
	return x
}

// indexKeys records the keys of p among its siblings', if p contributes to
// its parent's mapping.
func (s *state) indexKeys(p *pstate) {
	if p.sibbed || p.failed() || (p.parent != nil && (p.parent.failed() || p.parent.dead)) {
		return
	}
	x := s.sibs(p.parent)
	for i, k := range p.rootKeys {
		if k.Kind != yamlast.Scalar {
			continue
		}
		es := x.byKey[k.Value]
		j := sort.Search(len(es), func(j int) bool {
			return es[j].p.label > p.label || (es[j].p.label == p.label && es[j].i >= i)
		})
		es = slices.Insert(es, j, sibEntry{p, i})
		x.byKey[k.Value] = es
		if len(es) > 1 {
			x.dups[k.Value] = true
		}
	}
	p.sibbed, p.sibParent = true, p.parent
}

func (s *state) unindexKeys(p *pstate) {
	if !p.sibbed {
		return
	}
	x := s.sibs(p.sibParent)
	for _, k := range p.rootKeys {
		if k.Kind != yamlast.Scalar {
			continue
		}
		es := slices.DeleteFunc(x.byKey[k.Value], func(e sibEntry) bool { return e.p == p })
		switch len(es) {
		case 0:
			delete(x.byKey, k.Value)
			delete(x.dups, k.Value)
		case 1:
			x.byKey[k.Value] = es
			delete(x.dups, k.Value)
		default:
			x.byKey[k.Value] = es
		}
	}
	p.sibbed, p.sibParent = false, nil
}

// noteSyntax records p's errors, duplicate keys and suppression comments,
// or forgets them.
func (s *state) noteSyntax(p *pstate, present bool) {
	delete(s.errPieces, p)
	delete(s.dupPieces, p)
	delete(s.supPieces, p)
	s.unindexKeys(p)
	if !present {
		return
	}
	if p.supInfo().marked {
		s.supPieces[p] = true
	}
	if p.failed() {
		s.errPieces[p] = true
		return
	}
	if len(p.idups) > 0 {
		s.dupPieces[p] = true
	}
	s.indexKeys(p)
}

// syntaxIndexes brings the error and duplicate indexes up to date.
func (s *state) syntaxIndexes(all bool) {
	if all {
		s.errPieces = map[*pstate]bool{}
		s.supPieces = map[*pstate]bool{}
		s.dupPieces = map[*pstate]bool{}
		s.sibIdx = map[*pstate]*sibIndex{}
		for _, sl := range s.slots {
			sl.p.sibbed = false
		}
		for _, sl := range s.slots {
			s.noteSyntax(sl.p, true)
		}
		return
	}
	for _, p := range s.up.removed {
		s.noteSyntax(p, false)
	}
	for _, p := range s.up.genChanged {
		s.noteSyntax(p, true)
	}
	for _, p := range s.up.added {
		s.noteSyntax(p, true)
	}
}

// syntax returns this version's errors and duplicate keys, as Parse
// reports them.
func (s *state) syntax() ([]yamlast.SyntaxError, []yamlast.Duplicate) {
	var errPieces []*pstate
	for p := range s.errPieces {
		errPieces = append(errPieces, p)
	}
	sort.Slice(errPieces, func(i, j int) bool { return errPieces[i].label < errPieces[j].label })
	var errs []yamlast.SyntaxError
	for _, p := range errPieces {
		if p.tree.Err != nil {
			errs = append(errs, p.tree.Err.Shift(s.startOf(p)))
		} else {
			errs = append(errs, p.res.err.Shift(s.startOf(p)))
		}
	}
	var dups []yamlast.Duplicate
	for p := range s.dupPieces {
		start := s.startOf(p)
		for _, d := range p.idups {
			dups = append(dups, yamlast.Duplicate{Key: shifted(d.Key, start), First: shifted(d.First, start)})
		}
	}
	for _, x := range s.sibIdx {
		for key := range x.dups {
			es := x.byKey[key]
			first := shifted(es[0].p.rootKeys[es[0].i], s.startOf(es[0].p))
			for _, e := range es[1:] {
				dups = append(dups, yamlast.Duplicate{Key: shifted(e.p.rootKeys[e.i], s.startOf(e.p)), First: first})
			}
		}
	}
	return errs, dups
}

// shifted is a copy of a childless node moved by off.
func shifted(n *yamlast.Node, off int) *yamlast.Node {
	c := *n
	c.Span.Start += off
	c.Span.End += off
	return &c
}

// labelHeap orders pieces by position.
type labelHeap []*pstate

func (h labelHeap) Len() int           { return len(h) }
func (h labelHeap) Less(i, j int) bool { return h[i].label < h[j].label }
func (h labelHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *labelHeap) Push(x any)        { *h = append(*h, x.(*pstate)) }
func (h *labelHeap) Pop() any {
	old := *h
	p := old[len(old)-1]
	*h = old[:len(old)-1]
	return p
}
