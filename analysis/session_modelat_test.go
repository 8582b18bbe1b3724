package analysis

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/hover"
	"github.com/stream-ls/stream-ls/analysis/rules"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// treeText prints a tree's keys, values and spans, aliases shared.
func treeText(n *yamlast.Node) string {
	var b strings.Builder
	seen := map[*yamlast.Node]bool{}
	var walk func(n *yamlast.Node, indent string)
	walk = func(n *yamlast.Node, indent string) {
		if n == nil {
			b.WriteString(indent + "nil\n")
			return
		}
		fmt.Fprintf(&b, "%s%v %s %q %v\n", indent, n.Kind, n.Tag, n.Value, n.Span)
		if seen[n] {
			return
		}
		seen[n] = true
		for _, p := range n.Pairs {
			fmt.Fprintf(&b, "%s- %q %v merged=%v\n", indent, p.Key.Value, p.Key.Span, p.Merged)
			walk(p.Value, indent+"  ")
		}
		for _, it := range n.Items {
			walk(it, indent+"  ")
		}
	}
	walk(n, "")
	return b.String()
}

func viewText(f *serverless.File) string {
	var b strings.Builder
	b.WriteString(modelFacts(&serverless.File{AST: &yamlast.File{}, Functions: f.Functions, Streams: f.Streams,
		Resources: f.Resources, ResourceOrder: f.ResourceOrder, ResourcesComplete: f.ResourcesComplete,
		HasPlugins: f.HasPlugins, ConfigValidationMode: f.ConfigValidationMode}))
	for _, fn := range f.Functions {
		b.WriteString(treeText(fn.Node))
	}
	b.WriteString(treeText(f.AST.Root))
	return b.String()
}

// In a function, ModelAt is the function's view as the rules build it from
// the whole model; elsewhere it holds the entry under the cursor.
func TestModelAtIsTheFunctionsView(t *testing.T) {
	for _, name := range []string{"gen-n20-seed1.yml", "cross-references.yml", "gen-n12-seed7.yml"} {
		text := corpus(t)[name]
		s := NewSession(Options{})
		s.Update(text, nil)
		sn := s.Snapshot()
		full := Analyze(text).Model
		fnsFile := rules.IsFunctionsFile(full)
		for _, fn := range full.Functions {
			var streams []*serverless.StreamEvent
			for _, ev := range full.Streams {
				if ev.Function == fn {
					streams = append(streams, ev)
				}
			}
			want := rules.View(full, []*serverless.Function{fn}, streams, fnsFile)
			got := sn.ModelAt(fn.Key.Span.Start)
			if len(got.Functions) != 1 {
				// A piece holds one function here.
				t.Fatalf("%s %s: %d functions", name, fn.Name, len(got.Functions))
			}
			if g, w := viewText(got), viewText(want); g != w {
				t.Fatalf("%s %s: ModelAt differs from the view\n--- ModelAt\n%s\n--- view\n%s", name, fn.Name, g, w)
			}
		}
		// Outside functions: the node under the cursor is in the tree.
		for _, marker := range []string{"streamDefaults:", "StreamViewType:", "  Outputs:", "service:"} {
			at := strings.Index(text, marker)
			if at < 0 {
				continue
			}
			got := sn.ModelAt(at)
			if !strings.Contains(treeText(got.AST.Root), fmt.Sprintf("%q", strings.TrimSpace(strings.TrimSuffix(marker, ":")))) {
				t.Errorf("%s: ModelAt(%q) does not hold it", name, marker)
			}
		}
	}
}

// hoverMergedAt is what the server answers on the nth needle of text from
// a session's snapshot (MergersAt, then HoverMerged), and what the whole
// model answers there.
func hoverMergedAt(t *testing.T, text, needle string) (session, whole string) {
	t.Helper()
	s := NewSession(Options{})
	s.Update(text, nil)
	off := strings.Index(text, needle) + 1
	if off == 0 {
		t.Fatalf("no %q in the text", needle)
	}
	for _, m := range s.Snapshot().MergersAt(off, 4) {
		if r, ok := hover.HoverMerged(m, off); ok {
			session = r.Plain
			break
		}
	}
	if r, ok := hover.HoverMerged(Analyze(text).Model, off); ok {
		whole = r.Plain
	}
	return session, whole
}

