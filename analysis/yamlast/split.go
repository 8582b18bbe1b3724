package yamlast

import (
	"strings"

	"github.com/stream-ls/stream-ls/analysis/document"
)

// Piece is one block of a document: a run of whole lines that yaml.v3 can
// parse apart from the rest. A serverless.yml is a mapping whose big entries
// are mappings of many small entries (functions, resources), so the pieces
// are the top-level entries, and the entries of `functions`, `custom`,
// `resources`, `resources.Resources` and `resources.Outputs`. An edit then
// touches one small piece, and a syntax error stays inside the piece that
// has it.
type Piece struct {
	Start, End int // byte offsets of whole lines
	// Level is 0 for a top-level entry, 1 for an entry of a split
	// top-level entry, 2 below that.
	Level int
	// Header marks the line `key:` of a split entry; its value is the
	// pieces that follow at Level+1. Key is that key.
	Header bool
	Key    string
	// Whole marks the one piece of a document that is not split: one
	// whose top level is not a block mapping, or that has several YAML
	// documents or directives. Its tree is the document's.
	Whole bool
}

// splitPaths are the entries whose own entries become pieces.
var splitPaths = [][]string{
	{"functions"}, {"custom"}, {"resources"},
	{"resources", "Resources"}, {"resources", "Outputs"},
}

func splitsAt(path []string) bool {
	for _, p := range splitPaths {
		if len(p) == len(path) {
			match := true
			for i := range p {
				if p[i] != path[i] {
					match = false
					break
				}
			}
			if match {
				return true
			}
		}
	}
	return false
}

// lineInfo is what splitting needs to know about a line.
type lineInfo struct {
	start, end int    // content, without the line break
	text       string // the content
	indent     int    // leading spaces
	trivia     bool
}

// scanLine classifies the line that starts at off: trivia are blank lines and
// comment-only lines, which never start a piece and belong to the piece
// before them.
func scanLine(text string, start, end int) lineInfo {
	li := lineInfo{start: start, end: end, text: text}
	i := 0
	for i < len(text) && text[i] == ' ' {
		i++
	}
	li.indent = i
	// yaml.v3 also ends lines at NEL, LS and PS, which LSP does not: a
	// line of nothing else is blank to it, and must not start a piece
	// (its tree would be empty). Those three start with 0xC2 or 0xE2;
	// TrimLeft with a cutset beyond ASCII decodes rune by rune, and this
	// runs on every line of the file, so only lines that may hold one
	// take it.
	rest := text[i:]
	if rest != "" && (rest[0] == '\t' || rest[0] == 0xC2 || rest[0] == 0xE2) {
		rest = strings.TrimLeft(rest, " \t\u0085\u2028\u2029")
	}
	li.trivia = rest == "" || rest[0] == '#'
	return li
}

// content is the line without its indentation.
func (li lineInfo) content() string { return li.text[li.indent:] }

// startsEntry reports whether a non-trivia line at the entry indentation
// starts a new entry: sequence items, flow closers and tabs continue the
// entry before.
func (li lineInfo) startsEntry() bool {
	c := li.content()
	if c == "" {
		return false
	}
	switch c[0] {
	case '-':
		// A document marker at the top level is dealt with by Split;
		// any other dash starts a sequence item, which continues the
		// entry before.
		return false
	case ']', '}', ',', ':', '\t', '#':
		return false
	}
	return true
}

