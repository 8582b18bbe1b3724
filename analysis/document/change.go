package document

import (
	"fmt"
	"strings"
)

// Change is one content change of an LSP didChange notification. A nil Range
// replaces the whole text; the protocol library we use cannot tell the two
// apart, so the lsp package decodes the notification itself.
type Change struct {
	Range *Range
	Text  string
}

// ApplyChanges applies changes in order, each against the text the previous
// one produced, as the LSP specification requires. On error the original text
// is returned untouched so that a bad change never corrupts the document.
func ApplyChanges(text string, changes []Change) (string, error) {
	orig := text
	for i, c := range changes {
		if c.Range == nil {
			text = c.Text
			continue
		}
		m := NewMapper(text)
		span, err := m.RangeSpan(*c.Range)
		if err != nil {
			return orig, fmt.Errorf("change %d: %w", i, err)
		}
		var b strings.Builder
		b.Grow(len(text) - span.Len() + len(c.Text))
		b.WriteString(text[:span.Start])
		b.WriteString(c.Text)
		b.WriteString(text[span.End:])
		text = b.String()
	}
	return text, nil
}
