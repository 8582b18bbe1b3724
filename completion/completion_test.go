package completion

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// The cursor is written into fixtures as ^, so that no test counts columns.
const caret = "^"

// at removes the caret from src and returns the text and the cursor offset.
func at(t *testing.T, src string) (string, int) {
	t.Helper()
	i := strings.Index(src, caret)
	if i < 0 || strings.Count(src, caret) != 1 {
		t.Fatalf("fixture needs exactly one %s:\n%s", caret, src)
	}
	return src[:i] + src[i+len(caret):], i
}

// modelOf builds the model the server would keep for text, which may be a
// different (older) version of the document than the one completed.
func modelOf(text string) *serverless.File { return serverless.Build(yamlast.Parse(text)) }

// complete runs Complete at the caret, with the text's own model unless
// model is given, and without snippets so that edits read as text.
func complete(t *testing.T, src string, model ...*serverless.File) (string, []Item) {
	t.Helper()
	text, off := at(t, src)
	m := modelOf(text)
	if len(model) > 0 {
		m = model[0]
	}
	list := completeText(text, off, m, Options{})
	if list.Incomplete {
		t.Errorf("a small file's list is marked incomplete")
	}
	checkEdits(t, text, off, list.Items)
	return text, list.Items
}

// checkEdits asserts what LSP requires of every item: the main edit is on
// the cursor's line and contains the cursor, and additional edits do not
// overlap it.
func checkEdits(t *testing.T, text string, off int, items []Item) {
	t.Helper()
	for _, it := range items {
		sp := it.Edit.Span
		if sp.Start > off || sp.End < off {
			t.Errorf("%s: edit %v does not contain the cursor %d", it.Label, sp, off)
		}
		if strings.ContainsAny(text[sp.Start:sp.End], "\r\n") {
			t.Errorf("%s: edit %v spans lines", it.Label, sp)
		}
		for _, a := range it.AdditionalEdits {
			if a.Span.End >= sp.Start && a.Span.Start <= sp.End {
				t.Errorf("%s: additional edit %v touches the main edit %v", it.Label, a.Span, sp)
			}
		}
	}
}

func labels(items []Item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Label
	}
	return out
}

func find(t *testing.T, items []Item, label string) Item {
	t.Helper()
	for _, it := range items {
		if it.Label == label {
			return it
		}
	}
	t.Fatalf("no item %q among %q", label, labels(items))
	return Item{}
}

// apply returns text with an item's edits made, the way a client does.
func apply(text string, it Item) string {
	edits := append([]TextEdit{it.Edit}, it.AdditionalEdits...)
	sort.Slice(edits, func(i, j int) bool { return edits[i].Span.Start > edits[j].Span.Start })
	for _, e := range edits {
		text = text[:e.Span.Start] + e.NewText + text[e.Span.End:]
	}
	return text
}

// accepted completes at the caret, applies the item with the given label
// and returns the new text.
func accepted(t *testing.T, src, label string) string {
	t.Helper()
	text, items := complete(t, src)
	return apply(text, find(t, items, label))
}

func sameLabels(t *testing.T, items []Item, want ...string) {
	t.Helper()
	if got := labels(items); !slices.Equal(got, want) {
		t.Errorf("labels\n got %q\nwant %q", got, want)
	}
}

const resources = `resources:
  Resources:
    OrdersTable:
      Type: AWS::DynamoDB::Table
      Properties:
        AttributeDefinitions:
          - AttributeName: pk
            AttributeType: S
          - AttributeName: total
            AttributeType: N
        KeySchema:
          - AttributeName: pk
            KeyType: HASH
        StreamSpecification:
          StreamViewType: NEW_AND_OLD_IMAGES
    AuditTable:
      Type: AWS::DynamoDB::Table
      Properties:
        StreamSpecification:
          StreamViewType: OLD_IMAGE
    PlainTable:
      Type: AWS::DynamoDB::Table
    ClickStream:
      Type: AWS::Kinesis::Stream
    ClickConsumer:
      Type: AWS::Kinesis::StreamConsumer
    FailedQueue:
      Type: AWS::SQS::Queue
    AlarmTopic:
      Type: AWS::SNS::Topic
`

// streamKeysExcept lists the catalog's stream keys in catalog order, minus
// the given ones.
func streamKeysExcept(skip ...string) []string {
	var out []string
	for _, k := range catalog.StreamKeys() {
		if !slices.Contains(skip, k.Name) {
			out = append(out, k.Name)
		}
	}
	return out
}

