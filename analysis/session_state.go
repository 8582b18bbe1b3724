package analysis

import (
	"slices"
	"sync"
	"sync/atomic"

	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/rules"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// pstate is the session's record of one piece. It lives as long as the
// piece's text is untouched; edits elsewhere only move it (start).
type pstate struct {
	piece yamlast.Piece // Level, Header, Whole; Start and End are stale
	tree  *yamlast.Tree
	keys  []string // the scalar keys of the piece's top-level mapping
	// eventMerges caches, for each external alias of the tree, whether
	// every use of it merges into a stream event (see pstate.mergesOnlyIntoEvents):
	// 0 not worked out yet, 1 yes, 2 no. The tree never changes.
	eventMerges      []uint8
	eventMergesWhole bool   // eventMerges is for the whole `functions` entry
	swapSeen         uint64 // see valueSwap.reachesOnlyEvents
	queuedIn         uint64 // the resolve that queued it last (see state.resolve)
	// label orders pieces by position across versions, so that indexes
	// keyed by piece need no renumbering when pieces come and go.
	label uint64

	// Per version, set by state.update. Where the piece starts is in its
	// slot (state.startOf): writing it into every piece after an edit
	// would touch all of them.
	parent *pstate // the header this piece is an entry of
	role   role
	res    *resolution
	// gen identifies what the piece materializes to: it changes when the
	// piece is created and whenever its anchors resolve differently.
	gen uint64

	// mat caches the piece's nodes at matBase for matGen, for pieces that
	// many checks read (anchors, the rest of the configuration).
	mat     *yamlast.Materialized
	matBase int
	matGen  uint64
	// matUsed are the nodes of the pieces mat's aliases point into, by
	// reference, as they were when mat was built (see materialize).
	matUsed []*yamlast.Materialized

	unit   *unit
	gone   bool // left the text
	joined bool // made of several pieces Split cut apart (see yamlast.Join)

	// Derived from the tree once.
	anchorIdx map[string]int      // the anchors it defines: name -> last index
	rootKeys  []*yamlast.Node     // keys of its top-level mapping, at offset 0
	idups     []yamlast.Duplicate // repeated keys within it, at offset 0

	// Index membership.
	registered bool // its anchors are in state.anchors
	sibbed     bool // its keys are in state.sibIdx[sibParent]
	sibParent  *pstate
	dead       bool // a header whose entries belong to no mapping
	limits     pieceLimits

	sup *supPiece // its suppression comments; see session_suppress.go
	// outline is the piece's part of the last outline that read it (see
	// Snapshot.Symbols), which checks it still holds before using it.
	outline atomic.Pointer[outlinePart]
}

// startOf is where piece p starts in this version; slots are in label
// order.
func (s *state) startOf(p *pstate) int {
	if i := s.slotOf(p); i >= 0 {
		return s.slots[i].start
	}
	return 0
}

// slotOf is the index of p's slot, or -1.
func (s *state) slotOf(p *pstate) int {
	lo, hi := 0, len(s.slots)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if s.slots[m].p.label < p.label {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(s.slots) && s.slots[lo].p == p {
		return lo
	}
	return -1
}

// failed reports a piece that contributes nothing: it does not parse, or it
// uses an anchor that nothing before it defines.
func (p *pstate) failed() bool { return p.tree.Err != nil || (p.res != nil && p.res.err != nil) }

// role is what a piece is to the analysis.
type role uint8

const (
	roleNone     role = iota
	roleUnit          // holds functions: checked by the stream rules
	roleResource      // an entry of the effective resources.Resources
	roleContext       // part of the configuration every function's view holds
)

// resolution is where the external references of a piece point, for one
// version; it is replaced, never changed, so snapshots can keep it.
type resolution struct {
	targets []target // indexed like Tree.Refs
	err     *yamlast.SyntaxError
}

type target struct {
	def    *pstate
	anchor int
	gen    uint64
}

// slot is a piece in one version: where it starts and how it resolves.
type slot struct {
	start int
	p     *pstate
	res   *resolution
}

// state is a session's analysis of its current text.
type state struct {
	opts    Options
	text    document.Text
	oldText document.Text // the text before this update, while it runs
	mapper  *document.Mapper
	slots   []slot
	whole   bool // the text is one piece: analysed from scratch every time

	gens uint64

	// What the views of the last version were made of.
	functionsFile bool
	settings      settings
	contextSig    []uint64
	resIndex      map[string]resEntry
	resIDs        []string
	resOrder      map[string]int
	// container is the piece that holds all of resources.Resources when
	// that is not split into pieces.
	container *pstate
	resHeader *pstate // the split header of the effective Resources
	// top lists the top-level pieces, and resKids the entries of each
	// split `resources`.
	top               []*pstate
	resKids           map[*pstate][]*pstate
	containerCache    *containerRes
	lastFunctionsFile bool

	// Checks: one per unit piece (in pstate.unit) and one per group.
	groups map[groupID]*group
	deps   depIndex

	fileDiags []diag.Diagnostic
	snap      *Snapshot
	stats     Stats

	up        updateDelta
	anchors   anchorIndex
	sibIdx    map[*pstate]*sibIndex
	errPieces map[*pstate]bool
	// supPieces are the pieces with a suppression comment: most files
	// have none, and then no keystroke needs to look at every piece.
	supPieces map[*pstate]bool
	dupPieces map[*pstate]bool
	fns       *pstate // the piece of the effective `functions` entry
	// pendingMentions are the mentions of units whose content changed,
	// worked out before their checks run.
	pendingMentions map[*pstate][][]string
	// matCache holds, for one update, the nodes of pieces built for
	// checks, which several checks may read.
	matCache map[*pstate]*yamlast.Materialized
	// given is the mapper of the text being analysed that the caller
	// passed to UpdateMapped, if any.
	given *document.Mapper
	// keepFrom is the origin of the text the session's pieces were first
	// cut from: a tree may keep its text as a slice of that one string,
	// which a document that is edited, not replaced, holds anyway. After a
	// change that replaces the text, new trees copy theirs, so that the
	// trees pin one text at most (document.Text.SliceToKeep).
	keepFrom document.Origin

	// incremental is set for an update that checks some functions again
	// rather than all.
	incremental bool
	matMu       sync.Mutex // guards matCache and pstate.mat while checks run in parallel
	// sorted holds the checks' diagnostics in document order.
	sorted []diagEntry
	// What aliases add, over all pieces (see session_limits.go).
	mayAlias              bool
	candidates            int // see aliasCandidates
	candidatesKnown       bool
	limitsKnown           bool
	limitTotal, limitDeep int
	// deferred are the units whose count beyondLimits left to their
	// first run, within one update.
	deferred []*pstate
	// recheckAll is set after a version was analysed from scratch instead
	// of incrementally, whose invalidations were not recorded.
	recheckAll bool

	// lastSwap is the value swap the last update made, if it ended with
	// one; typing goes on in the same number, and the next update's swap
	// can take its users (see reachesOnlyEvents).
	lastSwap *valueSwap

	// wholeResult is the result for a text analysed as one piece.
	wholeResult *Result

	// sup is the suppression comments of a text analysed in pieces.
	sup *suppression
	// outline is kept for the snapshots' outlines (see Snapshot.Symbols).
	outline outlineCache
	// resourceIDs is kept for the snapshots' indexes (see resourceIDs).
	resourceIDs resourceIDsCache
}

// Stats counts the work of the last Update, to show what an edit cost.
type Stats struct {
	Pieces int // pieces in the text
	Parsed int // pieces parsed
	Units  int // pieces whose functions were checked
	Groups int // groups checked
	// Swapped is set when the edit changed a number that many events
	// merge, and their checks were kept (see valueSwap).
	Swapped bool
}

type settings struct {
	hasPlugins           bool
	configValidationMode string
	resourcesComplete    bool
}

func newState(opts Options) *state {
	s := &state{opts: opts}
	s.clear()
	return s
}

// clear empties every index.
func (s *state) clear() {
	s.groups = map[groupID]*group{}
	s.deps = newDepIndex()
	s.anchors = newAnchorIndex()
	s.sibIdx = map[*pstate]*sibIndex{}
	s.errPieces = map[*pstate]bool{}
	s.supPieces = map[*pstate]bool{}
	s.dupPieces = map[*pstate]bool{}
}

func (s *state) newGen() uint64 {
	s.gens++
	return s.gens
}

// ownedDiag is a diagnostic kept relative to the piece its span starts in,
// so that it moves with that piece.
type ownedDiag struct {
	owner      *pstate
	start, end int // relative to where owner starts
	d          diag.Diagnostic
}

// check is what one run of rules left behind: its diagnostics and what it
// read beyond its view.
type check struct {
	diags  []ownedDiag
	owners []*pstate
	deps   rules.Deps
	// mentions are the logical IDs the view's functions name.
	mentions []string
	// positions are the pieces whose line numbers a message depends on;
	// anyPosition is set when the check looked lines up by number.
	positions   []*pstate
	anyPosition bool
}

// unit is the check of a piece that holds functions.
type unit struct {
	check
	gen     uint64 // the piece's gen when checked
	members []memberRef
	// fnMentions are the logical IDs each function names.
	fnMentions [][]string
}

type memberRef struct {
	id    groupID
	fn    int // index among the unit's functions
	event int // index among the function's stream events
	facts memberFacts
}

// memberFacts are rules.Facts with each span kept as where it lies in its
// piece.
type memberFacts struct {
	text         string
	spans        []ownedSpan
	incomparable bool
}

type ownedSpan struct {
	owner      *pstate
	start, end int // relative to where owner starts
}

func (a memberFacts) equal(b memberFacts) bool {
	return !a.incomparable && !b.incomparable && a.text == b.text && slices.Equal(a.spans, b.spans)
}

type groupMember struct {
	p         *pstate
	fn, event int
}

func memberLess(a, b groupMember) bool {
	if a.p != b.p {
		return a.p.label < b.p.label
	}
	if a.fn != b.fn {
		return a.fn < b.fn
	}
	return a.event < b.event
}

type groupID struct {
	rule int
	key  string
}

// group is the check of one GroupRule key.
type group struct {
	check
	id      groupID
	members []groupMember // in document order
}

// resEntry says where a logical ID of resources.Resources is defined.
type resEntry struct {
	pieces []*pstate // in document order; the last one wins
	gens   uint64    // a digest of their gens, to see a change
}
