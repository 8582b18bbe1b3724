package navigate

import (
	"strings"

	"github.com/stream-ls/stream-ls/analysis/document"
)

// Aliases are found in the text rather than the tree: the tree resolves an
// alias to the anchored node and keeps no trace of where `*name` was
// written. As in YAML, an alias refers to the closest anchor of that name
// before it.

// aliasDefinition finds the anchor of the alias at off.
func aliasDefinition(text string, off int) (Link, bool) {
	start, end := tokenAround(text, off)
	if end-start < 2 || text[start] != '*' || !startsNode(text, start) || inCommentOrQuote(text, start) {
		return Link{}, false
	}
	name := text[start+1 : end]
	for at := start; at > 0; {
		i := strings.LastIndex(text[:at], "&"+name)
		if i < 0 {
			break
		}
		at = i
		j := i + 1 + len(name)
		if (j == len(text) || !isAnchorChar(text[j])) && startsNode(text, i) && !inCommentOrQuote(text, i) {
			return Link{Origin: document.Span{Start: start, End: end}, Target: document.Span{Start: i, End: j}}, true
		}
	}
	return Link{}, false
}

// isAnchorChar reports whether c may be part of an anchor name: YAML allows
// anything but white space and the flow indicators.
func isAnchorChar(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', ',', '[', ']', '{', '}':
		return false
	}
	return true
}

// tokenAround returns the run of anchor characters around off, including
// a `*` or `&` that starts it.
func tokenAround(text string, off int) (start, end int) {
	start, end = off, off
	for start > 0 && isAnchorChar(text[start-1]) {
		start--
	}
	for end < len(text) && isAnchorChar(text[end]) {
		end++
	}
	return start, end
}

// startsNode reports whether the indicator at i begins a node: it opens
// the line's content or follows a space or a flow indicator.
func startsNode(text string, i int) bool {
	if i == 0 {
		return true
	}
	switch text[i-1] {
	case ' ', '\t', '\n', '[', '{', ',':
		return true
	}
	return false
}

// inCommentOrQuote reports whether offset i of its line lies in a comment
// or a quoted scalar that starts on the line.
func inCommentOrQuote(text string, i int) bool {
	ls := strings.LastIndexByte(text[:i], '\n') + 1
	var quote byte
	for k := ls; k < i; k++ {
		c := text[k]
		switch {
		case quote == '\'':
			if c == '\'' {
				quote = 0
			}
		case quote == '"':
			if c == '\\' {
				k++
			} else if c == '"' {
				quote = 0
			}
		case (c == '\'' || c == '"') && (k == ls || strings.ContainsRune(" \t[{,", rune(text[k-1]))):
			quote = c
		case c == '#' && (k == ls || text[k-1] == ' ' || text[k-1] == '\t'):
			return true
		}
	}
	return quote != 0
}
