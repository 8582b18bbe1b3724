package completion

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/hover"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// streamScope is what completion knows about the stream event around the
// cursor, read from its own lines.
type streamScope struct {
	seg   segment
	block *block
	// typ is the kind of stream; 0 while it cannot be told, in which case
	// everything that applies to either kind is offered.
	typ catalog.StreamType
	// source is the resource the `arn` refers to, if it is in the file.
	source hover.Source
	// merged are the keys the event takes from a `<<: *anchor`, and their
	// values; the anchor lies elsewhere, so only the model knows them.
	merged map[string]*yamlast.Node
	// shift is how far right of the cursor's column new keys belong.
	shift int
}

func (b *builder) streamScope(seg segment) *streamScope {
	sc := &streamScope{seg: seg, block: b.c.blockOf(seg)}
	ev := &serverless.StreamEvent{Value: sc.block.node}
	if sc.block.node != nil && sc.block.node.Kind != yamlast.Mapping {
		ev.Value = nil
	}
	// The model's own inference, so completion and the rules agree on
	// what kind of stream an event reads.
	t, _ := b.file().SourceType(ev)
	if sc.block.merges {
		if mev := b.modelEvent(seg); mev != nil {
			sc.merged = map[string]*yamlast.Node{}
			for _, p := range mev.Value.Pairs {
				if p.Merged {
					sc.merged[p.Key.Value] = p.Value
				}
			}
			if t == serverless.UnknownStream {
				t, _ = b.file().SourceType(mev)
			}
			if ev.ARN() == nil {
				ev = mev
			}
		}
	}
	switch t {
	case serverless.Kinesis:
		sc.typ = catalog.Kinesis
	case serverless.DynamoDB:
		sc.typ = catalog.DynamoDB
	}
	if in, ok := serverless.IntrinsicOf(ev.ARN()); ok && in.LogicalID != "" {
		sc.source = hover.SourceOf(b.file().Resources[in.LogicalID])
	}
	return sc
}

// modelEvent finds the stream event whose `stream` key is seg in the model,
// provided the model's text up to that line is the document's: the keys
// merged from an anchor are then the ones the document has, since an
// anchor must be defined before it is used.
func (b *builder) modelEvent(seg segment) *serverless.StreamEvent {
	m := b.model
	if m == nil || m.AST == nil || !m.AST.Text.PrefixEqual(b.c.text, seg.line.end) {
		return nil
	}
	at := seg.line.start + seg.col
	for _, ev := range m.Streams {
		if ev.Key != nil && ev.Key.Span.Start == at && ev.Value != nil && ev.Value.Kind == yamlast.Mapping {
			return ev
		}
	}
	return nil
}

// present lists the event's keys, merged ones included.
func (sc *streamScope) present() map[string]bool {
	out := sc.block.present()
	for k := range sc.merged {
		out[k] = true
	}
	return out
}

// scalar is the literal value of one of the event's keys, merged or not.
func (sc *streamScope) scalar(key string) string {
	if v := sc.block.scalar(key); v != "" {
		return v
	}
	if n := sc.merged[key]; n != nil && n.Kind == yamlast.Scalar {
		return n.Value
	}
	return ""
}

// applies reports whether something for stream types t fits the event.
func (sc *streamScope) applies(t catalog.StreamType) bool {
	return sc == nil || sc.typ == 0 || t == 0 || t.Has(sc.typ)
}

// stream offers keys and values inside a stream event's mapping.
func (b *builder) stream() bool {
	c := b.c
	si := streamAt(c.path)
	if si < 0 {
		return false
	}
	sc := b.streamScope(c.path[si])
	sub := keys(c.path[si+1:])
	switch {
	case len(sub) == 0 && c.pos == atKey:
		b.streamKeys(sc, catalog.StreamKeys(), sc.present())
	case len(sub) == 0 && c.pos == atValue && c.key == "arn":
		b.arnValues(sc)
	case len(sub) == 0 && c.pos == atValue:
		if k, ok := catalog.StreamKey(c.key); ok {
			b.streamValue(sc, k)
		}
	case match(sub, "arn") && c.pos == atKey:
		b.arnKeys(sc)
	case match(sub, "destinations") && c.pos == atKey:
		k, _ := catalog.KeyAt("destinations")
		b.streamKeys(sc, k.Children, c.blockOf(c.path[len(c.path)-1]).present())
	case match(sub, "destinations") && c.pos == atValue:
		if k, ok := catalog.KeyAt("destinations", c.key); ok {
			b.streamValue(sc, k)
		}
	case match(sub, "destinations", "onFailure") && c.pos == atKey:
		b.streamKeys(sc, catalog.DestinationKeys(), c.blockOf(c.path[len(c.path)-1]).present())
	case match(sub, "destinations", "onFailure") && c.pos == atValue && c.key == "arn":
		b.destinationARN()
	case match(sub, "destinations", "onFailure") && c.pos == atValue:
		if k, ok := catalog.KeyAt("destinations", "onFailure", c.key); ok {
			b.streamValue(sc, k)
		}
	case len(sub) > 0 && sub[0] == "filterPatterns":
		b.filters(sc, sub[1:])
	default:
		return false
	}
	return true
}

