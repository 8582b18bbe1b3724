// Package rules holds stream-ls's diagnostics rules, one per file, and the
// engine that runs them over a serverless model. Every rule reports under an
// ID from the catalog, which supplies the default severity and the docs link.
package rules

import (
	"fmt"
	"sort"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/serverless"
)

// Options tune the rules; the zero value means the defaults.
type Options struct {
	// FilterPatternQuota is the number of filter patterns per mapping that
	// the account may use; AWS's default quota is 5.
	FilterPatternQuota int
}

func (o Options) filterPatternQuota() int {
	if o.FilterPatternQuota > 0 {
		return o.FilterPatternQuota
	}
	return catalog.FilterPatternsDefaultQuota
}

// Context is what a rule sees besides the event it checks.
type Context struct {
	File    *serverless.File
	Options Options
}

// StreamRule checks one stream event. Rules are per event so that a change
// inside one function re-checks only that function's events.
type StreamRule interface {
	CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter)
}

// FileRule checks something that spans the file.
type FileRule interface {
	CheckFile(ctx *Context, r *Reporter)
}

var (
	streamRules []StreamRule
	fileRules   []FileRule
	registered  = map[string]bool{}
)

// register adds a rule to the engine. Rules register themselves from their
// own file's init, so that adding a rule touches no shared list; the ID
// must be in the catalog, which a test also checks.
func register(id string, rule any) {
	if _, ok := catalog.Lookup(id); !ok {
		panic(fmt.Sprintf("rule %q is not in the catalog", id))
	}
	registered[id] = true
	switch r := rule.(type) {
	case StreamRule:
		streamRules = append(streamRules, r)
	case FileRule:
		fileRules = append(fileRules, r)
	default:
		panic(fmt.Sprintf("rule %q implements neither StreamRule nor FileRule", id))
	}
}

// Registered lists the IDs of the rules the engine runs.
func Registered() []string {
	out := make([]string, 0, len(registered))
	for id := range registered {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// Reporter collects a rule's diagnostics.
type Reporter struct {
	diags []diag.Diagnostic
}

// Report adds a diagnostic with the rule's default severity.
func (r *Reporter) Report(id string, span document.Span, format string, args ...any) {
	rule, _ := catalog.Lookup(id)
	r.ReportSeverity(id, rule.Severity, span, format, args...)
}

// ReportSeverity adds a diagnostic with a severity other than the rule's
// default, for rules whose findings differ in how sure they are.
func (r *Reporter) ReportSeverity(id string, sev diag.Severity, span document.Span, format string, args ...any) {
	rule, _ := catalog.Lookup(id)
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	r.diags = append(r.diags, diag.Diagnostic{Rule: id, Severity: sev, Span: span, Message: msg, Href: rule.Href})
}

// Run checks every stream event and the file as a whole. The result is in
// document order, without duplicates: an aliased value shared by several
// events is reported once, at the anchor.
func Run(f *serverless.File, opts Options) []diag.Diagnostic {
	ctx := &Context{File: f, Options: opts}
	r := &Reporter{}
	for _, rule := range fileRules {
		rule.CheckFile(ctx, r)
	}
	for _, ev := range f.Streams {
		for _, rule := range streamRules {
			rule.CheckStream(ctx, ev, r)
		}
	}
	return sortAndDedupe(r.diags)
}

func sortAndDedupe(ds []diag.Diagnostic) []diag.Diagnostic {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.Span.Start != b.Span.Start {
			return a.Span.Start < b.Span.Start
		}
		if a.Span.End != b.Span.End {
			return a.Span.End < b.Span.End
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Message < b.Message
	})
	out := ds[:0]
	for i, d := range ds {
		if i > 0 && d == ds[i-1] {
			continue
		}
		out = append(out, d)
	}
	if out == nil {
		out = []diag.Diagnostic{}
	}
	return out
}
