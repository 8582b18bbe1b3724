// Package document holds the text of open documents and the one place where
// byte offsets, UTF-16 positions (what LSP speaks) and yaml.v3's rune columns
// are converted into each other.
//
// Four ways of naming a place in a document meet in stream-ls:
//   - a byte offset into the UTF-8 text: what every analysis package uses;
//   - an LSP position: 0-based line and a column in UTF-16 code units;
//   - a yaml.v3 mark: 1-based line and a 1-based column counted in runes;
//   - a 1-based line and column for humans (the CLI), also in UTF-16 units,
//     so that the column matches what editors display for most text.
//
// Conversions are named FromTo (OffsetPosition, PositionOffset, ...), after
// gopls's protocol.Mapper, so a reader never has to guess the direction.
package document

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// Span is a half-open range of byte offsets [Start, End).
type Span struct {
	Start, End int
}

// Len is the number of bytes the span covers.
func (s Span) Len() int { return s.End - s.Start }

// Contains reports whether off lies inside the span; the end offset counts as
// inside so that a cursor just after a word still belongs to it.
func (s Span) Contains(off int) bool { return s.Start <= off && off <= s.End }

// Position is an LSP position: 0-based line, column in UTF-16 code units.
type Position struct {
	Line      int
	Character int
}

// Range is a pair of LSP positions.
type Range struct {
	Start, End Position
}

// Mapper converts between the position systems of one immutable text. It is
// cheap to create; the line table is built on first use.
type Mapper struct {
	text       Text
	lines      lines // byte offset of the first byte of each line
	ascii      bool  // when true, UTF-16 columns equal byte columns
	yamlStarts lines // line starts as yaml.v3 counts them; see YAMLMarkOffset
	// nonASCII and yamlBreaks count bytes >= 0x80 and NEL, LS and PS
	// runes, so that Edit can keep ascii and yamlStarts without a scan;
	// crs counts carriage returns, without which a line's content ends
	// just before the next line starts.
	nonASCII, yamlBreaks, crs int
	// observe, when set, is told of every position looked up; see Observed.
	observe func(off int)
	// columns lets a column be found without walking its whole line, which
	// on a long non-ASCII line made every conversion linear in the line and
	// parsing it quadratic (minutes for a 1 MB line). Shared by the copies
	// Observed makes; built on first use; see longWalk.
	columns *columnIndex
}

// columnIndex holds, for each long line that a conversion has needed, a
// checkpoint every checkpointStride bytes of that line. Tables are per line
// rather than for the whole text so that an edit, which gives the new text
// a new index, costs a rebuild of the long lines it then converts on, not
// of the whole text (a single non-ASCII byte used to make every keystroke
// rebuild a table over the whole file).
type columnIndex struct {
	mu     sync.Mutex
	byLine map[[2]int][]checkpoint // [start, end) of a line → its table
}

// checkpoint records, at a rune boundary, how many runes and UTF-16 units
// of its line precede it. Offsets are int32 to keep the table small; a text
// of 2 GiB or more gets no table and is walked.
type checkpoint struct {
	off, runes, units int32
}

// checkpointStride is the distance in bytes between checkpoints: a
// conversion walks at most about this much text after a binary search.
const checkpointStride = 32

// longLine is the length from which a line gets a checkpoint table: walking
// a shorter one costs about a microsecond, less than building its table.
const longLine = 2048

// longWalk reports whether walking n bytes costs more than using a
// checkpoint table.
func longWalk(n int) bool { return n > longLine }

// Observed returns a mapper over the same text that calls observe with the
// byte offset of every position it converts, or -1 when the lookup starts
// from a line or an LSP position rather than an offset. An incremental
// analysis gives one to each check, to learn whether the check's result
// (say, a message naming a line) depends on where things are, not only on
// what they say.
func (m *Mapper) Observed(observe func(off int)) *Mapper {
	c := *m
	c.observe = observe
	return &c
}

func (m *Mapper) saw(off int) {
	if m.observe != nil {
		m.observe(off)
	}
}

// NewMapper returns a mapper over text.
func NewMapper(text string) *Mapper { return newMapper(NewText(text), text) }

// NewTextMapper returns a mapper over text, which it reads whole once.
func NewTextMapper(text Text) *Mapper { return newMapper(text, text.String()) }