func TestKeysOnAnEmptyLineOfAStreamMapping(t *testing.T) {
	src := `functions:
  fn:
    handler: h.h
    events:
      - stream:
          arn: arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/stream/2024-01-01T00:00:00.000
          batchSize: 5
          ^
      - http: GET /
`
	_, items := complete(t, src)
	// DynamoDB: no consumer; no AT_TIMESTAMP, so no timestamp either.
	sameLabels(t, items, streamKeysExcept("arn", "batchSize", "consumer", "startingPositionTimestamp")...)
	for i := 1; i < len(items); i++ {
		if items[i-1].SortText >= items[i].SortText {
			t.Errorf("sort text of %s (%q) does not come before %s (%q)", items[i-1].Label, items[i-1].SortText, items[i].Label, items[i].SortText)
		}
	}
	k, _ := catalog.StreamKey("type")
	it := find(t, items, "type")
	if it.Detail != k.Summary || it.Documentation != catalog.MarkdownDoc(k) || it.PlainDocumentation != catalog.PlainDoc(k) || it.Kind != KindProperty {
		t.Errorf("type item does not carry the catalog's summary and docs: %+v", it)
	}

	got := accepted(t, src, "maximumRetryAttempts")
	want := strings.Replace(src, "^", "maximumRetryAttempts: ", 1)
	if got != want {
		t.Errorf("accepting maximumRetryAttempts gave\n%s", got)
	}
}

func TestKeysFollowTheStreamType(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       []string
	}{
		{
			name: "kinesis without AT_TIMESTAMP offers consumer but not the timestamp",
			body: "          type: kinesis\n          arn: !GetAtt ClickStream.Arn\n          ^\n",
			want: streamKeysExcept("type", "arn", "startingPositionTimestamp"),
		},
		{
			name: "kinesis with AT_TIMESTAMP offers the timestamp",
			body: "          arn: arn:aws:kinesis:eu-west-1:123456789012:stream/clicks\n          startingPosition: AT_TIMESTAMP\n          ^\n",
			want: streamKeysExcept("arn", "startingPosition"),
		},
		{
			name: "a GetAtt of a table in resources makes it DynamoDB",
			body: "          arn:\n            Fn::GetAtt: [OrdersTable, StreamArn]\n          ^\n",
			want: streamKeysExcept("arn", "consumer", "startingPositionTimestamp"),
		},
		{
			name: "an unknown type offers everything that can apply",
			body: "          arn: ${param:streamArn}\n          ^\n",
			want: streamKeysExcept("arn", "startingPositionTimestamp"),
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "functions:\n  fn:\n    events:\n      - stream:\n" + tc.body + resources
			_, items := complete(t, src)
			sameLabels(t, items, tc.want...)
		})
	}
}

// Editors indent the line after `- stream:` to the column of `stream`,
// where a key would be a sibling of `stream`; the keys are offered one
// level deeper.
func TestKeysOnTheLineAfterAnEmptyStream(t *testing.T) {
	src := "functions:\n  fn:\n    events:\n      - stream:\n        batc^\n"
	got := accepted(t, src, "batchSize")
	if want := "functions:\n  fn:\n    events:\n      - stream:\n          batchSize: \n"; got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
	if m := modelOf(got); len(m.Streams) != 1 || m.Streams[0].PropValue("batchSize") == nil {
		t.Errorf("batchSize did not land in the stream mapping:\n%s", got)
	}
	got = accepted(t, "functions:\n  fn:\n    events:\n      - stream:\n        ^\n", "destinations")
	if want := "      - stream:\n          destinations:\n            onFailure: arn:aws:sqs:us-east-1:123456789012:my-queue\n"; !strings.HasSuffix(got, want) {
		t.Errorf("got\n%s", got)
	}
}

func TestHalfTypedKeys(t *testing.T) {
	head := "functions:\n  fn:\n    events:\n      - stream:\n          type: dynamodb\n"
	for _, tc := range []struct {
		name, line, label, want string
	}{
		{"middle of a key", "          batc^\n", "batchSize", "          batchSize: \n"},
		{"cursor inside an existing key replaces all of it", "          bat^chSize: 10\n", "batchSize", "          batchSize: 10\n"},
		{"trailing colon keeps the value", "          batc^:\n", "batchSize", "          batchSize:\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := accepted(t, head+tc.line, tc.label)
			if want := head + tc.want; got != want {
				t.Errorf("got\n%q\nwant\n%q", got, want)
			}
		})
	}
}

func TestKeysWhileTheDocumentDoesNotParse(t *testing.T) {
	// A tab in the indentation and an unclosed flow list elsewhere: YAML
	// gives no tree, and the model passed is from an older version.
	old := "functions:\n  fn:\n    events:\n      - stream:\n          arn: !GetAtt OrdersTable.StreamArn\n" + resources
	src := "functions:\n  fn:\n    events:\n      - stream:\n          arn: !GetAtt OrdersTable.StreamArn\n          type: [dynamodb\n          start^\n  other:\n\thandler: x\n" + resources
	text, off := at(t, src)
	if len(yamlast.Parse(text).Errors) == 0 {
		t.Fatal("the fixture was meant not to parse")
	}
	items := completeText(text, off, modelOf(old), Options{}).Items
	it := find(t, items, "startingPosition")
	if got := apply(text, it); !strings.Contains(got, "          startingPosition: \n") {
		t.Errorf("got\n%s", got)
	}
	if slices.Contains(labels(items), "consumer") {
		t.Errorf("consumer offered on a DynamoDB stream: %q", labels(items))
	}
}

