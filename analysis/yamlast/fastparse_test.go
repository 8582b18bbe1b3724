package yamlast

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/internal/corpus"
)

// dumpTree prints a tree for a failure message.
func dumpTree(t *Tree) string {
	if t == nil {
		return "<nil>\n"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "root=%d refs=%q used=%v firstUse=%v dups=%v values=%q anchors=%v err=%v\n",
		t.root, t.refs, t.used, t.firstUse, t.dups, t.values, t.anchors, t.Err)
	for i, n := range t.nodes {
		v := ""
		if n.kind != kindExternal {
			v = t.val(&n)
		}
		span := "?"
		if n.start >= 0 && n.end >= n.start && int(n.end) <= len(t.text) {
			span = fmt.Sprintf("%q", t.text[n.start:n.end])
		}
		fmt.Fprintf(&b, "%3d: kind=%d tag=%s anchor=%d flags=%d [%d,%d)=%s value=%q kids=%v\n", i, n.kind,
			tagName(n.tag), n.anchor, n.flags, n.start, n.end, span, v, t.kidsOf(&n))
	}
	return b.String()
}

// checkFast compares the fast parse of text with yaml.v3's when the fast
// parser accepts it, and reports whether it did.
func checkFast(t testing.TB, text string) bool {
	t.Helper()
	fast, ok := parseTreeFast(text)
	if !ok {
		return false
	}
	want := parseTreeYAML(text)
	if !reflect.DeepEqual(fast, want) {
		t.Fatalf("fast parse of %q differs from yaml.v3's\nfast:\n%syaml:\n%s", text, dumpTree(fast), dumpTree(want))
	}
	return true
}

// fastAccept are texts the fast parser must take, and get right.
var fastAccept = []string{
	"key: value\n",
	"key: value # comment\n",
	"key: value   \n",
	"key: 'it''s'\n",
	"key: \"a\\\"b\"\n",
	"key: \"tab\\tand\\\\\"\n",
	"key: ''\nother: \"\"\n",
	"key:\n",
	"key:",
	"key:   # nothing\nnext: 1\n",
	"a: 1\nb: -1\nc: 1.5\nd: true\ne: False\nf: ~\ng: null\nh: 0x1F\ni: 2024-01-01\nj: 1_000\nk: .5\nl: .inf\nm: 0o17\nn: 1e3\no: 0777\np: 089\nq: -.INF\nr: 0b101\ns: +1\nt: 123456789012345678901234567890\n",
	"key with spaces: v\n",
	"key: a:b\n",
	"url: http://example.com/x#y\n",
	"é: ünïcödé 日本 😀\n",
	"k:\n- &a {x: 1}\n- *a\n",
	"a: &x\n  b: 1\n<<: [*x, *y]\nc: *x\n",
	"<<: *base\nkey: v\n",
	"key: !GetAtt A.Arn\n",
	"arn: !Sub 'arn:${AWS::Region}'\n",
	"v: !Join\n  - ''\n  - - a\n    - !Ref B\n",
	"v: !Join ['', [a, !Ref B]]\n",
	"v: !ImportValue x-y\n",
	"- - nested\n  - two\n- three\n",
	"key:\n- a\n-\n- c\nnext: 1\n",
	"key:\n  - a: 1\n    b: 2\n  - c: 3\n",
	"S: [{ prefix: \"ORDER#\" }]\nr: [{ numeric: [\">\", 100] }]\n",
	"e: []\nf: {}\ng: [a b, 'c', \"d\"]\n",
	"dup: 1\ndup: 2\nn:\n  x: 1\n  x: 2\n",
	"  fn:\n    handler: h\n  # trailing comment\n\n",
	"# leading\n\nkey: v\n",
	"a: *ext\nb: &ext 1\nc: *ext\n",
	"a: x*y\nb: '*q'\n",
	"seq:\n  -\n  - # c\n  - x\n",
	"m: &m\n  k: v\n",
	"a: &s plain\nb: &t !Ref R\n",
	"k: {a: *x, <<: *y, b: [*x]}\n",
	"a: b\n   # indented comment\nc: d\n",
	"a: [a, b]   # c\n",
	"\"q\": 1\n'r': 2\n",
	"key: &a\n- x\nk: *a\n",
	"key: !Join\n- a\n- b\n",
	"- &a\n  k: v\n- x\n",
	"a: &x 1\nb: &x 2\nc: *x\n",
	"arn:\n  !ImportValue X\nb:\n  'q'\nc:\n  [a]\nd: &a\n  v\ne:\n  *a\nf:\n  plain\n",
	"1: x\ntrue: y\n~: z\n2024-01-01: d\nnull: n\n",
	"a:  b   c  # x\n",
	"- a\n- b\n",
	"# c\n  a: 1\n  b: 2\n",
	"a:\n  b:\n    c:\n      - d: e\n        f: [g, {h: i}]\n",
	"k: !Ref\n  a: 1\n",
	"list: [\"a,b\", 'c]d', \"e\\\"f\"]\n",
	"a: b\n\n\n   \n",
	"key: &a # c\n  b: 1\nk2: !Join # c\n  - a\n",
}

