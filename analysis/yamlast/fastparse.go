package yamlast

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// This file is a second way to build a Tree: a hand-written parser for the
// plain YAML that serverless.yml files are made of. yaml.v3 reads about
// 10 MB/s and builds a yaml.Node for every value only for the encoder to
// throw it away; this parser builds the cnodes straight from the text.
//
// It must give the very Tree that parseTreeYAML gives, spans and quirks
// included, so it accepts only what it fully understands: block mappings
// and sequences, single-line scalars, single-line flow collections,
// anchors, aliases, merge keys and local tags such as !GetAtt. Whatever
// else it meets (block scalars, multi-line scalars, complex keys, tabs,
// CRs, document markers, escapes it does not know, anything that might be
// an error) makes it decline, and ParseTree falls back to yaml.v3. Where
// the yaml path computes a span with a helper from span.go, this parser
// calls the same helper, so that the two cannot drift apart.

// maxFastDepth bounds the recursion; deeper text goes to yaml.v3, which
// has its own limit and error for it.
const maxFastDepth = 200

// maxSimpleKey is below yaml.v3's 1024-character limit for an implicit key,
// counted in bytes, which are never fewer than characters.
const maxSimpleKey = 1000

var (
	tagSeq       = internTag("!!seq")
	tagBool      = internTag("!!bool")
	tagInt       = internTag("!!int")
	tagFloat     = internTag("!!float")
	tagTimestamp = internTag("!!timestamp")
	tagMerge     = internTag("!!merge")
)

// fastParser holds the scratch space of one parse; it is pooled, so that a
// parse allocates little beyond the Tree it returns.
type fastParser struct {
	src   string
	t     *Tree
	nodes []cnode
	kids  []int32
	// stack holds the children of the collections being parsed, the
	// innermost last; keys holds the scalar keys of the mappings being
	// parsed, for finding duplicates.
	stack []int32
	keys  []int32
	names []string
	// nameIndex and anchorIndex map names to their index in names and
	// to their latest anchor, for blocks with too many to search them
	// one by one.
	nameIndex   map[string]int32
	anchorIndex map[string]int32
	lastTag     string
	lastTagID   uint16
}

var fastParsers = sync.Pool{New: func() any { return new(fastParser) }}

// props are a node's anchor and tag, as written before it.
type props struct {
	anchor    string
	hasAnchor bool
	tag       uint16
	tagged    bool
	// mark is where yaml.v3 says the node starts: at its first
	// property, -1 when it has none.
	mark int
}

func (pr props) any() bool { return pr.hasAnchor || pr.tagged }

// parseTreeFast is ParseTree for the plain blocks; ok is false when the
// block uses anything it is not certain to read exactly as yaml.v3 does.
// The tree keeps text.
func parseTreeFast(text string) (*Tree, bool) {
	if !fastCharsOK(text) {
		return nil, false
	}
	t := &Tree{text: text, root: -1}
	p := fastParsers.Get().(*fastParser)
	defer p.release()
	p.src, p.t = t.text, t
	p.aliasNames()
	root, ok := p.document()
	if !ok {
		return nil, false
	}
	t.root = root
	t.nodes = slices.Clip(append([]cnode(nil), p.nodes...))
	t.kids = slices.Clip(append([]int32(nil), p.kids...))
	if len(p.names) > 0 {
		t.refs = make([]string, len(p.names))
		copy(t.refs, p.names)
		t.indexRefs()
	}
	return t, true
}

// maxPooledNodes bounds the scratch space a pooled parser keeps: one huge
// document should not pin its buffers for the rest of the session.
const maxPooledNodes = 1 << 16

func (p *fastParser) release() {
	if cap(p.nodes) > maxPooledNodes || cap(p.kids) > 2*maxPooledNodes {
		return
	}
	p.src, p.t = "", nil
	p.nodes, p.kids, p.stack, p.keys = p.nodes[:0], p.kids[:0], p.stack[:0], p.keys[:0]
	clear(p.names)
	p.names = p.names[:0]
	p.nameIndex, p.anchorIndex = nil, nil
	p.lastTag = ""
	fastParsers.Put(p)
}

// fastCharsOK rejects the characters whose handling is not plain: tabs and
// CRs (indentation and line-break rules), control characters, Unicode
// spaces and line separators, the BOM and non-characters, which yaml.v3 or
// the span helpers treat specially. It also rejects document markers,
// which end a document wherever a line starts with them.
func fastCharsOK(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < ' ' && c != '\n') || c == 0x7f {
				return false
			}
			if (c == '-' || c == '.') && (i == 0 || s[i-1] == '\n') && isDocumentMarker(s[i:]) {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || r < 0xa0 || r == 0xfeff || r == 0xfffe || r == 0xffff || unicode.IsSpace(r) {
			// Unicode spaces are not blanks to yaml.v3, but plainEnd
			// splits values at them.
			return false
		}
		i += size
	}
	return true
}

