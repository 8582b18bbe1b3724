package analysis

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/navigate"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// The incremental analysis must give exactly what an analysis from scratch
// gives, after any sequence of edits. The property test below edits
// realistic files at random (typing, deleting, pasting across functions,
// breaking the YAML and repairing it) and compares after every step.
//
// STREAMLS_SOAK=<seconds> runs it for that long instead of the CI budget.

// corpus returns realistic files: the generated fixtures, the bundled
// example, and the real-world corpus when it is present beside the repo.
func corpus(t testing.TB) map[string]string {
	t.Helper()
	files := map[string]string{}
	var paths []string
	for _, pattern := range []string{"testdata/incremental/*.yml", "../examples/*.yml", "../../shared/corpus/realworld/*.yml"} {
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
		t.Fatal("no test files")
	}
	return files
}

// corpusAndFixtures is corpus and every rule fixture, by path.
func corpusAndFixtures(t testing.TB) map[string]string {
	t.Helper()
	files := corpus(t)
	fixtures, _ := filepath.Glob(filepath.Join("rules", "testdata", "*", "*.yml"))
	for _, f := range fixtures {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		files[f] = string(b)
	}
	return files
}

// replaceAndCompare replaces the first old in text by new as an edit of
// session s, fails the test unless the session then gives what Analyze
// gives, and returns the new text.
func replaceAndCompare(t *testing.T, s *Session, text, old, new string) string {
	t.Helper()
	at := strings.Index(text, old)
	if at < 0 {
		t.Fatalf("no %q in the text", old)
	}
	next := text[:at] + new + text[at+len(old):]
	got := s.Update(next, []Edit{{Start: at, End: at + len(old), Text: new}})
	if g, w := diagText(got.Diagnostics), diagText(Analyze(next).Diagnostics); g != w {
		t.Fatalf("after %q -> %q:\n--- session\n%s\n--- Analyze\n%s", old, new, g, w)
	}
	return next
}

func diagText(ds []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "%d-%d %s %s %q\n", d.Span.Start, d.Span.End, d.Rule, d.Severity, d.Message)
	}
	return b.String()
}

// modelFacts describes what hover and completion read from a model.
func modelFacts(f *serverless.File) string {
	var b strings.Builder
	for _, fn := range f.Functions {
		fmt.Fprintf(&b, "fn %s %v\n", fn.Name, fn.Key.Span)
	}
	for _, ev := range f.Streams {
		fmt.Fprintf(&b, "ev %s/%d %v %v\n", ev.Function.Name, ev.Index, ev.Key.Span, ev.Value.Span)
	}
	for _, id := range f.ResourceOrder {
		r := f.Resources[id]
		fmt.Fprintf(&b, "res %s %s %v\n", id, r.Type, r.Node.Span)
	}
	fmt.Fprintf(&b, "complete=%v plugins=%v mode=%q\n", f.ResourcesComplete, f.HasPlugins, f.ConfigValidationMode)
	for _, e := range f.AST.Errors {
		fmt.Fprintf(&b, "err %v %s\n", e.Span, e.Message)
	}
	var dups []string
	for _, d := range f.AST.Duplicates {
		dups = append(dups, fmt.Sprintf("dup %v %v", d.Key.Span, d.First.Span))
	}
	sort.Strings(dups)
	b.WriteString(strings.Join(dups, "\n"))
	return b.String()
}

// editor makes random edits of the kinds a user makes.
type editor struct {
	r    *rand.Rand
	text string
	// seen holds earlier texts, to go back to (undo, or repairing what
	// an edit broke).
	seen []string
}

var typed = []string{"a", "1", " ", ":", ": ", "\n", "\n  ", "\n      - stream: ", "-", "[", "]", "{", "}", "\"", "'", "#", "&x ", "*x",
	"<<: *streamDefaults\n", "\t", "batchSize: 0\n", "type: kinesis\n", "${self:custom.x}", "!GetAtt T.Arn", "é", "😀", "\r\n", "...", ` "`, ` [`}

