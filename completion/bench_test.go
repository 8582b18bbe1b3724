package completion

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stream-ls/stream-ls/analysis/document"
)

// largeFile writes a serverless.yml of about 40 lines per function, every
// function with a Kinesis and a DynamoDB stream event, and the resources
// they use at the end, like bench/gen.mjs does. 5000 functions give some
// 200,000 lines.
func largeFile(functions int) string {
	var b strings.Builder
	b.WriteString("service: bench\nprovider:\n  name: aws\n  region: us-east-1\nfunctions:\n")
	for i := range functions {
		fmt.Fprintf(&b, `  fn%04d:
    handler: src/fn%04d.handler
    description: Processes partition %d
    environment:
      PARTITION: "%d"
    events:
      - stream:
          type: kinesis
          arn:
            Fn::GetAtt: [Stream%04d, Arn]
          batchSize: 100
          startingPosition: LATEST
          maximumRetryAttempts: 3
          bisectBatchOnFunctionError: true
          filterPatterns:
            - data:
                region: [eu, us]
      - stream:
          type: dynamodb
          arn: !GetAtt Table%04d.StreamArn
          batchSize: 10
          startingPosition: TRIM_HORIZON
          functionResponseType: ReportBatchItemFailures
          destinations:
            onFailure:
              arn: arn:aws:sqs:us-east-1:123456789012:failed-%04d
              type: sqs
          filterPatterns:
            - eventName: [INSERT, MODIFY]
              dynamodb:
                NewImage:
                  status:
                    S: [ACTIVE]
      - http:
          path: /fn%04d
          method: post
`, i, i, i, i, i, i, i, i)
	}
	b.WriteString("resources:\n  Resources:\n")
	for i := range functions {
		fmt.Fprintf(&b, "    Stream%04d:\n      Type: AWS::Kinesis::Stream\n      Properties:\n        ShardCount: 1\n", i)
		fmt.Fprintf(&b, "    Table%04d:\n      Type: AWS::DynamoDB::Table\n      Properties:\n        StreamSpecification:\n          StreamViewType: NEW_AND_OLD_IMAGES\n", i)
	}
	return b.String()
}

// benchComplete completes at the place marked by replacing the first
// occurrence of old in the last function with new (which holds a caret).
func benchComplete(b *testing.B, old, new string) {
	text := largeFile(5000)
	last := strings.LastIndex(text, "  fn4999:")
	i := last + strings.Index(text[last:], old)
	src := text[:i] + new + text[i+len(old):]
	off := strings.Index(src, caret)
	src = src[:off] + src[off+len(caret):]
	model := modelOf(text)
	if n := strings.Count(src, "\n"); n < 200000 {
		b.Fatalf("only %d lines", n)
	}
	doc := document.NewText(src)
	if len(Complete(doc, off, model, Options{SnippetSupport: true}).Items) == 0 {
		b.Fatal("nothing offered")
	}
	b.ResetTimer()
	for b.Loop() {
		Complete(doc, off, model, Options{SnippetSupport: true})
	}
}

// The last function is the worst case: the scan for its enclosing keys
// walks back over every function to `functions:`.
func BenchmarkCompleteKeyInLastFunction(b *testing.B) {
	benchComplete(b, "          batchSize: 10\n", "          batc^\n")
}

func BenchmarkCompleteARNValue(b *testing.B) {
	benchComplete(b, "          arn: !GetAtt Table4999.StreamArn\n", "          arn: ^\n")
}

func BenchmarkCompleteStreamEvent(b *testing.B) {
	benchComplete(b, "      - http:\n", "      - ^\n      - http:\n")
}

func BenchmarkCompleteFilterField(b *testing.B) {
	benchComplete(b, "                  status:\n", "                  status:\n                    ^\n")
}

// A new model (after every edit that parses) costs one pass over its
// events and resources before the first completion that needs them.
func BenchmarkFactsOfANewModel(b *testing.B) {
	model := modelOf(largeFile(5000))
	for b.Loop() {
		computeFacts(model)
	}
}
