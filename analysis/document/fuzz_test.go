package document_test

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stream-ls/stream-ls/analysis/document"
)

// The references below are written from the LSP and YAML specifications with
// nothing shared with mapper.go, so that a fuzz failure means the two readings
// disagree rather than that one helper was called twice.

// maxFuzzText bounds the inputs the checks below walk exhaustively. Some are
// quadratic in the length of a line, and the fuzzer spends up to a minute
// minimizing each input that finds new coverage, so slow long inputs would
// stall it. Nothing in the mapper depends on the length of the text, so
// short inputs lose nothing.
const maxFuzzText = 256

// seedTexts are the shapes the table tests cover, given to every fuzz target
// so that mutation starts from the interesting corners.
var seedTexts = []string{
	"",
	"a",
	"service: demo\nprovider:\n  name: aws\n",
	"a\r\nb\r\n",
	"a\rb\r",
	"\r\r\n\n\r",
	"\ta:\t b\n",
	"é: à\n",
	"日本語: 中文\n",
	"😀: 👋🏽\n",
	"k: \"a😀b\"\r\nx: 日\rz: é\n",
	"\ufeffservice: x\n",
	"a: x\u2028b: y\u0085c: z\u2029",
	"bad: \xff\xfe\n",
	"stray: é\xa9\xa9x\n",
	"cut: \xf0\x9f\x98",
}

// refPositions walks text the way LSP counts: lines end at \n, \r\n or a lone
// \r; columns are UTF-16 units, one per byte of malformed UTF-8 (as a decoder
// substituting U+FFFD sees it). It returns the LSP position of every rune
// boundary plus the offset between a \r and its \n, which LSP cannot name
// and so shares the position of the line end. bounds lists the boundaries
// LSP can name, in order.
func refPositions(text string) (at map[int]document.Position, bounds []int) {
	at = make(map[int]document.Position)
	line, col := 0, 0
	for i := 0; ; {
		at[i] = document.Position{Line: line, Character: col}
		bounds = append(bounds, i)
		if i == len(text) {
			return at, bounds
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\r' && strings.HasPrefix(text[i:], "\r\n"):
			at[i+1] = document.Position{Line: line, Character: col}
			line, col = line+1, 0
			i += 2
			continue
		case r == '\r' || r == '\n':
			line, col = line+1, 0
		case r > 0xFFFF:
			col += 2
		default:
			col++
		}
		i += size
	}
}

// runeStarts maps every offset of text, and its end, to the start of the
// rune containing it, by decoding from the beginning of text.
func runeStarts(text string) []int {
	starts := make([]int, len(text)+1)
	for i := 0; i < len(text); {
		_, size := utf8.DecodeRuneInString(text[i:])
		for j := range size {
			starts[i+j] = i
		}
		i += size
	}
	starts[len(text)] = len(text)
	return starts
}

func FuzzMapperRoundTrip(f *testing.F) {
	for _, s := range seedTexts {
		f.Add(s)
	}
	f.Fuzz(checkRoundTrip)
}

func checkRoundTrip(t *testing.T, text string) {
	if len(text) > maxFuzzText {
		t.Skip()
	}
	m := document.NewMapper(text)
	at, bounds := refPositions(text)

	if want := at[len(text)].Line + 1; m.LineCount() != want {
		t.Fatalf("LineCount(%q) = %d, want %d", text, m.LineCount(), want)
	}

	// Every offset, boundary or not, maps to the position of the rune
	// (or line end) it lies in.
	runeStart := runeStarts(text)
	for off := -1; off <= len(text)+1; off++ {
		clamped := min(max(off, 0), len(text))
		want, ok := at[clamped]
		if !ok {
			want = at[runeStart[clamped]]
		}
		if got := m.OffsetPosition(off); got != want {
			t.Fatalf("OffsetPosition(%q, %d) = %v, want %v", text, off, got, want)
		}
		if got := m.OffsetLine(off); got != want.Line {
			t.Fatalf("OffsetLine(%q, %d) = %d, want %d", text, off, got, want.Line)
		}
	}

	// Boundaries round-trip and their positions strictly increase.
	var prev document.Position
	for i, off := range bounds {
		p := m.OffsetPosition(off)
		back, err := m.PositionOffset(p)
		if err != nil || back != off {
			t.Fatalf("PositionOffset(%q, OffsetPosition(%d) = %v) = %d, %v; want %d", text, off, p, back, err, off)
		}
		if i > 0 && (p.Line < prev.Line || p.Line == prev.Line && p.Character <= prev.Character) {
			t.Fatalf("in %q offset %d is at %v, not after %v", text, off, p, prev)
		}
		prev = p
	}

	// Any position maps to the last boundary on its line at or before it:
	// inside a surrogate pair rounds down, past the line end clamps.
	lineBounds := make(map[int][]int)
	for _, off := range bounds {
		l := at[off].Line
		lineBounds[l] = append(lineBounds[l], off)
	}
	for l := 0; l <= m.LineCount(); l++ {
		offs := lineBounds[l]
		lastCol := 0
		if len(offs) > 0 {
			lastCol = at[offs[len(offs)-1]].Character
		}
		next := 0 // index in offs of the first boundary past column c
		for c := 0; c <= lastCol+2; c++ {
			for next < len(offs) && at[offs[next]].Character <= c {
				next++
			}
			want := len(text)
			if next > 0 {
				want = offs[next-1]
			}
			got, err := m.PositionOffset(document.Position{Line: l, Character: c})
			if err != nil || got != want {
				t.Fatalf("PositionOffset(%q, %d:%d) = %d, %v; want %d", text, l, c, got, err, want)
			}
		}
	}
}

// splice is the reference edit: nothing but string slicing.
func splice(text string, start, end int, ins string) string {
	return text[:start] + ins + text[end:]
}

