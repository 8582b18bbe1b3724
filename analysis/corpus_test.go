package analysis_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stream-ls/stream-ls/analysis"
	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/internal/corpus"
)

// The real-world corpus holds configs people deploy. Those not marked
// suspect in MANIFEST.tsv must get no error: an error there is a false
// positive. Each suspect file must be flagged for the reason the manifest
// gives, which the table below restates as rule IDs.

// suspectFlag is what stream-ls must report for one suspect file.
type suspectFlag struct {
	// Rules must all be reported, at least one of them as an error or a
	// warning.
	Rules []string
	// InformationOK accepts the rules at information severity: the issue
	// asks for a lower severity when a key may belong to one of the file's
	// plugins, and here it does.
	InformationOK bool
	// Unflagged explains why a suspect file is knowingly not flagged yet.
	Unflagged string
}

var suspects = map[string]suspectFlag{
	// "dynamodb: scalar + string arn are TABLE ARNs (no /stream/); GetAtt
	// [Table, Arn] not StreamArn; plugin-only key tableName"
	"002-offline-dynamodb-streams-test.yml": {Rules: []string{
		catalog.RuleDynamoDBTableARN, catalog.RuleRefAttribute, catalog.RuleUnknownKey}},
	// "plugin-only key streamName in stream event (not in framework schema)"
	"003-offline-kinesis-test.yml": {Rules: []string{catalog.RuleUnknownKey}, InformationOK: true},
	// "no arn at all, only plugin-only key tableName
	// (serverless-offline-dynamodb-streams style); invalid for the framework
	// schema"
	"018-ddb-stream-to-es-tablename.yml": {Rules: []string{catalog.RuleARNRequired, catalog.RuleUnknownKey}},
	// "no arn (commented out); plugin-only key tableName used instead"
	"030-ddb-stream-js-tablename.yml": {Rules: []string{catalog.RuleARNRequired, catalog.RuleUnknownKey}},
	// "consumer uses Fn::GetAtt [KinesisStreamConsumer, StreamARN] (the
	// stream's ARN, not ConsumerARN)"
	"041-localstack-serverless-test.yml": {Rules: []string{catalog.RuleRefAttribute}},
	// "borderline: arn ${self:custom.${opt:stage}.stream} resolves to
	// placeholder MISSING_STREAM_ARN for local/test stages"
	"045-kinesis-cache-nested-var.yml": {Unflagged: "the ARN is a variable; telling that every stage resolves it to a placeholder needs variable resolution, which stream-ls does not do"},
	// "mis-indented: stream is null and type/arn/batchSize/... are siblings
	// of stream; GetAtt 2nd element is an ARN string not an attribute;
	// logical id Sample not defined"
	"052-ddb-trigger-misindented.yml": {Rules: []string{catalog.RuleEventShape}},
	// "arn is placeholder text YOUR_DDB_STREAM_ARN (not an ARN)"
	"066-ddb-to-es-placeholder.yml": {Rules: []string{catalog.RuleARNFormat}},
}

func TestRealWorldCorpus(t *testing.T) {
	dir := corpusDir(t)
	manifest := readManifest(t, filepath.Join(dir, "MANIFEST.tsv"))
	if len(manifest) == 0 {
		t.Fatal("MANIFEST.tsv lists no files")
	}
	for file, reason := range manifest {
		if _, ok := suspects[file]; reason != "" && !ok {
			t.Errorf("%s is suspect in MANIFEST.tsv (%q) but has no entry in the suspects table", file, reason)
		}
	}
	for file := range suspects {
		if manifest[file] == "" {
			t.Errorf("suspects table lists %s, which MANIFEST.tsv does not mark suspect", file)
		}
	}
	for file, reason := range manifest {
		t.Run(file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, file))
			if err != nil {
				t.Fatal(err)
			}
			res := analysis.Analyze(string(data))
			if reason == "" {
				for _, d := range res.Diagnostics {
					if d.Severity == diag.Error {
						line := res.Model.AST.Mapper.OffsetLine(d.Span.Start) + 1
						t.Errorf("line %d: false positive %s on %q: %s", line, d.Rule, string(data[d.Span.Start:d.Span.End]), d.Message)
					}
				}
				return
			}
			checkSuspect(t, suspects[file], res.Diagnostics)
		})
	}
}

func checkSuspect(t *testing.T, want suspectFlag, got []diag.Diagnostic) {
	if want.Unflagged != "" {
		t.Logf("not flagged on purpose: %s", want.Unflagged)
		for _, d := range got {
			if d.Severity == diag.Error {
				t.Errorf("expected no error while the file is knowingly unflagged, got %s: %s", d.Rule, d.Message)
			}
		}
		return
	}
	strongEnough := false
	for _, rule := range want.Rules {
		found := false
		for _, d := range got {
			if d.Rule != rule {
				continue
			}
			found = true
			if d.Severity <= diag.Warning || want.InformationOK {
				strongEnough = true
			}
		}
		if !found {
			t.Errorf("expected %s for the manifest's reason; got %s", rule, ruleList(got))
		}
	}
	if !strongEnough {
		t.Errorf("expected at least one of %v as an error or a warning; got %s", want.Rules, ruleList(got))
	}
}

func ruleList(ds []diag.Diagnostic) string {
	var ids []string
	for _, d := range ds {
		ids = append(ids, d.Rule+"("+d.Severity.String()+")")
	}
	if len(ids) == 0 {
		return "nothing"
	}
	return strings.Join(ids, ", ")
}

// corpusDir is corpus.Dir, skipping the test where the shared folder is
// not checked out.
func corpusDir(t *testing.T) string {
	t.Helper()
	dir, ok := corpus.Dir()
	if !ok {
		t.Skip("real-world corpus not found: it lives in ../shared/corpus/realworld, next to the repository")
	}
	return dir
}

// readManifest maps each file name to its `suspect` column (empty for
// files people deploy as they are).
func readManifest(t *testing.T, path string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	header := strings.Split(lines[0], "\t")
	fileCol, suspectCol := slices.Index(header, "file"), slices.Index(header, "suspect")
	if fileCol < 0 || suspectCol < 0 {
		t.Fatalf("MANIFEST.tsv header %q lacks the file or suspect column", lines[0])
	}
	out := map[string]string{}
	for _, line := range lines[1:] {
		if strings.TrimSpace(line) == "" {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) <= fileCol {
			t.Fatalf("MANIFEST.tsv: malformed line %q", line)
		}
		suspect := ""
		if len(cols) > suspectCol {
			suspect = strings.TrimSpace(cols[suspectCol])
		}
		out[cols[fileCol]] = suspect
	}
	return out
}
