package hover

import (
	"fmt"
	"strings"
	"testing"
)

// largeFile writes a serverless.yml of about 200,000 lines for 5000
// functions, each with a Kinesis and a DynamoDB stream event, and the
// resources they use.
func largeFile(functions int) string {
	var b strings.Builder
	b.WriteString("service: bench\nprovider:\n  name: aws\nfunctions:\n")
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
          consumer: true
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

// benchHover hovers at the first occurrence of target (which holds a caret)
// in the last function; the search for the event under the cursor is
// linear in the number of events, so the last one is the worst case.
func benchHover(b *testing.B, target string) {
	text := largeFile(5000)
	if n := strings.Count(text, "\n"); n < 200000 {
		b.Fatalf("only %d lines", n)
	}
	clean := strings.Replace(target, caret, "", 1)
	last := strings.LastIndex(text, "  fn4999:")
	off := last + strings.Index(text[last:], clean) + strings.Index(target, caret)
	model := modelOf(text)
	if _, ok := Hover(model, off); !ok {
		b.Fatal("no hover")
	}
	b.ResetTimer()
	for b.Loop() {
		Hover(model, off)
	}
}

func BenchmarkHoverKey(b *testing.B)            { benchHover(b, "batch^Size: 10") }
func BenchmarkHoverGeneratedEvent(b *testing.B) { benchHover(b, "- str^eam:\n          type: kinesis") }
func BenchmarkHoverGetAtt(b *testing.B)         { benchHover(b, "!GetAtt Tab^le4999") }
func BenchmarkHoverARN(b *testing.B) {
	benchHover(b, "arn:aws:sqs:us-east-1:123456789012:fail^ed-4999")
}
