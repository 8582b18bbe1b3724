package completion

import (
	"strings"

	"github.com/stream-ls/stream-ls/analysis/document"
)

// segment is one step of the YAML path from the root to the cursor: a
// mapping key, or an item of a sequence.
type segment struct {
	key  string
	item bool
	// line is where the key or the item's dash is written, col its column.
	line span
	col  int
}

// position says what the cursor is about to write.
type position uint8

const (
	// atKey: a key of the mapping at path, or a new entry of the sequence
	// at path when no "- " is typed yet.
	atKey position = iota
	// atValue: the value of the key written on the cursor line.
	atValue
)

// flowFrame is one open flow collection (`[` or `{`) before the cursor on
// its line.
type flowFrame struct {
	mapping bool
	// index counts the items of a sequence before the cursor's.
	index int
	// key is the key of the mapping entry whose value the cursor is in; ""
	// while the cursor is on a key.
	key string
}

// cursor is the context of a completion request, worked out from the text
// alone so that it exists while the document does not parse.
type cursor struct {
	text   document.Text
	lines  lines
	offset int
	line   span
	// path holds the ancestors of the node at the cursor, root first,
	// including the items whose "- " is typed on the cursor line.
	path []segment
	pos  position
	// key and keyCol are the key on the cursor line when pos is atValue.
	key    string
	keyCol int
	// col is where a key written at the cursor starts: the indentation new
	// lines of a multi-line insertion are measured from.
	col int
	// word is the text a completion replaces: the key, or the value token,
	// being typed, including the part after the cursor.
	word document.Span
	// colonAfter is set when the key being typed is already followed by a
	// colon: the completion then replaces the name only.
	colonAfter bool
	// needSpace is set when the cursor sits right after the key's colon, so
	// a value needs a space in front.
	needSpace bool
	// tag is the tag the value starts with (`!GetAtt`), when the word comes
	// after it.
	tag string
	// flow lists the flow collections open at the cursor, outermost first.
	flow []flowFrame
	// itemIndex is the index, within its sequence, of the item typed on
	// the cursor line (when the innermost segment is one).
	itemIndex int
	// amongItems is set for a key position without "- " whose column is
	// shared by the items of the sequence at path: a new item goes there.
	amongItems bool
}

// wordText is the part of the word before the cursor, what the user typed.
func (c *cursor) wordText() string { return c.text.Slice(c.word.Start, c.offset) }

// resolve works out the cursor's context. It fails where no completion
// makes sense: inside a comment or a block scalar, before the indentation
// of existing text, or under a key whose value is already on its line.
func resolve(text document.Text, offset int) (*cursor, bool) {
	if offset < 0 || offset > text.Len() {
		return nil, false
	}
	ls := newLines(text)
	line := ls.at(offset)
	if offset > line.end {
		return nil, false // between the '\r' and '\n' of a CRLF
	}
	before := text.Slice(line.start, offset)
	after := text.Slice(offset, line.end)
	c := &cursor{text: text, lines: ls, offset: offset, line: line}

	entries := parseEntries(before)
	var items []entry
	for len(entries) > 0 && entries[0].item {
		items = append(items, entries[0])
		entries = entries[1:]
	}
	restCol := len(before)
	if len(entries) > 0 {
		restCol = entries[0].col
	} else if strings.TrimLeft(before, " \t-") != "" {
		return nil, false // a comment
	}
	if len(items) > 0 && strings.HasSuffix(before, "-") {
		return nil, false // "-" still needs its space to become an item
	}
	if strings.TrimSpace(before) == "" && strings.TrimSpace(after) != "" {
		return nil, false // in the indentation of a line that has content
	}
	c.col = restCol

	if len(entries) > 0 && !entries[0].scalar {
		if !c.resolveValue(entries[0], before) {
			return nil, false
		}
	} else if !c.resolveKeyWord(restCol, after) {
		return nil, false
	}

	// Items typed on this line are the innermost ancestors.
	var tail []segment
	for _, it := range items {
		tail = append(tail, segment{item: true, line: line, col: it.col})
	}
	limit, inItem := restCol, false
	if len(items) > 0 {
		limit, inItem = items[0].col, true
	}
	head, ok := c.ancestors(limit, inItem, len(items) > 0)
	if !ok {
		return nil, false
	}
	c.path = append(head, tail...)
	return c, true
}

