package rules

import "github.com/stream-ls/stream-ls/analysis/catalog"

// yamlSyntax reports what the YAML parser could not read. The parser already
// isolated each error to the block it broke, so each one is reported once.
type yamlSyntax struct{}

func init() { register(catalog.RuleYAMLSyntax, yamlSyntax{}) }

func (yamlSyntax) CheckFile(ctx *Context, r *Reporter) {
	for _, e := range ctx.File.AST.Errors {
		r.Report(catalog.RuleYAMLSyntax, e.Span,
			"YAML syntax error near here: %s. The rest of the file is still checked; fix this block to check it too.", e.Message)
	}
}