// headerKey returns the key of a line of the form `key:` (plain key, nothing
// after the colon but a comment), the only form whose entries are split.
func headerKey(c string) (string, bool) {
	i := 0
	for i < len(c) && (isAlnum(c[i]) || (i > 0 && (c[i] == '-' || c[i] == '.'))) {
		i++
	}
	if i == 0 || i >= len(c) || c[i] != ':' {
		return "", false
	}
	rest := strings.TrimLeft(c[i+1:], " \t")
	rest = strings.TrimSuffix(rest, "\r")
	if rest != "" && (rest[0] != '#' || len(rest) == len(c)-i-1) {
		// Something after the colon, or a `#` glued to it (part of a
		// plain scalar, not a comment).
		return "", false
	}
	return c[:i], true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// isKeyLine reports whether c looks like the first line of a mapping entry:
// a plain or quoted key followed by a colon and a blank or the end of the
// line. It decides only whether an entry is split, so a wrong "no" costs
// incrementality, never correctness.
func isKeyLine(c string) bool {
	c = strings.TrimSuffix(c, "\r")
	if c == "" {
		return false
	}
	switch c[0] {
	case '"', '\'':
		q := c[0]
		for i := 1; i < len(c); i++ {
			if c[i] == '\\' && q == '"' {
				i++
				continue
			}
			if c[i] == q {
				if q == '\'' && i+1 < len(c) && c[i+1] == '\'' {
					i++
					continue
				}
				rest := strings.TrimLeft(c[i+1:], " \t")
				return strings.HasPrefix(rest, ":") && (len(rest) == 1 || rest[1] == ' ' || rest[1] == '\t')
			}
		}
		return false
	case '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '%', '@', '`', '<':
		// `<` excludes merge keys, which a split entry cannot have: their
		// pairs would have to follow all of the entry's own.
		return false
	}
	for i := 0; i < len(c); i++ {
		switch c[i] {
		case ':':
			if i+1 == len(c) || c[i+1] == ' ' || c[i+1] == '\t' {
				return true
			}
		case '#':
			if c[i-1] == ' ' || c[i-1] == '\t' {
				return false
			}
		}
	}
	return false
}

// isDocMarker reports a line that starts with `---` or `...` followed by a
// blank or the end.
func isDocMarker(c string) bool {
	c = strings.TrimSuffix(c, "\r")
	if !strings.HasPrefix(c, "---") && !strings.HasPrefix(c, "...") {
		return false
	}
	return len(c) == 3 || c[3] == ' ' || c[3] == '\t'
}

// Split cuts a document into pieces. It looks at the first characters of
// lines only, so it is cheap, and it is deterministic: the pieces of a text
// do not depend on how the text came about.
func Split(text document.Text, m *document.Mapper) []Piece {
	s := newSplitter(text, m, 0, m.LineCount())
	return s.split()
}

type splitter struct {
	text document.Text
	// chunk is the chunk of text that the last line read was in, from
	// offset chunkAt: lines are read in order, mostly from one chunk.
	chunk   string
	chunkAt int
	m       *document.Mapper
	n       int // the text's lines
	// starts are the starts of lines [lo, lo+len(starts)), taken from the
	// mapper at once: each of its LineStart is a search, and splitting a
	// file of 5,000 functions looks at its 195,000 lines three times.
	lo     int
	starts []int
	out    []Piece
}

// newSplitter returns a splitter that mostly reads lines [from, to].
func newSplitter(text document.Text, m *document.Mapper, from, to int) *splitter {
	from = max(from, 0)
	return &splitter{text: text, m: m, n: m.LineCount(), lo: from, starts: m.LineStarts(from, to+1)}
}

// lineStart is Mapper.LineStart.
func (s *splitter) lineStart(l int) int {
	switch i := l - s.lo; {
	case l < 0:
		return 0
	case l >= s.n:
		return s.text.Len()
	case i >= 0 && i < len(s.starts):
		return s.starts[i]
	}
	return s.m.LineStart(l)
}

// lineText returns the content of line l, without its line break, and
// where it starts and ends.
func (s *splitter) lineText(l int) (string, int, int) {
	l = max(l, 0)
	start, next := s.lineStart(l), s.text.Len()
	if l+1 < s.n {
		next = s.lineStart(l + 1)
	}
	line := s.read(start, next)
	if l+1 < s.n {
		line = strings.TrimSuffix(line, "\n")
		line = strings.TrimSuffix(line, "\r")
	}
	return line, start, start + len(line)
}

// read returns bytes [a, b) of the text.
func (s *splitter) read(a, b int) string {
	if a < s.chunkAt || b > s.chunkAt+len(s.chunk) {
		s.chunk, s.chunkAt = s.text.ChunkAt(a)
		if b > s.chunkAt+len(s.chunk) {
			return s.text.Slice(a, b)
		}
	}
	return s.chunk[a-s.chunkAt : b-s.chunkAt]
}

func (s *splitter) line(l int) lineInfo {
	line, start, end := s.lineText(l)
	return scanLine(line, start, end)
}

// leading counts the spaces line l starts with, up to limit: enough to
// pass over the lines nested deeper than the entries a loop looks for,
// which are most lines, without reading them whole.
func (s *splitter) leading(l, limit int) int {
	start, next := s.lineStart(l), s.text.Len()
	if l+1 < s.n {
		next = s.lineStart(l + 1)
	}
	head := s.read(start, min(start+limit, next))
	i := 0
	for i < len(head) && head[i] == ' ' {
		i++
	}
	return i
}

func (s *splitter) whole() []Piece {
	start := 0
	if s.text.HasAt(0, utf8BOM) {
		start = len(utf8BOM)
	}
	return []Piece{{Start: start, End: s.text.Len(), Whole: true}}
}

const utf8BOM = "\ufeff"

func (s *splitter) split() []Piece {
	n := s.n
	if s.text.HasAt(0, utf8BOM) {
		// yaml.v3 drops a BOM at the start; a piece that starts with one
		// would not.
		return s.whole()
	}
	first, opened := -1, false
	// Top-level entries start at unindented lines.
	var starts []int
	for l := 0; l < n; l++ {
		if first >= 0 && s.leading(l, 1) > 0 {
			// Once the first entry is found, an indented line can
			// neither end the document nor start an entry.
			continue
		}
		li := s.line(l)
		if li.trivia {
			continue
		}
		c := li.content()
		if li.indent == 0 && first < 0 && !opened && strings.HasPrefix(c, "---") && isDocMarker(c) &&
			strings.TrimSpace(c[3:]) == "" {
			// A leading `---` opens the one document.
			opened = true
			continue
		}
		if li.indent == 0 && (isDocMarker(c) || c[0] == '%') {
			return s.whole()
		}
		if first < 0 {
			if li.indent != 0 || !isKeyLine(c) {
				return s.whole()
			}
			first = l
		}
		if li.indent == 0 && li.startsEntry() {
			starts = append(starts, l)
		}
	}
	if first < 0 {
		return s.whole()
	}
	for i, l := range starts {
		end := n
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		s.entry(l, end, 0, nil)
	}
	return s.out
}

// entry emits the pieces of the entry on lines [l, end) at level, whose
// parent entries have the keys in path.
func (s *splitter) entry(l, end, level int, path []string) {
	li := s.line(l)
	startOff, endOff := li.start, s.lineStart(end)
	if key, ok := headerKey(li.content()); ok && level < 2 {
		p := append(path[:len(path):len(path)], key)
		if splitsAt(p) {
			if kids, indent, ok := s.children(l, end, li.indent); ok {
				// The key is copied: an incremental analysis keeps a header
				// piece for as long as the header line is not edited, and a
				// slice of the text would keep that whole version of the
				// document alive (6 MB at 5,000 functions).
				s.out = append(s.out, Piece{Start: startOff, End: s.lineStart(kids[0]), Level: level, Header: true, Key: strings.Clone(key)})
				for i, k := range kids {
					kend := end
					if i+1 < len(kids) {
						kend = kids[i+1]
					}
					_ = indent
					s.entry(k, kend, level+1, p)
				}
				return
			}
		}
	}
	s.out = append(s.out, Piece{Start: startOff, End: endOff, Level: level})
}

// children finds the lines that start the entries of the header on line l
// (indented by hdrIndent), up to line end. ok is false when the value is
// not a block mapping that can be split: a sequence, a scalar on the next
// line, a merge key, or nothing.
func (s *splitter) children(l, end, hdrIndent int) (kids []int, indent int, ok bool) {
	indent = -1
	for k := l + 1; k < end; k++ {
		if indent >= 0 && s.leading(k, indent+1) != indent {
			// Not at the entries' indentation: blank, a comment, or a
			// line within an entry, none of which starts one.
			continue
		}
		li := s.line(k)
		if li.trivia {
			continue
		}
		c := li.content()
		if indent < 0 {
			if li.indent <= hdrIndent || !isKeyLine(c) {
				return nil, 0, false
			}
			indent = li.indent
		}
		if li.indent != indent || !li.startsEntry() {
			continue
		}
		if strings.HasPrefix(c, "<<") {
			return nil, 0, false
		}
		kids = append(kids, k)
	}
	return kids, indent, len(kids) > 0
}

// SplitEntries cuts lines [from, to) of text again after an edit: they hold
// whole entries at level (of the mapping under the headers whose keys are
// path), which start at lines indented by indent. ok is false when the
// lines do not fit that place, and a larger part must be split again: the
// first line does not start an entry (or, when first is set, is not the
// first entry a split needs), a line starts an entry of an enclosing
// mapping, or an entry is a merge key. At level 0 a document marker or a
// directive also needs the whole text split again.
func SplitEntries(text document.Text, m *document.Mapper, from, to, level int, path []string, indent int, first bool) ([]Piece, bool) {
	s := newSplitter(text, m, from, to)
	var starts []int
	for l := from; l < to; l++ {
		if l > from && s.leading(l, indent+1) > indent {
			// Deeper than the entries: blank, a comment or within an
			// entry, which neither starts nor ends one.
			continue
		}
		li := s.line(l)
		if li.trivia {
			if l == from {
				return nil, false
			}
			continue
		}
		c := li.content()
		if level == 0 && li.indent == 0 && (isDocMarker(c) || c[0] == '%') {
			return nil, false
		}
		if l == from && (li.indent != indent || !li.startsEntry() || (first && !isKeyLine(c))) {
			return nil, false
		}
		if li.indent < indent && li.startsEntry() && enclosingEntry(li.indent, level, indent) {
			return nil, false
		}
		if li.indent == indent && li.startsEntry() {
			if level > 0 && strings.HasPrefix(c, "<<") {
				return nil, false
			}
			starts = append(starts, l)
		}
	}
	for i, l := range starts {
		end := to
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		s.entry(l, end, level, path)
	}
	return s.out, true
}

// enclosingEntry reports whether a line indented by ind could start an entry
// of a mapping that encloses entries at level, indented by indent: at level
// 0 nothing does; at level 1 an unindented line; at level 2 any line
// indented less than the entries (the enclosing entries' indentation is not
// known here, so this errs towards splitting more).
func enclosingEntry(ind, level, indent int) bool {
	switch level {
	case 0:
		return false
	case 1:
		return ind == 0
	}
	return ind < indent
}
