package navigate_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stream-ls/stream-ls/analysis"
	"github.com/stream-ls/stream-ls/analysis/navigate"
)

const service = `service: orders
custom:
  defaults: &defaults
    batchSize: 10
  # &defaults in a comment is not an anchor
functions:
  audit:
    handler: audit.handler
    events:
      - stream:
          <<: *defaults
          type: dynamodb
          arn: !GetAtt OrdersTable.StreamArn
      - stream:
          type: kinesis
          arn:
            Fn::GetAtt: [Clicks, Arn]
          consumer:
            Ref: ClicksConsumer
  report:
    handler: report.handler
    environment:
      QUEUE: !Sub "https://sqs.${AWS::Region}.amazonaws.com/${AWS::AccountId}/${Failures.QueueName}"
      TABLE: !Sub
        - "${Table}-${Stage}"
        - Table: !Ref OrdersTable
      STAGE: !Ref Stage
resources:
  Parameters:
    Stage:
      Type: String
  Resources:
    OrdersTable:
      Type: AWS::DynamoDB::Table
      Properties:
        StreamSpecification:
          StreamViewType: NEW_AND_OLD_IMAGES
    Clicks:
      Type: AWS::Kinesis::Stream
    ClicksConsumer:
      Type: AWS::Kinesis::StreamConsumer
      DependsOn: [Clicks]
    Failures:
      Type: AWS::SQS::Queue
    Other:
      Type: AWS::SNS::Topic
      DependsOn: Failures
`

// at is the offset delta bytes into the n-th (1-based) occurrence of
// needle, so that cursors are written as text, not counted columns.
func at(t *testing.T, text, needle string, n, delta int) int {
	t.Helper()
	off := -1
	for i := 0; i < n; i++ {
		j := strings.Index(text[off+1:], needle)
		if j < 0 {
			t.Fatalf("occurrence %d of %q not found", n, needle)
		}
		off += 1 + j
	}
	return off + delta
}

func TestDefinition(t *testing.T) {
	model := analysis.Model(service)
	tests := []struct {
		name   string
		cursor int
		origin string // the text of the reference
		target int    // where the definition starts
		text   string // and its text
	}{
		{"short GetAtt", at(t, service, "!GetAtt OrdersTable", 1, 10), "OrdersTable", at(t, service, "    OrdersTable:", 1, 4), "OrdersTable"},
		{"long GetAtt list", at(t, service, "[Clicks", 1, 1), "Clicks", at(t, service, "    Clicks:", 1, 4), "Clicks"},
		{"cursor at the end of the ID", at(t, service, "[Clicks", 1, 7), "Clicks", at(t, service, "    Clicks:", 1, 4), "Clicks"},
		{"long Ref", at(t, service, "Ref: ClicksConsumer", 1, 8), "ClicksConsumer", at(t, service, "    ClicksConsumer:", 1, 4), "ClicksConsumer"},
		{"Ref to a parameter", at(t, service, "!Ref Stage", 1, 6), "Stage", at(t, service, "    Stage:", 1, 4), "Stage"},
		{"Sub with an attribute", at(t, service, "${Failures.QueueName}", 1, 3), "Failures", at(t, service, "    Failures:", 1, 4), "Failures"},
		{"Sub variable of its own", at(t, service, "${Table}", 1, 3), "Table", at(t, service, "- Table:", 1, 2), "Table"},
		{"Sub falls back to a parameter", at(t, service, "${Stage}", 1, 3), "Stage", at(t, service, "    Stage:", 1, 4), "Stage"},
		{"DependsOn list", at(t, service, "DependsOn: [Clicks]", 1, 13), "Clicks", at(t, service, "    Clicks:", 1, 4), "Clicks"},
		{"DependsOn scalar", at(t, service, "DependsOn: Failures", 1, 12), "Failures", at(t, service, "    Failures:", 1, 4), "Failures"},
		{"merge-key alias", at(t, service, "*defaults", 1, 3), "*defaults", at(t, service, "&defaults", 1, 0), "&defaults"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, ok := navigate.Definition(model, tt.cursor)
			if !ok {
				t.Fatal("no definition")
			}
			if got := service[l.Origin.Start:l.Origin.End]; got != tt.origin {
				t.Errorf("origin %q, want %q", got, tt.origin)
			}
			if l.Target.Start != tt.target || service[l.Target.Start:l.Target.End] != tt.text {
				t.Errorf("target %d %q, want %d %q", l.Target.Start, service[l.Target.Start:l.Target.End], tt.target, tt.text)
			}
		})
	}
	for _, none := range []struct {
		name   string
		cursor int
	}{
		{"a pseudo parameter", at(t, service, "${AWS::Region}", 1, 4)},
		{"an attribute", at(t, service, "OrdersTable.StreamArn", 1, 14)},
		{"a plain value", at(t, service, "audit.handler", 1, 2)},
		{"an anchor in a comment", at(t, service, "# &defaults", 1, 4)},
	} {
		t.Run("nothing at "+none.name, func(t *testing.T) {
			if l, ok := navigate.Definition(model, none.cursor); ok {
				t.Errorf("got %q → %q", service[l.Origin.Start:l.Origin.End], service[l.Target.Start:l.Target.End])
			}
		})
	}
}

