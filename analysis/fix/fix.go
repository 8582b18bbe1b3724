// Package fix computes quick fixes for stream-ls's diagnostics. It is
// protocol-free: a fix is a list of byte-span edits of the text the model
// was built from, which the lsp package turns into a WorkspaceEdit.
//
// Rules do not carry fix data: a diagnostic says what is wrong, and the fix
// for it is worked out again here from the model and the diagnostic's span.
// That keeps the rules simple and means a fix is always computed against
// the text it edits; a diagnostic whose span no longer points at what its
// rule reports gets no fix rather than a wrong one.
//
// Every fix keeps the document's indentation, quoting style, comments and
// line endings. Each rule's fix lives in its own file and registers itself
// from init, like the rules do.
package fix

import (
	"fmt"
	"sort"
	"strings"

	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/serverless"
)

// Edit replaces the text in Span with NewText; an empty span inserts.
type Edit struct {
	Span    document.Span
	NewText string
}

// Fix is one way to resolve a diagnostic.
type Fix struct {
	// Title is what the editor's menu shows, in the imperative.
	Title string
	Edits []Edit
	// Preferred marks the fix that is certainly what the user wants; only
	// preferred fixes are applied by "fix all".
	Preferred bool
}

// fixer computes the fixes for a diagnostic of one rule. It may assume that
// d.Span lies within the text, and must return nothing when the text at
// d.Span is not what its rule reports.
type fixer func(src *source, d diag.Diagnostic) []Fix

var fixers = map[string]fixer{}

// register adds the fixer for a rule, from the fix's own file.
func register(rule string, fn fixer) {
	if _, dup := fixers[rule]; dup {
		panic("fix: two fixers for rule " + rule)
	}
	fixers[rule] = fn
}

// Rules lists the IDs of the rules that have fixes, sorted.
func Rules() []string {
	out := make([]string, 0, len(fixers))
	for id := range fixers {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// For returns the fixes for d, computed from model, which must be the model
// of the text d was reported for. Several fixes are alternatives, to apply
// one of; the preferred one, if any, comes first.
func For(model *serverless.File, d diag.Diagnostic) []Fix {
	fn := fixers[d.Rule]
	if fn == nil || model == nil || model.AST == nil {
		return nil
	}
	text := model.AST.Text
	if d.Span.Start < 0 || d.Span.End > text.Len() || d.Span.Start > d.Span.End {
		return nil
	}
	fixes := fn(newSource(model), d)
	sort.SliceStable(fixes, func(i, j int) bool { return fixes[i].Preferred && !fixes[j].Preferred })
	return fixes
}

// Apply applies edits to text. The edits must not overlap; their order does
// not matter.
func Apply(text string, edits []Edit) (string, error) {
	sorted := sortedEdits(edits)
	var b strings.Builder
	last := 0
	for _, e := range sorted {
		if e.Span.Start < last || e.Span.End > len(text) || e.Span.Start > e.Span.End {
			return "", fmt.Errorf("edit %d..%d overlaps another or lies outside the text", e.Span.Start, e.Span.End)
		}
		b.WriteString(text[last:e.Span.Start])
		b.WriteString(e.NewText)
		last = e.Span.End
	}
	b.WriteString(text[last:])
	return b.String(), nil
}

func sortedEdits(edits []Edit) []Edit {
	out := append([]Edit(nil), edits...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Span.Start != out[j].Span.Start {
			return out[i].Span.Start < out[j].Span.Start
		}
		return out[i].Span.End < out[j].Span.End
	})
	return out
}

// All gathers the preferred fix of every diagnostic in ds into one set of
// edits, for a "fix all" action. A fix whose edits would touch text that an
// earlier fix already edits is left out whole (applying half a fix could
// leave the file worse), so one more "fix all" may be needed; fixed counts
// the diagnostics whose fix was taken.
func All(model *serverless.File, ds []diag.Diagnostic) (edits []Edit, fixed int) {
	for _, d := range ds {
		fixes := For(model, d)
		if len(fixes) == 0 || !fixes[0].Preferred {
			continue
		}
		if conflicts(edits, fixes[0].Edits) {
			continue
		}
		edits = append(edits, fixes[0].Edits...)
		fixed++
	}
	return sortedEdits(edits), fixed
}

// conflicts reports whether any edit of b touches text that an edit of a
// touches. Two insertions at one offset conflict too: which comes first
// would be up to the editor.
func conflicts(a, b []Edit) bool {
	for _, x := range a {
		for _, y := range b {
			// An insertion strictly inside a replaced span overlaps it too.
			if x.Span.Start < y.Span.End && y.Span.Start < x.Span.End {
				return true
			}
			if x.Span.Start == y.Span.Start && (x.Span.Len() == 0 || y.Span.Len() == 0) {
				return true
			}
		}
	}
	return false
}