func (e *editor) next() (string, document.Edit) {
	t := e.text
	pos := func() int { return e.r.IntN(len(t) + 1) }
	lineStart := func(off int) int { return strings.LastIndexByte(t[:off], '\n') + 1 }
	var ed document.Edit
	switch k := e.r.IntN(100); {
	case k < 30: // type something
		p := pos()
		ed = document.Edit{Start: p, End: p, Text: typed[e.r.IntN(len(typed))]}
	case k < 50: // delete a little
		p := pos()
		ed = document.Edit{Start: p, End: min(len(t), p+1+e.r.IntN(12))}
	case k < 58: // delete whole lines
		p := lineStart(pos())
		end := p
		for n := 1 + e.r.IntN(4); n > 0 && end < len(t); n-- {
			if i := strings.IndexByte(t[end:], '\n'); i >= 0 {
				end += i + 1
			} else {
				end = len(t)
			}
		}
		ed = document.Edit{Start: p, End: end}
	case k < 70: // paste a run of whole lines from elsewhere (across pieces)
		from := lineStart(pos())
		to := from
		for n := 1 + e.r.IntN(8); n > 0 && to < len(t); n-- {
			if i := strings.IndexByte(t[to:], '\n'); i >= 0 {
				to += i + 1
			} else {
				to = len(t)
			}
		}
		p := lineStart(pos())
		ed = document.Edit{Start: p, End: p, Text: t[from:to]}
	case k < 76: // change a number
		p := pos()
		i := strings.IndexAny(t[p:], "0123456789")
		if i < 0 {
			ed = document.Edit{Start: p, End: p, Text: "7"}
			break
		}
		ed = document.Edit{Start: p + i, End: p + i + 1, Text: strconv.Itoa(e.r.IntN(10))}
	case k < 82: // indent or dedent a line
		p := lineStart(pos())
		if e.r.IntN(2) == 0 || !strings.HasPrefix(t[p:], "  ") {
			ed = document.Edit{Start: p, End: p, Text: "  "}
		} else {
			ed = document.Edit{Start: p, End: p + 2}
		}
	case k < 92 && len(e.seen) > 0: // go back to an earlier text
		old := e.seen[e.r.IntN(len(e.seen))]
		ed = document.Diff(t, old)
	case k < 96: // replace everything
		ed = document.Edit{Start: 0, End: len(t), Text: t}
	default: // move a line up
		p := lineStart(pos())
		i := strings.IndexByte(t[p:], '\n')
		if i < 0 || p == 0 {
			ed = document.Edit{Start: p, End: p, Text: "\n"}
			break
		}
		line := t[p : p+i+1]
		q := lineStart(p - 1)
		ed = document.Edit{Start: q, End: p + i + 1, Text: line + t[q:p]}
	}
	next, err := document.ApplyEdits(t, []document.Edit{ed})
	if err != nil {
		panic(err)
	}
	if len(e.seen) < 8 || e.r.IntN(4) == 0 {
		e.seen = append(e.seen, t)
		if len(e.seen) > 16 {
			e.seen = e.seen[1:]
		}
	}
	e.text = next
	return next, ed
}

type propertyRun struct {
	steps, sequences, compared int
}

