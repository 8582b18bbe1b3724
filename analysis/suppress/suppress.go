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
	dirs, _ := ParseFrom(text, Start)
	return dirs
}

// State is what the scanner carries from one line to the next: an open
// quoted scalar, or the block scalar whose content the next lines may be.
// Comparable, so that a caller can tell whether a run of lines was scanned
// from the state it now starts in.
type State struct {
	quote byte // the open quoted scalar's quote, or 0
	// blockIndent is the indentation of the line that opened a block
	// scalar (`key: |`), whose content lines are indented more; -1 when
	// not in one.
	blockIndent int
}

// Start is the state at the beginning of a text.
var Start = State{blockIndent: -1}

// ParseFrom finds the directives in text, a run of whole lines that the
// scanner enters in state st (Start at the beginning of a text), and
// returns the state it leaves them in. Spans are relative to text, and
// lines count from its first. Scanning a text in runs, each from the state
// the one before left, finds what Parse finds in the whole: a run of lines
// can then be scanned once and kept while the text around it changes.
func ParseFrom(text string, st State) ([]Directive, State) {
	var out []Directive
	sc := scanner{text: text, State: st}
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
	return out, sc.State
}

// scanner finds the comment on each line, carrying across lines what YAML
// carries: an open quoted scalar and a block scalar's content, in which a
// "#" is text, not a comment.
type scanner struct {
	text string
	State
}

// special marks the bytes that may change what the rest of a line is
// outside a quoted scalar: everything else is skipped without a look.
var special = [256]bool{'#': true, '\'': true, '"': true}

