package fix_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stream-ls/stream-ls/analysis"
	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/fix"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

var update = flag.Bool("update", false, "rewrite the .golden.yml files with the fixes' output")

// Golden cases live in testdata/<case>.yml. A marker comment names the
// diagnostic to fix, on the line where its span starts:
//
//	startingPosition: latest #@fix(stream-enum-value)
//	arn: !ImportValue x      #@fix(stream-type-required, 2)
//
// The optional number picks among several fixes (1 is the first offered).
// A case named all-*.yml has no marker: it applies "fix all". The result is
// compared with testdata/<case>.golden.yml, then analysed again: the fixed
// diagnostic must be gone and no rule may report more than before.
var fixMarker = regexp.MustCompile(`#@fix\(\s*([a-z0-9-]+)\s*(?:,\s*(\d+)\s*)?\)`)

func init() {
	stamp := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	fix.SetClock(func() time.Time { return stamp })
}

func TestGolden(t *testing.T) {
	cases, _ := filepath.Glob("testdata/*.yml")
	n := 0
	for _, file := range cases {
		if strings.HasSuffix(file, ".golden.yml") {
			continue
		}
		n++
		name := strings.TrimSuffix(filepath.Base(file), ".yml")
		t.Run(name, func(t *testing.T) { runGolden(t, file, name) })
	}
	if n == 0 {
		t.Fatal("no golden cases under testdata")
	}
}

func runGolden(t *testing.T, file, name string) {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	before := analysis.Analyze(text)

	var edits []fix.Edit
	want := map[string]int{} // rule → how many diagnostics the fix removes
	// The server's models read a text whose chunks edits have cut
	// anywhere: the fixes must not depend on where.
	chunked := inChunks(before.Model, 3)
	if strings.HasPrefix(name, "all-") {
		var fixed int
		edits, fixed = fix.All(before.Model, before.Diagnostics)
		if again, _ := fix.All(chunked, before.Diagnostics); !reflect.DeepEqual(again, edits) {
			t.Fatalf("fix all on the text in chunks: %v, want %v", again, edits)
		}
		if fixed < 2 {
			t.Fatalf("fix all fixed %d diagnostics; a fix-all case needs at least two", fixed)
		}
		for _, d := range before.Diagnostics {
			if fs := fix.For(before.Model, d); len(fs) > 0 && fs[0].Preferred {
				want[d.Rule]++
			}
		}
	} else {
		d, choice := markedDiagnostic(t, text, before.Diagnostics)
		fixes := fix.For(before.Model, d)
		if again := fix.For(chunked, d); !reflect.DeepEqual(again, fixes) {
			t.Fatalf("fixes on the text in chunks: %v, want %v", again, fixes)
		}
		if choice > len(fixes) {
			t.Fatalf("%s at %d: fix %d asked for, %d offered: %v", d.Rule, d.Span.Start, choice, len(fixes), fixes)
		}
		edits = fixes[choice-1].Edits
		want[d.Rule] = 1
		t.Logf("applying %q", fixes[choice-1].Title)
	}

	got, err := fix.Apply(text, edits)
	if err != nil {
		t.Fatal(err)
	}
	golden := strings.TrimSuffix(file, ".yml") + ".golden.yml"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	wantText, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./analysis/fix -update to create it)", err)
	}
	if got != string(wantText) {
		t.Errorf("fixed text differs from %s\n--- got ---\n%s\n--- want ---\n%s", golden, got, wantText)
	}
	if strings.Contains(text, "\r\n") && strings.Count(got, "\n") != strings.Count(got, "\r\n") {
		t.Errorf("the fix wrote a bare \\n into a CRLF file:\n%q", got)
	}
	checkReanalysis(t, before.Diagnostics, analysis.Analyze(got).Diagnostics, want)
}

// inChunks is model over the same text cut into chunks of size bytes.
func inChunks(model *serverless.File, size int) *serverless.File {
	m, ast := *model, *model.AST
	ast.Text = document.NewTextChunked(ast.Text.String(), size)
	m.AST = &ast
	return &m
}

// markedDiagnostic returns the diagnostic a #@fix marker names, and which
// of its fixes to apply.
func markedDiagnostic(t *testing.T, text string, ds []diag.Diagnostic) (diag.Diagnostic, int) {
	t.Helper()
	loc := fixMarker.FindStringSubmatchIndex(text)
	if loc == nil {
		t.Fatal("no #@fix marker")
	}
	rule := text[loc[2]:loc[3]]
	choice := 1
	if loc[4] >= 0 {
		choice, _ = strconv.Atoi(text[loc[4]:loc[5]])
	}
	lineStart := strings.LastIndexByte(text[:loc[0]], '\n') + 1
	for _, d := range ds {
		if d.Rule == rule && d.Span.Start >= lineStart && d.Span.Start < loc[0] {
			return d, choice
		}
	}
	t.Fatalf("no %s diagnostic on the marker's line; got %v", rule, ds)
	return diag.Diagnostic{}, 0
}