func TestFastParseCases(t *testing.T) {
	for _, text := range fastAccept {
		if !checkFast(t, text) {
			t.Errorf("fast parser declined %q", text)
		}
	}
	decline := []string{
		"key: |\n  block\n",
		"key: >-\n  folded\n",
		"key: multi\n  line\n",
		"key: 'multi\n  line'\n",
		"key: \"a\\x41\"\n",
		"key: \"a\\u00e9\"\n",
		"key: \"a\\/b\"\n",
		"? complex\n: value\n",
		"---\nkey: v\n",
		"key: v\n...\n",
		"...  project: \"carts\"\n",
		"\u00a0:\n",
		"key: a\u3000b\n",
		"--- : x\n",
		"%YAML 1.2\n---\nkey: v\n",
		"key:\tv\n",
		"\tkey: v\n",
		"key: v\r\nother: w\r\n",
		"&a key: v\n",
		"key: !!str 1\n",
		"key:value\n",
		"key: a: b\n",
		"key: v\n  more: x\n",
		"key: [a,\n  b]\n",
		"key: [a, ]\n",
		"key: [a: b]\n",
		"key: {a}\n",
		"key: {a:1}\n",
		"a: &x\n  b: *x\n",
		"key: &a\nnext: 1\n",
		"key: !Ref\n",
		"key: @x\n",
		"key: `x`\n",
		"- a\nb: 1\n",
		"a: 1\n - b\n",
		"\ufeffkey: v\n",
		"key: \u0085\n",
		"key: v\n# only *a in a comment\n- x\n",
		"",
		"# only a comment\n",
		"scalar\n",
		"[a, b]\n",
		"key: [a [b]]\n",
		"key: [a #c\n  ]\n",
		"a : b\n",
		"key: *a b\n",
		"key: \"x\"y\n",
	}
	for _, text := range decline {
		if checkFast(t, text) {
			t.Errorf("fast parser accepted %q", text)
		}
	}
}

// TestFastParseMatchesYAMLOnFiles compares the two parsers on every piece
// of the real-world corpus and of the generated fixtures, as ParsePieces
// hands the pieces over, and reports how much of the text the fast parser
// takes.
func TestFastParseMatchesYAMLOnFiles(t *testing.T) {
	sets := map[string][]string{}
	for _, pat := range []string{"../testdata/incremental/*.yml", "../../examples/*.yml"} {
		files, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		sets["fixtures"] = append(sets["fixtures"], files...)
	}
	if dir, ok := corpus.Dir(); ok {
		files, _ := filepath.Glob(filepath.Join(dir, "*.y*ml"))
		sets["realworld"] = files
	} else {
		t.Logf("real-world corpus not found next to the repository; comparing fixtures only")
	}
	if len(sets["fixtures"]) == 0 {
		t.Fatal("no fixtures found")
	}
	for name, files := range sets {
		var bytes, accepted, pieces, acceptedPieces int
		for _, file := range files {
			for _, piece := range filePieces(t, file) {
				pieces++
				bytes += len(piece)
				if checkFast(t, piece) {
					acceptedPieces++
					accepted += len(piece)
				}
			}
		}
		t.Logf("%s: %d files, fast parser took %d of %d pieces, %.1f%% of %d bytes", name, len(files),
			acceptedPieces, pieces, 100*float64(accepted)/float64(max(bytes, 1)), bytes)
		if accepted*10 < bytes*8 {
			t.Errorf("%s: the fast parser took only %d of %d bytes", name, accepted, bytes)
		}
	}
}

