package fix

import (
	"strings"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// An enum value in the wrong letter case is rewritten in the right one; a
// near miss (TRIM_HORIZONT) is offered but not preferred. A one-item list
// of a valid value (`functionResponseType: [ReportBatchItemFailures]`)
// becomes the value itself.
func init() { register(catalog.RuleEnumValue, fixEnumValue) }

func fixEnumValue(s *source, d diag.Diagnostic) []Fix {
	p, key := enumPlace(s, d)
	if p == nil {
		return nil
	}
	v := p.Value
	switch v.Kind {
	case yamlast.Sequence:
		if len(v.Items) != 1 || v.Items[0].Kind != yamlast.Scalar || !key.HasEnumValue(v.Items[0].Value) {
			return nil
		}
		edit, ok := s.unwrapList(p)
		if !ok {
			return nil
		}
		return []Fix{{Title: "Write `" + key.Name + ": " + v.Items[0].Value + "` as a single value", Edits: []Edit{edit}, Preferred: true}}
	case yamlast.Scalar:
		if _, tagged := v.ShortTag(); tagged || key.HasEnumValue(v.Value) {
			return nil
		}
		target, ok := catalog.ClosestName(v.Value, key.Enum)
		if !ok {
			return nil
		}
		return []Fix{{
			Title:     "Change `" + v.Value + "` to `" + target + "`",
			Edits:     []Edit{s.replaceScalar(v, target)},
			Preferred: strings.EqualFold(target, v.Value),
		}}
	}
	return nil
}

// enumPlace finds the enum pair whose value d reports, and its key.
func enumPlace(s *source, d diag.Diagnostic) (*yamlast.Pair, catalog.Key) {
	for _, ev := range s.model.Streams {
		if p := pairWithValue(streamMapping(ev), d.Span); p != nil {
			if k, ok := catalog.StreamKey(p.Key.Value); ok && k.Kind == catalog.KindEnum {
				return p, k
			}
		}
		if p := pairWithValue(destinationMapping(ev), d.Span); p != nil {
			for _, k := range catalog.DestinationKeys() {
				if k.Name == p.Key.Value && k.Kind == catalog.KindEnum {
					return p, k
				}
			}
		}
	}
	return nil, catalog.Key{}
}

// unwrapList replaces a one-item list value with its item, as written. A
// block list (`key:` then `- item`) is pulled up onto the key's line when
// nothing but the dash stands between them.
func (s *source) unwrapList(p *yamlast.Pair) (Edit, bool) {
	list, item := p.Value, p.Value.Items[0]
	itemText := s.spanText(item.Span)
	if strings.ContainsAny(itemText, "\r\n") {
		return Edit{}, false
	}
	if list.Flow {
		return Edit{Span: list.Span, NewText: itemText}, true
	}
	between := s.text.Slice(p.Key.Span.End, item.Span.Start)
	if !strings.HasPrefix(between, ":") || strings.Trim(between[1:], " \t\r\n-") != "" {
		return Edit{}, false // a comment or tag between key and item
	}
	return Edit{Span: spanOf(p.Key.Span.End+1, list.Span.End), NewText: " " + itemText}, true
}
