package analysis

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/rules"
	"github.com/stream-ls/stream-ls/analysis/serverless"
)

// Probe rules read the file in every way the rules' Context allows, and
// say what they read in their messages, so that a dependency the session
// failed to track shows as a difference from the analysis from scratch,
// whatever the real rules happen to read today.

type probeStream struct{}

func (probeStream) CheckStream(ctx *rules.Context, ev *serverless.StreamEvent, r *rules.Reporter) {
	f := ctx.File
	var parts []string
	ids := make([]string, 0, len(f.Resources))
	for id := range f.Resources {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		parts = append(parts, fmt.Sprintf("%s:%s:%d", id, f.Resources[id].Type, len(ctx.StreamsNaming(id))))
	}
	if res := ctx.Resource("Events"); res != nil {
		parts = append(parts, "Events="+res.Type)
	}
	parts = append(parts, fmt.Sprintf("ids=%d", len(ctx.ResourceIDs())))
	if len(f.Resources) == 0 {
		all, order := ctx.AllResources()
		var types []string
		for _, id := range order {
			types = append(types, all[id].Type)
		}
		parts = append(parts, "all="+strings.Join(types, ","))
	}
	parts = append(parts, fmt.Sprintf("line=%d plugins=%v mode=%q complete=%v", f.AST.Mapper.OffsetLine(ev.Key.Span.Start)+1,
		f.HasPlugins, f.ConfigValidationMode, f.ResourcesComplete))
	if root := f.AST.Root; root != nil {
		if p := root.Get("provider"); p != nil {
			parts = append(parts, fmt.Sprintf("provider=%d", len(p.Pairs)))
		}
	}
	r.Report(catalog.RuleYAMLSyntax, ev.Key.Span, "probe %s", strings.Join(parts, " "))
}

// probeGroup groups events by the first letter of their function's name.
type probeGroup struct{}

func (probeGroup) GroupKey(ctx *rules.Context, ev *serverless.StreamEvent) (string, bool) {
	if ev.Function.Name == "" {
		return "", false
	}
	return ev.Function.Name[:1], true
}

func (probeGroup) MemberFacts(ctx *rules.Context, ev *serverless.StreamEvent) rules.Facts {
	return rules.Facts{Text: ev.Function.Name, Spans: []document.Span{ev.Key.Span}}
}

func (probeGroup) CheckGroup(ctx *rules.Context, key string, events []*serverless.StreamEvent, r *rules.Reporter) {
	var names []string
	for _, ev := range events {
		names = append(names, fmt.Sprintf("%s@%d", ev.Function.Name, ctx.File.AST.Mapper.OffsetLine(ev.Key.Span.Start)+1))
	}
	r.Report(catalog.RuleYAMLSyntax, events[len(events)-1].Key.Span, "group %s: %s", key, strings.Join(names, " "))
}

func withProbes(t *testing.T) {
	t.Helper()
	t.Cleanup(rules.RegisterForTest(catalog.RuleYAMLSyntax, probeStream{}))
	t.Cleanup(rules.RegisterForTest(catalog.RuleYAMLSyntax, probeGroup{}))
}

// crossEdits are edits of the cross-references fixture that reach from one
// piece into the checks of others.
var crossEdits = []struct{ name, old, new string }{
	{"anchor content", "    type: dynamodb\n    batchSize: 100", "    type: kinesis\n    batchSize: 100"},
	{"anchor renamed", "source: &source", "source: &src"},
	{"anchor used before its definition", "custom:\n", "functions:\n  early:\n    events:\n      - stream:\n          <<: *failure\ncustom:\n"},
	{"resource type", "Type: AWS::Kinesis::Stream", "Type: AWS::DynamoDB::Table"},
	{"resource renamed", "    Orders:\n", "    Order:\n"},
	{"resource added", "    FailureQueue:\n", "    Missin:\n      Type: AWS::SQS::Queue\n    FailureQueue:\n"},
	{"table name", "TableName: Orders", "TableName: Other"},
	{"stream specification removed", "        StreamSpecification:\n          StreamViewType: KEYS_ONLY\n", ""},
	{"filter reads an image", "            - eventName: INSERT", "            - dynamodb:\n                NewImage: {a: [1]}"},
	{"lines inserted above", "functions:\n", "functions:\n  # a comment\n\n"},
	{"function moved", "  first:\n    handler: a.b\n", "  zfirst:\n    handler: a.b\n"},
	{"plugins", "service: cross\n", "service: cross\nplugins:\n  - a\n"},
	{"validation mode", "service: cross\n", "service: cross\nconfigValidationMode: error\n"},
	{"provider", "  name: aws\n", "  name: aws\n  region: x\n"},
	{"functions header removed", "functions:\n", "functionz:\n"},
	{"resources header broken", "resources:\n", "resources: [\n"},
	{"one function broken", "  third:\n    handler: a.b\n", "  third:\n    handler: [a.b\n"},
	{"second functions entry", "resources:\n", "functions:\n  late: {}\nresources:\n"},
	{"outputs edited", "Value: !GetAtt Orders.Arn", "Value: !GetAtt Events.Arn"},
	{"custom sibling edited", "  failure: &failure\n", "  other: 1\n  failure: &failure\n"},
}

// Every edit above, alone and followed by a few others, must give what an
// analysis from scratch gives.
func TestCrossPieceDependencies(t *testing.T) {
	withProbes(t)
	base := corpus(t)["cross-references.yml"]
	apply := func(text, old, new string) (string, document.Edit, bool) {
		i := strings.Index(text, old)
		if i < 0 {
			return text, document.Edit{}, false
		}
		return text[:i] + new + text[i+len(old):], document.Edit{Start: i, End: i + len(old), Text: new}, true
	}
	for i, first := range crossEdits {
		seconds := []struct{ name, old, new string }{{}}
		for k := 1; k <= 2; k++ {
			seconds = append(seconds, crossEdits[(i+k*5)%len(crossEdits)])
		}
		for _, second := range seconds {
			s := NewSession(Options{})
			text := base
			s.Update(text, nil)
			for _, e := range []struct{ name, old, new string }{first, second} {
				if e.old == "" {
					continue
				}
				next, ed, ok := apply(text, e.old, e.new)
				if !ok {
					continue
				}
				got := s.Update(next, []document.Edit{ed})
				want := NewSession(Options{}).Update(next, nil)
				if g, w := diagText(got.Diagnostics), diagText(want.Diagnostics); g != w {
					t.Fatalf("%q then %q: incremental and from-scratch differ\n--- incremental\n%s--- from scratch\n%s",
						first.name, second.name, g, w)
				}
				text = next
			}
		}
	}
}

// The probes make the random edits sensitive to every dependency kind.
func TestIncrementalEqualsFromScratchWithProbes(t *testing.T) {
	withProbes(t)
	var pr propertyRun
	text := corpus(t)["cross-references.yml"]
	deadline := time.Now().Add(3 * time.Second)
	for seed := uint64(1); seed <= 200 && time.Now().Before(deadline); seed++ {
		if !runSequence(t, "cross-references.yml+probes", text, seed, 10, seed%4 == 0, &pr) {
			return
		}
	}
	t.Logf("%d sequences, %d edits", pr.sequences, pr.steps)
}
