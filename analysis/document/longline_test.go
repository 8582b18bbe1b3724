package document_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stream-ls/stream-ls/analysis/document"
)

// Long non-ASCII lines take the mapper's checkpoint path: past a few dozen
// bytes it no longer walks a line from its start but from the nearest
// checkpoint. The fuzzers in fuzz_test.go reach that path only with lines
// longer than 64 bytes; these texts put every kind of rune, malformed UTF-8
// and line break around the checkpoints on purpose, and are checked against
// the same references.

// longLineTexts mixes one-, two-, three- and four-byte runes, malformed
// bytes, and every line break LSP or yaml.v3 knows, on lines long enough to
// hold several checkpoints.
func longLineTexts() []string {
	unit := "aé日😀\xff\xa9\xf0\x9f\x98b"
	return []string{
		strings.Repeat("é", 200),
		strings.Repeat("😀", 60),
		"k: " + strings.Repeat(unit, 20) + "\n" + strings.Repeat("x", 100) + "é\r\n" + strings.Repeat(unit, 9),
		"\ufeff" + strings.Repeat("日本", 30) + "\u2028" + strings.Repeat("😀a", 40) + "\u0085" + strings.Repeat("é", 70) + "\u2029z",
		strings.Repeat("a", 70) + "\r" + strings.Repeat("é", 70) + "\r\n\r\n" + strings.Repeat("\xf0\x9f", 50),
	}
}

func TestLongLinesRoundTrip(t *testing.T) {
	for i, text := range longLineTexts() {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			if len(text) > maxFuzzText {
				checkBigRoundTrip(t, text)
				return
			}
			checkRoundTrip(t, text)
		})
	}
}

// checkBigRoundTrip is checkRoundTrip for texts past maxFuzzText: every
// boundary converts to the reference position and back.
func checkBigRoundTrip(t *testing.T, text string) {
	t.Helper()
	m := document.NewMapper(text)
	at, bounds := refPositions(text)
	runeStart := runeStarts(text)
	for off := 0; off <= len(text); off++ {
		want, ok := at[off]
		if !ok {
			want = at[runeStart[off]]
		}
		if got := m.OffsetPosition(off); got != want {
			t.Fatalf("OffsetPosition(%d) = %v, want %v", off, got, want)
		}
	}
	for _, off := range bounds {
		p := at[off]
		if back, err := m.PositionOffset(p); err != nil || back != off {
			t.Fatalf("PositionOffset(%v) = %d, %v; want %d", p, back, err, off)
		}
	}
}

func TestLongLinesYAMLMarks(t *testing.T) {
	for i, text := range longLineTexts() {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			m := document.NewMapper(text)
			for l, offs := range refYAMLLines(text) {
				for col := -1; col <= len(offs)+1; col++ {
					want := offs[min(max(col-1, 0), len(offs)-1)]
					if got := m.YAMLMarkOffset(l+1, col); got != want {
						t.Fatalf("YAMLMarkOffset(line %d, col %d) = %d, want %d", l+1, col, got, want)
					}
				}
			}
		})
	}
}

// BenchmarkLongLine converts positions on a single 1 MB non-ASCII line, as
// parsing a minified flow mapping does: each conversion must cost a binary
// search and a short walk, not a walk of the line.
func BenchmarkLongLine(b *testing.B) {
	text := "k: {" + strings.Repeat("é: 日, ", 1<<20/12) + "}"
	m := document.NewMapper(text)
	cols := len([]rune(text))
	b.Run("YAMLMarkOffset", func(b *testing.B) {
		i := 0
		for b.Loop() {
			m.YAMLMarkOffset(1, 1+(i*7919)%cols)
			i++
		}
	})
	b.Run("OffsetPosition", func(b *testing.B) {
		i := 0
		for b.Loop() {
			m.OffsetPosition((i * 7919) % len(text))
			i++
		}
	})
	b.Run("PositionOffset", func(b *testing.B) {
		i := 0
		for b.Loop() {
			_, _ = m.PositionOffset(document.Position{Character: (i * 7919) % cols})
			i++
		}
	})
}
