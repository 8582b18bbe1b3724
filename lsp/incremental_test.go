package lsp_test

import (
	"fmt"
	"math/rand"
	"os"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/stream-ls/stream-ls/analysis"
	"github.com/stream-ls/stream-ls/analysis/document"
	usersettings "github.com/stream-ls/stream-ls/analysis/settings"
	"github.com/stream-ls/stream-ls/lsp"
	"github.com/stream-ls/stream-ls/lsp/lsptest"
)

// The server analyses each open document incrementally. Whatever the
// edits, what it publishes must be what a from-scratch analysis of the
// client's text gives: this types random edits (inserting and deleting
// characters, non-ASCII ones included, and whole lines) into the bundled
// example and compares after every version.
func TestIncrementalDiagnosticsMatchAFreshAnalysis(t *testing.T) {
	c, text := openExample(t)

	rng := rand.New(rand.NewSource(7))
	inserts := []string{"x", "é", "😀", ":", " ", "\n", "      batchSize: 20000\n", "- stream: arn:aws:kinesis:eu-west-1:1:stream/s\n"}
	for version := int32(2); version <= 60; version++ {
		m := document.NewMapper(text)
		start := rng.Intn(len(text) + 1)
		end := min(len(text), start+rng.Intn(4))
		if rng.Intn(2) == 0 {
			end = start
		}
		span := snapToRunes(text, document.Span{Start: start, End: end})
		insert := inserts[rng.Intn(len(inserts))]
		r := m.SpanRange(span)
		c.Change(uri, version, lsptest.Replace(uint32(r.Start.Line), uint32(r.Start.Character),
			uint32(r.End.Line), uint32(r.End.Character), insert))
		text = text[:span.Start] + insert + text[span.End:]
		check(t, c, uri, version, text)
	}
}

const uri = "file:///app/serverless.yml"

// openExample opens the bundled example and checks its first diagnostics.
func openExample(t *testing.T) (*lsptest.Client, string) {
	t.Helper()
	data, err := os.ReadFile("../examples/serverless.yml")
	if err != nil {
		t.Fatal(err)
	}
	c := lsptest.Start(t, lsp.Options{})
	c.Initialize()
	text := string(data)
	c.Open(uri, 1, text)
	check(t, c, uri, 1, text)
	return c, text
}