// newMapper returns the mapper of text, whose bytes flat also holds.
func newMapper(text Text, flat string) *Mapper {
	m := &Mapper{text: text, columns: &columnIndex{}}
	m.lines = newLines(lineStarts(flat))
	m.nonASCII = countNonASCII(flat)
	m.ascii = m.nonASCII == 0
	m.crs = strings.Count(flat, "\r")
	m.yamlStarts = m.lines
	if m.yamlBreaks = countYAMLBreaks(flat); m.yamlBreaks > 0 {
		m.yamlStarts = newLines(yamlLineStarts(flat))
	}
	return m
}

// Text is the text the mapper was built for.
func (m *Mapper) Text() Text { return m.text }

// LineCount is the number of lines; a text ending in a newline has an empty
// last line, as editors show it.
func (m *Mapper) LineCount() int {
	m.saw(-1)
	return m.lines.Len()
}

// LineStart is the byte offset where 0-based line starts, clamped to the text.
func (m *Mapper) LineStart(line int) int {
	m.saw(-1)
	if line < 0 {
		return 0
	}
	if line >= m.lines.Len() {
		return m.text.Len()
	}
	return m.lines.At(line)
}

// LineStarts returns the starts of lines [from, to), clamped to the text's
// lines, for a caller that walks many lines in order: each LineStart is a
// search in the table.
func (m *Mapper) LineStarts(from, to int) []int {
	m.saw(-1)
	from, to = max(from, 0), min(to, m.lines.Len())
	if from >= to {
		return nil
	}
	return m.lines.starts(from, to)
}

// LineEnd is the byte offset of the end of 0-based line's content, before its
// terminator (\n, \r\n or \r).
func (m *Mapper) LineEnd(line int) int {
	m.saw(-1)
	if line < 0 {
		line = 0
	}
	if line+1 >= m.lines.Len() {
		return m.text.Len()
	}
	end := m.lines.At(line + 1)
	if m.crs == 0 {
		// Without carriage returns, every line but the last ends at \n.
		return end - 1
	}
	if end > 0 && m.text.Byte(end-1) == '\n' {
		end--
	}
	if end > m.lines.At(line) && m.text.Byte(end-1) == '\r' {
		end--
	}
	return end
}

// OffsetLine is the 0-based line that contains byte offset off.
func (m *Mapper) OffsetLine(off int) int {
	m.saw(off)
	off = m.clampOffset(off)
	// The first line start greater than off is one past the line we want.
	return m.lines.Line(off)
}

// OffsetPosition converts a byte offset to an LSP position. An offset inside
// a multi-byte rune or past the end is moved to the nearest valid place
// before it, so the result always names a real character boundary.
func (m *Mapper) OffsetPosition(off int) Position {
	m.saw(off)
	off = m.clampOffset(off)
	line := m.lines.Line(off)
	start := m.lines.At(line)
	if m.crs > 0 {
		if end := m.LineEnd(line); off > end {
			// Inside a \r\n terminator: LSP has no position there.
			off = end
		}
	}
	if m.ascii {
		// Every server publication converts each diagnostic's span;
		// for an ASCII text that is the arithmetic alone.
		return Position{Line: line, Character: off - start}
	}
	if longWalk(off - start) {
		if cps := m.table(start, m.LineEnd(line)); cps != nil {
			return Position{Line: line, Character: m.unitsAt(cps, off)}
		}
	}
	return Position{Line: line, Character: utf16Len(m.text.Slice(start, off), m.ascii)}
}

// PositionOffset converts an LSP position to a byte offset. Following the LSP
// specification, a character past the end of the line means the end of the
// line; a line past the end of the text means the end of the text. A column
// that falls inside a surrogate pair is rounded down to the start of its rune.
func (m *Mapper) PositionOffset(p Position) (int, error) {
	m.saw(-1)
	if p.Line < 0 || p.Character < 0 {
		return 0, fmt.Errorf("position %d:%d is negative", p.Line, p.Character)
	}
	if p.Line >= m.lines.Len() {
		return m.text.Len(), nil
	}
	start, end := m.lines.At(p.Line), m.LineEnd(p.Line)
	if m.ascii {
		// Clamp before adding: start+p.Character can overflow.
		return start + min(p.Character, end-start), nil
	}
	units, from := 0, start
	if longWalk(end - start) {
		if cps := m.table(start, end); cps != nil {
			from, units = m.seekUnits(cps, start, end, p.Character)
		}
	}
	for off := from; off < end; {
		r, size := utf8.DecodeRuneInString(m.text.Slice(off, min(off+utf8.UTFMax, end)))
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if units+w > p.Character {
			return off, nil
		}
		units += w
		off += size
	}
	return end, nil
}