// streamKeys offers the keys of one of the stream event's mappings that
// are not written yet and apply to the event's kind of stream.
func (b *builder) streamKeys(sc *streamScope, ks []catalog.Key, present map[string]bool) {
	for _, k := range ks {
		if present[k.Name] || !sc.applies(k.AppliesTo) {
			continue
		}
		// The timestamp is only read with AT_TIMESTAMP (see its doc).
		if k.Name == "startingPositionTimestamp" && sc.scalar("startingPosition") != "AT_TIMESTAMP" {
			continue
		}
		b.keyItem(sc, k)
	}
}

// keyItem inserts a key with a snippet for its value.
func (b *builder) keyItem(sc *streamScope, k catalog.Key) {
	c := b.c
	it := Item{
		Label:              k.Name,
		Detail:             k.Summary,
		Documentation:      catalog.MarkdownDoc(k),
		PlainDocumentation: catalog.PlainDoc(k),
		Kind:               KindProperty,
		FilterText:         k.Name,
	}
	if c.colonAfter {
		it.Edit = TextEdit{Span: c.word, NewText: k.Name}
		b.add(it)
		return
	}
	snippet := valueSnippet(sc, k)
	indent := spaces(sc.shift)
	if strings.HasPrefix(snippet, "\n") {
		block := b.style().reindent(snippet, c.col+sc.shift)
		it.Edit = TextEdit{Span: c.word, NewText: indent + k.Name + ":" + block}
		it.PlainText = indent + k.Name + ":" + expandSnippet(block)
	} else {
		it.Edit = TextEdit{Span: c.word, NewText: indent + k.Name + ": " + snippet}
		it.PlainText = indent + k.Name + ": "
	}
	it.Snippet = true
	b.add(it)
}

// valueSnippet is the catalog's snippet for a key's value, with the choices
// of an enum narrowed to the values that apply to the event's stream.
func valueSnippet(sc *streamScope, k catalog.Key) string {
	if k.Name == "filterPatterns" && sc.typ != 0 {
		// The catalog's example filters Kinesis data; DynamoDB records
		// are filtered under another key.
		for _, f := range filterFields() {
			if f.stream == sc.typ && f.name != eventNameKey {
				return "\n  - " + f.name + ":" + strings.ReplaceAll(f.snippet, "\n", "\n    ")
			}
		}
	}
	if k.Kind != catalog.KindEnum {
		return k.Snippet
	}
	var vals []string
	for _, v := range k.Values {
		if sc.applies(v.AppliesTo) {
			vals = append(vals, v.Value)
		}
	}
	if len(vals) == 0 {
		return k.Snippet
	}
	return choiceSnippet(1, vals)
}

