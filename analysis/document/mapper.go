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
	"strings"
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
	yamlStarts []int // line starts as yaml.v3 counts them; see YAMLMarkOffset
}

// NewMapper returns a mapper over text. The text must not change afterwards.
func NewMapper(text string) *Mapper {
	m := &Mapper{text: text}
	m.lineStarts = lineStarts(text)
	m.ascii = isASCII(text)
	m.yamlStarts = m.lineStarts
	if !m.ascii && (strings.Contains(text, "\u0085") || strings.Contains(text, "\u2028") || strings.Contains(text, "\u2029")) {
		m.yamlStarts = yamlLineStarts(text)
	}
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
		// Clamp before adding: start+p.Character can overflow.
		return start + min(p.Character, end-start), nil
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
// in runes) to a byte offset. yaml.v3 reads lines as YAML 1.1 does, so NEL,
// LS and PS end lines for it though not for LSP, and it drops a BOM at the
// start of the text before counting columns; marks are read its way here.
func (m *Mapper) YAMLMarkOffset(line, column int) int {
	l := line - 1
	if l < 0 {
		return 0
	}
	if m.ascii {
		// No BOM, NEL, LS or PS: yaml.v3's lines are LSP's.
		if l >= len(m.lineStarts) {
			return len(m.text)
		}
		off, end := m.lineStarts[l], m.LineEnd(l)
		// Clamp before adding: off+column can overflow.
		return off + min(max(column-1, 0), end-off)
	}
	starts := m.yamlStarts
	if l >= len(starts) {
		return len(m.text)
	}
	off := starts[l]
	if l == 0 && strings.HasPrefix(m.text, utf8BOM) {
		off = len(utf8BOM)
	}
	for n := 1; n < column && off < len(m.text); n++ {
		r, size := utf8.DecodeRuneInString(m.text[off:])
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

func (m *Mapper) clampOffset(off int) int {
	if off <= 0 {
		return 0
	}
	if off >= len(m.text) || utf8.RuneStart(m.text[off]) {
		return min(off, len(m.text))
	}
	// Only a well-formed rune can contain off. A continuation byte that no
	// rune claims decodes as a rune of its own (U+FFFD), as utf16Len and
	// PositionOffset count it, so off is already a boundary.
	for start := off - 1; start >= 0 && start > off-utf8.UTFMax; start-- {
		if utf8.RuneStart(m.text[start]) {
			if _, size := utf8.DecodeRuneInString(m.text[start:]); start+size > off {
				return start
			}
			break
		}
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