func isDocumentMarker(s string) bool {
	return len(s) >= 3 && (s[:3] == "---" || s[:3] == "...") && (len(s) == 3 || s[3] == ' ' || s[3] == '\n')
}

// aliasNames is stubNames without the regexp: the distinct names of the
// `*name` runs of the text, in order of first appearance.
func (p *fastParser) aliasNames() {
	text := p.src
	for i := 0; i < len(text); i++ {
		if text[i] != '*' {
			continue
		}
		e := anchorNameEnd(text, i+1)
		if e == i+1 {
			continue
		}
		if n := text[i+1 : e]; p.nameRef(n) < 0 {
			p.names = append(p.names, n)
			if p.nameIndex != nil {
				p.nameIndex[n] = int32(len(p.names) - 1)
			}
		}
		i = e - 1
	}
}

// anchorNameEnd is the end of the run of anchor-name characters at i,
// which are yaml.v3's: [0-9A-Za-z_-].
func anchorNameEnd(s string, i int) int {
	for i < len(s) && (isAlnum(s[i]) || s[i] == '-') {
		i++
	}
	return i
}

func (p *fastParser) add(n cnode) int32 {
	p.nodes = append(p.nodes, n)
	return int32(len(p.nodes) - 1)
}

// newNode adds a node with its properties; end stays -1 while a collection
// is being parsed, which is how an alias to it (a cycle) is recognized.
func (p *fastParser) newNode(pr props, kind Kind, tag uint16, start int, flags uint8) int32 {
	if pr.tagged {
		tag = pr.tag
	}
	idx := p.add(cnode{kind: uint8(kind), tag: tag, anchor: -1, start: int32(start), end: -1, flags: flags})
	if pr.hasAnchor {
		p.t.anchors = append(p.t.anchors, treeAnchor{name: pr.anchor, node: idx})
		p.nodes[idx].anchor = int16(min(len(p.t.anchors)-1, anchorOverflow))
		if p.anchorIndex != nil {
			p.anchorIndex[pr.anchor] = idx
		} else if len(p.t.anchors) > 32 {
			p.anchorIndex = make(map[string]int32, 64)
			for _, a := range p.t.anchors {
				p.anchorIndex[a.name] = a.node
			}
		}
	}
	return idx
}

// nodeStart is where a node's span starts, as the encoder computes it from
// yaml.v3's mark: its tag, or its content when it has none.
func (p *fastParser) nodeStart(pr props, content int) int {
	if pr.mark < 0 {
		return content
	}
	return valueStart(p.src, pr.mark)
}

// lineEnd is the offset of the line break that ends the line holding i, or
// the end of the text.
func (p *fastParser) lineEnd(i int) int {
	if j := strings.IndexByte(p.src[i:], '\n'); j >= 0 {
		return i + j
	}
	return len(p.src)
}

func (p *fastParser) skipSpaces(i int) int {
	for i < len(p.src) && p.src[i] == ' ' {
		i++
	}
	return i
}

// nextContent skips blank and comment lines from the line that starts at
// ls, and returns the start and indentation of the next line with content,
// or (len, -1) at the end of the text.
func (p *fastParser) nextContent(ls int) (int, int) {
	src := p.src
	for ls < len(src) {
		i := p.skipSpaces(ls)
		if i < len(src) && src[i] != '\n' && src[i] != '#' {
			return ls, i - ls
		}
		e := p.lineEnd(i)
		if e == len(src) {
			break
		}
		ls = e + 1
	}
	return len(src), -1
}

// atLineEnd reports whether nothing but a comment follows i on its line;
// i must follow a blank or an indicator that ends in one.
func (p *fastParser) atLineEnd(i int) bool {
	return i == len(p.src) || p.src[i] == '\n' || (p.src[i] == '#' && p.src[i-1] == ' ')
}

// restOfLine checks that only blanks and a comment follow a node that ends
// at i, and returns the start of the next line.
func (p *fastParser) restOfLine(i int) (int, bool) {
	j := p.skipSpaces(i)
	if j == len(p.src) {
		return j, true
	}
	if p.src[j] == '\n' || (p.src[j] == '#' && j > i) {
		return min(p.lineEnd(j)+1, len(p.src)), true
	}
	return 0, false
}

// isSeqEntry reports a block sequence indicator at i: a dash followed by a
// blank or the end of the line.
func (p *fastParser) isSeqEntry(i int) bool {
	src := p.src
	return i < len(src) && src[i] == '-' && (i+1 == len(src) || src[i+1] == ' ' || src[i+1] == '\n')
}

