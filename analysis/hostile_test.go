package analysis_test

import (
	"fmt"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stream-ls/stream-ls/analysis"
	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/hover"
	"github.com/stream-ls/stream-ls/completion"
)

// Hostile inputs: texts built to make a YAML tool hang, explode in memory or
// crash. Each must be analysed, and then hovered and completed at a spread
// of offsets, within hostileDeadline, with the heap under hostileMemory, and
// with every diagnostic inside the text and on rune boundaries.
//
// The bounds are generous on purpose: the slowest cases (an 8 MiB file
// just under MaxDocumentBytes, and the files of MaxDocumentLines one-line
// entries) take 2 to 4 s here and the others milliseconds, while without
// the limits in limits.go and the mapper's checkpoints the same inputs
// take minutes (a 1 MB line with one non-ASCII rune took 3 minutes to
// parse), hours (alias bombs reaching filterPatterns) or every byte of
// memory. Speed itself is measured by benchmarks, not here.

// hostileDeadline bounds one case: analysis, or the hovers and
// completions after it. It tells a hang (minutes or hours) from a slow
// case on a loaded machine, where the slowest take twice their 2 to 4 s.
// -race slows the analysis about tenfold.
var hostileDeadline = 30 * time.Second * raceSlowdown

// hostileMemory bounds the heap while one case runs: a fixed 64 MiB plus
// 400 bytes per byte of text. The most any case takes is about 340 bytes a
// byte (lines after an unclosed quote, each a top-level entry parsed on its
// own, up to MaxDocumentLines), an 8 MiB file of functions about 250 MiB
// in all; the alias bombs took every byte the machine had before
// limits.go.
func hostileMemory(text string) uint64 { return 64<<20 + 400*uint64(len(text)) }

type hostileCase struct {
	name string
	text func() string
	// rule, if set, must be reported; at, if set too, is the text its
	// diagnostic starts at (its first occurrence).
	rule string
	at   string
}

