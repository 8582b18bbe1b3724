package hover

import (
	"strings"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/document"
)

// doc writes a hover once and renders it twice, as markdown and as plain
// text, so that the two can never say different things. Text is written in
// the same small markdown subset as the catalog's docs (`code`, **bold**),
// which the plain rendering strips.
type doc struct {
	blocks []block
}

type block struct {
	text   string
	isFact bool
	label  string
	links  []catalog.Link
}

func newDoc() *doc { return &doc{} }

func (d *doc) title(md string) { d.blocks = append(d.blocks, block{text: "**" + md + "**"}) }

func (d *doc) para(md string) {
	if md = strings.TrimSpace(md); md != "" {
		d.blocks = append(d.blocks, block{text: md})
	}
}

// fact is one "label: text" line; consecutive facts form a list.
func (d *doc) fact(label, md string) {
	d.blocks = append(d.blocks, block{isFact: true, label: label, text: md})
}

func (d *doc) links(ls []catalog.Link) {
	if len(ls) > 0 {
		d.blocks = append(d.blocks, block{links: ls})
	}
}

func (d *doc) markdown() string {
	var b strings.Builder
	for i, bl := range d.blocks {
		if i > 0 {
			if bl.isFact && d.blocks[i-1].isFact {
				b.WriteString("\n")
			} else {
				b.WriteString("\n\n")
			}
		}
		switch {
		case bl.isFact:
			b.WriteString("- **" + bl.label + ":** " + bl.text)
		case bl.links != nil:
			b.WriteString("Docs: ")
			for j, l := range bl.links {
				if j > 0 {
					b.WriteString(" · ")
				}
				b.WriteString("[" + l.Title + "](" + l.URL + ")")
			}
		default:
			b.WriteString(bl.text)
		}
	}
	return b.String()
}

func (d *doc) plain() string {
	var b strings.Builder
	for i, bl := range d.blocks {
		if i > 0 {
			if bl.isFact && d.blocks[i-1].isFact {
				b.WriteString("\n")
			} else {
				b.WriteString("\n\n")
			}
		}
		switch {
		case bl.isFact:
			b.WriteString(plain(bl.label) + ": " + plain(bl.text))
		case bl.links != nil:
			b.WriteString("Docs:")
			for _, l := range bl.links {
				b.WriteString("\n- " + l.Title + ": " + l.URL)
			}
		default:
			b.WriteString(plain(bl.text))
		}
	}
	return b.String()
}

func (d *doc) result(sp document.Span) *Result {
	return &Result{Span: sp, Markdown: d.markdown(), Plain: d.plain()}
}

var plainReplacer = strings.NewReplacer("**", "", "`", "")

func plain(md string) string { return plainReplacer.Replace(md) }

// code quotes a value for the markdown rendering.
func code(s string) string { return "`" + s + "`" }
