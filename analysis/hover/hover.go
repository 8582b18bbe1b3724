// Package hover explains the part of a stream event under the cursor: what
// a key does with its type, range, defaults and documentation links (all
// from the catalog), what an ARN is made of and whether it fits where it is
// written, what a Fn::GetAtt or Ref points to, and, on the `stream` key,
// what the framework will generate for the event.
//
// It works on the positioned model and byte offsets and knows nothing of
// LSP; every result comes in markdown and in plain text so that the server
// can honour the client's content format.
package hover

import (
	"strings"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// Result is one hover: the text and the span it describes, which editors
// highlight.
type Result struct {
	Span     document.Span
	Markdown string
	Plain    string
}

// Hover describes what lies at byte offset in the document model describes.
// It reports false where stream-ls has nothing to say, so that the server
// answers null rather than an empty hover.
func Hover(model *serverless.File, offset int) (*Result, bool) {
	if model == nil {
		return nil, false
	}
	for _, ev := range model.Streams {
		if ev.Item == nil || !ev.Item.Span.Contains(offset) {
			continue
		}
		if r, ok := hoverEvent(model, ev, offset); ok {
			return r, true
		}
	}
	return nil, false
}

func hoverEvent(f *serverless.File, ev *serverless.StreamEvent, off int) (*Result, bool) {
	if ev.Key != nil && ev.Key.Span.Contains(off) {
		return generated(f, ev), true
	}
	v := ev.Value
	if v == nil || !v.Span.Contains(off) {
		return nil, false
	}
	if ev.Shorthand() {
		return valueHover(f, ev, placeStreamARN, v)
	}
	if v.Kind != yamlast.Mapping {
		return nil, false
	}
	return mappingHover(f, ev, v, nil, off, false)
}

// HoverMerged describes what lies at byte offset inside a mapping that the
// stream events of model merge (`<<: *defaults`): the keys of the anchor
// are the events' keys, with their documentation. Hover finds nothing
// there, since the anchor lies outside every event. When several events
// merge the anchor, the first one's context (its source type, say) is
// used.
func HoverMerged(model *serverless.File, offset int) (*Result, bool) {
	if model == nil {
		return nil, false
	}
	for _, ev := range model.Streams {
		if ev.Value == nil || ev.Value.Kind != yamlast.Mapping {
			continue
		}
		if r, ok := mappingHover(model, ev, ev.Value, nil, offset, true); ok {
			return r, true
		}
	}
	return nil, false
}

// mappingHover looks for off among the pairs of one of the event's
// mappings; path names the mapping from the event down ("destinations").
// merged selects the pairs of the mapping itself that looks: those written
// in it, or those a `<<` merged in, whose spans lie in the anchor.
func mappingHover(f *serverless.File, ev *serverless.StreamEvent, m *yamlast.Node, path []string, off int, merged bool) (*Result, bool) {
	for _, p := range m.Pairs {
		if p.Merged != merged {
			continue
		}
		name := p.Key.Value
		keyPath := append(append([]string(nil), path...), name)
		k, known := catalog.KeyAt(keyPath...)
		if p.Key.Span.Contains(off) {
			if !known {
				return unknownKey(p.Key, path)
			}
			return &Result{Span: p.Key.Span, Markdown: catalog.MarkdownDoc(k), Plain: catalog.PlainDoc(k)}, true
		}
		v := p.Value
		if v == nil || !v.Span.Contains(off) || !known {
			continue
		}
		switch {
		case v.Kind == yamlast.Mapping && len(k.Children) > 0:
			if _, isIntrinsic := serverless.IntrinsicOf(v); !isIntrinsic {
				return mappingHover(f, ev, v, keyPath, off, false)
			}
		case v.Kind == yamlast.Sequence || v.Kind == yamlast.Mapping && k.Kind == catalog.KindList:
			// Inside filter patterns: their fields are the user's own.
			return nil, false
		}
		if pl, ok := placeOf(keyPath); ok {
			return valueHover(f, ev, pl, v)
		}
		if v.Kind == yamlast.Scalar && k.Kind == catalog.KindEnum {
			if val, ok := k.EnumValue(v.Value); ok {
				return enumValue(k, val, v.Span), true
			}
		}
		return &Result{Span: v.Span, Markdown: catalog.MarkdownDoc(k), Plain: catalog.PlainDoc(k)}, true
	}
	return nil, false
}

// unknownKey explains the keys people try that the framework rejects.
func unknownKey(key *yamlast.Node, path []string) (*Result, bool) {
	reason, ok := catalog.UnsupportedStreamKey(key.Value)
	if !ok || len(path) > 1 || (len(path) == 1 && path[0] != "destinations") {
		return nil, false
	}
	where := "a stream event"
	if len(path) == 1 {
		where = "`destinations`"
	}
	d := newDoc()
	d.title("`" + key.Value + "` is not a key of " + where)
	d.para(sentence(reason))
	for _, l := range catalog.StreamEvent().Links {
		if l.URL == catalog.ServerlessStreamsDocs {
			d.links([]catalog.Link{l})
		}
	}
	return d.result(key.Span), true
}

// enumValue documents one allowed value and names the others.
func enumValue(k catalog.Key, v catalog.EnumValue, sp document.Span) *Result {
	d := newDoc()
	d.title("`" + k.Name + ": " + v.Value + "`")
	d.para(sentence(v.Summary))
	if v.AppliesTo != 0 && v.AppliesTo != k.AppliesTo {
		d.fact("Applies to", v.AppliesTo.String())
	}
	if v.Since != "" {
		d.fact("Since", "Serverless Framework "+v.Since)
	}
	if k.FrameworkDefault == v.Value {
		d.fact("Default", "yes: the framework writes it when the key is omitted")
	}
	var others []string
	for _, o := range k.Values {
		if o.Value != v.Value {
			others = append(others, "`"+o.Value+"`")
		}
	}
	if len(others) > 0 {
		d.fact("Other values", strings.Join(others, ", "))
	}
	d.para(k.Summary)
	d.links(k.Links)
	return d.result(sp)
}

// sentence capitalises a catalog fragment and ends it with a period.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	if s[0] >= 'a' && s[0] <= 'z' {
		s = string(s[0]-'a'+'A') + s[1:]
	}
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}
