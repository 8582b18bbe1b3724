package rules

import (
	"slices"
	"strings"
	"sync"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// filterPatternDynamoDBType: DynamoDB stream records carry attribute values
// in DynamoDB JSON, `{"status": {"S": "ACTIVE"}}`, so a filter must name the
// type descriptor too: `status: {S: [ACTIVE]}`. Without it the filter
// compares a list with an object and never matches; `exists` likewise only
// works on the value under the descriptor (reference/aws-esm.md R17, 3.4).
type filterPatternDynamoDBType struct{}

func init() { register(catalog.RuleFilterPatternDynamoDBType, filterPatternDynamoDBType{}) }

func (filterPatternDynamoDBType) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	if typ, _ := ctx.sourceType(ev); typ == serverless.Kinesis {
		return
	}
	for _, pattern := range ctx.filterPatterns(ev) {
		for _, field := range ctx.patternFields(pattern) {
			switch dynamoDBPlaceOf(field.Path) {
			case dynamoDBAttribute:
				checkAttributeValue(ctx, field, r)
			case dynamoDBDescriptor:
				checkDescriptorName(field, r)
			}
		}
	}
}

// descriptorNames lists the type descriptors' names; it is read for every
// descriptor of every filter, so it is built once, and callers must not
// modify it.
var descriptorNames = sync.OnceValue(func() []string {
	var out []string
	for _, d := range catalog.DynamoDBTypeDescriptors() {
		out = append(out, d.Name)
	}
	return out
})

// checkAttributeValue checks what an attribute name maps to: a mapping of
// type descriptors.
func checkAttributeValue(ctx *Context, field patternField, r *Reporter) {
	name, v := field.Name(), field.Pair.Value
	if v.Kind == yamlast.Mapping || isOpaque(v) {
		return
	}
	var values string
	switch v.Kind {
	case yamlast.Sequence:
		values = sourceText(ctx.File, v)
	case yamlast.Scalar:
		values = "[" + sourceText(ctx.File, v) + "]"
	default:
		values = "[...]"
	}
	descriptor := guessDescriptor(v)
	if descriptor == "N" {
		// Numbers are strings in DynamoDB JSON, and filters compare them as such.
		values = quotedNumbers(v)
	}
	if v.Kind == yamlast.Sequence && listTestsExistence(v) {
		r.Report(catalog.RuleFilterPatternDynamoDBType, field.Pair.Key.Span,
			"`exists` on the attribute itself never matches: DynamoDB records wrap every value in a type descriptor, and `exists` only tests a leaf; write `%s: {%s: %s}`",
			name, descriptor, values)
		return
	}
	r.Report(catalog.RuleFilterPatternDynamoDBType, field.Pair.Key.Span,
		"`%s` needs its type descriptor: DynamoDB records hold attribute values as `{\"%s\": ...}`, so this filter never matches; write `%s: {%s: %s}`",
		name, descriptor, name, descriptor, values)
}

// guessDescriptor picks the descriptor that fits the values a user wrote:
// numbers suggest N (whose values are strings in the record), booleans
// BOOL, anything else S.
func guessDescriptor(v *yamlast.Node) string {
	items := []*yamlast.Node{v}
	if v.Kind == yamlast.Sequence {
		items = v.Items
	}
	for _, it := range items {
		if it.Kind != yamlast.Scalar {
			continue
		}
		switch it.Tag {
		case "!!int", "!!float":
			return "N"
		case "!!bool":
			return "BOOL"
		}
	}
	return "S"
}

// quotedNumbers writes the values of v as a list of strings.
func quotedNumbers(v *yamlast.Node) string {
	items := []*yamlast.Node{v}
	if v.Kind == yamlast.Sequence {
		items = v.Items
	}
	var parts []string
	for _, it := range items {
		if it.Kind == yamlast.Scalar {
			parts = append(parts, "\""+it.Value+"\"")
		}
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// listTestsExistence reports whether a value list uses `exists`.
func listTestsExistence(v *yamlast.Node) bool {
	for _, it := range v.Items {
		if isOperatorObject(it) && it.Pair("exists") != nil {
			return true
		}
	}
	return false
}

// checkDescriptorName checks a key under an attribute: it must be a type
// descriptor, spelt exactly.
func checkDescriptorName(field patternField, r *Reporter) {
	name := field.Name()
	if field.Pair.Key.Kind == yamlast.Null {
		// js-yaml reads an unquoted NULL as null, and the framework then
		// sends the key "null" (see jsKey).
		r.Report(catalog.RuleFilterPatternDynamoDBType, field.Pair.Key.Span,
			"YAML reads an unquoted `%s` as null, so the framework sends the key \"null\" and this filter never matches; quote it: `\"NULL\": [true]`", name)
		return
	}
	names := descriptorNames()
	if slices.Contains(names, name) || misplacedOperator(field) {
		// A misplaced operator (`status: {prefix: a}`) is the operator
		// rule's to explain.
		return
	}
	for _, d := range names {
		if strings.EqualFold(name, d) {
			r.Report(catalog.RuleFilterPatternDynamoDBType, field.Pair.Key.Span,
				"type descriptors are upper-case: write `%s`; `%s` never matches", d, name)
			return
		}
	}
	attr := lastOr(field.Path, "attribute")
	r.Report(catalog.RuleFilterPatternDynamoDBType, field.Pair.Key.Span,
		"`%s` is not a DynamoDB type descriptor (%s), so this filter never matches; a map attribute nests its fields under `M`: `%s: {M: {%s: {S: [...]}}}`",
		name, quoteList(names, "or"), attr, name)
}