// RangeSpan converts an LSP range to a byte span; an end before the start is
// an error, since applying such an edit would lose text.
func (m *Mapper) RangeSpan(r Range) (Span, error) {
	start, err := m.PositionOffset(r.Start)
	if err != nil {
		return Span{}, err
	}
	end, err := m.PositionOffset(r.End)
	if err != nil {
		return Span{}, err
	}
	if end < start {
		return Span{}, fmt.Errorf("range end %d:%d is before its start %d:%d",
			r.End.Line, r.End.Character, r.Start.Line, r.Start.Character)
	}
	return Span{Start: start, End: end}, nil
}

// SpanRange converts a byte span to an LSP range.
func (m *Mapper) SpanRange(s Span) Range {
	return Range{Start: m.OffsetPosition(s.Start), End: m.OffsetPosition(s.End)}
}

// YAMLMarkOffset converts a yaml.v3 mark (1-based line, 1-based column counted
// in runes) to a byte offset. yaml.v3 reads lines as YAML 1.1 does, so NEL,
// LS and PS end lines for it though not for LSP, and it drops a BOM at the
// start of the text before counting columns; marks are read its way here.
func (m *Mapper) YAMLMarkOffset(line, column int) int {
	m.saw(-1)
	l := line - 1
	if l < 0 {
		return 0
	}
	if m.ascii {
		// No BOM, NEL, LS or PS: yaml.v3's lines are LSP's.
		if l >= m.lines.Len() {
			return m.text.Len()
		}
		off, end := m.lines.At(l), m.LineEnd(l)
		// Clamp before adding: off+column can overflow.
		return off + min(max(column-1, 0), end-off)
	}
	starts := &m.yamlStarts
	if l >= starts.Len() {
		return m.text.Len()
	}
	off := starts.At(l)
	if l == 0 && m.text.HasAt(0, utf8BOM) {
		off = len(utf8BOM)
	}
	if longWalk(column) {
		end := m.yamlContentEnd(l, off)
		if cps := m.table(off, end); cps != nil {
			return m.seekRunes(cps, off, end, column-1)
		}
	}
	for n := 1; n < column && off < m.text.Len(); n++ {
		r, size := m.decodeRune(off)
		if isYAMLBreak(r) {
			break
		}
		off += size
	}
	return off
}

const utf8BOM = "\ufeff"

func isYAMLBreak(r rune) bool {
	return r == '\n' || r == '\r' || r == '\u0085' || r == '\u2028' || r == '\u2029'
}

func yamlLineStarts(text string) []int {
	starts := make([]int, 1, 64)
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		if !isYAMLBreak(r) {
			continue
		}
		if r == '\r' && i < len(text) && text[i] == '\n' {
			i++
		}
		starts = append(starts, i)
	}
	return starts
}

// yamlContentEnd is where the content of yaml.v3's 0-based line l, which
// starts at off, ends: at the line break that starts line l+1.
func (m *Mapper) yamlContentEnd(l, off int) int {
	if l+1 >= m.yamlStarts.Len() {
		return m.text.Len()
	}
	next := m.yamlStarts.At(l + 1)
	r, size := utf8.DecodeLastRuneInString(m.text.Slice(max(next-utf8.UTFMax, 0), next))
	if r == '\n' && next-2 >= off && m.text.Byte(next-2) == '\r' {
		size = 2
	}
	return next - size
}

// table returns the checkpoint table of the line [start, end), counted
// from start, or nil for a text too long for int32 offsets.
func (m *Mapper) table(start, end int) []checkpoint {
	if m.columns == nil || m.text.Len() >= math.MaxInt32 {
		return nil // a zero Mapper, or a text too long
	}
	c := m.columns
	key := [2]int{start, end}
	c.mu.Lock()
	cps, ok := c.byLine[key]
	c.mu.Unlock()
	if ok {
		return cps
	}
	cps = make([]checkpoint, 0, (end-start)/checkpointStride+1)
	runes, units, next := 0, 0, start
	for i := start; i < end; {
		if i >= next {
			cps = append(cps, checkpoint{off: int32(i), runes: int32(runes), units: int32(units)})
			next = i + checkpointStride
		}
		r, size := utf8.DecodeRuneInString(m.text.Slice(i, min(i+utf8.UTFMax, end)))
		runes++
		units += utf16Width(r)
		i += size
	}
	if len(cps) == 0 {
		cps = append(cps, checkpoint{off: int32(start)})
	}
	c.mu.Lock()
	if c.byLine == nil {
		c.byLine = make(map[[2]int][]checkpoint)
	}
	c.byLine[key] = cps
	c.mu.Unlock()
	return cps
}