// comment returns the offset of the "#" that starts the comment on the
// line [start, end), if it has one.
func (sc *scanner) comment(start, end int) (int, bool) {
	line := sc.text[start:end]
	for len(line) > 0 && line[len(line)-1] == '\r' {
		line = line[:len(line)-1]
	}
	indent := 0
	for indent < len(line) && line[indent] == ' ' {
		indent++
	}
	if sc.blockIndent >= 0 {
		if indent > sc.blockIndent || strings.TrimSpace(line) == "" {
			return 0, false
		}
		sc.blockIndent = -1
	}
	hash := -1
	for i := 0; i < len(line) && hash < 0; i++ {
		c := line[i]
		switch {
		case sc.quote == 0 && !special[c]:
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
// indicators. It runs on every line, so it trims with loops:
// strings.TrimRight builds a set of its cutset on every call.
func opensBlockScalar(content string) bool {
	s := trimBlanks(content)
	for len(s) > 0 && isIndicator(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	if len(s) == 0 || (s[len(s)-1] != '|' && s[len(s)-1] != '>') {
		return false
	}
	s = trimBlanks(s[:len(s)-1])
	// A tag or an anchor may stand between the key and the header.
	for range 2 {
		i := len(s) - 1
		for i >= 0 && s[i] != ' ' && s[i] != '\t' {
			i--
		}
		if last := s[i+1:]; last != "" && (last[0] == '!' || last[0] == '&') {
			s = trimBlanks(s[:i+1])
		}
	}
	return s == "" || s[len(s)-1] == ':' || s[len(s)-1] == '-'
}

// trimBlanks drops the spaces and tabs at the end of s.
func trimBlanks(s string) string {
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}

// isIndicator reports a block scalar header's chomping or indentation
// indicator.
func isIndicator(c byte) bool { return c == '+' || c == '-' || c >= '1' && c <= '9' }

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
	text := model.AST.Text.String()
	dirs := Parse(text)
	if len(dirs) == 0 {
		return ds
	}
	return Silence(Covers(model.AST.Text, dirs, TreeBlockEnd(text, model.AST.Root)), ds)
}

// Cover is where a directive silences the rules it names.
type Cover struct {
	Span  document.Span
	Rules []RuleRef
}

// Covers works out where each of the directives dirs of text applies.
// blockEnd is asked, for a block directive, where the largest block that
// starts on the line [start, end] ends (a key with its value, a sequence
// item; see TreeBlockEnd), and answers -1 when none starts there. Lines
// are found around each directive, so that the cost is the directives',
// not the text's.
func Covers(text document.Text, dirs []Directive, blockEnd func(start, end int) int) []Cover {
	var covers []Cover
	for _, d := range dirs {
		start := text.LastIndexByte(d.Keyword.Start, '\n') + 1
		end := lineEndAt(text, start)
		if d.Scope == ScopeNextLine || d.Scope == ScopeBlock && d.Alone {
			var ok bool
			if start, end, ok = nextContentLine(text, end); !ok {
				continue
			}
		}
		span := document.Span{Start: start, End: end}
		if d.Scope == ScopeBlock {
			if e := blockEnd(start, end); e > span.End {
				span.End = e
			}
		}
		covers = append(covers, Cover{Span: span, Rules: d.Rules})
	}
	return covers
}

// Silence drops the diagnostics that covers silence: those whose span
// starts in a cover that names their rule. ds is not modified.
func Silence(covers []Cover, ds []diag.Diagnostic) []diag.Diagnostic {
	if len(covers) == 0 || len(ds) == 0 {
		return ds
	}
	silenced := func(d diag.Diagnostic) bool {
		for _, c := range covers {
			if d.Span.Start >= c.Span.Start && d.Span.Start <= c.Span.End && names(c.Rules, d.Rule) {
				return true
			}
		}
		return false
	}
	if len(covers) > 8 {
		// Many directives and many diagnostics would otherwise compare
		// every pair; a diagnostic is looked up among those naming its
		// rule only.
		byRule := map[string][]Cover{}
		for _, c := range covers {
			for i, r := range c.Rules {
				if !names(c.Rules[:i], r.ID) {
					byRule[r.ID] = append(byRule[r.ID], c)
				}
			}
		}
		silenced = func(d diag.Diagnostic) bool {
			for _, c := range byRule[d.Rule] {
				if d.Span.Start >= c.Span.Start && d.Span.Start <= c.Span.End {
					return true
				}
			}
			return false
		}
	}
	out := make([]diag.Diagnostic, 0, len(ds))
	for _, d := range ds {
		if !silenced(d) {
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

// lineEndAt is the end of the line that starts at start: its line feed,
// or the end of the text.
func lineEndAt(text document.Text, start int) int {
	if i := text.IndexByte(start, '\n'); i >= 0 {
		return i
	}
	return text.Len()
}

// nextContentLine is the first line after the one ending at end that holds
// more than whitespace and a comment.
func nextContentLine(text document.Text, end int) (start, lineEnd int, ok bool) {
	for end < text.Len() {
		start = end + 1
		end = lineEndAt(text, start)
		if s := strings.TrimSpace(text.Slice(start, end)); s != "" && !strings.HasPrefix(s, "#") {
			return start, end, true
		}
	}
	return 0, 0, false
}

// TreeBlockEnd is the blockEnd of Covers for the tree of text whose root
// is root. The first question walks the whole tree: it maps each line on
// which a mapping key or a sequence item starts to where the largest such
// block ends, the key's value or the item. Nodes reached through aliases
// keep the anchor's spans and are visited once.
func TreeBlockEnd(text string, root *yamlast.Node) func(start, end int) int {
	var ends map[int]int // line start → block end
	return func(start, _ int) int {
		if ends == nil {
			ends = blockEnds(text, root)
		}
		if e, ok := ends[start]; ok {
			return e
		}
		return -1
	}
}

func blockEnds(text string, root *yamlast.Node) map[int]int {
	lines := lineStarts(text)
	ends := map[int]int{}
	mark := func(start, end int) {
		l := lines[sort.SearchInts(lines, start+1)-1]
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

// lineStarts are the offsets where the text's lines start; lines end at
// line feeds only, as the scanner reads them.
func lineStarts(text string) []int {
	starts := []int{0}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}