func TestSnippetsPlaceTheCursorOnTheValue(t *testing.T) {
	src := "functions:\n  fn:\n    events:\n      - stream:\n          type: kinesis\n          ^\n"
	text, off := at(t, src)
	items := completeText(text, off, nil, Options{SnippetSupport: true}).Items
	for label, want := range map[string]string{
		"startingPosition": "startingPosition: ${1|LATEST,TRIM_HORIZON,AT_TIMESTAMP|}",
		"batchSize":        "batchSize: ${1:100}",
		"enabled":          "enabled: ${1|true,false|}",
		"destinations":     "destinations:\n            onFailure: ${1:arn:aws:sqs:us-east-1:123456789012:my-queue}",
		"filterPatterns":   "filterPatterns:\n            - data:\n                ${1:field}: [${2:value}]",
	} {
		it := find(t, items, label)
		if !it.Snippet || it.Edit.NewText != want {
			t.Errorf("%s: snippet %v %q, want %q", label, it.Snippet, it.Edit.NewText, want)
		}
	}
	if it := find(t, items, "batchSize"); it.PlainText != "batchSize: " {
		t.Errorf("plain text %q", it.PlainText)
	}
	// Without snippet support the plain text is what gets inserted.
	for _, it := range completeText(text, off, nil, Options{}).Items {
		if it.Snippet || strings.Contains(it.Edit.NewText, "${") {
			t.Errorf("%s: snippet syntax sent to a client without snippets: %q", it.Label, it.Edit.NewText)
		}
	}
}

func TestValues(t *testing.T) {
	head := "functions:\n  fn:\n    events:\n      - stream:\n"
	for _, tc := range []struct {
		name, body string
		want       []string
	}{
		{"type after the colon and a space", "          type: ^\n", []string{"dynamodb", "kinesis"}},
		{"type with a partial word", "          type: kin^\n", []string{"dynamodb", "kinesis"}},
		{"startingPosition on DynamoDB has no AT_TIMESTAMP", "          type: dynamodb\n          startingPosition: ^\n", []string{"LATEST", "TRIM_HORIZON"}},
		{"startingPosition on Kinesis", "          type: kinesis\n          startingPosition: ^\n", []string{"LATEST", "TRIM_HORIZON", "AT_TIMESTAMP"}},
		{"functionResponseType", "          functionResponseType: ^\n", []string{"ReportBatchItemFailures"}},
		{"enabled", "          enabled: ^\n", []string{"true", "false"}},
		{"bisectBatchOnFunctionError", "          bisectBatchOnFunctionError: ^\n", []string{"true", "false"}},
		{"batchSize offers both defaults", "          batchSize: ^\n", []string{"10", "100"}},
		{"onFailure type", "          destinations:\n            onFailure:\n              arn: x\n              type: ^\n", []string{"sns", "sqs"}},
		{"destinations keys", "          destinations:\n            ^\n", []string{"onFailure"}},
		{"onFailure keys", "          destinations:\n            onFailure:\n              type: sqs\n              ^\n", []string{"arn"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, items := complete(t, head+tc.body)
			sameLabels(t, items, tc.want...)
		})
	}
}

func TestValueEdits(t *testing.T) {
	head := "functions:\n  fn:\n    events:\n      - stream:\n"
	for _, tc := range []struct {
		name, body, label, want string
	}{
		{"after a space", "          type: ^\n", "kinesis", "          type: kinesis\n"},
		{"replaces the partial word", "          type: kin^\n", "kinesis", "          type: kinesis\n"},
		{"cursor right after the colon adds the space", "          type:^\n", "kinesis", "          type: kinesis\n"},
		{"inside quotes keeps them", "          type: \"ki^\"\n", "kinesis", "          type: \"kinesis\"\n"},
		{"keeps a trailing comment", "          startingPosition: TR^ # where to start\n", "TRIM_HORIZON", "          startingPosition: TRIM_HORIZON # where to start\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := accepted(t, head+tc.body, tc.label)
			if want := head + tc.want; got != want {
				t.Errorf("got\n%q\nwant\n%q", got, want)
			}
		})
	}
	_, items := complete(t, head+"          enabled: ^\n")
	if d := find(t, items, "true").Detail; d != "default" {
		t.Errorf("enabled true: detail %q", d)
	}
}

