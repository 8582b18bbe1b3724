package analysis

import (
	"fmt"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/rules"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// Limits and guarantees
//
// stream-ls answers every text an editor sends in bounded time and memory.
// A file beyond one of these limits gets a single file-too-large warning,
// on its first line (bytes, lines) or on the top-level key where the limit
// was passed (aliases, nesting), and nothing else: no other diagnostic, and
// hovers and completions that see an empty file. Everything below the
// limits is analysed in full. (The protocol layer has one limit of its own:
// lsp.MaxMessageBytes.)
//
// The rules engine enforces the limits too (analysis/rules/file_too_large.go
// holds the counting), so the values live there; these names are the ones
// to quote. An analysis that does not go through Analyze or Model (an
// incremental Session) must call beyondLimits before it parses or builds
// anything.
const (
	// MaxDocumentBytes is the largest text analysed: 8 MiB, which holds a
	// generated file of 5,000 functions (5.8 MiB) with room to spare. A
	// larger text is not parsed at all.
	MaxDocumentBytes = rules.MaxDocumentBytes
	// MaxDocumentLines is the most lines analysed: 300,000. Each top-level
	// entry and each function is parsed on its own, at a fixed cost, so a
	// text of one-line entries costs per byte about ten times what real
	// functions do; this limit bounds that case, which the byte limit
	// alone would let take 20 s and gigabytes. Real files average over 30
	// bytes a line and meet the byte limit first. A longer text is not
	// parsed at all.
	MaxDocumentLines = rules.MaxDocumentLines
	// MaxAliasedNodes is the largest number of YAML values that aliases may
	// add to a file: 100,000. Each alias counts the values of what it
	// stands for, each merge key (`<<: *defaults`) the pairs it merges. A
	// "billion laughs" alias bomb, or a list of events that every function
	// shares through an alias, passes it with a few hundred bytes of text;
	// ordinary use of anchors stays far below.
	MaxAliasedNodes = rules.MaxAliasedNodes
	// MaxDepth is the deepest nesting analysed, aliases expanded: 10,000
	// levels. The YAML parser refuses deeper nesting written out, which is a
	// yaml-syntax error; only aliases can nest deeper, and that is
	// file-too-large.
	MaxDepth = rules.MaxDepth
	// MaxDiagnostics is the most diagnostics reported for one file: 1,000.
	// Past it, one more file-too-large diagnostic says how many were left
	// out, so that an editor is never sent a marker for each of a million
	// broken lines.
	MaxDiagnostics = 1000
)

// beyondLimits applies the limits to text before anything walks its tree,
// and returns the result for a file beyond them, or nil and the parse to
// build on. The check costs a comparison for the size, a count of line
// breaks for a text that might have too many and, for a text with aliases,
// a walk of the tree that stops MaxAliasedNodes nodes after the
// written ones.
func beyondLimits(text string) (*Result, *yamlast.File) {
	t := document.NewText(text)
	if d, beyond := rules.CheckSize(t, nil); beyond {
		return unanalysed(t, nil, d), nil
	}
	ast := yamlast.Parse(text)
	if !rules.MayHoldAliases(ast.Text) {
		return nil, ast
	}
	if d, beyond := rules.CheckTree(ast); beyond {
		return unanalysed(ast.Text, ast.Mapper, d), nil
	}
	return nil, ast
}

// capDiagnostics keeps the first MaxDiagnostics of ds, which are in
// document order, and says where the rest begin and how many they are.
func capDiagnostics(ds []diag.Diagnostic) []diag.Diagnostic {
	if len(ds) <= MaxDiagnostics {
		return ds
	}
	rule, _ := catalog.Lookup(catalog.RuleFileTooLarge)
	more := diag.Diagnostic{Rule: rule.ID, Severity: rule.Severity, Span: ds[MaxDiagnostics].Span, Href: rule.Href,
		Message: fmt.Sprintf("stream-ls reports at most %d problems in a file; %d more, from here on, are not shown", MaxDiagnostics, len(ds)-MaxDiagnostics)}
	return append(ds[:MaxDiagnostics:MaxDiagnostics], more)
}

// unanalysed is the result for a text beyond the limits: the one diagnostic
// that says so, and the model of an empty file over the same text, which
// hover and completion can read at no cost.
func unanalysed(text document.Text, m *document.Mapper, d diag.Diagnostic) *Result {
	if m == nil {
		m = document.NewTextMapper(text)
	}
	model := serverless.Build(&yamlast.File{Text: text, Mapper: m})
	return &Result{Model: model, Diagnostics: []diag.Diagnostic{d}}
}
