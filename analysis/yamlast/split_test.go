package yamlast

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unsafe"

	"github.com/stream-ls/stream-ls/analysis/document"
)

// wholeParse parses text as one piece, the way yaml.v3 reads a whole
// document: the reference that the split parse must reproduce.
func wholeParse(text string) (*Node, []Duplicate, *SyntaxError) {
	t := ParsePiece(text, Piece{End: len(text), Whole: true})
	if t.Err != nil {
		return nil, nil, t.Err
	}
	if ref, ok := t.Unresolved(func(string) bool { return false }); ok {
		e := t.UnknownAnchor(ref)
		return nil, nil, &e
	}
	m := t.Materialize(0, nil)
	return m.Root, append(m.Duplicates, m.RootDuplicates...), nil
}

// sameTree compares two trees field by field and checks that nodes shared
// in one (an alias and its anchor) are shared in the other.
func sameTree(a, b *Node) error {
	seen := map[*Node]*Node{}
	var walk func(a, b *Node, path string) error
	walk = func(a, b *Node, path string) error {
		if (a == nil) != (b == nil) {
			return fmt.Errorf("%s: nil %v vs %v", path, a == nil, b == nil)
		}
		if a == nil {
			return nil
		}
		if prev, ok := seen[a]; ok {
			if prev != b {
				return fmt.Errorf("%s: sharing differs", path)
			}
			return nil
		}
		seen[a] = b
		if a.Kind != b.Kind || a.Tag != b.Tag || a.Value != b.Value || a.Quoted != b.Quoted ||
			a.Flow != b.Flow || a.Span != b.Span || a.Anchor != b.Anchor {
			return fmt.Errorf("%s: %+v vs %+v", path, *a, *b)
		}
		if len(a.Pairs) != len(b.Pairs) || len(a.Items) != len(b.Items) {
			return fmt.Errorf("%s: %d/%d pairs, %d/%d items", path, len(a.Pairs), len(b.Pairs), len(a.Items), len(b.Items))
		}
		for i := range a.Pairs {
			pa, pb := a.Pairs[i], b.Pairs[i]
			if pa.Merged != pb.Merged {
				return fmt.Errorf("%s: pair %d merged %v vs %v", path, i, pa.Merged, pb.Merged)
			}
			if err := walk(pa.Key, pb.Key, path+"/"+pa.Key.Value+"(key)"); err != nil {
				return err
			}
			if err := walk(pa.Value, pb.Value, path+"/"+pa.Key.Value); err != nil {
				return err
			}
		}
		for i := range a.Items {
			if err := walk(a.Items[i], b.Items[i], fmt.Sprintf("%s/%d", path, i)); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(a, b, "")
}

func dupStrings(ds []Duplicate) []string {
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%v<-%v", d.Key.Span, d.First.Span))
	}
	sort.Strings(out)
	return out
}

// realisticFiles returns the generated fixtures, the bundled example and the
// real-world corpus when it is present.
func realisticFiles(t *testing.T) map[string]string {
	t.Helper()
	files := map[string]string{}
	var paths []string
	for _, pattern := range []string{"../testdata/incremental/*.yml", "../../examples/*.yml", "../../../shared/corpus/realworld/*.yml"} {
		m, _ := filepath.Glob(pattern)
		paths = append(paths, m...)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(p)] = string(data)
	}
	if len(files) == 0 {
		t.Fatal("no realistic files found")
	}
	return files
}

// The split parse must give the tree yaml.v3 gives for the whole text,
// node for node, whenever the whole text parses.
func TestSplitParseEqualsWholeParse(t *testing.T) {
	files := realisticFiles(t)
	for name, src := range extraCases {
		files[name] = src
	}
	compared := 0
	for name, src := range files {
		want, wantDups, err := wholeParse(src)
		if err != nil {
			continue // broken files are compared for isolation elsewhere
		}
		compared++
		f := Parse(src)
		if len(f.Errors) != 0 {
			t.Errorf("%s: split parse reports %+v", name, f.Errors)
			continue
		}
		if err := sameTree(want, f.Root); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if w, g := dupStrings(wantDups), dupStrings(f.Duplicates); strings.Join(w, " ") != strings.Join(g, " ") {
			t.Errorf("%s: duplicates %v, want %v", name, g, w)
		}
	}
	t.Logf("compared %d of %d files", compared, len(files))
	if compared < len(extraCases) {
		t.Fatalf("only %d files parse as a whole", compared)
	}
}

