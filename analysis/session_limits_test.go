package analysis

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/rules"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// aliasFile builds a file whose aliases add exactly m*(k+1) values: an
// anchored list of k items, aliased m times from functions.
func aliasFile(k, m int) string {
	var b strings.Builder
	b.WriteString("custom:\n  one: &one x\n  list: &list [")
	for i := 0; i < k; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("x")
	}
	b.WriteString("]\nfunctions:\n")
	for f := 0; f*100 < m; f++ {
		fmt.Fprintf(&b, "  f%d:\n    events:\n", f)
		for i := f * 100; i < min(m, (f+1)*100); i++ {
			b.WriteString("      - stream:\n          batchSize: 0\n          arn: arn:aws:kinesis:us-east-1:1:stream/s\n          extra: *list\n")
		}
	}
	return b.String()
}

// At the limits, a session decides as rules.CheckTree does, and after an
// edit that crosses a limit, in either direction, it gives what Analyze
// gives.
func TestSessionAppliesAliasLimits(t *testing.T) {
	check := func(name, text string, s *Session, edits []document.Edit) {
		t.Helper()
		got := s.Update(text, edits)
		want := Analyze(text)
		if g, w := diagText(got.Diagnostics), diagText(want.Diagnostics); g != w {
			t.Fatalf("%s: session and Analyze differ\n--- session\n%.2000s\n--- Analyze\n%.2000s", name, g, w)
		}
	}
	// Aliases of 100 values each, exactly the limit.
	at := aliasFile(99, rules.MaxAliasedNodes/100)
	s := NewSession(Options{})
	check("at the limit", at, s, nil)
	if d := s.Update(at, nil).Diagnostics; len(d) == 0 || d[0].Rule == "file-too-large" {
		t.Fatalf("at the limit: want the rules' findings, got %s", diagText(d[:min(3, len(d))]))
	}
	// One more item in the anchored list passes it.
	i := strings.Index(at, "[x") + 1
	over := at[:i] + "x, " + at[i:]
	check("one past the limit", over, s, []document.Edit{{Start: i, End: i, Text: "x, "}})
	if d := s.Update(over, nil).Diagnostics; len(d) != 1 || d[0].Rule != "file-too-large" {
		t.Fatalf("past the limit: want one file-too-large, got %d diagnostics", len(d))
	}
	// And back.
	check("back at the limit", at, s, []document.Edit{{Start: i, End: i + 3}})
	// One alias of a scalar is one value more: exactly one past.
	one := at + "  g:\n    x: *one\n"
	check("one value past the limit", one, s, []document.Edit{{Start: len(at), End: len(at), Text: one[len(at):]}})
	if d := s.Update(one, nil).Diagnostics; len(d) != 1 || d[0].Rule != "file-too-large" {
		t.Fatalf("one value past the limit: want one file-too-large, got %d diagnostics", len(d))
	}

	// Depth: c2 nests c1, which nests c0, past 10,000 levels.
	chain := func(n1, n2 int) string {
		return fmt.Sprintf("custom:\n  c0: &c0 x\n  c1: &c1 %s*c0%s\n  c2: &c2 %s*c1%s\n",
			strings.Repeat("[", n1), strings.Repeat("]", n1), strings.Repeat("[", n2), strings.Repeat("]", n2)) +
			"functions:\n  f:\n    events:\n      - stream:\n          batchSize: 0\n          arn: arn:aws:kinesis:us-east-1:1:stream/s\n"
	}
	for _, n2 := range []int{4996, 4997, 4998, 4999} {
		check(fmt.Sprintf("chain %d", n2), chain(5000, n2), NewSession(Options{}), nil)
	}
	s = NewSession(Options{})
	check("chain below", chain(5000, 4997), s, nil)
	text := chain(5000, 4997)
	j := strings.Index(text, "&c2 ") + 4
	check("chain deeper", chain(5000, 4998), s, []document.Edit{{Start: j, End: j, Text: "["}, {Start: j + 4998 + 4, End: j + 4998 + 4, Text: "]"}})
}

