package serverless

import (
	"slices"
	"testing"

	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// Mentions must name exactly the logical IDs that IntrinsicOf finds in
// GetAtt and Ref calls, whatever form they are written in.
func TestMentionsAgreeWithIntrinsicOf(t *testing.T) {
	src := `a: !GetAtt T1.Arn
b: {Ref: T2}
c: {"Fn::GetAtt": [T3, StreamArn]}
d: !Ref T4
e: {"Fn::GetAtt": T5.Arn}
f: {"Fn::GetAtt": [!Ref T6, Arn]}
g: {Ref: T7, Other: x}
h: [{"Fn::Join": ["", [{Ref: T8}]]}]
i: !GetAtt [T9, Arn]
j: {"Fn::ImportValue": T10}
k: !Sub ${T11}
l: &x {Ref: T12}
m: *x
n: {"Fn::GetAtt": []}
`
	f := yamlast.Parse(src)
	var want []string
	var walk func(n *yamlast.Node)
	walk = func(n *yamlast.Node) {
		if in, ok := IntrinsicOf(n); ok && (in.Name == "GetAtt" || in.Name == "Ref") && in.LogicalID != "" &&
			!slices.Contains(want, in.LogicalID) {
			want = append(want, in.LogicalID)
		}
		for _, p := range n.Pairs {
			walk(p.Key)
			walk(p.Value)
		}
		for _, it := range n.Items {
			walk(it)
		}
	}
	walk(f.Root)
	got := Mentions(f.Root)
	if !slices.Equal(got, want) {
		t.Fatalf("Mentions = %v, IntrinsicOf finds %v", got, want)
	}
	if len(want) != 9 {
		t.Fatalf("the example should name 9 resources, names %v", want)
	}
}
