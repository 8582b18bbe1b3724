package analysis_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stream-ls/stream-ls/analysis"
	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/settings"
)

// The settings' validationMode must make stream-unknown-key report exactly
// what it reports for a file that sets configValidationMode itself: same
// severities, same messages, with and without plugins.
func TestValidationModeSettingMatchesTheFile(t *testing.T) {
	files, _ := filepath.Glob("rules/testdata/stream-unknown-key/*.yml")
	if len(files) == 0 {
		t.Fatal("no stream-unknown-key fixtures")
	}
	modeLine := regexp.MustCompile(`(?m)^configValidationMode:.*\n`)
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		bare := modeLine.ReplaceAllString(string(data), "")
		for _, mode := range []string{"error", "off", "warn"} {
			t.Run(filepath.Base(file)+"/"+mode, func(t *testing.T) {
				want := unknownKeyReports(analysis.Analyze("configValidationMode: " + mode + "\n" + bare).Diagnostics)
				got := unknownKeyReports(analysis.AnalyzeConfigured(bare, settings.Settings{ValidationMode: mode}).Diagnostics)
				if len(want) == 0 {
					t.Fatal("the fixture reports no unknown key")
				}
				if got != want {
					t.Errorf("with validationMode %s in the settings:\n%s\nwith configValidationMode in the file:\n%s", mode, got, want)
				}
			})
		}
	}
}

func TestValidationModeSettingYieldsToTheFile(t *testing.T) {
	text := "configValidationMode: warn\n" + streamEventWith("batchsize: 10")
	got := analysis.AnalyzeConfigured(text, settings.Settings{ValidationMode: "error"}).Diagnostics
	if d := onlyDiagnostic(t, got, "stream-unknown-key"); d.Severity != diag.Warning {
		t.Errorf("the file says warn, the setting error: got %s, want the file's warning", d.Severity)
	}
}

func unknownKeyReports(ds []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		if d.Rule == "stream-unknown-key" {
			fmt.Fprintf(&b, "%s: %s\n", d.Severity, d.Message)
		}
	}
	return b.String()
}

// streamEventWith is a file with one Kinesis stream event that has the given
// extra lines (written at the event's indentation).
func streamEventWith(lines ...string) string {
	var b strings.Builder
	b.WriteString("functions:\n  audit:\n    handler: h.main\n    events:\n      - stream:\n")
	b.WriteString("          arn: arn:aws:kinesis:us-east-1:123456789012:stream/clicks\n")
	for _, l := range lines {
		b.WriteString("          " + l + "\n")
	}
	return b.String()
}

func onlyDiagnostic(t *testing.T, ds []diag.Diagnostic, rule string) diag.Diagnostic {
	t.Helper()
	var found []diag.Diagnostic
	for _, d := range ds {
		if d.Rule == rule {
			found = append(found, d)
		}
	}
	if len(found) != 1 {
		t.Fatalf("want one %s diagnostic, got %d: %v", rule, len(found), ds)
	}
	return found[0]
}

func reportedRules(ds []diag.Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Rule)
	}
	return out
}

func TestSettingsChangeSeveritiesAndTurnRulesOff(t *testing.T) {
	text := streamEventWith("batchsize: 10", "startingPosition: latest")
	s := settings.Settings{Rules: map[string]string{"stream-unknown-key": "off", "stream-enum-value": "hint"}}
	got := analysis.AnalyzeConfigured(text, s).Diagnostics
	if d := onlyDiagnostic(t, got, "stream-enum-value"); d.Severity != diag.Hint {
		t.Errorf("stream-enum-value reported as %s, want hint", d.Severity)
	}
	for _, d := range got {
		if d.Rule == "stream-unknown-key" {
			t.Errorf("stream-unknown-key is off, yet reported: %s", d.Message)
		}
	}
}