// A piece that nothingToCount lets through without building its nodes
// really adds nothing: the walk agrees on every piece of the realistic
// files, the rule fixtures and texts that merge and alias where resources
// live.
func TestNothingToCountAgreesWithTheWalk(t *testing.T) {
	texts := map[string]string{
		"inline merge in a resource": "resources:\n  Resources:\n    T:\n      Type: AWS::DynamoDB::Table\n      Properties:\n        <<: {BillingMode: PAY_PER_REQUEST}\n" +
			"    U:\n      Type: AWS::SQS::Queue\n",
		"alias in a resource": "custom:\n  p: &p {BillingMode: PAY_PER_REQUEST}\nresources:\n  Resources:\n    T:\n      Type: AWS::DynamoDB::Table\n      Properties: *p\n" +
			"    U:\n      Type: AWS::SQS::Queue\n",
	}
	for name, text := range corpusAndFixtures(t) {
		texts[name] = text
	}
	skipped, counted := 0, 0
	for name, text := range texts {
		s := NewSession(Options{})
		s.Update(text, nil)
		st := s.st
		if st == nil || st.whole {
			continue
		}
		st.matCache = map[*pstate]*yamlast.Materialized{}
		for _, sl := range st.slots {
			p := sl.p
			if p.failed() {
				continue
			}
			l := st.countLimits(p, st.materialize(p))
			if !nothingToCount(p) {
				counted++
				continue
			}
			skipped++
			if l.added != 0 || l.deep {
				t.Errorf("%s: the piece at %d adds %d (deep %v), but nothingToCount skips it", name, sl.start, l.added, l.deep)
			}
		}
		st.matCache = nil
		if strings.Contains(name, " a resource") {
			for _, sl := range st.slots {
				if sl.p.role == roleResource && strings.HasPrefix(strings.TrimSpace(sl.p.tree.Text()), "T:") && nothingToCount(sl.p) {
					t.Errorf("%s: resource T merges or aliases, yet nothingToCount skips it", name)
				}
			}
		}
	}
	if skipped == 0 || counted == 0 {
		t.Fatalf("skipped %d pieces and counted %d: the test needs both", skipped, counted)
	}
}

// bombFile is aliasFile(99, 600), whose functions add 60,000 values, and a
// resource whose list aliases a 100-value list `aliases` times.
func bombFile(aliases int) string {
	var b strings.Builder
	b.WriteString(aliasFile(99, 600))
	b.WriteString("resources:\n  Resources:\n    Bomb:\n      Type: Custom::Thing\n      Properties:\n        a: &a [")
	b.WriteString(strings.TrimSuffix(strings.Repeat("x, ", 99), ", "))
	b.WriteString("]\n        b: [")
	b.WriteString(strings.TrimSuffix(strings.Repeat("*a, ", aliases), ", "))
	b.WriteString("]\n    Other:\n      Type: AWS::SQS::Queue\n")
	return b.String()
}

// The count of the functions an update checks waits for their first run;
// an update that finds the text beyond the limits before that (the
// resource passes them alone) must not lose their counts: once the
// resource shrinks, the functions' 60,000 and the resource's 50,000 still
// pass the limit. (Found in review.)
func TestBeyondLimitsBeforeTheFirstRunsKeepsTheirCounts(t *testing.T) {
	s := NewSession(Options{})
	for _, aliases := range []int{1001, 500, 300, 500} {
		text := bombFile(aliases)
		got, want := s.Update(text, nil), Analyze(text)
		if g, w := diagText(got.Diagnostics), diagText(want.Diagnostics); g != w {
			t.Fatalf("%d aliases in the resource: session and Analyze differ\n--- session\n%.600s\n--- Analyze\n%.600s", aliases, g, w)
		}
	}
}

// A merge key written with the verbatim tag is a merge key too: the piece
// that holds one is counted, not skipped. (Found in review.)
func TestVerbatimMergeTagIsCounted(t *testing.T) {
	var b strings.Builder
	b.WriteString(aliasFile(99, 990)) // 99,000
	b.WriteString("resources:\n  Resources:\n    T:\n      Type: AWS::SQS::Queue\n      Properties:\n        !<tag:yaml.org,2002:merge> m: {")
	for i := range 600 {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "k%d: 0", i)
	}
	b.WriteString("}\n    U:\n      Type: AWS::SQS::Queue\n")
	text := b.String()
	got, want := NewSession(Options{}).Update(text, nil), Analyze(text)
	if g, w := diagText(got.Diagnostics), diagText(want.Diagnostics); g != w {
		t.Fatalf("session and Analyze differ\n--- session\n%.600s\n--- Analyze\n%.600s", g, w)
	}
}
