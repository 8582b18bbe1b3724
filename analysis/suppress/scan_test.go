package suppress

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/document"
)

// The scanner trims with byte loops where it used strings.TrimRight and
// friends; refParse is the scanner as it was, and what it finds must not
// change.

type refScanner struct {
	text        string
	quote       byte
	blockIndent int
}

func refParse(text string) []Directive {
	var out []Directive
	sc := refScanner{text: text, blockIndent: -1}
	line := 0
	for start := 0; start <= len(text); line++ {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		if c, ok := sc.comment(start, end); ok {
			if d, ok := directive(text, c, end, line); ok {
				out = append(out, d)
			}
		}
		start = end + 1
	}
	return out
}

func (sc *refScanner) comment(start, end int) (int, bool) {
	line := strings.TrimRight(sc.text[start:end], "\r")
	indent := len(line) - len(strings.TrimLeft(line, " "))
	if sc.blockIndent >= 0 {
		if strings.TrimSpace(line) == "" || indent > sc.blockIndent {
			return 0, false
		}
		sc.blockIndent = -1
	}
	hash := -1
	for i := 0; i < len(line) && hash < 0; i++ {
		c := line[i]
		switch {
		case sc.quote == '\'':
			if c == '\'' {
				if i+1 < len(line) && line[i+1] == '\'' {
					i++
				} else {
					sc.quote = 0
				}
			}
		case sc.quote == '"':
			if c == '\\' {
				i++
			} else if c == '"' {
				sc.quote = 0
			}
		case (c == '\'' || c == '"') && opensScalar(line, i):
			sc.quote = c
		case c == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
			hash = i
		}
	}
	content := line
	if hash >= 0 {
		content = line[:hash]
	}
	if sc.quote == 0 && refOpensBlockScalar(content) {
		sc.blockIndent = indent
	}
	if hash < 0 {
		return 0, false
	}
	return start + hash, true
}

func refOpensBlockScalar(content string) bool {
	s := strings.TrimRight(content, " \t")
	s = strings.TrimRight(s, "+-123456789")
	if !strings.HasSuffix(s, "|") && !strings.HasSuffix(s, ">") {
		return false
	}
	s = strings.TrimRight(s[:len(s)-1], " \t")
	for range 2 {
		i := strings.LastIndexAny(s, " \t")
		if last := s[i+1:]; last != "" && (last[0] == '!' || last[0] == '&') {
			s = strings.TrimRight(s[:i+1], " \t")
		}
	}
	return s == "" || strings.HasSuffix(s, ":") || strings.HasSuffix(s, "-")
}

func render(ds []Directive) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "%d %d %v %v %v\n", d.Line, d.Scope, d.Keyword, d.Alone, d.Rules)
	}
	return b.String()
}

