package analysis

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"

	"github.com/stream-ls/stream-ls/analysis/document"
	usersettings "github.com/stream-ls/stream-ls/analysis/settings"
	"github.com/stream-ls/stream-ls/analysis/suppress"
)

// A session finds the suppression comments per piece and the blocks they
// cover in the pieces' trees; what it finds must be what the text and the
// tree of the whole file give. This edits realistic files with random
// edits that add, break and remove directives of every kind (and the
// ordinary edits of the incremental property test), and compares after
// every step: the directives, where each one applies, and the finished
// diagnostics.

// supSnippets end a line with a directive, or with text that looks like
// one but is not.
var supSnippets = []string{
	" # stream-ls-disable-line stream-unknown-key",
	" # stream-ls-disable-line stream-integer-value, stream-enum-value -- a reason",
	" # stream-ls-disable stream-unknown-key",
	" # stream-ls-disable stream-dynamodb-readers stream-duplicate-source",
	" # stream-ls-disable-next-line stream-unknown-key",
	" # stream-ls-disable-next-line stream-enum-value,yaml-duplicate-key",
	" # stream-ls-disable-line not-a-rule",
	" # stream-ls-disable",
	" #stream-ls-disable stream-unknown-kee",
	" # stream-ls-disable-line suppression-unknown-rule, nope",
	"# stream-ls-disable-line stream-unknown-key", // glued: part of a plain scalar
	" # stream-ls-disabled stream-unknown-key",
	" \"# stream-ls-disable-line stream-unknown-key",
	" 'it''s # stream-ls-disable stream-unknown-key'",
}

// supLines stand alone on a line, after the indentation of the line they
// are put before.
var supLines = []string{
	"# stream-ls-disable stream-unknown-key\n",
	"# stream-ls-disable stream-enum-value, stream-integer-value\n",
	"# stream-ls-disable-next-line stream-unknown-key\n",
	"# stream-ls-disable-next-line stream-integer-value -- why\n",
	"# stream-ls-disable-line stream-unknown-key\n",
	"# stream-ls-disable not-a-rule\n",
	"# stream-ls-disable-next-line\n",
	"description: \"x # stream-ls-disable-line stream-unknown-key\"\n",
	"notes: |\n  # stream-ls-disable-next-line stream-unknown-key\n",
	"notes: >-\n    # stream-ls-disable stream-unknown-key\n\n",
	"bad: 'open # stream-ls-disable-next-line stream-unknown-key\n",
	"batchsize: 10 # stream-ls-disable-line stream-unknown-key\n",
	"<<: &hidden {batchsize: 1} # stream-ls-disable stream-unknown-key\n",
	"- stream: # stream-ls-disable stream-unknown-key\n",
	"\n",
}

