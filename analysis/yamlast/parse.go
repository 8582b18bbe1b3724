package yamlast

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/stream-ls/stream-ls/analysis/document"
)

// File is the positioned tree of one document, with what went wrong.
type File struct {
	Text   document.Text
	Mapper *document.Mapper
	// Root is the document's top-level value; nil for an empty document.
	Root *Node
	// Errors are YAML syntax errors, at most one per piece of the file
	// (see Split).
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
// recorded in File.Errors, and costs only the piece of the file that has it
// (see Split), so that one broken function does not hide the rest.
//
// Each piece is parsed on its own, and an alias to an anchor of an earlier
// piece is resolved the way a YAML parser reading the whole text would: to
// the last definition of that anchor before the alias. The tree is the one
// yaml.v3 gives for the whole text whenever that parses; an incremental
// analysis (package analysis) keeps the pieces and reparses only the ones an
// edit touches.
func Parse(text string) *File {
	f := &File{Text: document.NewText(text), Mapper: document.NewMapper(text)}
	pieces := Split(f.Text, f.Mapper)
	trees := ParsePieces(text, pieces)
	pieces, trees, _ = Join(f.Text, pieces, trees, 0, len(pieces))
	mats := make([]*Materialized, len(pieces))
	anchors := map[string]*Node{}
	for i, p := range pieces {
		t := trees[i]
		if t.Err != nil {
			f.Errors = append(f.Errors, t.Err.Shift(p.Start))
			continue
		}
		if ref, ok := t.Unresolved(func(name string) bool { return anchors[name] != nil }); ok {
			f.Errors = append(f.Errors, t.UnknownAnchor(ref).Shift(p.Start))
			continue
		}
		mats[i] = t.Materialize(p.Start, func(ref int) *Node { return anchors[t.refs[ref]] })
		t.Anchors(func(name string, j int) { anchors[name] = mats[i].Anchor(j) })
	}
	var dups []Duplicate
	f.Root, dups = Assemble(pieces, mats)
	for _, m := range mats {
		if m != nil {
			f.Duplicates = append(f.Duplicates, m.Duplicates...)
		}
	}
	f.Duplicates = append(f.Duplicates, dups...)
	return f
}

// ParsePieces parses the pieces of text, spreading the work over the
// machine's cores: pieces do not depend on each other until Materialize.
func ParsePieces(text string, pieces []Piece) []*Tree {
	trees := make([]*Tree, len(pieces))
	Parallel(len(pieces), func(i int) {
		p := pieces[i]
		trees[i] = ParsePiece(text[p.Start:p.End], p)
	})
	return trees
}

// ParsePiece parses the text of piece p. A piece other than a whole
// document must be a mapping's entries: anything else there is the error a
// parser of the whole text would report.
func ParsePiece(text string, p Piece) *Tree { return parsePiece(text, p, false) }

// ParsePieceOwned is ParsePiece for a text the tree may keep as it is
// rather than copy (see document.Text.SliceToKeep).
func ParsePieceOwned(text string, p Piece) *Tree { return parsePiece(text, p, true) }

func parsePiece(text string, p Piece, owned bool) *Tree {
	t := parseTree(text, owned)
	if t.Err != nil || p.Whole || t.root < 0 {
		return t
	}
	if r := t.nodes[t.root]; r.kind != uint8(Mapping) || r.flags&flagFlow != 0 || (p.Header && r.b != 2) {
		m := document.NewMapper(t.text)
		t.Err = &SyntaxError{Span: lineContentSpan(t.text, m, 0), Message: "could not find expected ':'"}
	}
	return t
}

// Shift moves the error by off bytes, from a piece's offsets to the
// document's.
func (e SyntaxError) Shift(off int) SyntaxError {
	e.Span.Start += off
	e.Span.End += off
	return e
}

// Unresolved returns the first external reference the tree uses (in
// document order) that defined does not know.
func (t *Tree) Unresolved(defined func(name string) bool) (ref int, ok bool) {
	best := int32(-1)
	for _, r := range t.used {
		if defined(t.refs[r]) {
			continue
		}
		if f := t.firstUse[r]; best < 0 || t.nodes[f].start < t.nodes[best].start {
			best = f
		}
	}
	if best < 0 {
		return 0, false
	}
	return int(t.nodes[best].ref()), true
}

// UnknownAnchor is the error for an alias to an anchor that no earlier part
// of the document defines, at the alias's first use.
func (t *Tree) UnknownAnchor(ref int) SyntaxError {
	name := t.refs[ref]
	n := &t.nodes[t.firstUse[ref]]
	return SyntaxError{Span: document.Span{Start: int(n.start), End: int(n.end)},
		Message: fmt.Sprintf("unknown anchor %q: define it with &%s before using it", name, name)}
}

// Assemble joins the materialized pieces of a document into its tree: a
// header's value becomes the mapping of the entries that follow it. It
// returns the duplicate keys it finds among those entries. A piece whose
// Materialized is nil (it did not parse) contributes nothing.
func Assemble(pieces []Piece, mats []*Materialized) (*Node, []Duplicate) {
	if len(pieces) == 1 && pieces[0].Whole {
		if mats[0] == nil {
			return nil, nil
		}
		return mats[0].Root, mats[0].RootDuplicates
	}
	a := assembler{pieces: pieces, mats: mats}
	pairs := a.collect(0)
	if len(pairs) == 0 {
		return nil, a.dups
	}
	root, dups := SyntheticMapping(pairs)
	return root, append(a.dups, dups...)
}

type assembler struct {
	pieces []Piece
	mats   []*Materialized
	i      int
	dups   []Duplicate
}

func (a *assembler) collect(level int) []*Pair {
	var pairs []*Pair
	for a.i < len(a.pieces) && a.pieces[a.i].Level >= level {
		p, m := a.pieces[a.i], a.mats[a.i]
		a.i++
		if p.Header {
			kids := a.collect(p.Level + 1)
			if m == nil || m.Root == nil {
				continue
			}
			hp := m.Root.Pairs[0]
			value := hp.Value
			if len(kids) > 0 {
				var dups []Duplicate
				value, dups = SyntheticMapping(kids)
				a.dups = append(a.dups, dups...)
			}
			pairs = append(pairs, &Pair{Key: hp.Key, Value: value})
			continue
		}
		if m == nil || m.Root == nil {
			continue
		}
		for _, pr := range m.Root.Pairs {
			if !pr.Merged {
				pairs = append(pairs, pr)
			}
		}
	}
	return pairs
}

// SyntheticMapping is the block mapping made of pairs that were parsed in
// separate pieces, with the duplicate keys among them. It is what yaml.v3
// would have built had it read the pieces together.
func SyntheticMapping(pairs []*Pair) (*Node, []Duplicate) {
	n := &Node{Kind: Mapping, Tag: "!!map", Pairs: pairs}
	start := pairs[0].Key.Span.Start
	end := start
	var dups []Duplicate
	seen := make(map[string]*Node, len(pairs))
	for _, p := range pairs {
		end = max(end, p.Key.Span.End, p.Value.Span.End)
		if p.Key.Kind != Scalar {
			continue
		}
		if first, dup := seen[p.Key.Value]; dup {
			dups = append(dups, Duplicate{Key: p.Key, First: first})
		} else {
			seen[p.Key.Value] = p.Key
		}
	}
	n.Span = document.Span{Start: start, End: end}
	return n, dups
}

var errLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// blockError locates err, which yaml.v3 reported for src with lineShift
// extra lines in front, within src. yaml.v3 gives only a line, and often the
// line of the enclosing construct, so the error covers that line's content,
// which is the best place we can name.
func blockError(src string, m *document.Mapper, err error, lineShift int) *SyntaxError {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := -1
	if sub := errLine.FindStringSubmatch(err.Error()); sub != nil {
		n, _ := strconv.Atoi(sub[1])
		line = max(n-1-lineShift, 0)
		msg = sub[2]
	}
	if strings.Contains(msg, "did not find expected ',' or") {
		// yaml.v3 names the line of the enclosing construct; the bracket
		// left open is what the user has to fix.
		if off, ok := unclosedBracket(src); ok {
			return &SyntaxError{Span: document.Span{Start: off, End: off + 1},
				Message: fmt.Sprintf("%q is never closed (%s)", src[off:off+1], msg)}
		}
	}
	if strings.Contains(msg, "tab character") || (line >= 0 && strings.Contains(msg, "cannot start any token") &&
		strings.HasPrefix(strings.TrimLeft(src[m.LineStart(line):m.LineEnd(line)], " "), "\t")) {
		// YAML forbids tabs in indentation; point at the first one.
		for l := 0; l < m.LineCount(); l++ {
			content := src[m.LineStart(l):m.LineEnd(l)]
			if i := strings.IndexByte(content, '\t'); i >= 0 && strings.TrimLeft(content[:i], " ") == "" {
				s := m.LineStart(l) + i
				return &SyntaxError{Span: document.Span{Start: s, End: s + 1},
					Message: "a tab is used for indentation; YAML allows only spaces there"}
			}
		}
	}
	if line < 0 {
		line = 0
	}
	// The reported line may lie past the block (end of stream errors).
	if last := m.OffsetLine(max(len(src)-1, 0)); line > last {
		line = last
	}
	return &SyntaxError{Span: lineContentSpan(src, m, line), Message: msg}
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
