// Package analysis turns the text of a serverless.yml into diagnostics. It
// works on byte offsets only and knows nothing of LSP or JSON-RPC.
package analysis

import (
	"path"
	"strings"

	"github.com/stream-ls/stream-ls/analysis/diag"
)

// Result is everything one analysis of a text produced.
type Result struct {
	Diagnostics []diag.Diagnostic
}

// Analyze parses text as a Serverless Framework config and runs every rule.
// It never fails: problems in the text are diagnostics.
func Analyze(text string) *Result {
	return &Result{Diagnostics: []diag.Diagnostic{}}
}

// IsServerlessFile reports whether a file name (a path or the path part of a
// URI) names a Serverless config that stream-ls analyses.
func IsServerlessFile(name string) bool {
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	return base == "serverless.yml" || base == "serverless.yaml"
}