// TestFastParseMutated compares the parsers on pieces of the fixtures and
// the corpus after a few random edits: real text pushed just past what it
// is, where a parser that accepts too much gives itself away.
func TestFastParseMutated(t *testing.T) {
	files, _ := filepath.Glob("../testdata/incremental/*.yml")
	if dir, ok := corpus.Dir(); ok {
		more, _ := filepath.Glob(filepath.Join(dir, "*.y*ml"))
		files = append(files, more...)
	}
	perPiece := 40
	if testing.Short() {
		perPiece = 4
	}
	r := rand.New(rand.NewPCG(3, 4))
	accepted, total := 0, 0
	for _, file := range files {
		for _, piece := range filePieces(t, file) {
			for range perPiece {
				m := piece
				for range 1 + r.IntN(3) {
					m = mutateYAML(r, m)
				}
				total++
				if checkFast(t, m) {
					accepted++
				}
			}
		}
	}
	t.Logf("fast parser took %d of %d mutated pieces", accepted, total)
}

// filePieces reads file and cuts it as a session does (Split).
func filePieces(t *testing.T, file string) []string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	var pieces []string
	for _, p := range Split(document.NewText(text), document.NewMapper(text)) {
		pieces = append(pieces, text[p.Start:p.End])
	}
	return pieces
}

func FuzzFastParseTree(f *testing.F) {
	for _, s := range []string{
		"key: value # comment\nseq:\n  - a\n  - b: 1\n    c: [x, 'y', \"z\"]\n",
		"a: &x {k: v}\nb: *x\n<<: [*x, *ext]\n",
		"fn:\n  events:\n    - stream:\n        arn: !GetAtt T.StreamArn\n        batchSize: 100\n        enabled: false\n",
		"  f:\n    handler: h.x\n    n: -1\n  # c\n",
		"k:\n- a\n-\n- - b\n  - c\nl: ~\n",
		"S: [{ prefix: \"ORDER#\" }]\n'q''s': \"e\\\"\"\n",
		"t: 2024-01-01T00:00:00Z\nf: 1e5\ni: 0x10\nb: True\n",
	} {
		f.Add(s)
	}
	for _, s := range fastAccept {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 4096 {
			t.Skip()
		}
		checkFast(t, text)
	})
}

// TestFastParseGenerated compares the parsers on random texts built from
// the constructs the fast parser reads, with now and then a perturbation
// (an indentation off by one, a stray character) that moves the text to
// the edge of what it should accept.
func TestFastParseGenerated(t *testing.T) {
	n := 20000
	if testing.Short() {
		n = 2000
	}
	r := rand.New(rand.NewPCG(1, 2))
	accepted, valid := 0, 0
	for range n {
		var g yamlGen
		g.r = r
		g.mapping(0, r.IntN(3)*2, false)
		text := g.b.String()
		if r.IntN(8) == 0 {
			text = mutateYAML(r, text)
		}
		if checkFast(t, text) {
			accepted++
		}
		if parseTreeYAML(text).Err == nil {
			valid++
		}
	}
	// Most texts with a perturbation or an odd scalar are errors, which
	// the fast parser must leave to yaml.v3.
	t.Logf("fast parser took %d of the %d generated texts that yaml.v3 parses (of %d)", accepted, valid, n)
	if accepted < valid*2/3 {
		t.Errorf("fast parser took only %d of %d valid generated texts", accepted, valid)
	}
}

type yamlGen struct {
	r *rand.Rand
	b strings.Builder
}

func (g *yamlGen) pick(s ...string) string { return s[g.r.IntN(len(s))] }