// resolveKeyWord sets the word for a key being typed (or an item scalar,
// which looks the same until its colon is typed).
func (c *cursor) resolveKeyWord(restCol int, after string) bool {
	c.pos = atKey
	start := c.line.start + restCol
	typed := c.text.Slice(start, c.offset)
	if strings.ContainsAny(typed, " \t#") && !isQuotedStart(typed) {
		return false
	}
	end := c.offset + wordLen(after, isKeyChar)
	c.word = document.Span{Start: start, End: end}
	c.colonAfter = c.text.HasAt(end, ":") && end < c.line.end
	return true
}

func isQuotedStart(s string) bool { return s != "" && (s[0] == '"' || s[0] == '\'') }

// resolveValue handles a cursor after `key:`.
func (c *cursor) resolveValue(e entry, before string) bool {
	c.pos, c.key, c.keyCol = atValue, e.key, e.col
	colon := keyColon(before, e.col)
	if colon < 0 {
		return false
	}
	valueStart := colon + 1
	if valueStart == len(before) {
		c.needSpace = true
		c.word = document.Span{Start: c.offset, End: c.offset + wordLen(c.text.Slice(c.offset, c.line.end), isValueChar)}
		return true
	}
	for valueStart < len(before) && (before[valueStart] == ' ' || before[valueStart] == '\t') {
		valueStart++
	}
	prefix := before[valueStart:]
	if strings.Contains(prefix, " #") || strings.HasPrefix(prefix, "#") {
		return false
	}
	if strings.HasPrefix(prefix, "|") || strings.HasPrefix(prefix, ">") {
		return false
	}
	// An anchor before the value is kept as written.
	if strings.HasPrefix(prefix, "&") {
		sp := strings.IndexAny(prefix, " \t")
		if sp < 0 {
			return false
		}
		valueStart += sp + 1
		prefix = before[valueStart:]
	}
	wordStart := valueStart
	if strings.HasPrefix(prefix, "!") {
		if sp := strings.IndexAny(prefix, " \t"); sp >= 0 {
			c.tag = prefix[:sp]
			wordStart = valueStart + sp
			for wordStart < len(before) && before[wordStart] == ' ' {
				wordStart++
			}
			prefix = before[wordStart:]
		}
	}
	if strings.HasPrefix(prefix, "[") || strings.HasPrefix(prefix, "{") {
		frames, at := scanFlow(prefix)
		if frames == nil {
			return false // the flow collection is closed before the cursor
		}
		c.flow = frames
		wordStart += at
	} else if isQuotedStart(prefix) {
		wordStart++
	}
	end := c.offset + wordLen(c.text.Slice(c.offset, c.line.end), isValueChar)
	if len(c.flow) > 0 || isQuotedStart(prefix) {
		end = c.offset + wordLen(c.text.Slice(c.offset, c.line.end), isFlowWordChar)
	}
	c.word = document.Span{Start: c.line.start + wordStart, End: end}
	return true
}

// keyColon finds, in a line prefix whose key starts at col, the colon that
// ends the key.
func keyColon(before string, col int) int {
	s := before[col:]
	if isQuotedStart(s) {
		end := closingQuote(s)
		if end < 0 {
			return -1
		}
		i := strings.IndexByte(s[end:], ':')
		if i < 0 {
			return -1
		}
		return col + end + i
	}
	for i := 0; i < len(s); i++ {
		if s[i] == ':' && (i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\t') {
			return col + i
		}
	}
	return -1
}

