package yamlast

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/stream-ls/stream-ls/analysis/document"
	"go.yaml.in/yaml/v3"
)

// File is the positioned tree of one document, with what went wrong.
type File struct {
	Text   string
	Mapper *document.Mapper
	// Root is the document's top-level value; nil for an empty document.
	Root *Node
	// Errors are YAML syntax errors, at most one per independently parsed
	// block of the file.
	Errors []SyntaxError
	// Duplicates are keys written twice in one mapping; the framework's YAML
	// loader rejects them.
	Duplicates []Duplicate
}

// SyntaxError is a YAML syntax error located in the text.
type SyntaxError struct {
	Span    document.Span
	Message string
}

// Duplicate is a mapping key that repeats an earlier one.
type Duplicate struct {
	Key   *Node
	First *Node
}

// Parse builds the positioned tree of text. It never fails: a syntax error is
// recorded in File.Errors, and the file is then parsed again block by block
// (each top-level key, and each function under `functions`) so that one
// broken block does not hide the rest.
func Parse(text string) *File {
	f := &File{Text: text, Mapper: document.NewMapper(text)}
	var doc yaml.Node
	err := yaml.Unmarshal([]byte(text), &doc)
	if err == nil {
		c := newConverter(f, 0)
		f.Root = c.root(&doc)
		return f
	}
	f.parseBlocks(err)
	return f
}

var errLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
var errUnknownAnchor = regexp.MustCompile(`unknown anchor '([^']*)' referenced`)

// block is a run of whole lines [startLine, endLine) that parses on its own.
type block struct {
	startLine, endLine int
}

func (f *File) parseBlocks(wholeErr error) {
	m := f.Mapper
	top := topLevelBlocks(f.Text, m)
	root := &Node{Kind: Mapping, Tag: "!!map"}
	failed := false
	for _, b := range top {
		keyLine := f.Text[m.LineStart(b.startLine):m.LineEnd(b.startLine)]
		var value *Node
		var key *Node
		if strings.HasPrefix(keyLine, "functions:") && strings.TrimSpace(strings.TrimPrefix(keyLine, "functions:")) == "" {
			key = &Node{Kind: Scalar, Tag: "!!str", Value: "functions",
				Span: document.Span{Start: m.LineStart(b.startLine), End: m.LineStart(b.startLine) + len("functions")}}
			value, failed = f.parseFunctions(b, failed)
		} else {
			n, ok := f.parseBlock(b)
			if !ok {
				failed = true
				continue
			}
			if n == nil || n.Kind != Mapping {
				continue
			}
			root.Pairs = append(root.Pairs, n.Pairs...)
			continue
		}
		root.Pairs = append(root.Pairs, &Pair{Key: key, Value: value})
	}
	if !failed {
		// The blocks parse on their own, so the error lies in how they fit
		// together; report it where yaml.v3 said.
		f.addError(wholeErr, 0, document.Span{Start: 0, End: len(f.Text)})
	}
	if len(root.Pairs) > 0 {
		root.Span = document.Span{Start: root.Pairs[0].Key.Span.Start, End: root.Pairs[len(root.Pairs)-1].Value.Span.End}
		f.Root = root
	}
}

// parseFunctions parses the header line of `functions:` and each function
// below it as separate blocks.
func (f *File) parseFunctions(b block, failed bool) (*Node, bool) {
	m := f.Mapper
	fns := &Node{Kind: Mapping, Tag: "!!map"}
	for _, fb := range childBlocks(f.Text, m, b) {
		n, ok := f.parseBlock(fb)
		if !ok {
			failed = true
			continue
		}
		if n != nil && n.Kind == Mapping {
			fns.Pairs = append(fns.Pairs, n.Pairs...)
		}
	}
	if len(fns.Pairs) > 0 {
		fns.Span = document.Span{Start: fns.Pairs[0].Key.Span.Start, End: fns.Pairs[len(fns.Pairs)-1].Value.Span.End}
	} else {
		end := m.LineEnd(b.startLine)
		fns = &Node{Kind: Null, Tag: "!!null", Span: document.Span{Start: end, End: end}}
	}
	return fns, failed
}

// parseBlock parses the lines of b alone. It reports false when the block is
// broken; a block that only fails because it uses an anchor defined in
// another block is dropped silently, since the real error is elsewhere.
func (f *File) parseBlock(b block) (*Node, bool) {
	m := f.Mapper
	start, end := m.LineStart(b.startLine), m.LineStart(b.endLine)
	var doc yaml.Node
	err := yaml.Unmarshal([]byte(f.Text[start:end]), &doc)
	if err != nil {
		if errUnknownAnchor.MatchString(err.Error()) {
			return nil, true
		}
		f.addError(err, b.startLine, document.Span{Start: start, End: end})
		return nil, false
	}
	c := newConverter(f, b.startLine)
	return c.root(&doc), true
}