// document parses the block: a block mapping or, when the block has no
// aliases, a block sequence, with nothing after it.
func (p *fastParser) document() (int32, bool) {
	ls, ind := p.nextContent(0)
	if ind < 0 {
		return -1, false
	}
	i := ls + ind
	var root int32
	var next int
	var ok bool
	if len(p.names) > 0 && ls != 0 {
		// The placeholder line goes in front of the block at the
		// indentation of its first line; it must join the root mapping.
		return -1, false
	}
	switch {
	case p.isSeqEntry(i):
		if len(p.names) > 0 {
			return -1, false
		}
		root, next, _, ok = p.blockSeq(props{mark: -1}, ind, i, 0)
	default:
		root, next, _, ok = p.blockMapping(props{mark: -1}, ind, i, 0)
	}
	return root, ok && next == len(p.src)
}

// blockMapping parses the block mapping whose first key starts at i, in
// column col, and returns the start and indentation of the line after it.
func (p *fastParser) blockMapping(pr props, col, i, depth int) (idx int32, next, nextInd int, ok bool) {
	if depth > maxFastDepth {
		return 0, 0, 0, false
	}
	start := p.nodeStart(pr, i)
	idx = p.newNode(pr, Mapping, tagMap, start, 0)
	body := contentStart(p.src, start)
	end := body
	base, keyBase := len(p.stack), len(p.keys)
	var seen map[string]int32
	for {
		key, afterColon, merge, ok := p.blockKey(i)
		if !ok {
			return 0, 0, 0, false
		}
		value, ls, ind, ok := p.value(afterColon, col, true, depth+1)
		if !ok {
			return 0, 0, 0, false
		}
		p.stack = append(p.stack, key, value)
		if !merge {
			end = max(end, p.childEnd(key), p.childEnd(value))
			seen = p.noteKey(idx, key, keyBase, seen)
		}
		if ind < col {
			next, nextInd = ls, ind
			break
		}
		if ind > col || p.isSeqEntry(ls+ind) {
			return 0, 0, 0, false
		}
		i = ls + ind
	}
	p.keys = p.keys[:keyBase]
	p.close(idx, base, end)
	return idx, next, nextInd, true
}

// childEnd is where a child extends its block collection: an external
// alias's span lies in an earlier block and never does.
func (p *fastParser) childEnd(k int32) int {
	if n := &p.nodes[k]; n.kind != kindExternal {
		return int(n.end)
	}
	return 0
}

// noteKey records key as a duplicate when an earlier scalar key of the
// mapping has its value. Mappings are small, so the earlier keys are
// searched one by one until there are enough of them for a map.
func (p *fastParser) noteKey(mapping, key int32, keyBase int, seen map[string]int32) map[string]int32 {
	kn := &p.nodes[key]
	if kn.kind != uint8(Scalar) {
		return seen
	}
	v := p.val(kn)
	if seen != nil {
		if first, dup := seen[v]; dup {
			p.t.dups = append(p.t.dups, [3]int32{key, first, mapping})
		} else {
			seen[v] = key
		}
		return seen
	}
	for _, k := range p.keys[keyBase:] {
		if p.val(&p.nodes[k]) == v {
			p.t.dups = append(p.t.dups, [3]int32{key, k, mapping})
			return nil
		}
	}
	p.keys = append(p.keys, key)
	if len(p.keys)-keyBase > 32 {
		seen = make(map[string]int32, 64)
		for _, k := range p.keys[keyBase:] {
			seen[p.val(&p.nodes[k])] = k
		}
	}
	return seen
}

func (p *fastParser) val(c *cnode) string {
	off, n := c.value()
	if n < 0 {
		return p.t.values[off]
	}
	return p.src[off : off+n]
}

// close gives a collection its children, which the stack holds from base.
func (p *fastParser) close(idx int32, base, end int) {
	n := &p.nodes[idx]
	n.a, n.b = int32(len(p.kids)), int32(len(p.stack)-base)
	p.kids = append(p.kids, p.stack[base:]...)
	p.stack = p.stack[:base]
	n.end = int32(end)
}

// blockKey parses the key of a block mapping entry at i: a plain or quoted
// scalar on one line, directly followed by a colon and a blank.
func (p *fastParser) blockKey(i int) (key int32, afterColon int, merge bool, ok bool) {
	src := p.src
	if i >= len(src) {
		return 0, 0, false, false
	}
	if c := src[i]; c == '"' || c == '\'' {
		end, escaped, ok := p.scanQuoted(i)
		if !ok || end >= len(src) || src[end] != ':' || !p.blankAfter(end) || end-i > maxSimpleKey {
			return 0, 0, false, false
		}
		key, ok = p.quotedNode(props{mark: -1}, i, end, escaped)
		return key, end + 1, false, ok
	}
	if !plainStart(src, i) || src[i] == '-' {
		// A key that starts with a dash is rare, and one character
		// away from a sequence entry.
		return 0, 0, false, false
	}
	colon := -1
scan:
	for j := i; j < len(src); j++ {
		switch src[j] {
		case '\n':
			break scan
		case ':':
			if p.blankAfter(j) {
				colon = j
				break scan
			}
		case '#':
			if src[j-1] == ' ' {
				break scan
			}
		}
	}
	if colon < 0 || src[colon-1] == ' ' || colon-i > maxSimpleKey {
		return 0, 0, false, false
	}
	v := src[i:colon]
	if v == "<<" {
		// encoder.mapping builds the merge key itself, without a tag
		// of the text's own.
		key = p.add(cnode{kind: uint8(Scalar), tag: tagMerge, anchor: -1, flags: flagMerge,
			start: int32(i), end: int32(colon), a: int32(i), b: 2})
		return key, colon + 1, true, true
	}
	key, ok = p.plainNode(props{mark: -1}, i, colon)
	return key, colon + 1, false, ok
}

