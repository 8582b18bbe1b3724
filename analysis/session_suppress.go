package analysis

import (
	"sort"
	"strings"

	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/document"
	usersettings "github.com/stream-ls/stream-ls/analysis/settings"
	"github.com/stream-ls/stream-ls/analysis/suppress"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// Suppression comments in a session. Finding them in the whole text, and
// the blocks the block directives cover in the whole tree, would cost a
// pass over the file on every keystroke: a session finds them per piece,
// once, and a version puts the pieces' findings together. A file that no
// piece of which mentions "stream-ls-disable" costs nothing.
//
// A piece is scanned from the scanner state the text before it leaves
// (suppress.ParseFrom), and its scan is kept for that state: pieces start
// at lines indented no more than any key before them, so the state is
// almost always suppress.Start, and a quote left open above rescans the
// pieces it reaches once.

// supMarker is what every directive holds.
const supMarker = "stream-ls-disable"

// supPiece is what suppression needs of a piece, worked out on first need.
// Only the session's Update touches it.
type supPiece struct {
	marked bool // the piece's text holds supMarker

	scanned  bool
	from, to suppress.State // the scan's start state and end state
	dirs     []suppress.Directive
	lines    int  // line feeds in the piece
	endsLine bool // the piece ends with a line feed

	// For the block directives that cover something in the piece, all
	// relative to the piece: the block ends by line start, whether the
	// tree hides anchors (0 unknown, 1 no, 2 yes), and what the piece adds
	// to the mapping of a header above it.
	ends  map[int]int
	hides int8
	ext   *pieceExtent
}

// pieceExtent is what a piece that is a header's entry adds to the
// header's value: the start of its first key and the furthest end of its
// keys and values (yamlast.SyntheticMapping's span), built with external
// aliases at offset -1.
type pieceExtent struct {
	any        bool
	start, end int
}

// unmarked is the record of every piece without supMarker until one needs
// a record of its own; it never changes.
var unmarked = &supPiece{}

// supInfo is p's record, for reading.
func (p *pstate) supInfo() *supPiece {
	if p.sup == nil {
		if strings.Contains(p.tree.Text(), supMarker) {
			p.sup = &supPiece{marked: true}
		} else {
			p.sup = unmarked
		}
	}
	return p.sup
}

// supOwn is p's record, for writing.
func (p *pstate) supOwn() *supPiece {
	if sp := p.supInfo(); sp == unmarked {
		p.sup = &supPiece{}
	}
	return p.sup
}

// suppression is one version's suppression comments, ready to apply;
// snapshots share it, and it never changes.
type suppression struct {
	dirs   []suppress.Directive
	covers []suppress.Cover
}

var noSuppression = &suppression{}

// Directives are the file's suppression comments, for the rule that checks
// them (rules.Context.Directives).
func (e *env) Directives() []suppress.Directive {
	if e.s.sup == nil {
		return suppress.Parse(e.s.text.String())
	}
	return e.s.sup.dirs
}

// Finish is Finish(Model(sn.Text), ds, s) (analysis.Finish), for the
// diagnostics of the snapshot's version, without looking at the text or
// the tree beyond what the suppression comments in it name.
func (sn *Snapshot) Finish(ds []diag.Diagnostic, s usersettings.Settings) []diag.Diagnostic {
	if sn.sup == nil {
		// A text analysed as a whole has its whole model at hand.
		return Finish(sn.Model(), ds, s)
	}
	ds = defaultValidationMode(sn.Light(), ds, s.ValidationMode)
	ds = suppress.Silence(sn.sup.covers, ds)
	return s.Apply(ds)
}

// findSuppressions puts together the suppression comments of the current
// version from its pieces.
func (s *state) findSuppressions() *suppression {
	text := s.text
	first, last := text.Len(), -1 // the last slot whose piece is marked
	if len(s.slots) > 0 {
		first = s.slots[0].start
	}
	if len(s.supPieces) > 0 {
		for i, sl := range s.slots {
			if sl.p.supInfo().marked {
				last = i
			}
		}
	}
	end := first
	if n := len(s.slots); n > 0 {
		end = s.slots[n-1].start + s.slots[n-1].p.tree.Len()
	}
	// What lies before the first piece (comments, a `---`) is short and
	// scanned every time; after the last there is nothing.
	gap, tail := text.Slice(0, min(first, text.Len())), text.Slice(min(end, text.Len()), text.Len())
	tailMarked := strings.Contains(tail, supMarker)
	if last < 0 && !tailMarked && !strings.Contains(gap, supMarker) {
		return noSuppression
	}
	if !lineAligned(text, first) || end > text.Len() {
		return s.wholeSuppressions()
	}
	dirs, st := suppress.ParseFrom(gap, suppress.Start)
	line := strings.Count(gap, "\n")
	var out []suppress.Directive
	add := func(ds []suppress.Directive, off, line int) {
		for _, d := range ds {
			out = append(out, shiftDirective(d, off, line))
		}
	}
	out = append(out, dirs...)
	// Pieces follow each other, so whether the next one starts a line is
	// whether this one ends one; looking at the text where each piece
	// starts would touch memory all over a large file.
	pos, aligned := first, true
	for i, sl := range s.slots {
		if !tailMarked && i > last {
			break
		}
		if sl.start != pos || !aligned {
			return s.wholeSuppressions()
		}
		sp := sl.p.supInfo()
		if !sp.scanned || sp.from != st {
			sp = sl.p.supOwn()
			t := sl.p.tree.Text()
			sp.from = st
			sp.dirs, sp.to = suppress.ParseFrom(t, st)
			sp.lines = strings.Count(t, "\n")
			sp.endsLine = strings.HasSuffix(t, "\n")
			sp.scanned = true
		}
		add(sp.dirs, sl.start, line)
		line += sp.lines
		st = sp.to
		pos += sl.p.tree.Len()
		aligned = sp.endsLine
	}
	if tailMarked {
		if !aligned {
			return s.wholeSuppressions()
		}
		dirs, _ := suppress.ParseFrom(tail, st)
		add(dirs, pos, line)
	}
	sup := &suppression{dirs: out}
	if len(out) > 0 {
		var full func(int, int) int
		sup.covers = suppress.Covers(text, out, func(start, end int) int { return s.blockEndAt(start, end, &full) })
	}
	return sup
}

// lineAligned reports whether off starts a line as the scanner counts
// lines, at line feeds. Pieces start at lines as the mapper counts them,
// which a lone carriage return also ends.
func lineAligned(text document.Text, off int) bool { return off == 0 || text.Byte(off-1) == '\n' }

// wholeSuppressions finds the suppression comments as Finish does for a
// text analysed from scratch, for the texts whose pieces do not start at
// the scanner's lines.
func (s *state) wholeSuppressions() *suppression {
	dirs := suppress.Parse(s.text.String())
	sup := &suppression{dirs: dirs}
	if len(dirs) > 0 {
		var full func(int, int) int
		sup.covers = suppress.Covers(s.text, dirs, func(start, end int) int { return s.fullBlockEnd(start, end, &full) })
	}
	return sup
}

func shiftDirective(d suppress.Directive, off, line int) suppress.Directive {
	d.Keyword.Start += off
	d.Keyword.End += off
	d.Line += line
	if len(d.Rules) > 0 {
		rules := make([]suppress.RuleRef, len(d.Rules))
		for i, r := range d.Rules {
			r.Span.Start += off
			r.Span.End += off
			rules[i] = r
		}
		d.Rules = rules
	}
	return d
}

// fullBlockEnd answers for the tree of the whole file, which it builds on
// first use: for what a piece's own nodes cannot tell.
func (s *state) fullBlockEnd(start, end int, full *func(int, int) int) int {
	if *full == nil {
		sn := &Snapshot{Text: s.text, Mapper: s.mapper, slots: s.slots}
		*full = suppress.TreeBlockEnd(s.text.String(), sn.ast().Root)
	}
	return (*full)(start, end)
}

// blockEndAt is where the largest block that starts on the line [start,
// end] ends (see suppress.Covers), or -1, found in the piece that holds
// the line. The blocks on a line are the keys and items of that piece's
// tree, and, for a header, its key, whose value is the mapping of the
// entries after it.
func (s *state) blockEndAt(start, end int, full *func(int, int) int) int {
	i := sort.Search(len(s.slots), func(i int) bool { return s.slots[i].start > start }) - 1
	if i < 0 {
		return -1 // before the first piece: comments and a `---`
	}
	sl := s.slots[i]
	p := sl.p
	if p.failed() {
		return -1 // in no tree, and it defines no anchor
	}
	inTree := true
	for q := p.parent; q != nil; q = q.parent {
		inTree = inTree && !q.failed()
	}
	sp := p.supOwn()
	if !inTree || sp.hidesAnchors(p.tree) {
		if p.tree.AnchorCount() == 0 {
			return -1
		}
		// Its nodes are in the tree only where its anchors' aliases
		// put them.
		return s.fullBlockEnd(start, end, full)
	}
	if p.piece.Header {
		return s.headerBlockEnd(i, start, end, full)
	}
	rel, ok := sp.ends[start-sl.start]
	if !ok {
		rel = ownBlockEnd(p.tree.Materialize(0, detached), start-sl.start, end-sl.start)
		if sp.ends == nil {
			sp.ends = map[int]int{}
		}
		sp.ends[start-sl.start] = rel
	}
	if rel < 0 {
		return -1
	}
	return sl.start + rel
}

func (sp *supPiece) hidesAnchors(t *yamlast.Tree) bool {
	if sp.hides == 0 {
		sp.hides = 1
		if t.HidesAnchors() {
			sp.hides = 2
		}
	}
	return sp.hides == 2
}

// detached stands for every external alias when a piece is built on its
// own: a node before the text, which no line holds and which ends before
// any of the piece's own.
func detached(int) *yamlast.Node {
	return &yamlast.Node{Kind: yamlast.Null, Tag: "!!null", Span: document.Span{Start: -1, End: -1}}
}

// ownBlockEnd is the end of the largest block of m that starts on the
// line [start, end], or -1: the walk of suppress.TreeBlockEnd, taken only
// into the nodes that reach the line. A node's keys and items lie within
// its span, except those reached through an alias, which are walked
// where they are defined (the piece hides no anchor).
func ownBlockEnd(m *yamlast.Materialized, start, end int) int {
	best := -1
	on := func(off int) bool { return start <= off && off <= end }
	reaches := func(n *yamlast.Node) bool { return n != nil && n.Span.Start <= end && n.Span.End >= start }
	seen := map[*yamlast.Node]bool{}
	var walk func(n *yamlast.Node)
	walk = func(n *yamlast.Node) {
		if seen[n] {
			return
		}
		seen[n] = true
		for _, p := range n.Pairs {
			if p.Merged {
				continue
			}
			if on(p.Key.Span.Start) {
				e := p.Key.Span.End
				if p.Value != nil && p.Value.Span.Start >= p.Key.Span.End {
					e = max(e, p.Value.Span.End)
				}
				best = max(best, e)
			}
			if reaches(p.Value) {
				walk(p.Value)
			}
		}
		for _, it := range n.Items {
			if on(it.Span.Start) {
				best = max(best, it.Span.End)
			}
			if reaches(it) {
				walk(it)
			}
		}
	}
	if m.Root != nil {
		walk(m.Root)
	}
	return best
}

// headerBlockEnd is blockEndAt for the header in slot i: its key's block
// ends where the mapping of its entries ends (yamlast.Assemble).
func (s *state) headerBlockEnd(i, start, end int, full *func(int, int) int) int {
	sl := s.slots[i]
	m := sl.p.tree.Materialize(sl.start, detached)
	if m.Root == nil || len(m.Root.Pairs) == 0 {
		return -1
	}
	hp := m.Root.Pairs[0]
	if hp.Key.Span.Start < start || hp.Key.Span.Start > end {
		return -1
	}
	level := sl.p.piece.Level
	b := i + 1
	for b < len(s.slots) && s.slots[b].p.piece.Level > level {
		b++
	}
	vStart, vEnd, any, exact := s.entriesSpan(i+1, b, level+1, true)
	if !exact {
		return s.fullBlockEnd(start, end, full)
	}
	e := hp.Key.Span.End
	if !any {
		vStart, vEnd = hp.Value.Span.Start, hp.Value.Span.End
	}
	if vStart >= hp.Key.Span.End {
		e = max(e, vEnd)
	}
	return e
}

// entriesSpan is the span of the mapping that slots [a, b), the entries
// at level of a header, make (yamlast.SyntheticMapping), and whether they
// make one (any). Its end is that of the last entry that adds a pair,
// since every entry's pairs end after the entries before it; its start,
// asked for when wantStart is set, is the first key's. exact is false
// when the pieces' own nodes cannot tell: a key or a value that is only
// an alias, or entries out of their headers' order.
func (s *state) entriesSpan(a, b, level int, wantStart bool) (start, end int, any, exact bool) {
	lv := func(j int) int { return s.slots[j].p.piece.Level }
	if a < b && lv(a) != level {
		return 0, 0, false, false
	}
	// The end, from the last entry back.
	found := false
	for j := b - 1; j >= a && !found; {
		e := j
		for e > a && lv(e) > level {
			e--
		}
		p := s.slots[e].p
		switch {
		case !p.piece.Header && e != j:
			return 0, 0, false, false
		case p.failed():
		case p.piece.Header:
			_, sub, subAny, ok := s.entriesSpan(e+1, j+1, level+1, false)
			if !ok {
				return 0, 0, false, false
			}
			m := p.tree.Materialize(s.slots[e].start, detached)
			hp := m.Root.Pairs[0]
			if !subAny {
				sub = hp.Value.Span.End
			}
			end, found = max(hp.Key.Span.End, sub), true
		default:
			x := s.extent(e)
			if x.any && x.end < 0 {
				return 0, 0, false, false
			}
			if x.any {
				end, found = s.slots[e].start+x.end, true
			}
		}
		j = e - 1
	}
	if !found || !wantStart {
		return 0, end, found, true
	}
	// The start, from the first entry on.
	for j := a; j < b; {
		p := s.slots[j].p
		next := j + 1
		for next < b && lv(next) > level {
			next++
		}
		switch {
		case p.failed():
		case p.piece.Header:
			m := p.tree.Materialize(s.slots[j].start, detached)
			return m.Root.Pairs[0].Key.Span.Start, end, true, true
		default:
			if x := s.extent(j); x.any {
				if x.start < 0 {
					return 0, 0, false, false
				}
				return s.slots[j].start + x.start, end, true, true
			}
		}
		j = next
	}
	return 0, end, true, true
}

// extent is what the piece in slot j adds to its header's mapping,
// relative to the piece: the pairs of its top-level mapping that are not
// merged. An alias's node is detached, at -1.
func (s *state) extent(j int) *pieceExtent {
	p := s.slots[j].p
	sp := p.supOwn()
	if sp.ext == nil {
		x := &pieceExtent{}
		if m := p.tree.Materialize(0, detached); m.Root != nil {
			for _, pr := range m.Root.Pairs {
				if pr.Merged {
					continue
				}
				if !x.any {
					x.any, x.start, x.end = true, pr.Key.Span.Start, pr.Key.Span.Start
				}
				x.end = max(x.end, pr.Key.Span.End, pr.Value.Span.End)
			}
		}
		sp.ext = x
	}
	return sp.ext
}
