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

// A piece that the window holds without its text changing (the top-level
// piece after an edit, or the last piece when an update changes nothing)
// keeps its role: with the structure unchanged, nothing can have changed
// it. rolesInWindow used to clear it, and a top-level piece that holds
// functions (a `functions` entry that is not split, a functions file)
// then lost all its diagnostics. An update with the same text reaches the
// server when a code action analyses a version before the diagnostics
// worker does. (Found in review.)
func TestAPieceTheWindowKeepsKeepsItsRole(t *testing.T) {
	const fn = "  f:\n    handler: h\n    events:\n      - stream:\n          batchSize: 0\n          arn: arn:aws:kinesis:us-east-1:123456789012:stream/a\n"
	unsplit := "service: s\ncustom:\n  a: 1\n  b: 2\nfunctions:\n  <<: {}\n" + fn
	functionsFile := strings.ReplaceAll(strings.TrimPrefix(fn, "  "), "\n  ", "\n") +
		strings.ReplaceAll(strings.TrimPrefix(strings.Replace(fn, "f:", "g:", 1), "  "), "\n  ", "\n")
	for name, text := range map[string]string{
		"functions not split": unsplit,
		"split functions":     "service: s\nfunctions:\n" + fn,
		"a functions file":    functionsFile,
	} {
		s := NewSession(Options{})
		s.Update(text, nil)
		got := s.Update(text, nil)
		want := Analyze(text)
		if len(want.Diagnostics) == 0 {
			t.Fatalf("%s: the fixture reports nothing", name)
		}
		if g, w := diagText(got.Diagnostics), diagText(want.Diagnostics); g != w {
			t.Errorf("%s, the same text again:\n--- session\n%s--- Analyze\n%s", name, g, w)
		}
	}
	s := NewSession(Options{})
	s.Update(unsplit, nil)
	replaceAndCompare(t, s, unsplit, "  b: 2\n", "")
}
