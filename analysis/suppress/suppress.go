// Package suppress reads the comments that silence a rule where the user
// knows better, and drops the diagnostics they silence:
//
//	batchSize: 20000 # stream-ls-disable-line stream-integer-value
//
//	# stream-ls-disable-next-line stream-unknown-key -- read by our plugin
//	myPluginKey: true
//
//	- stream: # stream-ls-disable stream-dynamodb-readers
//	    arn: ...
//
// A comment lists one or more rule IDs, separated by commas or spaces;
// anything after "--" is a free-text reason. disable-line covers its own
// line, disable-next-line the next line that is not blank or a comment,
// and disable the block that starts on its line, or on the next line when
// the comment stands alone: a stream event, a function, a resource, any
// key with everything nested under it. Comments are found in the text, so
// they work while the YAML does not parse.
package suppress

import (
	"sort"
	"strings"

	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// The directive keywords, as written after "#".
const (
	DisableLine     = "stream-ls-disable-line"
	DisableNextLine = "stream-ls-disable-next-line"
	Disable         = "stream-ls-disable"
)

// Scope is what a directive covers.
type Scope uint8

const (
	ScopeLine     Scope = iota // its own line
	ScopeNextLine              // the next line with content
	ScopeBlock                 // the block that starts on its line, or on the next
)

// Directive is one suppression comment.
type Directive struct {
	Scope Scope
	// Keyword is where the directive's keyword is written.
	Keyword document.Span
	// Line is the comment's 0-based line.
	Line int
	// Alone is true when nothing but the comment is on its line.
	Alone bool
	// Rules are the rule IDs the comment names, in order; the IDs are not
	// checked against the catalog here.
	Rules []RuleRef
}

// RuleRef is a rule ID written in a directive.
type RuleRef struct {
	ID   string
	Span document.Span
}

// Parse finds the directives in text.
func Parse(text string) []Directive {
	var out []Directive
	sc := scanner{text: text, blockIndent: -1}
	line := 0
	for start := 0; start <= len(text); line++ {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		if c, ok := sc.comment(start, end); ok {
			if d, ok := directive(text, c, end, line); ok {
				out = append(out, d)
			}
		}
		start = end + 1
	}
	return out
}

// scanner finds the comment on each line, carrying across lines what YAML
// carries: an open quoted scalar and a block scalar's content, in which a
// "#" is text, not a comment.
type scanner struct {
	text  string
	quote byte // the open quoted scalar's quote, or 0
	// blockIndent is the indentation of the line that opened a block
	// scalar (`key: |`), whose content lines are indented more; -1 when
	// not in one.
	blockIndent int
}

// comment returns the offset of the "#" that starts the comment on the
// line [start, end), if it has one.
func (sc *scanner) comment(start, end int) (int, bool) {
	line := strings.TrimRight(sc.text[start:end], "\r")
	indent := len(line) - len(strings.TrimLeft(line, " "))
	if sc.blockIndent >= 0 {
		if strings.TrimSpace(line) == "" || indent > sc.blockIndent {
			return 0, false
		}
		sc.blockIndent = -1
	}
	hash := -1
	for i := 0; i < len(line) && hash < 0; i++ {
		c := line[i]
		switch {
		case sc.quote == '\'':
			if c == '\'' {
				if i+1 < len(line) && line[i+1] == '\'' {
					i++
				} else {
					sc.quote = 0
				}
			}
		case sc.quote == '"':
			if c == '\\' {
				i++
			} else if c == '"' {
				sc.quote = 0
			}
		case (c == '\'' || c == '"') && opensScalar(line, i):
			sc.quote = c
		case c == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
			hash = i
		}
	}
	content := line
	if hash >= 0 {
		content = line[:hash]
	}
	if sc.quote == 0 && opensBlockScalar(content) {
		sc.blockIndent = indent
	}
	if hash < 0 {
		return 0, false
	}
	return start + hash, true
}

// opensScalar reports whether a quote at i starts a quoted scalar, rather
// than sitting inside a plain one (`it's`): it must begin the line's
// content or follow an indicator that starts a value.
func opensScalar(line string, i int) bool {
	j := i - 1
	for j >= 0 && (line[j] == ' ' || line[j] == '\t') {
		j--
	}
	if j < 0 {
		return true
	}
	switch line[j] {
	case '[', '{', ',':
		return true
	case ':', '-', '?':
		return j < i-1 // the indicator needs a space after it
	}
	return false
}

// opensBlockScalar reports whether a line's content ends with a block
// scalar header: `|` or `>`, with optional chomping and indentation
// indicators.
func opensBlockScalar(content string) bool {
	s := strings.TrimRight(content, " \t")
	s = strings.TrimRight(s, "+-123456789")
	if !strings.HasSuffix(s, "|") && !strings.HasSuffix(s, ">") {
		return false
	}
	s = strings.TrimRight(s[:len(s)-1], " \t")
	// A tag or an anchor may stand between the key and the header.
	for range 2 {
		i := strings.LastIndexAny(s, " \t")
		if last := s[i+1:]; last != "" && (last[0] == '!' || last[0] == '&') {
			s = strings.TrimRight(s[:i+1], " \t")
		}
	}
	return s == "" || strings.HasSuffix(s, ":") || strings.HasSuffix(s, "-")
}

// directive reads the comment that starts at hash on a line ending at end.
func directive(text string, hash, end, line int) (Directive, bool) {
	body := hash + 1
	for body < end && (text[body] == ' ' || text[body] == '\t') {
		body++
	}
	rest := strings.TrimRight(text[body:end], "\r")
	d := Directive{Line: line, Alone: strings.TrimSpace(text[strings.LastIndexByte(text[:hash], '\n')+1:hash]) == ""}
	var keyword string
	switch {
	case hasKeyword(rest, DisableNextLine):
		keyword, d.Scope = DisableNextLine, ScopeNextLine
	case hasKeyword(rest, DisableLine):
		keyword, d.Scope = DisableLine, ScopeLine
	case hasKeyword(rest, Disable):
		keyword, d.Scope = Disable, ScopeBlock
	default:
		return Directive{}, false
	}
	d.Keyword = document.Span{Start: body, End: body + len(keyword)}
	for i := len(keyword); i < len(rest); {
		c := rest[i]
		if c == ' ' || c == '\t' || c == ',' {
			i++
			continue
		}
		if c == '#' || strings.HasPrefix(rest[i:], "--") {
			break // a reason, or another comment such as a test marker
		}
		j := i
		for j < len(rest) && rest[j] != ' ' && rest[j] != '\t' && rest[j] != ',' {
			j++
		}
		d.Rules = append(d.Rules, RuleRef{ID: rest[i:j], Span: document.Span{Start: body + i, End: body + j}})
		i = j
	}
	return d, true
}

func hasKeyword(s, keyword string) bool {
	if !strings.HasPrefix(s, keyword) {
		return false
	}
	rest := s[len(keyword):]
	return rest == "" || rest[0] == ' ' || rest[0] == '\t'
}

// Filter drops the diagnostics that the directives in model's text
// silence. A diagnostic belongs to the line where its span starts.
func Filter(model *serverless.File, ds []diag.Diagnostic) []diag.Diagnostic {
	if model == nil || model.AST == nil || len(ds) == 0 {
		return ds
	}
	text := model.AST.Text
	dirs := Parse(text)
	if len(dirs) == 0 {
		return ds
	}
	lines := lineStarts(text)
	lineOf := func(off int) int { return sort.SearchInts(lines, off+1) - 1 }
	var blocks map[int]int // line → end of the largest block starting on it
	type cover struct {
		span document.Span
		ids  []RuleRef
	}
	var covers []cover
	for _, d := range dirs {
		target := d.Line
		if d.Scope == ScopeNextLine || d.Scope == ScopeBlock && d.Alone {
			target = nextContentLine(text, lines, d.Line)
			if target < 0 {
				continue
			}
		}
		span := document.Span{Start: lines[target], End: lineEnd(text, lines, target)}
		if d.Scope == ScopeBlock {
			if blocks == nil {
				blocks = blockEnds(model.AST.Root, lineOf)
			}
			if end, ok := blocks[target]; ok && end > span.End {
				span.End = end
			}
		}
		covers = append(covers, cover{span: span, ids: d.Rules})
	}
	out := make([]diag.Diagnostic, 0, len(ds))
	for _, d := range ds {
		silenced := false
		for _, c := range covers {
			if d.Span.Start >= c.span.Start && d.Span.Start <= c.span.End && names(c.ids, d.Rule) {
				silenced = true
				break
			}
		}
		if !silenced {
			out = append(out, d)
		}
	}
	return out
}

func names(refs []RuleRef, id string) bool {
	for _, r := range refs {
		if r.ID == id {
			return true
		}
	}
	return false
}

func lineStarts(text string) []int {
	starts := []int{0}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

func lineEnd(text string, lines []int, l int) int {
	if l+1 < len(lines) {
		return lines[l+1] - 1
	}
	return len(text)
}

// nextContentLine is the first line after l that holds more than
// whitespace and a comment, or -1.
func nextContentLine(text string, lines []int, l int) int {
	for n := l + 1; n < len(lines); n++ {
		s := strings.TrimSpace(text[lines[n]:lineEnd(text, lines, n)])
		if s != "" && !strings.HasPrefix(s, "#") {
			return n
		}
	}
	return -1
}

// blockEnds maps each line on which a mapping key or a sequence item
// starts to where the largest such block ends: the key's value, or the
// item. Nodes reached through aliases keep the anchor's spans and are
// visited once.
func blockEnds(root *yamlast.Node, lineOf func(int) int) map[int]int {
	ends := map[int]int{}
	mark := func(start, end int) {
		l := lineOf(start)
		if end > ends[l] {
			ends[l] = end
		}
	}
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
			end := p.Key.Span.End
			if p.Value != nil && p.Value.Span.Start >= p.Key.Span.End {
				end = max(end, p.Value.Span.End)
			}
			mark(p.Key.Span.Start, end)
			walk(p.Value)
		}
		for _, it := range n.Items {
			mark(it.Span.Start, it.Span.End)
			walk(it)
		}
	}
	walk(root)
	return ends
}
