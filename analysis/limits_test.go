package analysis_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stream-ls/stream-ls/analysis"
	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/hover"
	"github.com/stream-ls/stream-ls/analysis/serverless"
)

// A stream event with one mistake, so that a test can tell a file that is
// analysed (it is reported) from one that is not.
const wrongEvent = `functions:
  f:
    handler: h.main
    events:
      - stream:
          arn: arn:aws:kinesis:us-east-1:123456789012:stream/s
          batchSize: 0
`

// padTo pads text with a comment to exactly size bytes.
func padTo(text string, size int) string {
	pad := size - len(text) - len("\n#\n")
	return text + "\n#" + strings.Repeat("x", pad) + "\n"
}

func rulesOf(r *analysis.Result) []string {
	var out []string
	for _, d := range r.Diagnostics {
		out = append(out, d.Rule)
	}
	return out
}

func TestSizeLimitIsExact(t *testing.T) {
	at := analysis.Analyze(padTo(wrongEvent, analysis.MaxDocumentBytes))
	if got := rulesOf(at); len(got) != 1 || got[0] != catalog.RuleIntegerValue {
		t.Errorf("a text of exactly MaxDocumentBytes: diagnostics %v, want the batchSize mistake only", got)
	}

	text := padTo(wrongEvent, analysis.MaxDocumentBytes+1)
	past := analysis.Analyze(text)
	if got := rulesOf(past); len(got) != 1 || got[0] != catalog.RuleFileTooLarge {
		t.Fatalf("a text one byte past MaxDocumentBytes: diagnostics %v, want only %s", got, catalog.RuleFileTooLarge)
	}
	d := past.Diagnostics[0]
	if first := text[d.Span.Start:d.Span.End]; first != "functions:" {
		t.Errorf("the diagnostic covers %q, want the first line", first)
	}
	if want := "the file is 8.0 MiB; stream-ls analyses files up to 8.0 MiB, so it checks nothing in this one"; d.Message != want {
		t.Errorf("message = %q, want %q", d.Message, want)
	}
}

// padLines pads text with empty lines, each ended by br, to exactly lines
// lines as an editor counts them (a text ending in a line break has an
// empty last line).
func padLines(text string, lines int, br string) string {
	return text + strings.Repeat(br, lines-1-strings.Count(text, "\n"))
}

// Lines count as editors count them, whatever ends them, and the session
// decides as Analyze does.
func TestLineLimitIsExact(t *testing.T) {
	for _, br := range []string{"\n", "\r\n", "\r"} {
		at := padLines(wrongEvent, analysis.MaxDocumentLines, br)
		s := analysis.NewSession(analysis.Options{})
		for name, r := range map[string]*analysis.Result{"Analyze": analysis.Analyze(at), "Session": s.Update(at, nil)} {
			if got := rulesOf(r); len(got) != 1 || got[0] != catalog.RuleIntegerValue {
				t.Errorf("%s, lines ended by %q: a text of exactly MaxDocumentLines lines: diagnostics %v, want the batchSize mistake only", name, br, got)
			}
		}

		past := at + br
		for name, r := range map[string]*analysis.Result{
			"Analyze": analysis.Analyze(past),
			"Session": s.Update(past, []document.Edit{{Start: len(at), End: len(at), Text: br}}),
		} {
			if got := rulesOf(r); len(got) != 1 || got[0] != catalog.RuleFileTooLarge {
				t.Errorf("%s, lines ended by %q: a text one line past MaxDocumentLines: diagnostics %v, want only %s", name, br, got, catalog.RuleFileTooLarge)
				continue
			}
			d := r.Diagnostics[0]
			if first := past[d.Span.Start:d.Span.End]; first != "functions:" {
				t.Errorf("%s: the diagnostic covers %q, want the first line", name, first)
			}
			if want := "the file has 300,001 lines; stream-ls analyses files up to 300,000 lines, so it checks nothing in this one"; d.Message != want {
				t.Errorf("%s: message = %q, want %q", name, d.Message, want)
			}
		}
		// And back under the limit.
		if got := rulesOf(s.Update(at, []document.Edit{{Start: len(at), End: len(past)}})); len(got) != 1 || got[0] != catalog.RuleIntegerValue {
			t.Errorf("Session, lines ended by %q: back at MaxDocumentLines lines: diagnostics %v, want the batchSize mistake only", br, got)
		}
	}
}

