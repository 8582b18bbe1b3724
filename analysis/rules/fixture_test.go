package rules

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// Fixtures live in testdata/<rule-id>/*.yml and carry their expectations as
// YAML comments on the line they concern, after gopls's marker tests:
//
//	consumer: true #@diag("consumer", stream-consumer-dynamodb)
//	batchSize: 0   #@diag("0", stream-batch-size, error, re"between 1 and")
//
// The first argument is text searched from the start of the line; the
// diagnostic's span must cover exactly that text. The severity defaults to
// the rule's catalog severity. Diagnostics and markers must match one to one,
// so a fixture also proves that nothing else is reported.
var marker = regexp.MustCompile(`#@diag\(\s*"((?:[^"\\]|\\.)*)"\s*,\s*([a-z0-9-]+)\s*(?:,\s*(error|warning|information|hint))?\s*(?:,\s*re"((?:[^"\\]|\\.)*)")?\s*\)`)

type expectation struct {
	line     int
	start    int
	end      int
	rule     string
	severity diag.Severity
	message  *regexp.Regexp
	raw      string
}

func TestFixtures(t *testing.T) {
	dirs, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		files, _ := filepath.Glob(filepath.Join("testdata", d.Name(), "*.yml"))
		for _, file := range files {
			t.Run(strings.TrimPrefix(file, "testdata/"), func(t *testing.T) { runFixture(t, file) })
		}
	}
}

func runFixture(t *testing.T, file string) {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	ast := yamlast.Parse(text)
	got := Run(serverless.Build(ast), Options{})
	want := parseMarkers(t, text, ast)

	matched := make([]bool, len(got))
	for _, w := range want {
		found := false
		for i, g := range got {
			if matched[i] || g.Rule != w.rule || g.Span.Start != w.start || g.Span.End != w.end {
				continue
			}
			matched[i], found = true, true
			if g.Severity != w.severity {
				t.Errorf("line %d: %s reported as %s, want %s", w.line+1, w.rule, g.Severity, w.severity)
			}
			if w.message != nil && !w.message.MatchString(g.Message) {
				t.Errorf("line %d: %s message %q does not match %q", w.line+1, w.rule, g.Message, w.message)
			}
			if g.Href == "" || !strings.HasPrefix(g.Href, "https://") {
				t.Errorf("line %d: %s has no docs link", w.line+1, w.rule)
			}
			break
		}
		if !found {
			t.Errorf("line %d: missing diagnostic %s", w.line+1, w.raw)
		}
	}
	for i, g := range got {
		if !matched[i] {
			line := ast.Mapper.OffsetLine(g.Span.Start)
			t.Errorf("line %d: unexpected diagnostic %s on %q: %s", line+1, g.Rule, text[g.Span.Start:g.Span.End], g.Message)
		}
	}
}

func parseMarkers(t *testing.T, text string, ast *yamlast.File) []expectation {
	t.Helper()
	m := ast.Mapper
	var out []expectation
	for l := 0; l < m.LineCount(); l++ {
		lineStart := m.LineStart(l)
		line := text[lineStart:m.LineEnd(l)]
		for _, sub := range marker.FindAllStringSubmatch(line, -1) {
			locator := unquote(sub[1])
			idx := strings.Index(line, locator)
			if idx < 0 || idx >= strings.Index(line, "#@diag") {
				t.Fatalf("line %d: %q not found before the marker", l+1, locator)
			}
			rule, ok := catalog.Lookup(sub[2])
			if !ok {
				t.Fatalf("line %d: unknown rule %q", l+1, sub[2])
			}
			e := expectation{line: l, start: lineStart + idx, end: lineStart + idx + len(locator),
				rule: rule.ID, severity: rule.Severity, raw: sub[0]}
			if sub[3] != "" {
				e.severity, _ = diag.ParseSeverity(sub[3])
			}
			if sub[4] != "" {
				e.message = regexp.MustCompile(unquote(sub[4]))
			}
			out = append(out, e)
		}
	}
	return out
}

func unquote(s string) string { return strings.NewReplacer(`\"`, `"`, `\\`, `\`).Replace(s) }

// TestCatalogAndFixturesAgree keeps the catalog, the registered rules and the
// fixtures in step: every rule in the catalog runs, and has a fixture folder
// with at least one expected diagnostic.
func TestCatalogAndFixturesAgree(t *testing.T) {
	var inCatalog []string
	for _, r := range catalog.Rules() {
		inCatalog = append(inCatalog, r.ID)
		if r.Title == "" || !strings.HasPrefix(r.Href, "https://") {
			t.Errorf("%s: catalog entry needs a title and an https docs link", r.ID)
		}
		files, _ := filepath.Glob(filepath.Join("testdata", r.ID, "*.yml"))
		markers := 0
		for _, f := range files {
			data, _ := os.ReadFile(f)
			markers += len(marker.FindAll(data, -1))
		}
		if markers == 0 {
			t.Errorf("%s: no fixture under testdata/%s expects it", r.ID, r.ID)
		}
	}
	sort.Strings(inCatalog)
	if got, want := fmt.Sprint(Registered()), fmt.Sprint(inCatalog); got != want {
		t.Errorf("registered rules %s differ from the catalog %s", got, want)
	}
	dirs, _ := os.ReadDir("testdata")
	for _, d := range dirs {
		if _, ok := catalog.Lookup(d.Name()); d.IsDir() && !ok {
			t.Errorf("testdata/%s names no rule in the catalog", d.Name())
		}
	}
}