// runSequence applies steps random edits to text through one session and
// checks every version against an analysis from scratch.
func runSequence(t *testing.T, name, text string, seed uint64, steps int, checkModel bool, pr *propertyRun) bool {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	s := NewSession(Options{})
	// The session reads the text as the server hands it over: a
	// document.Text edited in place of a string, with the mapper the
	// store keeps (every other sequence). Small chunks make the edits,
	// the pieces and the lines cross chunk boundaries.
	m := document.NewTextMapper(document.NewTextChunked(text, 1+int(seed%97)))
	withMapper := seed%2 == 0
	update := func(edits []document.Edit) *Result {
		for _, ed := range edits {
			m = m.Edit(ed)
		}
		if withMapper {
			return s.UpdateMapped(m.Text(), m, edits)
		}
		return s.UpdateMapped(m.Text(), nil, edits)
	}
	update(nil)
	e := &editor{r: r, text: text}
	pr.sequences++
	for i := 0; i < steps; i++ {
		next, ed := e.next()
		var got *Result
		switch r.IntN(10) {
		case 0:
			m = m.Edit(ed)
			got = update(nil)
		case 1:
			// Two edits that make the same text: the session must
			// cope with edits it did not see one by one.
			mid := ed.Start + (ed.End-ed.Start)/2
			first := document.Edit{Start: ed.Start, End: mid}
			second := document.Edit{Start: ed.Start, End: ed.Start + (ed.End - mid), Text: ed.Text}
			got = update([]document.Edit{first, second})
		default:
			got = update([]document.Edit{ed})
		}
		if m.Text().String() != next {
			t.Fatalf("%s seed %d step %d: the edited Text differs from the text", name, seed, i)
		}
		pr.steps++
		if err := samePieces(s, next); err != nil {
			t.Errorf("%s seed %d step %d (edit %+v): %v", name, seed, i, ed, err)
			reportText(t, next)
			return false
		}
		fresh := NewSession(Options{})
		want := fresh.Update(next, nil)
		if sn := s.Snapshot(); sn.Parsed() != fresh.Snapshot().Parsed() || sn.slots != nil && sn.Parsed() != everyPieceParsed(sn) {
			t.Errorf("%s seed %d step %d (edit %+v): Parsed() = %v, from scratch %v, looking at every piece %v",
				name, seed, i, ed, sn.Parsed(), fresh.Snapshot().Parsed(), sn.slots == nil || everyPieceParsed(sn))
			reportText(t, next)
			return false
		}
		if g, w := diagText(got.Diagnostics), diagText(want.Diagnostics); g != w {
			t.Errorf("%s seed %d step %d (edit %+v): incremental and from-scratch differ\n--- incremental\n%s--- from scratch\n%s",
				name, seed, i, ed, g, w)
			reportText(t, next)
			return false
		}
		pr.compared++
		// The outline read piece by piece, from parts kept across
		// versions, is the whole model's.
		if g, w := fmt.Sprintf("%+v", s.Snapshot().Symbols()), fmt.Sprintf("%+v", navigate.Symbols(fresh.Snapshot().Model())); g != w {
			t.Errorf("%s seed %d step %d (edit %+v): outlines differ\n--- piece by piece\n%s\n--- whole model\n%s", name, seed, i, ed, g, w)
			reportText(t, next)
			return false
		}
		if checkModel {
			ref := Analyze(next)
			if g, w := diagText(want.Diagnostics), diagText(ref.Diagnostics); g != w {
				t.Errorf("%s seed %d step %d: session and Analyze differ\n--- session\n%s--- Analyze\n%s", name, seed, i, g, w)
				reportText(t, next)
				return false
			}
			if ref.Model != nil && s.Snapshot() != nil {
				if g, w := modelFacts(s.Snapshot().Model()), modelFacts(ref.Model); g != w {
					t.Errorf("%s seed %d step %d: models differ\n--- session\n%s\n--- Analyze\n%s", name, seed, i, g, w)
					reportText(t, next)
					return false
				}
			}
		}
	}
	return true
}

// everyPieceParsed looks at every piece of sn, as Snapshot.Parsed did
// before the session kept count.
func everyPieceParsed(sn *Snapshot) bool {
	for i := range sn.slots {
		if sn.failed(i) {
			return false
		}
	}
	return true
}

// samePieces checks that the pieces the session cut incrementally are the
// pieces of the text cut from scratch.
func samePieces(s *Session, text string) error {
	st := s.st
	if st.whole {
		return nil
	}
	m := document.NewMapper(text)
	pieces := yamlast.Split(m.Text(), m)
	trees := yamlast.ParsePieces(text, pieces)
	pieces, _, _ = yamlast.Join(m.Text(), pieces, trees, 0, len(pieces))
	if len(pieces) != len(st.slots) {
		return fmt.Errorf("%d pieces, want %d", len(st.slots), len(pieces))
	}
	for i, q := range pieces {
		sl := st.slots[i]
		if i > 0 && st.slots[i-1].p.label >= sl.p.label {
			return fmt.Errorf("labels out of order at piece %d", i)
		}
		got := sl.p.piece
		got.Start, got.End = sl.start, sl.start+sl.p.tree.Len()
		if got != q || sl.p.tree.Text() != text[q.Start:q.End] {
			return fmt.Errorf("piece %d is %+v, want %+v", i, got, q)
		}
	}
	return nil
}

func reportText(t *testing.T, text string) {
	t.Helper()
	f, err := os.CreateTemp("", "incremental-failure-*.yml")
	if err == nil {
		f.WriteString(text)
		f.Close()
		t.Logf("text written to %s", f.Name())
	}
}