// Suppression comments are found per piece of the text, and the blocks
// they cover in the pieces' trees: typing, breaking and deleting them,
// alone on a line and at the end of one, in quoted and block scalars, must
// publish what a fresh configured analysis gives.
func TestIncrementalSuppressionMatchesAFreshAnalysis(t *testing.T) {
	c, text := openExample(t)

	rng := rand.New(rand.NewSource(11))
	// Directives name the rules reported, where they are reported, half
	// the time.
	atLineEnd := []string{" # stream-ls-disable-line %s", " # stream-ls-disable %s", " # stream-ls-disable %s, not-a-rule -- why",
		" # stream-ls-disable-next-line %s", " # stream-ls-disable-line", " # stream-ls-disable stream-unknown-kee", " \"", " |"}
	alone := []string{"# stream-ls-disable %s\n", "# stream-ls-disable-next-line %s\n", "# stream-ls-disable-next-line not-a-rule\n",
		"# stream-ls-disable\n", "\n", "notes: |\n  # stream-ls-disable-next-line %s\n", "note: \"# stream-ls-disable %s\"\n"}
	suppressed := 0
	for version := int32(2); version <= 100; version++ {
		var span document.Span
		var insert string
		lineStart := func(off int) int { return strings.LastIndexByte(text[:off], '\n') + 1 }
		lineEnd := func(off int) int {
			if i := strings.IndexByte(text[off:], '\n'); i >= 0 {
				return off + i
			}
			return len(text)
		}
		at, rule := rng.Intn(len(text)+1), "stream-consumer-dynamodb"
		if ds := analysis.Analyze(text).Diagnostics; len(ds) > 0 && rng.Intn(2) == 0 {
			d := ds[rng.Intn(len(ds))]
			at, rule = d.Span.Start, d.Rule
		}
		directive := func(format string) string {
			if strings.Contains(format, "%s") {
				return fmt.Sprintf(format, rule)
			}
			return format
		}
		switch k := rng.Intn(10); {
		case k < 3:
			span = document.Span{Start: lineEnd(at), End: lineEnd(at)}
			if span.Start > 0 && text[span.Start-1] == '\r' {
				span.Start--
				span.End--
			}
			insert = directive(atLineEnd[rng.Intn(len(atLineEnd))])
		case k < 6:
			p := lineStart(at)
			if rng.Intn(2) == 0 {
				p = lineStart(max(p-1, 0))
			}
			indent := p
			for indent < len(text) && text[indent] == ' ' {
				indent++
			}
			span = document.Span{Start: p, End: p}
			line := directive(alone[rng.Intn(len(alone))])
			insert = text[p:indent] + strings.ReplaceAll(strings.TrimSuffix(line, "\n"), "\n", "\n"+text[p:indent]) + "\n"
		case k < 8: // break or delete a directive
			i := strings.Index(text[at:], "stream-ls-disable")
			if i < 0 {
				at, i = 0, strings.Index(text, "stream-ls-disable")
			}
			if i < 0 {
				span = document.Span{Start: at, End: at}
				insert = "x"
				break
			}
			j := at + i + rng.Intn(24)
			span = document.Span{Start: min(j, len(text)), End: min(j+1+rng.Intn(30), len(text))}
		default:
			span = snapToRunes(text, document.Span{Start: at, End: min(len(text), at+rng.Intn(4))})
			insert = []string{"x", "é", "\n", "  ", ":"}[rng.Intn(5)]
		}
		span = snapToRunes(text, span)
		r := document.NewMapper(text).SpanRange(span)
		c.Change(uri, version, lsptest.Replace(uint32(r.Start.Line), uint32(r.Start.Character),
			uint32(r.End.Line), uint32(r.End.Character), insert))
		text = text[:span.Start] + insert + text[span.End:]
		check(t, c, uri, version, text)
		if len(analysis.AnalyzeConfigured(text, usersettings.Settings{}).Diagnostics) < len(analysis.Analyze(text).Diagnostics) {
			suppressed++
		}
	}
	t.Logf("directives silenced something in %d versions", suppressed)
	if suppressed < 20 {
		t.Errorf("directives silenced something in only %d versions", suppressed)
	}
}

// check waits for the diagnostics of version and compares them with a
// fresh analysis of text, configured as the server is by default.
func check(t *testing.T, c *lsptest.Client, uri string, version int32, text string) {
	t.Helper()
	got := c.WaitDiagnostics(uri, version)
	m := document.NewMapper(text)
	want := analysis.AnalyzeConfigured(text, usersettings.Settings{}).Diagnostics
	if len(got) != len(want) {
		t.Fatalf("version %d: %d diagnostics, a fresh analysis gives %d\n%s", version, len(got), len(want), text)
	}
	for i, w := range want {
		r := m.SpanRange(w.Span)
		g := got[i]
		wantRange := protocol.Range{
			Start: protocol.Position{Line: uint32(r.Start.Line), Character: uint32(r.Start.Character)},
			End:   protocol.Position{Line: uint32(r.End.Line), Character: uint32(r.End.Character)},
		}
		if fmt.Sprint(g.Code) != w.Rule || g.Range != wantRange || g.Message != w.Message {
			t.Fatalf("version %d, diagnostic %d: got %v %v %q, want %s %v %q", version, i, g.Code, g.Range, g.Message, w.Rule, wantRange, w.Message)
		}
	}
}

// snapToRunes moves a span's ends back to rune boundaries, as an editor's
// positions always are.
func snapToRunes(text string, s document.Span) document.Span {
	for s.Start > 0 && s.Start < len(text) && text[s.Start]&0xC0 == 0x80 {
		s.Start--
	}
	for s.End > 0 && s.End < len(text) && text[s.End]&0xC0 == 0x80 {
		s.End--
	}
	s.End = max(s.End, s.Start)
	return s
}