// extraCases exercise what the realistic files may not: anchors used
// across pieces, redefined anchors, merges of merges, duplicate entries
// across pieces, continuation lines at an entry's indentation.
var extraCases = map[string]string{
	"cross-piece aliases": "custom:\n  a: &a {x: 1}\n  b: &b\n    <<: *a\n    y: 2\n" +
		"functions:\n  f:\n    <<: *b\n    z: *a\n  g:\n    v: *b\n",
	"redefined anchor":             "custom:\n  one: &x 1\n  two: &x 2\nfunctions:\n  f:\n    v: *x\n  g: &x 3\n  h:\n    v: *x\n",
	"duplicate entries":            "functions:\n  f:\n    a: 1\n  g: {}\n  f:\n    a: 2\nresources:\n  Resources:\n    T: 1\n    T: 2\nfunctions: {}\n",
	"sequence value at key indent": "plugins:\n- a\n- b\nfunctions:\n  f:\n    events:\n    - stream: x\n",
	"functions as a list":          "functions:\n  - ${file(a.yml)}\n  - f:\n      handler: x\n",
	"value on next line":           "functions:\n  ${file(functions.yml)}\nresources:\n  ${file(r.yml)}\n",
	"comments and blanks":          "# head\n\nservice: s # c\n\nfunctions: # all of them\n  # first\n  f:\n    a: 1\n\n  # second\n  g:\n    b: 2\n# tail\n",
	"crlf":                         "service: s\r\nfunctions:\r\n  f:\r\n    a: 1\r\n  g:\r\n    b: &x 2\r\ncustom:\r\n  c: *x\r\n",
	"leading document marker":      "---\nservice: s\nfunctions:\n  f: {}\n",
	"second document":              "service: s\n---\nother: 1\n",
	"merge at functions level":     "custom:\n  c: &c {f: {a: 1}}\nfunctions:\n  <<: *c\n  g: {}\n",
	"not a mapping":                "- a\n- b\n",
	"resources split":              "resources:\n  Resources:\n    T:\n      Type: AWS::DynamoDB::Table\n    S: &s\n      Type: AWS::Kinesis::Stream\n  Outputs:\n    O:\n      Value: !GetAtt T.Arn\n    P: *s\n",
	"empty header":                 "functions:\nresources:\n  Resources:\n",
	"keys that resolve":            "true: 1\nnull: 2\nfunctions:\n  1: {}\n  ~: {}\n",
	"flow at entry indent":         "a: [1,\n2]\nb: \"x\ny\"\nfunctions:\n  f: [1,\n  2]\n  g: 'a\n  b'\n",
	"nel":                          "a: 1\u0085b: 2\nfunctions:\n  f: 1\u2028  g: 2\n",
}

// An incremental analysis keeps pieces across versions, so a piece must
// not hold on to the text it was cut from: a header's key sliced from it
// would keep a whole version of the document alive.
func TestHeaderKeysDoNotShareTheText(t *testing.T) {
	text := "functions:\n  a:\n    handler: h\n  b:\n    handler: h\nresources:\n  Resources:\n    T:\n      Type: X\n"
	lo := uintptr(unsafe.Pointer(unsafe.StringData(text)))
	hi := lo + uintptr(len(text))
	headers := 0
	for _, p := range Split(document.NewText(text), document.NewMapper(text)) {
		if !p.Header {
			continue
		}
		headers++
		if at := uintptr(unsafe.Pointer(unsafe.StringData(p.Key))); at >= lo && at < hi {
			t.Errorf("the key %q of the header at byte %d points into the text", p.Key, p.Start)
		}
	}
	if headers != 3 {
		t.Errorf("found %d header pieces, want 3 (functions, resources, Resources)", headers)
	}
}

// BenchmarkSplit cuts the generated file of 1,000 functions into pieces,
// as opening it does before anything runs in parallel.
func BenchmarkSplit(b *testing.B) {
	text := benchText(b)
	m := document.NewMapper(text)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Split(m.Text(), m)
	}
}