// supEdit is one random edit: one of the editor's, or one about directives.
func supEdit(e *editor) (string, document.Edit) {
	t := e.text
	r := e.r
	lineStart := func(off int) int { return strings.LastIndexByte(t[:off], '\n') + 1 }
	lineEnd := func(off int) int {
		if i := strings.IndexByte(t[off:], '\n'); i >= 0 {
			return off + i
		}
		return len(t)
	}
	pos := r.IntN(len(t) + 1)
	var ed document.Edit
	switch k := r.IntN(100); {
	case k < 40:
		return e.next()
	case k < 55: // end a line with a directive
		p := lineEnd(pos)
		if p > 0 && t[p-1] == '\r' {
			p--
		}
		ed = document.Edit{Start: p, End: p, Text: supSnippets[r.IntN(len(supSnippets))]}
	case k < 72: // a line of its own, indented like the line it goes before
		p := lineStart(pos)
		indent := p
		for indent < len(t) && t[indent] == ' ' {
			indent++
		}
		line := supLines[r.IntN(len(supLines))]
		pad := t[p:indent]
		if r.IntN(4) == 0 {
			pad = strings.Repeat(" ", r.IntN(8))
		}
		ed = document.Edit{Start: p, End: p, Text: pad + strings.ReplaceAll(strings.TrimSuffix(line, "\n"), "\n", "\n"+pad) + "\n"}
	case k < 88: // break or remove a directive
		i := strings.Index(t[pos:], "stream-ls-disable")
		if i < 0 {
			i = strings.Index(t, "stream-ls-disable")
			pos = 0
		}
		if i < 0 {
			return e.next()
		}
		at := pos + i
		switch r.IntN(4) {
		case 0: // its keyword
			p := at + r.IntN(len("stream-ls-disable-next-line"))
			ed = document.Edit{Start: min(p, len(t)), End: min(p+1+r.IntN(3), len(t))}
		case 1: // the whole comment
			h := strings.LastIndexByte(t[:at], '#')
			if h < 0 {
				h = at
			}
			ed = document.Edit{Start: h, End: lineEnd(at)}
		case 2: // a quote before it
			h := max(strings.LastIndexByte(t[:at], '#'), lineStart(at))
			ed = document.Edit{Start: h, End: h, Text: []string{"\"", "'", "x"}[r.IntN(3)]}
		default: // its IDs
			end := lineEnd(at)
			ed = document.Edit{Start: min(at+len("stream-ls-disable")+r.IntN(12), end), End: end}
		}
	default: // a block scalar header or a quote somewhere
		p := lineEnd(pos)
		ed = document.Edit{Start: p, End: p, Text: []string{" |", " >-", " \"", " '", ": |"}[r.IntN(5)]}
	}
	next, err := document.ApplyEdits(t, []document.Edit{ed})
	if err != nil {
		panic(err)
	}
	if len(e.seen) < 8 || r.IntN(4) == 0 {
		e.seen = append(e.seen, t)
		if len(e.seen) > 16 {
			e.seen = e.seen[1:]
		}
	}
	e.text = next
	return next, ed
}

func directivesText(ds []suppress.Directive) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "%d %v %v %v %v\n", d.Line, d.Scope, d.Keyword, d.Alone, d.Rules)
	}
	return b.String()
}

func coversText(cs []suppress.Cover) string {
	var b strings.Builder
	for _, c := range cs {
		fmt.Fprintf(&b, "%v %v\n", c.Span, c.Rules)
	}
	return b.String()
}

// checkSuppression compares what the session found for text with what the
// text and the tree give: the directives with Parse's; where they apply
// with what the walk of the whole tree the session holds gives; the
// session's Finish with Finish on that tree; and, when the session cut the
// text as an analysis from scratch does (see samePieces), the finished
// diagnostics with AnalyzeConfigured's. It reports whether the last
// comparison was made.
func checkSuppression(s *Session, text string, got *Result, st usersettings.Settings) (bool, error) {
	sn := s.Snapshot()
	if g, w := diagText(sn.Finish(got.Diagnostics, st)), diagText(Finish(sn.Model(), got.Diagnostics, st)); g != w {
		return false, fmt.Errorf("Finish differs from Finish on the whole tree\n--- session\n%s--- whole tree\n%s", g, w)
	}
	if sup := sn.sup; sup != nil {
		dirs := suppress.Parse(text)
		if g, w := directivesText(sup.dirs), directivesText(dirs); g != w {
			return false, fmt.Errorf("directives differ\n--- session\n%s--- Parse\n%s", g, w)
		}
		var covers []suppress.Cover
		if len(dirs) > 0 {
			covers = suppress.Covers(document.NewText(text), dirs, suppress.TreeBlockEnd(text, sn.Model().AST.Root))
		}
		if g, w := coversText(sup.covers), coversText(covers); g != w {
			return false, fmt.Errorf("covers differ\n--- session\n%s--- whole tree\n%s", g, w)
		}
	}
	if err := samePieces(s, text); err != nil {
		// The session's own trouble, which its property test is about.
		return false, nil
	}
	want := AnalyzeConfigured(text, st)
	if g, w := diagText(sn.Finish(got.Diagnostics, st)), diagText(want.Diagnostics); g != w {
		return false, fmt.Errorf("finished diagnostics differ from AnalyzeConfigured's\n--- session\n%s--- from scratch\n%s", g, w)
	}
	return true, nil
}

