package completion

import (
	"strings"

	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// maxBlockLines bounds how much of a collection below a key is read. Stream
// events and their parts are a few dozen lines; the bound keeps a cursor in
// an odd place of a huge file from reading all of it.
const maxBlockLines = 5000

// block is the collection written below a path segment, cut out of the text
// and parsed on its own. Parsing a few lines costs little, and yamlast
// recovers from the line being typed, so the keys already present and the
// values of siblings (a stream's `type`, its `arn`) are known exactly even
// while the document as a whole does not parse.
type block struct {
	node *yamlast.Node
	file *yamlast.File
	// cursorLine is the cursor's line within the block, -1 when outside.
	cursorLine int
	// merges is set when the block merges an anchor with `<<`, whose keys
	// the block alone cannot know.
	merges bool
}

// blockOf parses the collection that is the value of seg: the lines below
// a key, or the content of an item starting on its dash line. Lines are
// moved left to the collection's column, so the block parses as a
// top-level mapping (or sequence) and yamlast's per-key recovery applies.
func (c *cursor) blockOf(seg segment) *block {
	var sb strings.Builder
	col, n, cursorLine, merges := -1, 0, -1, false
	add := func(l span, s string) {
		if l == c.line {
			cursorLine = n
			if es := parseEntries(s); len(es) > 0 && es[len(es)-1].scalar {
				// A word without its colon yet would break the parse of
				// the keys around it.
				s = s[:es[len(es)-1].col]
			}
		}
		if strings.HasPrefix(s, "<<") {
			merges = true
		}
		sb.WriteString(withoutAliases(s))
		sb.WriteByte('\n')
		n++
	}
	if seg.item {
		s := c.lines.content(seg.line)
		i := seg.col + 1
		for i < len(s) && s[i] == ' ' {
			i++
		}
		if i < len(s) && !isBlankOrComment(s[i:]) {
			col = i
			add(seg.line, s[i:])
		}
	}
	for l, ok := c.lines.next(seg.line); ok && n < maxBlockLines; l, ok = c.lines.next(l) {
		s := c.lines.content(l)
		if isBlankOrComment(s) {
			add(l, "")
			continue
		}
		ind := indentOf(s)
		if col < 0 {
			compactItem := ind == seg.col && !seg.item && strings.HasPrefix(s[ind:], "-")
			if ind <= seg.col && !compactItem {
				break
			}
			col = ind
		}
		if ind < col {
			break
		}
		add(l, s[col:])
	}
	f := yamlast.Parse(sb.String())
	return &block{node: f.Root, file: f, cursorLine: cursorLine, merges: merges}
}

// withoutAliases blanks what a block parsed on its own cannot resolve:
// merge keys and aliases, whose anchors lie outside the block. Left in,
// they would make the whole block fail to parse.
func withoutAliases(s string) string {
	es := parseEntries(s)
	if len(es) == 0 {
		return s
	}
	last := es[len(es)-1]
	switch {
	case !last.item && !last.scalar && last.key == "<<":
		return ""
	case !last.item && strings.HasPrefix(last.value, "*"):
		return s[:last.col] + strings.Replace(s[last.col:], last.value, "~", 1)
	}
	return s
}

// present lists the keys of a mapping block, except the one on the
// cursor's line: that key is being rewritten and must stay on offer.
func (bl *block) present() map[string]bool {
	out := map[string]bool{}
	if bl == nil || bl.node == nil || bl.node.Kind != yamlast.Mapping {
		return out
	}
	for _, p := range bl.node.Pairs {
		if p.Merged || bl.file.Mapper.OffsetLine(p.Key.Span.Start) == bl.cursorLine {
			continue
		}
		out[p.Key.Value] = true
	}
	return out
}

// get returns the value of key, unless it is written on the cursor's line
// (and therefore unfinished).
func (bl *block) get(key string) *yamlast.Node {
	if bl == nil || bl.node == nil {
		return nil
	}
	p := bl.node.Pair(key)
	if p == nil || (!p.Merged && bl.file.Mapper.OffsetLine(p.Key.Span.Start) == bl.cursorLine) {
		return nil
	}
	return p.Value
}

// scalar returns the literal value of key, or "".
func (bl *block) scalar(key string) string {
	if n := bl.get(key); n != nil && n.Kind == yamlast.Scalar {
		return n.Value
	}
	return ""
}

// topLevelKeys are keys of a service file that can hold an `events` key of
// their own without being a function; they keep a functions-only file (one
// included with ${file(...)}) from being confused with them.
var topLevelKeys = map[string]bool{
	"service": true, "provider": true, "custom": true, "resources": true, "plugins": true,
	"package": true, "layers": true, "params": true, "stages": true, "outputs": true,
	"org": true, "app": true, "console": true, "build": true, "stepFunctions": true,
}

// functionEvents returns the index in path of a function's `events` key,
// or -1. Functions are the entries of `functions` (a mapping, or a list of
// mappings), or the top-level keys of a functions-only file.
func functionEvents(path []segment) int {
	for i := 1; i < len(path); i++ {
		s := path[i]
		if s.item || s.key != "events" || path[i-1].item {
			continue
		}
		switch {
		case i == 1 && !topLevelKeys[path[0].key] && path[0].key != "functions":
			return i
		case i >= 2 && !path[i-2].item && path[i-2].key == "functions":
			return i
		case i >= 3 && path[i-2].item && path[i-3].key == "functions":
			return i
		}
		return -1
	}
	return -1
}

// streamAt returns the index of the `stream` key of a function's stream
// event in path, or -1.
func streamAt(path []segment) int {
	e := functionEvents(path)
	if e < 0 || len(path) < e+3 || !path[e+1].item || path[e+2].item || path[e+2].key != "stream" {
		return -1
	}
	return e + 2
}

// keys returns the names of a path, "[]" for items, for matching.
func keys(path []segment) []string {
	out := make([]string, len(path))
	for i, s := range path {
		if s.item {
			out[i] = "[]"
		} else {
			out[i] = s.key
		}
	}
	return out
}

// match reports whether names equals want, where "*" matches any key.
func match(names []string, want ...string) bool {
	if len(names) != len(want) {
		return false
	}
	for i, w := range want {
		if w != "*" && w != names[i] {
			return false
		}
		if w == "*" && names[i] == "[]" {
			return false
		}
	}
	return true
}
