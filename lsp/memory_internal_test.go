package lsp

import (
	"slices"
	"testing"
)

func TestBudgetForKeepsHeadroomAboveTheLargerNeed(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct {
		name       string
		live, text int64
		want       int64
	}{
		{"nothing open", 3 * mib, 0, budgetFloor},
		{"a small file stays at the floor", 10 * mib, 1 * mib, budgetFloor},
		{"a file just opened: its size", 5 * mib, 6 * mib, 48*mib + budgetHeadroom},
		{"once analysed: the live heap when larger", 60 * mib, 6 * mib, 60*mib + budgetHeadroom},
	} {
		if got := budgetFor(c.live, c.text); got != c.want {
			t.Errorf("%s: budgetFor(%d MiB, %d MiB) = %d MiB, want %d MiB", c.name, c.live/mib, c.text/mib, got/mib, c.want/mib)
		}
	}
}

// The limit follows the open documents and is set again only when the
// need moved by more than the slack.
func TestMemoryBudgetSetsTheLimitWhenTheNeedMoves(t *testing.T) {
	var text int64
	var sets []int64
	b := newMemoryBudget(func() int64 { return text })
	b.live = func() int64 { return 30 << 20 }
	b.set = func(limit int64) int64 { sets = append(sets, limit); return 0 }

	b.update()
	text = 20 << 20
	b.update()
	text += 100 << 10 // a paste: the estimate moves less than the slack
	b.update()
	text = 0
	b.update()
	want := []int64{budgetFloor, 160<<20 + budgetHeadroom, budgetFloor}
	if !slices.Equal(sets, want) {
		t.Fatalf("limits set: %v, want %v: the floor, the estimate for 20 MiB of text, and the floor once it closed", sets, want)
	}

	var none *memoryBudget
	none.update() // a server told to leave the collector alone
}