func TestARNValuesFollowTheFileStyle(t *testing.T) {
	for _, tc := range []struct {
		name, other, label, want string
	}{
		{
			name:  "long form with a flow list",
			other: "      - stream:\n          type: kinesis\n          arn:\n            Fn::GetAtt: [ClickStream, Arn]\n",
			label: "OrdersTable",
			want:  "          type: dynamodb\n          arn: \n            Fn::GetAtt: [OrdersTable, StreamArn]\n",
		},
		{
			name:  "long form with a block list",
			other: "      - stream:\n          type: kinesis\n          arn:\n            Fn::GetAtt:\n              - ClickStream\n              - Arn\n",
			label: "OrdersTable",
			want:  "          type: dynamodb\n          arn: \n            Fn::GetAtt:\n              - OrdersTable\n              - StreamArn\n",
		},
		{
			name:  "short form",
			other: "      - stream:\n          type: kinesis\n          arn: !GetAtt ClickStream.Arn\n",
			label: "OrdersTable",
			want:  "          type: dynamodb\n          arn: !GetAtt OrdersTable.StreamArn\n",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "functions:\n  fn:\n    events:\n" + tc.other + "      - stream:\n          arn: ^\n" + resources
			text, items := complete(t, src)
			// Streams with a stream, in document order, then the shapes.
			sameLabels(t, items, "OrdersTable", "AuditTable", "ClickStream",
				catalog.ARNDynamoDBStream.Format(), catalog.ARNKinesisStream.Format())
			got := apply(text, find(t, items, tc.label))
			want := strings.Replace(src, "          arn: ^\n", tc.want, 1)
			if got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
			if m := modelOf(got); len(m.Streams) != 2 || m.Streams[1].PropValue("type").Value != "dynamodb" {
				t.Errorf("the result does not read as a DynamoDB stream event:\n%s", got)
			}
		})
	}
}

func TestATypedARNGetsOnlyShapes(t *testing.T) {
	_, items := complete(t, "functions:\n  fn:\n    events:\n      - stream:\n          type: kinesis\n          arn: arn:aws:kin^\n"+resources)
	sameLabels(t, items, catalog.ARNKinesisStream.Format())
}

func TestARNValuesRespectAnExplicitType(t *testing.T) {
	src := "functions:\n  fn:\n    events:\n      - stream:\n          type: kinesis\n          arn: ^\n" + resources
	text, items := complete(t, src)
	sameLabels(t, items, "ClickStream", catalog.ARNKinesisStream.Format())
	if it := find(t, items, "ClickStream"); len(it.AdditionalEdits) != 0 {
		t.Errorf("type is present, yet the item adds it: %+v", it.AdditionalEdits)
	}
	// The literal shape, with the provider's region and partition.
	src = "provider:\n  region: cn-north-1\nfunctions:\n  fn:\n    events:\n      - stream:\n          type: kinesis\n          arn: ^\n"
	text, off := at(t, src)
	items = completeText(text, off, modelOf(text), Options{SnippetSupport: true}).Items
	it := find(t, items, catalog.ARNKinesisStream.Format())
	if want := "arn:${1:aws-cn}:kinesis:${2:cn-north-1}:${3:ACCOUNT}:stream/${4:STREAM_NAME}"; it.Edit.NewText != want {
		t.Errorf("shape %q, want %q", it.Edit.NewText, want)
	}
	if want := "arn:aws-cn:kinesis:cn-north-1:ACCOUNT:stream/STREAM_NAME"; it.PlainText != want {
		t.Errorf("plain shape %q, want %q", it.PlainText, want)
	}
}

func TestARNKeysBelowArn(t *testing.T) {
	src := "functions:\n  fn:\n    events:\n      - stream:\n          arn:\n            ^\n" + resources
	got := accepted(t, src, "ClickStream")
	want := strings.Replace(src, "          arn:\n            ^\n", "          type: kinesis\n          arn:\n            Fn::GetAtt: [ClickStream, Arn]\n", 1)
	if got != want {
		t.Errorf("got\n%s", got)
	}
}

