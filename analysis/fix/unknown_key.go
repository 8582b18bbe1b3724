package fix

import (
	"strings"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// An unknown key that is recognisably a misspelling of a framework key is
// renamed. A different letter case or a CloudFormation property name
// (catalog.SuggestKey) is certain; a near miss by edit distance is only
// likely, so it is offered but not preferred. Keys the catalog explains
// (catalog.UnsupportedStreamKey) are renamed only where the explanation is a
// spelling.
func init() { register(catalog.RuleUnknownKey, fixUnknownKey) }

func fixUnknownKey(s *source, d diag.Diagnostic) []Fix {
	_, merged, known, streamLevel := unknownKeyPlace(s, d)
	if merged == nil || merged.Key.Kind != yamlast.Scalar {
		return nil
	}
	// A key shared through an anchor is renamed where it is written.
	m, p := s.written(merged)
	if m == nil {
		return nil
	}
	name := p.Key.Value
	names := make([]string, len(known))
	for i, k := range known {
		names[i] = k.Name
	}
	target, preferred := "", false
	if reason, ok := catalog.UnsupportedStreamKey(name); ok && (streamLevel || name == "onSuccess") {
		_, after, spelled := strings.Cut(reason, "spells it `")
		if !spelled {
			return nil
		}
		target, _, _ = strings.Cut(after, "`")
		preferred = true
	} else if k, ok := catalog.SuggestKey(known, name); ok {
		target, preferred = k.Name, true
	} else if n, ok := catalog.ClosestName(name, names); ok {
		target = n
	}
	if target == "" || target == name || m.Pair(target) != nil {
		// Renaming onto a key that is already there would write it twice.
		return nil
	}
	edits := []Edit{s.replaceScalar(p.Key, target)}
	title := "Rename `" + name + "` to `" + target + "`"
	if k, ok := keyNamed(known, target); ok && k.Kind == catalog.KindEnum && p.Value.Kind == yamlast.Sequence {
		// functionResponseTypes is a list; functionResponseType takes one
		// value, which the rename must also write as one.
		if len(p.Value.Items) == 1 && k.HasEnumValue(p.Value.Items[0].Value) {
			unwrap, ok := s.unwrapList(p)
			if !ok {
				return nil
			}
			edits = append(edits, unwrap)
			title += " with a single value"
		} else {
			preferred = false
		}
	}
	return []Fix{{Title: title, Edits: edits, Preferred: preferred}}
}

func keyNamed(keys []catalog.Key, name string) (catalog.Key, bool) {
	for _, k := range keys {
		if k.Name == name {
			return k, true
		}
	}
	return catalog.Key{}, false
}

// unknownKeyPlace finds the mapping whose key d reports, and the keys the
// framework knows there: the stream event's, its destinations' or its
// on-failure destination's.
func unknownKeyPlace(s *source, d diag.Diagnostic) (m *yamlast.Node, p *yamlast.Pair, known []catalog.Key, streamLevel bool) {
	destinations, _ := catalog.StreamKey("destinations")
	for _, ev := range s.model.Streams {
		sm := streamMapping(ev)
		if sm == nil {
			continue
		}
		if p := pairWithKey(sm, d.Span); p != nil {
			return sm, p, catalog.StreamKeys(), true
		}
		dm := sm.Get("destinations")
		if p := pairWithKey(dm, d.Span); p != nil {
			return dm, p, destinations.Children, false
		}
		if f := destinationMapping(ev); f != nil {
			if p := pairWithKey(f, d.Span); p != nil {
				return f, p, catalog.DestinationKeys(), false
			}
		}
	}
	return nil, nil, nil, false
}