func hostileCases() []hostileCase {
	ev := "functions:\n  f:\n    handler: h.main\n    events:\n      - stream:\n          arn: arn:aws:kinesis:us-east-1:123456789012:stream/s\n"
	return []hostileCase{
		{name: "billion laughs under custom", rule: catalog.RuleFileTooLarge, at: "custom",
			text: func() string { return "service: x\ncustom:\n" + laughs("  ", 9) + ev }},
		{name: "billion laughs reaching filterPatterns", rule: catalog.RuleFileTooLarge, at: "custom",
			text: func() string {
				return "custom:\n" + laughs("  ", 9) + ev + "          filterPatterns:\n            - *lol9\n            - {data: *lol9}\n"
			}},
		{name: "billion laughs as arn, destination and GetAtt", rule: catalog.RuleFileTooLarge, at: "custom",
			text: func() string {
				return "custom:\n" + laughs("  ", 9) + "functions:\n  f:\n    events:\n      - stream:\n          arn: *lol9\n          destinations: {onFailure: *lol9}\n      - stream: {arn: {Fn::GetAtt: *lol9}}\n"
			}},
		{name: "billion laughs merged into a stream event", rule: catalog.RuleFileTooLarge, at: "custom",
			text: func() string {
				return "custom:\n" + mapLaughs("  ", 9) + "functions:\n  f:\n    events:\n      - stream:\n          <<: *lol9\n          arn: x\n"
			}},
		{name: "billion laughs under resources", rule: catalog.RuleFileTooLarge, at: "resources",
			text: func() string {
				return "functions:\n  f:\n    events:\n      - stream: {arn: !GetAtt T.StreamArn}\nresources:\n  Resources:\n" +
					laughs("    ", 9) + "    T: {Type: AWS::DynamoDB::Table, Properties: *lol9}\n"
			}},
		{name: "one event list shared by a thousand functions", rule: catalog.RuleFileTooLarge, at: "functions",
			text: func() string { return sharedEvents(1000, 200) }},
		{name: "one event list shared by a hundred functions is analysed",
			text: func() string { return sharedEvents(100, 100) }},
		{name: "alias chain nesting 10,001 levels", rule: catalog.RuleFileTooLarge, at: "custom",
			text: func() string {
				var b strings.Builder
				b.WriteString("custom:\n  c0: &c0 x\n")
				for i := 1; i <= 100; i++ {
					fmt.Fprintf(&b, "  c%d: &c%d %s*c%d%s\n", i, i, strings.Repeat("[", 100), i-1, strings.Repeat("]", 100))
				}
				return b.String() + ev
			}},
		{name: "self-referential anchor", text: func() string { return "a: &a [*a]\nb: &b {self: *b}\n" + ev }},
		{name: "merge cycle", text: func() string { return "a: &a {x: 1, <<: *a}\nb: &b {c: &c {<<: [*b, *c]}}\n" + ev }},
		{name: "event merging itself", text: func() string {
			return "functions:\n  f:\n    events:\n      - stream: &s\n          arn: arn:aws:kinesis:us-east-1:123456789012:stream/s\n          <<: *s\n"
		}},
		{name: "alias to an anchor never defined", rule: catalog.RuleYAMLSyntax,
			text: func() string { return ev + "          batchSize: *nowhere\n" }},
		{name: "10,000-deep flow nesting",
			text: func() string { return "custom: " + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "\n" + ev }},
		{name: "10,001-deep flow nesting", rule: catalog.RuleYAMLSyntax,
			text: func() string { return "custom: " + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + "\n" + ev }},
		{name: "10,000-deep block sequence on one line",
			text: func() string { return "custom:\n  " + strings.Repeat("- ", 9998) + "x\n" + ev }},
		{name: "2,000-deep block mapping", text: func() string {
			var b strings.Builder
			b.WriteString(ev + "          filterPatterns:\n")
			for i := range 2000 {
				fmt.Fprintf(&b, "%s- k%d:\n", strings.Repeat(" ", 12+2*i), i)
			}
			return b.String()
		}},
		{name: "5,000-deep filter pattern", text: func() string {
			return ev + "          filterPatterns:\n            - " + strings.Repeat("{data: ", 5000) + "[1]" + strings.Repeat("}", 5000) + "\n"
		}},
		{name: "20 MB file", rule: catalog.RuleFileTooLarge, at: "service",
			text: func() string { return manyFunctions(20 << 20) }},
		// The mistake at the end shows the file is analysed, not refused.
		{name: "8 MiB file, just under the limit", rule: catalog.RuleIntegerValue,
			text: func() string { return manyFunctions(analysis.MaxDocumentBytes-len(lastEvent)) + lastEvent }},
		{name: "1 MB single line, ASCII", text: func() string { return oneLineMapping(1<<20, "v") + ev }},
		{name: "1 MB single line, non-ASCII", text: func() string { return oneLineMapping(1<<20, "é😀") + ev }},
		{name: "1 MB single line of stream events, non-ASCII", rule: catalog.RuleIntegerValue, text: func() string {
			var b strings.Builder
			b.WriteString("functions: {f: {handler: h, events: [")
			for i := 0; b.Len() < 1<<20; i++ {
				fmt.Fprintf(&b, "{stream: {arn: arn:aws:kinesis:us-east-1:123456789012:stream/é%d, batchSize: 0}}, ", i)
			}
			return b.String() + "]}}\n"
		}},
		{name: "1 MB plain scalar", text: func() string { return "custom: " + strings.Repeat("word ", 1<<20/5) + "\n" + ev }},
		{name: "1 MB double-quoted scalar with escapes", text: func() string {
			return "custom: \"" + strings.Repeat(`\"\\é`, 1<<20/6) + "\"\n" + ev
		}},
		{name: "1 MB key", text: func() string { return strings.Repeat("k", 1<<20) + ": v\n" + ev }},
		// Each line after the quote is a top-level entry, parsed on its
		// own: the most a line can cost, hence MaxDocumentLines.
		{name: "after an unclosed quote, a top-level entry on each line up to the line limit", rule: catalog.RuleYAMLSyntax, text: func() string {
			head := ev + "          batchSize: \""
			return head + strings.Repeat("a: b\n", analysis.MaxDocumentLines-strings.Count(head, "\n")-1)
		}},
		{name: "a syntax error on each line up to the line limit", rule: catalog.RuleYAMLSyntax, text: func() string {
			return strings.Repeat("k: [\n", analysis.MaxDocumentLines-1)
		}},
		{name: "a top-level entry on each line, one past the line limit", rule: catalog.RuleFileTooLarge, at: "a",
			text: func() string { return strings.Repeat("a: b\n", analysis.MaxDocumentLines) }},
		{name: "100,000 documents", text: func() string { return strings.Repeat("---\na: 1\n", 100000) }},
		{name: "100,000 anchors used once each", text: func() string {
			var b strings.Builder
			b.WriteString("custom:\n")
			for i := range 100000 {
				fmt.Fprintf(&b, "  a%d: &a%d {x: 1}\n  b%d: *a%d\n", i, i, i, i)
			}
			return b.String() + ev
		}},
		{name: "BOM", text: func() string { return "\ufeff" + ev + "          batchSize: 0\n" }, rule: catalog.RuleIntegerValue, at: "0\n"},
		{name: "BOM and CRLF", text: func() string {
			return "\ufeff" + strings.ReplaceAll(ev+"          batchSize: 0\n", "\n", "\r\n")
		}, rule: catalog.RuleIntegerValue, at: "0\r\n"},
		{name: "NUL bytes", rule: catalog.RuleYAMLSyntax, text: func() string { return "service: x\x00y\n" + ev + "          batchSize: \x00\n" }},
		{name: "tabs for indentation", rule: catalog.RuleYAMLSyntax, at: "\t",
			text: func() string { return "functions:\n  f:\n    events:\n\t- stream: x\n" }},
		{name: "tab inside a stream event", rule: catalog.RuleYAMLSyntax,
			text: func() string { return ev + "\t\t  batchSize: 10\n" }},
		{name: "invalid UTF-8", text: func() string { return "service: \xff\xfe\n" + ev + "          batchSize: \"\xc3\x28\"\n" }},
		{name: "line breaks of every kind", text: func() string {
			return strings.NewReplacer("\n  f:", "\r  f:", "\n    handler", "\u0085    handler", "\n    events", "\u2028    events").Replace(ev)
		}},
		{name: "only NUL bytes", text: func() string { return strings.Repeat("\x00", 1<<20) }},
		{name: "only newlines", rule: catalog.RuleFileTooLarge, text: func() string { return strings.Repeat("\n", 1<<20) }},
	}
}

