package analysis

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/navigate"
	usersettings "github.com/stream-ls/stream-ls/analysis/settings"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// Benchmarks run on files that ../shared/bench/gen.mjs generates (set
// STREAMLS_GEN to its path elsewhere); they are cached in the temporary
// directory, never committed. Run them with
//
//	go test ./analysis -run '^$' -bench . -benchmem
var benchSizes = []int{10, 100, 1000, 5000}

var genCache sync.Map

func genFile(b *testing.B, n int) string {
	b.Helper()
	if v, ok := genCache.Load(n); ok {
		return v.(string)
	}
	gen := os.Getenv("STREAMLS_GEN")
	if gen == "" {
		gen = filepath.Join("..", "..", "shared", "bench", "gen.mjs")
	}
	dir := filepath.Join(os.TempDir(), "stream-ls-bench")
	path := filepath.Join(dir, fmt.Sprintf("n%d-seed1.yml", n))
	data, err := os.ReadFile(path)
	if err != nil {
		if _, err := os.Stat(gen); err != nil {
			b.Skipf("no generator at %s (set STREAMLS_GEN)", gen)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			b.Fatal(err)
		}
		if out, err := exec.Command("node", gen, fmt.Sprint(n), path, "--seed", "1").CombinedOutput(); err != nil {
			b.Skipf("generating N=%d: %v: %s", n, err, out)
		}
		if data, err = os.ReadFile(path); err != nil {
			b.Fatal(err)
		}
	}
	genCache.Store(n, string(data))
	return string(data)
}

// endOfLine returns the offset of the end of the first line that contains
// marker after offset from.
func endOfLine(text, marker string, from int) int {
	i := strings.Index(text[from:], marker)
	if i < 0 {
		return -1
	}
	i += from
	return i + strings.IndexByte(text[i:], '\n')
}

func BenchmarkParse(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			text := genFile(b, n)
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				yamlast.Parse(text)
			}
		})
	}
}

// BenchmarkAnalyze is the analysis from scratch: what opening a file costs.
func BenchmarkAnalyze(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			text := genFile(b, n)
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				NewSession(Options{}).Update(text, nil)
			}
		})
	}
}

// BenchmarkEdit is one keystroke: a character typed, then deleted, at the
// end of a line, analysed incrementally. "function" types in the
// description of the middle function; "anchor" types where lspbench types
// by default, in the first batchSize: line, which is the streamDefaults
// anchor that about half the stream events merge: a value swap (see
// valueSwap), which checks none of them again (units/op 0).
func BenchmarkEdit(b *testing.B) {
	for _, where := range []string{"function", "anchor"} {
		for _, n := range benchSizes {
			b.Run(fmt.Sprintf("%s/N=%d", where, n), func(b *testing.B) {
				text := genFile(b, n)
				var at int
				if where == "function" {
					at = endOfLine(text, "description:", strings.Index(text, fmt.Sprintf("fn%04d:", n/2)))
				} else {
					at = endOfLine(text, "batchSize:", 0)
				}
				s := typeAndDelete(b, text, at, func(*Session, *Result) {})
				st := s.Stats()
				b.ReportMetric(float64(st.Units), "units/op")
				b.ReportMetric(float64(st.Parsed), "parsed/op")
			})
		}
	}
}

// BenchmarkSessionMemory reports the heap a session keeps for a file, the
// analysis's share of a language server's memory.
func BenchmarkSessionMemory(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			text := genFile(b, n)
			var live uint64
			for b.Loop() {
				runtime.GC()
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				s := NewSession(Options{})
				s.Update(text, nil)
				runtime.GC()
				runtime.ReadMemStats(&after)
				live = after.HeapAlloc - before.HeapAlloc
				runtime.KeepAlive(s)
			}
			b.ReportMetric(float64(live)/(1<<20), "live-MB")
			b.ReportMetric(float64(len(text))/(1<<20), "text-MB")
		})
	}
}

// BenchmarkSnapshotModel is building the whole model of an analysed
// version (Snapshot.Model), and BenchmarkSnapshotModelAt the model of the
// function under a cursor (Snapshot.ModelAt), which is what hover needs.
func BenchmarkSnapshotModel(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			text := genFile(b, n)
			s := NewSession(Options{})
			s.Update(text, nil)
			b.ReportAllocs()
			old := s.Snapshot()
			for b.Loop() {
				sn := &Snapshot{Text: old.Text, Mapper: old.Mapper, slots: old.slots, settings: old.settings}
				sn.Model()
			}
		})
	}
}

