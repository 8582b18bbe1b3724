package fix

import (
	"strings"

	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// source is the text a fix edits, with the conventions it follows: its line
// ending and its indentation step. Edits are written in the document's own
// style so that applying a fix never reformats what it does not change.
type source struct {
	model *serverless.File
	text  document.Text
	// eol is the document's line ending: inserted lines must not mix "\n"
	// into a CRLF file.
	eol  string
	unit string // indentation step, computed on first use
}

func newSource(model *serverless.File) *source {
	text := model.AST.Text
	eol := "\n"
	if i := text.IndexByte(0, '\n'); i > 0 && text.Byte(i-1) == '\r' {
		eol = "\r\n"
	}
	return &source{model: model, text: text, eol: eol}
}

func (s *source) lineStart(off int) int { return s.text.LastIndexByte(off, '\n') + 1 }

// nextLine is the start of the line after off's, or the end of the text
// when off is on the last line.
func (s *source) nextLine(off int) int {
	i := s.text.IndexByte(off, '\n')
	if i < 0 {
		return s.text.Len()
	}
	return i + 1
}

// column is off's byte column. Block indentation is spaces and "- " only,
// so for the keys fixes align with, bytes and characters agree.
func (s *source) column(off int) int { return off - s.lineStart(off) }

// blockKeyIndent returns the indentation that a sibling of the block key at
// off needs, and false when something other than spaces and sequence dashes
// precedes the key on its line (a flow collection, or an explicit key).
func (s *source) blockKeyIndent(off int) (string, bool) {
	prefix := s.text.Slice(s.lineStart(off), off)
	if strings.Trim(prefix, " -") != "" {
		return "", false
	}
	return strings.Repeat(" ", len(prefix)), true
}

// indentUnit is the step by which the document indents a nested mapping,
// the smallest one it uses; two spaces for a document without nesting.
func (s *source) indentUnit() string {
	if s.unit != "" {
		return s.unit
	}
	best := 0
	seen := map[*yamlast.Node]bool{}
	var walk func(n *yamlast.Node)
	walk = func(n *yamlast.Node) {
		if n == nil || seen[n] {
			return
		}
		seen[n] = true
		for _, p := range n.Pairs {
			if p.Merged {
				continue
			}
			v := p.Value
			if v.Kind == yamlast.Mapping && !v.Flow && len(v.Pairs) > 0 && !v.Pairs[0].Merged {
				child := v.Pairs[0].Key.Span.Start
				if child > p.Key.Span.End && s.lineStart(child) > p.Key.Span.Start {
					if d := s.column(child) - s.column(p.Key.Span.Start); d > 0 && (best == 0 || d < best) {
						best = d
					}
				}
			}
			walk(v)
		}
		for _, it := range n.Items {
			walk(it)
		}
	}
	if s.model.AST.Root != nil {
		walk(s.model.AST.Root)
	}
	if best == 0 {
		best = 2
	}
	s.unit = strings.Repeat(" ", best)
	return s.unit
}

// pairEnd is where a pair's text ends. A value reached through an alias, or
// a pair merged in with `<<`, lies elsewhere; the pair then ends with its
// key's line.
func pairEnd(p *yamlast.Pair) int {
	if !p.Merged && p.Value != nil && p.Value.Span.Start >= p.Key.Span.End {
		return max(p.Value.Span.End, p.Key.Span.End)
	}
	return p.Key.Span.End
}

// lastPair is the last pair written in mapping m itself, or nil.
func lastPair(m *yamlast.Node) *yamlast.Pair {
	for i := len(m.Pairs) - 1; i >= 0; i-- {
		if !m.Pairs[i].Merged {
			return m.Pairs[i]
		}
	}
	return nil
}

// entry is a key and value to add to a mapping, in both YAML styles: block
// lines, relative to the mapping's indentation (nested lines carry their
// extra indentation), and a flow rendering.
type entry struct {
	block []string
	flow  string
}

// insertAfter adds e to mapping m right after its pair p, in m's style.
func (s *source) insertAfter(m *yamlast.Node, p *yamlast.Pair, e entry) (Edit, bool) {
	end := pairEnd(p)
	if m.Flow {
		return Edit{Span: document.Span{Start: end, End: end}, NewText: ", " + e.flow}, true
	}
	indent, ok := s.blockKeyIndent(p.Key.Span.Start)
	if !ok {
		return Edit{}, false
	}
	return s.insertLines(end, indent, e.block), true
}

// insertLines inserts lines, each indented by indent, after the line that
// holds off.
func (s *source) insertLines(off int, indent string, lines []string) Edit {
	var b strings.Builder
	at := s.nextLine(off)
	if at == s.text.Len() && (at == 0 || s.text.Byte(at-1) != '\n') {
		// The last line has no line break: give the new lines one before,
		// and leave the file ending as it did.
		for _, l := range lines {
			b.WriteString(s.eol + indent + l)
		}
		return Edit{Span: document.Span{Start: at, End: at}, NewText: b.String()}
	}
	for _, l := range lines {
		b.WriteString(indent + l + s.eol)
	}
	return Edit{Span: document.Span{Start: at, End: at}, NewText: b.String()}
}

// appendTo adds e as the last entry of mapping m, or inside an empty flow
// mapping.
func (s *source) appendTo(m *yamlast.Node, e entry) (Edit, bool) {
	if last := lastPair(m); last != nil {
		return s.insertAfter(m, last, e)
	}
	if m.Flow && m.Span.Len() >= 2 && s.text.Byte(m.Span.Start) == '{' {
		at := m.Span.Start + 1
		return Edit{Span: document.Span{Start: at, End: at}, NewText: e.flow}, true
	}
	return Edit{}, false
}

// removePair deletes pair p from mapping m: in block style its whole lines,
// nested value, own comment and line break included, so that the comments
// on other lines stay; in flow style the pair and one comma.
func (s *source) removePair(m *yamlast.Node, p *yamlast.Pair) (Edit, bool) {
	if p.Merged {
		return Edit{}, false
	}
	end := pairEnd(p)
	if !m.Flow {
		start := s.lineStart(p.Key.Span.Start)
		if strings.TrimLeft(s.text.Slice(start, p.Key.Span.Start), " ") != "" {
			// The key follows a sequence dash or shares its line with
			// something else: dropping the line would drop that too.
			return Edit{}, false
		}
		return Edit{Span: document.Span{Start: start, End: s.nextLine(end)}}, true
	}
	i := 0
	for i < len(m.Pairs) && m.Pairs[i] != p {
		i++
	}
	var span document.Span
	switch {
	case i+1 < len(m.Pairs) && !m.Pairs[i+1].Merged:
		span = document.Span{Start: p.Key.Span.Start, End: m.Pairs[i+1].Key.Span.Start}
	case i > 0:
		span = document.Span{Start: pairEnd(m.Pairs[i-1]), End: end}
	default:
		span = document.Span{Start: p.Key.Span.Start, End: end}
	}
	if strings.Contains(s.text.Slice(span.Start, span.End), "#") {
		return Edit{}, false // a comment inside the braces would go with the pair
	}
	return Edit{Span: span}, true
}

// replaceScalar writes value in place of scalar n's value, keeping n's tag
// and quotes. value must need no escaping in n's style; the enum values and
// names fixes write do not.
func (s *source) replaceScalar(n *yamlast.Node, value string) Edit {
	sp := n.Span
	start := sp.Start
	if start < sp.End && s.text.Byte(start) == '!' {
		// An explicit tag such as !!str stays.
		for start < sp.End && s.text.Byte(start) != ' ' && s.text.Byte(start) != '\t' {
			start++
		}
		for start < sp.End && (s.text.Byte(start) == ' ' || s.text.Byte(start) == '\t') {
			start++
		}
	}
	if n.Quoted && sp.End-start >= 2 {
		if q := s.text.Byte(sp.End - 1); (q == '\'' || q == '"') && s.text.Byte(start) == q {
			return Edit{Span: document.Span{Start: start + 1, End: sp.End - 1}, NewText: value}
		}
	}
	return Edit{Span: document.Span{Start: start, End: sp.End}, NewText: value}
}

// spanText is the text of a span as written.
func (s *source) spanText(sp document.Span) string { return s.text.Slice(sp.Start, sp.End) }

// streamMapping returns an event's settings mapping: nil for the shorthand,
// for an intrinsic standing for the whole event, or anything else.
func streamMapping(ev *serverless.StreamEvent) *yamlast.Node {
	if ev.Value == nil || ev.Value.Kind != yamlast.Mapping {
		return nil
	}
	if _, intrinsic := serverless.IntrinsicOf(ev.Value); intrinsic {
		return nil
	}
	return ev.Value
}

// pairWithKey finds the pair of m whose key is written at span; it may
// be merged in from an anchor (see written).
func pairWithKey(m *yamlast.Node, span document.Span) *yamlast.Pair {
	if m == nil || m.Kind != yamlast.Mapping {
		return nil
	}
	for _, p := range m.Pairs {
		if p.Key.Span == span {
			return p
		}
	}
	return nil
}

// written finds where a pair is written: the mapping that holds it in the
// text, which for a pair merged in with `<<` is the anchor's, and the pair
// as written there.
func (s *source) written(p *yamlast.Pair) (*yamlast.Node, *yamlast.Pair) {
	var found *yamlast.Node
	var own *yamlast.Pair
	seen := map[*yamlast.Node]bool{}
	var walk func(n *yamlast.Node)
	walk = func(n *yamlast.Node) {
		if n == nil || found != nil || seen[n] {
			return
		}
		seen[n] = true
		for _, q := range n.Pairs {
			if !q.Merged && q.Key.Span == p.Key.Span {
				found, own = n, q
				return
			}
		}
		for _, q := range n.Pairs {
			walk(q.Value)
		}
		for _, it := range n.Items {
			walk(it)
		}
	}
	walk(s.model.AST.Root)
	return found, own
}

// pairWithValue finds the pair of m whose value is written at span.
func pairWithValue(m *yamlast.Node, span document.Span) *yamlast.Pair {
	if m == nil || m.Kind != yamlast.Mapping {
		return nil
	}
	for _, p := range m.Pairs {
		if p.Value != nil && p.Value.Span == span {
			return p
		}
	}
	return nil
}

// destinationMapping returns the `{arn, type}` mapping of an event's
// on-failure destination, or nil.
func destinationMapping(ev *serverless.StreamEvent) *yamlast.Node {
	m := streamMapping(ev)
	if m == nil {
		return nil
	}
	d := m.Get("destinations")
	if d == nil || d.Kind != yamlast.Mapping {
		return nil
	}
	if _, intrinsic := serverless.IntrinsicOf(d); intrinsic {
		return nil
	}
	f := d.Get("onFailure")
	if f == nil || f.Kind != yamlast.Mapping {
		return nil
	}
	if _, intrinsic := serverless.IntrinsicOf(f); intrinsic {
		return nil
	}
	return f
}

func spanOf(start, end int) document.Span { return document.Span{Start: start, End: end} }

// setNullValue gives a pair written without a value (`key:`, `key: ~`,
// `key: null`) the plain scalar value.
func (s *source) setNullValue(p *yamlast.Pair, value string) (Edit, bool) {
	if p.Merged || !p.Value.IsNull() {
		return Edit{}, false
	}
	if v := p.Value.Span; v.Len() > 0 && v.Start >= p.Key.Span.End {
		return Edit{Span: v, NewText: value}, true
	}
	colon := p.Key.Span.End
	for colon < s.text.Len() && (s.text.Byte(colon) == ' ' || s.text.Byte(colon) == '\t') {
		colon++
	}
	if colon >= s.text.Len() || s.text.Byte(colon) != ':' {
		return Edit{}, false
	}
	return Edit{Span: spanOf(colon+1, colon+1), NewText: " " + value}, true
}
