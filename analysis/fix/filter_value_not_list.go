package fix

import (
	"strings"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// A filter value written bare (`eventName: INSERT`) is put in a list
// (`eventName: [INSERT]`), exactly as written: quotes stay, and a number or
// boolean stays one. A plain value that a flow list would split or end
// (`a,b`, `x]`) is quoted instead.
func init() { register(catalog.RuleFilterPatternValueNotList, fixFilterValueNotList) }

func fixFilterValueNotList(s *source, d diag.Diagnostic) []Fix {
	v := filterValueAt(s, d)
	if v == nil || v.Kind != yamlast.Scalar {
		return nil
	}
	written := s.spanText(v.Span)
	if written == "" || strings.ContainsAny(written, "\r\n") || written[0] == '|' || written[0] == '>' || written[0] == '!' {
		return nil
	}
	if !v.Quoted && (strings.ContainsAny(written, ",[]{}#") || strings.Contains(written+" ", ": ")) {
		written = doubleQuoted(v.Value)
	}
	return []Fix{{
		Title:     "Put `" + v.Value + "` in a list",
		Edits:     []Edit{{Span: v.Span, NewText: "[" + written + "]"}},
		Preferred: true,
	}}
}

// filterValueAt finds the value d reports among the fields of the stream
// events' filter patterns.
func filterValueAt(s *source, d diag.Diagnostic) *yamlast.Node {
	var found *yamlast.Node
	var walk func(n *yamlast.Node)
	walk = func(n *yamlast.Node) {
		if n == nil || found != nil {
			return
		}
		for _, p := range n.Pairs {
			if p.Value != nil && p.Value.Span == d.Span && p.Value.Kind == yamlast.Scalar {
				found = p.Value
				return
			}
			walk(p.Value)
		}
		for _, it := range n.Items {
			walk(it)
		}
	}
	for _, ev := range s.model.Streams {
		if m := streamMapping(ev); m != nil {
			if fp := m.Get("filterPatterns"); fp != nil && fp.Kind == yamlast.Sequence {
				walk(fp)
			}
		}
	}
	return found
}

// doubleQuoted writes s as a YAML double-quoted scalar.
func doubleQuoted(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `"` + r.Replace(s) + `"`
}