// blankAfter reports a blank or the end of the line after i.
func (p *fastParser) blankAfter(i int) bool {
	return i+1 == len(p.src) || p.src[i+1] == ' ' || p.src[i+1] == '\n'
}

// plainStart reports whether a plain scalar may start at i in block
// context. yaml.v3 also lets `-`, `?` and `:` start one when a non-blank
// follows; only `-` (negative numbers) is common enough to keep.
func plainStart(src string, i int) bool {
	switch src[i] {
	case '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', ' ', '\n':
		return false
	case '-':
		return i+1 < len(src) && src[i+1] != ' ' && src[i+1] != '\n'
	}
	return true
}

// value parses the node after a block indicator (a key's colon or a
// sequence dash) that ends at i, in a block collection whose indentation
// is ind. A mapping's value may be a sequence whose dashes are at the
// mapping's own indentation (indentless).
func (p *fastParser) value(i, ind int, indentless bool, depth int) (idx int32, next, nextInd int, ok bool) {
	src := p.src
	if depth > maxFastDepth {
		return 0, 0, 0, false
	}
	j := p.skipSpaces(i)
	pr, j, ok := p.props(j, false)
	if !ok {
		return 0, 0, 0, false
	}
	if p.atLineEnd(j) {
		ls, li := p.nextContent(min(p.lineEnd(j)+1, len(src)))
		k := ls + li
		switch {
		case li > ind && p.isSeqEntry(k):
			return p.blockSeq(pr, li, k, depth)
		case li > ind && p.looksLikeKey(k):
			return p.blockMapping(pr, li, k, depth)
		case li > ind:
			// A scalar or flow collection on the next line, as in
			// `arn:\n  !ImportValue X`; properties may be on either
			// line, but not on both.
			if pr.any() && (src[k] == '&' || src[k] == '!') {
				return 0, 0, 0, false
			}
			if !pr.any() {
				if pr, k, ok = p.props(k, false); !ok || p.atLineEnd(k) {
					return 0, 0, 0, false
				}
			}
			return p.inline(pr, k, ind, depth)
		case li == ind && indentless && p.isSeqEntry(k):
			return p.blockSeq(pr, li, k, depth)
		case pr.any():
			// An anchor or tag on nothing: its span depends on what
			// follows.
			return 0, 0, 0, false
		}
		// yaml.v3 marks an empty value just after its indicator.
		idx = p.add(cnode{kind: uint8(Null), tag: tagNull, anchor: -1, start: int32(i), end: int32(i)})
		return idx, ls, li, true
	}
	return p.inline(pr, j, ind, depth)
}

// inline parses a node that starts at j and ends on its line: an alias, a
// flow collection or a scalar.
func (p *fastParser) inline(pr props, j, ind, depth int) (idx int32, next, nextInd int, ok bool) {
	src := p.src
	var end int
	switch src[j] {
	case '*':
		if pr.any() {
			return 0, 0, 0, false
		}
		idx, end, ok = p.alias(j, false)
	case '[', '{':
		idx, end, ok = p.flowCollection(pr, j, depth+1)
	case '"', '\'':
		var escaped bool
		end, escaped, ok = p.scanQuoted(j)
		if ok {
			idx, ok = p.quotedNode(pr, j, end, escaped)
		}
	default:
		idx, end, ok = p.blockPlain(pr, j, ind)
	}
	if !ok {
		return 0, 0, 0, false
	}
	after, ok := p.restOfLine(end)
	if !ok {
		return 0, 0, 0, false
	}
	ls, li := p.nextContent(after)
	return idx, ls, li, true
}

