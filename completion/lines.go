package completion

import (
	"strings"

	"github.com/stream-ls/stream-ls/analysis/document"
)

// lines walks the text around the cursor one line at a time, in either
// direction, without building a line table: a table costs a pass over the
// whole file, and completion runs on every keystroke of files that may have
// hundreds of thousands of lines. Every step costs the length of the line it
// visits.
type lines struct {
	text document.Text
	// sep ends a line. Files with old Mac line ends have no '\n' at all;
	// everything else splits at '\n' and drops the '\r' of a CRLF.
	sep byte
}

func newLines(text document.Text) lines {
	sep := byte('\n')
	if head := min(text.Len(), 1<<16); text.IndexByteIn(0, head, '\n') < 0 && text.IndexByteIn(0, head, '\r') >= 0 {
		sep = '\r'
	}
	return lines{text: text, sep: sep}
}

// span is one line: [start, end) is its content, without the terminator.
type span struct{ start, end int }

func (l lines) content(s span) string { return l.text.Slice(s.start, s.end) }

// at returns the line that contains offset off.
func (l lines) at(off int) span {
	start := l.text.LastIndexByte(off, l.sep) + 1
	end := l.text.Len()
	if i := l.text.IndexByte(off, l.sep); i >= 0 {
		end = i
	}
	return l.trim(span{start, end})
}

// trim drops the '\r' of a CRLF line end.
func (l lines) trim(s span) span {
	if l.sep == '\n' && s.end > s.start && l.text.Byte(s.end-1) == '\r' {
		s.end--
	}
	return s
}

// prev returns the line before s; ok is false at the start of the text.
func (l lines) prev(s span) (span, bool) {
	if s.start == 0 {
		return span{}, false
	}
	end := s.start - 1 // the separator
	start := l.text.LastIndexByte(end, l.sep) + 1
	return l.trim(span{start, end}), true
}

// next returns the line after s; ok is false at the end of the text.
func (l lines) next(s span) (span, bool) {
	i := l.text.IndexByte(s.end, l.sep)
	if i < 0 {
		return span{}, false
	}
	start := i + 1
	end := l.text.Len()
	if j := l.text.IndexByte(start, l.sep); j >= 0 {
		end = j
	}
	return l.trim(span{start, end}), true
}

// prevShallow returns the nearest line before s that holds a node at a
// column no deeper than limit, skipping blank lines, comments and deeper
// lines. It is the inner loop of the scan for enclosing keys, which may
// cross most of a large file, so it only looks at the first limit+1 bytes
// of each line and finds line starts eight bytes at a time.
func (l lines) prevShallow(s span, limit int) (span, bool) {
	for end := s.start - 1; end >= 0; {
		start := l.text.LastIndexByte(end, l.sep) + 1
		head := l.text.Slice(start, min(end, start+limit+1))
		for k := 0; k < len(head); k++ {
			if c := head[k]; c != ' ' {
				if c != '#' && c != '\r' {
					return l.trim(span{start, end}), true
				}
				break
			}
		}
		end = start - 1
	}
	return span{}, false
}

// indentOf counts the leading spaces of a line. YAML forbids tabs in
// indentation, so a tab simply ends the count.
func indentOf(s string) int {
	n := 0
	for n < len(s) && s[n] == ' ' {
		n++
	}
	return n
}

// isBlankOrComment reports whether a line holds no YAML node: nothing but
// spaces, or a comment.
func isBlankOrComment(s string) bool {
	t := strings.TrimLeft(s, " \t")
	return t == "" || t[0] == '#'
}

// entry is one structural element a line starts with: a sequence item
// marker ("- ") or a mapping key. `- stream:` holds two entries.
type entry struct {
	col  int
	item bool
	// key is the key's name, unquoted; value is what follows its colon on
	// the same line, without a trailing comment.
	key   string
	value string
	// scalar is set for a line (or item) that holds a value but no key, for
	// example a word being typed.
	scalar bool
}

// parseEntries reads the item markers and the key a line starts with. It is
// deliberately forgiving: it runs on text the user is still typing.
func parseEntries(s string) []entry {
	var out []entry
	i := indentOf(s)
	for i < len(s) {
		if s[i] == '#' {
			return out
		}
		if s[i] == '-' && (i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\t') {
			out = append(out, entry{col: i, item: true})
			i++
			for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
				i++
			}
			continue
		}
		break
	}
	if i >= len(s) || s[i] == '#' {
		return out
	}
	rest := s[i:]
	if k, v, ok := splitKey(rest); ok {
		return append(out, entry{col: i, key: k, value: v})
	}
	return append(out, entry{col: i, scalar: true, value: stripComment(rest)})
}

// splitKey splits "key: value" at the colon YAML treats as the key
// indicator: the first one followed by a blank or the end of the line,
// outside quotes. `Fn::GetAtt:` and `arn:aws:...` keep their inner colons.
func splitKey(s string) (key, value string, ok bool) {
	if s == "" {
		return "", "", false
	}
	switch s[0] {
	case '"', '\'':
		end := closingQuote(s)
		if end < 0 {
			return "", "", false
		}
		rest := strings.TrimLeft(s[end+1:], " \t")
		if !strings.HasPrefix(rest, ":") || (len(rest) > 1 && rest[1] != ' ' && rest[1] != '\t') {
			return "", "", false
		}
		return unquote(s[:end+1]), stripComment(rest[1:]), true
	case '[', '{', '!', '&', '*', '|', '>', '%', '@', '`':
		// A flow collection, tag, anchor, alias or block scalar: a value.
		return "", "", false
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ':':
			if i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\t' {
				return strings.TrimRight(s[:i], " \t"), stripComment(s[i+1:]), true
			}
		case '#':
			if i > 0 && (s[i-1] == ' ' || s[i-1] == '\t') {
				return "", "", false
			}
		}
	}
	return "", "", false
}

// closingQuote returns the index of the quote that closes the quoted scalar
// s starts with, or -1.
func closingQuote(s string) int {
	q := s[0]
	for i := 1; i < len(s); i++ {
		switch {
		case q == '"' && s[i] == '\\':
			i++
		case s[i] == q && q == '\'' && i+1 < len(s) && s[i+1] == '\'':
			i++ // '' is an escaped quote
		case s[i] == q:
			return i
		}
	}
	return -1
}

// unquote removes the quotes of a simple quoted key; escapes are rare in
// keys and left as written.
func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// stripComment trims blanks and a trailing comment off an inline value.
func stripComment(s string) string {
	s = strings.TrimLeft(s, " \t")
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case (c == '"' || c == '\'') && (i == 0 || strings.IndexByte(" \t[{,:", s[i-1]) >= 0):
			quote = c
		case c == '#' && i > 0 && (s[i-1] == ' ' || s[i-1] == '\t'):
			return strings.TrimRight(s[:i], " \t")
		}
	}
	return strings.TrimRight(s, " \t")
}

// opensBlock reports whether an inline value leaves room for a nested block
// on the following lines: it is empty, or only an anchor and/or a tag.
func opensBlock(value string) bool {
	for _, f := range strings.Fields(value) {
		if f[0] != '&' && f[0] != '!' {
			return false
		}
	}
	return true
}
