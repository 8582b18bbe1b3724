package document_test

import (
	"strings"
	"testing"

	"github.com/stream-ls/stream-ls/analysis/document"
)

// carets removes every '^' from src and returns the text with the byte offsets
// the carets marked. Cursors written this way stay correct when a case's text
// is edited, which hand-counted byte offsets of multi-byte runes do not.
func carets(t testing.TB, src string) (string, []int) {
	t.Helper()
	var (
		b    strings.Builder
		offs []int
	)
	for i := 0; i < len(src); i++ {
		if src[i] == '^' {
			offs = append(offs, b.Len())
			continue
		}
		b.WriteByte(src[i])
	}
	return b.String(), offs
}

// caret is carets for a source with exactly one cursor.
func caret(t testing.TB, src string) (string, int) {
	t.Helper()
	text, offs := carets(t, src)
	if len(offs) != 1 {
		t.Fatalf("source %q has %d carets, want 1", src, len(offs))
	}
	return text, offs[0]
}

func pos(line, char int) document.Position {
	return document.Position{Line: line, Character: char}
}

func TestOffsetPosition(t *testing.T) {
	tests := []struct {
		name string
		src  string // text with '^' at the offset to convert
		// nudge is added to the caret's offset, to name offsets a caret
		// cannot: inside a rune, inside \r\n, or outside the text.
		nudge int
		want  document.Position
	}{
		{name: "the start of the text is 0:0", src: "^abc", want: pos(0, 0)},
		{name: "an empty text has only 0:0", src: "^", want: pos(0, 0)},
		{name: "ASCII columns count bytes", src: "ab^c", want: pos(0, 2)},
		{name: "the offset after LF starts the next line", src: "ab\n^cd", want: pos(1, 0)},
		{name: "the offset of LF is the end of its line", src: "ab^\ncd", want: pos(0, 2)},
		{name: "the end of a text without a final newline is the end of its last line", src: "ab\ncd^", want: pos(1, 2)},
		{name: "the end of a text with a final newline is on the empty last line", src: "ab\n^", want: pos(1, 0)},
		{name: "CRLF ends a line", src: "ab\r\n^cd", want: pos(1, 0)},
		{name: "the offset of CR in CRLF is the end of its line", src: "ab^\r\ncd", want: pos(0, 2)},
		{name: "an offset between CR and LF moves back to the end of the line", src: "ab^\r\ncd", nudge: 1, want: pos(0, 2)},
		{name: "an offset between CR and LF on a later line moves back too", src: "x\nab^\r\ncd", nudge: 1, want: pos(1, 2)},
		{name: "a lone CR ends a line", src: "ab\r^cd", want: pos(1, 0)},
		{name: "a lone CR at the end of the text leaves an empty last line", src: "ab\r^", want: pos(1, 0)},
		{name: "CR CR LF is two line breaks", src: "a\r\r\n^b", want: pos(2, 0)},
		{name: "LF CR is two line breaks", src: "a\n\r^b", want: pos(2, 0)},
		{name: "a tab is one column", src: "\t\t^x", want: pos(0, 2)},
		{name: "é is one UTF-16 unit though two bytes", src: "é^x", want: pos(0, 1)},
		{name: "a CJK rune is one UTF-16 unit though three bytes", src: "日本^語", want: pos(0, 2)},
		{name: "an emoji outside the BMP is two UTF-16 units", src: "😀^x", want: pos(0, 2)},
		{name: "UTF-16 units add up across rune sizes", src: "aé日😀^x", want: pos(0, 5)},
		{name: "columns restart on each line after non-ASCII text", src: "😀😀\né^x", want: pos(1, 1)},
		{name: "ASCII lines of a non-ASCII text count bytes", src: "é\nabc^", want: pos(1, 3)},
		{name: "an offset inside é moves back to its start", src: "x^é", nudge: 1, want: pos(0, 1)},
		{name: "an offset on the last byte of a CJK rune moves back to its start", src: "x^日", nudge: 2, want: pos(0, 1)},
		{name: "an offset on the second byte of an emoji moves back to its start", src: "x^😀", nudge: 1, want: pos(0, 1)},
		{name: "an offset on the last byte of an emoji moves back to its start", src: "x^😀", nudge: 3, want: pos(0, 1)},
		{name: "an offset inside a rune on a CRLF line moves back to its start", src: "a\r\n^é\r\n", nudge: 1, want: pos(1, 0)},
		{name: "a negative offset is the start of the text", src: "^ab", nudge: -5, want: pos(0, 0)},
		{name: "an offset past the end is the end of the text", src: "ab\ncd^", nudge: 10, want: pos(1, 2)},
		{name: "an offset past the end of a text ending in an emoji is the end", src: "😀^", nudge: 1, want: pos(0, 2)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, off := caret(t, tt.src)
			off += tt.nudge
			if got := document.NewMapper(text).OffsetPosition(off); got != tt.want {
				t.Errorf("OffsetPosition(%q, %d) = %v, want %v", text, off, got, tt.want)
			}
		})
	}
}

