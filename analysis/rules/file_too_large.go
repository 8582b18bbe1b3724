package rules

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// The limits below bound what an analysis costs, whatever the text. The
// rules, the model and hover walk the YAML tree with its aliases expanded
// (an alias stands for its anchor's whole value), so an alias bomb ("billion
// laughs": nine anchors of nine aliases each, a few hundred bytes) or a list
// of events shared by every function would make them take hours and
// gigabytes. analysis/limits.go documents them for users; analysis.Analyze
// applies them before the model is built and reports nothing else for a
// file beyond them.
const (
	// MaxDocumentBytes is the largest text analysed. Real serverless.yml
	// files stay under 100 KB, but generated ones reach megabytes: 5,000
	// functions with their tables and streams are 5.8 MiB, and 8 MiB
	// leaves room above that. Opening 8 MiB of functions takes about two
	// seconds.
	MaxDocumentBytes = 8 << 20
	// MaxDocumentLines is the most lines analysed. What a text costs grows
	// with its bytes and, more steeply, with its lines: each top-level
	// entry or function is parsed on its own, at a fixed cost of about
	// 10 µs and 2 KB, so a file of one-line entries (or of lines that are
	// each a syntax error) costs ten times what the same bytes of real
	// functions do. Bounding lines bounds that case, and leaves the
	// byte limit to the rest: real files average over 30 bytes a line, so
	// at 300,000 lines they reach 8 MiB first.
	MaxDocumentLines = 300_000
	// MaxAliasedNodes is the largest number of YAML values (keys, scalars,
	// mappings and sequences) that aliases may add to a file: each alias
	// counts the values of what it stands for, each merge key the pairs it
	// merges. Values written out are bounded by MaxDocumentBytes instead.
	// Ordinary use stays far below: a thousand events that each merge ten
	// defaults add 20,000. A hundred functions sharing one list of a
	// hundred events add about 60,000 and take the rules a quarter of a
	// second; the cost grows with the number of stream events that result.
	MaxAliasedNodes = 100_000
	// MaxDepth is the deepest nesting of collections, counted with aliases
	// expanded. It is yaml.v3's own limit for nesting written out, which
	// is reported as a syntax error, so only aliases can pass it here.
	MaxDepth = 10_000
)

// fileTooLarge reports a file beyond the limits. It reads only the text, so
// an incremental analysis can rerun it cheaply: only a text that holds
// aliases can pass MaxAliasedNodes or MaxDepth, and only such a text is
// parsed again to count.
type fileTooLarge struct{}

func init() { register(catalog.RuleFileTooLarge, fileTooLarge{}) }

func (fileTooLarge) Scope() Scope { return ScopeSyntax }

func (fileTooLarge) CheckFile(ctx *Context, r *Reporter) {
	ast := ctx.File.AST
	if ast == nil {
		return
	}
	if d, beyond := CheckSize(ast.Text, ast.Mapper); beyond {
		r.diags = append(r.diags, d)
		return
	}
	// The analysis applies the tree limits before the rules run (see
	// analysis/limits.go); a model it hands over is within them. Parsing
	// the text again here would cost an incremental analysis the whole
	// file on every keystroke, and so would scanning it for aliases: an
	// incremental analysis hands over no tree, which is looked at first.
	if ast.Root == nil || !MayHoldAliases(ast.Text) {
		return
	}
	if d, beyond := CheckTree(ast); beyond {
		r.diags = append(r.diags, d)
	}
}

// CheckSize reports a text longer than MaxDocumentBytes or
// MaxDocumentLines, with the diagnostic that says so. m is text's mapper,
// or nil.
func CheckSize(text document.Text, m *document.Mapper) (diag.Diagnostic, bool) {
	if text.Len() > MaxDocumentBytes {
		return tooLarge(firstLine(text, m), "the file is %s; stream-ls analyses files up to %s, so it checks nothing in this one",
			mebibytes(text.Len()), mebibytes(MaxDocumentBytes)), true
	}
	if text.Len() < MaxDocumentLines {
		// n bytes make at most n+1 lines.
		return diag.Diagnostic{}, false
	}
	var lines int
	if m != nil {
		lines = m.LineCount()
	} else {
		lines = countLines(text.String())
	}
	if lines <= MaxDocumentLines {
		return diag.Diagnostic{}, false
	}
	return tooLarge(firstLine(text, m), "the file has %s lines; stream-ls analyses files up to %s lines, so it checks nothing in this one",
		thousands(lines), thousands(MaxDocumentLines)), true
}

// countLines counts lines as document.Mapper does, which is how the
// analysis cuts a text into pieces: \n, \r\n and a lone \r end one.
func countLines(text string) int {
	return 1 + strings.Count(text, "\n") + strings.Count(text, "\r") - strings.Count(text, "\r\n")
}

