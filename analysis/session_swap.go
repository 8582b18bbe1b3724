package analysis

import (
	"cmp"
	"slices"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/rules"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// Typing a number in defaults that thousands of stream events merge
// (`batchSize` under `custom`) changes one value that every one of them
// reads; checking them all again costs what the file holds, not what the
// edit touched. When the edit changed only that value, and the rules read
// such a value only to judge it alone (rules.ValueLocal), the functions
// that merge it keep their checks: what the rules said of the old value,
// wherever they said it, becomes what they say of the new one. This is a
// value swap.
//
// It applies when the edit lies within one scalar of a piece that no view
// holds (an entry of `custom`, say) and that defines anchors, keeps every
// line, and changes nothing else of the piece (yamlast.ScalarChangeOf),
// and the value is a plain integer before and after. Every piece that
// aliases the old one must be a function that merges the mapping holding
// the value into its stream events and nowhere else (reachesOnlyEvents);
// one other route, and the edit is an ordinary one. A new value that the
// rules reject where the old one was fine is not a swap either: which
// events take the value is known only from where the old one was
// reported, and a fine value is reported nowhere.

// valueSwap is a value swap in progress: piece old became new.
type valueSwap struct {
	old, new *pstate
	change   yamlast.ScalarChange
	// oldDiags and newDiags are what the rules report on the value
	// before and after (rules.ValueDiagnostics).
	oldDiags, newDiags []diag.Diagnostic
	// The value's span relative to the piece, before the edit and after;
	// what follows it moved by newEnd - oldEnd.
	oldStart, oldEnd, newStart, newEnd int
	// users are the units that alias the old piece (see
	// reachesOnlyEvents).
	users []*pstate
	// start is where the piece starts, before the edit and after.
	start int
}

// valueSwapOf reports the value swap that replacing piece a (at oldBase in
// the old text) with a new piece parsed as t (at newBase) by the edit ch
// is, if it is one.
func (s *state) valueSwapOf(a *pstate, t *yamlast.Tree, oldBase, newBase int, ch changed) *valueSwap {
	if ch.lines || a.role != roleNone || a.failed() || a.tree.AnchorCount() == 0 || t.Err != nil {
		return nil
	}
	sc, ok := yamlast.ScalarChangeOf(a.tree, t, oldBase, newBase)
	if !ok || sc.AliasedWithin || !rules.ValueLocal(sc.Key) || sc.Old.Tag != "!!int" || sc.Old.Quoted || sc.Old.Flow {
		return nil
	}
	// The edit must lie within the value, so that everything after the
	// value moved by the same amount and nothing before it moved.
	if ch.start < sc.Old.Span.Start || ch.oldEnd > sc.Old.Span.End {
		return nil
	}
	v := &valueSwap{
		change:   sc,
		oldDiags: rules.ValueDiagnostics(sc.Key, sc.Old),
		newDiags: rules.ValueDiagnostics(sc.Key, sc.New),
		oldStart: sc.Old.Span.Start - oldBase, oldEnd: sc.Old.Span.End - oldBase,
		newStart: sc.New.Span.Start - newBase, newEnd: sc.New.Span.End - newBase,
	}
	if len(v.oldDiags) == 0 && len(v.newDiags) > 0 {
		return nil
	}
	return v
}

// reachesOnlyEvents reports whether the value reaches the rest of the file
// only as a key of stream events, and lists in v.users the pieces it
// reaches: every piece that aliases an anchor of the old piece must be a
// unit (resolve would give any other piece a new gen, and what aliases it
// would then resolve differently), define no anchor of its own (which
// could carry the value further), and merge the mapping that holds the
// value only into stream events, with `<<`; no other anchor that holds
// the value may be aliased at all. A key of the same name elsewhere (in a
// filter pattern, say) may be read by other rules.
func (v *valueSwap) reachesOnlyEvents(s *state) bool {
	// The last update swapped the same value into the piece this one
	// replaces, and changed nothing else: the same units alias it, in the
	// same way, and the answer is the same.
	if last := s.up.lastSwap; last != nil && last.new == v.old && last.change.Anchor == v.change.Anchor &&
		slices.Equal(last.change.Within, v.change.Within) {
		v.users = last.users
		return true
	}
	for name := range v.old.anchorIdx {
		for u := range s.anchors.users[name] {
			if u.swapSeen == v.new.gen {
				continue // met under another name
			}
			u.swapSeen = v.new.gen
			if u.res == nil || !slices.ContainsFunc(u.res.targets, func(t target) bool { return t.def == v.old }) {
				continue // its alias points at another definition
			}
			if u.gone || u.role != roleUnit || u.failed() || u.tree.AnchorCount() > 0 {
				return false
			}
			for ref, t := range u.res.targets {
				switch {
				case t.def != v.old:
				case t.anchor == v.change.Anchor:
					if !u.mergesOnlyIntoEvents(ref, u.piece.Level == 0 && !s.functionsFile) {
						return false
					}
				case slices.Contains(v.change.Within, t.anchor):
					return false
				}
			}
			v.users = append(v.users, u)
		}
	}
	// In document order, as the slots are, for retarget.
	slices.SortFunc(v.users, func(a, b *pstate) int { return cmp.Compare(a.label, b.label) })
	return true
}

// retarget points the units the swap keeps at its new piece, which defines
// the same anchors in the same place, and returns them; resolve then leaves
// them alone.
func (v *valueSwap) retarget(s *state) []*pstate {
	// Thousands of units take part in every keystroke's swap: their new
	// resolutions are cut from two allocations rather than two each.
	n := 0
	for _, u := range v.users {
		n += len(u.res.targets)
	}
	all := make([]resolution, len(v.users))
	targets := make([]target, 0, n)
	slot := 0 // users and slots are both in document order
	for k, u := range v.users {
		res := &all[k]
		from := len(targets)
		targets = append(targets, u.res.targets...)
		res.targets = targets[from:len(targets):len(targets)]
		for i, t := range res.targets {
			if t.def == v.old {
				res.targets[i].def, res.targets[i].gen = v.new, v.new.gen
			}
		}
		u.res = res
		u.mat = nil // built with the old value
		for slot < len(s.slots) && s.slots[slot].p.label < u.label {
			slot++
		}
		if slot < len(s.slots) && s.slots[slot].p == u {
			s.slots[slot].res = res
		}
	}
	return v.users
}

// mergesOnlyIntoEvents is Tree.MergedOnlyInto for stream events, cached:
// the same functions take part in every keystroke's swap. whole says the
// piece is the whole `functions` entry rather than one function.
func (p *pstate) mergesOnlyIntoEvents(ref int, whole bool) bool {
	if p.eventMerges == nil || p.eventMergesWhole != whole {
		p.eventMerges, p.eventMergesWhole = make([]uint8, len(p.tree.Refs())), whole
	}
	if p.eventMerges[ref] == 0 {
		p.eventMerges[ref] = 2
		ok := isFunctionEventPath
		if whole {
			ok = isFunctionsEventPath
		}
		if p.tree.MergedOnlyInto(ref, ok, maxSwapWalk) {
			p.eventMerges[ref] = 1
		}
	}
	return p.eventMerges[ref] == 1
}

// maxSwapWalk bounds the nodes of a function read to see where it merges
// the value; one with more is checked again instead.
const maxSwapWalk = 100_000

// isFunctionEventPath reports whether a path in a piece that is one
// function (see yamlast.Tree.MergedOnlyInto) leads to a stream event's
// mapping: <function>.events[].stream.
func isFunctionEventPath(path []string) bool {
	return len(path) == 4 && path[1] == "events" && path[2] == "" && path[3] == "stream"
}

// isFunctionsEventPath is isFunctionEventPath for the whole `functions`
// entry: functions.<function>.events[].stream.
func isFunctionsEventPath(path []string) bool {
	return len(path) == 5 && path[0] == "functions" && isFunctionEventPath(path[1:])
}

// move hands what the checks recorded in the swap's old piece to its new
// one: their diagnostics there (what the rules said of the old value
// becomes what they say of the new one, and what follows the value moves
// with it), and that their messages name its lines. A check with any other
// diagnostic over the value is checked again.
func (v *valueSwap) move(s *state) {
	s.stats.Swapped = true
	d := &s.deps
	for c := range d.byOwner[v.old] {
		if !v.moveDiags(s, c) {
			d.dirty[c] = true
			continue
		}
		for i, o := range c.owners {
			if o == v.old {
				c.owners[i] = v.new
			}
		}
		addTo(d.byOwner, v.new, c)
		for i, o := range c.positions {
			if o == v.old {
				c.positions[i] = v.new
			}
		}
		if len(c.diags) == 0 {
			delete(d.withDiags, c)
		}
		d.changedDiags[c] = true
	}
	delete(d.byOwner, v.old)
}

// moveDiags rewrites c's diagnostics in the old piece, and reports false
// when one lies over the value without being what the rules say of it, or
// starts before the piece and runs into it. It runs while the slots are
// still the old text's, where the pieces before the edit start where they
// will.
func (v *valueSwap) moveDiags(s *state, c *check) bool {
	var out []ownedDiag
	for _, od := range c.diags {
		switch {
		case od.owner != v.old:
			if at := s.startOf(od.owner); at < v.start && at+od.end > v.start {
				return false
			}
		case od.start == v.oldStart && od.end == v.oldEnd && v.isValueDiag(od.d):
			// Each event that takes the value reported it once; they
			// report the new value's findings as many times.
			for _, nd := range v.newDiags {
				out = append(out, ownedDiag{owner: v.new, start: v.newStart, end: v.newEnd, d: nd})
			}
			continue
		case od.end <= v.oldStart:
			od.owner = v.new
		case od.start >= v.oldEnd:
			od.owner = v.new
			od.start += v.newEnd - v.oldEnd
			od.end += v.newEnd - v.oldEnd
		default:
			return false
		}
		out = append(out, od)
	}
	c.diags = out
	return true
}

// isValueDiag reports whether d is one of the old value's findings.
func (v *valueSwap) isValueDiag(d diag.Diagnostic) bool {
	if d.Rule != catalog.RuleIntegerValue {
		return false
	}
	for _, od := range v.oldDiags {
		if od.Rule == d.Rule && od.Message == d.Message && od.Severity == d.Severity && od.Href == d.Href {
			return true
		}
	}
	return false
}
