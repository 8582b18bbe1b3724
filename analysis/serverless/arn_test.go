package serverless

import (
	"slices"
	"strings"
	"testing"
)

func TestSplitARN(t *testing.T) {
	for _, tc := range []struct {
		arn  string
		want []string
	}{
		{"arn:aws:kinesis:us-east-1:123456789012:stream/s", []string{"arn", "aws", "kinesis", "us-east-1", "123456789012", "stream/s"}},
		// The resource keeps its own colons.
		{"arn:aws:kinesis:us-east-1:123456789012:stream/s/consumer/c:1", []string{"arn", "aws", "kinesis", "us-east-1", "123456789012", "stream/s/consumer/c:1"}},
		// Colons inside variables, nested ones too, do not separate fields.
		{"arn:aws:kinesis:${opt:region, ${self:provider.region}}:#{AWS::AccountId}:stream/s", []string{"arn", "aws", "kinesis", "${opt:region, ${self:provider.region}}", "#{AWS::AccountId}", "stream/s"}},
		// Empty fields stay, and a short ARN gives fewer fields.
		{"arn:aws:s3:::bucket", []string{"arn", "aws", "s3", "", "", "bucket"}},
		{"arn:aws", []string{"arn", "aws"}},
		{"", []string{""}},
		// An unclosed variable runs to the end.
		{"arn:${self:x:kinesis", []string{"arn", "${self:x:kinesis"}},
	} {
		if got := SplitARN(tc.arn); !slices.Equal(got, tc.want) {
			t.Errorf("SplitARN(%q) = %q, want %q", tc.arn, got, tc.want)
		}
	}
}

func TestHasVariableFindsEitherOpening(t *testing.T) {
	for _, s := range []string{"", "{", "${", "#{", "x${y}", "a#{b}", "{$", "$", "#", "${}", "{{${", "a{b}c", "$ {", "é${", "{#{", "$$", "##{"} {
		want := strings.Contains(s, "${") || strings.Contains(s, "#{")
		if got := HasVariable(s); got != want {
			t.Errorf("HasVariable(%q) = %v, want %v", s, got, want)
		}
	}
}