// props reads an anchor and a tag, in that order, each followed by a
// space (or, outside flow collections, the end of the line).
func (p *fastParser) props(j int, flow bool) (props, int, bool) {
	src := p.src
	pr := props{mark: -1}
	ends := func(e int) bool {
		return e < len(src) && src[e] == ' ' || !flow && (e == len(src) || src[e] == '\n')
	}
	if j < len(src) && src[j] == '&' {
		e := anchorNameEnd(src, j+1)
		if e == j+1 || !ends(e) {
			return pr, 0, false
		}
		pr.anchor, pr.hasAnchor, pr.mark = src[j+1:e], true, j
		j = p.skipSpaces(e)
	}
	if j < len(src) && src[j] == '!' {
		// Local tags only: `!!` tags and `!` change how the value
		// resolves.
		e := j + 1
		for e < len(src) && isAlnum(src[e]) {
			e++
		}
		if e == j+1 || !ends(e) {
			return pr, 0, false
		}
		pr.tag, pr.tagged = p.internTag(src[j:e]), true
		if pr.mark < 0 {
			pr.mark = j
		}
		j = p.skipSpaces(e)
	}
	if j < len(src) && (src[j] == '&' || src[j] == '!') {
		return pr, 0, false
	}
	return pr, j, true
}

// internTag remembers the last tag: a block's tags are mostly the same one.
func (p *fastParser) internTag(name string) uint16 {
	if name != p.lastTag {
		p.lastTag, p.lastTagID = name, internTag(name)
	}
	return p.lastTagID
}

// alias resolves `*name` at i to the latest anchor of that name before it
// in the block, or to an external reference when the block has none. In
// flow collections an alias may be followed by a flow indicator.
func (p *fastParser) alias(i int, flow bool) (int32, int, bool) {
	src := p.src
	e := anchorNameEnd(src, i+1)
	if e == i+1 {
		return 0, 0, false
	}
	if e < len(src) && src[e] != ' ' && src[e] != '\n' && !(flow && (src[e] == ',' || src[e] == ']' || src[e] == '}')) {
		return 0, 0, false
	}
	name := src[i+1 : e]
	if target, ok := p.latestAnchor(name); ok {
		if p.nodes[target].end < 0 {
			// An alias inside its own anchor's node: the encoder
			// makes it a null, an oddity not worth copying.
			return 0, 0, false
		}
		return target, e, true
	}
	ref := p.nameRef(name)
	if ref < 0 {
		return 0, 0, false
	}
	idx := p.add(cnode{kind: kindExternal, a: ref, anchor: -1, start: int32(i), end: int32(e)})
	return idx, e, true
}

// latestAnchor is the node of the block's latest anchor named name.
func (p *fastParser) latestAnchor(name string) (int32, bool) {
	if p.anchorIndex != nil {
		node, ok := p.anchorIndex[name]
		return node, ok
	}
	for a := len(p.t.anchors) - 1; a >= 0; a-- {
		if p.t.anchors[a].name == name {
			return p.t.anchors[a].node, true
		}
	}
	return 0, false
}

func (p *fastParser) nameRef(name string) int32 {
	if len(p.names) <= 32 {
		return int32(slices.Index(p.names, name))
	}
	if p.nameIndex == nil {
		p.nameIndex = make(map[string]int32, len(p.names))
		for i, n := range p.names {
			p.nameIndex[n] = int32(i)
		}
	}
	if i, ok := p.nameIndex[name]; ok {
		return i
	}
	return -1
}

// blockPlain parses a plain scalar at j that must end on its line: the next
// line that is not blank must not continue it, which it does when it is
// indented more than ind and is not a comment.
func (p *fastParser) blockPlain(pr props, j, ind int) (int32, int, bool) {
	src := p.src
	if !plainStart(src, j) {
		return 0, 0, false
	}
	e := p.lineEnd(j)
	last := j
scan:
	for k := j; k < e; k++ {
		switch src[k] {
		case ' ':
			continue
		case '#':
			if src[k-1] == ' ' {
				break scan
			}
		case ':':
			if k+1 == len(src) || src[k+1] == ' ' || src[k+1] == '\n' {
				// A key where a value belongs, which yaml.v3
				// refuses.
				return 0, 0, false
			}
		}
		last = k + 1
	}
	for nl := p.lineEnd(j); nl < len(src); {
		k := p.skipSpaces(nl + 1)
		if k == len(src) {
			break
		}
		if src[k] == '\n' {
			nl = k
			continue
		}
		if src[k] != '#' && k-(nl+1) > ind {
			return 0, 0, false
		}
		break
	}
	idx, ok := p.plainNode(pr, j, last)
	return idx, last, ok
}

// plainNode adds the plain scalar text[j:end], resolved as yaml.v3
// resolves it unless it has a tag.
func (p *fastParser) plainNode(pr props, j, end int) (int32, bool) {
	start, ok := p.scalarStart(pr, j)
	if !ok {
		return 0, false
	}
	v := p.src[j:end]
	tag := resolvePlain(v)
	kind := Scalar
	if pr.tagged {
		tag = pr.tag
	} else if tag == tagNull {
		kind = Null
	}
	idx := p.newNode(pr, kind, tag, start, 0)
	n := &p.nodes[idx]
	n.end = int32(end)
	n.a, n.b = int32(j), int32(end-j)
	return idx, true
}

