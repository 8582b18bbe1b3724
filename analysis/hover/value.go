package hover

import (
	"strings"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// place is where in a stream event a value names another resource; it
// decides which kind of ARN or resource fits.
type place uint8

const (
	placeStreamARN   place = iota + 1 // `arn`, or the shorthand string
	placeConsumer                     // `consumer`
	placeDestination                  // `destinations.onFailure` or its `arn`
)

func placeOf(path []string) (place, bool) {
	switch strings.Join(path, ".") {
	case "arn":
		return placeStreamARN, true
	case "consumer":
		return placeConsumer, true
	case "destinations.onFailure", "destinations.onFailure.arn":
		return placeDestination, true
	}
	return 0, false
}

// key is the catalog entry that documents the place.
func (p place) key() catalog.Key {
	var k catalog.Key
	switch p {
	case placeStreamARN:
		k, _ = catalog.StreamKey("arn")
	case placeConsumer:
		k, _ = catalog.StreamKey("consumer")
	case placeDestination:
		k, _ = catalog.KeyAt("destinations", "onFailure")
	}
	return k
}

// needs says what the place takes, for verdicts.
func (p place) needs() string {
	switch p {
	case placeStreamARN:
		return "`arn` needs a Kinesis data stream ARN or a DynamoDB **stream** ARN"
	case placeConsumer:
		return "`consumer` needs a Kinesis stream consumer ARN (or `true`)"
	}
	return "`onFailure` needs an SQS queue or SNS topic ARN"
}

// valueHover explains a value that names a resource: a literal ARN, or a
// Fn::GetAtt / Ref. Anything else gets the documentation of its key.
func valueHover(f *serverless.File, ev *serverless.StreamEvent, pl place, v *yamlast.Node) (*Result, bool) {
	if in, ok := serverless.IntrinsicOf(v); ok && in.LogicalID != "" && (in.Name == "GetAtt" || in.Name == "Ref") {
		return referenceHover(f, ev, pl, in, v), true
	}
	if v.Kind == yamlast.Scalar {
		if _, tagged := v.ShortTag(); !tagged {
			if a, ok := catalog.ParseARN(v.Value); ok {
				return arnHover(ev, pl, a, v), true
			}
		}
	}
	k := pl.key()
	return &Result{Span: v.Span, Markdown: catalog.MarkdownDoc(k), Plain: catalog.PlainDoc(k)}, true
}

// arnHover lists an ARN's parts and says whether it is the kind of ARN its
// place needs.
func arnHover(ev *serverless.StreamEvent, pl place, a catalog.ARN, v *yamlast.Node) *Result {
	d := newDoc()
	kind := a.Kind.String() + " ARN"
	if a.Kind == catalog.ARNOther {
		kind = "ARN"
	}
	d.title(kind)
	d.fact("Partition", arnPart(a, catalog.PartPartition, a.Partition))
	d.fact("Service", arnPart(a, catalog.PartService, a.Service))
	d.fact("Region", arnPart(a, catalog.PartRegion, a.Region))
	d.fact("Account", arnPart(a, catalog.PartAccount, a.Account))
	res := func(label, value string) { d.fact(label, arnPart(a, catalog.PartResource, value)) }
	switch a.Kind {
	case catalog.ARNKinesisStream:
		res("Stream", a.Name)
	case catalog.ARNKinesisConsumer:
		res("Stream", a.Name)
		res("Consumer", a.ConsumerName)
		res("Consumer created", a.ConsumerCreation)
	case catalog.ARNDynamoDBStream:
		res("Table", a.Name)
		res("Stream label", a.StreamLabel)
	case catalog.ARNDynamoDBTable:
		res("Table", a.Name)
	case catalog.ARNSNSTopic:
		res("Topic", a.Name)
	case catalog.ARNSQSQueue:
		res("Queue", a.Name)
	case catalog.ARNS3Bucket:
		res("Bucket", a.Name)
	default:
		res("Resource", a.Resource)
	}
	if format := a.Kind.Format(); format != "" {
		d.fact("Format", code(format))
	}
	d.para(arnVerdict(ev, pl, a))
	var links []catalog.Link
	if u := a.Kind.DocURL(); u != "" {
		links = append(links, catalog.Link{Title: "ARN formats: " + a.Kind.String(), URL: u})
	}
	d.links(append(links, pl.key().Links...))
	return d.result(v.Span)
}

// arnPart shows one part, flagging variables and parts that break the
// documented format.
func arnPart(a catalog.ARN, part catalog.ARNPart, value string) string {
	switch {
	case a.Unresolved.Has(part):
		return code(value) + " (a variable, resolved at deploy time)"
	case value == "":
		return "(empty)"
	case a.Invalid.Has(part):
		return code(value) + " (does not match the documented format)"
	}
	return code(value)
}

func arnVerdict(ev *serverless.StreamEvent, pl place, a catalog.ARN) string {
	if a.Kind == catalog.ARNOther && !a.Resolved() {
		return "The ARN holds variables, so its kind is known only at deploy time."
	}
	fits := "**Fits here.**"
	wrong := "**Wrong kind of ARN here:** "
	switch pl {
	case placeStreamARN:
		switch a.Kind {
		case catalog.ARNKinesisStream, catalog.ARNDynamoDBStream:
			if t := declaredType(ev); t != 0 && t != a.Kind.StreamType() {
				return wrong + "the event says `type: " + typeName(t) + "` but this is a " + a.Kind.String() + " ARN; the framework trusts `type` and grants the wrong IAM actions."
			}
			return fits + " The framework takes the stream type from the ARN when `type` is absent."
		case catalog.ARNDynamoDBTable:
			return wrong + "a table ARN is not an event source. " + pl.needs() + " (`" + catalog.ARNDynamoDBStream.Format() + "`); for a table in this file use `Fn::GetAtt: [Table, StreamArn]`."
		case catalog.ARNKinesisConsumer:
			return wrong + "keep the stream ARN in `arn` and put the consumer ARN in `consumer`."
		}
		return wrong + pl.needs() + "."
	case placeConsumer:
		if a.Kind == catalog.ARNKinesisConsumer {
			return fits + " The mapping reads through this existing consumer; `arn` still names the stream."
		}
		return wrong + pl.needs() + " (`" + catalog.ARNKinesisConsumer.Format() + "`)."
	}
	switch a.Kind {
	case catalog.ARNSQSQueue, catalog.ARNSNSTopic:
		return fits
	case catalog.ARNS3Bucket:
		return "**Accepted by AWS, not by the framework's permissions:** the framework grants SQS actions on every destination that is not SNS, so an S3 bucket needs your own IAM statements."
	}
	return wrong + pl.needs() + "."
}

// declaredType is the event's literal `type`, 0 if absent or unknown.
func declaredType(ev *serverless.StreamEvent) catalog.StreamType {
	t := ev.PropValue("type")
	if t == nil || t.Kind != yamlast.Scalar {
		return 0
	}
	k, _ := catalog.StreamKey("type")
	if v, ok := k.EnumValue(t.Value); ok {
		return v.AppliesTo
	}
	return 0
}

// typeValues maps stream types to their `type` value. The catalog hands
// out copies of its keys, so the lookup is done once.
var typeValues = func() map[catalog.StreamType]string {
	k, _ := catalog.StreamKey("type")
	m := map[catalog.StreamType]string{}
	for _, v := range k.Values {
		m[v.AppliesTo] = v.Value
	}
	return m
}()

// TypeValue is the `type` value that selects stream type t: "kinesis" or
// "dynamodb".
func TypeValue(t catalog.StreamType) string { return typeValues[t] }

func typeName(t catalog.StreamType) string {
	if v := typeValues[t]; v != "" {
		return v
	}
	return t.String()
}

// referenceHover explains a Fn::GetAtt or Ref: the resource it names and
// whether what it returns fits the place.
func referenceHover(f *serverless.File, ev *serverless.StreamEvent, pl place, in *serverless.Intrinsic, v *yamlast.Node) *Result {
	d := newDoc()
	r := f.Resources[in.LogicalID]
	if r == nil {
		d.title(intrinsicText(in))
		if f.ResourcesComplete {
			d.para("No resource " + code(in.LogicalID) + " in `resources.Resources`: CloudFormation rejects the reference.")
		} else {
			d.para(code(in.LogicalID) + " is not in this file; part of `resources` comes from elsewhere, so it may still exist at deploy time.")
		}
		d.links(pl.key().Links)
		return d.result(v.Span)
	}
	s := SourceOf(r)
	d.title(intrinsicText(in) + " → " + r.Type)
	sourceFacts(d, s)
	d.para(referenceVerdict(ev, pl, in, s))
	d.links(append(resourceLinks(r.Type), pl.key().Links...))
	return d.result(v.Span)
}

// intrinsicText shows a reference the way the file writes it.
func intrinsicText(in *serverless.Intrinsic) string {
	switch {
	case in.Name == "Ref" && in.Short:
		return code("!Ref " + in.LogicalID)
	case in.Name == "Ref":
		return code("Ref: " + in.LogicalID)
	case in.Short && in.Attribute == "":
		return code("!GetAtt " + in.LogicalID)
	case in.Short:
		return code("!GetAtt " + in.LogicalID + "." + in.Attribute)
	}
	return code("Fn::GetAtt: [" + in.LogicalID + ", " + in.Attribute + "]")
}

func referenceVerdict(ev *serverless.StreamEvent, pl place, in *serverless.Intrinsic, s Source) string {
	fits := "**Fits here.**"
	wrong := "**Does not fit here:** "
	isRef := in.Name == "Ref"
	switch pl {
	case placeStreamARN:
		switch {
		case s.Consumer:
			return wrong + "a consumer belongs in `consumer`; `arn` keeps the stream's ARN."
		case s.Stream == 0:
			return wrong + pl.needs() + "; `" + s.Resource.Type + "` is not a stream."
		case s.Stream == catalog.DynamoDB && !s.HasStream:
			return wrong + "the table has no `StreamSpecification`, so it has no stream and no `StreamArn`. Add `StreamSpecification` with a `StreamViewType` to the table."
		case isRef:
			return wrong + "`Ref` gives " + s.RefGives + ", not an ARN. Use " + code("Fn::GetAtt: ["+in.LogicalID+", "+s.Attribute+"]") + "."
		case in.Attribute != s.Attribute:
			return wrong + code(in.Attribute) + " is not the stream's ARN; use " + code(s.Attribute) + "."
		}
		if t := declaredType(ev); t != s.Stream {
			if t == 0 {
				return fits + " The event also needs `type: " + typeName(s.Stream) + "`: with an intrinsic `arn` the framework cannot tell the stream type, and packaging fails."
			}
			return wrong + "the event says `type: " + typeName(t) + "` but the resource is a " + typeName(s.Stream) + " stream."
		}
		return fits
	case placeConsumer:
		if !s.Consumer {
			return wrong + pl.needs() + "."
		}
		if isRef || in.Attribute == s.Attribute {
			return fits
		}
		return wrong + "use `Ref` or " + code(s.Attribute) + " to get the consumer's ARN."
	}
	if !s.Destination {
		return wrong + pl.needs() + "."
	}
	if (isRef && s.RefIsARN) || (!isRef && in.Attribute == s.Attribute) {
		if ev.PropValue("destinations").Get("onFailure").Get("type") == nil {
			return fits + " With an intrinsic the destination also needs `arn` and `type` as a mapping, or the framework crashes while packaging."
		}
		return fits
	}
	if isRef {
		return wrong + "`Ref` gives " + s.RefGives + ", not an ARN. Use " + code("Fn::GetAtt: ["+in.LogicalID+", "+s.Attribute+"]") + "."
	}
	return wrong + code(in.Attribute) + " is not the ARN; use " + code(s.Attribute) + "."
}