func TestSessionSuppressionEqualsFromScratch(t *testing.T) {
	files := corpus(t)
	files["directives.yml"] = directivesFixture
	var all []string
	for n, text := range files {
		if len(text) <= 40000 {
			all = append(all, n)
		}
	}
	sort.Strings(all)
	// A dozen files, spread over the corpus.
	var names []string
	for i := 0; i < len(all); i += max(len(all)/12, 1) {
		names = append(names, all[i])
	}
	settings := []usersettings.Settings{{}, {ValidationMode: "error"},
		{Rules: map[string]string{"stream-unknown-key": "off", "suppression-unknown-rule": "hint"}}}
	seeds, steps := 4, 30
	if testing.Short() {
		seeds = 2
	}
	compared, finished, withDirectives := 0, 0, 0
	for seed := 1; seed <= seeds; seed++ {
		for _, name := range names {
			r := rand.New(rand.NewPCG(uint64(seed), 0x5e99))
			st := settings[seed%len(settings)]
			e := &editor{r: r, text: files[name]}
			// Start from a text with directives already in it.
			for range 6 {
				supEdit(e)
			}
			s := NewSession(Options{})
			got := s.Update(e.text, nil)
			if _, err := checkSuppression(s, e.text, got, st); err != nil {
				t.Fatalf("%s seed %d, first version: %v", name, seed, err)
			}
			for i := range steps {
				next, ed := supEdit(e)
				if r.IntN(8) == 0 {
					got = s.Update(next, nil)
				} else {
					got = s.Update(next, []document.Edit{ed})
				}
				whole, err := checkSuppression(s, next, got, st)
				if err != nil {
					reportText(t, next)
					t.Fatalf("%s seed %d step %d (edit %+v): %v", name, seed, i, ed, err)
				}
				compared++
				if whole {
					finished++
				}
				if strings.Contains(next, "stream-ls-disable") {
					withDirectives++
				}
			}
		}
	}
	t.Logf("%d versions compared, %d with directives, %d with AnalyzeConfigured", compared, withDirectives, finished)
	if finished < compared*9/10 {
		t.Errorf("only %d of %d versions were compared with AnalyzeConfigured", finished, compared)
	}
}