func TestPositionOffset(t *testing.T) {
	tests := []struct {
		name string
		src  string // text with '^' at the expected offset
		pos  document.Position
	}{
		{name: "0:0 is the start of the text", src: "^abc", pos: pos(0, 0)},
		{name: "ASCII columns count bytes", src: "ab^c", pos: pos(0, 2)},
		{name: "a later line starts after its LF", src: "ab\ncd^e", pos: pos(1, 2)},
		{name: "a later line starts after its CRLF", src: "ab\r\ncd^e", pos: pos(1, 2)},
		{name: "a later line starts after a lone CR", src: "ab\rcd^e", pos: pos(1, 2)},
		{name: "a character past the end of the line clamps to the line end", src: "abc^\ndef", pos: pos(0, 99)},
		{name: "a character one past the end of the line clamps before CRLF", src: "abc^\r\ndef", pos: pos(0, 4)},
		{name: "a character two past the end of the line clamps before CRLF", src: "abc^\r\ndef", pos: pos(0, 5)},
		{name: "a character past the end of the line clamps before a lone CR", src: "abc^\rdef", pos: pos(0, 4)},
		{name: "a character past the end of a non-ASCII line clamps before CRLF", src: "é😀^\r\nx", pos: pos(0, 10)},
		{name: "a character past the end of the last line is the end of the text", src: "abc\ndef^", pos: pos(1, 9)},
		{name: "a line past the end of the text is the end of the text", src: "abc\ndef^", pos: pos(7, 0)},
		{name: "a line past the end of a text ending in a newline is the end of the text", src: "abc\n^", pos: pos(5, 2)},
		{name: "the empty last line after a final newline is the end of the text", src: "abc\n^", pos: pos(1, 0)},
		{name: "a character past the end of the empty last line is the end of the text", src: "abc\r\n^", pos: pos(1, 3)},
		{name: "0:0 of an empty text is offset 0", src: "^", pos: pos(0, 0)},
		{name: "a character past the end of an empty text is offset 0", src: "^", pos: pos(0, 5)},
		{name: "a line past the end of an empty text is offset 0", src: "^", pos: pos(3, 3)},
		{name: "a tab is one column", src: "\t^x", pos: pos(0, 1)},
		{name: "é is one UTF-16 unit", src: "é^x", pos: pos(0, 1)},
		{name: "a CJK rune is one UTF-16 unit", src: "日本^語", pos: pos(0, 2)},
		{name: "an emoji is two UTF-16 units", src: "😀^x", pos: pos(0, 2)},
		{name: "UTF-16 units add up across rune sizes", src: "aé日😀^x", pos: pos(0, 5)},
		{name: "a column inside a surrogate pair rounds down to the start of the emoji", src: "a^😀b", pos: pos(0, 2)},
		{name: "a column inside the second of two emoji rounds down to its start", src: "😀^😀", pos: pos(0, 3)},
		{name: "an ASCII line of a non-ASCII text counts bytes", src: "é\nab^c", pos: pos(1, 2)},
		{name: "non-ASCII runes on earlier lines do not shift later columns", src: "😀😀\r\nab^c", pos: pos(1, 2)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, want := caret(t, tt.src)
			got, err := document.NewMapper(text).PositionOffset(tt.pos)
			if err != nil {
				t.Fatalf("PositionOffset(%q, %v): %v", text, tt.pos, err)
			}
			if got != want {
				t.Errorf("PositionOffset(%q, %v) = %d, want %d", text, tt.pos, got, want)
			}
		})
	}
}

