package rules

import (
	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/serverless"
)

// refUnknownResource: a GetAtt or Ref to a logical ID the template does
// not define fails the deploy (CloudFormation: unresolved resource
// dependencies). When part of `resources` comes from somewhere this file
// does not show (`${file(...)}`, or this file only holds functions), the
// resource may exist after all: a warning.
type refUnknownResource struct{}

func init() { register(catalog.RuleRefUnknownResource, refUnknownResource{}) }

func (refUnknownResource) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	f := ctx.File
	for _, ref := range ctx.references(ev) {
		if ref.Resource != nil || isTemplateParameter(f, ref) {
			continue
		}
		id := ref.In.LogicalID
		hint := ""
		// Suggestions come from every logical ID, not only the ones this
		// function names.
		if s, ok := filterSuggestion(id, ctx.ResourceIDs()); ok {
			hint = "; did you mean `" + s + "`?"
		}
		if !f.ResourcesComplete {
			r.ReportSeverity(catalog.RuleRefUnknownResource, diag.Warning, ref.In.LogicalIDSpan,
				"`%s` is not defined in this file's resources.Resources; if it comes from an included file, this is fine, otherwise the deploy fails because the template references a resource it lacks%s",
				id, hint)
			continue
		}
		r.Report(catalog.RuleRefUnknownResource, ref.In.LogicalIDSpan,
			"`%s` is not defined in resources.Resources, so CloudFormation rejects the template; define the resource, or reference one that exists%s",
			id, hint)
	}
}

// isTemplateParameter reports whether a Ref names a parameter declared in
// resources.Parameters rather than a resource.
func isTemplateParameter(f *serverless.File, ref resourceReference) bool {
	if !ref.IsRef() || f.AST.Root == nil {
		return false
	}
	resources := f.AST.Root.Get("resources")
	return resources != nil && resources.Get("Parameters").Pair(ref.In.LogicalID) != nil
}
