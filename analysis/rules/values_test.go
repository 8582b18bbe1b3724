package rules

import (
	"math"
	"testing"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// valueNode parses `v: <text>` and returns the value node, so that the
// helpers see tags and quoting exactly as the parser delivers them.
func valueNode(t *testing.T, text string) *yamlast.Node {
	t.Helper()
	f := yamlast.Parse("v: " + text + "\n")
	if len(f.Errors) > 0 || f.Root == nil {
		t.Fatalf("cannot parse %q: %v", text, f.Errors)
	}
	return f.Root.Get("v")
}

// The framework's validator is Ajv with coerceTypes "array"; these cases
// pin what it turns into a number and what it rejects.
func TestFrameworkNumber(t *testing.T) {
	tests := []struct {
		yaml string
		want float64
		how  coercion
	}{
		{"100", 100, asWritten},
		{"100.0", 100, asWritten},
		{"-1", -1, asWritten},
		{"0x10", 16, asWritten},
		{"1_000", 1000, asWritten},
		{`"100"`, 100, fromString},
		{`" 42 "`, 42, fromString},
		{`"1e3"`, 1000, fromString},
		{`"0x10"`, 16, fromString},
		{`"0b101"`, 5, fromString},
		{`"  "`, 0, fromString}, // JavaScript's +"  " is 0
		{`".5"`, 0.5, fromString},
		{"true", 1, fromBoolean},
		{"false", 0, fromBoolean},
		{"[7]", 7, fromList},
		{`["7"]`, 7, fromList},
		{`""`, 0, rejected},
		{"ten", 0, rejected},
		{`"-0x10"`, 0, rejected},
		{`"1_000"`, 0, rejected},
		{`"inf"`, 0, rejected},
		{"[1, 2]", 0, rejected},
		{"[[1]]", 0, rejected},
		{"{a: 1}", 0, rejected},
		{"2024-01-01", 0, rejected},
	}
	for _, tt := range tests {
		got, how := frameworkNumber(valueNode(t, tt.yaml))
		if how != tt.how || (how != rejected && got != tt.want) {
			t.Errorf("frameworkNumber(%s) = %v, %v; want %v, %v", tt.yaml, got, how, tt.want, tt.how)
		}
	}
	if v, how := frameworkNumber(valueNode(t, `"Infinity"`)); how != fromString || !math.IsInf(v, 1) {
		t.Errorf(`frameworkNumber("Infinity") = %v, %v; want +Inf from a string`, v, how)
	}
}

func TestFrameworkBool(t *testing.T) {
	tests := []struct {
		yaml string
		want bool
		how  coercion
	}{
		{"true", true, asWritten},
		{"False", false, asWritten},
		{`"true"`, true, fromString},
		{`'false'`, false, fromString},
		{"1", true, fromNumber},
		{"0", false, fromNumber},
		{"[true]", true, fromList},
		{`"False"`, false, rejected},
		{"yes", false, rejected},
		{"2", false, rejected},
		{"[true, false]", false, rejected},
	}
	for _, tt := range tests {
		got, how := frameworkBool(valueNode(t, tt.yaml))
		if how != tt.how || got != tt.want {
			t.Errorf("frameworkBool(%s) = %v, %v; want %v, %v", tt.yaml, got, how, tt.want, tt.how)
		}
	}
}

func TestClosestName(t *testing.T) {
	keys := []string{"arn", "type", "batchSize", "batchWindow", "startingPosition", "maximumRetryAttempts"}
	tests := []struct {
		name, want string
	}{
		{"BATCHSIZE", "batchSize"},
		{"batchSise", "batchSize"},
		{"startingPositon", "startingPosition"},
		{"maxRetryAttempts", "maximumRetryAttempts"},
		{"Arn", "arn"},
		{"name", ""},
		{"tableName", ""},
		{"streamName", ""},
	}
	for _, tt := range tests {
		got, ok := catalog.ClosestName(tt.name, keys)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("ClosestName(%q) = %q, %v; want %q", tt.name, got, ok, tt.want)
		}
	}
}

func TestArnText(t *testing.T) {
	tests := []struct {
		yaml, want string
	}{
		{"arn:aws:sqs:us-east-1:123456789012:q", "arn:aws:sqs:us-east-1:123456789012:q"},
		{"!Sub arn:aws:sns:${AWS::Region}:${AWS::AccountId}:t", "arn:aws:sns:${AWS::Region}:${AWS::AccountId}:t"},
		{"{Fn::Sub: ['arn:aws:sns:${R}:1:t', {R: us-east-1}]}", "arn:aws:sns:${R}:1:t"},
		{"!Join [':', [arn, aws, kinesis, !Ref AWS::Region, '1', stream/s]]", "arn:aws:kinesis:${}:1:stream/s"},
	}
	for _, tt := range tests {
		got, ok := arnText(valueNode(t, tt.yaml))
		if !ok || got != tt.want {
			t.Errorf("arnText(%s) = %q, %v; want %q", tt.yaml, got, ok, tt.want)
		}
	}
	for _, yaml := range []string{"!GetAtt Q.Arn", "!ImportValue x", "{a: 1}", "[x]"} {
		if got, ok := arnText(valueNode(t, yaml)); ok {
			t.Errorf("arnText(%s) = %q; want no ARN text", yaml, got)
		}
	}
}
