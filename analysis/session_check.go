package analysis

import (
	"cmp"
	"slices"
	"sort"

	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/rules"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// depIndex finds the checks that a change invalidates.
type depIndex struct {
	// byMention: checks whose view holds resource id (the functions name
	// it), or that looked it up with Context.Resource.
	byMention map[string]map[*check]bool
	// static: units whose functions name id (for StreamsNaming).
	static map[string]map[*pstate]bool
	// byNaming: checks that called StreamsNaming(id).
	byNaming  map[string]map[*check]bool
	ids       map[*check]bool // called ResourceIDs
	all       map[*check]bool // called AllResources
	positions map[*check]bool // messages that name lines
	byOwner   map[*pstate]map[*check]bool
	// Who each check belongs to.
	unitOf        map[*check]*pstate
	groupOf       map[*check]*group
	dirty         map[*check]bool
	groupsTouched map[*group]bool
	withDiags     map[*check]bool
	// changedDiags are the checks added or removed since the diagnostics
	// were last put together.
	changedDiags map[*check]bool
}

func newDepIndex() depIndex {
	return depIndex{
		byMention: map[string]map[*check]bool{}, static: map[string]map[*pstate]bool{},
		byNaming: map[string]map[*check]bool{}, ids: map[*check]bool{}, all: map[*check]bool{},
		positions: map[*check]bool{}, byOwner: map[*pstate]map[*check]bool{},
		unitOf: map[*check]*pstate{}, groupOf: map[*check]*group{},
		dirty: map[*check]bool{}, groupsTouched: map[*group]bool{}, withDiags: map[*check]bool{},
		changedDiags: map[*check]bool{},
	}
}

// emptied empties a map that an update filled for itself. A cleared map
// keeps the table it grew to, and ranging over it costs that table's size:
// once opening a file has touched every check, each keystroke's few
// entries would cost a walk over thousands of empty slots.
func emptied[K comparable, V any](m map[K]V) map[K]V {
	if len(m) > 64 {
		return make(map[K]V)
	}
	clear(m)
	return m
}

func addTo[K comparable, V comparable](m map[K]map[V]bool, k K, v V) {
	set := m[k]
	if set == nil {
		set = map[V]bool{}
		m[k] = set
	}
	set[v] = true
}

func removeFrom[K comparable, V comparable](m map[K]map[V]bool, k K, v V) {
	if set := m[k]; set != nil {
		delete(set, v)
		if len(set) == 0 {
			delete(m, k)
		}
	}
}

// add indexes check c, which belongs to unit piece p or to group g.
func (d *depIndex) add(c *check, p *pstate, g *group) {
	if p != nil {
		d.unitOf[c] = p
		for _, id := range c.mentions {
			addTo(d.static, id, p)
		}
	} else {
		d.groupOf[c] = g
	}
	for _, id := range c.mentions {
		addTo(d.byMention, id, c)
	}
	for _, id := range c.deps.Resources {
		addTo(d.byMention, id, c)
	}
	for _, id := range c.deps.Naming {
		addTo(d.byNaming, id, c)
	}
	if c.deps.ResourceIDs {
		d.ids[c] = true
	}
	if c.deps.AllResources {
		d.all[c] = true
	}
	if c.anyPosition || len(c.positions) > 0 {
		d.positions[c] = true
	}
	for _, o := range c.owners {
		addTo(d.byOwner, o, c)
	}
	if len(c.diags) > 0 {
		d.withDiags[c] = true
		d.changedDiags[c] = true
	}
}

// remove forgets check c, of unit piece p (or nil for a group).
func (d *depIndex) remove(c *check, p *pstate) {
	for _, id := range c.mentions {
		removeFrom(d.byMention, id, c)
		if p != nil {
			removeFrom(d.static, id, p)
		}
	}
	for _, id := range c.deps.Resources {
		removeFrom(d.byMention, id, c)
	}
	for _, id := range c.deps.Naming {
		removeFrom(d.byNaming, id, c)
	}
	delete(d.ids, c)
	delete(d.all, c)
	delete(d.positions, c)
	for _, o := range c.owners {
		removeFrom(d.byOwner, o, c)
	}
	delete(d.unitOf, c)
	delete(d.groupOf, c)
	delete(d.dirty, c)
	if d.withDiags[c] {
		d.changedDiags[c] = true
	}
	delete(d.withDiags, c)
}

// pieceGone marks the checks with diagnostics in a piece that left the
// text: they cannot be moved, only recomputed.
func (d *depIndex) pieceGone(p *pstate) {
	for c := range d.byOwner[p] {
		d.dirty[c] = true
	}
}

func (d *depIndex) touchGroup(g *group) { d.groupsTouched[g] = true }

func (d *depIndex) markAll(set map[*check]bool) {
	for c := range set {
		d.dirty[c] = true
	}
}

// env answers the rules' questions beyond a view from the session. One
// serves a run of checks in one goroutine, within one update.
type env struct {
	s        *state
	all      map[string]*serverless.Resource
	allOrder []string
	// root is the top level the views of the run share (see rootView),
	// once one was built.
	root []rootPart
	// owned are the resources the check running holds alone (see
	// matFor); nil outside a check, and in an incremental update.
	owned map[*pstate]*yamlast.Materialized
	// spare is owned's map between checks.
	spare map[*pstate]*yamlast.Materialized
}

// beginCheck starts a check. Opening a file reads thousands of resources,
// nearly each for one function only, and the update's cache served about
// one read in eight: a check that is not part of an incremental update
// builds the resources it reads for itself (see matFor), and endCheck
// hands their memory back.
func (e *env) beginCheck() {
	if e.s.incremental {
		return
	}
	if e.spare == nil {
		e.spare = map[*pstate]*yamlast.Materialized{}
	}
	e.owned = e.spare
}

// endCheck ends a check: what it keeps are diagnostics, names and
// offsets, never the nodes of the resources it read.
func (e *env) endCheck() {
	for _, m := range e.owned {
		m.Release()
	}
	clear(e.owned)
	e.owned = nil
}

// matFor is materialize for the check e runs: a resource piece that no
// cache holds is built for that check alone while it collects (see
// beginCheck).
func (s *state) matFor(p *pstate, e *env) *yamlast.Materialized {
	if e == nil || e.owned == nil || p.role != roleResource {
		return s.materialize(p)
	}
	if m := e.owned[p]; m != nil {
		return m
	}
	m, owned := s.materializeOwned(p, true)
	if owned {
		e.owned[p] = m
	}
	return m
}

func (e *env) Resource(id string) *serverless.Resource { return e.s.resource(id, e) }
func (e *env) ResourceIDs() []string                   { return e.s.resIDs }
func (e *env) AllResources() (map[string]*serverless.Resource, []string) {
	if e.all == nil {
		e.all = map[string]*serverless.Resource{}
		for _, id := range e.s.resIDs {
			// Kept for the env's later checks: not the check's own.
			e.all[id] = e.s.resource(id, nil)
		}
		e.allOrder = e.s.resIDs
	}
	return e.all, e.allOrder
}

func (e *env) StreamsNaming(id string) []*serverless.StreamEvent {
	var units []*pstate
	for p := range e.s.deps.static[id] {
		units = append(units, p)
	}
	sort.Slice(units, func(i, j int) bool { return units[i].label < units[j].label })
	var out []*serverless.StreamEvent
	for _, p := range units {
		ms := e.s.mentionsOf(p)
		for i, fn := range e.s.functionsOf(p, e.s.materialize(p)) {
			if i < len(ms) && slices.Contains(ms[i], id) {
				out = fn.AppendStreams(out)
			}
		}
	}
	return out
}

// mentionsOf is what the functions of unit piece p name, one list per
// function.
func (s *state) mentionsOf(p *pstate) [][]string {
	if ms, ok := s.pendingMentions[p]; ok {
		return ms
	}
	if p.unit != nil && p.unit.gen == p.gen {
		return p.unit.fnMentions
	}
	var ms [][]string
	for _, fn := range s.functionsOf(p, s.materialize(p)) {
		ms = append(ms, serverless.Mentions(fn.Node))
	}
	return ms
}

// functionsOf reads the functions a unit piece holds.
func (s *state) functionsOf(p *pstate, m *yamlast.Materialized) []*serverless.Function {
	if m == nil {
		return nil
	}
	return functionsIn(m.Root, p.piece.Level == 0 && !s.functionsFile)
}

// functionsIn reads the functions of a unit piece's tree: one function per
// entry, or, when the piece is the whole `functions` entry (wholeEntry),
// the functions of its value.
func functionsIn(root *yamlast.Node, wholeEntry bool) []*serverless.Function {
	if root == nil || root.Kind != yamlast.Mapping {
		return nil
	}
	if wholeEntry {
		var value *yamlast.Node
		for _, pr := range root.Pairs {
			if !pr.Merged && pr.Key.Kind == yamlast.Scalar && pr.Key.Value == "functions" {
				value = pr.Value // the last one wins, as in the whole model
			}
		}
		return serverless.FunctionsOf(value)
	}
	var out []*serverless.Function
	for _, pr := range root.Pairs {
		if !pr.Merged {
			out = append(out, serverless.NewFunction(pr))
		}
	}
	return out
}

// resource returns resources.Resources[id] as the whole model has it, read
// for the check e runs (see matFor), or kept when e is nil.
func (s *state) resource(id string, e *env) *serverless.Resource {
	entry, ok := s.resIndex[id]
	if !ok {
		return nil
	}
	p := entry.pieces[len(entry.pieces)-1]
	if p.role != roleResource {
		return s.containerResources().byID[id]
	}
	m := s.matFor(p, e)
	var found *yamlast.Pair
	for _, pr := range m.Root.Pairs {
		if !pr.Merged && pr.Key.Value == id {
			found = pr
		}
	}
	if found == nil {
		return nil
	}
	return serverless.NewResource(found)
}

// containerResources are the resources when resources.Resources is not
// split into pieces: all of them come from one piece.
type containerRes struct {
	p        *pstate
	base     int
	gen      uint64
	byID     map[string]*serverless.Resource
	order    []string
	complete bool
}

var noContainer = &containerRes{byID: map[string]*serverless.Resource{}, complete: true}

// readContainer reads the resources of the piece that holds them all, m at
// level: the whole `resources` entry (level 0), or the `Resources` entry
// of a split `resources` (level 1), read as the only part of a resources
// mapping.
func readContainer(m *yamlast.Materialized, level int) *containerRes {
	c := &containerRes{byID: map[string]*serverless.Resource{}}
	key := "resources"
	if level == 1 {
		key = "Resources"
	}
	var value *yamlast.Node
	present := false
	for _, pr := range m.Root.Pairs {
		if !pr.Merged && pr.Key.Kind == yamlast.Scalar && pr.Key.Value == key {
			value, present = pr.Value, true
		}
	}
	add := func(r *serverless.Resource) {
		if _, dup := c.byID[r.LogicalID]; !dup {
			c.order = append(c.order, r.LogicalID)
		}
		c.byID[r.LogicalID] = r
	}
	if key == "resources" {
		c.complete = serverless.ReadResources(value, present, add)
		return c
	}
	c.complete = true
	switch {
	case serverless.IsVariable(value):
		c.complete = false
	case value != nil && value.Kind == yamlast.Mapping:
		for _, pr := range value.Pairs {
			add(serverless.NewResource(pr))
		}
	}
	return c
}

func (s *state) containerResources() *containerRes {
	p := s.container
	if p == nil {
		return noContainer
	}
	start := s.startOf(p)
	s.matMu.Lock()
	c := s.containerCache
	s.matMu.Unlock()
	if c != nil && c.p == p && c.base == start && c.gen == p.gen {
		return c
	}
	c = readContainer(s.materialize(p), p.piece.Level)
	c.p, c.base, c.gen = p, start, p.gen
	s.matMu.Lock()
	s.containerCache = c
	s.matMu.Unlock()
	return c
}

// view builds the view of the given functions (see package rules).
func (s *state) view(e *env, fns []*serverless.Function, streams []*serverless.StreamEvent, mentions []string) *serverless.File {
	keep := newIDSet(mentions)
	v := &serverless.File{
		Functions: fns, Streams: streams, Resources: make(map[string]*serverless.Resource, len(mentions)),
		ResourcesComplete: s.settings.resourcesComplete, HasPlugins: s.settings.hasPlugins,
		ConfigValidationMode: s.settings.configValidationMode,
	}
	var ids []string
	for _, id := range mentions {
		if r := s.resource(id, e); r != nil {
			v.Resources[id] = r
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, func(a, b string) int { return cmp.Compare(s.resOrder[a], s.resOrder[b]) })
	v.ResourceOrder = ids
	v.AST = &yamlast.File{Text: s.text, Mapper: s.mapper, Root: s.rootView(e, keep)}
	return v
}

// rootPart is one pair of the top level of a view, as NarrowPair keeps
// it. The pairs of a split `resources` header (hdr) and of an unsplit
// `resources` (byKeep) depend on what the view keeps; the others are the
// same in every view.
type rootPart struct {
	pair   *yamlast.Pair
	hdr    *pstate
	byKeep bool
}

// rootView builds the top level a view holds (serverless.NarrowRoot) from
// the pieces, reading only the resources in keep. The pairs that do not
// depend on the view are worked out once per env.
func (s *state) rootView(e *env, keep idSet) *yamlast.Node {
	if s.functionsFile {
		return nil
	}
	if e.root == nil {
		e.root = s.rootParts()
	}
	kept := make([]*yamlast.Pair, 0, len(e.root))
	for _, part := range e.root {
		switch {
		case part.hdr != nil:
			pr := &yamlast.Pair{Key: part.pair.Key, Value: s.resourcesView(e, part.hdr, keep)}
			if q, _ := serverless.NarrowPair(pr, keep.has); q != nil {
				kept = append(kept, q)
			}
		case part.byKeep:
			q, _ := serverless.NarrowPair(part.pair, keep.has)
			kept = append(kept, q)
		default:
			kept = append(kept, part.pair)
		}
	}
	return serverless.RootOf(kept)
}

// rootParts lists the pairs of the top level, narrowed where that does not
// depend on the view.
func (s *state) rootParts() []rootPart {
	parts := []rootPart{}
	add := func(pr *yamlast.Pair) {
		if q, byKeep := serverless.NarrowPair(pr, func(string) bool { return false }); byKeep {
			parts = append(parts, rootPart{pair: pr, byKeep: true})
		} else if q != nil {
			parts = append(parts, rootPart{pair: q})
		}
	}
	for _, p := range s.top {
		if p.failed() {
			continue
		}
		if p.piece.Header {
			key := s.materialize(p).Root.Pairs[0]
			if key.Key.Value == "resources" {
				parts = append(parts, rootPart{pair: &yamlast.Pair{Key: key.Key}, hdr: p})
			} else {
				add(&yamlast.Pair{Key: key.Key})
			}
			continue
		}
		if onlyKeys(p.keys, "functions", "custom") {
			for _, k := range p.tree.RootKeys(s.startOf(p)) {
				add(&yamlast.Pair{Key: k})
			}
			continue
		}
		for _, pr := range s.materialize(p).Root.Pairs {
			if !pr.Merged {
				add(pr)
			}
		}
	}
	return parts
}

// resourcesView is the value of the split `resources` header hdr, with
// only the resources in keep under `Resources`.
func (s *state) resourcesView(e *env, hdr *pstate, keep idSet) *yamlast.Node {
	kids := make([]*yamlast.Pair, 0, len(s.resKids[hdr]))
	for _, c := range s.resKids[hdr] {
		if c.failed() {
			continue
		}
		if !c.piece.Header {
			for _, pr := range s.materialize(c).Root.Pairs {
				if !pr.Merged {
					kids = append(kids, pr)
				}
			}
			continue
		}
		hp := s.materialize(c).Root.Pairs[0]
		if hp.Key.Value == "Outputs" {
			kids = append(kids, &yamlast.Pair{Key: hp.Key})
			continue
		}
		var entries []*pstate
		if c != s.resHeader {
			entries = s.entriesOf(c)
		}
		if len(entries) == 0 && (c != s.resHeader || len(s.resIndex) == 0) {
			kids = append(kids, hp)
			continue
		}
		// Only the entries the view keeps: NarrowRoot would drop the
		// others, and building them is what the view saves.
		kids = append(kids, &yamlast.Pair{Key: hp.Key, Value: &yamlast.Node{Kind: yamlast.Mapping, Tag: "!!map",
			Pairs: s.keptResources(e, c, entries, keep)}})
	}
	if len(kids) == 0 {
		return s.materialize(hdr).Root.Pairs[0].Value
	}
	return &yamlast.Node{Kind: yamlast.Mapping, Tag: "!!map", Pairs: kids,
		Span: yamlastSpanAt(kids[0].Key.Span.Start)}
}

// entriesOf lists the entries of a split header that parse. The effective
// Resources header, which has thousands in a large file, is read through
// the index instead.
func (s *state) entriesOf(hdr *pstate) []*pstate {
	i := s.slotOf(hdr)
	var out []*pstate
	for j := i + 1; j < len(s.slots) && s.slots[j].p.piece.Level > hdr.piece.Level; j++ {
		if c := s.slots[j].p; c.piece.Level == hdr.piece.Level+1 && !c.failed() {
			out = append(out, c)
		}
	}
	return out
}

// keptResources lists the entries of the split `Resources` header hdr
// that keep names, in document order.
func (s *state) keptResources(e *env, hdr *pstate, entries []*pstate, keep idSet) []*yamlast.Pair {
	var pieces []*pstate
	if hdr == s.resHeader {
		// The index knows where each logical ID is.
		for _, id := range keep.ids {
			for _, p := range s.resIndex[id].pieces {
				if !slices.Contains(pieces, p) {
					pieces = append(pieces, p)
				}
			}
		}
		slices.SortFunc(pieces, func(a, b *pstate) int { return cmp.Compare(a.label, b.label) })
	} else {
		for _, gc := range entries {
			if keep.hasAny(gc.keys) {
				pieces = append(pieces, gc)
			}
		}
	}
	var out []*yamlast.Pair
	for _, p := range pieces {
		for _, pr := range s.matFor(p, e).Root.Pairs {
			if !pr.Merged && keep.has(pr.Key.Value) {
				out = append(out, pr)
			}
		}
	}
	return out
}

func anyKept(keys []string, keep map[string]bool) bool {
	for _, k := range keys {
		if keep[k] {
			return true
		}
	}
	return false
}

// idSet is the logical IDs a view keeps. A function names a few, which a
// list holds for less than a map; a view of many functions may name many,
// and gets a map as well.
type idSet struct {
	ids []string // without repeats
	m   map[string]bool
}

func newIDSet(ids []string) idSet {
	k := idSet{ids: ids}
	if len(ids) > 8 {
		k.m = make(map[string]bool, len(ids))
		for _, id := range ids {
			k.m[id] = true
		}
	}
	return k
}

func (k idSet) has(id string) bool {
	if k.m != nil {
		return k.m[id]
	}
	return slices.Contains(k.ids, id)
}

func (k idSet) hasAny(ids []string) bool {
	return slices.ContainsFunc(ids, k.has)
}

// ownerOf is the slot whose piece holds byte offset off.
func (s *state) ownerOf(off int) int {
	i := sort.Search(len(s.slots), func(i int) bool { return s.slots[i].start > off }) - 1
	return max(i, 0)
}

// record stores what a run of rules produced in c.
func (s *state) record(c *check, ds []diag.Diagnostic, deps rules.Deps) {
	for _, d := range ds {
		i := s.ownerOf(d.Span.Start)
		o, ostart := s.slots[i].p, s.slots[i].start
		c.diags = append(c.diags, ownedDiag{owner: o, start: d.Span.Start - ostart, end: d.Span.End - ostart, d: d})
		if !slices.Contains(c.owners, o) {
			c.owners = append(c.owners, o)
		}
		for j := i + 1; j < len(s.slots) && s.slots[j].start <= d.Span.End; j++ {
			// A span that runs into later pieces must be recomputed if
			// any of them changes.
			if !slices.Contains(c.owners, s.slots[j].p) {
				c.owners = append(c.owners, s.slots[j].p)
			}
		}
	}
	c.deps.Resources = append(c.deps.Resources, deps.Resources...)
	c.deps.Naming = append(c.deps.Naming, deps.Naming...)
	c.deps.ResourceIDs = c.deps.ResourceIDs || deps.ResourceIDs
	c.deps.AllResources = c.deps.AllResources || deps.AllResources
	for _, off := range deps.Positions {
		if off < 0 {
			c.anyPosition = true
			continue
		}
		if o := s.slots[s.ownerOf(off)].p; !slices.Contains(c.positions, o) {
			c.positions = append(c.positions, o)
		}
	}
}

// unitRun is what running the rules on a unit produced, before it is
// recorded.
type unitRun struct {
	u       *unit
	members []memberRef
}

// runUnit runs the rules on a unit. It changes nothing the other runs
// read, so runs go in parallel.
func (s *state) runUnit(p *pstate, e *env) unitRun {
	m, owned := s.materializeOwned(p, false)
	r := s.runFunctions(p, e, s.functionsOf(p, m), s.mentionsOf(p))
	if owned {
		// A run keeps diagnostics, names and offsets, never nodes.
		m.Release()
	}
	return r
}

// runFunctions is runUnit for the functions fns of unit p, which name ms.
func (s *state) runFunctions(p *pstate, e *env, fns []*serverless.Function, ms [][]string) unitRun {
	u := &unit{gen: p.gen}
	u.fnMentions = ms
	var members []memberRef
	for fi, fn := range fns {
		streams := fn.AppendStreams(nil)
		mentions := ms[fi]
		for _, id := range mentions {
			if !slices.Contains(u.mentions, id) {
				u.mentions = append(u.mentions, id)
			}
		}
		e.beginCheck()
		view := s.view(e, []*serverless.Function{fn}, streams, mentions)
		ds, gm, deps := rules.CheckFunction(view, e, s.opts)
		s.record(&u.check, ds, deps)
		for _, m := range gm {
			ref := memberRef{id: groupID{m.Rule, m.Key}, fn: fi, event: slices.Index(streams, m.Event),
				facts: memberFacts{incomparable: true}}
			if p.unit != nil {
				// Compared with the last run's (see applyUnit); a
				// first run has none to compare with.
				ref.facts = s.ownFacts(m.Facts())
			}
			members = append(members, ref)
		}
		e.endCheck()
	}
	return unitRun{u: u, members: members}
}

// firstRun is what the first run of a unit whose content changed found:
// what its functions name and, unless its count of what aliases add
// passes a limit on its own, the run of its rules (whose reads of
// StreamsNaming may be stale: see analyse).
type firstRun struct {
	mentions [][]string
	run      unitRun
}

// firstRuns builds the nodes of each of units once, reads what the
// functions name from them, counts what aliases add to a unit whose count
// is out of date (those are the units beyondLimits deferred, which
// countDeferred then adds to the total), and runs the rules.
func (s *state) firstRuns(units []*pstate) []firstRun {
	out := make([]firstRun, len(units))
	one := func(e *env, i int) {
		p := units[i]
		m, owned := s.materializeOwned(p, false)
		if owned {
			// What the run keeps are names, diagnostics and counts.
			defer m.Release()
		}
		fns := s.functionsOf(p, m)
		ms := make([][]string, len(fns))
		for fi, fn := range fns {
			ms[fi] = serverless.Mentions(fn.Node)
		}
		out[i].mentions = ms
		if s.mayAlias && !p.limitsFresh() && m != nil && s.countLimits(p, m).beyond() {
			// The text is beyond the limits: analyse stops once the
			// counts are added up.
			return
		}
		out[i].run = s.runFunctions(p, e, fns, ms)
	}
	s.eachUnit(len(units), one)
	return out
}

// eachUnit calls run for units [0, n), on all cores when there are many,
// each goroutine with its own env.
func (s *state) eachUnit(n int, run func(e *env, i int)) {
	if n < 8 {
		e := &env{s: s}
		for i := range n {
			run(e, i)
		}
		return
	}
	s.prepareParallel()
	yamlast.ParallelRanges(n, 16, func(lo, hi int) {
		e := &env{s: s}
		for i := lo; i < hi; i++ {
			run(e, i)
		}
	})
}

// ownFacts keeps the spans of f as where they lie in their pieces.
func (s *state) ownFacts(f rules.Facts) memberFacts {
	mf := memberFacts{text: f.Text, spans: make([]ownedSpan, len(f.Spans)), incomparable: f.Incomparable}
	for i, sp := range f.Spans {
		sl := s.slots[s.ownerOf(sp.Start)]
		mf.spans[i] = ownedSpan{owner: sl.p, start: sp.Start - sl.start, end: sp.End - sl.start}
	}
	return mf
}

// applyUnit records a unit's run in the indexes and the groups. A member
// that the unit's previous run had too, with the same facts, stays in its
// group without touching it.
func (s *state) applyUnit(p *pstate, r unitRun) {
	old := p.unit
	var same []bool // by index in r.members
	if old != nil {
		same = s.leaveChangedGroups(p, old, r.members)
	}
	s.stats.Units++
	u := r.u
	for i, ref := range r.members {
		u.members = append(u.members, ref)
		if same != nil && same[i] {
			continue
		}
		g := s.groups[ref.id]
		if g == nil {
			g = &group{id: ref.id}
			s.groups[ref.id] = g
		}
		gm := groupMember{p: p, fn: ref.fn, event: ref.event}
		i := sort.Search(len(g.members), func(i int) bool { return !memberLess(g.members[i], gm) })
		g.members = slices.Insert(g.members, i, gm)
		s.deps.touchGroup(g)
	}
	if old != nil {
		s.deps.remove(&old.check, p)
	}
	p.unit = u
	s.deps.add(&u.check, p, nil)
}

// checkUnits runs the given units, except those whose run is done
// already, and records all the runs in the order of units.
func (s *state) checkUnits(units []*pstate, done map[*pstate]unitRun) {
	runs := make([]unitRun, len(units))
	var todo []int
	for i, p := range units {
		if r, ok := done[p]; ok {
			runs[i] = r
		} else {
			todo = append(todo, i)
		}
	}
	s.eachUnit(len(todo), func(e *env, k int) { runs[todo[k]] = s.runUnit(units[todo[k]], e) })
	for i, p := range units {
		s.applyUnit(p, runs[i])
	}
}

// prepareParallel builds what every check reads before checks run in
// parallel, so that they do not all wait for the first to build it.
func (s *state) prepareParallel() {
	if s.container != nil {
		s.containerResources()
	}
	for _, p := range s.top {
		if !p.failed() && p.role == roleContext {
			s.materialize(p)
		}
		for _, c := range s.resKids[p] {
			if !c.failed() {
				s.materialize(c)
			}
		}
	}
}

// leaveChangedGroups takes the events of unit u (of piece p) out of their
// groups, except those that members, the unit's next run, keeps as they
// were: it reports which of members those are.
func (s *state) leaveChangedGroups(p *pstate, u *unit, members []memberRef) []bool {
	same := make([]bool, len(members))
	kept := make([]bool, len(u.members))
	type place struct {
		id        groupID
		fn, event int
	}
	before := make(map[place]int, len(u.members))
	for j, o := range u.members {
		before[place{o.id, o.fn, o.event}] = j
	}
	for i, ref := range members {
		if j, ok := before[place{ref.id, ref.fn, ref.event}]; ok && !kept[j] && u.members[j].facts.equal(ref.facts) {
			same[i], kept[j] = true, true
		}
	}
	for j, o := range u.members {
		if kept[j] {
			continue
		}
		if g := s.groups[o.id]; g != nil {
			g.members = slices.DeleteFunc(g.members, func(gm groupMember) bool {
				return gm.p == p && gm.fn == o.fn && gm.event == o.event
			})
			s.deps.touchGroup(g)
		}
	}
	u.members = nil
	return same
}

// leaveGroups takes the events of unit u (of piece p) out of their groups.
func (s *state) leaveGroups(p *pstate, u *unit) { s.leaveChangedGroups(p, u, nil) }

// runGroup runs a group's rule on the events of its key; like runUnit, it
// changes nothing other runs read. A key that fewer than two events share
// is not checked (nil): a group rule is about events together.
func (s *state) runGroup(g *group, e *env) *check {
	if len(g.members) < 2 {
		return nil
	}
	var fns []*serverless.Function
	var events []*serverless.StreamEvent
	var mentions []string
	var lastP *pstate
	var ufns []*serverless.Function
	lastFn := -1
	var streams []*serverless.StreamEvent
	var owned []*yamlast.Materialized
	defer func() {
		// The group's check keeps diagnostics and names, never nodes.
		for _, m := range owned {
			m.Release()
		}
	}()
	for _, m := range g.members {
		if m.p != lastP {
			lastP, lastFn = m.p, -1
			um, own := s.materializeOwned(m.p, false)
			if own {
				owned = append(owned, um)
			}
			ufns = s.functionsOf(m.p, um)
		}
		if m.fn >= len(ufns) {
			continue
		}
		if m.fn != lastFn {
			lastFn = m.fn
			fn := ufns[m.fn]
			streams = fn.AppendStreams(nil)
			fns = append(fns, fn)
		}
		if m.event >= 0 && m.event < len(streams) {
			ev := streams[m.event]
			events = append(events, ev)
			// Only what the events name: a function's other events
			// may name many more resources, and building those for
			// every group was half the cost of the groups on opening
			// a large file.
			for _, id := range serverless.Mentions(ev.Item) {
				if !slices.Contains(mentions, id) {
					mentions = append(mentions, id)
				}
			}
		}
	}
	c := &check{mentions: mentions}
	e.beginCheck()
	view := s.view(e, fns, events, mentions)
	ds, deps := rules.CheckGroup(g.id.rule, g.id.key, view, e, s.opts)
	s.record(c, ds, deps)
	e.endCheck()
	return c
}

func (s *state) applyGroup(g *group, c *check) {
	if _, indexed := s.deps.groupOf[&g.check]; indexed {
		s.deps.remove(&g.check, nil)
	} else {
		// Never recorded, as most keys (one event's): nothing is in
		// the indexes but perhaps a mark, and opening a large file
		// has thousands.
		delete(s.deps.dirty, &g.check)
	}
	g.check = check{}
	if len(g.members) == 0 {
		delete(s.groups, g.id)
		return
	}
	if c == nil {
		return
	}
	s.stats.Groups++
	g.check = *c
	s.deps.add(&g.check, nil, g)
}

// checkGroups runs the given groups, on all cores when there are many.
func (s *state) checkGroups(groups []*group) {
	runs := make([]*check, len(groups))
	if len(groups) < 8 {
		e := &env{s: s}
		for i, g := range groups {
			runs[i] = s.runGroup(g, e)
		}
	} else {
		s.prepareParallel()
		yamlast.ParallelRanges(len(groups), 16, func(lo, hi int) {
			e := &env{s: s}
			for i := lo; i < hi; i++ {
				runs[i] = s.runGroup(groups[i], e)
			}
		})
	}
	for i, g := range groups {
		s.applyGroup(g, runs[i])
	}
}