// The hard cases, each once: block directives on headers and on the
// entries under them, on sequence items and on flow collections, next to
// anchors the walk of one line cannot see (in a merge key's value, in a
// key), a quote left open across pieces, and a lone carriage return.
func TestSessionSuppressionCases(t *testing.T) {
	cases := map[string]string{
		"fixture":                  directivesFixture,
		"open quote across pieces": strings.Replace(directivesFixture, "handler: a.handler", "handler: 'a.handler", 1),
		"block scalar across pieces": strings.Replace(directivesFixture, "functions: # stream-ls-disable stream-unknown-key",
			"notes: |\nfunctions: # stream-ls-disable stream-unknown-key", 1),
		"hidden anchor": "custom:\n  x:\n    <<: &h\n      batchsize: 1 # stream-ls-disable stream-unknown-key\n" +
			"functions:\n  a:\n    handler: h\n    events:\n      - stream:\n          arn: arn:aws:kinesis:us-east-1:1:stream/s\n          <<: *h\n",
		"leading document marker": "# stream-ls-disable stream-unknown-key\n---\nservice: x\nfunctions:\n  a:\n    handler: h\n",
		"failed header, anchors under it": "functions:\n  # \x07\n  a: &x # stream-ls-disable stream-unknown-key\n    handler: h\n" +
			"  b: # stream-ls-disable stream-unknown-key\n    handler: h\nother:\n  b: *x\n",
		"alias-only entry":                "custom: # stream-ls-disable stream-unknown-key\n  a: &v 1\n  *v : *v\n",
		"alias key after a failed entry":  "custom:\n  z: &v k\nfunctions: # stream-ls-disable stream-unknown-key\n  a: {\n  *v : 1\n  b: 2\n",
		"failed entries under a header":   "resources: # stream-ls-disable stream-unknown-key\n  Resources:\n    T: {a: 1\n",
		"alias-only entry under a header": "resources: # stream-ls-disable stream-unknown-key\n  Resources:\n    A: &v 1\n    *v : *v\n",
		"lone carriage return first":      "# c\rservice: x # stream-ls-disable-line y\nfunctions: # stream-ls-disable stream-unknown-key\n  a:\n    handler: h\n",
		"lone carriage return":            "service: x\rfunctions: # stream-ls-disable stream-unknown-key\n  a:\r    handler: h # stream-ls-disable-line stream-unknown-key\n",
		"empty header":                    "functions: # stream-ls-disable stream-unknown-key\nresources:\n  Resources: # stream-ls-disable stream-unknown-key\n    T:\n      Type: AWS::DynamoDB::Table\n",
	}
	for name, text := range cases {
		t.Run(name, func(t *testing.T) {
			s := NewSession(Options{})
			got := s.Update(text, nil)
			if whole, err := checkSuppression(s, text, got, usersettings.Settings{}); err != nil || !whole {
				t.Fatal(err, whole)
			}
			// And every way of getting there by typing one line at a time.
			s = NewSession(Options{})
			prev := ""
			for _, line := range strings.SplitAfter(text, "\n") {
				next := prev + line
				got = s.Update(next, []document.Edit{{Start: len(prev), End: len(prev), Text: line}})
				if whole, err := checkSuppression(s, next, got, usersettings.Settings{}); err != nil || !whole {
					t.Fatalf("after %q: %v %v", next, err, whole)
				}
				prev = next
			}
		})
	}
}

const directivesFixture = `# stream-ls-disable-next-line stream-unknown-key
service: directives
provider: # stream-ls-disable stream-unknown-key
  name: aws
custom:
  defaults: &defaults # stream-ls-disable stream-integer-value
    batchSize: ten
    startingPosition: latest # stream-ls-disable-line stream-enum-value
  notes: |
    # stream-ls-disable-next-line stream-unknown-key
    text
# stream-ls-disable stream-unknown-key
functions: # stream-ls-disable stream-unknown-key
  # stream-ls-disable stream-enum-value
  a:
    handler: a.handler
    events:
      # stream-ls-disable stream-unknown-key, not-a-rule
      - stream:
          arn: arn:aws:kinesis:us-east-1:123456789012:stream/a
          batchsize: 10
          startingPosition: latest
      - stream: {arn: "arn:aws:kinesis:us-east-1:123456789012:stream/b", batchsize: 1} # stream-ls-disable stream-unknown-key
      - stream: # stream-ls-disable stream-integer-value
          <<: *defaults
          arn: arn:aws:kinesis:us-east-1:123456789012:stream/c
      - {stream: {<<: *defaults, arn: "arn:aws:kinesis:us-east-1:123456789012:stream/d"}} # stream-ls-disable stream-integer-value
      - [&pair {stream: x}, *pair] # stream-ls-disable stream-event-shape
      - [&m {batchSize: 1}, {<<: *m, stream: y}] # stream-ls-disable stream-event-shape
  b: # stream-ls-disable
    handler: b.handler
    events:
      - stream:
          arn: arn:aws:kinesis:us-east-1:123456789012:stream/a
          batchSize: 20000 # stream-ls-disable-line stream-integer-value
          # stream-ls-disable-next-line stream-unknown-key

          typo: 1
resources: # stream-ls-disable stream-unknown-key
  # stream-ls-disable stream-unknown-key
  Resources:
    T: # stream-ls-disable stream-unknown-key
      Type: AWS::DynamoDB::Table
  Outputs:
    O: {Value: 1}
`