// checkReanalysis requires that each rule in want reports exactly that many
// fewer diagnostics, and that no rule reports more than before. Counts are
// compared rather than messages, which may name lines that the fix moved.
func checkReanalysis(t *testing.T, before, after []diag.Diagnostic, want map[string]int) {
	t.Helper()
	count := func(ds []diag.Diagnostic) map[string]int {
		out := map[string]int{}
		for _, d := range ds {
			out[d.Rule]++
		}
		return out
	}
	b, a := count(before), count(after)
	for rule, n := range want {
		if a[rule] != b[rule]-n {
			t.Errorf("%s: %d diagnostics before the fix, %d after; want %d", rule, b[rule], a[rule], b[rule]-n)
		}
	}
	for rule, n := range a {
		if n > b[rule] {
			t.Errorf("the fix added a %s diagnostic: %s", rule, describe(after, rule))
		}
	}
}

func describe(ds []diag.Diagnostic, rule string) string {
	var out []string
	for _, d := range ds {
		if d.Rule == rule {
			out = append(out, fmt.Sprintf("%d: %s", d.Span.Start, d.Message))
		}
	}
	return strings.Join(out, "; ")
}

// TestEveryRuleFixtureFixes applies every fix offered for the diagnostics of
// the rules' own fixtures: each removes its diagnostic, a preferred one adds
// none, and each writes only what its diagnostic's message advises, so a fix
// never contradicts the message it answers.
func TestEveryRuleFixtureFixes(t *testing.T) {
	files, _ := filepath.Glob("../rules/testdata/*/*.yml")
	if len(files) == 0 {
		t.Fatal("no rule fixtures found")
	}
	offered := map[string]int{}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		before := analysis.Analyze(text)
		for _, d := range before.Diagnostics {
			for _, f := range fix.For(before.Model, d) {
				offered[d.Rule]++
				where := fmt.Sprintf("%s: %s at %d, fix %q", file, d.Rule, d.Span.Start, f.Title)
				got, err := fix.Apply(text, f.Edits)
				if err != nil {
					t.Errorf("%s: %v", where, err)
					continue
				}
				after := analysis.Analyze(got).Diagnostics
				if !gone(before.Diagnostics, after, d) {
					t.Errorf("%s: the diagnostic is still reported:\n%s", where, got)
				}
				if f.Preferred {
					checkNoNewDiagnostics(t, where, before.Diagnostics, after)
				}
				for _, word := range advisedWords(text, f) {
					if !strings.Contains(d.Message, word) {
						t.Errorf("%s: writes %q, which the message does not mention: %s", where, word, d.Message)
					}
				}
			}
		}
	}
	t.Logf("fixes offered per rule: %v", offered)
	for _, rule := range fix.Rules() {
		if offered[rule] == 0 {
			t.Errorf("%s has a fixer, but no rule fixture gets a fix from it", rule)
		}
	}
}

// gone reports whether after has fewer diagnostics of d's rule than before.
func gone(before, after []diag.Diagnostic, d diag.Diagnostic) bool {
	n := 0
	for _, x := range before {
		if x.Rule == d.Rule {
			n++
		}
	}
	for _, x := range after {
		if x.Rule == d.Rule {
			n--
		}
	}
	return n > 0
}

func checkNoNewDiagnostics(t *testing.T, where string, before, after []diag.Diagnostic) {
	t.Helper()
	b := map[string]int{}
	for _, d := range before {
		b[d.Rule]++
	}
	for _, d := range after {
		b[d.Rule]--
	}
	for rule, n := range b {
		if n < 0 {
			t.Errorf("%s: adds %s: %s", where, rule, describe(after, rule))
		}
	}
}

var word = regexp.MustCompile(`[A-Za-z_]{3,}`)

// advisedWords are the names a fix writes that the text it replaces did
// not hold: keys, values and attributes. (The current time that the
// timestamp fix writes is a number, not a name.)
func advisedWords(text string, f fix.Fix) []string {
	var out []string
	for _, e := range f.Edits {
		old := word.FindAllString(text[e.Span.Start:e.Span.End], -1)
		for _, w := range word.FindAllString(e.NewText, -1) {
			if !slices.Contains(old, w) {
				out = append(out, w)
			}
		}
	}
	return out
}

// TestFixersRejectSpansTheyDoNotFix hands every fixer the span of every
// key and value of every rule fixture, as a client with stale or foreign
// diagnostics might: a fixer must not panic, and a fix it offers must
// apply cleanly.
func TestFixersRejectSpansTheyDoNotFix(t *testing.T) {
	files, _ := filepath.Glob("../rules/testdata/*/*.yml")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		model := analysis.Model(text)
		var spans []diag.Diagnostic
		var walk func(n *yamlast.Node)
		seen := map[*yamlast.Node]bool{}
		walk = func(n *yamlast.Node) {
			if n == nil || seen[n] {
				return
			}
			seen[n] = true
			spans = append(spans, diag.Diagnostic{Span: n.Span})
			for _, p := range n.Pairs {
				spans = append(spans, diag.Diagnostic{Span: p.Key.Span})
				walk(p.Value)
			}
			for _, it := range n.Items {
				walk(it)
			}
		}
		walk(model.AST.Root)
		spans = append(spans, diag.Diagnostic{Span: document.Span{Start: len(text), End: len(text)}},
			diag.Diagnostic{Span: document.Span{Start: -1, End: 3}}, diag.Diagnostic{Span: document.Span{Start: 5, End: len(text) + 1}})
		for _, rule := range fix.Rules() {
			for _, d := range spans {
				d.Rule = rule
				for _, f := range fix.For(model, d) {
					if _, err := fix.Apply(text, f.Edits); err != nil {
						t.Errorf("%s: %s at %v: %q: %v", file, rule, d.Span, f.Title, err)
					}
				}
			}
		}
	}
}