func TestLogicalIDs(t *testing.T) {
	all := []string{"OrdersTable", "AuditTable", "PlainTable", "ClickStream", "ClickConsumer", "FailedQueue", "AlarmTopic"}
	head := "functions:\n  fn:\n    events:\n      - stream:\n          type: dynamodb\n"
	for _, tc := range []struct {
		name, body string
		want       []string
		label      string
		result     string
	}{
		{"after !GetAtt in arn only streams", "          arn: !GetAtt ^\n", []string{"OrdersTable", "AuditTable", "ClickStream"},
			"OrdersTable", "          arn: !GetAtt OrdersTable.StreamArn\n"},
		{"!GetAtt with the attribute typed", "          arn: !GetAtt Ord^ers.StreamArn\n", []string{"OrdersTable", "AuditTable", "ClickStream"},
			"OrdersTable", "          arn: !GetAtt OrdersTable.StreamArn\n"},
		{"flow Fn::GetAtt, first item", "          arn:\n            Fn::GetAtt: [^\n", []string{"OrdersTable", "AuditTable", "ClickStream"},
			"AuditTable", "          arn:\n            Fn::GetAtt: [AuditTable\n"},
		{"flow Fn::GetAtt, second item", "          arn:\n            Fn::GetAtt: [OrdersTable, ^]\n", []string{"StreamArn"},
			"StreamArn", "          arn:\n            Fn::GetAtt: [OrdersTable, StreamArn]\n"},
		{"flow mapping Fn::GetAtt", "          arn: {Fn::GetAtt: [Cl^]}\n", []string{"OrdersTable", "AuditTable", "ClickStream"},
			"ClickStream", "          arn: {Fn::GetAtt: [ClickStream]}\n"},
		{"block Fn::GetAtt, first item", "          arn:\n            Fn::GetAtt:\n              - ^\n", []string{"OrdersTable", "AuditTable", "ClickStream"},
			"OrdersTable", "          arn:\n            Fn::GetAtt:\n              - OrdersTable\n"},
		{"block Fn::GetAtt, second item", "          arn:\n            Fn::GetAtt:\n              - ClickStream\n              - ^\n", []string{"Arn"},
			"Arn", "          arn:\n            Fn::GetAtt:\n              - ClickStream\n              - Arn\n"},
		{"Ref: offers every resource", "          consumer:\n            Ref: ^\n", all,
			"ClickConsumer", "          consumer:\n            Ref: ClickConsumer\n"},
		{"!Ref offers every resource", "          consumer: !Ref Cl^\n", all,
			"ClickConsumer", "          consumer: !Ref ClickConsumer\n"},
		{"Ref: right after the colon", "          consumer:\n            Ref:^\n", all,
			"ClickConsumer", "          consumer:\n            Ref: ClickConsumer\n"},
		{"Fn::GetAtt: right after the colon", "          arn:\n            Fn::GetAtt:^\n", []string{"OrdersTable", "AuditTable", "ClickStream"},
			"AuditTable", "          arn:\n            Fn::GetAtt: [AuditTable, StreamArn]\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := head + tc.body + resources
			text, items := complete(t, src)
			sameLabels(t, items, tc.want...)
			got := apply(text, find(t, items, tc.label))
			if want := head + tc.result + resources; got != want {
				t.Errorf("got\n%q\nwant\n%q", got[:len(got)-len(resources)], tc.result)
			}
			if it := find(t, items, tc.label); it.Kind != KindReference || it.Detail == "" || !strings.Contains(it.Documentation, "AWS::") {
				t.Errorf("%s: kind %d, detail %q, docs %q", tc.label, it.Kind, it.Detail, it.Documentation)
			}
		})
	}
}

func TestConsumerValues(t *testing.T) {
	src := "functions:\n  fn:\n    events:\n      - stream:\n          type: kinesis\n          consumer: ^\n" + resources
	_, items := complete(t, src)
	sameLabels(t, items, "true", "ClickConsumer", catalog.ARNKinesisConsumer.Format())
	got := accepted(t, src, "ClickConsumer")
	if !strings.Contains(got, "          consumer: \n            Ref: ClickConsumer\n") {
		t.Errorf("got\n%s", got)
	}
}

func TestDestinationValues(t *testing.T) {
	src := "functions:\n  fn:\n    events:\n      - stream:\n          destinations:\n            onFailure:\n              type: sqs\n              arn: ^\n" + resources
	_, items := complete(t, src)
	sameLabels(t, items, "FailedQueue", "AlarmTopic", "arn:aws:sqs:us-east-1:123456789012:my-queue")
	if got := accepted(t, src, "AlarmTopic"); !strings.Contains(got, "              arn: \n                Ref: AlarmTopic\n") {
		t.Errorf("got\n%s", got)
	}
}