func TestHostileInputs(t *testing.T) {
	for _, tc := range hostileCases() {
		t.Run(tc.name, func(t *testing.T) {
			text := tc.text()
			runtime.GC()
			peak := watchHeap(t)

			var res *analysis.Result
			within(t, "analysis", func() { res = analysis.Analyze(text) })
			checkDiagnostics(t, text, res.Diagnostics)
			if tc.rule != "" {
				checkReported(t, text, res.Diagnostics, tc.rule, tc.at)
			}
			within(t, "hovers and completions", func() { hoverAndComplete(t, text, res) })

			if got, limit := peak(), hostileMemory(text); got > limit {
				t.Errorf("the heap reached %d MiB for a %d-byte text; the bound is %d MiB", got>>20, len(text), limit>>20)
			}
		})
	}
}

// watchHeap samples the heap every few milliseconds until the test ends,
// and returns a function that reports the largest sample so far.
func watchHeap(t *testing.T) func() uint64 {
	var peak atomic.Uint64
	stop, stopped := make(chan struct{}), make(chan struct{})
	t.Cleanup(func() { close(stop); <-stopped })
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() {
		metrics.Read(sample)
		if v := sample[0].Value.Uint64(); v > peak.Load() {
			peak.Store(v)
		}
	}
	read()
	go func() {
		defer close(stopped)
		ticker := time.NewTicker(2 * time.Millisecond)
		defer ticker.Stop()
		for {
			select {
			case <-stop:
				return
			case <-ticker.C:
				read()
			}
		}
	}()
	return func() uint64 {
		read()
		return peak.Load()
	}
}

