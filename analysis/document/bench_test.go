package document_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stream-ls/stream-ls/analysis/document"
)

const benchLines = 40_000

// benchText is a serverless.yml-shaped text of benchLines lines. The
// non-ASCII variant puts one multi-byte rune on every tenth line, which is
// enough to take the mapper off its ASCII fast path everywhere.
func benchText(nonASCII bool) string {
	var b strings.Builder
	b.WriteString("service: bench\nfunctions:\n")
	for i := 2; i < benchLines; i++ {
		switch {
		case i%4 == 2:
			fmt.Fprintf(&b, "  fn%d:\n", i)
		case i%4 == 3:
			fmt.Fprintf(&b, "    handler: src/handlers/fn%d.main\n", i)
		case nonASCII && i%10 == 0:
			fmt.Fprintf(&b, "    description: \"fonction n°%d 😀 日本\"\n", i)
		default:
			fmt.Fprintf(&b, "    description: \"function number %d\"\n", i)
		}
	}
	return b.String()
}

var benchVariants = []struct {
	name     string
	nonASCII bool
}{{"ascii", false}, {"non-ascii", true}}

func BenchmarkNewMapper(b *testing.B) {
	for _, v := range benchVariants {
		b.Run(v.name, func(b *testing.B) {
			text := benchText(v.nonASCII)
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				document.NewMapper(text)
			}
		})
	}
}

func BenchmarkOffsetPosition(b *testing.B) {
	for _, v := range benchVariants {
		b.Run(v.name, func(b *testing.B) {
			text := benchText(v.nonASCII)
			m := document.NewMapper(text)
			// Offsets spread over the whole text, on rune starts or not: the
			// cost is a binary search plus a walk of one line.
			const n = 1024
			offs := make([]int, n)
			for i := range offs {
				offs[i] = i * (len(text) / n)
			}
			i := 0
			for b.Loop() {
				m.OffsetPosition(offs[i%n])
				i++
			}
		})
	}
}

// BenchmarkApplyChanges measures one keystroke in the middle of the text, what
// every didChange costs; the batch case is a multi-cursor edit.
func BenchmarkApplyChanges(b *testing.B) {
	for _, v := range benchVariants {
		text := benchText(v.nonASCII)
		mid := benchLines / 2
		b.Run(v.name+"/one-change", func(b *testing.B) {
			changes := []document.Change{edit(mid, 4, mid, 4, "x")}
			for b.Loop() {
				if _, err := document.ApplyChanges(text, changes); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(v.name+"/ten-changes", func(b *testing.B) {
			var changes []document.Change
			for i := range 10 {
				l := benchLines - 1 - i*(benchLines/10)
				changes = append(changes, edit(l, 0, l, 0, "# "))
			}
			for b.Loop() {
				if _, err := document.ApplyChanges(text, changes); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
