package yamlast

import (
	"strings"

	"github.com/stream-ls/stream-ls/analysis/document"
	"go.yaml.in/yaml/v3"
)

// valueStart skips the anchor (`&name`) at off, which yaml.v3 includes in a
// node's mark, and returns where the value as written begins (its tag, if
// any).
func valueStart(text string, off int) int {
	if off < len(text) && text[off] == '&' {
		off = skipToken(text, off)
		off = skipSpace(text, off, true)
	}
	return off
}

// contentStart skips a tag (`!GetAtt`, `!!str`) at off and the blanks after
// it.
func contentStart(text string, off int) int {
	if off < len(text) && text[off] == '!' {
		off = skipToken(text, off)
		off = skipSpace(text, off, true)
	}
	return off
}

// skipToken moves past a run of non-blank characters.
func skipToken(text string, off int) int {
	for off < len(text) && !isBlank(text[off]) {
		off++
	}
	return off
}

// skipSpace moves past spaces and tabs, and past line breaks too when
// newlines is set. Comments between a tag and its value are not skipped:
// they are rare enough that a slightly short span is the better trade than a
// wrong one.
func skipSpace(text string, off int, newlines bool) int {
	for off < len(text) {
		c := text[off]
		if c == ' ' || c == '\t' || (newlines && (c == '\n' || c == '\r')) {
			off++
			continue
		}
		break
	}
	return off
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// scalarEnd finds where a scalar that starts at off ends, from its style.
func scalarEnd(text string, m *document.Mapper, n *yaml.Node, off int) int {
	if off >= len(text) {
		return len(text)
	}
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0 && text[off] == '"':
		for i := off + 1; i < len(text); i++ {
			switch text[i] {
			case '\\':
				i++
			case '"':
				return i + 1
			}
		}
		return len(text)
	case n.Style&yaml.SingleQuotedStyle != 0 && text[off] == '\'':
		for i := off + 1; i < len(text); i++ {
			if text[i] == '\'' {
				if i+1 < len(text) && text[i+1] == '\'' {
					i++
					continue
				}
				return i + 1
			}
		}
		return len(text)
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 && (text[off] == '|' || text[off] == '>'):
		return blockScalarEnd(text, m, off)
	}
	return plainEnd(text, n.Value, off)
}

// plainEnd follows the words of a plain scalar's decoded value through the
// text: line folding turned line breaks and indentation into single spaces,
// so words are matched one by one across whatever blanks separate them.
func plainEnd(text, value string, off int) int {
	end := off
	pos := off
	for _, w := range strings.Fields(value) {
		pos = skipSpace(text, pos, true)
		if !strings.HasPrefix(text[pos:], w) {
			break
		}
		pos += len(w)
		end = pos
	}
	return end
}

// blockScalarEnd returns the end of the last content line of a literal or
// folded block scalar: content lines are the blank ones and those indented
// more than the line holding the indicator.
func blockScalarEnd(text string, m *document.Mapper, off int) int {
	line := m.OffsetLine(off)
	base := indentation(text[m.LineStart(line):m.LineEnd(line)])
	end := m.LineEnd(line)
	for l := line + 1; l < m.LineCount(); l++ {
		content := text[m.LineStart(l):m.LineEnd(l)]
		if strings.TrimSpace(content) == "" {
			continue
		}
		if indentation(content) <= base {
			break
		}
		end = m.LineEnd(l)
	}
	return end
}

func indentation(line string) int {
	n := 0
	for n < len(line) && line[n] == ' ' {
		n++
	}
	return n
}

// flowEnd returns the end of a flow collection that opens at off, skipping
// brackets inside quoted strings and comments.
func flowEnd(text string, off int) int {
	depth := 0
	for i := off; i < len(text); i++ {
		switch text[i] {
		case '[', '{':
			depth++
		case ']', '}':
			depth--
			if depth == 0 {
				return i + 1
			}
		case '"':
			for i++; i < len(text) && text[i] != '"'; i++ {
				if text[i] == '\\' {
					i++
				}
			}
		case '\'':
			for i++; i < len(text); i++ {
				if text[i] == '\'' {
					if i+1 < len(text) && text[i+1] == '\'' {
						i++
						continue
					}
					break
				}
			}
		case '#':
			if i > 0 && isBlank(text[i-1]) {
				for i < len(text) && text[i] != '\n' {
					i++
				}
			}
		}
	}
	return len(text)
}

func hasTag(text string, off int) bool { return off < len(text) && text[off] == '!' }
