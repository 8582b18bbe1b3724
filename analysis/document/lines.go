package document

import (
	"encoding/binary"
	"sort"
	"strings"
	"unicode/utf8"
)

// lines is a table of the byte offsets where lines start. It is cut into
// chunks, which versions share: an edit rebuilds the chunks it touches and
// moves the others, so a keystroke in a file of 200,000 lines costs the
// list of chunks (a few hundred entries), not the whole table.
type lines struct {
	chunks []lineChunk
	n      int
}

type lineChunk struct {
	base  int     // offset of the chunk's first line
	first int     // index of the chunk's first line
	rel   []int32 // line starts relative to base; rel[0] == 0
}

// chunkLines is the size chunks are cut to; an edit that grows one past
// twice that splits it.
const chunkLines = 512

func newLines(starts []int) lines {
	var l lines
	l.appendStarts(starts, 0)
	return l
}

// appendStarts adds absolute line starts to the table, in chunks, each
// shifted by delta.
func (l *lines) appendStarts(starts []int, delta int) {
	for len(starts) > 0 {
		k := min(len(starts), chunkLines)
		c := lineChunk{base: starts[0] + delta, first: l.n, rel: make([]int32, k)}
		for i, s := range starts[:k] {
			c.rel[i] = int32(s - starts[0])
		}
		l.chunks = append(l.chunks, c)
		l.n += k
		starts = starts[k:]
	}
}

func (l *lines) Len() int { return l.n }

// chunkOfLine is the index of the chunk that holds line i.
func (l *lines) chunkOfLine(i int) int {
	return sort.Search(len(l.chunks), func(k int) bool { return l.chunks[k].first > i }) - 1
}

// At is the start of line i, which must exist.
func (l *lines) At(i int) int {
	c := &l.chunks[l.chunkOfLine(i)]
	return c.base + int(c.rel[i-c.first])
}

// Line is the line that holds offset off: the last whose start is at or
// before off.
func (l *lines) Line(off int) int {
	k := sort.Search(len(l.chunks), func(k int) bool { return l.chunks[k].base > off }) - 1
	if k < 0 {
		return 0
	}
	c := &l.chunks[k]
	r := off - c.base
	j := sort.Search(len(c.rel), func(j int) bool { return int(c.rel[j]) > r }) - 1
	return c.first + j
}

// starts returns the absolute starts of lines [from, to).
func (l *lines) starts(from, to int) []int {
	out := make([]int, 0, max(to-from, 0))
	for i := from; i < to; {
		c := &l.chunks[l.chunkOfLine(i)]
		for ; i < to && i-c.first < len(c.rel); i++ {
			out = append(out, c.base+int(c.rel[i-c.first]))
		}
	}
	return out
}

// edit returns the table of text after [a, b) of old became s (so text is
// old[:a] + s + old[b:]). A line start depends on the byte before it (a
// line break) and, after a \r, on the byte at it (a \r\n is one break), so
// the starts in [a, a+len(s)] are found again and the others are kept or
// moved.
func (l *lines) edit(a, b int, s string, text Text) lines {
	delta := len(s) - (b - a)
	keep := 0 // lines [0, keep) keep their starts
	if a > 0 {
		keep = l.Line(a-1) + 1
	}
	move := l.Line(b) + 1 // lines [move, n) move by delta
	// Rebuild the chunks that hold lines keep-1 ... move.
	c0 := l.chunkOfLine(max(keep-1, 0))
	c1 := l.chunkOfLine(min(move, l.n-1))
	var mid []int
	mid = append(mid, l.starts(l.chunks[c0].first, keep)...)
	// The window holds the inserted bytes, the one before them and the
	// one after, which decide whether a \r at either end ends a line.
	from := max(a-1, 0)
	w := text.Slice(from, min(a+len(s)+1, text.Len()))
	for j := 0; j < len(w) && from+j < a+len(s); j++ {
		if w[j] == '\n' || (w[j] == '\r' && (from+j+1 >= text.Len() || w[j+1] != '\n')) {
			mid = append(mid, from+j+1)
		}
	}
	if a == 0 && (len(mid) == 0 || mid[0] != 0) {
		mid = append([]int{0}, mid...)
	}
	end := l.chunks[c1].first + len(l.chunks[c1].rel)
	for _, st := range l.starts(move, end) {
		mid = append(mid, st+delta)
	}
	out := lines{chunks: make([]lineChunk, 0, len(l.chunks)+2)}
	out.chunks = append(out.chunks, l.chunks[:c0]...)
	out.n = l.chunks[c0].first
	out.appendStarts(mid, 0)
	lineDelta := out.n - end
	for _, c := range l.chunks[c1+1:] {
		c.base += delta
		c.first += lineDelta
		out.chunks = append(out.chunks, c)
	}
	out.n = l.n + lineDelta
	return out
}

// Edit returns the mapper of the text that results from e, which must be
// within m's text: the line table is updated rather than rebuilt, so a
// keystroke costs what it touches. The result is what NewMapper of the new
// text returns.
func (m *Mapper) Edit(e Edit) *Mapper {
	return m.EditTo(e.Start, e.End, m.text.Replace(e.Start, e.End, e.Text))
}

// EditTo is Edit for a caller that already holds the new text: text must
// be m's text with [start, end) replaced, and becomes the new mapper's
// text, shared, not copied.
func (m *Mapper) EditTo(start, end int, text Text) *Mapper {
	old := m.text
	// Work on whole runes, so that counting breaks that are runes (NEL, LS,
	// PS) never cuts one.
	a, b := start, end
	for a > 0 && ((a < old.Len() && !utf8.RuneStart(old.Byte(a))) || (a < text.Len() && !utf8.RuneStart(text.Byte(a)))) {
		a--
	}
	for b < old.Len() && !utf8.RuneStart(old.Byte(b)) {
		b++
	}
	s := text.Slice(a, text.Len()-(old.Len()-b))
	removed := old.Slice(a, b)
	n := &Mapper{text: text, columns: &columnIndex{}, observe: m.observe}
	n.lines = m.lines.edit(a, b, s, text)
	n.nonASCII = m.nonASCII - countNonASCII(removed) + countNonASCII(s)
	n.crs = m.crs - strings.Count(removed, "\r") + strings.Count(s, "\r")
	n.ascii = n.nonASCII == 0
	n.yamlBreaks = m.yamlBreaks - countYAMLBreaks(removed) + countYAMLBreaks(s)
	n.yamlStarts = n.lines
	if n.yamlBreaks > 0 {
		n.yamlStarts = newLines(yamlLineStarts(text.String()))
	}
	return n
}

func countNonASCII(s string) int {
	n := 0
	i := 0
	// Eight bytes at a time while they are all ASCII, the common case:
	// a whole file is counted when it is opened.
	for ; i+8 <= len(s); i += 8 {
		if binary.LittleEndian.Uint64([]byte(s[i:i+8]))&0x8080808080808080 != 0 {
			for _, c := range []byte(s[i : i+8]) {
				if c >= utf8.RuneSelf {
					n++
				}
			}
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			n++
		}
	}
	return n
}

func countYAMLBreaks(s string) int {
	if countNonASCII(s) == 0 {
		return 0
	}
	return strings.Count(s, "\u0085") + strings.Count(s, "\u2028") + strings.Count(s, "\u2029")
}