// Functions sharing one list of events through an alias: each function's
// alias adds the list's values again, about six per event.
func TestAliasLimit(t *testing.T) {
	for _, tc := range []struct {
		fns, events int
		beyond      bool
	}{
		{fns: 10, events: 10},
		{fns: 200, events: 60},                 // about 84,000 values added
		{fns: 1000, events: 100, beyond: true}, // about 600,000
	} {
		text := sharedEvents(tc.fns, tc.events)
		r := analysis.Analyze(text)
		got := rulesOf(r)
		if tc.beyond {
			if len(got) != 1 || got[0] != catalog.RuleFileTooLarge || r.Diagnostics[0].Span.Start != strings.Index(text, "functions:") {
				t.Errorf("%d functions sharing %d events: diagnostics %v, want one %s at `functions`", tc.fns, tc.events, got, catalog.RuleFileTooLarge)
			}
			if len(r.Model.Functions) != 0 {
				t.Errorf("%d functions sharing %d events: the model of a file beyond the limits has %d functions, want none", tc.fns, tc.events, len(r.Model.Functions))
			}
			continue
		}
		if len(got) != tc.events {
			t.Errorf("%d functions sharing %d events: %d diagnostics, want one per event (each batchSize: 0, reported once at the anchor)", tc.fns, tc.events, len(got))
		}
	}
}

func TestDepthLimitCountsAliases(t *testing.T) {
	// custom's value is at depth 2, c2's at 3; c2 nests c1 n2 levels below
	// that, and c1 nests c0's scalar n1 levels below itself. Neither line
	// nests more than yaml.v3 accepts.
	chain := func(n1, n2 int) string {
		return fmt.Sprintf("custom:\n  c0: &c0 x\n  c1: &c1 %s*c0%s\n  c2: &c2 %s*c1%s\n",
			strings.Repeat("[", n1), strings.Repeat("]", n1), strings.Repeat("[", n2), strings.Repeat("]", n2)) + wrongEvent
	}
	if got := rulesOf(analysis.Analyze(chain(5000, 4997))); len(got) != 1 || got[0] != catalog.RuleIntegerValue {
		t.Errorf("10,000 levels: diagnostics %v, want the batchSize mistake only", got)
	}
	r := analysis.Analyze(chain(5000, 4998))
	if got := rulesOf(r); len(got) != 1 || got[0] != catalog.RuleFileTooLarge ||
		!strings.HasPrefix(r.Diagnostics[0].Message, "`custom` nests more than 10,000 levels deep") {
		t.Errorf("10,001 levels: diagnostics %v, want only %s saying custom nests too deep", r.Diagnostics, catalog.RuleFileTooLarge)
	}
}

func TestDiagnosticsAreCapped(t *testing.T) {
	const n = analysis.MaxDiagnostics + 500
	text := strings.Repeat("k: [\n", n)
	ds := analysis.Analyze(text).Diagnostics
	if len(ds) != analysis.MaxDiagnostics+1 {
		t.Fatalf("%d broken lines: %d diagnostics, want %d and one that says the rest are left out", n, len(ds), analysis.MaxDiagnostics+1)
	}
	last := ds[len(ds)-1]
	wantStart := analysis.MaxDiagnostics * len("k: [\n")
	if last.Rule != catalog.RuleFileTooLarge || last.Span.Start != wantStart ||
		!strings.Contains(last.Message, "500 more, from here on, are not shown") {
		t.Errorf("last diagnostic = %s at %d: %q; want %s at %d saying 500 more are not shown",
			last.Rule, last.Span.Start, last.Message, catalog.RuleFileTooLarge, wantStart)
	}
}

// A file beyond the limits reads as empty to hover and Model, so nothing
// walks the tree that the limits refused.
func TestBeyondLimitsModelIsEmpty(t *testing.T) {
	text := "custom:\n" + laughs("  ", 9) + wrongEvent
	for name, m := range map[string]*serverless.File{
		"Analyze": analysis.Analyze(text).Model,
		"Model":   analysis.Model(text),
	} {
		if len(m.Functions) != 0 || len(m.Streams) != 0 || m.AST.Root != nil || m.AST.Text.String() != text {
			t.Errorf("%s: model has %d functions, %d streams, root %v; want an empty model over the text", name, len(m.Functions), len(m.Streams), m.AST.Root)
		}
		if h, ok := hover.Hover(m, strings.Index(text, "batchSize")); ok {
			t.Errorf("%s: hover on batchSize = %+v, want none", name, h)
		}
	}
}