// Hover on a key of merged defaults finds the functions that merge that
// anchor, wherever they are: after many that merge another anchor of the
// same piece, in the piece that defines it, past a function that does not
// parse, or at the end of a chain of anchors. (The first two were found in
// review.)
func TestMergersAtFindsTheFunctionsThatMergeTheAnchorAtTheCursor(t *testing.T) {
	const arn = "arn: arn:aws:kinesis:us-east-1:123456789012:stream/s"
	others := strings.Repeat("  f:\n    handler: h\n    events:\n      - stream: {<<: *e, "+arn+"}\n", 5)
	cases := map[string]string{
		"after five that merge another anchor": "custom:\n  defaults:\n    e: &e {startingPosition: LATEST}\n    d: &d {batchSize: 5}\nfunctions:\n" +
			others + "  g:\n    handler: h\n    events:\n      - stream: {<<: *d, " + arn + "}\n",
		"in the function that defines it": "functions:\n  g:\n    handler: h\n    x: &d {batchSize: 5}\n    events:\n      - stream: {<<: *d, " + arn + "}\n",
		"past a function that does not parse": "custom:\n  a: &d {batchSize: 5}\nfunctions:\n" +
			"  f0:\n    handler: [h\n    events:\n      - stream: {<<: *d, " + arn + "}\n" +
			"  f1:\n    handler: h\n    events:\n      - stream: {<<: *d, " + arn + "}\n",
		// Chains of anchors: the functions merge an anchor that merges
		// the one at the cursor.
		"through the second of two anchors of the piece that merge it": "custom:\n  defaults:\n    d: &d {batchSize: 5}\n    e1: &e1 {<<: *d}\n" +
			"    e2: &e2 {<<: *d, startingPosition: LATEST}\nfunctions:\n  g:\n    handler: h\n    events:\n      - stream: {<<: *e2, " + arn + "}\n",
		"through an anchor of another entry": "custom:\n  d: &d {batchSize: 5}\n  e: &e {<<: *d}\nfunctions:\n" +
			"  g:\n    handler: h\n    events:\n      - stream: {<<: *e, " + arn + "}\n",
		"through an anchor of another top-level entry": "custom:\n  d: &d {batchSize: 5}\nprovider:\n  name: aws\n  x: &e\n    <<: *d\n" +
			"functions:\n  g:\n    handler: h\n    events:\n      - stream: {<<: *e, " + arn + "}\n",
	}
	// Many anchors of the cursor's piece that merge one large mapping
	// before the anchor at the cursor: walked afresh for each, they used
	// up the walk's budget first. (Found in review.)
	var many strings.Builder
	many.WriteString("custom:\n  defaults:\n    big: &big\n")
	for k := range 400 {
		fmt.Fprintf(&many, "      k%d: %d\n", k, k)
	}
	for k := range 80 {
		fmt.Fprintf(&many, "    a%d: &a%d {<<: *big}\n", k, k)
	}
	many.WriteString("    d: &d {batchSize: 5}\nfunctions:\n  g:\n    handler: h\n    events:\n      - stream: {<<: *d, " + arn + "}\n")
	cases["after eighty anchors that merge a large mapping"] = many.String()
	for name, text := range cases {
		session, whole := hoverMergedAt(t, text, "batchSize")
		if whole == "" || !strings.Contains(whole, "batchSize") {
			t.Fatalf("%s: the whole model has no hover on batchSize: %q", name, whole)
		}
		if session != whole {
			t.Errorf("%s: hover from the snapshot = %.80q, want %.80q", name, session, whole)
		}
	}
}

// An anchor whose own span holds the cursor holds it whatever the walk's
// budget has left; a walk the budget cut short remembers nothing.
func TestReacherFindsTheCursorBeforeSpendingItsBudget(t *testing.T) {
	scalar := func(start, end int) *yamlast.Node {
		return &yamlast.Node{Kind: yamlast.Scalar, Span: document.Span{Start: start, End: end}}
	}
	mapping := func(start, end int, key, value *yamlast.Node) *yamlast.Node {
		return &yamlast.Node{Kind: yamlast.Mapping, Span: document.Span{Start: start, End: end},
			Pairs: []*yamlast.Pair{{Key: key, Value: value}}}
	}
	// holder merges mid, which merges the value at the cursor (52).
	holder := mapping(0, 10, scalar(2, 3), mapping(20, 30, scalar(22, 23), scalar(50, 55)))
	at := mapping(48, 60, scalar(49, 50), scalar(50, 55))
	r := &reacher{off: 52, known: map[*yamlast.Node]bool{}, budget: 1}
	if r.reaches(holder) {
		t.Error("a walk of one node found the cursor two levels down")
	}
	if !r.reaches(at) {
		t.Error("with no budget left, a node whose span holds the cursor was not found")
	}
	r.budget = 10
	if !r.reaches(holder) {
		t.Error("the walk the budget cut short remembered that the node does not hold the cursor")
	}
}
