package analysis

import (
	"strings"

	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// resplit cuts the part of the new text that an edit can have changed into
// pieces, without looking at the rest: the old slots [lo, hi) are replaced
// by pieces, and the others keep their boundaries (moved by the edit's
// delta after it). ok is false when the edit reaches what decides how the
// whole text is cut (the lines before the first piece, a document marker),
// and the whole text must be split.
//
// The window starts as the slots the edit touches and grows to the smallest
// run of whole entries of one mapping whose lines, split again, fit where
// they are; it grows to the enclosing entry when they do not (the edit
// changed a header, or the first entry that fixes the indentation, or
// dedented a line out of its mapping).
func (s *state) resplit(ch changed) (pieces []yamlast.Piece, lo, hi int, ok bool) {
	old := s.slots
	if len(old) == 0 || ch.start < old[0].start {
		return nil, 0, 0, false
	}
	// Whole lines around the change, in both texts.
	ls := s.text.LastIndexByte(ch.start, '\n') + 1
	if markerLines(lineSpan(s.text, ls, ch.newEnd)) || markerLines(lineSpan(s.oldText, ls, ch.oldEnd)) {
		return nil, 0, 0, false
	}
	lo = s.ownerOfOld(max(ch.start-1, 0))
	hi = s.ownerOfOld(ch.oldEnd) + 1
	level := func(i int) int { return old[i].p.piece.Level }
	for {
		// Whole entries: from a slot at the window's lowest level, with
		// every descendant of the last one.
		min := 2
		for i := lo; i < hi; i++ {
			min = minInt(min, level(i))
		}
		for lo > 0 && level(lo) > min {
			lo--
		}
		for hi < len(old) && level(hi) > min {
			hi++
		}
		newEnd := s.text.Len()
		if hi < len(old) {
			newEnd = old[hi].start + ch.delta()
		}
		from, to := s.mapper.OffsetLine(old[lo].start), s.mapper.OffsetLine(newEnd)
		if newEnd == s.text.Len() {
			to = s.mapper.LineCount()
		}
		if min == 0 {
			pieces, ok = yamlast.SplitEntries(s.text, s.mapper, from, to, 0, nil, 0, lo == 0)
			return pieces, lo, hi, ok
		}
		// The parent header, its entries' indentation, and its path.
		h := lo - 1
		for level(h) >= min {
			h--
		}
		first := h + 1
		indent := indentAt(s.oldText, old[first].start)
		var path []string
		for p := old[h].p; p != nil; p = p.parent {
			path = append([]string{p.piece.Key}, path...)
		}
		if lo == first {
			// The first entry fixes the indentation and whether the
			// header is split at all; it must stay as it was.
			indent = indentAt(s.oldText, old[first].start)
		}
		pieces, ok = yamlast.SplitEntries(s.text, s.mapper, from, to, min, path, indent, lo == first)
		if ok && len(pieces) > 0 {
			return pieces, lo, hi, true
		}
		// Take in the header and all its entries.
		lo = h
		for hi < len(old) && level(hi) > level(h) {
			hi++
		}
	}
}

func minInt(a, b int) int {
	if a < b {
		return a
	}
	return b
}

// indentAt is the indentation of the line that starts at off.
func indentAt(text document.Text, off int) int {
	n := 0
	for off+n < text.Len() && text.Byte(off+n) == ' ' {
		n++
	}
	return n
}

// markerLines reports whether s holds a line that starts with a document
// marker or a directive, which decide how the whole text is cut. A lone
// carriage return ends a line too.
func markerLines(s string) bool {
	for _, m := range []string{"\n---", "\n...", "\n%", "\r---", "\r...", "\r%"} {
		if strings.Contains(s, m) {
			return true
		}
	}
	return strings.HasPrefix(s, "---") || strings.HasPrefix(s, "...") || strings.HasPrefix(s, "%")
}

// lineSpan is text from start to the end of the line that holds end.
func lineSpan(text document.Text, start, end int) string {
	if i := text.IndexByte(end, '\n'); i >= 0 {
		return text.Slice(start, i)
	}
	return text.Slice(start, text.Len())
}

// ownerOfOld is the old slot that holds old offset off.
func (s *state) ownerOfOld(off int) int {
	lo, hi := 0, len(s.slots)
	for lo < hi {
		m := (lo + hi) / 2
		if s.slots[m].start <= off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return max(lo-1, 0)
}
