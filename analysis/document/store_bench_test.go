package document_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stream-ls/stream-ls/analysis/document"
)

// BenchmarkStoreChange is one keystroke as didChange applies it, on texts
// the size of the generated serverless.yml files (N=5000 is about 6 MB):
// the text is rebuilt whole, the line table is edited.
func BenchmarkStoreChange(b *testing.B) {
	for _, mb := range []int{1, 6} {
		for _, v := range benchVariants {
			text := bigText(mb<<20, v.nonASCII)
			b.Run(fmt.Sprintf("%dMB/%s", mb, v.name), func(b *testing.B) {
				s := document.NewStore()
				s.Open("u", 0, text)
				mid := strings.Count(text, "\n") / 2
				changes := []document.Change{edit(mid, 4, mid, 4, "x")}
				b.SetBytes(int64(len(text)))
				b.ReportAllocs()
				version := int32(0)
				for b.Loop() {
					version++
					if _, err := s.Change("u", version, changes); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// bigText repeats benchText's lines to about size bytes.
func bigText(size int, nonASCII bool) string {
	unit := benchText(nonASCII)
	unit = unit[strings.Index(unit, "functions:\n")+len("functions:\n"):]
	var b strings.Builder
	b.WriteString("service: bench\nfunctions:\n")
	for b.Len() < size {
		b.WriteString(unit)
	}
	return b.String()
}
