package lsp

import (
	"testing"
	"time"

	"github.com/stream-ls/stream-ls/analysis"
	"github.com/stream-ls/stream-ls/analysis/document"
	usersettings "github.com/stream-ls/stream-ls/analysis/settings"
)

const completionModelV1 = `service: x
functions:
  f:
    handler: f.h
resources:
  Resources:
    Orders:
      Type: AWS::Kinesis::Stream
`

// The resource a keystroke adds, in a second version.
const completionModelV2 = completionModelV1 + `    Payments:
      Type: AWS::Kinesis::Stream
`

// Completion right after a keystroke gets the model it had, not one built
// on the request path; the new version's model is built meanwhile and
// served from then on.
func TestCompletionModelIsServedStaleWhileTheNewOneIsBuilt(t *testing.T) {
	m := newModels(nil)
	sess := analysis.NewSession(analysis.RuleOptions(usersettings.Settings{}))
	remember := func(version int32, text string) *analysis.Snapshot {
		sess.Update(text, nil)
		snap := sess.Snapshot()
		doc := &document.Document{URI: "file:///s.yml", Version: version, Content: document.NewText(text)}
		m.rememberAnalysis(doc, analysisResult{snap: snap})
		return snap
	}

	first := remember(1, completionModelV1)
	got := m.latest("file:///s.yml")
	if got == nil || got != first.BuiltModel() || got.Resources["Orders"] == nil {
		t.Fatalf("the first request builds the model of the newest version; got %v", got)
	}

	second := remember(2, completionModelV2)
	if got := m.latest("file:///s.yml"); got != first.BuiltModel() {
		t.Fatalf("right after the edit, the model at hand (version 1) should be served; got %v", got)
	}
	deadline := time.Now().Add(10 * time.Second)
	for second.BuiltModel() == nil || m.latest("file:///s.yml") != second.BuiltModel() {
		if time.Now().After(deadline) {
			t.Fatal("version 2's model was never built and served")
		}
		time.Sleep(time.Millisecond)
	}
	if m.latest("file:///s.yml").Resources["Payments"] == nil {
		t.Fatal("the model served after the refresh lacks the resource version 2 added")
	}

	m.forget("file:///s.yml")
	if got := m.latest("file:///s.yml"); got != nil {
		t.Fatalf("a closed document has no model; got %v", got)
	}
}