// scalarStart is the start of the span of a scalar whose text starts at j.
// The encoder finds the text by skipping the properties and the blanks
// after them, but not comments: a comment between the properties and the
// text would leave the span somewhere else, so it is declined.
func (p *fastParser) scalarStart(pr props, j int) (int, bool) {
	start := p.nodeStart(pr, j)
	return start, contentStart(p.src, start) == j
}

// scanQuoted finds the end of the quoted scalar at i, which must close on
// its line; escaped reports escapes that make its value differ from its
// text. Double-quoted escapes other than the one-character ones are left to
// yaml.v3.
func (p *fastParser) scanQuoted(i int) (end int, escaped, ok bool) {
	src := p.src
	q := src[i]
	for j := i + 1; j < len(src); j++ {
		switch c := src[j]; {
		case c == '\n':
			return 0, false, false
		case c == q && q == '\'':
			if j+1 < len(src) && src[j+1] == '\'' {
				escaped = true
				j++
				continue
			}
			return j + 1, escaped, true
		case c == q:
			return j + 1, escaped, true
		case c == '\\' && q == '"':
			if j+1 >= len(src) || unescape(src[j+1]) < 0 {
				return 0, false, false
			}
			escaped = true
			j++
		}
	}
	return 0, false, false
}

// unescape decodes the one-character escapes of double-quoted scalars, -1
// for the others.
func unescape(c byte) int {
	switch c {
	case '0':
		return 0
	case 'a':
		return '\a'
	case 'b':
		return '\b'
	case 't':
		return '\t'
	case 'n':
		return '\n'
	case 'v':
		return '\v'
	case 'f':
		return '\f'
	case 'r':
		return '\r'
	case 'e':
		return 0x1b
	case ' ', '"', '\'', '\\':
		return int(c)
	}
	return -1
}

// quotedNode adds the quoted scalar text[j:end].
func (p *fastParser) quotedNode(pr props, j, end int, escaped bool) (int32, bool) {
	start, ok := p.scalarStart(pr, j)
	if !ok {
		return 0, false
	}
	idx := p.newNode(pr, Scalar, tagStr, start, flagQuoted)
	inner := p.src[j+1 : end-1]
	v := inner
	if escaped {
		v = decodeQuoted(inner, p.src[j])
	}
	n := &p.nodes[idx]
	n.end = int32(end)
	n.a, n.b = p.place(v, j, end)
	return idx, true
}

func decodeQuoted(s string, q byte) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case q == '\'' && c == '\'':
			i++
		case q == '"' && c == '\\':
			i++
			c = byte(unescape(s[i]))
		}
		b.WriteByte(c)
	}
	return b.String()
}

// place is encoder.value: a value that is a run of the text is kept as
// offsets, any other in Tree.values.
func (p *fastParser) place(v string, start, end int) (int32, int32) {
	if v == "" {
		return 0, 0
	}
	text := p.src
	if end-start == len(v) && text[start:end] == v {
		return int32(start), int32(len(v))
	}
	if end-start == len(v)+2 && text[start+1:end-1] == v {
		return int32(start + 1), int32(len(v))
	}
	p.t.values = append(p.t.values, v)
	return int32(len(p.t.values) - 1), -1
}

// blockSeq parses the block sequence whose first dash is at i, in column
// col.
func (p *fastParser) blockSeq(pr props, col, i, depth int) (idx int32, next, nextInd int, ok bool) {
	if depth > maxFastDepth {
		return 0, 0, 0, false
	}
	src := p.src
	start := p.nodeStart(pr, i)
	idx = p.newNode(pr, Sequence, tagSeq, start, 0)
	body := contentStart(src, start)
	end := body
	base := len(p.stack)
	for {
		// A compact collection may start on the dash's line: its
		// column is where its first dash or key is.
		var item int32
		var ls, li int
		j := p.skipSpaces(i + 1)
		lineStart := i - col
		switch {
		case j > i+1 && p.isSeqEntry(j):
			item, ls, li, ok = p.blockSeq(props{mark: -1}, j-lineStart, j, depth+1)
		case j > i+1 && j < len(src) && p.looksLikeKey(j):
			item, ls, li, ok = p.blockMapping(props{mark: -1}, j-lineStart, j, depth+1)
		default:
			item, ls, li, ok = p.value(i+1, col, false, depth+1)
		}
		if !ok {
			return 0, 0, 0, false
		}
		p.stack = append(p.stack, item)
		end = max(end, p.childEnd(item))
		if li < col || (li == col && !p.isSeqEntry(ls+li)) {
			next, nextInd = ls, li
			break
		}
		if li > col {
			return 0, 0, 0, false
		}
		i = ls + li
	}
	p.close(idx, base, end)
	return idx, next, nextInd, true
}

