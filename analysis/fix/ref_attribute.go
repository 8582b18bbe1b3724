package fix

import (
	"strings"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// A GetAtt that asks the referenced resource for the wrong attribute
// (`!GetAtt Table.Arn` as a stream source) is changed to the attribute its
// place needs, in whichever form the GetAtt is written; a GetAtt without an
// attribute gets one.
func init() { register(catalog.RuleRefAttribute, fixRefAttribute) }

// referencePlace is where in a stream event a reference sits; each place
// needs a different ARN.
type referencePlace uint8

const (
	placeSource referencePlace = iota
	placeConsumer
	placeOnFailure
)

// wantedAttributes is the attribute that gives the ARN each place needs
// from each resource type (reference/aws-esm.md 5.1 to 5.3), as the rule
// stream-ref-attribute has it.
var wantedAttributes = map[referencePlace]map[string]string{
	placeSource: {
		"AWS::DynamoDB::Table":         "StreamArn",
		"AWS::DynamoDB::GlobalTable":   "StreamArn",
		"AWS::Kinesis::Stream":         "Arn",
		"AWS::Kinesis::StreamConsumer": "ConsumerARN",
	},
	placeConsumer:  {"AWS::Kinesis::StreamConsumer": "ConsumerARN"},
	placeOnFailure: {"AWS::SQS::Queue": "Arn", "AWS::SNS::Topic": "TopicArn"},
}

func fixRefAttribute(s *source, d diag.Diagnostic) []Fix {
	for _, ref := range eventReferences(s.model) {
		in := ref.in
		res := s.model.Resources[in.LogicalID]
		if res == nil || in.Name != "GetAtt" {
			continue
		}
		want, ok := wantedAttributes[ref.place][res.Type]
		if !ok || in.Attribute == want {
			continue
		}
		switch {
		case in.Attribute != "" && in.AttributeSpan == d.Span:
			return []Fix{{
				Title:     "Change `" + in.Attribute + "` to `" + want + "`",
				Edits:     []Edit{{Span: in.AttributeSpan, NewText: want}},
				Preferred: true,
			}}
		case in.Attribute == "" && in.LogicalIDSpan == d.Span:
			edit, ok := s.addAttribute(in, want)
			if !ok {
				return nil
			}
			return []Fix{{Title: "Add the attribute `" + want + "`", Edits: []Edit{edit}, Preferred: true}}
		}
	}
	return nil
}

// addAttribute completes a GetAtt that names no attribute: `!GetAtt T`
// becomes `!GetAtt T.Attr`, `[T]` becomes `[T, Attr]`, and a block list
// gets a second item.
func (s *source) addAttribute(in *serverless.Intrinsic, attr string) (Edit, bool) {
	a := in.Args
	switch a.Kind {
	case yamlast.Scalar:
		return Edit{Span: spanOf(in.LogicalIDSpan.End, in.LogicalIDSpan.End), NewText: "." + attr}, true
	case yamlast.Sequence:
		if len(a.Items) != 1 {
			return Edit{}, false
		}
		item := a.Items[0]
		if a.Flow {
			return Edit{Span: spanOf(item.Span.End, item.Span.End), NewText: ", " + attr}, true
		}
		prefix := s.text.Slice(s.lineStart(item.Span.Start), item.Span.Start)
		if strings.Trim(prefix, " -") != "" || !strings.HasSuffix(prefix, "- ") {
			return Edit{}, false
		}
		return s.insertLines(item.Span.End, strings.TrimSuffix(prefix, "- ")+"- ", []string{attr}), true
	}
	return Edit{}, false
}

// reference is a GetAtt or Ref with a literal logical ID in a stream event.
type reference struct {
	place referencePlace
	in    *serverless.Intrinsic
	event *serverless.StreamEvent
}

// eventReferences lists the references in every stream event: the source,
// the consumer and the on-failure destination.
func eventReferences(f *serverless.File) []reference {
	var out []reference
	for _, ev := range f.Streams {
		add := func(place referencePlace, n *yamlast.Node) {
			if in, ok := serverless.IntrinsicOf(n); ok && in.LogicalID != "" && (in.Name == "GetAtt" || in.Name == "Ref") {
				out = append(out, reference{place: place, in: in, event: ev})
			}
		}
		add(placeSource, ev.ARN())
		add(placeConsumer, ev.PropValue("consumer"))
		if dest := ev.PropValue("destinations"); dest != nil {
			if onFailure := dest.Get("onFailure"); onFailure != nil {
				if _, intrinsic := serverless.IntrinsicOf(onFailure); intrinsic || onFailure.Kind != yamlast.Mapping {
					add(placeOnFailure, onFailure)
				} else {
					add(placeOnFailure, onFailure.Get("arn"))
				}
			}
		}
	}
	return out
}
