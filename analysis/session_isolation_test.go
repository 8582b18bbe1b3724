package analysis

import (
	"slices"
	"strings"
	"testing"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/serverless"
)

// functionSpan returns where function name's entry lies in text: from its
// key line to the next function's.
func functionSpan(t *testing.T, text, name string) document.Span {
	t.Helper()
	start := strings.Index(text, "\n  "+name+":\n")
	if start < 0 {
		t.Fatalf("no function %s", name)
	}
	start++
	end := start + 1
	for {
		i := strings.Index(text[end:], "\n  ")
		if i < 0 {
			return document.Span{Start: start, End: len(text)}
		}
		end += i + 1
		if c := text[end+2]; c != ' ' && c != '-' && c != '#' {
			return document.Span{Start: start, End: end}
		}
	}
}

// edit replaces the first occurrence of old after offset from.
func edit(t *testing.T, text, old, new string, from int) (string, document.Edit) {
	t.Helper()
	i := strings.Index(text[from:], old)
	if i < 0 {
		t.Fatalf("%q not found", old)
	}
	i += from
	return text[:i] + new + text[i+len(old):], document.Edit{Start: i, End: i + len(old), Text: new}
}

// A syntax error in one function leaves the diagnostics of the others in
// place, moved by what the edit inserted, and reports the error in the
// broken function.
func TestSyntaxErrorInOneFunctionKeepsTheOthers(t *testing.T) {
	text := corpus(t)["gen-n20-seed1.yml"]
	s := NewSession(Options{})
	before := s.Update(text, nil).Diagnostics
	broken := functionSpan(t, text, "fn0007")
	var outside []diag.Diagnostic
	for _, d := range before {
		if d.Span.Start < broken.Start || d.Span.Start >= broken.End {
			outside = append(outside, d)
		}
	}
	if len(outside) < 3 {
		t.Fatalf("the fixture should have diagnostics outside fn0007, has %d", len(outside))
	}
	// An unclosed flow sequence: the function no longer parses.
	next, ed := edit(t, text, "    handler: ", "    handler: [", broken.Start)
	after := s.Update(next, []document.Edit{ed}).Diagnostics
	delta := len(ed.Text) - (ed.End - ed.Start)
	have := map[diag.Diagnostic]bool{}
	for _, d := range after {
		have[d] = true
	}
	for _, d := range outside {
		if d.Span.Start >= ed.End {
			d.Span.Start += delta
			d.Span.End += delta
		}
		if !have[d] {
			t.Errorf("lost %s at %v: %s", d.Rule, d.Span, d.Message)
		}
	}
	var syntax int
	for _, d := range after {
		if d.Rule == catalog.RuleYAMLSyntax {
			syntax++
			if d.Span.Start < broken.Start || d.Span.Start > broken.End+delta {
				t.Errorf("syntax error at %v, outside fn0007 %v", d.Span, broken)
			}
		}
	}
	if syntax != 1 {
		t.Errorf("%d syntax errors, want 1", syntax)
	}
	if want := NewSession(Options{}).Update(next, nil).Diagnostics; diagText(after) != diagText(want) {
		t.Errorf("incremental and from-scratch differ")
	}
}

// An edit inside one function parses and checks that function only; an
// edit in an anchor checks the functions that use it; an edit in a
// resource checks the functions that name it.
func TestEditsRecheckWhatDependsOnThem(t *testing.T) {
	text := corpus(t)["gen-n20-seed1.yml"]
	fnDepends := func(anchor string) (n int) {
		for _, name := range functionNames(text) {
			sp := functionSpan(t, text, name)
			if strings.Contains(text[sp.Start:sp.End], "*"+anchor) {
				n++
			}
		}
		return n
	}
	naming := func(id string) (n int) {
		for _, fn := range Analyze(text).Model.Functions {
			if slices.Contains(serverless.Mentions(fn.Node), id) {
				n++
			}
		}
		if n == 0 {
			t.Fatalf("no function names %s", id)
		}
		return n
	}
	fn := functionSpan(t, text, "fn0010")
	for _, tc := range []struct {
		name      string
		old, new  string
		from      int
		parsed    int
		units     int
		unitsDesc string
	}{
		{"function body", "description: Processes", "description: Handles", fn.Start, 1, 1, "the function"},
		{"anchor", "    batchSize: 100\n", "    batchSize: 101\n", 0, 1, fnDepends("streamDefaults"), "the functions that merge it"},
		{"resource", "StreamViewType:", "StreamViewType: ", strings.Index(text, "    OrdersTable0007:"),
			1, naming("OrdersTable0007"), "the functions that name it"},
	} {
		s := NewSession(Options{})
		s.Update(text, nil)
		next, ed := edit(t, text, tc.old, tc.new, tc.from)
		got := s.Update(next, []document.Edit{ed})
		st := s.Stats()
		if st.Parsed != tc.parsed || st.Units != tc.units {
			t.Errorf("%s: parsed %d pieces and checked %d units, want %d and %d (%s)", tc.name, st.Parsed, st.Units,
				tc.parsed, tc.units, tc.unitsDesc)
		}
		if want := NewSession(Options{}).Update(next, nil); diagText(got.Diagnostics) != diagText(want.Diagnostics) {
			t.Errorf("%s: incremental and from-scratch differ", tc.name)
		}
	}
}

func functionNames(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "  fn") && strings.HasSuffix(line, ":") {
			out = append(out, strings.TrimSuffix(strings.TrimSpace(line), ":"))
		}
	}
	return out
}
