package analysis

import (
	"strings"

	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/rules"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// The limits on what aliases may add (rules.MaxAliasedNodes and
// rules.MaxDepth) are counted piece by piece, as rules.CheckTree counts
// them over the whole tree: each piece's count is kept, and the file's is
// their sum. A file beyond a limit is analysed as Analyze analyses it,
// from scratch (it gets one diagnostic, which is cheap to find).

type pieceLimits struct {
	gen   uint64
	added int
	deep  bool
}

// limitsOf counts what aliases add to piece p, and whether they nest it
// deeper than the limit, walking it as rules.CheckTree walks the whole
// tree: an anchored value counts from its second visit on (so every
// visit through an alias of an earlier piece counts), merged pairs count,
// and the walk stops as soon as a limit is passed.
func (s *state) limitsOf(p *pstate) pieceLimits {
	if p.limitsFresh() {
		return p.limits
	}
	l := pieceLimits{gen: p.gen}
	if !p.failed() && !nothingToCount(p) {
		l = s.countLimits(p, s.materialize(p))
	}
	p.limits = l
	return l
}

// nothingToCount reports whether piece p's count is zero without walking
// its nodes, which spares building them: on opening a large file, most
// pieces outside the functions are resources that neither alias nor
// merge. Nothing is added without an anchor, an alias or a merge key, and
// every level of nesting takes at least one byte of text. A merge key is
// `<<` or a key tagged merge, however the tag is written (`!!merge`,
// `!<tag:yaml.org,2002:merge>`), so a text that holds either string is
// walked.
func nothingToCount(p *pstate) bool {
	t := p.tree
	if t.AnchorCount() > 0 || len(t.Refs()) > 0 || p.piece.Level+2+t.Len() > rules.MaxDepth {
		return false
	}
	text := t.Text()
	return !strings.Contains(text, "<<") && !strings.Contains(text, "merge")
}

// limitsFresh reports whether p's count is of its current text.
func (p *pstate) limitsFresh() bool { return p.limits.gen == p.gen && p.limits.gen != 0 }

// countLimits is limitsOf for piece p, whose nodes m the caller has built,
// and records the count in p.
func (s *state) countLimits(p *pstate, m *yamlast.Materialized) pieceLimits {
	l := pieceLimits{gen: p.gen}
	start := s.startOf(p)
	span := document.Span{Start: start, End: start + p.tree.Len()}
	w := &limitWalker{within: span, seen: map[anchoredNode]bool{}}
	depth := p.piece.Level + 2
	if m.Root != nil {
		for i, pr := range m.Root.Pairs {
			if p.piece.Header && i > 0 {
				break
			}
			if !w.walk(pr.Key, depth, pr.Merged) {
				break
			}
			if p.piece.Header {
				// Its value is the entries that follow.
				break
			}
			if !w.walk(pr.Value, depth, pr.Merged) {
				break
			}
		}
	}
	l.added, l.deep = w.added, w.deep
	p.limits = l
	return l
}

// beyond reports whether a count passes a limit on its own.
func (l pieceLimits) beyond() bool { return l.added > rules.MaxAliasedNodes || l.deep }

type anchoredNode struct {
	span document.Span
	kind yamlast.Kind
}

type limitWalker struct {
	within document.Span
	seen   map[anchoredNode]bool
	added  int
	deep   bool
}

func (w *limitWalker) walk(n *yamlast.Node, depth int, aliased bool) bool {
	if n == nil {
		return true
	}
	if !aliased && n.Anchor != "" {
		if n.Span.Start < w.within.Start || n.Span.Start >= w.within.End {
			// Defined in an earlier piece, so visited there first.
			aliased = true
		} else {
			k := anchoredNode{n.Span, n.Kind}
			aliased = w.seen[k]
			w.seen[k] = true
		}
	}
	if aliased {
		w.added++
		if w.added > rules.MaxAliasedNodes {
			return false
		}
	}
	if depth > rules.MaxDepth {
		w.deep = true
		return false
	}
	for _, it := range n.Items {
		if !w.walk(it, depth+1, aliased) {
			return false
		}
	}
	for _, pr := range n.Pairs {
		if !w.walk(pr.Key, depth+1, aliased || pr.Merged) || !w.walk(pr.Value, depth+1, aliased || pr.Merged) {
			return false
		}
	}
	return true
}

// limitsOfAll is limitsOf for each of ps (no piece twice), on all cores:
// on opening a file it builds every function's nodes.
func (s *state) limitsOfAll(ps []*pstate) []pieceLimits {
	out := make([]pieceLimits, len(ps))
	yamlast.Parallel(len(ps), func(i int) { out[i] = s.limitsOf(ps[i]) })
	return out
}

// beyondLimits reports whether the text's aliases pass a limit, keeping a
// running total over the pieces. The units whose text changed are not
// counted here: the first run of their rules builds their nodes anyway,
// and counts them then (see firstRuns and countDeferred), so that opening
// a file builds each function's nodes once rather than twice. When the
// other pieces pass a limit by themselves there is no first run, and the
// next update counts everything again.
func (s *state) beyondLimits(all bool) bool {
	s.deferred = s.deferred[:0]
	if !s.mayAlias {
		return false
	}
	if all || !s.limitsKnown {
		s.limitTotal, s.limitDeep = 0, 0
		var ps []*pstate
		for _, sl := range s.slots {
			if s.deferLimits(sl.p) {
				continue
			}
			ps = append(ps, sl.p)
		}
		s.addLimits(s.limitsOfAll(ps))
		s.limitsKnown = true
	} else {
		for _, p := range s.up.removed {
			if p.limits.gen != 0 {
				s.subtractLimits(p.limits)
			}
		}
		var ps []*pstate
		seen := map[*pstate]bool{}
		for _, list := range [][]*pstate{s.up.genChanged, s.up.added} {
			for _, p := range list {
				if seen[p] {
					continue
				}
				seen[p] = true
				if old := p.limits; old.gen != 0 {
					s.subtractLimits(old)
				}
				if s.deferLimits(p) {
					continue
				}
				ps = append(ps, p)
			}
		}
		s.addLimits(s.limitsOfAll(ps))
	}
	if s.limitTotal > rules.MaxAliasedNodes || s.limitDeep > 0 {
		// Beyond without the deferred units: their counts are not in the
		// total, and no first run will add them, so the next update
		// counts every piece again.
		s.limitsKnown = false
		s.deferred = s.deferred[:0]
		return true
	}
	return false
}

// deferLimits reports whether p's count waits for the first run of its
// rules, and lists it in s.deferred if so: a unit whose text changed.
func (s *state) deferLimits(p *pstate) bool {
	if p.role != roleUnit || p.failed() || p.limitsFresh() {
		return false
	}
	s.deferred = append(s.deferred, p)
	return true
}

// countDeferred adds the counts of the units beyondLimits left to the
// first runs, counting any that no run reached, and reports whether the
// text's aliases pass a limit.
func (s *state) countDeferred() bool {
	var rest []*pstate
	for _, p := range s.deferred {
		if p.limitsFresh() {
			s.addLimits([]pieceLimits{p.limits})
		} else {
			rest = append(rest, p)
		}
	}
	s.addLimits(s.limitsOfAll(rest))
	s.deferred = s.deferred[:0]
	return s.limitTotal > rules.MaxAliasedNodes || s.limitDeep > 0
}

func (s *state) addLimits(ls []pieceLimits) {
	for _, l := range ls {
		s.limitTotal += l.added
		if l.deep {
			s.limitDeep++
		}
	}
}

func (s *state) subtractLimits(l pieceLimits) {
	s.limitTotal -= l.added
	if l.deep {
		s.limitDeep--
	}
}

// aliasCandidates counts the positions i in [from, to) of text where
// rules.MayHoldAliases sees a possible alias: a `*` that starts a token and
// does not end it. A position depends on the bytes around it only, so the
// count of a new text is the old count, less the old text's positions
// around an edit, plus the new text's.
func aliasCandidates(text document.Text, from, to int) int {
	n := 0
	for i := text.IndexByteIn(max(from, 0), to, '*'); i >= 0 && i+1 < text.Len(); i = text.IndexByteIn(i+1, to, '*') {
		if i > 0 {
			switch text.Byte(i - 1) {
			case ' ', '\t', '\n', '\r', '[', '{', ',':
			default:
				continue
			}
		}
		switch text.Byte(i + 1) {
		case ' ', '\t', '\n', '\r', ',', '[', ']', '{', '}':
		default:
			n++
		}
	}
	return n
}
