// Package completion offers what can be written at the cursor of a
// serverless.yml: the keys and values of stream events, the stream sources
// the file defines, filter-pattern fields, and whole stream events.
//
// The context is read from the raw text around the cursor (indentation and
// "- " items, as buf's YAML completion does), never from a parse of the
// whole file, so completion works while the document is half-typed and
// does not parse, and costs what the neighbourhood of the cursor costs. The
// last good model is consulted only for facts that live elsewhere in the
// file, such as the resources an `arn` can point to.
//
// Everything is in byte offsets and knows nothing of LSP; the lsp package
// converts Items to protocol completion items.
package completion

import (
	"fmt"
	"strings"

	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/serverless"
)

// ItemKind is what an item inserts. The values are LSP's CompletionItemKind
// numbers, so the protocol layer can convert with a plain type conversion.
type ItemKind int

const (
	KindProperty   ItemKind = 10 // a mapping key
	KindValue      ItemKind = 12 // a value that is not one of a fixed set
	KindSnippet    ItemKind = 15 // a whole block, such as a stream event
	KindReference  ItemKind = 18 // a CloudFormation logical ID or a reference to one
	KindEnumMember ItemKind = 20 // one of a key's allowed values
)

// TextEdit replaces Span (byte offsets into the text given to Complete)
// with NewText.
type TextEdit struct {
	Span    document.Span
	NewText string
}

// Item is one completion.
type Item struct {
	Label string
	// Detail is one line shown next to the label.
	Detail string
	// Documentation is markdown, PlainDocumentation the same for clients
	// that render plain text only.
	Documentation      string
	PlainDocumentation string
	Kind               ItemKind
	// Edit replaces the word being typed; its span is on the cursor's line
	// and contains the cursor, as LSP requires. NewText may span several
	// lines: they carry their full indentation, so clients must insert it
	// as is (LSP insertTextMode asIs) rather than re-indent it.
	Edit TextEdit
	// AdditionalEdits change text away from the cursor, such as adding the
	// `type` an intrinsic `arn` requires. They never overlap Edit.
	AdditionalEdits []TextEdit
	// Snippet says that Edit.NewText uses LSP snippet syntax. It is only
	// ever set when Options.SnippetSupport is.
	Snippet bool
	// PlainText is the insertion without snippet syntax. Complete already
	// puts it into Edit.NewText for clients without snippet support.
	PlainText string
	// SortText orders the items as stream-ls ranks them; FilterText is what
	// the client matches the typed word against.
	SortText   string
	FilterText string
}

// Options describe what the client supports, and where the whole file's
// model comes from.
type Options struct {
	// SnippetSupport is the client's
	// textDocument.completion.completionItem.snippetSupport.
	SnippetSupport bool
	// Whole, when set, returns a model of the whole file (possibly of an
	// older version, possibly nil). The model given to Complete is then
	// only the part of the file around the cursor, which is enough for
	// everything but what the whole file knows: the list of resources a
	// stream can read and how the file writes Fn::GetAtt. Only completions
	// that need those call Whole, so a key or a value in a large file never
	// pays for building its whole model.
	Whole func() *serverless.File
}

// List is the answer to one completion request.
type List struct {
	// Items are best first.
	Items []Item
	// Incomplete is set when a list of resources was cut short because
	// the file defines too many; the server passes it on as LSP's
	// isIncomplete, so that the client asks again as the user types and
	// gets the resources that match.
	Incomplete bool
}

// Complete returns the completions at byte offset of text. model is the
// last model that was built successfully for this document, or the part of
// it around offset (see Options.Whole); it may be nil or describe an older
// version of the text, and is only read for resources and for the file's
// habits (how it writes Fn::GetAtt).
func Complete(text document.Text, offset int, model *serverless.File, opts Options) List {
	c, ok := resolve(text, offset)
	if !ok {
		return List{}
	}
	if strings.IndexByte(c.lines.content(c.line), '\r') >= 0 {
		// A lone '\r' ends a line for LSP (and for the editor) but not for
		// this scan, which splits at '\n'; an edit computed here could cross
		// it, so such a line gets no completion rather than a wrong one.
		return List{}
	}
	b := &builder{c: c, model: model, whole: opts.Whole}
	switch {
	case b.references():
	case b.events():
	case b.stream():
	}
	return List{Items: b.finish(opts), Incomplete: b.incomplete}
}

// builder collects the items of one request.
type builder struct {
	c     *cursor
	model *serverless.File
	whole func() *serverless.File
	items []Item
	st    *style
	fs    *facts
	// incomplete is set when a list was cut short.
	incomplete bool
}

func (b *builder) facts() *facts {
	if b.fs == nil {
		m := b.model
		if b.whole != nil {
			m = b.whole()
		}
		b.fs = factsOf(m)
	}
	return b.fs
}

func (b *builder) style() style {
	if b.st == nil {
		st := detectStyle(b.c.lines, b.c.line)
		b.st = &st
	}
	return *b.st
}

// add appends an item; an edit without a span replaces the word at the
// cursor.
func (b *builder) add(it Item) {
	if it.Edit.Span == (document.Span{}) {
		it.Edit.Span = b.c.word
	}
	b.items = append(b.items, it)
}

// finish numbers the items in the order they were added, which is the
// ranking, and applies the client's snippet support.
func (b *builder) finish(opts Options) []Item {
	crlf := b.c.lines.sep == '\n' && b.c.text.HasAt(b.c.line.end, "\r\n")
	for i := range b.items {
		it := &b.items[i]
		if crlf {
			// Inserted lines end like the document's.
			it.Edit.NewText = toCRLF(it.Edit.NewText)
			it.PlainText = toCRLF(it.PlainText)
			for j := range it.AdditionalEdits {
				it.AdditionalEdits[j].NewText = toCRLF(it.AdditionalEdits[j].NewText)
			}
		}
		if it.SortText == "" {
			it.SortText = fmt.Sprintf("%04d", i)
		}
		if it.FilterText == "" {
			it.FilterText = it.Label
		}
		if !it.Snippet {
			it.PlainText = it.Edit.NewText
		}
		if it.Snippet && !opts.SnippetSupport {
			it.Edit.NewText = it.PlainText
			it.Snippet = false
		}
	}
	return b.items
}

// spaces is a run of n spaces: indentation for inserted lines.
func spaces(n int) string { return strings.Repeat(" ", max(n, 0)) }

// model returns the model, or an empty one, so that lookups need no nil
// checks.
func (b *builder) file() *serverless.File {
	if b.model == nil {
		return &serverless.File{Resources: map[string]*serverless.Resource{}}
	}
	return b.model
}

// spanAt is the empty span at off: an insertion point.
func spanAt(off int) document.Span { return document.Span{Start: off, End: off} }

func toCRLF(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }
