package analysis

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stream-ls/stream-ls/analysis/navigate"
)

func outlineText(syms []navigate.Symbol) string { return fmt.Sprintf("%+v", syms) }

// wholeOutline is the outline of text read from its whole model.
func wholeOutline(text string) string {
	s := NewSession(Options{})
	s.Update(text, nil)
	return outlineText(navigate.Symbols(s.Snapshot().Model()))
}

// A split file's outline is read piece by piece, and a keystroke in one
// function reads that function's piece again and nothing else; an edit
// to a resource's type renames the events that read it. Each outline is
// the whole model's.
func TestOutlineIsReadPieceByPiece(t *testing.T) {
	data, err := os.ReadFile("testdata/incremental/gen-n20-seed1.yml")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	s := NewSession(Options{})
	s.Update(text, nil)
	sn := s.Snapshot()
	first, ok := sn.piecewiseOutline(sn.index())
	if !ok {
		t.Fatal("the generated file's outline is not read piece by piece")
	}
	if g, w := outlineText(first), wholeOutline(text); g != w {
		t.Fatalf("outline differs from the whole model's\n--- pieces\n%s\n--- whole\n%s", g, w)
	}
	parts := func() map[*pstate]*outlinePart {
		out := map[*pstate]*outlinePart{}
		for _, sl := range s.st.slots {
			out[sl.p] = sl.p.outline.Load()
		}
		return out
	}
	before := parts()

	at := strings.Index(text, "partition 3") + len("partition 3")
	text = text[:at] + "x" + text[at:]
	s.Update(text, []Edit{{Start: at, End: at, Text: "x"}})
	if g, w := outlineText(s.Snapshot().Symbols()), wholeOutline(text); g != w {
		t.Fatalf("after a keystroke in a function, outline differs\n--- pieces\n%s\n--- whole\n%s", g, w)
	}
	reread := 0
	for p, part := range parts() {
		if before[p] != part {
			reread++
		}
	}
	if reread != 1 {
		t.Errorf("a keystroke in one function read %d pieces again, want 1", reread)
	}

}

// A part kept for a function is read again when what its events' names
// come from changes outside its piece: the type of the resource its
// source names, an anchor it merges, or an anchor that anchor's value
// aliases in turn (the pieces between keep their trees).
func TestOutlineFollowsWhatFunctionsRead(t *testing.T) {
	text := `service: s
provider:
  name: aws
  source: &source arn:aws:kinesis:us-east-1:1:stream/one
custom:
  defaults: &defaults
    type: kinesis
  through: &through
    arn: *source
  again: &again
    <<: *through
functions:
  h:
    events:
      - stream: *again
  f:
    events:
      - stream: !GetAtt S.Arn
  g:
    events:
      - stream:
          <<: *defaults
          arn: ${param:arn}
resources:
  Resources:
    S:
      Type: AWS::Kinesis::Stream
`
	s := NewSession(Options{})
	s.Update(text, nil)
	prev := outlineText(s.Snapshot().Symbols())
	for _, change := range [][2]string{
		{"Type: AWS::Kinesis::Stream", "Type: AWS::DynamoDB::Table"},
		{"type: kinesis", "type: dynamodb"},
		{"stream/one", "stream/two"},
	} {
		at := strings.Index(text, change[0])
		text = text[:at] + change[1] + text[at+len(change[0]):]
		s.Update(text, []Edit{{Start: at, End: at + len(change[0]), Text: change[1]}})
		got := outlineText(s.Snapshot().Symbols())
		if w := wholeOutline(text); got != w {
			t.Fatalf("after %q, outline differs\n--- pieces\n%s\n--- whole\n%s", change[1], got, w)
		}
		if got == prev {
			t.Errorf("after %q, the outline is as it was: %s", change[1], got)
		}
		prev = got
	}
}

// Files laid out otherwise get the whole model's outline, and so does
// every real-world configuration, read either way.
func TestOutlineOfEveryLayoutIsTheWholeModels(t *testing.T) {
	texts := map[string]string{
		"functions file":      "fn1:\n  handler: h\n  events:\n    - stream: arn:aws:kinesis:us-east-1:1:stream/s\n",
		"unsplit resources":   "service: s\nfunctions:\n  f:\n    handler: h\nresources: ${file(r.yml)}\n",
		"no functions":        "service: s\nresources:\n  Resources:\n    S:\n      Type: AWS::Kinesis::Stream\n",
		"flow functions":      "service: s\nfunctions: {f: {handler: h}}\n",
		"failed function":     "service: s\nfunctions:\n  f:\n    handler: [\n  g:\n    handler: h\n",
		"outputs after":       "service: s\nfunctions:\n  f:\n    events:\n      - stream: !GetAtt T.StreamArn\nresources:\n  Resources:\n    T:\n      Type: AWS::DynamoDB::Table\n  Outputs:\n    O:\n      Value: x\n",
		"duplicate resources": "service: s\nfunctions:\n  f:\n    events:\n      - stream: !GetAtt T.StreamArn\nresources:\n  Resources:\n    T:\n      Type: AWS::Kinesis::Stream\n    U:\n      Type: x\n    T:\n      Type: AWS::DynamoDB::Table\n",
	}
	for name, text := range corpusAndFixtures(t) {
		texts[name] = text
	}
	for name, text := range texts {
		s := NewSession(Options{})
		s.Update(text, nil)
		if g, w := outlineText(s.Snapshot().Symbols()), wholeOutline(text); g != w {
			t.Errorf("%s: outline differs\n--- pieces\n%s\n--- whole\n%s", name, g, w)
		}
	}
}
