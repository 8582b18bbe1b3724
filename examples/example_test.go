package examples_test

import (
	"os"
	"testing"

	"github.com/stream-ls/stream-ls/analysis"
	"github.com/stream-ls/stream-ls/analysis/catalog"
)

// The README's first command runs `stream-ls check` on this example and
// promises exactly one mistake; this keeps the promise true as rules grow.
func TestExampleHasExactlyTheOneIntendedMistake(t *testing.T) {
	text, err := os.ReadFile("serverless.yml")
	if err != nil {
		t.Fatal(err)
	}
	res := analysis.Analyze(string(text))
	if len(res.Diagnostics) != 1 {
		for _, d := range res.Diagnostics {
			t.Logf("%s: %s", d.Rule, d.Message)
		}
		t.Fatalf("want exactly one diagnostic, got %d", len(res.Diagnostics))
	}
	d := res.Diagnostics[0]
	if d.Rule != catalog.RuleConsumerOnDynamoDB || string(text[d.Span.Start:d.Span.End]) != "consumer" {
		t.Fatalf("want %s on the DynamoDB event's consumer key, got %s on %q", catalog.RuleConsumerOnDynamoDB, d.Rule, text[d.Span.Start:d.Span.End])
	}
}