// within runs f and fails the test if it takes longer than hostileDeadline.
// A case that never returns cannot be stopped, so the test then ends the
// whole binary with a stack dump rather than hang.
func within(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	timer := time.NewTimer(hostileDeadline)
	defer timer.Stop()
	select {
	case <-done:
	case <-timer.C:
		buf := make([]byte, 1<<20)
		panic(fmt.Sprintf("%s: %s took longer than %v\n%s", t.Name(), what, hostileDeadline, buf[:runtime.Stack(buf, true)]))
	}
}

// checkDiagnostics requires every diagnostic to lie inside text, start and
// end on rune boundaries, and carry a rule from the catalog.
func checkDiagnostics(t *testing.T, text string, ds []diag.Diagnostic) {
	t.Helper()
	for _, d := range ds {
		s := d.Span
		if s.Start < 0 || s.End < s.Start || s.End > len(text) {
			t.Fatalf("%s diagnostic span %v outside the text (%d bytes): %s", d.Rule, s, len(text), d.Message)
		}
		if !boundary(text, s.Start) || !boundary(text, s.End) {
			t.Fatalf("%s diagnostic span %v splits a rune: %s", d.Rule, s, d.Message)
		}
		if _, ok := catalog.Lookup(d.Rule); !ok {
			t.Fatalf("diagnostic with unknown rule %q: %s", d.Rule, d.Message)
		}
	}
}

// boundary reports whether off is where a rune of text starts, decoding
// from the start as every reader of the text does (a malformed byte is a
// rune of its own), or its end.
func boundary(text string, off int) bool {
	if off == 0 || off == len(text) {
		return true
	}
	if utf8.RuneStart(text[off]) {
		return true
	}
	// A continuation byte starts a rune only if the rune before it, which
	// begins at most three bytes back, ends there.
	for start := off - 1; start >= 0 && start >= off-3; start-- {
		if utf8.RuneStart(text[start]) {
			_, size := utf8.DecodeRuneInString(text[start:])
			return start+size <= off
		}
	}
	return true
}

func checkReported(t *testing.T, text string, ds []diag.Diagnostic, rule, at string) {
	t.Helper()
	want := -1
	if at != "" {
		want = strings.Index(text, at)
	}
	var got []diag.Diagnostic
	for _, d := range ds {
		if d.Rule == rule {
			got = append(got, d)
		}
	}
	switch {
	case len(got) == 0:
		t.Errorf("no %s diagnostic; got %s", rule, summary(ds))
	case want >= 0 && got[0].Span.Start != want:
		t.Errorf("%s reported at offset %d, want %d (%q): %s", rule, got[0].Span.Start, want, at, got[0].Message)
	case rule == catalog.RuleFileTooLarge && len(ds) != 1:
		t.Errorf("a file beyond the limits got more than the one diagnostic: %s", summary(ds))
	}
}

func summary(ds []diag.Diagnostic) string {
	if len(ds) == 0 {
		return "nothing"
	}
	var parts []string
	for i, d := range ds {
		if i == 5 {
			parts = append(parts, fmt.Sprintf("and %d more", len(ds)-5))
			break
		}
		parts = append(parts, d.Rule+" at "+fmt.Sprint(d.Span.Start))
	}
	return strings.Join(parts, ", ")
}

