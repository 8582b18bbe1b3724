package analysis

import (
	"cmp"
	"slices"
	"sort"
	"strings"

	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/rules"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

func yamlastSpanAt(off int) document.Span { return document.Span{Start: off, End: off} }

// facts works out what every view shares: the file's settings, the rest of
// the configuration (as a signature of its pieces), and where each
// resource is defined. It returns what changed since the last version,
// looking only at the pieces the update touched unless all is set.
func (s *state) facts(all bool) (contextChanged bool, changedIDs []string, idsChanged bool) {
	ctxTouched, resTouched := all, all
	var resChanged []*pstate
	if !all {
		for _, list := range [][]*pstate{s.up.added, s.up.removed, s.up.genChanged} {
			for _, p := range list {
				switch p.role {
				case roleContext:
					ctxTouched = true
				case roleResource:
					resTouched = true
					resChanged = append(resChanged, p)
				}
			}
		}
	}
	if ctxTouched {
		contextChanged = s.contextFacts()
		resTouched, resChanged = true, nil
	}
	if !resTouched {
		return contextChanged, nil, false
	}
	if resChanged == nil || s.container != nil || s.resHeader == nil {
		changedIDs, idsChanged = s.rebuildResources()
		return contextChanged, changedIDs, idsChanged
	}
	// Some entries of the split Resources changed: only their IDs.
	seen := map[string]bool{}
	for _, p := range resChanged {
		for _, id := range p.keys {
			if seen[id] {
				continue
			}
			seen[id] = true
			changedIDs = append(changedIDs, id)
		}
	}
	sameIDs := true
	for _, p := range s.up.removed {
		if p.role == roleResource {
			for _, id := range p.keys {
				e := s.resIndex[id]
				e.pieces = slices.DeleteFunc(slices.Clone(e.pieces), func(q *pstate) bool { return q == p })
				s.setRes(id, e)
			}
		}
	}
	for _, p := range s.up.added {
		if p.role == roleResource && !p.failed() {
			for _, id := range p.keys {
				e := s.resIndex[id]
				i := sort.Search(len(e.pieces), func(i int) bool { return e.pieces[i].label >= p.label })
				e.pieces = slices.Insert(slices.Clone(e.pieces), i, p)
				s.setRes(id, e)
			}
		}
	}
	for _, p := range s.up.genChanged {
		if p.role == roleResource {
			for _, id := range p.keys {
				e := s.resIndex[id]
				e.pieces = slices.DeleteFunc(slices.Clone(e.pieces), func(q *pstate) bool { return q == p })
				if !p.failed() {
					i := sort.Search(len(e.pieces), func(i int) bool { return e.pieces[i].label >= p.label })
					e.pieces = slices.Insert(e.pieces, i, p)
				}
				s.setRes(id, e)
			}
		}
	}
	// The list of IDs changes only if an ID appeared, went, or moved
	// before another: an edit inside one resource keeps it.
	for _, id := range changedIDs {
		e, ok := s.resIndex[id]
		_, was := s.resOrder[id]
		if ok != was || (ok && e.pieces[0].gone) {
			sameIDs = false
		}
	}
	if !sameIDs || !s.sameResourceOrder(resChanged) {
		ids, order := s.resourceOrder()
		idsChanged = !slices.Equal(ids, s.resIDs)
		s.resIDs, s.resOrder = ids, order
	}
	return contextChanged, changedIDs, idsChanged
}

func (s *state) setRes(id string, e resEntry) {
	if len(e.pieces) == 0 {
		delete(s.resIndex, id)
		return
	}
	e.gens = 0
	for _, p := range e.pieces {
		e.gens = e.gens*1000003 + p.gen
	}
	s.resIndex[id] = e
}

// sameResourceOrder reports whether the resource pieces this update
// replaced keep the document order of first definitions: each removed
// piece gave way to one added piece with the same keys at its place.
func (s *state) sameResourceOrder(changed []*pstate) bool {
	var removed, added [][]string
	for _, p := range s.up.removed {
		if p.role == roleResource {
			removed = append(removed, p.keys)
		}
	}
	for _, p := range s.up.added {
		if p.role == roleResource {
			added = append(added, p.keys)
		}
	}
	return slices.EqualFunc(removed, added, slices.Equal[[]string])
}

// resourceOrder lists the logical IDs in document order of their first
// definition.
func (s *state) resourceOrder() ([]string, map[string]int) {
	var ids []string
	order := map[string]int{}
	if s.container != nil {
		c := s.containerResources()
		for i, id := range c.order {
			order[id] = i
		}
		return c.order, order
	}
	type first struct {
		id    string
		label uint64
		i     int
	}
	var firsts []first
	for id, e := range s.resIndex {
		p := e.pieces[0]
		firsts = append(firsts, first{id, p.label, slices.Index(p.keys, id)})
	}
	sort.Slice(firsts, func(a, b int) bool {
		if firsts[a].label != firsts[b].label {
			return firsts[a].label < firsts[b].label
		}
		return firsts[a].i < firsts[b].i
	})
	for i, f := range firsts {
		ids = append(ids, f.id)
		order[f.id] = i
	}
	return ids, order
}

// contextFacts recomputes the signature of the rest of the configuration
// and the settings, and reports whether they changed.
func (s *state) contextFacts() bool {
	lastValue := func(p *pstate, key string) (*yamlast.Node, bool) {
		if p == nil {
			return nil, false
		}
		var v *yamlast.Node
		for _, pr := range s.materialize(p).Root.Pairs {
			if !pr.Merged && pr.Key.Kind == yamlast.Scalar && pr.Key.Value == key {
				v = pr.Value
			}
		}
		return v, true
	}
	var sig []uint64
	if !s.functionsFile {
		for _, p := range s.top {
			if (p.piece.Header && p.piece.Key == "resources") || !onlyKeys(p.keys, "functions", "custom") {
				sig = append(sig, p.gen)
			}
			for _, c := range s.resKids[p] {
				if !(c.piece.Header && c.piece.Key == "Outputs") {
					sig = append(sig, c.gen)
				}
			}
		}
	}
	var set settings
	set.resourcesComplete = true
	if v, ok := lastValue(s.lastTop("plugins"), "plugins"); ok && !v.IsNull() {
		set.hasPlugins = true
	}
	if v, ok := lastValue(s.lastTop("configValidationMode"), "configValidationMode"); ok && v != nil && v.Kind == yamlast.Scalar {
		set.configValidationMode = v.Value
	}
	if s.fns == nil && s.functionsFile {
		set.resourcesComplete = false
	}
	if s.container != nil {
		set.resourcesComplete = set.resourcesComplete && s.containerResources().complete
	}
	changed := !slices.Equal(sig, s.contextSig) || set != s.settings
	s.contextSig, s.settings = sig, set
	return changed
}

// lastTop is the last top-level piece that parsed with key among its keys.
func (s *state) lastTop(key string) *pstate {
	var found *pstate
	for _, p := range s.top {
		if !p.failed() && slices.Contains(p.keys, key) {
			found = p
		}
	}
	return found
}

// rebuildResources indexes every resource again.
func (s *state) rebuildResources() (changedIDs []string, idsChanged bool) {
	index := map[string]resEntry{}
	if s.container != nil {
		c := s.containerResources()
		for _, id := range c.order {
			index[id] = resEntry{pieces: []*pstate{s.container}, gens: s.container.gen}
		}
	} else if s.resHeader != nil {
		for _, sl := range s.slots {
			p := sl.p
			if p.role != roleResource || p.failed() {
				continue
			}
			for _, id := range p.keys {
				e := index[id]
				if len(e.pieces) == 0 || e.pieces[len(e.pieces)-1] != p {
					e.pieces = append(e.pieces, p)
					e.gens = e.gens*1000003 + p.gen
				}
				index[id] = e
			}
		}
	}
	for id, e := range index {
		if old, ok := s.resIndex[id]; !ok || old.gens != e.gens || !slices.Equal(old.pieces, e.pieces) {
			changedIDs = append(changedIDs, id)
		}
	}
	for id := range s.resIndex {
		if _, ok := index[id]; !ok {
			changedIDs = append(changedIDs, id)
		}
	}
	s.resIndex = index
	ids, order := s.resourceOrder()
	idsChanged = !slices.Equal(ids, s.resIDs)
	s.resIDs, s.resOrder = ids, order
	return changedIDs, idsChanged
}

// analyse reruns the checks this version invalidated and puts the
// diagnostics together.
func (s *state) analyse(ch changed, all bool) (diags []diag.Diagnostic, beyond bool) {
	wasFunctionsFile := s.lastFunctionsFile
	contextChanged, changedIDs, idsChanged := s.facts(all)
	if s.functionsFile != wasFunctionsFile {
		contextChanged = true
	}
	s.lastFunctionsFile = s.functionsFile
	d := &s.deps

	// Units: pieces that hold functions. A piece that no longer does
	// loses its check.
	var content []*pstate // units whose own text or anchors changed
	// A piece kept in the window whose anchors also resolve differently
	// comes up twice; checked twice, it would also be read by two
	// goroutines at once.
	var considered map[*pstate]bool
	if !all {
		considered = map[*pstate]bool{}
	}
	consider := func(p *pstate) {
		if considered != nil {
			if considered[p] {
				return
			}
			considered[p] = true
		}
		if p.role != roleUnit || p.failed() {
			if p.unit != nil {
				s.forgetUnit(p)
			}
			return
		}
		if p.unit == nil || p.unit.gen != p.gen {
			content = append(content, p)
		}
	}
	if all {
		for _, sl := range s.slots {
			consider(sl.p)
		}
	} else {
		for i := s.up.wlo; i < s.up.whi; i++ {
			consider(s.slots[i].p)
		}
		for _, p := range s.up.genChanged {
			consider(p)
		}
	}
	if contextChanged {
		for c, p := range d.unitOf {
			if p.unit != nil && &p.unit.check == c && p.unit.gen == p.gen {
				d.dirty[c] = true
			}
		}
	}
	if contextChanged {
		for g := range s.groups {
			d.dirty[&s.groups[g].check] = true
		}
	}
	for _, id := range changedIDs {
		d.markAll(d.byMention[id])
	}
	if idsChanged {
		d.markAll(d.ids)
	}
	if len(changedIDs) > 0 {
		d.markAll(d.all)
	}
	if ch.lines {
		for c := range d.positions {
			if c.anyPosition {
				d.dirty[c] = true
				continue
			}
			for _, o := range c.positions {
				if o.gone || s.startOf(o) >= ch.newEnd {
					d.dirty[c] = true
					break
				}
			}
		}
	}

	// Each unit whose content changed is run once before anything else:
	// that builds its nodes, which its mentions and its count of what
	// aliases add are read from too. StreamsNaming reads other units'
	// mentions, so a first run that asked it is run again below, when
	// every unit's are known.
	e := &env{s: s}
	first := s.firstRuns(content)
	if s.countDeferred() {
		return nil, true
	}
	named := map[string]bool{}
	s.pendingMentions = map[*pstate][][]string{}
	for i, p := range content {
		if p.unit != nil {
			for _, id := range p.unit.mentions {
				named[id] = true
			}
			s.deps.remove(&p.unit.check, p)
			p.unit.mentions = nil
		}
		for _, m := range first[i].mentions {
			for _, id := range m {
				named[id] = true
				addTo(d.static, id, p)
			}
		}
		s.pendingMentions[p] = first[i].mentions
	}
	for id := range named {
		d.markAll(d.byNaming[id])
	}

	// Rerun the units that read something that changed, and the first
	// runs that asked StreamsNaming. The order of runs does not matter;
	// the order in which they are recorded does, and is document order.
	done := make(map[*pstate]unitRun, len(content))
	again := content
	for i, p := range content {
		if r := first[i].run; r.u != nil && len(r.u.deps.Naming) == 0 {
			done[p] = r
		}
	}
	for c := range d.dirty {
		if p := d.unitOf[c]; p != nil && p.unit != nil && &p.unit.check == c && !slices.Contains(content, p) {
			again = append(again, p)
		}
	}
	sort.Slice(again, func(i, j int) bool { return again[i].label < again[j].label })
	s.checkUnits(again, done)
	// Groups whose members changed or whose reads did.
	for c := range d.dirty {
		if g := d.groupOf[c]; g != nil {
			d.groupsTouched[g] = true
		}
	}
	touched := make([]*group, 0, len(d.groupsTouched))
	for g := range d.groupsTouched {
		touched = append(touched, g)
	}
	slices.SortFunc(touched, func(a, b *group) int {
		return cmp.Or(cmp.Compare(a.id.rule, b.id.rule), strings.Compare(a.id.key, b.id.key))
	})
	live := touched[:0]
	for _, g := range touched {
		if s.groups[g.id] == g {
			live = append(live, g)
		}
	}
	s.checkGroups(live)
	d.dirty = emptied(d.dirty)
	d.groupsTouched = emptied(d.groupsTouched)
	s.pendingMentions = nil

	s.fileDiags = rules.CheckFileRules(s.syntaxView(), s.fullModel, e, s.opts)
	return s.diagnostics(), false
}

// forgetUnit drops the check of a piece that no longer holds functions.
func (s *state) forgetUnit(p *pstate) {
	u := p.unit
	// Its functions no longer count for StreamsNaming.
	for _, id := range u.mentions {
		s.deps.markAll(s.deps.byNaming[id])
	}
	s.deps.remove(&u.check, p)
	s.leaveGroups(p, u)
	p.unit = nil
}

// diagnostics puts every check's diagnostics where their pieces are now.
// They are kept sorted by piece and by offset in the piece, an order that
// moving pieces does not change, so an update sorts only what it checked.
func (s *state) diagnostics() []diag.Diagnostic {
	d := &s.deps
	if len(d.changedDiags) > 0 {
		kept := s.sorted[:0:0]
		for _, e := range s.sorted {
			if !d.changedDiags[e.c] {
				kept = append(kept, e)
			}
		}
		var fresh []diagEntry
		for c := range d.changedDiags {
			if !d.withDiags[c] {
				continue
			}
			for i := range c.diags {
				fresh = append(fresh, diagEntry{c: c, od: &c.diags[i]})
			}
		}
		sort.Slice(fresh, func(i, j int) bool { return entryLess(fresh[i], fresh[j]) })
		s.sorted = mergeEntries(kept, fresh)
		d.changedDiags = emptied(d.changedDiags)
	}
	files := slices.Clone(s.fileDiags)
	sort.Slice(files, func(i, j int) bool { return rules.Less(files[i], files[j]) })
	out := make([]diag.Diagnostic, 0, len(s.sorted)+len(files))
	k := 0 // walks the slots in step with the entries
	for _, e := range s.sorted {
		for k < len(s.slots) && s.slots[k].p.label < e.od.owner.label {
			k++
		}
		start := 0
		if k < len(s.slots) && s.slots[k].p == e.od.owner {
			start = s.slots[k].start
		}
		dg := e.od.d
		dg.Span.Start, dg.Span.End = start+e.od.start, start+e.od.end
		for len(files) > 0 && rules.Less(files[0], dg) {
			out = appendNew(out, files[0])
			files = files[1:]
		}
		out = appendNew(out, dg)
	}
	for _, f := range files {
		out = appendNew(out, f)
	}
	if out == nil {
		out = []diag.Diagnostic{}
	}
	return out
}

// appendNew appends d unless it repeats the last diagnostic (an aliased
// value shared by several events is reported once, at the anchor).
func appendNew(out []diag.Diagnostic, d diag.Diagnostic) []diag.Diagnostic {
	if n := len(out); n > 0 && out[n-1] == d {
		return out
	}
	return append(out, d)
}

// diagEntry is one kept diagnostic in document order.
type diagEntry struct {
	c  *check
	od *ownedDiag
}

// entryLess orders kept diagnostics as rules.Less orders them at their
// current offsets: pieces never overlap, so the piece's position comes
// first.
func entryLess(a, b diagEntry) bool {
	if a.od.owner != b.od.owner {
		return a.od.owner.label < b.od.owner.label
	}
	x, y := a.od.d, b.od.d
	x.Span = yamlastSpanAt(a.od.start)
	x.Span.End = a.od.end
	y.Span = yamlastSpanAt(b.od.start)
	y.Span.End = b.od.end
	return rules.Less(x, y)
}

func mergeEntries(a, b []diagEntry) []diagEntry {
	out := make([]diagEntry, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if entryLess(b[0], a[0]) {
			out = append(out, b[0])
			b = b[1:]
		} else {
			out = append(out, a[0])
			a = a[1:]
		}
	}
	return append(append(out, a...), b...)
}

func (s *state) syntaxView() *serverless.File {
	errs, dups := s.syntax()
	return &serverless.File{
		AST:       &yamlast.File{Text: s.text, Mapper: s.mapper, Errors: errs, Duplicates: dups},
		Resources: map[string]*serverless.Resource{}, ResourcesComplete: s.settings.resourcesComplete,
		HasPlugins: s.settings.hasPlugins, ConfigValidationMode: s.settings.configValidationMode,
	}
}

// fullModel builds the model of the whole file, for the file rules that
// read all of it.
func (s *state) fullModel() *serverless.File {
	return s.snapshot().Model()
}
