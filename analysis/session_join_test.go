package analysis

import (
	"strings"
	"testing"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/document"
)

// A quote left open in one function and closed by an edit several
// functions later makes one double-quoted scalar of everything between, as
// a fresh analysis finds by joining those pieces. The session must find
// it too, although the piece that was left open lies outside the edit.
func TestSessionJoinsAcrossTheEditFromAnEarlierOpenQuote(t *testing.T) {
	var b strings.Builder
	b.WriteString("service: x\nfunctions:\n  a:\n    handler: a.h\n    description: \"\n")
	for _, name := range []string{"b", "c", "d", "e"} {
		b.WriteString("  " + name + ":\n    handler: " + name + ".h\n")
	}
	b.WriteString("  f:\n    handler: f.h\n    events:\n      - stream:\n          arn: arn:aws:kinesis:us-east-1:123456789012:stream/s\n")
	before := b.String()
	at := strings.Index(before, "handler: e.h") + len("handler: e.h")
	edit := document.Edit{Start: at, End: at, Text: ` "`}
	after, err := document.ApplyEdits(before, []document.Edit{edit})
	if err != nil {
		t.Fatal(err)
	}

	s := NewSession(Options{})
	first := s.Update(before, nil).Diagnostics
	if !hasRule(first, catalog.RuleYAMLSyntax) {
		t.Fatalf("the open quote should be a syntax error first; got %s", diagText(first))
	}
	got := s.Update(after, []document.Edit{edit}).Diagnostics
	want := Analyze(after).Diagnostics
	if diagText(got) != diagText(want) {
		t.Fatalf("after closing the quote four functions later:\nsession:\n%s\nfrom scratch:\n%s", diagText(got), diagText(want))
	}
	if hasRule(want, catalog.RuleYAMLSyntax) {
		t.Fatalf("the closed quote should parse; from scratch: %s", diagText(want))
	}
}

func hasRule(ds []diag.Diagnostic, id string) bool {
	for _, d := range ds {
		if d.Rule == id {
			return true
		}
	}
	return false
}

// A caller's mapper serves the session as its own would, and one of
// another text is not trusted.
func TestUpdateMappedEqualsUpdate(t *testing.T) {
	for name, text := range corpus(t) {
		edited := strings.Replace(text, "stream", "strem", 1)
		plain, mapped := NewSession(Options{}), NewSession(Options{})
		plain.Update(text, nil)
		own := document.NewMapper(text)
		mapped.UpdateMapped(own.Text(), own, nil)
		want := diagText(plain.Update(edited, nil).Diagnostics)
		got := diagText(mapped.UpdateMapped(document.NewText(edited), document.NewMapper(text), nil).Diagnostics)
		if got != want {
			t.Fatalf("%s: with the mapper of another text:\n%s\nwant:\n%s", name, got, want)
		}
		own = document.NewMapper(text)
		got = diagText(mapped.UpdateMapped(own.Text(), own, nil).Diagnostics)
		if want = diagText(plain.Update(text, nil).Diagnostics); got != want {
			t.Fatalf("%s: with the text's own mapper:\n%s\nwant:\n%s", name, got, want)
		}
	}
}
