package completion

import (
	"strings"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/hover"
)

// entryKeys are the settings a new stream event spells out besides its
// source: the three whose defaults surprise people. The framework writes
// BatchSize 10 where AWS would use 100, starts at TRIM_HORIZON (the whole
// retained history), and retries a failing batch until its records expire,
// blocking the shard meanwhile.
var entryKeys = []string{"batchSize", "startingPosition", "maximumRetryAttempts"}

// maxChoices bounds the streams a new event's snippet lets the user pick
// from; a menu longer than this is no help.
const maxChoices = 10

// events offers whole stream events where a function's events list takes a
// new entry. It reports whether the cursor is in such a place.
func (b *builder) events() bool {
	c := b.c
	e := functionEvents(c.path)
	if e < 0 {
		return false
	}
	last := len(c.path) - 1
	switch {
	case last == e && c.pos == atKey:
		// Below `events:`, no "- " typed yet: the entry brings its own.
		b.streamEntries(true)
	case last == e+1 && c.path[last].item && c.pos == atKey:
		bl := c.blockOf(c.path[last])
		present := bl.present()
		switch {
		case len(present) == 0 && c.colonAfter:
			// `- str|eam:` keeps its value: only the name changes.
			ev := catalog.StreamEvent()
			b.add(Item{
				Label: ev.Name, Detail: ev.Summary,
				Documentation: catalog.MarkdownDoc(ev), PlainDocumentation: catalog.PlainDoc(ev),
				Kind: KindProperty, Edit: TextEdit{NewText: ev.Name},
			})
		case len(present) == 0:
			// `- |` or `- str|`.
			b.streamEntries(false)
		case len(present) == 1 && present["stream"] && bl.get("stream").IsNull() && !c.colonAfter:
			// The line after `- stream:`, at the column editors indent
			// to, which is the column of `stream` itself: its keys go one
			// level deeper, and the items say so.
			sc := &streamScope{block: &block{}, shift: b.style().unit}
			b.streamKeys(sc, catalog.StreamKeys(), nil)
		}
	case last == e+1 && c.path[last].item && c.pos == atValue && c.key == "stream":
		// The shorthand `- stream: arn:...` takes a literal ARN only.
		k, _ := catalog.StreamKey("arn")
		b.arnShapes(&streamScope{}, k)
	default:
		return false
	}
	return true
}

// streamEntries adds a DynamoDB and a Kinesis stream event. withDash
// starts a new list item.
func (b *builder) streamEntries(withDash bool) {
	c := b.c
	base, dash := c.col, ""
	if withDash {
		base, dash = c.col+2, "- "
	}
	ev := catalog.StreamEvent()
	for _, t := range []catalog.StreamType{catalog.DynamoDB, catalog.Kinesis} {
		snippet := b.streamEntry(t)
		text := dash + b.style().reindent(snippet, base)
		b.add(Item{
			Label:              "stream (" + streamTypeName(t) + ")",
			Detail:             ev.Summary,
			Documentation:      catalog.MarkdownDoc(ev),
			PlainDocumentation: catalog.PlainDoc(ev),
			Kind:               KindSnippet,
			Edit:               TextEdit{Span: c.word, NewText: text},
			Snippet:            true,
			PlainText:          expandSnippet(text),
			FilterText:         "stream",
		})
	}
}

func streamTypeName(t catalog.StreamType) string {
	if t == catalog.DynamoDB {
		return "DynamoDB"
	}
	return "Kinesis"
}

// streamEntry composes a stream event of type t in the catalog's
// indentation, values taken from the catalog's snippets. Its source is one
// of the file's streams of that type when there are any, else an ARN to
// fill in.
func (b *builder) streamEntry(t catalog.StreamType) string {
	sc := &streamScope{typ: t}
	var sb strings.Builder
	sb.WriteString("stream:")
	next := 1

	// The streams no event reads yet come first: a new event is most
	// likely meant for one of them.
	var ids []string
	attr := ""
	for _, s := range b.resources(maxChoices, true, func(s hover.Source) bool {
		return s.StreamSource() && s.Stream == t
	}) {
		ids, attr = append(ids, s.Resource.LogicalID), s.Attribute
	}
	if len(ids) > 0 {
		// An intrinsic `arn` needs `type`.
		sb.WriteString("\n  type: " + hover.TypeValue(t))
		choice := choiceSnippet(next, ids)
		next++
		sb.WriteString("\n  arn:" + indentValue(getAtt(b.getAttForm(), choice, attr), 2))
	} else {
		kind := catalog.ARNKinesisStream
		if t == catalog.DynamoDB {
			kind = catalog.ARNDynamoDBStream
		}
		shape := b.arnShape(kind, next)
		next = maxTabStop(shape) + 1
		sb.WriteString("\n  arn: " + shape)
	}
	for _, name := range entryKeys {
		k, ok := catalog.StreamKey(name)
		if !ok {
			continue
		}
		v := shiftTabStops(valueSnippet(sc, k), next-1)
		next = max(next, maxTabStop(v)+1)
		sb.WriteString("\n  " + name + ": " + v)
	}
	return sb.String()
}

// indentValue moves a value rendered for a key at column 0 under a key
// at column by (both in catalog indentation); inline values are kept on
// the key's line after a space.
func indentValue(v string, by int) string {
	if !strings.HasPrefix(v, "\n") {
		return " " + v
	}
	return strings.ReplaceAll(v, "\n", "\n"+spaces(by))
}