func TestStreamEventsUnderEvents(t *testing.T) {
	for _, tc := range []struct {
		name, src, label, want string
	}{
		{
			name:  "new line under events inserts the dash",
			src:   "functions:\n  fn:\n    handler: h.h\n    events:\n      ^\n" + resources,
			label: "stream (DynamoDB)",
			want: "      - stream:\n          type: dynamodb\n          arn:\n            Fn::GetAtt: [OrdersTable, StreamArn]\n" +
				"          batchSize: 100\n          startingPosition: LATEST\n          maximumRetryAttempts: 3\n",
		},
		{
			name:  "after a dash, among other events",
			src:   "functions:\n  fn:\n    events:\n      - http: GET /\n      - str^\n",
			label: "stream (Kinesis)",
			want: "      - stream:\n          arn: arn:PARTITION:kinesis:REGION:ACCOUNT:stream/STREAM_NAME\n" +
				"          batchSize: 100\n          startingPosition: LATEST\n          maximumRetryAttempts: 3\n",
		},
		{
			name:  "compact lists and four-space indentation",
			src:   "functions:\n    fn:\n        events:\n        - http: GET /\n        - ^\n",
			label: "stream (Kinesis)",
			want: "        - stream:\n              arn: arn:PARTITION:kinesis:REGION:ACCOUNT:stream/STREAM_NAME\n" +
				"              batchSize: 100\n              startingPosition: LATEST\n              maximumRetryAttempts: 3\n",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text, items := complete(t, tc.src)
			sameLabels(t, items, "stream (DynamoDB)", "stream (Kinesis)")
			got := apply(text, find(t, items, tc.label))
			if !strings.Contains(got, tc.want) {
				t.Errorf("got\n%s\nwant it to contain\n%s", got, tc.want)
			}
			m := modelOf(got)
			if len(m.AST.Errors) != 0 || len(m.Streams) != 1 {
				t.Fatalf("the inserted event does not parse as one stream event: %+v\n%s", m.AST.Errors, got)
			}
			if m.Streams[0].PropValue("batchSize") == nil {
				t.Errorf("the inserted event has no batchSize:\n%s", got)
			}
		})
	}
	// Renaming the key of an event keeps its value.
	got := accepted(t, "functions:\n  fn:\n    events:\n      - str^eam:\n          type: kinesis\n", "stream")
	if want := "functions:\n  fn:\n    events:\n      - stream:\n          type: kinesis\n"; got != want {
		t.Errorf("got\n%s", got)
	}
	// An item that already holds an event gets nothing.
	_, items := complete(t, "functions:\n  fn:\n    events:\n      - http: GET /\n        ^\n")
	sameLabels(t, items)
}

func TestShorthandTakesALiteralARN(t *testing.T) {
	_, items := complete(t, "functions:\n  fn:\n    events:\n      - stream: ^\n"+resources)
	sameLabels(t, items, catalog.ARNDynamoDBStream.Format(), catalog.ARNKinesisStream.Format())
}

