package lsp

import (
	"net/url"
	"strings"

	"github.com/stream-ls/stream-ls/analysis"
)

// isServerlessURI reports whether the document at u is one stream-ls
// analyses. URIs are otherwise opaque keys: the store and every publish use
// the string exactly as the client sent it, because clients match published
// diagnostics to buffers by that string. uri.URI.Filename is deliberately not
// used: it panics for schemes other than file (untitled:, vscode-remote:...).
func isServerlessURI(u string) bool {
	return analysis.IsServerlessFile(uriPath(u))
}

// uriPath returns the decoded path of u, or for an opaque URI such as
// "untitled:Untitled-1" the part after the scheme.
func uriPath(u string) string {
	if parsed, err := url.Parse(u); err == nil {
		if parsed.Path != "" {
			return parsed.Path
		}
		return parsed.Opaque
	}
	// Not a valid URL (a stray '%', say): judge by the raw text without the
	// query or fragment, which is still the best guess at the file name.
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	return u
}
