package completion

import (
	"slices"
	"strings"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// eventNameKey is the DynamoDB stream record field that tells an insert
// from an update or a delete; its values are catalog.DynamoDBEventNames.
const eventNameKey = "eventName"

// filterField is a top-level field of a filter pattern.
type filterField struct {
	name    string
	stream  catalog.StreamType
	detail  string
	snippet string // the value, in catalog indentation
}

func filterFields() []filterField {
	var descriptors []string
	for _, d := range catalog.DynamoDBTypeDescriptors() {
		descriptors = append(descriptors, d.Name)
	}
	return []filterField{
		{
			name: eventNameKey, stream: catalog.DynamoDB,
			detail:  "The kind of change: " + strings.Join(catalog.DynamoDBEventNames(), ", "),
			snippet: " [" + choiceSnippet(1, catalog.DynamoDBEventNames()) + "]",
		},
		{
			name: catalog.DynamoDBFilterDataKey, stream: catalog.DynamoDB,
			detail: "The item: its keys and images, each attribute under its type",
			snippet: "\n  " + choiceSnippet(1, imageKeys()) + ":\n    ${2:attribute}:\n      " +
				choiceSnippet(3, descriptors) + ": [${4:value}]",
		},
		{
			name: catalog.KinesisFilterDataKey, stream: catalog.Kinesis,
			detail:  "The record's payload, decoded from base64; only JSON payloads can match",
			snippet: "\n  ${1:field}: [${2:value}]",
		},
	}
}

// imageKeys are the parts of a DynamoDB record filters look at: Keys,
// NewImage and OldImage, the first three of the catalog's record keys.
func imageKeys() []string { return catalog.DynamoDBRecordKeys()[:3] }

// filters offers the fields of filter patterns; sub is the path below
// `filterPatterns`.
func (b *builder) filters(sc *streamScope, sub []string) {
	c := b.c
	switch {
	case len(sub) == 0 && c.pos == atKey:
		b.filterFields(sc, nil, true)
	case match(sub, "[]") && c.pos == atKey:
		b.filterFields(sc, c.blockOf(c.path[len(c.path)-1]).present(), false)
	case match(sub, "[]") && c.pos == atValue && c.key == eventNameKey:
		b.eventNames(len(c.flow) == 0)
	case match(sub, "[]", eventNameKey, "[]") && c.pos == atKey:
		b.eventNames(false)
	case match(sub, "[]", catalog.DynamoDBFilterDataKey) && c.pos == atKey:
		b.images(sc, c.blockOf(c.path[len(c.path)-1]).present())
	case match(sub, "[]", catalog.DynamoDBFilterDataKey, "*") && c.pos == atKey:
		b.attributeNames(sc, sub[2], c.blockOf(c.path[len(c.path)-1]).present())
	case match(sub, "[]", catalog.DynamoDBFilterDataKey, "*", "*") && c.pos == atKey:
		b.typeDescriptors()
	}
}

func (b *builder) filterFields(sc *streamScope, present map[string]bool, withDash bool) {
	c := b.c
	base, dash := c.col, ""
	if withDash {
		base, dash = c.col+2, "- "
	}
	docs := filterDocs()
	for _, f := range filterFields() {
		if present[f.name] || !sc.applies(f.stream) {
			continue
		}
		it := Item{
			Label: f.name, Detail: f.detail,
			Documentation: docs.markdown, PlainDocumentation: docs.plain,
			Kind: KindProperty, FilterText: f.name,
		}
		if c.colonAfter && !withDash {
			it.Edit = TextEdit{Span: c.word, NewText: f.name}
		} else {
			text := dash + b.style().reindent(f.name+":"+f.snippet, base)
			it.Edit = TextEdit{Span: c.word, NewText: text}
			it.Snippet, it.PlainText = true, expandSnippet(text)
		}
		b.add(it)
	}
}

// eventNames offers INSERT, MODIFY and REMOVE: inside a list, or as a
// one-item flow list, since filter values must always be lists.
func (b *builder) eventNames(asList bool) {
	docs := filterDocs()
	for _, name := range catalog.DynamoDBEventNames() {
		text := name
		if asList {
			text = "[" + name + "]"
		}
		if b.c.needSpace {
			text = " " + text
		}
		b.add(Item{
			Label: text, Detail: "DynamoDB " + eventNameKey,
			Documentation: docs.markdown, PlainDocumentation: docs.plain,
			Kind: KindEnumMember, Edit: TextEdit{Span: b.c.word, NewText: text}, FilterText: strings.TrimSpace(text),
		})
	}
}

// images offers Keys, NewImage and OldImage. Images the table's stream
// view type does not produce are ranked last and say why: a filter on them
// never matches.
func (b *builder) images(sc *streamScope, present map[string]bool) {
	produced := imageKeys()
	for _, vt := range catalog.DynamoDBStreamViewTypes() {
		if vt.Name == sc.source.ViewType {
			produced = vt.Images
		}
	}
	docs := filterDocs()
	var late []Item
	for _, name := range imageKeys() {
		if present[name] {
			continue
		}
		it := Item{
			Label: name, Detail: "DynamoDB record " + name,
			Documentation: docs.markdown, PlainDocumentation: docs.plain,
			Kind: KindProperty, FilterText: name,
		}
		if b.c.colonAfter {
			it.Edit = TextEdit{Span: b.c.word, NewText: name}
		} else {
			text := name + ":" + b.style().reindent("\n  ${1:attribute}:\n    ${2:S}: [${3:value}]", b.c.col)
			it.Edit = TextEdit{Span: b.c.word, NewText: text}
			it.Snippet, it.PlainText = true, expandSnippet(text)
		}
		if !slices.Contains(produced, name) {
			it.Detail = "never matches: the table's stream view type " + sc.source.ViewType + " has no " + name
			late = append(late, it)
			continue
		}
		b.add(it)
	}
	for _, it := range late {
		b.add(it)
	}
}

// attributeNames offers the table's declared attributes (for Keys, the
// ones in its KeySchema) under their DynamoDB type.
func (b *builder) attributeNames(sc *streamScope, image string, present map[string]bool) {
	r := sc.source.Resource
	if r == nil || sc.source.Stream != catalog.DynamoDB {
		return
	}
	types := map[string]string{}
	var order []string
	if defs := r.Properties.Get("AttributeDefinitions"); defs != nil && defs.Kind == yamlast.Sequence {
		for _, d := range defs.Items {
			name, typ := d.Get("AttributeName"), d.Get("AttributeType")
			if name == nil || name.Kind != yamlast.Scalar || typ == nil || typ.Kind != yamlast.Scalar {
				continue
			}
			types[name.Value] = typ.Value
			order = append(order, name.Value)
		}
	}
	if image == "Keys" {
		order = nil
		if ks := r.Properties.Get("KeySchema"); ks != nil && ks.Kind == yamlast.Sequence {
			for _, k := range ks.Items {
				if n := k.Get("AttributeName"); n != nil && n.Kind == yamlast.Scalar {
					order = append(order, n.Value)
				}
			}
		}
	}
	docs := filterDocs()
	for _, name := range order {
		typ, ok := types[name]
		if !ok || present[name] {
			continue
		}
		it := Item{
			Label: name, Detail: typ + " attribute of " + r.LogicalID,
			Documentation: docs.markdown, PlainDocumentation: docs.plain,
			Kind: KindProperty, FilterText: name,
		}
		if b.c.colonAfter {
			it.Edit = TextEdit{Span: b.c.word, NewText: name}
		} else {
			text := name + ":" + b.style().reindent("\n  "+escapeSnippet(typ)+": [${1:value}]", b.c.col)
			it.Edit = TextEdit{Span: b.c.word, NewText: text}
			it.Snippet, it.PlainText = true, expandSnippet(text)
		}
		b.add(it)
	}
}

// typeDescriptors offers the DynamoDB JSON type keys a filtered attribute
// value sits under.
func (b *builder) typeDescriptors() {
	docs := filterDocs()
	for _, d := range catalog.DynamoDBTypeDescriptors() {
		it := Item{
			Label: d.Name, Detail: "DynamoDB type: " + d.Summary,
			Documentation: docs.markdown, PlainDocumentation: docs.plain,
			Kind: KindProperty, FilterText: d.Name,
		}
		if b.c.colonAfter {
			it.Edit = TextEdit{Span: b.c.word, NewText: d.Name}
		} else {
			it.Edit = TextEdit{Span: b.c.word, NewText: d.Name + ": [${1:value}]"}
			it.Snippet, it.PlainText = true, d.Name+": []"
		}
		b.add(it)
	}
}

type docPair struct{ markdown, plain string }

// filterDocs documents filter fields with the catalog's filterPatterns
// entry, which explains the syntax and links the filtering pages.
func filterDocs() docPair {
	k, _ := catalog.StreamKey("filterPatterns")
	return docPair{catalog.MarkdownDoc(k), catalog.PlainDoc(k)}
}
