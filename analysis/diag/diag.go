// Package diag defines what every analysis step reports: a problem with a
// rule ID, a severity and a byte span. It knows nothing of LSP; the lsp
// package converts spans to UTF-16 ranges at the boundary.
package diag

import "github.com/stream-ls/stream-ls/analysis/document"

// Severity follows LSP's numbering so the conversion is the identity, but the
// type is ours so that analysis does not import the protocol.
type Severity int

const (
	Error       Severity = 1
	Warning     Severity = 2
	Information Severity = 3
	Hint        Severity = 4
)

// String is the lower-case name the CLI prints and parses.
func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	case Information:
		return "information"
	case Hint:
		return "hint"
	}
	return "unknown"
}

// ParseSeverity is the inverse of String; "info" is accepted for information.
func ParseSeverity(s string) (Severity, bool) {
	switch s {
	case "error":
		return Error, true
	case "warning", "warn":
		return Warning, true
	case "information", "info":
		return Information, true
	case "hint":
		return Hint, true
	}
	return 0, false
}

// Diagnostic is one problem found in a document.
type Diagnostic struct {
	Rule     string // stable rule ID from the catalog
	Severity Severity
	Span     document.Span // byte offsets of the offending key or value
	Message  string        // what is wrong and what to do
	Href     string        // documentation for the rule's subject
}