var (
	genKeys = []string{"a", "b", "key", "a b", "x-y", "<<", "1", "true", "~", "null", "'q'", "\"d\"", "'it''s'",
		"\"e\\\"\"", "é", "a#b", "k.l", "0x1", "2024-01-01", "a'b", "Fn::GetAtt", "dup", "dup"}
	genScalars = []string{"v", "value with spaces", "x:y", "http://h/p#f", "-1", "1", "0", "1.5", "1e3", ".5",
		"0x1F", "0o7", "0b1", "1_000", "0777", "089", "+1", "-.inf", ".nan", "true", "False", "~", "null", "NULL",
		"yes", "2024-01-01", "2024-01-01T00:00:00Z", "2024-1-1 1:2:3", "1:2", "<<", "'s'", "'it''s'", "''",
		"\"d\"", "\"\"", "\"a\\\"b\\\\c\\n\"", "'a # b'", "a#b", "!Ref R", "!GetAtt A.Arn",
		"!Sub 'arn:${AWS::Region}'", "&a v", "&b !Ref X", "*a", "*b", "*ext", "é日😀", "a]b", "a,b", "a{b",
		"-x", "--", "v  ", "a :b"}
	// genOdd are the scalars the fast parser must decline, or that are
	// errors.
	genOdd = []string{"\"\\x41\"", "a # c", "- x", "@x", "`x`", "%x", "|", ">", "? x", ":x", "a: b",
		"!Ref", "&c", "!!str s", "! s", "*a b", "\"x\"y", "!Ref &d x", "'unclosed", "a:"}
)

func (g *yamlGen) scalar() string {
	if g.r.IntN(10) == 0 {
		return g.pick(genOdd...)
	}
	return g.pick(genScalars...)
}

func (g *yamlGen) comment() {
	if g.r.IntN(6) == 0 {
		g.b.WriteString(g.pick(" # c", " #", "  # *a", " # *ext", "#x"))
	}
}

func (g *yamlGen) trivia(indent int) {
	switch g.r.IntN(10) {
	case 0:
		g.b.WriteString("\n")
	case 1:
		g.b.WriteString(strings.Repeat(" ", g.r.IntN(indent+3)) + "# note\n")
	case 2:
		g.b.WriteString("   \n")
	}
}

func (g *yamlGen) flow(depth int) string {
	if depth > 2 || g.r.IntN(3) > 0 {
		s := g.scalar()
		if strings.ContainsAny(s, "\n") {
			return "v"
		}
		return s
	}
	n := g.r.IntN(4)
	var parts []string
	isMap := g.r.IntN(2) == 0
	for range n {
		if isMap {
			parts = append(parts, g.pick(genKeys...)+g.pick(": ", ":", " : ")+g.flow(depth+1))
		} else {
			parts = append(parts, g.flow(depth+1))
		}
	}
	sep := g.pick(", ", ",", " , ")
	body := strings.Join(parts, sep)
	if g.r.IntN(10) == 0 {
		body += ","
	}
	prefix := g.pick("", "", "", "&f ", "!Join ")
	if isMap {
		return prefix + g.pick("{", "{ ") + body + g.pick("}", " }")
	}
	return prefix + g.pick("[", "[ ") + body + g.pick("]", " ]")
}

func (g *yamlGen) value(depth, indent int, inSeq bool) {
	choice := g.r.IntN(10)
	if depth > 3 && choice >= 6 {
		choice = 0
	}
	switch choice {
	case 0, 1, 2:
		g.b.WriteString(" " + g.scalar())
		g.comment()
		g.b.WriteString("\n")
	case 3:
		g.b.WriteString(" " + g.flow(0))
		g.comment()
		g.b.WriteString("\n")
	case 4:
		g.comment()
		g.b.WriteString("\n")
	case 5:
		g.b.WriteString(g.pick("", " &n", " !Ref") + "\n")
		g.trivia(indent)
		g.b.WriteString(strings.Repeat(" ", indent+1+g.r.IntN(3)) + g.scalar() + "\n")
	case 6, 7:
		g.b.WriteString(g.pick("", "", " &m", " !Tag", " # c") + "\n")
		g.trivia(indent)
		g.mapping(depth+1, indent+1+g.r.IntN(3), false)
	default:
		g.b.WriteString(g.pick("", "", " &s", " !Join") + "\n")
		g.trivia(indent)
		in := indent + g.r.IntN(4)
		if inSeq && in == indent {
			in++
		}
		g.seq(depth+1, in, false)
	}
}

// mapping writes a block mapping at indent; inline leaves the first key's
// indentation to the caller, which has written `- ` there.
func (g *yamlGen) mapping(depth, indent int, inline bool) {
	for i := range 1 + g.r.IntN(4) {
		if i > 0 || !inline {
			g.b.WriteString(strings.Repeat(" ", indent))
		}
		g.b.WriteString(g.pick(genKeys...) + ":")
		g.value(depth, indent, false)
		g.trivia(indent)
	}
}

