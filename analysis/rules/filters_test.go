package rules

import (
	"math/rand/v2"
	"testing"

	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// TestJSONFitsInBoundsPatternJSON checks that jsonFitsIn, which lets
// stream-filter-pattern-too-long skip writing most patterns, never says a
// pattern fits when its JSON does not.
func TestJSONFitsInBoundsPatternJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	tags := []string{"!!str", "!!int", "!!bool", "!!float", "!!null", "!!binary"}
	values := []string{"", "a", "1", "0x1F", "1e400", "-1.2345678901234567e-300", "0.0000012345678901234567", ".inf",
		"TRUE", "İ", "Ⱥ", "\x01\x02\x1f", "\"\\\n", "é", "😀", "\xff", "1_000", "123456789012345678901234567890"}
	var gen func(depth int) *yamlast.Node
	gen = func(depth int) *yamlast.Node {
		switch k := r.IntN(5); {
		case depth > 4 || k <= 1:
			return &yamlast.Node{Kind: yamlast.Scalar, Tag: tags[r.IntN(len(tags))], Value: values[r.IntN(len(values))]}
		case k == 2:
			if r.IntN(2) == 0 {
				return &yamlast.Node{Kind: yamlast.Null, Tag: "!!null"}
			}
			n := &yamlast.Node{Kind: yamlast.Sequence}
			for range r.IntN(5) {
				n.Items = append(n.Items, gen(depth+1))
			}
			return n
		default:
			n := &yamlast.Node{Kind: yamlast.Mapping}
			for range r.IntN(6) {
				key := &yamlast.Node{Kind: yamlast.Scalar, Tag: tags[r.IntN(len(tags))], Value: values[r.IntN(len(values))]}
				if r.IntN(8) == 0 {
					key = &yamlast.Node{Kind: yamlast.Null, Tag: "!!null"}
				}
				n.Pairs = append(n.Pairs, &yamlast.Pair{Key: key, Value: gen(depth + 1), Merged: r.IntN(4) == 0})
			}
			return n
		}
	}
	fitting := 0
	for range 50000 {
		n := gen(0)
		text, ok := patternJSON(n)
		if !ok {
			continue
		}
		length := jsLength(text)
		for _, limit := range []int{0, 10, 100, 1000, 4096} {
			if jsonFitsIn(n, limit) {
				fitting++
				if length > limit {
					t.Fatalf("jsonFitsIn(%s, %d), but it is %d long", text, limit, length)
				}
			}
		}
	}
	if fitting == 0 {
		t.Fatal("no pattern fitted: the test tells nothing")
	}
}
