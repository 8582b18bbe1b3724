package analysis

import (
	"fmt"
	"strings"
	"testing"
)

// An edit that ends where a function starts keeps that function in the
// window the update looks at; when the function also merges an anchor of
// the edited one, it is both "in the window" and "resolves differently".
// It must be checked once: checked twice, two goroutines read its state
// at once (the race detector caught it) and the work is done twice.
func TestAPieceInTheWindowWhoseAnchorChangedIsCheckedOnce(t *testing.T) {
	var b strings.Builder
	b.WriteString("service: s\nfunctions:\n")
	b.WriteString("  g:\n    handler: g.h\n    events:\n      - stream:\n          arn: &x arn:aws:kinesis:us-east-1:123456789012:stream/a\n")
	const users = 40
	for k := range users {
		fmt.Fprintf(&b, "  f%d:\n    handler: f.h\n    events:\n      - stream:\n          arn: *x\n", k)
	}
	text := b.String()
	at := strings.Index(text, "  f0:\n")
	const ins = "      - sqs: q\n"
	s := NewSession(Options{})
	s.Update(text, nil)
	next := text[:at] + ins + text[at:]
	got := s.Update(next, []Edit{{Start: at, End: at, Text: ins}})
	if units := s.Stats().Units; units != users+1 {
		t.Errorf("the edit checked %d functions, want %d: g, whose text changed, and the %d that merge its anchor, once each", units, users+1, users)
	}
	want := NewSession(Options{}).Update(next, nil)
	if fmt.Sprint(got.Diagnostics) != fmt.Sprint(want.Diagnostics) {
		t.Errorf("incremental diagnostics differ from a fresh analysis:\n got %v\nwant %v", got.Diagnostics, want.Diagnostics)
	}
}
