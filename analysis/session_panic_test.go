package analysis

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/rules"
	"github.com/stream-ls/stream-ls/analysis/serverless"
)

// panicOn panics when it checks the event of one function.
type panicOn struct{ function string }

func (p panicOn) CheckStream(_ *rules.Context, ev *serverless.StreamEvent, _ *rules.Reporter) {
	if ev.Function.Name == p.function {
		panic("rule broke on " + p.function)
	}
}

// The functions of a large file are checked on all cores. A rule that
// panics on one of them must make Update panic in its caller, where the
// language server recovers it for that version; left in a worker
// goroutine, the panic would end the process.
func TestARulesPanicReachesTheCallerOfUpdate(t *testing.T) {
	var b strings.Builder
	b.WriteString("service: x\nfunctions:\n")
	for i := range 100 {
		fmt.Fprintf(&b, "  fn%d:\n    handler: h.h\n    events:\n      - stream:\n          arn: arn:aws:kinesis:us-east-1:123456789012:stream/s%d\n          batchSize: 20000\n", i, i)
	}
	text := b.String()
	remove := rules.RegisterForTest(catalog.RuleYAMLSyntax, panicOn{function: "fn57"})
	defer remove()
	s := NewSession(Options{})
	if p := updateRecovering(s, text); p != "rule broke on fn57" {
		t.Fatalf("recovered %v, want the rule's panic", p)
	}

	// The session must not keep the half-done update: once the rule is
	// fixed, the same text again is the analysis from scratch, every
	// function's batchSize reported.
	remove()
	if got, want := diagText(s.Update(text, nil).Diagnostics), diagText(Analyze(text).Diagnostics); got != want {
		t.Fatalf("after the panic:\n%s\nwant:\n%s", got, want)
	}
}

func updateRecovering(s *Session, text string) (p any) {
	defer func() { p = recover() }()
	s.Update(text, nil)
	return nil
}