// addError records err, which yaml.v3 reported for text starting at
// lineOffset, within the bounds of the block it came from. yaml.v3 gives only
// a line, and often the line of the enclosing construct, so the diagnostic
// covers that line's content, which is the best place we can name.
func (f *File) addError(err error, lineOffset int, within document.Span) {
	m := f.Mapper
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := -1
	if sub := errLine.FindStringSubmatch(err.Error()); sub != nil {
		n, _ := strconv.Atoi(sub[1])
		line = lineOffset + n - 1
		msg = sub[2]
	}
	if sub := errUnknownAnchor.FindStringSubmatch(err.Error()); sub != nil {
		if i := strings.Index(f.Text[within.Start:within.End], "*"+sub[1]); i >= 0 {
			s := within.Start + i
			f.Errors = append(f.Errors, SyntaxError{Span: document.Span{Start: s, End: s + 1 + len(sub[1])},
				Message: fmt.Sprintf("unknown anchor %q: define it with &%s before using it", sub[1], sub[1])})
			return
		}
	}
	if strings.Contains(msg, "did not find expected ',' or") {
		// yaml.v3 names the line of the enclosing construct; the bracket
		// left open is what the user has to fix.
		if off, ok := unclosedBracket(f.Text[within.Start:within.End]); ok {
			s := within.Start + off
			f.Errors = append(f.Errors, SyntaxError{Span: document.Span{Start: s, End: s + 1},
				Message: fmt.Sprintf("%q is never closed (%s)", f.Text[s:s+1], msg)})
			return
		}
	}
	if strings.Contains(msg, "tab character") || (line >= 0 && strings.Contains(msg, "cannot start any token") &&
		strings.HasPrefix(strings.TrimLeft(f.Text[m.LineStart(line):m.LineEnd(line)], " "), "\t")) {
		// YAML forbids tabs in indentation; point at the first one.
		for l := m.OffsetLine(within.Start); l <= m.OffsetLine(max(within.End-1, within.Start)); l++ {
			content := f.Text[m.LineStart(l):m.LineEnd(l)]
			if i := strings.IndexByte(content, '\t'); i >= 0 && strings.TrimLeft(content[:i], " ") == "" {
				s := m.LineStart(l) + i
				f.Errors = append(f.Errors, SyntaxError{Span: document.Span{Start: s, End: s + 1},
					Message: "a tab is used for indentation; YAML allows only spaces there"})
				return
			}
		}
	}
	if line < 0 {
		line = m.OffsetLine(within.Start)
	}
	// The reported line may lie past the block (end of stream errors).
	if last := m.OffsetLine(max(within.End-1, within.Start)); line > last {
		line = last
	}
	f.Errors = append(f.Errors, SyntaxError{Span: lineContentSpan(f.Text, m, line), Message: msg})
}

// lineContentSpan covers a line's content without its indentation or a
// trailing comment.
func lineContentSpan(text string, m *document.Mapper, line int) document.Span {
	start, end := m.LineStart(line), m.LineEnd(line)
	content := text[start:end]
	trimmed := strings.TrimLeft(content, " \t")
	start += len(content) - len(trimmed)
	if i := strings.Index(trimmed, " #"); i >= 0 && !strings.ContainsAny(trimmed[:i], "'\"") {
		trimmed = trimmed[:i]
	}
	trimmed = strings.TrimRight(trimmed, " \t")
	return document.Span{Start: start, End: start + len(trimmed)}
}

// unclosedBracket finds the last flow bracket in text that is never closed,
// skipping quoted strings and comments.
func unclosedBracket(text string) (int, bool) {
	var open []int
	for i := 0; i < len(text); i++ {
		switch c := text[i]; c {
		case '[', '{':
			open = append(open, i)
		case ']', '}':
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		case '"', '\'':
			if i > 0 && !isBlank(text[i-1]) && !strings.ContainsRune("[{,:", rune(text[i-1])) {
				continue // an apostrophe inside a plain word
			}
			for i++; i < len(text) && text[i] != c && text[i] != '\n'; i++ {
				if c == '"' && text[i] == '\\' {
					i++
				}
			}
		case '#':
			if i == 0 || isBlank(text[i-1]) {
				for i < len(text) && text[i] != '\n' {
					i++
				}
			}
		}
	}
	if len(open) == 0 {
		return 0, false
	}
	return open[len(open)-1], true
}

// topLevelBlocks splits the text at lines that start a top-level key: lines
// that begin in column 0 with something other than a comment, a document
// marker or a sequence item.
func topLevelBlocks(text string, m *document.Mapper) []block {
	var blocks []block
	for l := 0; l < m.LineCount(); l++ {
		line := text[m.LineStart(l):m.LineEnd(l)]
		if line == "" || isBlank(line[0]) || line[0] == '#' || line[0] == '-' || line == "..." ||
			(strings.HasPrefix(line, "---") && (len(line) == 3 || isBlank(line[3]))) ||
			line[0] == '}' || line[0] == ']' {
			continue
		}
		if len(blocks) > 0 {
			blocks[len(blocks)-1].endLine = l
		}
		blocks = append(blocks, block{startLine: l, endLine: m.LineCount()})
	}
	if len(blocks) == 0 {
		return []block{{0, m.LineCount()}}
	}
	// Lines before the first key (comments) belong to nothing.
	return blocks
}

// childBlocks splits the body of a block (its lines after the header) at the
// lines indented like its first child key.
func childBlocks(text string, m *document.Mapper, b block) []block {
	var blocks []block
	indent := -1
	for l := b.startLine + 1; l < b.endLine; l++ {
		line := text[m.LineStart(l):m.LineEnd(l)]
		trimmed := strings.TrimLeft(line, " ")
		if trimmed == "" || trimmed[0] == '#' || trimmed[0] == '\t' {
			continue
		}
		ind := len(line) - len(trimmed)
		if indent < 0 {
			indent = ind
		}
		if ind != indent || trimmed[0] == '-' {
			continue
		}
		if len(blocks) > 0 {
			blocks[len(blocks)-1].endLine = l
		}
		blocks = append(blocks, block{startLine: l, endLine: b.endLine})
	}
	return blocks
}