// looksLikeKey reports whether the line at i starts with what blockKey
// reads as a key (a colon and a blank after a scalar); a line that only
// seems to, such as one with a quoted key that does not close, is declined
// later.
func (p *fastParser) looksLikeKey(i int) bool {
	src := p.src
	if c := src[i]; c == '"' || c == '\'' {
		end, _, ok := p.scanQuoted(i)
		return ok && end < len(src) && src[end] == ':'
	}
	if !plainStart(src, i) {
		return false
	}
	for j := i; j < len(src); j++ {
		switch src[j] {
		case '\n':
			return false
		case ':':
			if p.blankAfter(j) {
				return true
			}
		case '#':
			if src[j-1] == ' ' {
				return false
			}
		}
	}
	return false
}

// flowCollection parses a flow sequence or mapping that opens at i and
// closes on the same line.
func (p *fastParser) flowCollection(pr props, i, depth int) (int32, int, bool) {
	if depth > maxFastDepth {
		return 0, 0, false
	}
	src := p.src
	start := p.nodeStart(pr, i)
	body := contentStart(src, start)
	if body != i {
		return 0, 0, false
	}
	isMap := src[i] == '{'
	closer := byte(']')
	kind, tag := Sequence, tagSeq
	if isMap {
		closer, kind, tag = '}', Mapping, tagMap
	}
	idx := p.newNode(pr, kind, tag, start, flagFlow)
	base, keyBase := len(p.stack), len(p.keys)
	var seen map[string]int32
	j := p.skipSpaces(i + 1)
	if j < len(src) && src[j] != closer {
		for {
			if isMap {
				key, after, merge, ok := p.flowKey(j)
				if !ok {
					return 0, 0, false
				}
				value, end, ok := p.flowNode(p.skipSpaces(after), depth+1)
				if !ok {
					return 0, 0, false
				}
				p.stack = append(p.stack, key, value)
				if !merge {
					seen = p.noteKey(idx, key, keyBase, seen)
				}
				j = end
			} else {
				item, end, ok := p.flowNode(j, depth+1)
				if !ok {
					return 0, 0, false
				}
				p.stack = append(p.stack, item)
				j = end
			}
			j = p.skipSpaces(j)
			if j >= len(src) || src[j] == closer {
				break
			}
			if src[j] != ',' {
				return 0, 0, false
			}
			j = p.skipSpaces(j + 1)
			if j >= len(src) || src[j] == closer {
				// A trailing comma.
				return 0, 0, false
			}
		}
	}
	if j >= len(src) || src[j] != closer {
		return 0, 0, false
	}
	p.keys = p.keys[:keyBase]
	p.close(idx, base, flowEnd(src, body))
	if int(p.nodes[idx].end) != j+1 {
		return 0, 0, false
	}
	return idx, j + 1, true
}

// flowKey parses a flow mapping's key at j: a plain or quoted scalar
// followed by a colon and a space.
func (p *fastParser) flowKey(j int) (key int32, after int, merge bool, ok bool) {
	src := p.src
	if j >= len(src) {
		return 0, 0, false, false
	}
	var end int
	if c := src[j]; c == '"' || c == '\'' {
		var escaped bool
		end, escaped, ok = p.scanQuoted(j)
		if !ok {
			return 0, 0, false, false
		}
		key, ok = p.quotedNode(props{mark: -1}, j, end, escaped)
	} else {
		var stop int
		end, stop, ok = p.flowPlainEnd(j)
		if !ok || stop != end {
			return 0, 0, false, false
		}
		if src[j:end] == "<<" {
			key = p.add(cnode{kind: uint8(Scalar), tag: tagMerge, anchor: -1, flags: flagMerge,
				start: int32(j), end: int32(end), a: int32(j), b: 2})
			merge = true
		} else {
			key, ok = p.plainNode(props{mark: -1}, j, end)
		}
	}
	// The limit on an implicit key holds in flow mappings too.
	if !ok || end+1 >= len(src) || src[end] != ':' || src[end+1] != ' ' || end-j > maxSimpleKey {
		return 0, 0, false, false
	}
	return key, end + 1, merge, true
}

// flowNode parses an item of a flow collection at j and returns where it
// ends.
func (p *fastParser) flowNode(j, depth int) (int32, int, bool) {
	src := p.src
	pr, j, ok := p.props(j, true)
	if !ok || j >= len(src) {
		return 0, 0, false
	}
	switch src[j] {
	case '[', '{':
		return p.flowCollection(pr, j, depth+1)
	case '*':
		if pr.any() {
			return 0, 0, false
		}
		return p.alias(j, true)
	case '"', '\'':
		end, escaped, ok := p.scanQuoted(j)
		if !ok || end >= len(src) || !isFlowFollower(src[end]) {
			return 0, 0, false
		}
		idx, ok := p.quotedNode(pr, j, end, escaped)
		return idx, end, ok
	}
	end, stop, ok := p.flowPlainEnd(j)
	if !ok || stop >= len(src) || (src[stop] != ',' && src[stop] != ']' && src[stop] != '}') {
		return 0, 0, false
	}
	idx, ok := p.plainNode(pr, j, end)
	return idx, end, ok
}

