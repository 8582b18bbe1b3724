package completion

import (
	"regexp"
	"strconv"
	"strings"
)

// style is how the document indents, so that inserted blocks look as if the
// user had typed them.
type style struct {
	// unit is how far a mapping's keys sit right of their parent key.
	unit int
	// seq is how far "- " items sit right of their key: 0 for the compact
	// style (`events:` above `- stream:`), usually unit otherwise.
	seq int
}

// styleScanLines bounds how many lines around the cursor are read to learn
// the style; the neighbourhood is what the user sees, and reading further
// would make completion cost grow with the file.
const styleScanLines = 400

// detectStyle learns the indentation from parent/child line pairs near the
// cursor: a key that opens a block, and the first line below it.
func detectStyle(ls lines, around span) style {
	unitVotes := map[int]int{}
	seqVotes := map[int]int{}
	vote := func(a, b string) {
		es := parseEntries(a)
		if len(es) == 0 {
			return
		}
		k := es[len(es)-1]
		if k.item || k.scalar || !opensBlock(k.value) {
			return
		}
		d := indentOf(b) - k.col
		if strings.HasPrefix(strings.TrimLeft(b, " "), "- ") || strings.TrimSpace(b) == "-" {
			if d >= 0 {
				seqVotes[d]++
			}
			return
		}
		if d > 0 {
			unitVotes[d]++
		}
	}
	// Pairs of consecutive content lines before the cursor, then after.
	var below string
	n := 0
	for l, ok := ls.prev(around); ok && n < styleScanLines; l, ok = ls.prev(l) {
		s := ls.content(l)
		if isBlankOrComment(s) {
			continue
		}
		n++
		if below != "" {
			vote(s, below)
		}
		below = s
	}
	var above string
	n = 0
	for l, ok := ls.next(around); ok && n < styleScanLines; l, ok = ls.next(l) {
		s := ls.content(l)
		if isBlankOrComment(s) {
			continue
		}
		n++
		if above != "" {
			vote(above, s)
		}
		above = s
	}
	st := style{unit: mostVoted(unitVotes, 2)}
	st.seq = mostVoted(seqVotes, st.unit)
	return st
}

// mostVoted returns the value with the most votes, the smaller one on a
// tie, or def without votes.
func mostVoted(votes map[int]int, def int) int {
	best, bestN := def, 0
	for v, n := range votes {
		if n > bestN || (n == bestN && v < best) {
			best, bestN = v, n
		}
	}
	return best
}

// reindent rewrites the lines after the first of a block written with the
// catalog's indentation (two spaces per level, items indented under their
// key) to the document's style, placed under a key at column base. Lines
// are matched to their parents by indentation, so both mapping and
// sequence nesting survive any combination of styles.
func (st style) reindent(s string, base int) string {
	parts := strings.Split(s, "\n")
	type level struct{ from, to int }
	stack := []level{{0, base}}
	for i := 1; i < len(parts); i++ {
		p := parts[i]
		n := indentOf(p)
		content := p[n:]
		for len(stack) > 1 && stack[len(stack)-1].from >= n {
			stack = stack[:len(stack)-1]
		}
		parent := stack[len(stack)-1].to
		if strings.HasPrefix(content, "- ") {
			col := parent + st.seq
			stack = append(stack, level{n, col}, level{n + 2, col + 2})
			parts[i] = strings.Repeat(" ", col) + content
			continue
		}
		col := parent + st.unit
		stack = append(stack, level{n, col})
		parts[i] = strings.Repeat(" ", col) + content
	}
	return strings.Join(parts, "\n")
}

// Snippets use the LSP syntax: $1, ${1:default}, ${1|a,b|}, $0.
var tabStop = regexp.MustCompile(`\$\{?(\d+)`)

// shiftTabStops renumbers a snippet's tab stops by adding by, so that
// snippets from the catalog can be joined into one; $0, the final cursor
// position, keeps its meaning.
func shiftTabStops(s string, by int) string {
	return tabStop.ReplaceAllStringFunc(s, func(m string) string {
		i := strings.IndexAny(m, "0123456789")
		n, _ := strconv.Atoi(m[i:])
		if n == 0 {
			return m
		}
		return m[:i] + strconv.Itoa(n+by)
	})
}

// maxTabStop is the highest tab stop number in a snippet.
func maxTabStop(s string) int {
	best := 0
	for _, m := range tabStop.FindAllStringSubmatch(s, -1) {
		if n, _ := strconv.Atoi(m[1]); n > best {
			best = n
		}
	}
	return best
}

var (
	placeholder = regexp.MustCompile(`\$\{\d+:([^}]*)\}`)
	choice      = regexp.MustCompile(`\$\{\d+\|([^,|]*)[^}]*\|\}`)
	bareStop    = regexp.MustCompile(`\$\{\d+\}|\$\d+`)
)

// expandSnippet is the text a snippet inserts when nothing is typed into
// it: placeholders give their default, choices their first option.
func expandSnippet(s string) string {
	s = placeholder.ReplaceAllString(s, "$1")
	s = choice.ReplaceAllString(s, "$1")
	s = bareStop.ReplaceAllString(s, "")
	return unescapeSnippet(s)
}

var snippetEscaper = strings.NewReplacer(`\`, `\\`, `$`, `\$`, `}`, `\}`)

// escapeSnippet makes literal text safe inside a snippet.
func escapeSnippet(s string) string { return snippetEscaper.Replace(s) }

var snippetUnescaper = strings.NewReplacer(`\\`, `\`, `\$`, `$`, `\}`, `}`)

func unescapeSnippet(s string) string { return snippetUnescaper.Replace(s) }

// choiceSnippet offers values as a snippet choice at tab stop n.
func choiceSnippet(n int, values []string) string {
	if len(values) == 1 {
		return "${" + strconv.Itoa(n) + ":" + escapeSnippet(values[0]) + "}"
	}
	esc := make([]string, len(values))
	for i, v := range values {
		esc[i] = strings.NewReplacer(`\`, `\\`, `,`, `\,`, `|`, `\|`).Replace(v)
	}
	return "${" + strconv.Itoa(n) + "|" + strings.Join(esc, ",") + "|}"
}
