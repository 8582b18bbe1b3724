package yamlast

import (
	"strings"

	"github.com/stream-ls/stream-ls/analysis/document"
)

// maxJoin bounds how many pieces one join may take: a flow collection or a
// quoted scalar continued at an entry's indentation spans a few lines, and
// an unclosed one while the user types must not cost a parse of the rest of
// the file.
const maxJoin = 16

// MaxJoin is how many pieces after a piece left open Join may take to
// close it: whether that piece is joined depends on that many pieces after
// it.
const MaxJoin = maxJoin

// Join repairs a split that cut through a flow collection or a quoted
// scalar. YAML lets both continue on lines at their entry's indentation,
// where Split starts a new piece; the first part then fails to parse. A
// piece that fails with a bracket or a quote left open is joined with the
// pieces after it, up to the one that closes it, when together they parse.
// Joined pieces that still fail stay apart, so an unclosed bracket the user
// is typing breaks only its own piece.
//
// Join looks at pieces from index from on, and returns once it has passed
// index until; trees[i] is the parse of pieces[i]. It returns the new lists
// and the index in them that corresponds to until.
func Join(text document.Text, pieces []Piece, trees []*Tree, from, until int) ([]Piece, []*Tree, int) {
	for i := from; i < len(pieces) && i < until; i++ {
		p := pieces[i]
		if trees[i].Err == nil || p.Header || p.Whole || !openAtEnd(text.Slice(p.Start, p.End)) {
			continue
		}
		for j := i + 1; j < len(pieces) && j-i <= maxJoin; j++ {
			q := pieces[j]
			if q.Level != p.Level || q.Header {
				break
			}
			if openAtEnd(text.Slice(p.Start, q.End)) {
				continue
			}
			joined := Piece{Start: p.Start, End: q.End, Level: p.Level}
			t := ParsePiece(text.Slice(joined.Start, joined.End), joined)
			if t.Err == nil {
				pieces = append(pieces[:i:i], append([]Piece{joined}, pieces[j+1:]...)...)
				trees = append(trees[:i:i], append([]*Tree{t}, trees[j+1:]...)...)
				until = max(until-(j-i), i+1)
			}
			break
		}
	}
	return pieces, trees, until
}

// OpenAtEnd reports whether text ends inside a flow collection or a quoted
// scalar; see Join.
func OpenAtEnd(text string) bool { return openAtEnd(text) }

// openAtEnd reports whether text ends inside a flow collection or a quoted
// scalar, skipping comments. Quotes count only where a quoted scalar can
// start, so an apostrophe inside a plain word does not open one.
func openAtEnd(text string) bool {
	depth := 0
	for i := 0; i < len(text); i++ {
		switch c := text[i]; c {
		case '[', '{':
			depth++
		case ']', '}':
			if depth > 0 {
				depth--
			}
		case '"', '\'':
			if i > 0 && !isBlank(text[i-1]) && !strings.ContainsRune("[{,:", rune(text[i-1])) {
				continue
			}
			closed := false
			for i++; i < len(text); i++ {
				if c == '"' && text[i] == '\\' {
					i++
					continue
				}
				if text[i] == c {
					if c == '\'' && i+1 < len(text) && text[i+1] == '\'' {
						i++
						continue
					}
					closed = true
					break
				}
			}
			if !closed {
				return true
			}
		case '#':
			if i == 0 || isBlank(text[i-1]) {
				for i < len(text) && text[i] != '\n' {
					i++
				}
			}
		}
	}
	return depth > 0
}
