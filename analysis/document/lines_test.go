package document

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// A mapper updated by edits must be the mapper of the edited text, whatever
// the edits do to line breaks (CRLF pairs made and split, NEL, emoji cut in
// half by a byte edit).
func TestMapperEditMatchesNewMapper(t *testing.T) {
	pieces := []string{"a", "é", "😀", "\n", "\r", "\r\n", "\u0085", "\u2028", "  ", "key: value\n", "\t", "\xff"}
	r := rand.New(rand.NewPCG(1, 2))
	for seq := 0; seq < 300; seq++ {
		var text string
		for i := 0; i < r.IntN(40); i++ {
			text += pieces[r.IntN(len(pieces))]
		}
		// Long enough texts to cross chunk boundaries.
		if seq%10 == 0 {
			for i := 0; i < 3*chunkLines; i++ {
				text += pieces[r.IntN(len(pieces))]
			}
		}
		// Chunks of a few bytes: edits, lines and runes cross them.
		m := NewTextMapper(NewTextChunked(text, 1+seq%13))
		for step := 0; step < 20; step++ {
			a := r.IntN(len(text) + 1)
			b := min(len(text), a+r.IntN(8))
			if r.IntN(20) == 0 {
				b = min(len(text), a+r.IntN(3*chunkLines))
			}
			var s string
			for i := 0; i < r.IntN(4); i++ {
				s += pieces[r.IntN(len(pieces))]
			}
			m = m.Edit(Edit{Start: a, End: b, Text: s})
			text = text[:a] + s + text[b:]
			want := NewMapper(text)
			if m.Text().String() != text {
				t.Fatalf("text differs")
			}
			if got, w := m.lines.starts(0, m.lines.Len()), want.lines.starts(0, want.lines.Len()); !slices.Equal(got, w) {
				t.Fatalf("seq %d step %d: line starts %v, want %v (text %q)", seq, step, got, w, text)
			}
			if got, w := m.yamlStarts.starts(0, m.yamlStarts.Len()), want.yamlStarts.starts(0, want.yamlStarts.Len()); !slices.Equal(got, w) {
				t.Fatalf("seq %d step %d: yaml line starts %v, want %v", seq, step, got, w)
			}
			if m.ascii != want.ascii || m.nonASCII != want.nonASCII || m.yamlBreaks != want.yamlBreaks || m.crs != want.crs {
				t.Fatalf("seq %d step %d: counts %v/%d/%d, want %v/%d/%d", seq, step, m.ascii, m.nonASCII, m.yamlBreaks, want.ascii, want.nonASCII, want.yamlBreaks)
			}
			for off := 0; off <= len(text); off++ {
				if g, w := m.OffsetLine(off), want.OffsetLine(off); g != w {
					t.Fatalf("OffsetLine(%d) = %d, want %d", off, g, w)
				}
				if g, w := m.OffsetPosition(off), want.OffsetPosition(off); g != w {
					t.Fatalf("OffsetPosition(%d) = %v, want %v", off, g, w)
				}
			}
			for l := 0; l <= want.LineCount(); l++ {
				for c := 0; c < 6; c++ {
					g, _ := m.PositionOffset(Position{Line: l, Character: c})
					w, _ := want.PositionOffset(Position{Line: l, Character: c})
					if g != w || m.YAMLMarkOffset(l+1, c+1) != want.YAMLMarkOffset(l+1, c+1) || m.LineEnd(l) != want.LineEnd(l) {
						t.Fatalf("seq %d step %d: line %d column %d converts differently", seq, step, l, c)
					}
				}
			}
		}
	}
}

// lineStarts and countNonASCII take shortcuts for the usual text (no \r;
// runs of ASCII); they must count as a byte-by-byte loop does.
func TestLineStartsAndNonASCIIMatchTheSimpleCount(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", " ", "\n", "\r", "\r\n", "é", "日", "\u2028", "\x80", "key: value"}
	for range 2000 {
		var b strings.Builder
		for range r.IntN(40) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		text := b.String()
		var want []int
		want = append(want, 0)
		nonASCII := 0
		for i := 0; i < len(text); i++ {
			if text[i] >= 0x80 {
				nonASCII++
			}
			if text[i] == '\n' || (text[i] == '\r' && (i+1 == len(text) || text[i+1] != '\n')) {
				want = append(want, i+1)
			}
		}
		if got := lineStarts(text); !slices.Equal(got, want) {
			t.Fatalf("lineStarts(%q) = %v, want %v", text, got, want)
		}
		if got := countNonASCII(text); got != nonASCII {
			t.Fatalf("countNonASCII(%q) = %d, want %d", text, got, nonASCII)
		}
	}
}
