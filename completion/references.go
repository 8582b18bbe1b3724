package completion

import (
	"slices"
	"strings"

	"github.com/stream-ls/stream-ls/analysis/hover"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// references offers logical IDs where CloudFormation expects one: after
// `!GetAtt ` and `!Ref `, as the value of `Ref:`, and as the items of
// `Fn::GetAtt` in flow (`[X, Attr]`) or block form. It reports whether the
// cursor is in such a place, so that nothing else is offered there.
func (b *builder) references() bool {
	c := b.c
	names := keys(c.path)
	inArn := b.inStreamARN()
	switch {
	case c.pos == atValue && c.tag == "!GetAtt" && len(c.flow) == 0:
		word := c.wordText()
		if id, _, ok := strings.Cut(word, "."); ok {
			b.attributes(id, func(attr string) string { return id + "." + attr })
			return true
		}
		b.logicalIDs(inArn, func(id string, s hover.Source) string {
			if inArn || s.StreamSource() {
				return id + "." + s.Attribute
			}
			return id
		})
		return true
	case c.pos == atValue && len(c.flow) == 0 && (c.tag == "!Ref" || c.key == "Ref" && c.tag == ""):
		b.logicalIDs(false, func(id string, _ hover.Source) string { return id })
		return true
	case c.pos == atValue && c.key == "Fn::GetAtt" && c.tag == "" && len(c.flow) == 0:
		b.logicalIDs(inArn, func(id string, s hover.Source) string {
			if s.Attribute == "" {
				return ""
			}
			return "[" + id + ", " + s.Attribute + "]"
		})
		return true
	case c.pos == atValue && b.inFlowGetAtt():
		f := c.flow[len(c.flow)-1]
		if f.index == 0 {
			b.logicalIDs(inArn, func(id string, _ hover.Source) string { return id })
		} else if f.index == 1 {
			b.attributes(b.flowFirstItem(), func(attr string) string { return attr })
		}
		return true
	case c.pos == atKey && len(names) >= 2 && names[len(names)-1] == "[]" && names[len(names)-2] == "Fn::GetAtt" &&
		c.path[len(c.path)-1].line == c.line:
		if c.itemIndex == 0 {
			b.logicalIDs(inArn, func(id string, _ hover.Source) string { return id })
		} else if c.itemIndex == 1 {
			b.attributes(b.blockFirstItem(), func(attr string) string { return attr })
		}
		return true
	}
	return false
}

// inStreamARN reports whether the cursor is inside a stream event's `arn`
// value, where only stream sources make sense.
func (b *builder) inStreamARN() bool {
	path := b.c.path
	si := streamAt(path)
	if si < 0 {
		return false
	}
	if si == len(path)-1 {
		return b.c.pos == atValue && b.c.key == "arn"
	}
	return path[si+1].key == "arn" && !path[si+1].item
}

// inFlowGetAtt reports whether the cursor is in the list of a flow-style
// Fn::GetAtt: `Fn::GetAtt: [X, |` or `{Fn::GetAtt: [|`.
func (b *builder) inFlowGetAtt() bool {
	f := b.c.flow
	n := len(f)
	if n == 0 || f[n-1].mapping {
		return false
	}
	if n == 1 {
		return b.c.key == "Fn::GetAtt" && b.c.tag == ""
	}
	return f[n-2].mapping && f[n-2].key == "Fn::GetAtt"
}

// flowFirstItem is the logical ID already written before the comma in
// `[X, |`.
func (b *builder) flowFirstItem() string {
	c := b.c
	before := c.text.Slice(c.line.start, c.word.Start)
	open := strings.LastIndexByte(before, '[')
	if open < 0 {
		return ""
	}
	first, _, _ := strings.Cut(before[open+1:], ",")
	return strings.Trim(strings.TrimSpace(first), `"'`)
}

// blockFirstItem is the logical ID of the first item of a block-style
// Fn::GetAtt list the cursor's item belongs to.
func (b *builder) blockFirstItem() string {
	c := b.c
	getAtt := c.path[len(c.path)-2]
	bl := c.blockOf(getAtt)
	if bl.node == nil || bl.node.Kind != yamlast.Sequence || len(bl.node.Items) == 0 {
		return ""
	}
	first := bl.node.Items[0]
	if first.Kind != yamlast.Scalar {
		return ""
	}
	return first.Value
}

// logicalIDs adds one item per resource of the file; insert renders the
// text for one (or "" to skip it). With onlySources, resources that cannot
// be a stream event's `arn` are left out.
func (b *builder) logicalIDs(onlySources bool, insert func(id string, s hover.Source) string) {
	for _, s := range b.resources(maxReferences, false, func(s hover.Source) bool {
		return (!onlySources || s.StreamSource()) && insert(s.Resource.LogicalID, s) != ""
	}) {
		id := s.Resource.LogicalID
		text := insert(id, s)
		if b.c.needSpace {
			text = " " + text
		}
		b.add(referenceItem(id, s, text))
	}
}

// maxReferences bounds how many resources one list offers. Files generated
// by tools can define thousands; past this many the list is cut to the ones
// that match what is typed and marked incomplete, so the client asks again
// as the user types.
const maxReferences = 100

// resources returns the file's resources that keep accepts, in document
// order, at most limit of them. When there are more, the ones whose
// logical ID contains the typed word come first, then those no stream
// event reads yet. freshFirst puts those first in any case.
func (b *builder) resources(limit int, freshFirst bool, keep func(hover.Source) bool) []hover.Source {
	sources := b.facts().sources
	var kept []int
	for i := range sources {
		if keep(sources[i]) {
			kept = append(kept, i)
		}
	}
	cut := len(kept) > limit
	if cut || freshFirst {
		typed := strings.ToLower(strings.TrimPrefix(strings.TrimPrefix(b.c.wordText(), "!GetAtt"), "!Ref"))
		typed = strings.TrimSpace(typed)
		seen := b.facts().referenced
		var groups [4][]int
		for _, i := range kept {
			id := sources[i].Resource.LogicalID
			r := 0
			if cut && (typed == "" || !strings.Contains(strings.ToLower(id), typed)) {
				r += 2
			}
			if seen[id] {
				r++
			}
			groups[r] = append(groups[r], i)
		}
		kept = slices.Concat(groups[:]...)
	}
	if cut {
		b.incomplete = true
		kept = kept[:limit]
	}
	out := make([]hover.Source, len(kept))
	for j, i := range kept {
		out[j] = sources[i]
	}
	return out
}

// attributes offers the attribute stream-ls knows for the resource id.
func (b *builder) attributes(id string, insert func(attr string) string) {
	r := b.file().Resources[id]
	if r == nil && b.whole != nil {
		// Outside a function the model around the cursor holds no
		// resources; the one typed may still exist.
		if m := b.whole(); m != nil {
			r = m.Resources[id]
		}
	}
	s := hover.SourceOf(r)
	if s.Attribute == "" {
		return
	}
	b.add(referenceItem(s.Attribute, s, insert(s.Attribute)))
}

// referenceItem offers a resource; the caller sets the edit's span when it
// is not the word at the cursor.
func referenceItem(label string, s hover.Source, text string) Item {
	md, plain := hover.SourceDoc(s)
	return Item{
		Label:              label,
		Detail:             resourceDetail(s),
		Documentation:      md,
		PlainDocumentation: plain,
		Kind:               KindReference,
		Edit:               TextEdit{NewText: text},
		FilterText:         strings.TrimSpace(strings.ReplaceAll(text, "\n", " ")),
	}
}

func resourceDetail(s hover.Source) string {
	r := s.Resource
	if r == nil {
		return ""
	}
	d := r.Type
	if d == "" {
		d = "resource"
	}
	if s.ViewType != "" {
		d += ", stream view " + s.ViewType
	}
	return d
}

// refForm is how the file writes Fn::GetAtt.
type refForm uint8

const (
	// longFlow is `Fn::GetAtt: [X, Attr]`, the default: it is plain YAML
	// that every loader and linter reads.
	longFlow refForm = iota
	// longBlock is Fn::GetAtt followed by a "- X" / "- Attr" list.
	longBlock
	// short is `!GetAtt X.Attr`.
	short
)

// getAttForm follows the habit of the file: how its stream events write
// their `arn` intrinsics, or else which spelling its text uses more.
func (b *builder) getAttForm() refForm {
	if f := b.facts(); f.formOK {
		return f.form
	}
	// Counting is linear in the file but cheap next to sending the
	// answer, and only arn completions get here.
	if text := b.c.text.String(); strings.Count(text, "!GetAtt ") > strings.Count(text, "Fn::GetAtt") {
		return short
	}
	return longFlow
}

// getAtt renders Fn::GetAtt as the value of a key, in catalog-style
// indentation relative to that key (so reindent can place it): inline for
// the short form, on the next lines for the long ones.
func getAtt(form refForm, id, attr string) string {
	switch form {
	case short:
		return "!GetAtt " + id + "." + attr
	case longBlock:
		return "\n  Fn::GetAtt:\n    - " + id + "\n    - " + attr
	}
	return "\n  Fn::GetAtt: [" + id + ", " + attr + "]"
}

// getAttKey renders Fn::GetAtt as a key written at the cursor, the long
// form being the only one that is a key.
func getAttKey(form refForm, id, attr string) string {
	if form == longBlock {
		return "Fn::GetAtt:\n  - " + id + "\n  - " + attr
	}
	return "Fn::GetAtt: [" + id + ", " + attr + "]"
}
