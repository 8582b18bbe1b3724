package rules

import (
	"github.com/stream-ls/stream-ls/analysis/catalog"
)

// yamlDuplicateKey reports keys written twice in one mapping. yaml.v3 keeps
// both silently, but the framework loads the file with js-yaml, which stops
// with "duplicated mapping key".
type yamlDuplicateKey struct{}

func init() { register(catalog.RuleYAMLDuplicateKey, yamlDuplicateKey{}) }

func (yamlDuplicateKey) CheckFile(ctx *Context, r *Reporter) {
	m := ctx.File.AST.Mapper
	for _, d := range ctx.File.AST.Duplicates {
		r.Report(catalog.RuleYAMLDuplicateKey, d.Key.Span,
			"duplicate key %q: it is already set on line %d, and the framework refuses to load a file with duplicate keys; remove one of them",
			d.Key.Value, m.OffsetLine(d.First.Span.Start)+1)
	}
}
