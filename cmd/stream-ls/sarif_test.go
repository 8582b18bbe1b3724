package main

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/stream-ls/stream-ls/analysis"
	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/diag"
)

// sarifOf runs check --format sarif in dir on the relative paths given and
// decodes what it printed.
func sarifOf(t *testing.T, dir string, analyze func(string) []diag.Diagnostic, paths ...string) (int, sarifLog) {
	t.Helper()
	t.Chdir(dir)
	var out, errOut bytes.Buffer
	code := run(append([]string{"check", "--format", "sarif"}, paths...), env{stdout: &out, stderr: &errOut, analyze: analyze})
	var log sarifLog
	if err := json.Unmarshal(out.Bytes(), &log); err != nil {
		t.Fatalf("output is not JSON: %v\n%s\n%s", err, out.String(), errOut.String())
	}
	return code, log
}

func TestCheckSARIFRegionsAreOneBasedUTF16(t *testing.T) {
	dir := writeFiles(t, map[string]string{"svc/serverless.yml": "a: 1\nb: 😀bad meh\n"})
	code, log := sarifOf(t, dir, fakeAnalyze, "svc")
	if code != 1 {
		t.Errorf("exit code %d, want 1 (an error was found)", code)
	}
	if log.Version != "2.1.0" || log.Schema != sarifSchema || len(log.Runs) != 1 {
		t.Fatalf("envelope = %+v", log)
	}
	run := log.Runs[0]
	if run.ColumnKind != "utf16CodeUnits" || run.Tool.Driver.Name != "stream-ls" {
		t.Errorf("run = %+v", run)
	}
	if len(run.Results) != 2 {
		t.Fatalf("results = %+v, want bad and meh", run.Results)
	}
	bad, meh := run.Results[0], run.Results[1]
	loc := bad.Locations[0].PhysicalLocation
	// 😀 is two UTF-16 units: "bad" starts at 0-based column 5 of line 1.
	if loc.ArtifactLocation.URI != "svc/serverless.yml" || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" {
		t.Errorf("artifact = %+v, want the path relative to the checkout", loc.ArtifactLocation)
	}
	if want := (sarifRegion{StartLine: 2, StartColumn: 6, EndLine: 2, EndColumn: 9}); loc.Region != want {
		t.Errorf("region = %+v, want %+v", loc.Region, want)
	}
	if bad.Level != "error" || meh.Level != "warning" || bad.Message.Text != "found <bad>" {
		t.Errorf("levels/messages = %s %s %q", bad.Level, meh.Level, bad.Message.Text)
	}
	if r := run.Tool.Driver.Rules[bad.RuleIndex]; r.ID != "test-bad" || r.HelpURI != "https://example.com/bad" {
		t.Errorf("ruleIndex %d points at %+v", bad.RuleIndex, r)
	}
}

func TestCheckSARIFDescribesEveryCatalogRule(t *testing.T) {
	example, err := os.ReadFile("../../examples/serverless.yml")
	if err != nil {
		t.Fatal(err)
	}
	dir := writeFiles(t, map[string]string{"serverless.yml": string(example)})
	realAnalyze := func(text string) []diag.Diagnostic { return analysis.Analyze(text).Diagnostics }
	_, log := sarifOf(t, dir, realAnalyze, "serverless.yml")
	driver := log.Runs[0].Tool.Driver
	if len(driver.Rules) != len(catalog.Rules()) {
		t.Errorf("%d rules described, catalog has %d", len(driver.Rules), len(catalog.Rules()))
	}
	for _, r := range driver.Rules {
		if r.HelpURI == "" || r.ShortDescription.Text == "" || r.DefaultConfiguration.Level == "" {
			t.Errorf("rule %s lacks metadata: %+v", r.ID, r)
		}
	}
	results := log.Runs[0].Results
	if len(results) != 1 || results[0].RuleID != catalog.RuleConsumerOnDynamoDB ||
		driver.Rules[results[0].RuleIndex].ID != catalog.RuleConsumerOnDynamoDB {
		t.Fatalf("results = %+v, want the example's one mistake", results)
	}
}
