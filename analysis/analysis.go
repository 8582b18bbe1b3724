// Package analysis turns the text of a serverless.yml into diagnostics. It
// works on byte offsets only and knows nothing of LSP or JSON-RPC.
package analysis

import (
	"path"
	"strings"

	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/rules"
	"github.com/stream-ls/stream-ls/analysis/serverless"
)

// Options tune an analysis; the zero value is the default.
type Options = rules.Options

// Result is everything one analysis of a text produced.
type Result struct {
	// Model is the positioned model the diagnostics were computed from;
	// hover and completion read it too.
	Model       *serverless.File
	Diagnostics []diag.Diagnostic
}

// Analyze parses text as a Serverless Framework config and runs every rule
// with default options. It never fails: problems in the text are
// diagnostics.
func Analyze(text string) *Result { return AnalyzeWith(text, Options{}) }

// AnalyzeWith is Analyze with options.
func AnalyzeWith(text string, opts Options) *Result {
	beyond, ast := beyondLimits(text)
	if beyond != nil {
		return beyond
	}
	model := serverless.Build(ast)
	return &Result{Model: model, Diagnostics: capDiagnostics(rules.Run(model, opts))}
}

// Model builds the positioned model of text without running the rules, for
// features that need the model of a snapshot the rules have not seen yet.
func Model(text string) *serverless.File {
	beyond, ast := beyondLimits(text)
	if beyond != nil {
		return beyond.Model
	}
	return serverless.Build(ast)
}

// IsServerlessFile reports whether a file name (a path or the path part of a
// URI) names a Serverless config that stream-ls analyses.
func IsServerlessFile(name string) bool {
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	return base == "serverless.yml" || base == "serverless.yaml"
}
