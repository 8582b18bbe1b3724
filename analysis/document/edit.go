package document

import (
	"fmt"
	"strings"
)

// Edit is a change of bytes: Text replaces [Start, End) of a text. It is
// what an incremental analysis needs to know about a change: LSP changes are
// in UTF-16 positions of successive texts, edits in byte offsets.
type Edit struct {
	Start, End int
	Text       string
}

// ApplyChangesEdits is ApplyChanges that also returns the byte edits it
// made, in order, each against the text the previous one produced. A change
// without a range is an edit of the whole text.
func ApplyChangesEdits(text string, changes []Change) (string, []Edit, error) {
	t, edits, _, err := applyChangesMapped(NewText(text), nil, changes)
	if err != nil {
		return text, nil, err
	}
	return t.String(), edits, err
}

// applyChangesMapped applies changes to text, whose mapper m is (nil to
// build it when needed), and returns the new text, the byte edits and the
// new text's mapper, which it keeps up to date edit by edit.
func applyChangesMapped(text Text, m *Mapper, changes []Change) (Text, []Edit, *Mapper, error) {
	orig := text
	edits := make([]Edit, 0, len(changes))
	var flat string // the text as a string, when a change replaced it whole
	for i, c := range changes {
		if c.Range == nil {
			edits = append(edits, Edit{Start: 0, End: text.Len(), Text: c.Text})
			text, m, flat = NewText(c.Text), nil, c.Text
			continue
		}
		if m == nil {
			m = mapperOf(text, flat)
		}
		span, err := m.RangeSpan(*c.Range)
		if err != nil {
			return orig, nil, nil, fmt.Errorf("change %d: %w", i, err)
		}
		e := Edit{Start: span.Start, End: span.End, Text: c.Text}
		edits = append(edits, e)
		m = m.Edit(e)
		text = m.Text()
	}
	if m == nil {
		m = mapperOf(text, flat)
	}
	return text, edits, m, nil
}

// mapperOf builds the mapper of text, which flat holds whole unless it is
// empty.
func mapperOf(text Text, flat string) *Mapper {
	if len(flat) != text.Len() {
		return NewTextMapper(text)
	}
	return newMapper(text, flat)
}

func applyEdit(text string, span Span, s string) string {
	var b strings.Builder
	b.Grow(len(text) - span.Len() + len(s))
	b.WriteString(text[:span.Start])
	b.WriteString(s)
	b.WriteString(text[span.End:])
	return b.String()
}

// ApplyEdits applies byte edits in order, each against the text the
// previous one produced. An edit out of range is an error, and the text is
// then returned untouched.
func ApplyEdits(text string, edits []Edit) (string, error) {
	orig := text
	for i, e := range edits {
		if e.Start < 0 || e.End < e.Start || e.End > len(text) {
			return orig, fmt.Errorf("edit %d: [%d, %d) is outside the text of %d bytes", i, e.Start, e.End, len(text))
		}
		text = applyEdit(text, Span{Start: e.Start, End: e.End}, e.Text)
	}
	return text, nil
}

// Diff returns one edit that turns old into new: the region between their
// common prefix and their common suffix. It compares in blocks, so finding an
// edit in the middle of a large text costs a pass of memory comparison.
func Diff(old, new string) Edit {
	n := min(len(old), len(new))
	p := 0
	const block = 4096
	for p+block <= n && old[p:p+block] == new[p:p+block] {
		p += block
	}
	for p < n && old[p] == new[p] {
		p++
	}
	s := 0
	for s+block <= n-p && old[len(old)-s-block:len(old)-s] == new[len(new)-s-block:len(new)-s] {
		s += block
	}
	for s < n-p && old[len(old)-s-1] == new[len(new)-s-1] {
		s++
	}
	return Edit{Start: p, End: len(old) - s, Text: new[p : len(new)-s]}
}
