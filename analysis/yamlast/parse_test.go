package yamlast

import (
	"strings"
	"testing"
)

// at returns the text a node's span covers.
func at(f *File, n *Node) string { return f.Text.Slice(n.Span.Start, n.Span.End) }

// path walks mapping keys and sequence indexes written as "a.b.0.c".
func path(t *testing.T, f *File, p string) *Node {
	t.Helper()
	n := f.Root
	for _, part := range strings.Split(p, ".") {
		if n == nil {
			t.Fatalf("path %s: nil before %s", p, part)
		}
		if n.Kind == Sequence {
			i := int(part[0] - '0')
			n = n.Items[i]
			continue
		}
		n = n.Get(part)
	}
	if n == nil {
		t.Fatalf("path %s: not found", p)
	}
	return n
}

func TestScalarSpansCoverTheValueAsWritten(t *testing.T) {
	src := "a: !GetAtt T.StreamArn   # trailing comment\n" +
		"b:\n" +
		"c: \"dq \\\" é😀\"\n" +
		"d: 'it''s'\n" +
		"e: plain  words\n   folded # c\n" +
		"f: |\n  lit\n\n  two\ng: next\n" +
		"h: [1, \"x]\", {k: v}]\n" +
		"i: ~\n" +
		"j: !GetAtt\n  - T\n  - Arn\n" +
		"k: arn:aws:kinesis:#{AWS::Region}:${self:custom.account}:stream/s # note\n" +
		"é😀: z\n"
	f := Parse(src)
	if len(f.Errors) != 0 {
		t.Fatalf("errors: %+v", f.Errors)
	}
	for _, tc := range []struct{ path, want string }{
		{"a", "!GetAtt T.StreamArn"},
		{"b", ""},
		{"c", "\"dq \\\" é😀\""},
		{"d", "'it''s'"},
		{"e", "plain  words\n   folded"},
		{"f", "|\n  lit\n\n  two"},
		{"g", "next"},
		{"h", "[1, \"x]\", {k: v}]"},
		{"h.1", "\"x]\""},
		{"h.2", "{k: v}"},
		{"h.2.k", "v"},
		{"i", "~"},
		{"j", "!GetAtt\n  - T\n  - Arn"},
		{"j.1", "Arn"},
		{"k", "arn:aws:kinesis:#{AWS::Region}:${self:custom.account}:stream/s"},
		{"é😀", "z"},
	} {
		if got := at(f, path(t, f, tc.path)); got != tc.want {
			t.Errorf("%s: span covers %q, want %q", tc.path, got, tc.want)
		}
	}
	if n := path(t, f, "b"); n.Kind != Null || n.Span.Start != strings.Index(src, "b:")+2 {
		t.Errorf("empty value: kind %v at %d", n.Kind, n.Span.Start)
	}
	if tag, ok := path(t, f, "a").ShortTag(); !ok || tag != "!GetAtt" {
		t.Errorf("short tag = %q %v", tag, ok)
	}
}

func TestKeySpanAndBlockMappingSpan(t *testing.T) {
	src := "functions:\n  fn:\n    events:\n      - stream:\n          arn: x\n          batchSize: 10\n"
	f := Parse(src)
	ev := path(t, f, "functions.fn.events.0")
	if got := at(f, ev); got != "stream:\n          arn: x\n          batchSize: 10" {
		t.Errorf("event mapping span = %q", got)
	}
	p := path(t, f, "functions.fn.events.0.stream").Pair("batchSize")
	if got := at(f, p.Key); got != "batchSize" {
		t.Errorf("key span = %q", got)
	}
}

func TestMergeKeysAndAliasesResolveToTheAnchor(t *testing.T) {
	src := "defaults: &d\n  batchSize: 10\n  enabled: true\n" +
		"x:\n  <<: *d\n  enabled: false\n" +
		"y: *d\n"
	f := Parse(src)
	x := path(t, f, "x")
	if got := at(f, x.Get("enabled")); got != "false" {
		t.Errorf("explicit key must override merged: %q", got)
	}
	bs := x.Pair("batchSize")
	if bs == nil || !bs.Merged || bs.Key.Span.Start != strings.Index(src, "batchSize") {
		t.Fatalf("merged pair must keep the anchor's span: %+v", bs)
	}
	if path(t, f, "y") != path(t, f, "defaults") {
		t.Errorf("alias must share the anchored node")
	}
}

func TestAliasCyclesAndBombsTerminate(t *testing.T) {
	f := Parse("a: &a [*a]\nb: &b {<<: *b, k: 1}\n")
	if len(f.Errors) != 0 {
		t.Fatalf("errors: %+v", f.Errors)
	}
	if path(t, f, "a.0").Kind != Null {
		t.Errorf("self-reference must become null")
	}
	var b strings.Builder
	b.WriteString("l00: &l00 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 30; i++ {
		b.WriteString("l" + itoa(i) + ": &l" + itoa(i) + " [")
		for j := 0; j < 10; j++ {
			b.WriteString("*l" + itoa(i-1) + ", ")
		}
		b.WriteString("x]\n")
	}
	f = Parse(b.String())
	if len(f.Errors) != 0 || f.Root == nil {
		t.Fatalf("bomb: %+v", f.Errors)
	}
}

func itoa(i int) string { return string(rune('0'+i/10)) + string(rune('0'+i%10)) }

func TestDuplicateKeysAreRecorded(t *testing.T) {
	f := Parse("a: 1\nb: 2\na: 3\n")
	if len(f.Duplicates) != 1 || at(f, f.Duplicates[0].Key) != "a" || f.Duplicates[0].Key.Span.Start != 10 {
		t.Fatalf("duplicates = %+v", f.Duplicates)
	}
}

func TestSyntaxErrorInOneFunctionKeepsTheOthers(t *testing.T) {
	src := "service: s\n" +
		"functions:\n" +
		"  good:\n" +
		"    handler: a.b\n" +
		"  broken:\n" +
		"    handler: [a, b\n" +
		"    events: []\n" +
		"  alsoGood:\n" +
		"    handler: c.d\n" +
		"resources:\n" +
		"  Resources: {}\n"
	f := Parse(src)
	if len(f.Errors) != 1 {
		t.Fatalf("want one error, got %+v", f.Errors)
	}
	errLine := f.Mapper.OffsetLine(f.Errors[0].Span.Start)
	if errLine < 4 || errLine > 7 {
		t.Errorf("error on line %d (%q), want inside the broken function (lines 4-7)", errLine, f.Errors[0].Message)
	}
	for _, p := range []string{"service", "functions.good.handler", "functions.alsoGood.handler", "resources.Resources"} {
		path(t, f, p)
	}
	if got := at(f, path(t, f, "functions.alsoGood.handler")); got != "c.d" {
		t.Errorf("positions after the broken block: %q", got)
	}
}

func TestUnknownAnchorPointsAtTheAlias(t *testing.T) {
	src := "a: 1\nb: *nope\n"
	f := Parse(src)
	if len(f.Errors) != 1 || src[f.Errors[0].Span.Start:f.Errors[0].Span.End] != "*nope" {
		t.Fatalf("errors = %+v", f.Errors)
	}
}

func TestEmptyAndNonMappingDocuments(t *testing.T) {
	for _, src := range []string{"", "# only a comment\n", "- a\n- b\n", "just a scalar", "\x00\xff"} {
		f := Parse(src)
		_ = f
	}
}