func FuzzApplyChanges(f *testing.F) {
	for i, s := range seedTexts {
		f.Add(s, []byte{2, 0, 0, 1, 3, 255, 1, 4, 5, 7, 3, 6}, "ü\r\n")
		f.Add(s, []byte{byte(i), 9, 3, 8, 0, 0, 0, 10, 2, 1, 200, 5}, "")
	}
	f.Add("a😀b", []byte{2, 0, 3, 0, 1, 3, 0, 1}, "")
	f.Add("x\r\ny", []byte{2, 1, 1, 5, 2, 2, 2, 0}, "")
	f.Fuzz(func(t *testing.T, text string, script []byte, ins string) {
		if len(text) > maxFuzzText || len(ins) > 64 || len(script) > 4*64 {
			t.Skip()
		}
		inserts := []string{"", "x", "é", "日本", "😀", "\n", "\r\n", "\r", "a\nb", "\t", ins}

		// Each op names its span by picking two rune boundaries of the text
		// the previous ops produced, as an editor would.
		var changes []document.Change
		want, wantErr := text, false
		for ; len(script) >= 4 && !wantErr; script = script[4:] {
			kind, a, b, n := script[0]%8, int(script[1]), int(script[2]), int(script[3])
			newText := inserts[n%len(inserts)]
			at, bounds := refPositions(want)
			start, end := bounds[a%len(bounds)], bounds[b%len(bounds)]
			switch {
			case kind == 0:
				changes = append(changes, document.Change{Text: newText})
				want = newText
				continue
			case kind == 1 && start != end:
				// A range written backwards must fail the whole batch.
				start, end = max(start, end), min(start, end)
				wantErr = true
			default:
				start, end = min(start, end), max(start, end)
			}
			r := document.Range{Start: at[start], End: at[end]}
			if !wantErr {
				// The mapper must name the span as the reference does, or
				// the server would echo edits back to the wrong place.
				if got := document.NewMapper(want).SpanRange(document.Span{Start: start, End: end}); got != r {
					t.Fatalf("SpanRange(%q, %d-%d) = %v, want %v", want, start, end, got, r)
				}
			}
			changes = append(changes, document.Change{Range: &r, Text: newText})
			if !wantErr {
				want = splice(want, start, end, newText)
			}
		}

		got, err := document.ApplyChanges(text, changes)
		if wantErr {
			if err == nil || got != text {
				t.Fatalf("ApplyChanges(%q, %s) = %q, %v; want the original text and an error", text, describe(changes), got, err)
			}
			return
		}
		if err != nil || got != want {
			t.Fatalf("ApplyChanges(%q, %s) = %q, %v; want %q", text, describe(changes), got, err, want)
		}
	})
}

func describe(changes []document.Change) string {
	var b strings.Builder
	for _, c := range changes {
		if c.Range == nil {
			fmt.Fprintf(&b, "[full %q]", c.Text)
			continue
		}
		r := c.Range
		fmt.Fprintf(&b, "[%d:%d-%d:%d %q]", r.Start.Line, r.Start.Character, r.End.Line, r.End.Character, c.Text)
	}
	return b.String()
}

// refYAMLLines splits text into lines the way yaml.v3 reads them (YAML 1.1):
// \r\n, \r, \n, NEL, LS and PS end a line, and a BOM at the very start is
// not part of line 1. Each line lists the byte offset of every rune of its
// content followed by the offset where the content ends.
func refYAMLLines(text string) [][]int {
	var lines [][]int
	var cur []int
	i := 0
	if strings.HasPrefix(text, "\ufeff") {
		i = len("\ufeff")
	}
	for {
		cur = append(cur, i)
		if i == len(text) {
			return append(lines, cur)
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		switch r {
		case '\r', '\n', '\u0085', '\u2028', '\u2029':
			if strings.HasPrefix(text[i:], "\r\n") {
				size = 2
			}
			lines = append(lines, cur)
			cur = nil
		}
		i += size
	}
}

func FuzzYAMLMark(f *testing.F) {
	for _, s := range seedTexts {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > maxFuzzText {
			t.Skip()
		}
		m := document.NewMapper(text)
		lines := refYAMLLines(text)
		for l, offs := range lines {
			line := l + 1
			// Columns past the content clamp to its end; column 0 and below
			// are not marks yaml.v3 makes, but must stay on the line.
			for col := -1; col <= len(offs)+1; col++ {
				want := offs[min(max(col-1, 0), len(offs)-1)]
				if got := m.YAMLMarkOffset(line, col); got != want {
					t.Fatalf("YAMLMarkOffset(%q, %d, %d) = %d, want %d", text, line, col, got, want)
				}
			}
		}
		if got := m.YAMLMarkOffset(0, 1); got != 0 {
			t.Fatalf("YAMLMarkOffset(%q, 0, 1) = %d, want 0", text, got)
		}
		if got := m.YAMLMarkOffset(len(lines)+1, 1); got != len(text) {
			t.Fatalf("YAMLMarkOffset(%q, %d, 1) = %d, want %d", text, len(lines)+1, got, len(text))
		}
	})
}

// FuzzYAMLMarkParser checks YAMLMarkOffset against yaml.v3 itself: whatever
// the parser accepts, each node's mark must land on the rune the node starts
// with.
func FuzzYAMLMarkParser(f *testing.F) {
	for _, s := range seedTexts {
		f.Add(s)
	}
	f.Add("a: &x é\nb: *x\nc: !!str 😀\nd: |\n  日\ne: >-\n  f\n")
	f.Add("- [a, 'b', \"c\"]\r\n- {k: v}\r\n")
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > maxFuzzText {
			t.Skip()
		}
		checkYAMLMarks(t, text)
	})
}