func TestPositionOffsetRejectsNegativePositions(t *testing.T) {
	for _, text := range []string{"abc\ndef", "é\n😀"} {
		m := document.NewMapper(text)
		for _, p := range []document.Position{pos(-1, 0), pos(0, -1), pos(-1, -1)} {
			if off, err := m.PositionOffset(p); err == nil {
				t.Errorf("PositionOffset(%q, %v) = %d, want an error", text, p, off)
			}
		}
	}
}

// A huge character must clamp to the line end, not overflow into a negative
// offset that would make ApplyChanges slice out of range.
func TestPositionOffsetHugeCharacter(t *testing.T) {
	const maxInt = int(^uint(0) >> 1)
	for _, src := range []string{"abc\nde^\nf", "é\nde^\nf"} {
		text, want := caret(t, src)
		got, err := document.NewMapper(text).PositionOffset(pos(1, maxInt))
		if err != nil || got != want {
			t.Errorf("PositionOffset(%q, 1:MaxInt) = %d, %v; want %d", text, got, err, want)
		}
	}
}

func TestSpanRange(t *testing.T) {
	tests := []struct {
		name string
		src  string // text with a '^' at the span's start and one at its end
		want document.Range
	}{
		{name: "a span within one ASCII line", src: "a^bc^d", want: document.Range{Start: pos(0, 1), End: pos(0, 3)}},
		{name: "an empty span", src: "ab^^c", want: document.Range{Start: pos(0, 2), End: pos(0, 2)}},
		{name: "a span across a CRLF", src: "ab^c\r\nd^e", want: document.Range{Start: pos(0, 2), End: pos(1, 1)}},
		{name: "a span across a lone CR", src: "ab^c\rd^e", want: document.Range{Start: pos(0, 2), End: pos(1, 1)}},
		{name: "a span covering an emoji is two units wide", src: "x^😀^y", want: document.Range{Start: pos(0, 1), End: pos(0, 3)}},
		{name: "a span of CJK runes", src: "日^本語^", want: document.Range{Start: pos(0, 1), End: pos(0, 3)}},
		{name: "a span from the start to the end of a text ending in a newline", src: "^ab\n^", want: document.Range{Start: pos(0, 0), End: pos(1, 0)}},
		{name: "a span of a whole text", src: "^é\n😀^", want: document.Range{Start: pos(0, 0), End: pos(1, 2)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, offs := carets(t, tt.src)
			if len(offs) != 2 {
				t.Fatalf("source %q has %d carets, want 2", tt.src, len(offs))
			}
			span := document.Span{Start: offs[0], End: offs[1]}
			m := document.NewMapper(text)
			got := m.SpanRange(span)
			if got != tt.want {
				t.Errorf("SpanRange(%q, %v) = %v, want %v", text, span, got, tt.want)
			}
			back, err := m.RangeSpan(got)
			if err != nil || back != span {
				t.Errorf("RangeSpan(%q, %v) = %v, %v; want %v", text, got, back, err, span)
			}
		})
	}
}

func TestRangeSpan(t *testing.T) {
	tests := []struct {
		name string
		src  string // text with a '^' at the expected start and one at the expected end
		rng  document.Range
	}{
		{name: "an end past the end of its line clamps to the line end", src: "a^bc^\r\nd", rng: document.Range{Start: pos(0, 1), End: pos(0, 50)}},
		{name: "an end past the end of the text clamps to the end", src: "a\nb^c^", rng: document.Range{Start: pos(1, 1), End: pos(9, 0)}},
		{name: "a start and end inside the same surrogate pair make an empty span", src: "a^^😀", rng: document.Range{Start: pos(0, 2), End: pos(0, 2)}},
		{name: "positions on either side of an emoji span its four bytes", src: "a^😀^b", rng: document.Range{Start: pos(0, 1), End: pos(0, 3)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, offs := carets(t, tt.src)
			if len(offs) != 2 {
				t.Fatalf("source %q has %d carets, want 2", tt.src, len(offs))
			}
			want := document.Span{Start: offs[0], End: offs[1]}
			got, err := document.NewMapper(text).RangeSpan(tt.rng)
			if err != nil || got != want {
				t.Errorf("RangeSpan(%q, %v) = %v, %v; want %v", text, tt.rng, got, err, want)
			}
		})
	}
}