func TestFilterPatternQuotaSetting(t *testing.T) {
	var lines []string
	lines = append(lines, "filterPatterns:")
	for i := range 6 {
		lines = append(lines, fmt.Sprintf("  - data: {n: [%d]}", i))
	}
	text := streamEventWith(lines...)
	if ds := analysis.AnalyzeConfigured(text, settings.Settings{}).Diagnostics; len(reportedRules(ds)) != 1 || ds[0].Rule != "stream-filter-patterns-quota" {
		t.Fatalf("six patterns under the default quota: want one quota warning, got %v", reportedRules(ds))
	}
	if ds := analysis.AnalyzeConfigured(text, settings.Settings{FilterPatternQuota: 10}).Diagnostics; len(ds) != 0 {
		t.Errorf("six patterns under a quota of 10: want nothing, got %v", reportedRules(ds))
	}
}

func TestSuppressionComments(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string // the rules still reported
	}{{
		name: "disable-line silences the rule named on its line",
		text: streamEventWith("batchsize: 10 # stream-ls-disable-line stream-unknown-key", "startingPosition: latest"),
		want: []string{"stream-enum-value"},
	}, {
		name: "disable-line leaves other rules on its line alone",
		text: streamEventWith("startingPosition: latest # stream-ls-disable-line stream-unknown-key"),
		want: []string{"stream-enum-value"},
	}, {
		name: "disable-line takes several IDs and a reason",
		text: streamEventWith("batchsize: latest # stream-ls-disable-line stream-enum-value, stream-unknown-key -- a plugin reads it"),
		want: nil,
	}, {
		name: "disable-next-line skips comment lines",
		text: streamEventWith("# stream-ls-disable-next-line stream-unknown-key", "# why: a plugin reads it", "batchsize: 10", "batchSizze: 10"),
		want: []string{"stream-unknown-key"},
	}, {
		name: "disable on the stream line covers the whole event",
		text: strings.Replace(streamEventWith("batchsize: 10", "destinations:", "  onFailure:", "    arn: arn:aws:sqs:us-east-1:123456789012:dlq", "    typ: sqs"),
			"- stream:", "- stream: # stream-ls-disable stream-unknown-key", 1) + secondFunctionWith("batchsize: 10"),
		want: []string{"stream-unknown-key"}, // the second event's
	}, {
		name: "disable on the line above the event covers it",
		text: strings.Replace(streamEventWith("batchsize: 10"), "      - stream:", "      # stream-ls-disable stream-unknown-key\n      - stream:", 1) + secondFunctionWith("batchsize: 10"),
		want: []string{"stream-unknown-key"},
	}, {
		name: "a directive inside a block scalar is text",
		text: "custom:\n  note: |\n    # stream-ls-disable-next-line stream-unknown-key\n" + streamEventWith("batchsize: 10"),
		want: []string{"stream-unknown-key"},
	}, {
		name: "a directive inside a quoted string is text",
		text: streamEventWith(`batchsize: 10`, `description: "x # stream-ls-disable-line stream-unknown-key"`),
		want: []string{"stream-unknown-key", "stream-unknown-key"},
	}, {
		name: "CRLF line endings",
		text: strings.ReplaceAll(streamEventWith("batchsize: 10 # stream-ls-disable-line stream-unknown-key", "startingPosition: latest"), "\n", "\r\n"),
		want: []string{"stream-enum-value"},
	}, {
		name: "an unknown ID is reported, and can itself be silenced",
		text: streamEventWith("batchsize: 10 # stream-ls-disable-line stream-unknown-kee", "batchSize: 10 # stream-ls-disable-line nope, suppression-unknown-rule"),
		want: []string{"stream-unknown-key", "suppression-unknown-rule"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := reportedRules(analysis.AnalyzeConfigured(tt.text, settings.Settings{}).Diagnostics)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("reported %v, want %v\n%s", got, tt.want, tt.text)
			}
		})
	}
}

// secondFunctionWith is a second function with one event, to append to streamEventWith.
func secondFunctionWith(lines ...string) string {
	return strings.Replace(streamEventWith(lines...), "functions:\n  audit:", "  other:", 1)
}
