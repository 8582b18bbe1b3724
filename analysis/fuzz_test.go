package analysis_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stream-ls/stream-ls/analysis"
	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/document"
)

// maxFuzzAnalyze bounds the texts FuzzAnalyze analyses: long enough for
// every rule to find something, short enough that the fuzzer tries many.
const maxFuzzAnalyze = 8 << 10

// fuzzSeeds are the shapes the rules and the parser care about, given to
// the fuzzer besides every rule fixture.
var fuzzSeeds = []string{
	"",
	"\ufeffservice: x\r\nfunctions:\r\n  f:\r\n    events:\r\n      - stream: arn:aws:kinesis:us-east-1:123456789012:stream/s\r\n",
	"functions:\n  f:\n    events:\n      - stream:\n          type: dynamodb\n          arn: !GetAtt T.StreamArn\n          filterPatterns:\n            - eventName: [INSERT]\n              dynamodb: {NewImage: {id: {S: [{prefix: a}]}}}\n",
	"functions:\n  f:\n    events:\n      - stream: &s\n          arn: x\n          <<: *s\n      - stream: *s\n",
	"a: &a [*a]\nb: &b {<<: *b}\nfunctions: {f: {events: [{stream: {arn: *a, batchSize: 0}}]}}\n",
	"functions:\n\tf:\n\t\tevents: [\n",
	"functions:\n  f:\n    events:\n      - stream:\n          arn: \"arn:aws:kinesis:us-east-1:123456789012:stream/é😀\"\n          batchSize: \x00\n",
	"custom: [[[[[[[[[[]]]]]]]]]]\nfunctions:\n  f:\n    events:\n      - stream: {arn: *nope}\n",
	"---\nservice: a\n---\nservice: b\n...\n",
	"functions:\n  f:\n    events:\n      - stream:\n        arn: misindented\n        batchSize: 10\n",
	"resources:\n  Resources:\n    T:\n      Type: AWS::DynamoDB::Table\nfunctions:\n  f:\n    events:\n      - stream: {arn: {Fn::GetAtt: [T, StreamArn]}, consumer: true}\n",
	"functions:\n  f:\n    events:\n      - stream:\n          arn: arn:aws:kinesis:us-east-1:123456789012:stream/s\n          destinations:\n            onFailure: {arn: arn:aws:sqs:us-east-1:123456789012:q, type: sns}\n",
}

// addFuzzSeeds adds fuzzSeeds and the rule fixtures under dir.
func addFuzzSeeds(f *testing.F, dir string, limit int) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*.yml"))
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil && len(data) <= limit {
			f.Add(string(data))
		}
	}
}

// FuzzAnalyze parses arbitrary text and runs every rule on it: nothing may
// panic, every diagnostic must lie inside the text on rune boundaries,
// name a rule of the catalog with a message and a link, and convert to an
// LSP range and back unchanged; and the same text must give the same
// diagnostics again.
func FuzzAnalyze(f *testing.F) {
	addFuzzSeeds(f, "rules/testdata", maxFuzzAnalyze)
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > maxFuzzAnalyze {
			t.Skip()
		}
		res := analysis.Analyze(text)
		checkDiagnostics(t, text, res.Diagnostics)
		m := document.NewMapper(text)
		for _, d := range res.Diagnostics {
			if d.Message == "" || !strings.HasPrefix(d.Href, "https://") || d.Severity < diag.Error || d.Severity > diag.Hint {
				t.Fatalf("%s diagnostic lacks a message, a link or a severity: %+v", d.Rule, d)
			}
			r := m.SpanRange(d.Span)
			if back, err := m.RangeSpan(r); err != nil || back != d.Span {
				t.Fatalf("%s span %v (%q) converts to %v and back to %v, %v", d.Rule, d.Span, text[d.Span.Start:d.Span.End], r, back, err)
			}
		}
		if again := analysis.Analyze(text); !reflect.DeepEqual(again.Diagnostics, res.Diagnostics) {
			t.Fatalf("a second analysis of the same text differs:\n%v\n%v", res.Diagnostics, again.Diagnostics)
		}
		if res.Model == nil || res.Model.AST == nil || res.Model.AST.Text.String() != text {
			t.Fatalf("the result's model is not the model of the text")
		}
	})
}