func (g *yamlGen) seq(depth, indent int, inline bool) {
	for i := range 1 + g.r.IntN(4) {
		if i > 0 || !inline {
			g.b.WriteString(strings.Repeat(" ", indent))
		}
		g.b.WriteString("-")
		switch g.r.IntN(5) {
		case 0:
			g.b.WriteString(" ")
			g.mapping(depth+1, indent+2, true)
		case 1:
			g.b.WriteString(" ")
			g.seq(depth+1, indent+2, true)
		default:
			g.value(depth, indent, true)
		}
		g.trivia(indent)
	}
}

// yamlFragments are what mutateYAML inserts: indicators, properties and
// values that change how the text around them reads.
var yamlFragments = []string{":", ": ", " #", "#", "'", "\"", "- ", "-", "[", "]", "{", "}", ",", ", ", "&a ", "*a",
	"*ext", "!Ref ", "!!str ", "\\", "|", ">", "?", "? ", "~", "null", "<<: *a", "\n", "\n  ", "\n- ", " ", "  ", "0x",
	"1", "-1", "2024-01-01", ".5", "é", "😀", "%", "@", "`", "---", "...", "&a", "&b [x]", "*b", "\"\\n\"", "''",
	"{a: 1}", "[a, b]", ": &a\n  x: 1\n", "\u00a0", "\u2028", "\t", "\r\n"}

// mutateYAML makes one small edit to s: a fragment inserted, a few bytes
// deleted, two lines swapped, a line reindented or repeated.
func mutateYAML(r *rand.Rand, s string) string {
	lines := strings.Split(s, "\n")
	i := r.IntN(len(lines))
	switch r.IntN(6) {
	case 0, 1:
		at := r.IntN(len(s) + 1)
		return s[:at] + yamlFragments[r.IntN(len(yamlFragments))] + s[at:]
	case 2:
		if s == "" {
			return s
		}
		at := r.IntN(len(s))
		return s[:at] + s[min(len(s), at+1+r.IntN(4)):]
	case 3:
		j := r.IntN(len(lines))
		lines[i], lines[j] = lines[j], lines[i]
	case 4:
		lines[i] = strings.Repeat(" ", r.IntN(3)) + strings.TrimLeft(lines[i], " ")
	default:
		lines = append(lines[:i+1], lines[i:]...)
	}
	return strings.Join(lines, "\n")
}

// BenchmarkParseTreeFast parses the pieces of a large generated file with
// the fast parser (falling back to yaml.v3 as ParseTree does) and with
// yaml.v3 alone.
func BenchmarkParseTreeFast(b *testing.B) {
	text := benchText(b)
	var pieces []string
	size := 0
	for _, p := range Split(document.NewText(text), document.NewMapper(text)) {
		pieces = append(pieces, text[p.Start:p.End])
		size += p.End - p.Start
	}
	for _, bc := range []struct {
		name  string
		parse func(string) *Tree
	}{{"fast", ParseTree}, {"yaml", parseTreeYAML}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				for _, p := range pieces {
					bc.parse(p)
				}
			}
		})
	}
}

// benchText is the file with 1000 functions that ../../../shared/bench/gen.mjs
// generates (cached where the analysis benchmarks cache it), or the
// largest fixture when the generator cannot run.
func benchText(b *testing.B) string {
	path := filepath.Join(os.TempDir(), "stream-ls-bench", "n1000-seed1.yml")
	if _, err := os.Stat(path); err != nil {
		gen := os.Getenv("STREAMLS_GEN")
		if gen == "" {
			gen = filepath.Join("..", "..", "..", "shared", "bench", "gen.mjs")
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err == nil {
			if out, err := exec.Command("node", gen, "1000", path, "--seed", "1").CombinedOutput(); err != nil {
				b.Logf("generating the benchmark file: %v: %s", err, out)
			}
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		b.Logf("using the largest fixture instead of %s", path)
		if data, err = os.ReadFile(filepath.Join("..", "testdata", "incremental", "gen-n20-seed1.yml")); err != nil {
			b.Fatal(err)
		}
	}
	return string(data)
}
