package analysis

import (
	"fmt"
	"strings"
	"testing"

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
