package fix

import (
	"strings"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// A DynamoDB table read as a stream needs a StreamSpecification with a
// StreamViewType. The fix adds what is missing under the table's
// Properties (creating Properties when there are none), with the view type
// the diagnostic recommends: the narrowest one the events' filters need,
// else NEW_AND_OLD_IMAGES. A view type in the wrong letter case is
// corrected.
func init() { register(catalog.RuleRefStreamSpecification, fixStreamSpecification) }

func fixStreamSpecification(s *source, d diag.Diagnostic) []Fix {
	if table, _ := tableReadAt(s, d); table != nil {
		// The rule's advice follows the filters of every event that reads
		// the table, in whichever function; the fix writes the same.
		return s.addStreamSpecification(table, suggestedViewType(s.model.Streams, table))
	}
	for _, id := range s.model.ResourceOrder {
		table := s.model.Resources[id]
		props := table.Properties
		if props == nil || props.Kind != yamlast.Mapping {
			continue
		}
		spec := props.Pair("StreamSpecification")
		if spec == nil || spec.Merged || spec.Value.Kind != yamlast.Mapping {
			continue
		}
		if spec.Key.Span == d.Span && spec.Value.Pair("StreamViewType") == nil {
			viewType := suggestedViewType(s.model.Streams, table)
			edit, ok := s.appendTo(spec.Value, entry{block: []string{"StreamViewType: " + viewType}, flow: "StreamViewType: " + viewType})
			if !ok {
				return nil
			}
			return []Fix{{Title: "Add `StreamViewType: " + viewType + "`", Edits: []Edit{edit}, Preferred: true}}
		}
		if vt := pairWithValue(spec.Value, d.Span); vt != nil && vt.Key.Value == "StreamViewType" && vt.Value.Kind == yamlast.Scalar {
			target, ok := catalog.ClosestName(vt.Value.Value, viewTypeNames())
			if !ok || target == vt.Value.Value {
				return nil
			}
			return []Fix{{
				Title:     "Change `" + vt.Value.Value + "` to `" + target + "`",
				Edits:     []Edit{s.replaceScalar(vt.Value, target)},
				Preferred: strings.EqualFold(target, vt.Value.Value),
			}}
		}
	}
	return nil
}

// tableReadAt returns the table whose missing stream d reports at the
// attribute of a stream event's GetAtt, and the event.
func tableReadAt(s *source, d diag.Diagnostic) (*serverless.Resource, *serverless.StreamEvent) {
	for _, ref := range eventReferences(s.model) {
		if ref.place == placeSource && ref.in.Name == "GetAtt" && ref.in.AttributeSpan == d.Span {
			if r := s.model.Resources[ref.in.LogicalID]; r != nil && isDynamoDBTable(r.Type) {
				return r, ref.event
			}
		}
	}
	return nil, nil
}

func (s *source) addStreamSpecification(table *serverless.Resource, viewType string) []Fix {
	unit := s.indentUnit()
	title := "Add `StreamSpecification` with `StreamViewType: " + viewType + "` to " + table.LogicalID
	spec := entry{
		block: []string{"StreamSpecification:", unit + "StreamViewType: " + viewType},
		flow:  "StreamSpecification: {StreamViewType: " + viewType + "}",
	}
	var edit Edit
	var ok bool
	switch props := table.Properties; {
	case props == nil:
		if table.Node == nil || table.Node.Kind != yamlast.Mapping {
			return nil
		}
		edit, ok = s.appendTo(table.Node, entry{
			block: []string{"Properties:", unit + spec.block[0], unit + spec.block[1]},
			flow:  "Properties: {" + spec.flow + "}",
		})
	case props.Kind != yamlast.Mapping:
		return nil
	default:
		if p := props.Pair("StreamSpecification"); p != nil {
			// Written without a value, which counts as absent.
			edit, ok = s.fillNullMapping(p, "StreamViewType: "+viewType)
		} else {
			edit, ok = s.appendTo(props, spec)
		}
	}
	if !ok {
		return nil
	}
	return []Fix{{Title: title, Edits: []Edit{edit}, Preferred: true}}
}

// fillNullMapping gives a pair written without a value a one-entry mapping:
// on the lines below its key in block style, `{...}` in place of a written
// `~` or `null`.
func (s *source) fillNullMapping(p *yamlast.Pair, content string) (Edit, bool) {
	if p.Merged || !p.Value.IsNull() {
		return Edit{}, false
	}
	if v := p.Value.Span; v.Len() > 0 && v.Start >= p.Key.Span.End {
		return Edit{Span: v, NewText: "{" + content + "}"}, true
	}
	indent, ok := s.blockKeyIndent(p.Key.Span.Start)
	if !ok {
		return Edit{}, false
	}
	return s.insertLines(p.Key.Span.End, indent+s.indentUnit(), []string{content}), true
}

func isDynamoDBTable(t string) bool {
	return t == "AWS::DynamoDB::Table" || t == "AWS::DynamoDB::GlobalTable"
}

func viewTypeNames() []string {
	var out []string
	for _, vt := range catalog.DynamoDBStreamViewTypes() {
		out = append(out, vt.Name)
	}
	return out
}

// suggestedViewType is the view type stream-ref-stream-specification
// recommends: the narrowest one that has the images the filters of the
// table's events look at, and both images when they look at neither.
func suggestedViewType(streams []*serverless.StreamEvent, table *serverless.Resource) string {
	newImage, oldImage := false, false
	for _, ev := range streams {
		if !readsTable(ev, table) {
			continue
		}
		for _, field := range recordFields(ev) {
			newImage = newImage || field == "NewImage"
			oldImage = oldImage || field == "OldImage"
		}
	}
	switch {
	case newImage && !oldImage:
		return "NEW_IMAGE"
	case oldImage && !newImage:
		return "OLD_IMAGE"
	}
	return "NEW_AND_OLD_IMAGES"
}

func readsTable(ev *serverless.StreamEvent, table *serverless.Resource) bool {
	in, ok := serverless.IntrinsicOf(ev.ARN())
	return ok && (in.Name == "GetAtt" || in.Name == "Ref") && in.LogicalID == table.LogicalID
}

// recordFields lists the fields of the DynamoDB record (`dynamodb.<field>`)
// that an event's filter patterns name. `$or` alternatives describe the
// level they sit at.
func recordFields(ev *serverless.StreamEvent) []string {
	list := ev.PropValue("filterPatterns")
	if list == nil || list.Kind != yamlast.Sequence {
		return nil
	}
	var out []string
	var level func(n *yamlast.Node, inRecord bool)
	level = func(n *yamlast.Node, inRecord bool) {
		if n == nil || n.Kind != yamlast.Mapping || opaque(n) {
			return
		}
		for _, p := range n.Pairs {
			switch {
			case p.Key.Value == "$or" && p.Value.Kind == yamlast.Sequence:
				for _, alt := range p.Value.Items {
					level(alt, inRecord)
				}
			case inRecord:
				out = append(out, p.Key.Value)
			case p.Key.Value == "dynamodb":
				level(p.Value, true)
			}
		}
	}
	for _, pattern := range list.Items {
		level(pattern, false)
	}
	return out
}

// opaque reports whether a value is known only at deploy time.
func opaque(n *yamlast.Node) bool {
	if _, tagged := n.ShortTag(); tagged {
		return true
	}
	return serverless.IsVariable(n)
}
