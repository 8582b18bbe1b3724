package analysis

import (
	"slices"
	"sort"
	"strings"

	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/rules"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// changed is the region of the text that an update replaced: [start,
// oldEnd) of the old text became [start, newEnd) of the new one.
type changed struct {
	start, oldEnd, newEnd int
	lines                 bool // the number of line breaks changed
}

func (c changed) delta() int { return c.newEnd - c.oldEnd }

// region works out what edits changed: everything before the earliest start
// and after the latest end is untouched, since an edit moves only what
// follows it.
func region(old, text document.Text, edits []Edit) changed {
	if edits == nil {
		start, oldEnd, newEnd := document.ChangedRange(old, text)
		return changed{start: start, oldEnd: oldEnd, newEnd: newEnd}
	}
	pre, suf := old.Len(), old.Len()
	n := old.Len()
	for _, e := range edits {
		pre = min(pre, e.Start)
		suf = min(suf, n-e.End)
		n += len(e.Text) - (e.End - e.Start)
	}
	pre = max(min(pre, old.Len(), text.Len()), 0)
	suf = max(min(suf, old.Len()-pre, text.Len()-pre), 0)
	return changed{start: pre, oldEnd: old.Len() - suf, newEnd: text.Len() - suf}
}

// countLines counts line-break bytes, which is all that comparing two
// versions' counts needs (a \r\n counts two in both).
func countLines(s string) int {
	return strings.Count(s, "\n") + strings.Count(s, "\r")
}

// update analyses text. See Session.Update.
func (s *state) update(text document.Text, edits []Edit) (*Result, *Snapshot) {
	old := s.text
	s.oldText = old
	defer func() { s.oldText = document.Text{} }()
	ch := region(old, text, edits)
	if len(edits) > 0 {
		// Trust but verify: edits that do not produce text (a client
		// out of step) must not corrupt the analysis.
		if old.Len()+sumDelta(edits) != text.Len() || !sameAround(old, text, ch) {
			ch = region(old, text, nil)
		}
	}
	ch.lines = countLines(old.Slice(ch.start, ch.oldEnd)) != countLines(text.Slice(ch.start, ch.newEnd))
	s.stats = Stats{}
	s.text = text
	switch {
	case s.given != nil:
		s.mapper = s.given
	case s.mapper != nil && s.mapper.Text().Same(old):
		s.mapper = s.mapper.EditTo(ch.start, ch.oldEnd, text)
	default:
		s.mapper = document.NewTextMapper(text)
	}

	if d, beyond := rules.CheckSize(text, s.mapper); beyond {
		s.reset()
		r := unanalysed(text, s.mapper, d)
		return &Result{Diagnostics: r.Diagnostics}, s.snapshotWhole()
	}

	s.up = updateDelta{lastSwap: s.lastSwap}
	s.lastSwap = nil
	s.matCache = map[*pstate]*yamlast.Materialized{}
	defer func() { s.matCache = nil }()
	if len(s.slots) == 0 {
		// No tree is left to keep another text alive.
		s.keepFrom = text.Origin()
	}
	if s.whole || len(s.slots) == 0 {
		pieces := yamlast.Split(text, s.mapper)
		if len(pieces) == 1 && pieces[0].Whole {
			s.reset()
			s.whole = true
			r := AnalyzeWith(text.String(), s.opts)
			s.wholeResult = r
			return &Result{Diagnostics: r.Diagnostics}, s.snapshotWhole()
		}
		s.whole = false
		s.slots = s.reuseAll(pieces, ch)
	} else {
		s.slots = s.reuse(ch)
		if len(s.slots) == 1 && s.slots[0].p.piece.Whole {
			// The edit made the text one piece.
			s.reset()
			return s.update(text, nil)
		}
	}
	s.stats.Pieces = len(s.slots)
	s.relabelWindow()
	s.resolve()
	s.parentsInWindow()
	all := s.structural()
	s.incremental = !all
	if all {
		s.structure()
	} else {
		s.rolesInWindow()
	}
	s.syntaxIndexes(all)
	// Counting what aliases add needs a text that may hold one; whether
	// it may changes only where the text changed.
	if s.candidatesKnown {
		s.candidates += aliasCandidates(text, ch.start-1, ch.newEnd+1) - aliasCandidates(old, ch.start-1, ch.oldEnd+1)
	} else {
		s.candidates, s.candidatesKnown = aliasCandidates(text, 0, text.Len()), true
	}
	if may := s.candidates > 0; may != s.mayAlias {
		s.mayAlias, s.limitsKnown = may, false
	}
	if s.beyondLimits(all) {
		s.recheckAll = true
		return s.beyondResult(text)
	}
	if s.recheckAll {
		all, s.recheckAll = true, false
	}
	// Before the checks: the rule that checks the comments reads them.
	s.sup = s.findSuppressions()
	diags, beyond := s.analyse(ch, all)
	if beyond {
		// Found by the units' first runs, after analyse had changed
		// what the next update compares with: it starts afresh.
		s.reset()
		return s.beyondResult(text)
	}
	s.lastSwap = s.up.swap
	return &Result{Diagnostics: capDiagnostics(diags)}, s.snapshot()
}

// beyondResult analyses a text whose aliases pass a limit as Analyze does:
// it gets one diagnostic, and its model is empty, as Analyze's.
func (s *state) beyondResult(text document.Text) (*Result, *Snapshot) {
	r := AnalyzeWith(text.String(), s.opts)
	sn := &Snapshot{Text: text, Mapper: s.mapper, model: r.Model}
	sn.once.Do(func() {})
	sn.built.Store(true)
	s.snap = sn
	return &Result{Diagnostics: r.Diagnostics}, sn
}

// sameAround spot-checks that old and text agree just outside the region
// edits claim to have changed. Comparing all of it would cost a pass over
// the text on every keystroke; a client whose edits do not match its text
// is out of step anyway, and the check catches the usual off-by-one.
func sameAround(old, text document.Text, ch changed) bool {
	const n = 64
	a := max(ch.start-n, 0)
	if old.Slice(a, ch.start) != text.Slice(a, ch.start) {
		return false
	}
	e := min(old.Len()-ch.oldEnd, n)
	return old.Slice(ch.oldEnd, ch.oldEnd+e) == text.Slice(ch.newEnd, ch.newEnd+e)
}

func sumDelta(edits []Edit) int {
	d := 0
	for _, e := range edits {
		d += len(e.Text) - (e.End - e.Start)
	}
	return d
}

// reset forgets every piece, for a text that is analysed as a whole.
func (s *state) reset() {
	for _, sl := range s.slots {
		s.forget(sl.p)
	}
	s.slots = nil
	s.sorted = nil
	s.limitsKnown, s.candidatesKnown = false, false
	s.clear()
	s.resIndex = nil
	s.resIDs = nil
	s.contextSig = nil
	s.fileDiags = nil
	s.wholeResult = nil
	s.lastSwap = nil
}

// reuse turns the pieces of the new text into slots, keeping the record of
// every piece that lies outside the changed region (its text is the same)
// and parsing the others. Only the part of the text around the edit is cut
// again (resplit), unless the edit reaches what decides how all of it is
// cut.
func (s *state) reuse(ch changed) []slot {
	old := s.slots
	pieces, lo, hi, ok := s.resplit(ch)
	if !ok {
		return s.reuseAll(yamlast.Split(s.text, s.mapper), ch)
	}
	trees := make([]*yamlast.Tree, len(pieces))
	found := make([]*pstate, len(pieces))
	var todo []int
	for i, q := range pieces {
		if p := s.find(q, ch); p != nil {
			found[i], trees[i] = p, p.tree
		} else {
			todo = append(todo, i)
		}
	}
	s.parse(pieces, trees, todo)
	// Joins need the whole list; they are rare enough (a bracket or a
	// quote left open) to take the slow path.
	if (lo > 0 && old[lo-1].p.tree.Err != nil) || s.openFailureBefore(old, lo) || anyJoined(old[lo:hi]) ||
		anyOpenFailure(s.text, pieces, trees) {
		return s.reuseAll(yamlast.Split(s.text, s.mapper), ch)
	}
	slots := make([]slot, 0, len(old)-(hi-lo)+len(pieces))
	slots = append(slots, old[:lo]...)
	kept := map[*pstate]bool{}
	s.up.wlo, s.up.whi = lo, lo+len(pieces)
	for i, q := range pieces {
		p := found[i]
		if p == nil {
			p = s.newPiece(q, trees[i])
			s.up.added = append(s.up.added, p)
		}
		kept[p] = true
		slots = append(slots, slot{start: q.Start, p: p, res: p.res})
	}
	for _, sl := range old[hi:] {
		sl.start += ch.delta()
		slots = append(slots, sl)
	}
	if len(pieces) == 1 && hi-lo == 1 && found[0] == nil && samePlace(old[lo].p.piece, pieces[0]) {
		if v := s.valueSwapOf(old[lo].p, trees[0], old[lo].start, pieces[0].Start, ch); v != nil {
			v.old, v.new, v.start = old[lo].p, slots[lo].p, old[lo].start
			if v.reachesOnlyEvents(s) {
				s.up.swap = v
			}
		}
	}
	for _, sl := range old[lo:hi] {
		if !kept[sl.p] {
			s.forget(sl.p)
		}
	}
	return slots
}

// samePlace reports whether pieces a and b are the same entry of the
// same mapping, as Split cut them.
func samePlace(a, b yamlast.Piece) bool {
	return a.Level == b.Level && a.Header == b.Header && a.Whole == b.Whole && a.Key == b.Key
}

// openFailureBefore reports whether one of the pieces that Join would try
// to join through the window (the MaxJoin before it) fails with a quote or
// a bracket left open: the window's new text may close it, as a fresh
// analysis would find. Those pieces lie before the edit, so their text is
// where it was.
func (s *state) openFailureBefore(old []slot, lo int) bool {
	for _, sl := range old[max(lo-yamlast.MaxJoin, 0):lo] {
		if sl.p.tree.Err != nil && yamlast.OpenAtEnd(s.text.Slice(sl.start, sl.start+sl.p.tree.Len())) {
			return true
		}
	}
	return false
}

func anyJoined(slots []slot) bool {
	for _, sl := range slots {
		if sl.p.joined {
			return true
		}
	}
	return false
}

func anyOpenFailure(text document.Text, pieces []yamlast.Piece, trees []*yamlast.Tree) bool {
	for i, t := range trees {
		if t.Err != nil && yamlast.OpenAtEnd(text.Slice(pieces[i].Start, pieces[i].End)) {
			return true
		}
	}
	return false
}

// find returns the record of an old piece with the same text as q, which
// lies outside the changed region.
func (s *state) find(q yamlast.Piece, ch changed) *pstate {
	var oldStart int
	switch {
	case q.End <= ch.start:
		oldStart = q.Start
	case q.Start >= ch.newEnd:
		oldStart = q.Start - ch.delta()
	default:
		return nil
	}
	i := sort.Search(len(s.slots), func(i int) bool { return s.slots[i].start >= oldStart })
	if i == len(s.slots) || s.slots[i].start != oldStart {
		return nil
	}
	p := s.slots[i].p
	if p.tree.Len() != q.End-q.Start || p.piece.Level != q.Level || p.piece.Header != q.Header || p.piece.Whole != q.Whole ||
		p.piece.Key != q.Key {
		return nil
	}
	return p
}

// parse parses the pieces listed in todo.
func (s *state) parse(pieces []yamlast.Piece, trees []*yamlast.Tree, todo []int) {
	s.stats.Parsed += len(todo)
	yamlast.Parallel(len(todo), func(k int) {
		q := pieces[todo[k]]
		if text, keep := s.text.SliceToKeep(q.Start, q.End, s.keepFrom); keep {
			// Opening a file, every piece is a slice of the text
			// the client sent, which the document keeps anyway:
			// the trees share it rather than copy 6 MB at 5,000
			// functions.
			trees[todo[k]] = yamlast.ParsePieceOwned(text, q)
		} else {
			trees[todo[k]] = yamlast.ParsePiece(text, q)
		}
	})
}

func (s *state) newPiece(q yamlast.Piece, t *yamlast.Tree) *pstate {
	p := &pstate{piece: q, tree: t, keys: t.RootKeyNames(), gen: s.newGen(),
		anchorIdx: anchorNames(t), rootKeys: t.RootKeys(0), idups: t.Duplicates(0, false)}
	p.piece.Start, p.piece.End = 0, 0
	return p
}

// reuseAll is reuse for a text split as a whole.
func (s *state) reuseAll(pieces []yamlast.Piece, ch changed) []slot {
	oldSlots := s.slots
	found := make([]*pstate, len(pieces))
	trees := make([]*yamlast.Tree, len(pieces))
	var todo []int
	for i, q := range pieces {
		if p := s.find(q, ch); p != nil {
			found[i], trees[i] = p, p.tree
		} else {
			todo = append(todo, i)
		}
	}
	s.parse(pieces, trees, todo)
	joined, jtrees, _ := yamlast.Join(s.text, pieces, trees, 0, len(pieces))
	isJoined := make([]bool, len(joined))
	if len(joined) != len(pieces) {
		// Look the survivors up again.
		found = make([]*pstate, len(joined))
		for i, q := range joined {
			if p := s.find(q, ch); p != nil && p.tree.Text() == jtrees[i].Text() {
				found[i] = p
			}
			isJoined[i] = jtrees[i].Len() != q.End-q.Start || !containsPiece(pieces, q)
		}
		pieces, trees = joined, jtrees
	}
	slots := make([]slot, len(pieces))
	kept := make(map[*pstate]bool, len(pieces))
	s.up.full, s.up.wlo, s.up.whi = true, 0, len(pieces)
	for i, q := range pieces {
		p := found[i]
		if p == nil {
			p = s.newPiece(q, trees[i])
			p.joined = isJoined[i]
			s.up.added = append(s.up.added, p)
		}
		kept[p] = true
		slots[i] = slot{start: q.Start, p: p, res: p.res}
	}
	for _, sl := range oldSlots {
		if !kept[sl.p] {
			s.forget(sl.p)
		}
	}
	return slots
}

func containsPiece(pieces []yamlast.Piece, q yamlast.Piece) bool {
	i := sort.Search(len(pieces), func(i int) bool { return pieces[i].Start >= q.Start })
	return i < len(pieces) && pieces[i] == q
}

// relabel gives new pieces labels between their neighbours', renumbering
// everything in the rare case that no room is left.
func (s *state) relabel() {
	if s.labelRuns(0, len(s.slots)) {
		return
	}
	for k, sl := range s.slots {
		sl.p.label = uint64(k+1) << 32
	}
}

// structure works out, for the whole file, which header each piece belongs
// to and what it is to the analysis: functions, a resource, part of every
// function's view, or none of these.
func (s *state) structure() {
	var stack [3]*pstate
	s.top = s.top[:0]
	s.resKids = map[*pstate][]*pstate{}
	for _, sl := range s.slots {
		p := sl.p
		p.parent = nil
		if lv := p.piece.Level; lv > 0 {
			p.parent = stack[lv-1]
		}
		if p.piece.Header {
			stack[p.piece.Level] = p
			p.dead = p.failed() || (p.parent != nil && p.parent.dead)
		}
		if p.piece.Level == 0 {
			s.top = append(s.top, p)
		}
		if pp := p.parent; pp != nil && pp.piece.Level == 0 && pp.piece.Key == "resources" {
			s.resKids[pp] = append(s.resKids[pp], p)
		}
		p.role = roleNone
	}
	// The effective entries are the last ones with their key, as
	// Node.Get reads them.
	s.fns = s.lastTop("functions")
	res := s.lastTop("resources")
	s.functionsFile = false
	if s.fns == nil {
		s.functionsFile = s.looksLikeFunctionsFile(s.top)
	}
	s.resHeader, s.container = nil, nil
	if res != nil && !res.piece.Header {
		s.container = res
	} else if res != nil {
		for _, c := range s.resKids[res] {
			if !c.failed() && slices.Contains(c.keys, "Resources") {
				s.resHeader, s.container = nil, nil
				if c.piece.Header {
					s.resHeader = c
				} else {
					s.container = c
				}
			}
		}
	}
	for _, sl := range s.slots {
		p := sl.p
		switch {
		case s.functionsFile:
			if p.piece.Level == 0 {
				p.role = roleUnit
			}
		case p.piece.Level == 0 && p.piece.Header:
			if p.piece.Key == "resources" {
				p.role = roleContext
			}
		case p.piece.Level == 0:
			if p == s.fns {
				p.role = roleUnit
			} else if !onlyKeys(p.keys, "functions", "custom") {
				p.role = roleContext
			}
		case p.parent != nil && p.parent == s.fns && s.fns.piece.Header:
			p.role = roleUnit
		case p.parent != nil && p.parent.piece.Level == 0 && p.parent.piece.Key == "resources":
			if !(p.piece.Header && p.piece.Key == "Outputs") {
				p.role = roleContext
			}
		case p.parent != nil && p.parent == s.resHeader:
			p.role = roleResource
		}
	}
}

func onlyKeys(keys []string, allowed ...string) bool {
	for _, k := range keys {
		if !slices.Contains(allowed, k) {
			return false
		}
	}
	return len(keys) > 0
}

// looksLikeFunctionsFile applies serverless.LooksLikeFunctionsFile to the
// top level, building only the entries it needs to look into.
func (s *state) looksLikeFunctionsFile(top []*pstate) bool {
	for _, p := range top {
		for _, k := range p.keys {
			switch k {
			case "service", "provider", "functions", "resources", "custom", "plugins":
				if !p.failed() {
					return false
				}
			}
		}
	}
	for _, p := range top {
		if p.failed() || p.piece.Header {
			continue
		}
		m := s.materialize(p)
		if m.Root == nil {
			continue
		}
		for _, pr := range m.Root.Pairs {
			v := pr.Value
			if !pr.Merged && v.Kind == yamlast.Mapping && (v.Pair("handler") != nil || v.Pair("events") != nil || v.Pair("image") != nil) {
				return true
			}
		}
	}
	return false
}

func sameResolution(a, b *resolution) bool {
	if a == nil || b == nil {
		return a == b
	}
	if (a.err == nil) != (b.err == nil) || (a.err != nil && *a.err != *b.err) {
		return false
	}
	return slices.Equal(a.targets, b.targets)
}

// materialize returns the nodes of piece p at its current offset, with its
// aliases resolved, caching them for the pieces that many checks read.
func (s *state) materialize(p *pstate) *yamlast.Materialized {
	m, _ := s.materializeOwned(p, false)
	return m
}

// materializeOwned is materialize, also reporting whether the nodes were
// built for this call alone, kept nowhere: the caller may then Release
// them once nothing it keeps points into them. Those are a unit's
// without anchors, which every check builds afresh, and, when transient
// is set, any piece that only the update's cache would have kept, which
// is then not added to it.
func (s *state) materializeOwned(p *pstate, transient bool) (*yamlast.Materialized, bool) {
	// The update's cache first: pieces do not move during an update, and
	// finding where one starts is a search over all of them.
	s.matMu.Lock()
	if m := s.matCache[p]; m != nil {
		s.matMu.Unlock()
		return m, false
	}
	s.matMu.Unlock()
	start := s.startOf(p)
	s.matMu.Lock()
	kept, keptUsed := p.mat, p.matUsed
	if kept == nil || p.matBase != start || p.matGen != p.gen {
		kept = nil
	}
	s.matMu.Unlock()
	// Kept nodes hold the nodes of the anchors they alias, at the offsets
	// those had: they are still right only if those anchors' nodes are
	// the same objects now. (An edit before an anchor and its undo after
	// it can bring a piece back to where it was while the anchor moved.)
	if kept != nil && s.sameUsed(p, keptUsed) {
		return kept, false
	}
	// Checks run in parallel: two may build the same piece at once, and
	// the first to finish is kept.
	used := make([]*yamlast.Materialized, len(p.tree.Refs()))
	keep := p.role == roleContext || p.tree.AnchorCount() > 0 || p.piece.Header
	if !keep && (p.role == roleUnit || transient) {
		return p.tree.MaterializeReusable(start, s.resolverInto(p, used)), true
	}
	m := p.tree.Materialize(start, s.resolverInto(p, used))
	s.matMu.Lock()
	defer s.matMu.Unlock()
	if keep {
		if p.mat != nil && p.matBase == start && p.matGen == p.gen && slices.Equal(p.matUsed, used) {
			return p.mat, false
		}
		p.mat, p.matBase, p.matGen, p.matUsed = m, start, p.gen, used
	} else {
		if c := s.matCache[p]; c != nil {
			return c, false
		}
		// Within one update, a piece read by several checks (a
		// resource) is built once, in a bounded cache. A unit is not
		// kept (see materializeOwned): its first run builds it once,
		// and what reads it again (a group, StreamsNaming, a rerun)
		// builds it again. Keeping the units an anchor edit rechecks
		// alive through the update raised the peak RSS at 5,000
		// functions from about 150 to 195 MB, and saved no measurable
		// time once the first run served the count, the mentions and
		// the check.
		limit := maxMatCache
		if s.incremental {
			limit = maxMatCacheIncremental
		}
		if len(s.matCache) >= limit {
			clear(s.matCache)
		}
		s.matCache[p] = m
	}
	return m, false
}

// maxMatCache bounds the nodes an update keeps for reuse: a few hundred
// resources' worth.
const maxMatCache = 256

// maxMatCacheIncremental bounds it for an update that checks some
// functions again (see state.incremental): the resources that the
// functions an anchor edit touches name, a few thousand pieces of a dozen
// lines, alive for that update only.
const maxMatCacheIncremental = 4096

// resolverInto resolves the aliases of p to the nodes of the anchors
// they name, recording in used (by reference, when it is
// not nil) the nodes of the pieces the aliases point into.
func (s *state) resolverInto(p *pstate, used []*yamlast.Materialized) func(int) *yamlast.Node {
	if p.res == nil {
		return nil
	}
	return func(ref int) *yamlast.Node {
		t := p.res.targets[ref]
		if t.def == nil {
			return nil
		}
		m := s.materialize(t.def)
		if ref < len(used) {
			used[ref] = m
		}
		return m.Anchor(t.anchor)
	}
}

// sameUsed reports whether the pieces p's aliases point into have the
// nodes they had when p's were built (used, by reference).
func (s *state) sameUsed(p *pstate, used []*yamlast.Materialized) bool {
	if p.res == nil {
		return true
	}
	for ref, t := range p.res.targets {
		if t.def == nil || ref >= len(used) || used[ref] == nil {
			continue
		}
		if s.materialize(t.def) != used[ref] {
			return false
		}
	}
	return true
}

// forget drops what a piece that left the text contributed to indexes.
func (s *state) forget(p *pstate) {
	if p.unit != nil {
		s.forgetUnit(p)
	}
	if v := s.up.swap; v != nil && v.old == p {
		v.move(s)
	} else {
		s.deps.pieceGone(p)
	}
	p.gone = true
	p.mat = nil
	s.up.removed = append(s.up.removed, p)
}