// randomText is lines made of the pieces that matter to the scanner.
func randomText(r *rand.Rand) string {
	parts := []string{" ", "  ", "\t", "a", "key:", ": ", "- ", "'", "''", "\"", "\\\"", "#", " # ", "|", ">", "|-", ">+2", "!tag ", "&x ",
		"[", "{", ",", "it's", "\r", "\u00a0", "# stream-ls-disable-line x", "# stream-ls-disable-next-line y, z -- why",
		"# stream-ls-disable w", "#stream-ls-disable", " -- "}
	var b strings.Builder
	for range 1 + r.IntN(30) {
		for range r.IntN(8) {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func testTexts(t *testing.T) []string {
	var texts []string
	for _, pat := range []string{"../testdata/incremental/*.yml", "../../examples/*.yml", "../rules/testdata/*/*.yml"} {
		paths, _ := filepath.Glob(pat)
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			texts = append(texts, string(data))
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		texts = append(texts, randomText(r))
	}
	return texts
}

func TestScannerUnchanged(t *testing.T) {
	for _, text := range testTexts(t) {
		if g, w := render(Parse(text)), render(refParse(text)); g != w {
			t.Fatalf("%q:\ngot  %s\nwant %s", text, g, w)
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	chars := " \t|>+-0123456789:!&a#"
	for range 100000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteByte(chars[r.IntN(len(chars))])
		}
		if s := b.String(); opensBlockScalar(s) != refOpensBlockScalar(s) {
			t.Fatalf("opensBlockScalar(%q) = %v", s, !refOpensBlockScalar(s))
		}
	}
}

// Scanning a text in runs of lines, each from the state the one before
// left, finds what scanning it whole finds.
func TestParseFromRuns(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, text := range testTexts(t) {
		var cuts []int
		for i := 0; i < len(text); i++ {
			if text[i] == '\n' && r.IntN(3) == 0 {
				cuts = append(cuts, i+1)
			}
		}
		cuts = append(cuts, len(text))
		var got []Directive
		st, from, line := Start, 0, 0
		for _, to := range cuts {
			var ds []Directive
			ds, st = ParseFrom(text[from:to], st)
			for _, d := range ds {
				d.Keyword.Start += from
				d.Keyword.End += from
				d.Line += line
				for i := range d.Rules {
					d.Rules[i].Span.Start += from
					d.Rules[i].Span.End += from
				}
				got = append(got, d)
			}
			line += strings.Count(text[from:to], "\n")
			from = to
		}
		if g, w := render(got), render(Parse(text)); g != w {
			t.Fatalf("%q cut at %v:\ngot  %s\nwant %s", text, cuts, g, w)
		}
	}
}

// Covers finds lines around each directive; the lines table it replaced
// gave the same.
func TestCoversMatchLineTable(t *testing.T) {
	for _, text := range testTexts(t) {
		dirs := Parse(text)
		covers := Covers(document.NewText(text), dirs, func(start, end int) int { return end + 1000 })
		lines := lineStarts(text)
		lineEnd := func(l int) int {
			if l+1 < len(lines) {
				return lines[l+1] - 1
			}
			return len(text)
		}
		var want []Cover
		for _, d := range dirs {
			target := d.Line
			if d.Scope == ScopeNextLine || d.Scope == ScopeBlock && d.Alone {
				target = -1
				for n := d.Line + 1; n < len(lines); n++ {
					if s := strings.TrimSpace(text[lines[n]:lineEnd(n)]); s != "" && !strings.HasPrefix(s, "#") {
						target = n
						break
					}
				}
				if target < 0 {
					continue
				}
			}
			c := Cover{Span: document.Span{Start: lines[target], End: lineEnd(target)}, Rules: d.Rules}
			if d.Scope == ScopeBlock {
				c.Span.End += 1000
			}
			want = append(want, c)
		}
		if g, w := fmt.Sprint(covers), fmt.Sprint(want); g != w {
			t.Fatalf("%q:\ngot  %s\nwant %s", text, g, w)
		}
	}
}

// Silence looks diagnostics up by rule when there are many covers; what
// it keeps is what comparing every pair keeps.
func TestSilenceByRule(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	ids := []string{"a", "b", "c", "d"}
	for range 2000 {
		var covers []Cover
		for range r.IntN(20) {
			start := r.IntN(100)
			c := Cover{Span: document.Span{Start: start, End: start + r.IntN(20)}}
			for range r.IntN(3) {
				c.Rules = append(c.Rules, RuleRef{ID: ids[r.IntN(len(ids))]})
			}
			covers = append(covers, c)
		}
		var ds []diag.Diagnostic
		for range r.IntN(20) {
			ds = append(ds, diag.Diagnostic{Rule: ids[r.IntN(len(ids))], Span: document.Span{Start: r.IntN(130)}})
		}
		var want []diag.Diagnostic
		for _, d := range ds {
			silenced := false
			for _, c := range covers {
				if d.Span.Start >= c.Span.Start && d.Span.Start <= c.Span.End && names(c.Rules, d.Rule) {
					silenced = true
				}
			}
			if !silenced {
				want = append(want, d)
			}
		}
		if g, w := fmt.Sprint(Silence(covers, ds)), fmt.Sprint(want); g != w && !(len(want) == 0 && g == "[]") {
			t.Fatalf("covers %v, diagnostics %v:\ngot  %s\nwant %s", covers, ds, g, w)
		}
	}
}
