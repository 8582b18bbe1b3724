package yamlast

import (
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/stream-ls/stream-ls/analysis/internal/corpus"
)

// Nodes built in released memory are the nodes a fresh Materialize builds,
// whatever was built there before, and a released result lets go of them.
func TestMaterializeReusableBuildsInReleasedMemory(t *testing.T) {
	files, _ := filepath.Glob("../testdata/incremental/*.yml")
	if dir, ok := corpus.Dir(); ok {
		more, _ := filepath.Glob(filepath.Join(dir, "*.y*ml"))
		files = append(files, more...)
	}
	var trees []*Tree
	for _, file := range files {
		for _, piece := range filePieces(t, file) {
			if tr := ParsePiece(piece, Piece{End: len(piece)}); tr.Err == nil {
				if _, unresolved := tr.Unresolved(func(string) bool { return false }); !unresolved {
					trees = append(trees, tr)
				}
			}
		}
	}
	if len(trees) < 100 {
		t.Fatalf("only %d pieces to build", len(trees))
	}
	r := rand.New(rand.NewPCG(5, 8))
	var held []*Materialized
	for i := range 20 * len(trees) {
		tr := trees[r.IntN(len(trees))]
		base := r.IntN(1000)
		got := tr.MaterializeReusable(base, nil)
		want := tr.Materialize(base, nil)
		if err := sameTree(got.Root, want.Root); err != nil {
			t.Fatalf("build %d: %v", i, err)
		}
		if len(got.Duplicates) != len(want.Duplicates) || len(got.RootDuplicates) != len(want.RootDuplicates) {
			t.Fatalf("build %d: duplicates differ", i)
		}
		// Release in another order than built, some at once, some later.
		held = append(held, got)
		for len(held) > 0 && r.IntN(2) == 0 {
			k := r.IntN(len(held))
			held[k].Release()
			if held[k].Root != nil {
				t.Fatal("a released result still has its nodes")
			}
			held = append(held[:k], held[k+1:]...)
		}
	}
	// Releasing what Materialize built, or twice, does nothing.
	m := trees[0].Materialize(0, nil)
	m.Release()
	m.Release()
}