// before returns the last checkpoint at or before the rune boundary off.
func before(cps []checkpoint, off int) checkpoint {
	i := sort.Search(len(cps), func(i int) bool { return int(cps[i].off) > off })
	return cps[max(i-1, 0)]
}

// unitsAt is the number of UTF-16 units before the rune boundary off.
func (m *Mapper) unitsAt(cps []checkpoint, off int) int {
	cp := before(cps, off)
	return int(cp.units) + utf16Len(m.text.Slice(int(cp.off), off), false)
}

// runesAt is the number of runes before the rune boundary off.
func (m *Mapper) runesAt(cps []checkpoint, off int) int {
	cp := before(cps, off)
	return int(cp.runes) + utf8.RuneCountInString(m.text.Slice(int(cp.off), off))
}

// seekUnits returns the rune boundary in [start, end) from which
// PositionOffset can walk to column char of the line [start, end), and the
// column there: the last checkpoint on the line that does not pass char.
func (m *Mapper) seekUnits(cps []checkpoint, start, end, char int) (from, units int) {
	base := m.unitsAt(cps, start)
	if char >= m.unitsAt(cps, end)-base {
		return end, m.unitsAt(cps, end) - base
	}
	target := base + char
	i := sort.Search(len(cps), func(i int) bool { return int(cps[i].units) > target }) - 1
	if i < 0 || int(cps[i].off) <= start {
		return start, 0
	}
	return int(cps[i].off), int(cps[i].units) - base
}

// seekRunes returns the offset n runes after off, or end if the content
// [off, end) has fewer.
func (m *Mapper) seekRunes(cps []checkpoint, off, end, n int) int {
	if n <= 0 {
		return off
	}
	base := m.runesAt(cps, off)
	if n >= m.runesAt(cps, end)-base {
		return end
	}
	target := base + n
	i := sort.Search(len(cps), func(i int) bool { return int(cps[i].runes) > target }) - 1
	from, runes := off, base
	if i >= 0 && int(cps[i].off) > off {
		from, runes = int(cps[i].off), int(cps[i].runes)
	}
	for ; runes < target; runes++ {
		_, size := m.decodeRune(from)
		from += size
	}
	return from
}

// decodeRune decodes the rune at off.
func (m *Mapper) decodeRune(off int) (rune, int) {
	return utf8.DecodeRuneInString(m.text.Slice(off, min(off+utf8.UTFMax, m.text.Len())))
}

func (m *Mapper) clampOffset(off int) int {
	if off <= 0 {
		return 0
	}
	if m.ascii {
		return min(off, m.text.Len())
	}
	if off >= m.text.Len() || utf8.RuneStart(m.text.Byte(off)) {
		return min(off, m.text.Len())
	}
	// Only a well-formed rune can contain off. A continuation byte that no
	// rune claims decodes as a rune of its own (U+FFFD), as utf16Len and
	// PositionOffset count it, so off is already a boundary.
	for start := off - 1; start >= 0 && start > off-utf8.UTFMax; start-- {
		if utf8.RuneStart(m.text.Byte(start)) {
			if _, size := m.decodeRune(start); start+size > off {
				return start
			}
			break
		}
	}
	return off
}

func lineStarts(text string) []int {
	starts := make([]int, 1, strings.Count(text, "\n")+1)
	if strings.IndexByte(text, '\r') < 0 {
		// The usual text: lines end at \n alone, which IndexByte finds
		// many bytes at a time.
		for i := 0; ; {
			j := strings.IndexByte(text[i:], '\n')
			if j < 0 {
				return starts
			}
			i += j + 1
			starts = append(starts, i)
		}
	}
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			starts = append(starts, i+1)
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				continue // the \n that follows ends the line
			}
			starts = append(starts, i+1)
		}
	}
	return starts
}

func utf16Len(s string, ascii bool) int {
	if ascii {
		return len(s)
	}
	n := 0
	for _, r := range s {
		n += utf16Width(r)
	}
	return n
}

// utf16Width is the number of UTF-16 units that encode r.
func utf16Width(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}