func BenchmarkSnapshotModelAt(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			text := genFile(b, n)
			s := NewSession(Options{})
			s.Update(text, nil)
			at := strings.Index(text, fmt.Sprintf("fn%04d:", n/2)) + 40
			old := s.Snapshot()
			b.ReportAllocs()
			for b.Loop() {
				// A new snapshot each time: the first question about a
				// version pays for its index.
				sn := &Snapshot{Text: old.Text, Mapper: old.Mapper, slots: old.slots, settings: old.settings,
					functionsFile: old.functionsFile}
				sn.ModelAt(at)
			}
		})
	}
}

// BenchmarkEditFinish is BenchmarkEdit's keystroke as the language server
// handles it: the incremental update, then Finish (settings and
// suppression comments). "function" is the generated file as is, with no
// suppression comment; "directives" adds some of every kind, a block
// directive on the `functions:` line among them.
func BenchmarkEditFinish(b *testing.B) {
	for _, where := range []string{"function", "directives"} {
		for _, n := range benchSizes {
			b.Run(fmt.Sprintf("%s/N=%d", where, n), func(b *testing.B) {
				text := genFile(b, n)
				if where == "directives" {
					text = withDirectives(text)
				}
				at := endOfLine(text, "description:", strings.Index(text, fmt.Sprintf("fn%04d:", n/2)))
				var st usersettings.Settings
				typeAndDelete(b, text, at, func(s *Session, r *Result) { s.Snapshot().Finish(r.Diagnostics, st) })
			})
		}
	}
}

// withDirectives adds suppression comments to a generated file: a block
// directive for all functions, and one of each kind in about one function
// in ten.
func withDirectives(text string) string {
	text = strings.Replace(text, "\nfunctions:\n", "\nfunctions: # stream-ls-disable stream-enum-value\n", 1)
	var b strings.Builder
	for i, part := range strings.SplitAfter(text, "\n") {
		if strings.HasPrefix(part, "  fn") && i%10 == 0 {
			b.WriteString("  # stream-ls-disable-next-line stream-unknown-key, not-a-rule -- bench\n")
			b.WriteString(strings.TrimSuffix(part, "\n") + " # stream-ls-disable stream-dynamodb-readers\n")
			continue
		}
		if strings.Contains(part, "batchSize:") && i%10 == 0 {
			b.WriteString(strings.TrimSuffix(part, "\n") + " # stream-ls-disable-line stream-integer-value\n")
			continue
		}
		b.WriteString(part)
	}
	return b.String()
}

// typeAndDelete opens text in a session and times keystrokes at byte
// offset at: "1" typed, then deleted, each analysed incrementally and
// handed to after.
func typeAndDelete(b *testing.B, text string, at int, after func(*Session, *Result)) *Session {
	b.Helper()
	if at < 0 {
		b.Fatal("no edit position")
	}
	s := NewSession(Options{})
	s.Update(text, nil)
	typed := text[:at] + "1" + text[at:]
	insert := []document.Edit{{Start: at, End: at, Text: "1"}}
	remove := []document.Edit{{Start: at, End: at + 1}}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if i%2 == 0 {
			after(s, s.Update(typed, insert))
		} else {
			after(s, s.Update(text, remove))
		}
		i++
	}
	return s
}

// BenchmarkOutline is documentSymbol's outline (Snapshot.Symbols):
// "first" reads every piece, as the first outline of a session does;
// "keystroke" is BenchmarkEdit's keystroke in a function followed by the
// outline, which reads that function's piece again.
func BenchmarkOutline(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("first/N=%d", n), func(b *testing.B) {
			s := NewSession(Options{})
			s.Update(genFile(b, n), nil)
			sn := s.Snapshot()
			b.ReportAllocs()
			for b.Loop() {
				for _, sl := range s.st.slots {
					sl.p.outline.Store(nil)
				}
				s.st.outline.res = nil
				sn.Symbols()
			}
		})
	}
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("keystroke/N=%d", n), func(b *testing.B) {
			text := genFile(b, n)
			at := endOfLine(text, "description:", strings.Index(text, fmt.Sprintf("fn%04d:", n/2)))
			typeAndDelete(b, text, at, func(s *Session, _ *Result) { s.Snapshot().Symbols() })
		})
	}
}

// BenchmarkSymbols is the outline of an analysed version, built from its
// whole model (what documentSymbol answered before Snapshot.Symbols); the
// model itself is BenchmarkSnapshotModel.
func BenchmarkSymbols(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			s := NewSession(Options{})
			s.Update(genFile(b, n), nil)
			model := s.Snapshot().Model()
			b.ReportAllocs()
			for b.Loop() {
				navigate.Symbols(model)
			}
		})
	}
}
