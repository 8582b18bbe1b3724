package fix

import (
	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// An intrinsic `arn` needs `type` next to it. When the intrinsic names a
// table or a Kinesis stream of this file, the type is certain; otherwise
// both types are offered and neither is preferred.
func init() { register(catalog.RuleTypeRequired, fixTypeRequired) }

func fixTypeRequired(s *source, d diag.Diagnostic) []Fix {
	for _, ev := range s.model.Streams {
		m := streamMapping(ev)
		p := pairWithKey(m, d.Span)
		if p == nil || p.Key.Value != "arn" {
			continue
		}
		existing := m.Pair("type")
		if existing != nil && !existing.Value.IsNull() {
			return nil
		}
		types := []string{"kinesis", "dynamodb"}
		if t, ok := referencedStreamType(s.model, p.Value); ok {
			types = []string{t}
		}
		var fixes []Fix
		for _, t := range types {
			var edit Edit
			ok := true
			if existing != nil {
				// `type:` without a value counts as absent; filling it in
				// avoids writing the key twice.
				edit, ok = s.setNullValue(existing, t)
			} else {
				edit, ok = s.insertAfter(m, p, entry{block: []string{"type: " + t}, flow: "type: " + t})
			}
			if !ok {
				return nil
			}
			fixes = append(fixes, Fix{Title: "Add `type: " + t + "`", Edits: []Edit{edit}, Preferred: len(types) == 1})
		}
		return fixes
	}
	return nil
}

// referencedStreamType is the stream type of the resource an intrinsic ARN
// names, when the file defines it as a table or a Kinesis stream.
func referencedStreamType(f *serverless.File, arn *yamlast.Node) (string, bool) {
	in, ok := serverless.IntrinsicOf(arn)
	if !ok || in.LogicalID == "" {
		return "", false
	}
	r := f.Resources[in.LogicalID]
	if r == nil {
		return "", false
	}
	switch r.Type {
	case "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable":
		return "dynamodb", true
	case "AWS::Kinesis::Stream":
		return "kinesis", true
	}
	return "", false
}