// streamValue offers values for key k, typed after its colon.
func (b *builder) streamValue(sc *streamScope, k catalog.Key) {
	switch {
	case k.Kind == catalog.KindEnum:
		for _, v := range k.Values {
			if sc.applies(v.AppliesTo) {
				b.valueItem(k, v.Value, v.Summary, KindEnumMember)
			}
		}
	case k.Kind == catalog.KindBoolean:
		for _, v := range []string{"true", "false"} {
			b.valueItem(k, v, defaultNote(k, v), KindValue)
		}
	case k.Kind == catalog.KindTrueOrARN:
		b.valueItem(k, "true", k.Summary, KindValue)
		b.consumerValues(sc)
	case k.Kind == catalog.KindInteger || k.Kind == catalog.KindNumber:
		if k.FrameworkDefault != "" {
			b.valueItem(k, k.FrameworkDefault, defaultNote(k, k.FrameworkDefault), KindValue)
		}
		if k.AWSDefault != "" && k.AWSDefault != k.FrameworkDefault {
			b.valueItem(k, k.AWSDefault, defaultNote(k, k.AWSDefault), KindValue)
		}
	case strings.HasPrefix(k.Snippet, "\n"):
		// A mapping or list value: the block the catalog suggests.
		block := b.style().reindent(k.Snippet, b.c.keyCol)
		b.add(Item{
			Label: k.Name + ":", Detail: k.Summary,
			Documentation: catalog.MarkdownDoc(k), PlainDocumentation: catalog.PlainDoc(k),
			Kind: KindSnippet, Edit: TextEdit{Span: b.c.word, NewText: block},
			Snippet: true, PlainText: expandSnippet(block), FilterText: "",
		})
	case k.Snippet != "":
		// An ARN or a mapping (onFailure): the catalog's example ARN.
		text := k.Snippet
		if b.c.needSpace {
			text = " " + text
		}
		b.add(Item{
			Label: expandSnippet(k.Snippet), Detail: k.Summary,
			Documentation: catalog.MarkdownDoc(k), PlainDocumentation: catalog.PlainDoc(k),
			Kind: KindValue, Edit: TextEdit{Span: b.c.word, NewText: text},
			Snippet: true, PlainText: expandSnippet(text),
		})
	}
}

// defaultNote says which default a value is, for the item's detail.
func defaultNote(k catalog.Key, v string) string {
	fw, aws := k.FrameworkDefault == v, k.AWSDefault == v
	switch {
	case fw && aws:
		return "default"
	case fw:
		return "the framework's default, written when the key is omitted"
	case aws:
		if k.FrameworkDefault != "" {
			return "AWS's default; the framework writes " + k.FrameworkDefault + " unless told otherwise"
		}
		return "AWS's default, which applies when the key is omitted"
	}
	return ""
}

// valueItem adds one value of key k.
func (b *builder) valueItem(k catalog.Key, value, detail string, kind ItemKind) {
	text := value
	if b.c.needSpace {
		text = " " + value
	}
	b.add(Item{
		Label: value, Detail: detail,
		Documentation: catalog.MarkdownDoc(k), PlainDocumentation: catalog.PlainDoc(k),
		Kind: kind, Edit: TextEdit{Span: b.c.word, NewText: text}, FilterText: value,
	})
}

// arnValues offers, as an `arn` value, the streams the file defines (in
// the file's Fn::GetAtt style) and then the literal ARN shapes.
func (b *builder) arnValues(sc *streamScope) {
	c := b.c
	k, _ := catalog.StreamKey("arn")
	if strings.HasPrefix(c.wordText(), "arn:") {
		// A literal ARN is being typed: the file's streams are no help.
		b.arnShapes(sc, k)
		return
	}
	form := b.getAttForm()
	for _, s := range b.resources(maxReferences, false, func(s hover.Source) bool {
		return s.StreamSource() && sc.applies(s.Stream)
	}) {
		id := s.Resource.LogicalID
		value := getAtt(form, id, s.Attribute)
		text := value
		if strings.HasPrefix(value, "\n") {
			text = b.style().reindent(value, c.keyCol)
		} else if c.needSpace {
			text = " " + value
		}
		it := referenceItem(id, s, text)
		it.AdditionalEdits = b.typeEdit(sc, s.Stream, c.line.start+c.keyCol)
		b.add(it)
	}
	b.arnShapes(sc, k)
}

// arnKeys offers Fn::GetAtt keys on the lines below `arn:`.
func (b *builder) arnKeys(sc *streamScope) {
	c := b.c
	arnSeg := c.path[len(c.path)-1]
	form := b.getAttForm()
	for _, s := range b.resources(maxReferences, false, func(s hover.Source) bool {
		return s.StreamSource() && sc.applies(s.Stream)
	}) {
		id := s.Resource.LogicalID
		text := getAttKey(form, id, s.Attribute)
		if strings.Contains(text, "\n") {
			text = b.style().reindent(text, c.col)
		}
		it := referenceItem(id, s, text)
		it.AdditionalEdits = b.typeEdit(sc, s.Stream, arnSeg.line.start+arnSeg.col)
		b.add(it)
	}
}