func TestRangeSpanErrors(t *testing.T) {
	tests := []struct {
		name string
		text string
		rng  document.Range
	}{
		{name: "an end before the start on the same line", text: "abcdef", rng: document.Range{Start: pos(0, 4), End: pos(0, 2)}},
		{name: "an end on an earlier line", text: "ab\ncd", rng: document.Range{Start: pos(1, 0), End: pos(0, 1)}},
		{name: "a negative start", text: "ab", rng: document.Range{Start: pos(0, -1), End: pos(0, 1)}},
		{name: "a negative end", text: "ab", rng: document.Range{Start: pos(0, 0), End: pos(-1, 0)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, err := document.NewMapper(tt.text).RangeSpan(tt.rng); err == nil {
				t.Errorf("RangeSpan(%q, %v) = %v, want an error", tt.text, tt.rng, got)
			}
		})
	}
}

// An end that clamps to before its start is still an error: the positions
// differ, so the client meant a real (if broken) range.
func TestRangeSpanEndClampedBeforeStart(t *testing.T) {
	m := document.NewMapper("ab\ncd")
	if _, err := m.RangeSpan(document.Range{Start: pos(1, 1), End: pos(0, 99)}); err == nil {
		t.Error("RangeSpan with an end on an earlier line that clamps to its end: want an error")
	}
}

func TestLines(t *testing.T) {
	tests := []struct {
		name string
		text string
		// lines holds each line's start and the end of its content, before
		// the terminator.
		lines []document.Span
	}{
		{name: "an empty text has one empty line", text: "", lines: []document.Span{{0, 0}}},
		{name: "a text without a newline is one line", text: "abc", lines: []document.Span{{0, 3}}},
		{name: "a final LF leaves an empty last line", text: "abc\n", lines: []document.Span{{0, 3}, {4, 4}}},
		{name: "a final CRLF leaves an empty last line", text: "abc\r\n", lines: []document.Span{{0, 3}, {5, 5}}},
		{name: "CRLF is one terminator", text: "a\r\nb", lines: []document.Span{{0, 1}, {3, 4}}},
		{name: "lone CRs are terminators", text: "a\rb\r", lines: []document.Span{{0, 1}, {2, 3}, {4, 4}}},
		{name: "blank LF lines", text: "\n\n", lines: []document.Span{{0, 0}, {1, 1}, {2, 2}}},
		{name: "CR followed by CRLF is two terminators", text: "\r\r\n", lines: []document.Span{{0, 0}, {1, 1}, {3, 3}}},
		{name: "LF followed by CR is two terminators", text: "a\n\rb", lines: []document.Span{{0, 1}, {2, 2}, {3, 4}}},
		{name: "mixed terminators", text: "a\nb\r\nc\rd", lines: []document.Span{{0, 1}, {2, 3}, {5, 6}, {7, 8}}},
		{name: "line bounds are in bytes for non-ASCII text", text: "é\n😀\r\n日", lines: []document.Span{{0, 2}, {3, 7}, {9, 12}}},
		{name: "a tab is content, not a terminator", text: "\ta\t\n", lines: []document.Span{{0, 3}, {4, 4}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := document.NewMapper(tt.text)
			if got := m.LineCount(); got != len(tt.lines) {
				t.Fatalf("LineCount(%q) = %d, want %d", tt.text, got, len(tt.lines))
			}
			for i, l := range tt.lines {
				if got := m.LineStart(i); got != l.Start {
					t.Errorf("LineStart(%q, %d) = %d, want %d", tt.text, i, got, l.Start)
				}
				if got := m.LineEnd(i); got != l.End {
					t.Errorf("LineEnd(%q, %d) = %d, want %d", tt.text, i, got, l.End)
				}
				// Every offset up to the next line's start belongs to this
				// line, including those of its terminator.
				next := len(tt.text) + 1
				if i+1 < len(tt.lines) {
					next = tt.lines[i+1].Start
				}
				for off := l.Start; off < next; off++ {
					if got := m.OffsetLine(off); got != i {
						t.Errorf("OffsetLine(%q, %d) = %d, want %d", tt.text, off, got, i)
					}
				}
			}

			last := len(tt.lines) - 1
			if got := m.LineStart(-1); got != 0 {
				t.Errorf("LineStart(%q, -1) = %d, want 0", tt.text, got)
			}
			if got := m.LineStart(last + 1); got != len(tt.text) {
				t.Errorf("LineStart(%q, %d) = %d, want the text length %d", tt.text, last+1, got, len(tt.text))
			}
			if got := m.LineEnd(-1); got != tt.lines[0].End {
				t.Errorf("LineEnd(%q, -1) = %d, want line 0's end %d", tt.text, got, tt.lines[0].End)
			}
			if got := m.LineEnd(last + 5); got != len(tt.text) {
				t.Errorf("LineEnd(%q, %d) = %d, want the text length %d", tt.text, last+5, got, len(tt.text))
			}
			if got := m.OffsetLine(-3); got != 0 {
				t.Errorf("OffsetLine(%q, -3) = %d, want 0", tt.text, got)
			}
			if got := m.OffsetLine(len(tt.text) + 10); got != last {
				t.Errorf("OffsetLine(%q, past the end) = %d, want %d", tt.text, got, last)
			}
		})
	}
}

