package rules

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// docs/rules.md is written by hand; these tests keep it honest. Every rule
// of the catalog has a `### <rule-id>` section (under `## group` headings) whose severity and docs link
// are the catalog's, the summary table lists the same rules, and each
// section's examples do what the prose says: the wrong one triggers the
// rule, the right one triggers nothing.

const rulesDoc = "../../docs/rules.md"

// docSection is one `### <rule-id>` section of docs/rules.md.
type docSection struct {
	id       string
	line     int
	severity string
	href     string
	wrong    []string
	right    []string
}

var (
	sectionHeading = regexp.MustCompile(`^### (\S+)\s*$`)
	severityLine   = regexp.MustCompile(`\*\*Severity:\*\* (\w+)`)
	docsLine       = regexp.MustCompile(`\*\*Docs:\*\* <(https://[^>]+)>`)
	summaryRow     = regexp.MustCompile("^\\| \\[`([a-z0-9-]+)`\\]\\(#([a-z0-9-]+)\\) \\| (\\w+) \\|")
)

func readRulesDoc(t *testing.T) (sections []*docSection, summary map[string]string) {
	t.Helper()
	data, err := os.ReadFile(rulesDoc)
	if err != nil {
		t.Fatalf("docs/rules.md: %v", err)
	}
	summary = map[string]string{}
	var cur *docSection
	var block *[]string // the example list the next yaml block belongs to
	inCode, code := false, []string{}
	for i, line := range strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n") {
		switch {
		case inCode && strings.HasPrefix(line, "```"):
			inCode = false
			if block != nil {
				*block = append(*block, strings.Join(code, "\n")+"\n")
				block = nil
			}
		case inCode:
			code = append(code, line)
		case strings.HasPrefix(line, "```"):
			inCode, code = true, nil
			if !strings.HasPrefix(line, "```yaml") {
				block = nil
			}
		case sectionHeading.MatchString(line):
			cur = &docSection{id: sectionHeading.FindStringSubmatch(line)[1], line: i + 1}
			sections = append(sections, cur)
		case strings.HasPrefix(line, "# ") || strings.HasPrefix(line, "## ") || strings.HasPrefix(line, "### "):
			cur = nil
		case summaryRow.MatchString(line):
			m := summaryRow.FindStringSubmatch(line)
			if m[1] != m[2] {
				t.Errorf("docs/rules.md:%d: summary row for %s links to #%s", i+1, m[1], m[2])
			}
			summary[m[1]] = m[3]
		case cur == nil:
		case severityLine.MatchString(line) || docsLine.MatchString(line):
			if m := severityLine.FindStringSubmatch(line); m != nil {
				cur.severity = m[1]
			}
			if m := docsLine.FindStringSubmatch(line); m != nil {
				cur.href = m[1]
			}
		case strings.TrimSpace(line) == "Wrong:":
			block = &cur.wrong
		case strings.TrimSpace(line) == "Right:":
			block = &cur.right
		}
	}
	return sections, summary
}

func TestRulesDocMatchesCatalog(t *testing.T) {
	sections, summary := readRulesDoc(t)
	byID := map[string]*docSection{}
	for _, s := range sections {
		if _, dup := byID[s.id]; dup {
			t.Errorf("docs/rules.md:%d: a second section for %s", s.line, s.id)
		}
		byID[s.id] = s
		rule, ok := catalog.Lookup(s.id)
		if !ok {
			t.Errorf("docs/rules.md:%d: section %s names no rule in the catalog", s.line, s.id)
			continue
		}
		if s.severity != rule.Severity.String() {
			t.Errorf("docs/rules.md:%d: %s has severity %q, the catalog says %s", s.line, s.id, s.severity, rule.Severity)
		}
		if s.href != rule.Href {
			t.Errorf("docs/rules.md:%d: %s links to %q, the catalog to %s", s.line, s.id, s.href, rule.Href)
		}
		if len(s.wrong) == 0 || len(s.right) == 0 {
			t.Errorf("docs/rules.md:%d: %s needs a wrong and a right yaml example", s.line, s.id)
		}
	}
	for _, rule := range catalog.Rules() {
		if byID[rule.ID] == nil {
			t.Errorf("docs/rules.md has no section `### %s`", rule.ID)
		}
		if sev, ok := summary[rule.ID]; !ok {
			t.Errorf("docs/rules.md: the summary table has no row for %s", rule.ID)
		} else if sev != rule.Severity.String() {
			t.Errorf("docs/rules.md: the summary table gives %s severity %s, the catalog %s", rule.ID, sev, rule.Severity)
		}
	}
	for id := range summary {
		if _, ok := catalog.Lookup(id); !ok {
			t.Errorf("docs/rules.md: the summary table lists %s, which is not in the catalog", id)
		}
	}
}

func TestRulesDocExamples(t *testing.T) {
	sections, _ := readRulesDoc(t)
	for _, s := range sections {
		if _, ok := catalog.Lookup(s.id); !ok {
			continue
		}
		t.Run(s.id, func(t *testing.T) {
			for _, ex := range s.wrong {
				if got := runExample(ex); !reports(got, s.id) {
					t.Errorf("docs/rules.md:%d: the wrong example does not trigger %s; it gives %s\n%s", s.line, s.id, describe(got), ex)
				}
			}
			for _, ex := range s.right {
				for _, d := range runExample(ex) {
					if d.Severity <= diag.Warning {
						t.Errorf("docs/rules.md:%d: the right example of %s triggers %s: %s\n%s", s.line, s.id, d.Rule, d.Message, ex)
					}
				}
			}
		})
	}
}

// runExample analyses an example. Examples that show a single event (they
// start with `- stream:`) are placed in a function's events; the others are
// whole files.
func runExample(ex string) []diag.Diagnostic {
	text := ex
	if strings.HasPrefix(strings.TrimLeft(ex, " \n"), "- stream:") {
		var b strings.Builder
		b.WriteString("functions:\n  example:\n    handler: handler.main\n    events:\n")
		for _, line := range strings.Split(strings.TrimRight(ex, "\n"), "\n") {
			b.WriteString("      " + line + "\n")
		}
		text = b.String()
	}
	return Run(serverless.Build(yamlast.Parse(text)), Options{})
}

func reports(ds []diag.Diagnostic, id string) bool {
	for _, d := range ds {
		if d.Rule == id {
			return true
		}
	}
	return false
}

func describe(ds []diag.Diagnostic) string {
	if len(ds) == 0 {
		return "nothing"
	}
	var parts []string
	for _, d := range ds {
		parts = append(parts, d.Rule+": "+d.Message)
	}
	return strings.Join(parts, "; ")
}