// typeEdit adds the `type` an intrinsic `arn` requires, on a line of its
// own above the `arn` key at keyStart, unless the event already has one.
func (b *builder) typeEdit(sc *streamScope, t catalog.StreamType, keyStart int) []TextEdit {
	if sc.block.get("type") != nil || hover.TypeValue(t) == "" {
		return nil
	}
	col := keyStart - b.c.lines.at(keyStart).start
	return []TextEdit{{Span: spanAt(keyStart), NewText: "type: " + hover.TypeValue(t) + "\n" + spaces(col)}}
}

// arnShapes offers the documented shapes of the ARNs that fit the key:
// placeholders to fill in, for streams defined outside the file.
func (b *builder) arnShapes(sc *streamScope, k catalog.Key) {
	for _, kind := range []catalog.ARNKind{catalog.ARNDynamoDBStream, catalog.ARNKinesisStream} {
		if !sc.applies(kind.StreamType()) {
			continue
		}
		b.arnShapeItem(k, kind)
	}
}

func (b *builder) arnShapeItem(k catalog.Key, kind catalog.ARNKind) {
	snippet := b.arnShape(kind, 1)
	text, plain := snippet, expandSnippet(snippet)
	if b.c.needSpace {
		text, plain = " "+text, " "+plain
	}
	b.add(Item{
		Label:              kind.Format(),
		Detail:             kind.String() + " ARN",
		Documentation:      catalog.MarkdownDoc(k),
		PlainDocumentation: catalog.PlainDoc(k),
		Kind:               KindValue,
		Edit:               TextEdit{Span: b.c.word, NewText: text},
		Snippet:            true,
		PlainText:          plain,
		FilterText:         "arn:",
	})
}

var arnPlaceholder = regexp.MustCompile(`[A-Z][A-Z_]*[A-Z]`)

// arnShape turns a documented ARN format into a snippet with one tab stop
// per placeholder, numbered from first. When the file names the provider's
// region, the region and its partition are filled in.
func (b *builder) arnShape(kind catalog.ARNKind, first int) string {
	n := first
	region := b.providerRegion()
	return arnPlaceholder.ReplaceAllStringFunc(kind.Format(), func(p string) string {
		def := p
		switch {
		case p == "PARTITION" && region != "":
			if part, ok := catalog.RegionPartition(region); ok {
				def = part
			}
		case p == "REGION" && region != "":
			def = region
		}
		s := "${" + strconv.Itoa(n) + ":" + escapeSnippet(def) + "}"
		n++
		return s
	})
}

// providerRegion is provider.region when it is written as a literal.
func (b *builder) providerRegion() string {
	if b.model == nil || b.model.AST == nil {
		return ""
	}
	r := b.model.AST.Root.Get("provider").Get("region")
	if r == nil || r.Kind != yamlast.Scalar || serverless.HasVariable(r.Value) {
		return ""
	}
	return r.Value
}

// consumerValues offers the file's enhanced fan-out consumers (whose Ref is
// their ARN) and the shape of a consumer ARN.
func (b *builder) consumerValues(sc *streamScope) {
	k, _ := catalog.StreamKey("consumer")
	for _, s := range b.resources(maxReferences, false, func(s hover.Source) bool { return s.Consumer }) {
		id := s.Resource.LogicalID
		text := "!Ref " + id
		if b.getAttForm() != short {
			text = "\n  Ref: " + id
		}
		if strings.HasPrefix(text, "\n") {
			text = b.style().reindent(text, b.c.keyCol)
		} else if b.c.needSpace {
			text = " " + text
		}
		b.add(referenceItem(id, s, text))
	}
	b.arnShapeItem(k, catalog.ARNKinesisConsumer)
}

// destinationARN offers the file's queues and topics as an on-failure
// destination, and the catalog's example ARN.
func (b *builder) destinationARN() {
	c := b.c
	k, _ := catalog.KeyAt("destinations", "onFailure", "arn")
	if strings.HasPrefix(c.wordText(), "arn:") {
		b.streamValue(nil, k)
		return
	}
	form := b.getAttForm()
	for _, s := range b.resources(maxReferences, false, func(s hover.Source) bool { return s.Destination }) {
		id := s.Resource.LogicalID
		var value string
		switch {
		case s.RefIsARN && form == short:
			value = "!Ref " + id
		case s.RefIsARN:
			value = "\n  Ref: " + id
		default:
			value = getAtt(form, id, s.Attribute)
		}
		text := value
		if strings.HasPrefix(value, "\n") {
			text = b.style().reindent(value, c.keyCol)
		} else if c.needSpace {
			text = " " + value
		}
		b.add(referenceItem(id, s, text))
	}
	b.streamValue(nil, k)
}