func TestOffsetLineInsideRune(t *testing.T) {
	text, off := caret(t, "a\n^😀")
	m := document.NewMapper(text)
	for i := range len("😀") {
		if got := m.OffsetLine(off + i); got != 1 {
			t.Errorf("OffsetLine(%q, %d) = %d, want 1", text, off+i, got)
		}
	}
}

func TestYAMLMarkOffset(t *testing.T) {
	tests := []struct {
		name         string
		src          string // text with '^' at the expected offset
		line, column int    // 1-based, columns in runes, as yaml.v3 reports them
	}{
		{name: "1:1 is the start of the text", src: "^a: b", line: 1, column: 1},
		{name: "an empty text has only offset 0", src: "^", line: 1, column: 1},
		{name: "ASCII columns count bytes", src: "a: ^b", line: 1, column: 4},
		{name: "a later line starts after its LF", src: "a: b\nc: ^d", line: 2, column: 4},
		{name: "a later line starts after its CRLF", src: "a: b\r\nc: ^d", line: 2, column: 4},
		{name: "a later line starts after a lone CR", src: "a: b\rc: ^d", line: 2, column: 4},
		{name: "a tab is one column", src: "\t^x", line: 1, column: 2},
		{name: "é is one column", src: "é: ^x", line: 1, column: 4},
		{name: "a CJK rune is one column", src: "日本: ^x", line: 1, column: 5},
		{name: "an emoji is one column, not two as in UTF-16", src: "😀: ^x", line: 1, column: 4},
		{name: "non-ASCII runes on earlier lines do not shift later columns", src: "😀: é\r\nk: ^v", line: 2, column: 4},
		{name: "a column past the end of the line clamps to the line end", src: "ab^\ncd", line: 1, column: 99},
		{name: "a column past the end of a non-ASCII line clamps before CRLF", src: "é^\r\nx", line: 1, column: 99},
		{name: "a column past the end of a line clamps before a lone CR", src: "é^\rx", line: 1, column: 3},
		{name: "a column past the end of the last line is the end of the text", src: "a\nb😀^", line: 2, column: 9},
		{name: "a line past the end of the text is the end of the text", src: "ab\ncd^", line: 9, column: 1},
		{name: "line 0 is the start of the text", src: "^ab\ncd", line: 0, column: 5},
		{name: "column 0 is the start of its line", src: "ab\n^cd", line: 2, column: 0},
		{name: "a negative column is the start of its non-ASCII line", src: "é\n^é", line: 2, column: -3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, want := caret(t, tt.src)
			if got := document.NewMapper(text).YAMLMarkOffset(tt.line, tt.column); got != want {
				t.Errorf("YAMLMarkOffset(%q, %d, %d) = %d, want %d", text, tt.line, tt.column, got, want)
			}
		})
	}
}

// A huge column must clamp to the line end, not overflow into a negative
// offset.
func TestYAMLMarkOffsetHugeColumn(t *testing.T) {
	const maxInt = int(^uint(0) >> 1)
	for _, src := range []string{"abc\nde^\nf", "é\nde^\nf"} {
		text, want := caret(t, src)
		if got := document.NewMapper(text).YAMLMarkOffset(2, maxInt); got != want {
			t.Errorf("YAMLMarkOffset(%q, 2, MaxInt) = %d, want %d", text, got, want)
		}
	}
}

func TestSpan(t *testing.T) {
	s := document.Span{Start: 2, End: 5}
	if s.Len() != 3 {
		t.Errorf("%v.Len() = %d, want 3", s, s.Len())
	}
	for off, want := range map[int]bool{1: false, 2: true, 4: true, 5: true, 6: false} {
		if got := s.Contains(off); got != want {
			t.Errorf("%v.Contains(%d) = %v, want %v", s, off, got, want)
		}
	}
}