// hoverAndComplete converts every diagnostic to an LSP range, as the
// server does before publishing, and hovers and completes at offsets
// spread over the text (200, or 20 in texts over 256 KiB, where each
// completion reads the whole text), checking what comes back lies inside
// it.
func hoverAndComplete(t *testing.T, text string, res *analysis.Result) {
	m := document.NewMapper(text)
	for _, d := range res.Diagnostics {
		r := m.SpanRange(d.Span)
		if back, err := m.RangeSpan(r); err != nil || back != d.Span {
			t.Errorf("%s span %v converts to %v and back to %v, %v", d.Rule, d.Span, r, back, err)
			return
		}
	}
	samples := 200
	if len(text) > 256<<10 {
		samples = 20
	}
	for i := 0; i <= samples; i++ {
		off := len(text) * i / samples
		if h, ok := hover.Hover(res.Model, off); ok {
			if h.Span.Start < 0 || h.Span.End < h.Span.Start || h.Span.End > len(text) {
				t.Errorf("hover at %d has span %v outside the text", off, h.Span)
			}
		}
		list := completion.Complete(document.NewText(text), off, res.Model, completion.Options{SnippetSupport: true})
		for _, it := range list.Items {
			for _, e := range append([]completion.TextEdit{it.Edit}, it.AdditionalEdits...) {
				if e.Span.Start < 0 || e.Span.End < e.Span.Start || e.Span.End > len(text) {
					t.Errorf("completion %q at %d edits %v, outside the text", it.Label, off, e.Span)
				}
			}
		}
	}
}

// laughs is the billion laughs: anchor lol0 is a one-item list, and each
// of the next levels lists nine aliases of the level before, so lolN
// stands for 9^N values.
func laughs(indent string, levels int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%slol0: &lol0 [lol]\n", indent)
	for i := 1; i <= levels; i++ {
		fmt.Fprintf(&b, "%slol%d: &lol%d [%s]\n", indent, i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*lol%d, ", i-1), 9), ", "))
	}
	return b.String()
}

// mapLaughs is laughs with mappings, which merge keys accept.
func mapLaughs(indent string, levels int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%slol0: &lol0 {lol: 1}\n", indent)
	for i := 1; i <= levels; i++ {
		var kv []string
		for j := range 9 {
			kv = append(kv, fmt.Sprintf("k%d: *lol%d", j, i-1))
		}
		fmt.Fprintf(&b, "%slol%d: &lol%d {%s}\n", indent, i, i, strings.Join(kv, ", "))
	}
	return b.String()
}

// sharedEvents defines one list of events stream events and gives it to
// every one of fns functions through an alias.
func sharedEvents(fns, events int) string {
	var b strings.Builder
	b.WriteString("custom:\n  events: &events\n")
	for i := range events {
		fmt.Fprintf(&b, "    - stream: {arn: arn:aws:kinesis:us-east-1:123456789012:stream/s%d, batchSize: 0}\n", i)
	}
	b.WriteString("functions:\n")
	for i := range fns {
		fmt.Fprintf(&b, "  f%d: {handler: h.main, events: *events}\n", i)
	}
	return b.String()
}

// lastEvent is a function whose stream event has one mistake, its
// batchSize of 0.
const lastEvent = "  last:\n    handler: h.main\n    events:\n      - stream:\n" +
	"          arn: arn:aws:kinesis:us-east-1:123456789012:stream/last\n          batchSize: 0\n"

// manyFunctions is a realistic serverless.yml of at most size bytes: one
// function with one full stream event after another.
func manyFunctions(size int) string {
	var b strings.Builder
	b.WriteString("service: big\nprovider:\n  name: aws\nfunctions:\n")
	const fn = "  fn%07d:\n    handler: src/handler.main\n    events:\n      - stream:\n          type: kinesis\n" +
		"          arn: arn:aws:kinesis:us-east-1:123456789012:stream/s%07d\n          batchSize: 100\n          startingPosition: LATEST\n"
	for i := 0; b.Len()+len(fn)+20 < size; i++ {
		fmt.Fprintf(&b, fn, i, i)
	}
	return b.String()
}

// oneLineMapping is a flow mapping of about size bytes on one line, each
// value being value.
func oneLineMapping(size int, value string) string {
	var b strings.Builder
	b.WriteString("custom: {")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "k%d: %s, ", i, value)
	}
	b.WriteString("z: 1}\n")
	return b.String()
}