func TestAliasResolvesToTheClosestPrecedingAnchor(t *testing.T) {
	const text = "a: &x 1\nb: *x\nc: &x 2\nd: [*x, 'z *x']\n# *x\n"
	model := analysis.Model(text)
	l, ok := navigate.Definition(model, at(t, text, "*x", 1, 1))
	if !ok || l.Target.Start != at(t, text, "&x", 1, 0) {
		t.Errorf("first alias: got %v %v, want the first anchor", l, ok)
	}
	l, ok = navigate.Definition(model, at(t, text, "*x", 2, 1))
	if !ok || l.Target.Start != at(t, text, "&x", 2, 0) {
		t.Errorf("alias after a redefinition: got %v %v, want the second anchor", l, ok)
	}
	for n := 3; n <= 4; n++ {
		if l, ok := navigate.Definition(model, at(t, text, "*x", n, 1)); ok {
			t.Errorf("alias %d (in a quoted string or comment) resolved to %v", n, l)
		}
	}
}

func TestSymbols(t *testing.T) {
	model := analysis.Model(service)
	var b strings.Builder
	var dump func(ss []navigate.Symbol, indent string)
	dump = func(ss []navigate.Symbol, indent string) {
		for _, s := range ss {
			fmt.Fprintf(&b, "%s%s [%d] %q sel=%q\n", indent, s.Name, s.Kind, s.Detail, service[s.Selection.Start:s.Selection.End])
			if s.Selection.Start < s.Range.Start || s.Selection.End > s.Range.End {
				t.Errorf("%s: selection outside the range", s.Name)
			}
			dump(s.Children, indent+"  ")
		}
	}
	symbols := navigate.Symbols(model)
	dump(symbols, "")
	want := `functions [3] "" sel="functions"
  audit [12] "audit.handler" sel="audit"
    stream: dynamodb OrdersTable [24] "event 1" sel="stream"
    stream: kinesis Clicks [24] "event 2" sel="stream"
  report [12] "report.handler" sel="report"
resources [3] "" sel="resources"
  OrdersTable [19] "AWS::DynamoDB::Table" sel="OrdersTable"
  Clicks [19] "AWS::Kinesis::Stream" sel="Clicks"
  ClicksConsumer [19] "AWS::Kinesis::StreamConsumer" sel="ClicksConsumer"
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	audit := symbols[0].Children[0]
	if got := service[audit.Range.Start:audit.Range.End]; !strings.HasPrefix(got, "audit:") || !strings.HasSuffix(got, "Ref: ClicksConsumer") {
		t.Errorf("audit's range is %q, want the whole function", got)
	}
	event := audit.Children[0]
	if got := service[event.Range.Start:event.Range.End]; !strings.HasPrefix(got, "stream:") || !strings.HasSuffix(got, "OrdersTable.StreamArn") {
		t.Errorf("the first event's range is %q, want the whole event", got)
	}
}

func TestSymbolsOfLiteralARNs(t *testing.T) {
	const text = `functions:
  f:
    handler: h
    events:
      - stream: arn:aws:kinesis:us-east-1:123456789012:stream/clicks
      - stream:
          arn: arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2024-01-01T00:00:00.000
      - stream:
          arn: ${cf:other.StreamArn}
`
	var names []string
	for _, s := range navigate.Symbols(analysis.Model(text))[0].Children[0].Children {
		names = append(names, s.Name)
	}
	want := "[stream: kinesis clicks stream: dynamodb Orders stream: ${cf:other.StreamArn}]"
	if fmt.Sprint(names) != want {
		t.Errorf("got %v, want %s", names, want)
	}
}
