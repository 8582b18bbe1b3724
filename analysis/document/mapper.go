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
	"sort"
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
	text       string
	lineStarts []int // byte offset of the first byte of each line
	ascii      bool  // when true, UTF-16 columns equal byte columns
}

// NewMapper returns a mapper over text. The text must not change afterwards.
func NewMapper(text string) *Mapper {
	m := &Mapper{text: text}
	m.lineStarts = lineStarts(text)
	m.ascii = isASCII(text)
	return m
}

// Text is the text the mapper was built for.
func (m *Mapper) Text() string { return m.text }

// LineCount is the number of lines; a text ending in a newline has an empty
// last line, as editors show it.
func (m *Mapper) LineCount() int { return len(m.lineStarts) }

// LineStart is the byte offset where 0-based line starts, clamped to the text.
func (m *Mapper) LineStart(line int) int {
	if line < 0 {
		return 0
	}
	if line >= len(m.lineStarts) {
		return len(m.text)
	}
	return m.lineStarts[line]
}

// LineEnd is the byte offset of the end of 0-based line's content, before its
// terminator (\n, \r\n or \r).
func (m *Mapper) LineEnd(line int) int {
	if line < 0 {
		line = 0
	}
	if line+1 >= len(m.lineStarts) {
		return len(m.text)
	}
	end := m.lineStarts[line+1]
	if end > 0 && m.text[end-1] == '\n' {
		end--
	}
	if end > m.lineStarts[line] && m.text[end-1] == '\r' {
		end--
	}
	return end
}

// OffsetLine is the 0-based line that contains byte offset off.
func (m *Mapper) OffsetLine(off int) int {
	off = m.clampOffset(off)
	// The first line start greater than off is one past the line we want.
	return sort.SearchInts(m.lineStarts, off+1) - 1
}

// OffsetPosition converts a byte offset to an LSP position. An offset inside
// a multi-byte rune or past the end is moved to the nearest valid place
// before it, so the result always names a real character boundary.
func (m *Mapper) OffsetPosition(off int) Position {
	off = m.clampOffset(off)
	line := m.OffsetLine(off)
	start := m.lineStarts[line]
	if end := m.LineEnd(line); off > end {
		// Inside a \r\n terminator: LSP has no position there.
		off = end
	}
	return Position{Line: line, Character: utf16Len(m.text[start:off], m.ascii)}
}

// PositionOffset converts an LSP position to a byte offset. Following the LSP
// specification, a character past the end of the line means the end of the
// line; a line past the end of the text means the end of the text. A column
// that falls inside a surrogate pair is rounded down to the start of its rune.
func (m *Mapper) PositionOffset(p Position) (int, error) {
	if p.Line < 0 || p.Character < 0 {
		return 0, fmt.Errorf("position %d:%d is negative", p.Line, p.Character)
	}
	if p.Line >= len(m.lineStarts) {
		return len(m.text), nil
	}
	start, end := m.lineStarts[p.Line], m.LineEnd(p.Line)
	if m.ascii {
		return min(start+p.Character, end), nil
	}
	units := 0
	for off := start; off < end; {
		r, size := utf8.DecodeRuneInString(m.text[off:end])
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
// in runes) to a byte offset.
func (m *Mapper) YAMLMarkOffset(line, column int) int {
	l := line - 1
	if l < 0 {
		return 0
	}
	if l >= len(m.lineStarts) {
		return len(m.text)
	}
	off, end := m.lineStarts[l], m.LineEnd(l)
	if m.ascii {
		return min(off+max(column-1, 0), end)
	}
	for n := 1; n < column && off < end; n++ {
		_, size := utf8.DecodeRuneInString(m.text[off:end])
		off += size
	}
	return off
}

func (m *Mapper) clampOffset(off int) int {
	if off < 0 {
		return 0
	}
	if off > len(m.text) {
		off = len(m.text)
	}
	for off > 0 && off < len(m.text) && !utf8.RuneStart(m.text[off]) {
		off--
	}
	return off
}

func lineStarts(text string) []int {
	starts := make([]int, 1, 64)
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

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func utf16Len(s string, ascii bool) int {
	if ascii {
		return len(s)
	}
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}