func isFlowFollower(c byte) bool { return c == ' ' || c == ',' || c == ']' || c == '}' }

// flowPlainEnd scans a plain scalar in a flow collection at j: it ends at a
// flow indicator or at a colon followed by a blank or an indicator. end is
// the end of its value, stop where the scan stopped (after the blanks that
// follow it).
func (p *fastParser) flowPlainEnd(j int) (end, stop int, ok bool) {
	src := p.src
	switch c := src[j]; c {
	case '-':
		// `-` starts a plain scalar here only when no blank follows;
		// a flow indicator after it is not worth the thought.
		if j+1 >= len(src) || !(isAlnum(src[j+1]) || src[j+1] == '.') {
			return 0, 0, false
		}
	default:
		if !plainStart(src, j) {
			return 0, 0, false
		}
	}
	end = j
	for k := j; k < len(src); k++ {
		switch src[k] {
		case '\n':
			return 0, 0, false
		case ' ':
			continue
		case ',', '[', ']', '{', '}', '?':
			return end, k, true
		case ':':
			if k+1 == len(src) || strings.IndexByte(" \n,[]{}", src[k+1]) >= 0 {
				return end, k, true
			}
		case '#':
			if src[k-1] == ' ' {
				return 0, 0, false
			}
		}
		end = k + 1
	}
	return 0, 0, false
}

// resolvePlain is the tag yaml.v3 gives an untagged plain scalar (its
// resolve, for tags only).
func resolvePlain(v string) uint16 {
	if v == "" {
		return tagNull
	}
	switch c := v[0]; {
	case c >= '0' && c <= '9' || c == '+' || c == '-':
		return resolveNumeric(v)
	case c == '.':
		switch v {
		case ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF":
			return tagFloat
		}
		if _, err := strconv.ParseFloat(v, 64); err == nil {
			return tagFloat
		}
	case strings.IndexByte("yYnNtTfFoO~<", c) >= 0:
		switch v {
		case "true", "True", "TRUE", "false", "False", "FALSE":
			return tagBool
		case "~", "null", "Null", "NULL":
			return tagNull
		case "<<":
			return tagMerge
		}
	}
	return tagStr
}

// resolveNumeric follows yaml.v3 for a plain scalar that starts with a
// digit or a sign: special floats, timestamps, then integers in any base
// Go reads (underscores dropped), YAML-style floats, and binary and octal
// forms.
func resolveNumeric(v string) uint16 {
	switch v {
	case "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF":
		return tagFloat
	}
	if isTimestamp(v) {
		return tagTimestamp
	}
	plain := strings.ReplaceAll(v, "_", "")
	if _, err := strconv.ParseInt(plain, 0, 64); err == nil {
		return tagInt
	}
	if _, err := strconv.ParseUint(plain, 0, 64); err == nil {
		return tagInt
	}
	if isYAMLFloat(plain) {
		if _, err := strconv.ParseFloat(plain, 64); err == nil {
			return tagFloat
		}
	}
	switch {
	case strings.HasPrefix(plain, "0b"):
		if parsesAs(plain[2:], 2, true) {
			return tagInt
		}
	case strings.HasPrefix(plain, "-0b"):
		if parsesAs("-"+plain[3:], 2, false) {
			return tagInt
		}
	case strings.HasPrefix(plain, "0o"):
		if parsesAs(plain[2:], 8, true) {
			return tagInt
		}
	case strings.HasPrefix(plain, "-0o"):
		if parsesAs("-"+plain[3:], 8, false) {
			return tagInt
		}
	}
	return tagStr
}

func parsesAs(s string, base int, unsigned bool) bool {
	if _, err := strconv.ParseInt(s, base, 64); err == nil {
		return true
	}
	if unsigned {
		_, err := strconv.ParseUint(s, base, 64)
		return err == nil
	}
	return false
}

// isYAMLFloat matches [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
func isYAMLFloat(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	} else {
		if digits() == 0 {
			return false
		}
		if i < len(s) && s[i] == '.' {
			i++
			digits()
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// timestampLayouts are the layouts yaml.v3 tries for a plain scalar that
// starts with a four-digit year and a dash.
var timestampLayouts = []string{
	"2006-1-2T15:4:5.999999999Z07:00",
	"2006-1-2t15:4:5.999999999Z07:00",
	"2006-1-2 15:4:5.999999999",
	"2006-1-2",
}

func isTimestamp(s string) bool {
	if len(s) < 5 || s[4] != '-' {
		return false
	}
	for i := range 4 {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	for _, layout := range timestampLayouts {
		if _, err := time.Parse(layout, s); err == nil {
			return true
		}
	}
	return false
}