func TestFilterPatterns(t *testing.T) {
	ddb := "functions:\n  fn:\n    events:\n      - stream:\n          arn: !GetAtt OrdersTable.StreamArn\n          type: dynamodb\n          filterPatterns:\n"
	kin := "functions:\n  fn:\n    events:\n      - stream:\n          arn: !GetAtt ClickStream.Arn\n          type: kinesis\n          filterPatterns:\n"
	audit := strings.Replace(ddb, "OrdersTable", "AuditTable", 1)
	for _, tc := range []struct {
		name, head, body string
		want             []string
		label            string
		result           string
	}{
		{"new DynamoDB pattern", ddb, "            ^\n", []string{"eventName", "dynamodb"},
			"eventName", "            - eventName: [INSERT]\n"},
		{"new Kinesis pattern", kin, "            ^\n", []string{"data"},
			"data", "            - data:\n                field: [value]\n"},
		{"keys of a pattern not yet written", ddb, "            - eventName: [INSERT]\n              ^\n", []string{"dynamodb"},
			"dynamodb", "            - eventName: [INSERT]\n              dynamodb:\n                Keys:\n                  attribute:\n                    S: [value]\n"},
		{"eventName values as a list", ddb, "            - eventName: ^\n", []string{"[INSERT]", "[MODIFY]", "[REMOVE]"},
			"[REMOVE]", "            - eventName: [REMOVE]\n"},
		{"eventName values inside a list", ddb, "            - eventName: [INSERT, ^]\n", []string{"INSERT", "MODIFY", "REMOVE"},
			"MODIFY", "            - eventName: [INSERT, MODIFY]\n"},
		{"eventName values in a block list", ddb, "            - eventName:\n                - ^\n", []string{"INSERT", "MODIFY", "REMOVE"},
			"INSERT", "            - eventName:\n                - INSERT\n"},
		{"record parts", ddb, "            - dynamodb:\n                ^\n", []string{"Keys", "NewImage", "OldImage"},
			"NewImage", "            - dynamodb:\n                NewImage:\n                  attribute:\n                    S: [value]\n"},
		{"images an OLD_IMAGE stream lacks come last", audit, "            - dynamodb:\n                ^\n", []string{"Keys", "OldImage", "NewImage"},
			"Keys", "            - dynamodb:\n                Keys:\n                  attribute:\n                    S: [value]\n"},
		{"the table's key attributes", ddb, "            - dynamodb:\n                Keys:\n                  ^\n", []string{"pk"},
			"pk", "            - dynamodb:\n                Keys:\n                  pk:\n                    S: [value]\n"},
		{"the table's attributes", ddb, "            - dynamodb:\n                NewImage:\n                  ^\n", []string{"pk", "total"},
			"total", "            - dynamodb:\n                NewImage:\n                  total:\n                    N: [value]\n"},
		{"type descriptors", ddb, "            - dynamodb:\n                NewImage:\n                  status:\n                    ^\n",
			[]string{"S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"},
			"S", "            - dynamodb:\n                NewImage:\n                  status:\n                    S: []\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text, items := complete(t, tc.head+tc.body+resources)
			sameLabels(t, items, tc.want...)
			got := apply(text, find(t, items, tc.label))
			if want := tc.head + tc.result + resources; got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
	_, items := complete(t, audit+"            - dynamodb:\n                ^\n"+resources)
	if d := find(t, items, "NewImage").Detail; !strings.Contains(d, "never matches") || !strings.Contains(d, "OLD_IMAGE") {
		t.Errorf("NewImage on an OLD_IMAGE stream: detail %q", d)
	}
}

func TestCRLF(t *testing.T) {
	lf := "functions:\n  fn:\n    events:\n      - stream:\n          type: kinesis\n          ^\n      - http: GET /\n"
	src := strings.ReplaceAll(lf, "\n", "\r\n")
	text, items := complete(t, src)
	got := apply(text, find(t, items, "destinations"))
	want := strings.Replace(src, "^", "destinations:\r\n            onFailure: arn:aws:sqs:us-east-1:123456789012:my-queue", 1)
	if got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
	got = accepted(t, strings.Replace(src, "          ^", "          batc^", 1), "batchSize")
	if !strings.Contains(got, "          batchSize: \r\n      - http") {
		t.Errorf("got %q", got)
	}
	// Value position at the end of a CRLF line.
	_, items = complete(t, strings.Replace(src, "          ^", "          startingPosition: ^", 1))
	sameLabels(t, items, "LATEST", "TRIM_HORIZON", "AT_TIMESTAMP")
}

func TestNonASCII(t *testing.T) {
	src := "# Commandes 📦 reçues\nfunctions:\n  traitement-é:\n    description: \"Écoute 🚀 les commandes\"\n    events:\n      - stream:\n          type: dynamodb # table « Orders »\n          arn: !GetAtt OrdersTable.StreamArn\n          startingPosition: TR^\n" + resources
	got := accepted(t, src, "TRIM_HORIZON")
	if want := strings.Replace(src, "TR^", "TRIM_HORIZON", 1); got != want {
		t.Errorf("got\n%s", got)
	}
	src = "functions:\n  fn:\n    events:\n      - stream:\n          type: kinesis\n          filterPatterns:\n            - data:\n                état: [«déjà»]\n            - ^\n"
	got = accepted(t, src, "data")
	if !strings.Contains(got, "            - data:\n                field: [value]\n") {
		t.Errorf("got\n%s", got)
	}
}

func TestIndentationIsLearnedFromTheFile(t *testing.T) {
	src := "functions:\n    fn:\n        events:\n            -   stream:\n                    type: kinesis\n                    ^\n"
	got := accepted(t, src, "destinations")
	want := "                    destinations:\n                        onFailure: arn:aws:sqs:us-east-1:123456789012:my-queue\n"
	if !strings.Contains(got, want) {
		t.Errorf("got\n%s", got)
	}
	// Lists written at their key's column stay that way.
	src = "functions:\n  fn:\n    events:\n    - stream:\n        type: dynamodb\n        ^\n"
	got = accepted(t, src, "filterPatterns")
	want = "        filterPatterns:\n        - dynamodb:\n            Keys:\n              attribute:\n                S: [value]\n"
	if !strings.Contains(got, want) {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if m := modelOf(got); len(m.Streams) != 1 || m.Streams[0].PropValue("filterPatterns").Items[0].Get("dynamodb").Get("Keys") == nil {
		t.Errorf("the pattern does not parse as written:\n%s", got)
	}
}

func TestNothingToOffer(t *testing.T) {
	for name, src := range map[string]string{
		"top level":                 "serv^\nfunctions:\n",
		"provider":                  "provider:\n  name: aws\n  ^\n",
		"a function's own keys":     "functions:\n  fn:\n    hand^\n",
		"a comment":                 "functions:\n  fn:\n    events:\n      - stream:\n          # bat^\n",
		"a block scalar":            "functions:\n  fn:\n    events:\n      - stream:\n          type: kinesis\n          description: |\n            bat^\n",
		"the indentation of a key":  "functions:\n  fn:\n    events:\n      - stream:\n     ^     type: kinesis\n",
		"a value with no children":  "functions:\n  fn:\n    events:\n      - stream:\n          type: kinesis\n            ^\n",
		"events of custom":          "custom:\n  events:\n    ^\n",
		"a Kinesis pattern's field": "functions:\n  fn:\n    events:\n      - stream:\n          type: kinesis\n          filterPatterns:\n            - data:\n                ^\n",
		"an empty document":         "^",
	} {
		t.Run(name, func(t *testing.T) {
			_, items := complete(t, src)
			if len(items) != 0 {
				t.Errorf("offered %q", labels(items))
			}
		})
	}
}

func TestFunctionsAsAListAndFunctionsOnlyFiles(t *testing.T) {
	for name, src := range map[string]string{
		"functions list": "functions:\n  - fn:\n      events:\n        - stream:\n            type: kinesis\n            batc^\n",
		"functions file": "fn:\n  handler: h.h\n  events:\n    - stream:\n        type: kinesis\n        batc^\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, items := complete(t, src)
			if !slices.Contains(labels(items), "batchSize") {
				t.Errorf("offered %q", labels(items))
			}
		})
	}
}

func TestRobustAgainstAnyCursor(t *testing.T) {
	text := "functions:\n  fn:\n    events:\n      - stream:\n          type: kinesis\r\n          arn: [a, {b: \"c\n          é: 'x\n" + resources
	m := modelOf(text)
	for off := 0; off <= len(text); off++ {
		items := completeText(text, off, m, Options{SnippetSupport: true}).Items
		checkEdits(t, text, off, items)
	}
	if completeText(text, -1, m, Options{}).Items != nil || completeText(text, len(text)+1, m, Options{}).Items != nil {
		t.Error("offsets outside the text must give nothing")
	}
}

func TestLongResourceListsAreCutToWhatIsTyped(t *testing.T) {
	var b strings.Builder
	b.WriteString("functions:\n  fn:\n    events:\n      - stream:\n          type: kinesis\n          arn: !GetAtt stream12^\nresources:\n  Resources:\n")
	for i := range 2 * maxReferences {
		b.WriteString("    Stream" + strconv.Itoa(i) + ":\n      Type: AWS::Kinesis::Stream\n")
	}
	text, off := at(t, b.String())
	list := completeText(text, off, modelOf(text), Options{})
	if !list.Incomplete || len(list.Items) != maxReferences {
		t.Fatalf("incomplete %v with %d items", list.Incomplete, len(list.Items))
	}
	want := []string{"Stream12", "Stream120", "Stream121", "Stream122", "Stream123", "Stream124", "Stream125", "Stream126", "Stream127", "Stream128", "Stream129", "Stream0"}
	if got := labels(list.Items[:len(want)]); !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestKeysMergedFromAnAnchor(t *testing.T) {
	src := "custom:\n  kinesisDefaults: &kinesisDefaults\n    type: kinesis\n    batchSize: 500\n    startingPosition: AT_TIMESTAMP\n" +
		"functions:\n  fn:\n    events:\n      - stream:\n          <<: *kinesisDefaults\n          arn:\n            Fn::ImportValue: shared-stream-arn\n          ^\n"
	_, items := complete(t, src)
	// Kinesis (from the anchor), so consumer; AT_TIMESTAMP, so the timestamp.
	sameLabels(t, items, streamKeysExcept("arn", "type", "batchSize", "startingPosition")...)

	// The model must describe the text up to the event to be trusted.
	text, off := at(t, src)
	stale := modelOf(strings.Replace(text, "type: kinesis", "type: dynamodb", 1))
	items = completeText(text, off, stale, Options{}).Items
	if !slices.Contains(labels(items), "batchSize") {
		t.Errorf("keys of a model for other text were trusted: %q", labels(items))
	}
}

// The server answers requests concurrently with one shared model.
func TestConcurrentRequests(t *testing.T) {
	text, off := at(t, "functions:\n  fn:\n    events:\n      - stream:\n          arn: ^\n"+resources)
	model := modelOf(text)
	want := labels(completeText(text, off, model, Options{}).Items)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 20 {
				if got := labels(completeText(text, off, modelOf(text), Options{}).Items); !slices.Equal(got, want) {
					t.Errorf("got %q", got)
				}
				completeText(text, off, model, Options{SnippetSupport: true})
			}
		})
	}
	wg.Wait()
}

// completeText is Complete on text whole and on text cut into chunks of
// three bytes, which must give the same list: the server hands completion
// a document.Text whose chunks edits have cut anywhere.
func completeText(text string, off int, model *serverless.File, opts Options) List {
	list := Complete(document.NewText(text), off, model, opts)
	chunked := Complete(document.NewTextChunked(text, 3), off, model, opts)
	if !reflect.DeepEqual(list, chunked) {
		panic(fmt.Sprintf("completion at %d differs when the text is in chunks:\n%+v\nwant %+v", off, chunked, list))
	}
	return list
}