func TestIncrementalEqualsFromScratch(t *testing.T) {
	files := corpus(t)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	budget := 5 * time.Second
	if testing.Short() {
		budget = time.Second
	}
	if v := os.Getenv("STREAMLS_SOAK"); v != "" {
		secs, err := strconv.Atoi(v)
		if err != nil {
			t.Fatalf("STREAMLS_SOAK=%q: %v", v, err)
		}
		budget = time.Duration(secs) * time.Second
	}
	deadline := time.Now().Add(budget)
	var pr propertyRun
	for seed := uint64(1); time.Now().Before(deadline); seed++ {
		for _, name := range names {
			text := files[name]
			steps := 12
			if len(text) > 10000 {
				// The generated files are large: fewer, cheaper
				// sequences, but the same kinds of edits.
				if seed%4 != 0 {
					continue
				}
				steps = 6
			}
			if !runSequence(t, name, text, seed, steps, seed%3 == 0, &pr) {
				return
			}
			if time.Now().After(deadline) {
				break
			}
		}
	}
	t.Logf("%d sequences, %d edits, %d comparisons", pr.sequences, pr.steps, pr.compared)
	if pr.sequences < 20 {
		t.Errorf("only %d sequences ran in the budget", pr.sequences)
	}
}

// yaml.v3 ends lines at NEL, LS and PS, which LSP does not: a line of
// nothing but those is blank to the parser, and cutting a piece there left
// a piece with no tree, on which the session crashed.
func TestALineOfYAMLLineBreaksIsBlank(t *testing.T) {
	for _, text := range []string{
		"functions:\n    logTable:\n\u2028\n",
		"functions:\n  f:\n    handler: h\n\u2028\u2029\n  g:\n    handler: h\n",
		"custom:\n  x: 1\n \u0085 \n",
	} {
		got := NewSession(Options{}).Update(text, nil)
		if g, w := diagText(got.Diagnostics), diagText(Analyze(text).Diagnostics); g != w {
			t.Errorf("%q: session\n%s\nfrom scratch\n%s", text, g, w)
		}
	}
}

// A session's trees keep their text as slices of the text the session
// first cut into pieces, never of a text that replaced it: a client that
// sends the whole text on every change would otherwise have the trees pin
// a full copy of the file per version they were parsed in.
func TestTreesPinOnlyTheFirstText(t *testing.T) {
	base := genFunctions(40)
	s := NewSession(Options{})
	s.UpdateMapped(document.NewText(base), nil, nil)
	var replaced []string
	for k := range 5 {
		text := strings.Replace(base, fmt.Sprintf("handler: h%d.main", k), fmt.Sprintf("handler: v%d.main", k), 1)
		replaced = append(replaced, text)
		s.UpdateMapped(document.NewText(text), nil, nil)
	}
	within := func(part, whole string) bool {
		p, w := uintptr(unsafe.Pointer(unsafe.StringData(part))), uintptr(unsafe.Pointer(unsafe.StringData(whole)))
		return len(part) > 0 && p >= w && p+uintptr(len(part)) <= w+uintptr(len(whole))
	}
	shared := 0
	for _, sl := range s.st.slots {
		text := sl.p.tree.Text()
		for k, r := range replaced {
			if within(text, r) {
				t.Fatalf("piece %q keeps a slice of replacing text %d", sl.p.piece.Key, k)
			}
		}
		if within(text, base) {
			shared++
		}
	}
	if shared == 0 {
		t.Fatal("no tree shares the first text: the trees copy what the document keeps anyway")
	}
}

func genFunctions(n int) string {
	var b strings.Builder
	b.WriteString("service: s\nprovider:\n  name: aws\nfunctions:\n")
	for i := range n {
		fmt.Fprintf(&b, "  f%d:\n    handler: h%d.main\n    events:\n      - stream:\n          arn: arn:aws:kinesis:us-east-1:123456789012:stream/s%d\n", i, i, i)
	}
	return b.String()
}

// A document marker after a lone carriage return starts a line for the
// parser: typing one makes the whole text be cut again, as typing it after
// a line feed does.
func TestAMarkerAfterACarriageReturnRecutsTheText(t *testing.T) {
	base := "service: s\nfunctions:\n  f:\n    handler: h\n  g:\n    handler: h\n"
	s := NewSession(Options{})
	s.Update(base, nil)
	at, ins := 62, "- x\r---"
	next := base[:at] + ins + base[at:]
	got := s.Update(next, []Edit{{Start: at, End: at, Text: ins}})
	if g, w := diagText(got.Diagnostics), diagText(Analyze(next).Diagnostics); g != w || w == "" {
		t.Fatalf("incremental\n%s\nfrom scratch\n%s", g, w)
	}
}