// CheckTree reports a parsed file whose aliases add more than
// MaxAliasedNodes values or nest it deeper than MaxDepth, with the
// diagnostic that says so. It visits the values written out and at most
// MaxAliasedNodes+1 more, at most MaxDepth+1 deep, so it costs little even
// on an alias bomb.
func CheckTree(f *yamlast.File) (diag.Diagnostic, bool) {
	root := f.Root
	if root == nil {
		return diag.Diagnostic{}, false
	}
	w := &walker{seen: map[anchored]bool{}}
	// The diagnostic names the top-level entry in which a limit was passed:
	// that is where the user finds the aliases or the nesting.
	if root.Kind == yamlast.Mapping {
		for _, p := range root.Pairs {
			if w.walk(p.Key, 2, p.Merged) && w.walk(p.Value, 2, p.Merged) {
				continue
			}
			return w.diagnostic(p.Key.Span, "`"+truncate(p.Key.Value, 40)+"`"), true
		}
		return diag.Diagnostic{}, false
	}
	if w.walk(root, 1, false) {
		return diag.Diagnostic{}, false
	}
	return w.diagnostic(firstLine(f.Text, f.Mapper), "the file"), true
}

// walker counts the values aliases add to a tree, as the rules see it: an
// anchored value met a second time is met through an alias, and it and
// everything in it count; so do merged pairs.
type walker struct {
	seen  map[anchored]bool
	added int
	deep  bool // MaxDepth was passed; otherwise MaxAliasedNodes was
}

// anchored names an anchored value by where it is written, which every
// alias to it shares.
type anchored struct {
	span document.Span
	kind yamlast.Kind
}

// walk visits n and what it holds at the given depth, counting the visits
// that an alias causes, and reports false as soon as a limit is passed.
func (w *walker) walk(n *yamlast.Node, depth int, aliased bool) bool {
	if n == nil {
		return true
	}
	if !aliased && n.Anchor != "" {
		k := anchored{n.Span, n.Kind}
		aliased = w.seen[k]
		w.seen[k] = true
	}
	if aliased {
		w.added++
		if w.added > MaxAliasedNodes {
			return false
		}
	}
	if depth > MaxDepth {
		w.deep = true
		return false
	}
	for _, it := range n.Items {
		if !w.walk(it, depth+1, aliased) {
			return false
		}
	}
	for _, p := range n.Pairs {
		if !w.walk(p.Key, depth+1, aliased || p.Merged) || !w.walk(p.Value, depth+1, aliased || p.Merged) {
			return false
		}
	}
	return true
}

func (w *walker) diagnostic(span document.Span, where string) diag.Diagnostic {
	if w.deep {
		return tooLarge(span, "%s nests more than %s levels deep once its aliases are expanded; stream-ls analyses up to %s levels, so it checks nothing in this file",
			where, thousands(MaxDepth), thousands(MaxDepth))
	}
	return tooLarge(span, "aliases add more than %s YAML values to the file by the end of %s; stream-ls analyses up to %s, so it checks nothing in this file. Aliases that multiply like this are usually a mistake, or an attack",
		thousands(MaxAliasedNodes), where, thousands(MaxAliasedNodes))
}

func tooLarge(span document.Span, format string, args ...any) diag.Diagnostic {
	rule, _ := catalog.Lookup(catalog.RuleFileTooLarge)
	return diag.Diagnostic{Rule: rule.ID, Severity: rule.Severity, Span: span,
		Message: fmt.Sprintf(format, args...), Href: rule.Href}
}

// MayHoldAliases reports whether text may hold a YAML alias: a `*` that
// starts a token and is followed by an anchor name. It may say yes for a `*`
// inside a quoted string; that only costs a parse. A text without aliases
// cannot pass MaxAliasedNodes or MaxDepth, so CheckTree need not see it.
func MayHoldAliases(text document.Text) bool {
	for i := text.IndexByte(0, '*'); i >= 0 && i+1 < text.Len(); i = text.IndexByte(i+1, '*') {
		if i > 0 {
			switch text.Byte(i - 1) {
			case ' ', '\t', '\n', '\r', '[', '{', ',':
			default:
				continue
			}
		}
		switch c := text.Byte(i + 1); c {
		case ' ', '\t', '\n', '\r', ',', '[', ']', '{', '}':
		default:
			return true
		}
	}
	return false
}

// firstLine is the span of the first line's content, at most 80 bytes of
// it: a marker in a place every editor shows, which does not paint a whole
// huge file.
func firstLine(text document.Text, m *document.Mapper) document.Span {
	end := text.Len()
	if m != nil {
		end = m.LineEnd(0)
	} else if i := indexLineBreak(text.Slice(0, min(text.Len(), 81))); i >= 0 {
		end = i
	}
	end = min(end, 80)
	for end > 0 && end < text.Len() && !utf8.RuneStart(text.Byte(end)) {
		end--
	}
	return document.Span{Start: 0, End: end}
}

func indexLineBreak(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' || s[i] == '\r' {
			return i
		}
	}
	return -1
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// mebibytes prints a size the way editors and ls -h do.
func mebibytes(n int) string {
	return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MiB"
}

// thousands prints n with comma separators: 1,000,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