// scanFlow reads the flow collections a value prefix opens and returns
// them with the offset, within prefix, where the word at its end starts.
// It returns nil frames when every collection is closed again.
func scanFlow(prefix string) ([]flowFrame, int) {
	var frames []flowFrame
	wordStart := 0
	for i := 0; i < len(prefix); i++ {
		ch := prefix[i]
		switch {
		case ch == '"' || ch == '\'':
			end := closingQuote(prefix[i:])
			if end < 0 {
				if frames == nil {
					return nil, 0
				}
				return frames, i + 1 // the word is inside the open quote
			}
			i += end
			continue
		case ch == '[':
			frames = append(frames, flowFrame{})
		case ch == '{':
			frames = append(frames, flowFrame{mapping: true})
		case ch == ']' || ch == '}':
			if len(frames) > 0 {
				frames = frames[:len(frames)-1]
			}
		case ch == ',':
			if n := len(frames); n > 0 {
				frames[n-1].index++
				frames[n-1].key = ""
			}
		case ch == ':' && (i+1 == len(prefix) || prefix[i+1] == ' '):
			if n := len(frames); n > 0 && frames[n-1].mapping {
				frames[n-1].key = strings.TrimSpace(prefix[wordStart:i])
			}
		default:
			continue
		}
		wordStart = i + 1
		for wordStart < len(prefix) && prefix[wordStart] == ' ' {
			wordStart++
		}
	}
	if len(frames) == 0 {
		return nil, 0
	}
	return frames, wordStart
}

func wordLen(s string, ok func(byte) bool) int {
	n := 0
	for n < len(s) && ok(s[n]) {
		n++
	}
	return n
}

func isKeyChar(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' ||
		b == '_' || b == '-' || b == '.' || b == '$' || b >= 0x80
}

// isValueChar accepts what plain scalars such as ARNs are made of; a colon
// belongs to the value (`arn:aws:...`).
func isValueChar(b byte) bool { return b != ' ' && b != '\t' && b != '#' }

func isFlowWordChar(b byte) bool {
	return isValueChar(b) && b != ',' && b != ']' && b != '}' && b != '"' && b != '\''
}

// ancestors scans backwards from the cursor line for the keys and items
// that enclose a node at column limit, the way YAML's indentation nests
// them. inItem says that the node is a sequence item, whose parent key may
// sit at the same column (`key:` followed by `- x` unindented). It costs
// the distance to the outermost ancestor, lines deeper than the node being
// skipped after a glance at their indentation.
func (c *cursor) ancestors(limit int, inItem, itemOnCursorLine bool) ([]segment, bool) {
	var rev []segment
	innermost := true
	for l, ok := c.lines.prevShallow(c.line, limit); ok; l, ok = c.lines.prevShallow(l, limit) {
		if limit == 0 && !inItem {
			break // at the root
		}
		s := c.lines.content(l)
		if strings.HasPrefix(s, "---") || strings.HasPrefix(s, "...") {
			break // a document marker: the document starts below
		}
		es := parseEntries(s)
		if len(es) == 0 {
			continue
		}
		if es[0].col == limit {
			first := es[0]
			switch {
			case inItem && !first.item && !first.scalar && opensBlock(first.value):
				// A sequence written at its key's column.
				rev = append(rev, segment{key: first.key, line: l, col: first.col})
				inItem, innermost = false, false
			case first.item && innermost:
				if itemOnCursorLine {
					c.itemIndex++
				} else {
					c.amongItems = true
				}
			}
			continue
		}
		// The innermost entry left of limit is the parent; the entries
		// before it on the same line are its ancestors.
		j := len(es) - 1
		for j >= 0 && es[j].col >= limit {
			j--
		}
		if j < 0 {
			continue
		}
		if p := es[j]; !p.item && (p.scalar || !opensBlock(p.value)) {
			// `key: value` cannot have children, and the text in a block
			// scalar (`key: |`) is not YAML structure.
			return nil, false
		}
		for k := j; k >= 0; k-- {
			e := es[k]
			rev = append(rev, segment{key: e.key, item: e.item, line: l, col: e.col})
		}
		limit, inItem, innermost = es[0].col, es[0].item, false
		itemOnCursorLine = false
	}
	out := make([]segment, len(rev))
	for i, s := range rev {
		out[len(rev)-1-i] = s
	}
	return out, true
}
