package analysis

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/rules"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// The value swap (see valueSwap) rests on rules.ValueLocal: the rules read
// the values of those keys in stream events only to judge each alone, as
// rules.ValueDiagnostics does. This holds the rules to it on every
// realistic file and rule fixture, which write those keys in events and in
// defaults that events merge: each such number is replaced by others, and
// the diagnostics of the two texts must differ only in the integer
// findings on that number, which must be what ValueDiagnostics says of it.
// (Elsewhere, in a filter pattern say, other rules read the same names:
// such a route keeps an edit from being a swap, and routesFixture has
// them.)
func TestValueLocalKeysAreReadByOneRule(t *testing.T) {
	files := corpusAndFixtures(t)
	var names []string
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var keys []string
	for _, k := range catalog.StreamKeys() {
		if k.Kind == catalog.KindInteger {
			keys = append(keys, regexp.QuoteMeta(k.Name))
		}
	}
	integers := regexp.MustCompile(`(?m)(` + strings.Join(keys, "|") + `):[ \t]+(-?[0-9]+)[ \t]*(?:#.*)?$`)
	checked := 0
	// A key the rules read otherwise must show it here, or the test could
	// not tell: maximumRecordAgeInSeconds, which dynamoDBRecordAge reads.
	caught := map[string]bool{}
	for _, name := range names {
		text := files[name]
		found := integers.FindAllStringSubmatchIndex(text, -1)
		if len(found) > 16 {
			found = found[:16]
		}
		if len(found) == 0 {
			continue
		}
		before := Analyze(text).Diagnostics
		for _, m := range found {
			key, lo, hi := text[m[2]:m[3]], m[4], m[5]
			for _, v := range []string{"0", "7", "100", "10001", "86400", "-1"} {
				if text[lo:hi] == v {
					continue
				}
				next := text[:lo] + v + text[hi:]
				after := Analyze(next).Diagnostics
				oldSpan, newSpan := document.Span{Start: lo, End: hi}, document.Span{Start: lo, End: lo + len(v)}
				restBefore, atBefore := splitAt(before, oldSpan, len(v)-(hi-lo))
				restAfter, atAfter := splitAt(after, newSpan, 0)
				same := fmt.Sprint(restAfter) == fmt.Sprint(restBefore) &&
					valueFindingsAgree(key, text[lo:hi], oldSpan, atBefore) && valueFindingsAgree(key, v, newSpan, atAfter)
				if !rules.ValueLocal(key) {
					caught[key] = caught[key] || !same
					continue
				}
				if !same {
					t.Fatalf("%s: %s %s -> %s changes more than that value's integer findings:\n--- before (moved)\n%v\n%v\n--- after\n%v\n%v",
						name, key, text[lo:hi], v, restBefore, atBefore, restAfter, atAfter)
				}
				checked++
			}
		}
	}
	if checked == 0 {
		t.Fatal("no local value found to change")
	}
	if !caught["maximumRecordAgeInSeconds"] {
		t.Error("changing maximumRecordAgeInSeconds, which another rule reads, never showed: the test cannot tell a local key")
	}
}

func intNode(v string, span document.Span) *yamlast.Node {
	return &yamlast.Node{Kind: yamlast.Scalar, Tag: "!!int", Value: v, Span: span}
}

// splitAt takes the integer findings exactly at span out of ds, and moves
// the rest that lie after it by delta.
func splitAt(ds []diag.Diagnostic, span document.Span, delta int) (rest, at []diag.Diagnostic) {
	for _, d := range ds {
		switch {
		case d.Span == span && d.Rule == catalog.RuleIntegerValue:
			at = append(at, d)
			continue
		case d.Span.Start >= span.End:
			d.Span.Start += delta
			d.Span.End += delta
		case d.Span.End > span.Start:
			// Over the value, and not its finding: kept as is, so that
			// a change shows.
		}
		rest = append(rest, d)
	}
	return rest, at
}

// valueFindingsAgree reports whether the findings at a value are what
// rules.ValueDiagnostics says of it (or none, where no event takes it).
func valueFindingsAgree(key, v string, span document.Span, at []diag.Diagnostic) bool {
	if len(at) == 0 {
		return true
	}
	k, _ := catalog.StreamKey(key)
	if k.Kind != catalog.KindInteger || !rules.ValueLocal(key) {
		return true
	}
	want := rules.ValueDiagnostics(key, intNode(v, span))
	return len(want) == 1 && len(at) == 1 && at[0] == want[0]
}
