package document_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/stream-ls/stream-ls/analysis/document"
)

// yaml.v3 follows YAML 1.1 in a few places where LSP and YAML 1.2 do not:
// NEL, LS and PS end lines, and a BOM at the start of the stream is dropped
// before columns are counted. These cases pin YAMLMarkOffset to what the
// parser actually reports, which TestYAMLMarkOffsetAgreesWithParser checks
// against yaml.v3 itself.
func TestYAMLMarkOffsetFollowsYAMLLineBreaks(t *testing.T) {
	tests := []struct {
		name         string
		src          string // text with '^' at the expected offset
		line, column int
	}{
		{name: "a leading BOM is not a column", src: "\ufeff^a: b", line: 1, column: 1},
		{name: "columns on the first line start after a leading BOM", src: "\ufeffa: ^b", line: 1, column: 4},
		{name: "a leading BOM does not shift later lines", src: "\ufeffa: b\nc: ^d", line: 2, column: 4},
		{name: "LS ends a line", src: "a: x\u2028^b: y", line: 2, column: 1},
		{name: "PS ends a line", src: "a: x\u2029b: ^y", line: 2, column: 4},
		{name: "NEL ends a line", src: "a: x\u0085^b: y", line: 2, column: 1},
		{name: "LS then LF are two line breaks", src: "a: x # c\u2028\n^b: y", line: 3, column: 1},
		{name: "LS inside a quoted scalar still ends a line", src: "k: \"\u2028\"\n^z: 1", line: 3, column: 1},
		{name: "a column past the end of a line clamps before LS", src: "ab^\u2028c", line: 1, column: 9},
		{name: "a column past the end of a line clamps before NEL", src: "é^\u0085c", line: 1, column: 9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, want := caret(t, tt.src)
			if got := document.NewMapper(text).YAMLMarkOffset(tt.line, tt.column); got != want {
				t.Errorf("YAMLMarkOffset(%q, %d, %d) = %d, want %d", text, tt.line, tt.column, got, want)
			}
		})
	}
}

func TestYAMLMarkOffsetAgreesWithParser(t *testing.T) {
	docs := map[string]string{
		"ascii":        "service: demo\nprovider:\n  name: aws\n  runtime: nodejs20.x\n",
		"crlf":         "service: demo\r\nprovider:\r\n  name: aws\r\n",
		"lone cr":      "service: demo\rprovider:\r  name: aws\r",
		"non-ascii":    "service: démo\nfunctions:\n  日本: {handler: h.😀, description: \"é😀\"}\n  x: [a, 'b', é]\n",
		"bom":          "\ufeffservice: demo\nprovider: {name: aws}\n",
		"ls":           "a: x\u2028b: y\nc: z\n",
		"nel":          "a: é # c\u0085\nb: 😀\n",
		"ps in quotes": "k: \"a\u2029b\"\nz: 1\n",
		"block scalar": "a: |\n  é😀\n  x\nb: >\n  y\nc: d\n",
	}
	files, err := filepath.Glob(filepath.Join("testdata", "*.yml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs[f] = string(b)
	}
	for name, text := range docs {
		t.Run(name, func(t *testing.T) {
			n := checkYAMLMarks(t, text)
			if n == 0 {
				t.Fatalf("the parser reported no node to check in %q", text)
			}
		})
	}
}

// checkYAMLMarks parses text with yaml.v3 and checks that every node's mark
// converts to the offset of the rune the node starts with. It returns how many
// nodes it checked; text that does not parse checks none.
func checkYAMLMarks(t *testing.T, text string) int {
	t.Helper()
	if strings.HasPrefix(text, "\xff\xfe") || strings.HasPrefix(text, "\xfe\xff") {
		// yaml.v3 decodes text behind a UTF-16 BOM as UTF-16; its marks then
		// count UTF-16 characters of a text no editor sends as a string.
		return 0
	}
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(text), &root); err != nil {
		return 0
	}
	m := document.NewMapper(text)
	checked := 0
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		for _, c := range n.Content {
			walk(c)
		}
		if n.Kind != yaml.ScalarNode && n.Kind != yaml.AliasNode {
			return
		}
		var want rune
		switch {
		case n.Kind == yaml.AliasNode:
			want = '*'
		case n.Style&yaml.DoubleQuotedStyle != 0:
			want = '"'
		case n.Style&yaml.SingleQuotedStyle != 0:
			want = '\''
		case n.Style&yaml.LiteralStyle != 0:
			want = '|'
		case n.Style&yaml.FoldedStyle != 0:
			want = '>'
		case n.Value == "":
			// An empty plain scalar has nothing in the text to point at.
			return
		default:
			want, _ = utf8.DecodeRuneInString(n.Value)
		}
		off := m.YAMLMarkOffset(n.Line, n.Column)
		got, _ := utf8.DecodeRuneInString(text[off:])
		// A node with properties is marked at the first of them, a tag or
		// an anchor in either order; the bare tag "!" leaves no trace in
		// the node, so properties are recognized in the text instead.
		if got != want && got != '!' && got != '&' {
			t.Errorf("node %q at %d:%d maps to offset %d, which starts with %q, want %q\ntext: %q",
				n.Value, n.Line, n.Column, off, got, want, text)
		}
		checked++
	}
	walk(&root)
	return checked
}
