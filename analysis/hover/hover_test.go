package hover

import (
	"strings"
	"testing"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// The cursor is written into fixtures as ^, so that no test counts columns.
const caret = "^"

func at(t *testing.T, src string) (string, int) {
	t.Helper()
	i := strings.Index(src, caret)
	if i < 0 || strings.Count(src, caret) != 1 {
		t.Fatalf("fixture needs exactly one %s:\n%s", caret, src)
	}
	return src[:i] + src[i+len(caret):], i
}

func modelOf(text string) *serverless.File { return serverless.Build(yamlast.Parse(text)) }

// hover hovers at the caret and returns the text the result's span covers.
func hover(t *testing.T, src string) (*Result, string) {
	t.Helper()
	text, off := at(t, src)
	r, ok := Hover(modelOf(text), off)
	if !ok {
		t.Fatalf("no hover at the caret of\n%s", src)
	}
	if r.Span.Start > off || r.Span.End < off {
		t.Errorf("span %v does not contain the cursor %d", r.Span, off)
	}
	if strings.Contains(r.Plain, "**") || strings.Contains(r.Plain, "`") {
		t.Errorf("plain text keeps markdown:\n%s", r.Plain)
	}
	return r, text[r.Span.Start:r.Span.End]
}

func contains(t *testing.T, text string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(text, p) {
			t.Errorf("missing %q in\n%s", p, text)
		}
	}
}

const resources = `resources:
  Resources:
    OrdersTable:
      Type: AWS::DynamoDB::Table
      Properties:
        StreamSpecification:
          StreamViewType: NEW_AND_OLD_IMAGES
    PlainTable:
      Type: AWS::DynamoDB::Table
    ClickStream:
      Type: AWS::Kinesis::Stream
    ClickConsumer:
      Type: AWS::Kinesis::StreamConsumer
    FailedQueue:
      Type: AWS::SQS::Queue
`

// sampleValue is a value of the key's kind, written after "key:" at the
// given indentation; mappings get their first child.
func sampleValue(k catalog.Key, indent string) string {
	switch k.Kind {
	case catalog.KindEnum:
		return " " + k.Enum[0]
	case catalog.KindBoolean, catalog.KindTrueOrARN:
		return " true"
	case catalog.KindInteger, catalog.KindNumber:
		return " 60"
	case catalog.KindList:
		return "\n" + indent + "  - data: {kind: [x]}"
	case catalog.KindMapping:
		c := k.Children[0]
		return "\n" + indent + "  " + c.Name + ":" + sampleValue(c, indent+"  ")
	}
	return " arn:aws:sqs:eu-west-1:123456789012:queue"
}

// TestEveryStreamKey hovers over each key of the catalog, nested ones
// included, written in a stream event, and expects the catalog's
// documentation with its links.
func TestEveryStreamKey(t *testing.T) {
	var walk func(path []string, keys []catalog.Key)
	walk = func(path []string, keys []catalog.Key) {
		for _, k := range keys {
			p := append(append([]string(nil), path...), k.Name)
			t.Run(strings.Join(p, "."), func(t *testing.T) { checkKeyHover(t, p, k) })
			walk(p, k.Children)
		}
	}
	walk(nil, catalog.StreamKeys())
}

func checkKeyHover(t *testing.T, path []string, k catalog.Key) {
	var b strings.Builder
	b.WriteString("functions:\n  fn:\n    events:\n      - stream:\n          type: kinesis\n")
	indent := "          "
	for i, name := range path {
		if i == len(path)-1 {
			b.WriteString(indent + "^" + name + ":" + sampleValue(k, indent) + "\n")
			break
		}
		b.WriteString(indent + name + ":\n")
		indent += "  "
	}
	r, covered := hover(t, b.String())
	if covered != k.Name {
		t.Errorf("span covers %q", covered)
	}
	if r.Markdown != catalog.MarkdownDoc(k) || r.Plain != catalog.PlainDoc(k) {
		t.Errorf("hover differs from the catalog's documentation:\n%s", r.Markdown)
	}
	contains(t, r.Markdown, "**"+k.Name+"**", k.Summary, "**Type:**", "**Applies to:** "+k.AppliesTo.String(), catalog.ServerlessStreamsDocs)
	contains(t, r.Plain, k.Name, "Applies to: "+k.AppliesTo.String(), catalog.ServerlessStreamsDocs)
	if len(k.Ranges) > 0 {
		contains(t, r.Markdown, "**Allowed:** "+k.RangeText())
	}
	if k.FrameworkDefault != "" {
		contains(t, r.Markdown, "**Framework default:** `"+k.FrameworkDefault+"`")
	}
	if k.AWSDefault != "" {
		contains(t, r.Markdown, "**AWS default:** `"+k.AWSDefault+"`")
	}
	for _, l := range k.Links {
		contains(t, r.Markdown, "]("+l.URL+")")
		contains(t, r.Plain, l.URL)
	}
	if k.CloudFormationProperty != "" {
		contains(t, r.Markdown, "]("+catalog.DocCloudFormation)
		if len(path) == 1 {
			contains(t, r.Markdown, "]("+catalog.DocLambdaGuide)
		}
	}
}

func TestBatchSizeHoverSaysTheFrameworkDefaultDiffers(t *testing.T) {
	r, _ := hover(t, "functions:\n  fn:\n    events:\n      - stream:\n          batch^Size: 100\n")
	contains(t, r.Markdown, "**Framework default:** `10`", "**AWS default:** `100`", "**Allowed:** 1 to 10000",
		"(https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-eventsourcemapping.html#cfn-lambda-eventsourcemapping-batchsize)")
	contains(t, r.Plain, "Framework default: 10", "AWS default: 100")
}

func TestValuesOfKeys(t *testing.T) {
	head := "functions:\n  fn:\n    events:\n      - stream:\n          type: kinesis\n"
	r, covered := hover(t, head+"          startingPosition: AT_TIME^STAMP\n")
	if covered != "AT_TIMESTAMP" {
		t.Errorf("span covers %q", covered)
	}
	contains(t, r.Markdown, "**`startingPosition: AT_TIMESTAMP`**", "From the time in `startingPositionTimestamp`.",
		"- **Applies to:** Kinesis Data Streams only", "- **Since:** Serverless Framework v3.24.0",
		"- **Other values:** `LATEST`, `TRIM_HORIZON`", catalog.DocESMProperty("StartingPosition"))

	r, _ = hover(t, head+"          startingPosition: TRIM_HOR^IZON\n")
	contains(t, r.Markdown, "- **Default:** yes")

	// A value that is not an enum value explains its key.
	r, covered = hover(t, head+"          batchSize: 2^50\n")
	k, _ := catalog.StreamKey("batchSize")
	if covered != "250" || r.Markdown != catalog.MarkdownDoc(k) {
		t.Errorf("hover on a number: %q\n%s", covered, r.Markdown)
	}
}

func TestUnsupportedKeysAreExplained(t *testing.T) {
	r, covered := hover(t, "functions:\n  fn:\n    events:\n      - stream:\n          maximum^Concurrency: 5\n")
	reason, _ := catalog.UnsupportedStreamKey("maximumConcurrency")
	if covered != "maximumConcurrency" {
		t.Errorf("span covers %q", covered)
	}
	contains(t, r.Markdown, "**`maximumConcurrency` is not a key of a stream event**", reason[1:], catalog.ServerlessStreamsDocs)
}

func TestARNHover(t *testing.T) {
	r, covered := hover(t, "functions:\n  fn:\n    events:\n      - stream:\n          arn: arn:aws:kinesis:eu-west-1:123456789012:stream/click^s\n")
	if covered != "arn:aws:kinesis:eu-west-1:123456789012:stream/clicks" {
		t.Errorf("span covers %q", covered)
	}
	want := "**Kinesis data stream ARN**\n\n" +
		"- **Partition:** `aws`\n" +
		"- **Service:** `kinesis`\n" +
		"- **Region:** `eu-west-1`\n" +
		"- **Account:** `123456789012`\n" +
		"- **Stream:** `clicks`\n" +
		"- **Format:** `arn:PARTITION:kinesis:REGION:ACCOUNT:stream/STREAM_NAME`\n\n" +
		"**Fits here.** The framework takes the stream type from the ARN when `type` is absent.\n\n" +
		"Docs: [ARN formats: Kinesis data stream](" + catalog.DocKinesisARNFormat + ")"
	if !strings.HasPrefix(r.Markdown, want) {
		t.Errorf("got\n%s\nwant it to start with\n%s", r.Markdown, want)
	}
	arn, _ := catalog.StreamKey("arn")
	for _, l := range arn.Links {
		contains(t, r.Markdown, l.URL)
	}
	contains(t, r.Plain, "Partition: aws\nService: kinesis\nRegion: eu-west-1\nAccount: 123456789012\nStream: clicks\n",
		"Fits here. The framework takes the stream type from the ARN")

	head := "functions:\n  fn:\n    events:\n"
	for _, tc := range []struct {
		name, body string
		want       []string
	}{
		{"a DynamoDB stream in the shorthand", "      - stream: arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/stream/2024-01-01T00:00:00.0^00\n",
			[]string{"**DynamoDB stream ARN**", "- **Table:** `Orders`", "- **Stream label:** `2024-01-01T00:00:00.000`", "**Fits here.**", catalog.DocDynamoDBARNFormat}},
		{"a table ARN is not an event source", "      - stream:\n          arn: arn:aws:dynamodb:eu-west-1:123456789012:table/Or^ders\n",
			[]string{"**DynamoDB table ARN**", "**Wrong kind of ARN here:** a table ARN is not an event source", catalog.ARNDynamoDBStream.Format(), "StreamArn"}},
		{"a consumer ARN belongs in consumer", "      - stream:\n          arn: arn:aws:kinesis:eu-west-1:123456789012:stream/s/consumer/c:1540591^608\n",
			[]string{"**Kinesis stream consumer ARN**", "- **Consumer:** `c`", "- **Consumer created:** `1540591608`", "put the consumer ARN in `consumer`"}},
		{"a consumer ARN in consumer", "      - stream:\n          arn: arn:aws:kinesis:eu-west-1:123456789012:stream/s\n          consumer: arn:aws:kinesis:eu-west-1:123456789012:stream/s/consumer/c:15^40591608\n",
			[]string{"**Fits here.** The mapping reads through this existing consumer"}},
		{"a stream ARN in consumer", "      - stream:\n          consumer: arn:aws:kinesis:eu-west-1:123456789012:stream/^s\n",
			[]string{"**Wrong kind of ARN here:** `consumer` needs a Kinesis stream consumer ARN", catalog.ARNKinesisConsumer.Format()}},
		{"type contradicts the ARN", "      - stream:\n          type: dynamodb\n          arn: arn:aws:kinesis:eu-west-1:123456789012:stream/^s\n",
			[]string{"the event says `type: dynamodb` but this is a Kinesis data stream ARN"}},
		{"variables are not judged", "      - stream:\n          arn: arn:aws:kinesis:${aws:region}:#{AWS::AccountId}:stream/^s\n",
			[]string{"- **Region:** `${aws:region}` (a variable, resolved at deploy time)", "- **Account:** `#{AWS::AccountId}` (a variable, resolved at deploy time)", "**Fits here.**"}},
		{"a malformed part", "      - stream:\n          arn: arn:aws:kinesis:eu-west-1:1234:stream/^s\n",
			[]string{"- **Account:** `1234` (does not match the documented format)"}},
		{"an SQS queue as destination", "      - stream:\n          destinations:\n            onFailure: arn:aws:sqs:eu-west-1:123456789012:fail^ed\n",
			[]string{"**SQS queue ARN**", "- **Queue:** `failed`", "**Fits here.**", catalog.DocKinesisOnFailure}},
		{"an S3 bucket as destination", "      - stream:\n          destinations:\n            onFailure:\n              type: sqs\n              arn: arn:aws:s3:::buck^et\n",
			[]string{"**S3 bucket ARN**", "- **Bucket:** `bucket`", "needs your own IAM statements"}},
		{"a Lambda function as destination", "      - stream:\n          destinations:\n            onFailure: arn:aws:lambda:eu-west-1:123456789012:function:^f\n",
			[]string{"**ARN**", "- **Resource:** `function:f`", "`onFailure` needs an SQS queue or SNS topic ARN"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := hover(t, head+tc.body)
			contains(t, r.Markdown, tc.want...)
		})
	}
}

func TestReferenceHover(t *testing.T) {
	r, covered := hover(t, "functions:\n  fn:\n    events:\n      - stream:\n          type: dynamodb\n          arn: !GetAtt Orders^Table.StreamArn\n"+resources)
	if covered != "!GetAtt OrdersTable.StreamArn" {
		t.Errorf("span covers %q", covered)
	}
	want := "**`!GetAtt OrdersTable.StreamArn` → AWS::DynamoDB::Table**\n\n" +
		"- **Stream:** enabled, view type `NEW_AND_OLD_IMAGES` (records carry Keys, NewImage, OldImage)\n" +
		"- **As `arn`:** `Fn::GetAtt: [OrdersTable, StreamArn]`, with `type: dynamodb`\n" +
		"- **`Ref` gives:** the table name\n\n" +
		"**Fits here.**\n\n" +
		"Docs: [CloudFormation: AWS::DynamoDB::Table](" + catalog.DocCloudFormation + "aws-resource-dynamodb-table.html#aws-resource-dynamodb-table-return-values)"
	if !strings.HasPrefix(r.Markdown, want) {
		t.Errorf("got\n%s\nwant it to start with\n%s", r.Markdown, want)
	}
	contains(t, r.Plain, "Stream: enabled, view type NEW_AND_OLD_IMAGES", "As arn: Fn::GetAtt: [OrdersTable, StreamArn], with type: dynamodb")

	head := "functions:\n  fn:\n    events:\n      - stream:\n"
	for _, tc := range []struct {
		name, body string
		want       []string
	}{
		{"a table without a stream", "          type: dynamodb\n          arn:\n            Fn::GetAtt: [Plain^Table, StreamArn]\n",
			[]string{"**`Fn::GetAtt: [PlainTable, StreamArn]` → AWS::DynamoDB::Table**", "- **Stream:** none", "has no `StreamSpecification`"}},
		{"the table ARN instead of the stream's", "          type: dynamodb\n          arn: !GetAtt Orders^Table.Arn\n",
			[]string{"`Arn` is not the stream's ARN; use `StreamArn`"}},
		{"Ref of a stream gives its name", "          type: kinesis\n          arn: !Ref Click^Stream\n",
			[]string{"**`!Ref ClickStream` → AWS::Kinesis::Stream**", "`Ref` gives the stream name, not an ARN. Use `Fn::GetAtt: [ClickStream, Arn]`"}},
		{"type missing with an intrinsic", "          arn: !GetAtt Click^Stream.Arn\n",
			[]string{"**Fits here.** The event also needs `type: kinesis`"}},
		{"type contradicting the resource", "          type: dynamodb\n          arn: !GetAtt Click^Stream.Arn\n",
			[]string{"the event says `type: dynamodb` but the resource is a kinesis stream"}},
		{"a consumer in arn", "          type: kinesis\n          arn: !Ref Click^Consumer\n",
			[]string{"a consumer belongs in `consumer`"}},
		{"a consumer in consumer", "          type: kinesis\n          arn: !GetAtt ClickStream.Arn\n          consumer:\n            Ref: Click^Consumer\n",
			[]string{"**`Ref: ClickConsumer` → AWS::Kinesis::StreamConsumer**", "- **`Ref` gives:** the consumer ARN", "**Fits here.**", catalog.DocCloudFormation + "aws-resource-kinesis-streamconsumer.html"}},
		{"a queue as destination", "          destinations:\n            onFailure:\n              type: sqs\n              arn: !GetAtt Failed^Queue.Arn\n",
			[]string{"**Fits here.**", "`Ref` gives:** the queue URL"}},
		{"a missing resource", "          type: kinesis\n          arn: !GetAtt Nowh^ere.Arn\n",
			[]string{"No resource `Nowhere` in `resources.Resources`"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := hover(t, head+tc.body+resources)
			contains(t, r.Markdown, tc.want...)
		})
	}
	r, _ = hover(t, head+"          type: kinesis\n          arn: !GetAtt Nowh^ere.Arn\nresources: ${file(resources.yml)}\n")
	contains(t, r.Markdown, "is not in this file; part of `resources` comes from elsewhere")
}

func TestStreamKeyHover(t *testing.T) {
	// The examples of reference/serverless-stream.md 3.4.
	src := "service: probe\nfunctions:\n  fn-one:\n    events:\n      - str^eam:\n          arn: arn:aws:kinesis:eu-west-1:123456789012:stream/my_stream-1\n          consumer: true\n"
	r, covered := hover(t, src)
	if covered != "stream" {
		t.Errorf("span covers %q", covered)
	}
	ev := catalog.StreamEvent()
	want := "**stream: what the framework generates for this event**\n\n" + ev.Summary + "\n\n" +
		"- **Event source mapping:** `FnDashoneEventSourceMappingKinesisMystream1` (`AWS::Lambda::EventSourceMapping`)\n" +
		"- **StartingPosition:** `TRIM_HORIZON` (framework default)\n" +
		"- **BatchSize:** `10` (framework default; AWS's own default is 100)\n" +
		"- **Enabled:** `true` (framework default)\n" +
		"- **Consumer:** `FnDashonemyUnderscorestreamDash1ConsumerStreamConsumer` (`AWS::Kinesis::StreamConsumer`) named `fn-onemy_stream-1Consumer`, which becomes the mapping's source\n\n" +
		"Docs: "
	if !strings.HasPrefix(r.Markdown, want) {
		t.Errorf("got\n%s\nwant it to start with\n%s", r.Markdown, want)
	}
	for _, l := range ev.Links {
		contains(t, r.Markdown, "["+l.Title+"]("+l.URL+")")
	}
	contains(t, r.Plain, "Event source mapping: FnDashoneEventSourceMappingKinesisMystream1 (AWS::Lambda::EventSourceMapping)")

	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{"explicit values and a GetAtt",
			"functions:\n  orders_fn:\n    events:\n      - ^stream:\n          type: dynamodb\n          arn: !GetAtt OrdersTable.StreamArn\n          batchSize: 250\n          startingPosition: LATEST\n          enabled: false\n",
			[]string{"`OrdersUnderscorefnEventSourceMappingDynamodbOrdersTable`", "- **StartingPosition:** `LATEST`\n", "- **BatchSize:** `250`\n", "- **Enabled:** `false`\n"}},
		{"batchSize 0 becomes the default",
			"functions:\n  f:\n    events:\n      - ^stream:\n          arn: arn:aws:kinesis:eu-west-1:123456789012:stream/s\n          batchSize: 0\n",
			[]string{"- **BatchSize:** `10` (the framework replaces 0 with its default)"}},
		{"the shorthand",
			"functions:\n  f:\n    events:\n      - ^stream: arn:aws:dynamodb:eu-west-1:123456789012:table/my-table/stream/2024-01-01T00:00:00.000\n",
			[]string{"`FEventSourceMappingDynamodbMytable`"}},
		{"Fn::ImportValue names the mapping after the export",
			"functions:\n  f:\n    events:\n      - ^stream:\n          type: kinesis\n          arn:\n            Fn::ImportValue: shared-stream-arn\n",
			[]string{"`FEventSourceMappingKinesisSharedstreamarn`"}},
		{"Fn::Join names it after the last part",
			"functions:\n  f:\n    events:\n      - ^stream:\n          type: kinesis\n          arn:\n            Fn::Join: [':', [arn, aws, kinesis, eu-west-1, '123456789012', stream/joined-one]]\n",
			[]string{"`FEventSourceMappingKinesisJoinedone`"}},
		{"an intrinsic without type",
			"functions:\n  f:\n    events:\n      - ^stream:\n          arn: !GetAtt ClickStream.Arn\n",
			[]string{"- **Event source mapping:** none: with an intrinsic `arn` the framework needs `type`"}},
		{"Fn::Sub cannot be named",
			"functions:\n  f:\n    events:\n      - ^stream:\n          type: kinesis\n          arn: !Sub 'arn:aws:kinesis:${AWS::Region}:${AWS::AccountId}:stream/s'\n",
			[]string{"cannot derive a stream name from this `Fn::Sub`"}},
		{"consumer naming per service and stage",
			"service: probe\nprovider:\n  stage: prod\n  kinesis:\n    consumerNamingMode: serviceSpecific\nfunctions:\n  f1:\n    events:\n      - ^stream:\n          arn: arn:aws:kinesis:eu-west-1:123456789012:stream/my-export\n          consumer: true\n",
			[]string{"named `f1my-exportprobeprodConsumer`", "`F1myDashexportprobeprodConsumerStreamConsumer`"}},
		{"an existing consumer",
			"functions:\n  f:\n    events:\n      - ^stream:\n          arn: arn:aws:kinesis:eu-west-1:123456789012:stream/s\n          consumer: arn:aws:kinesis:eu-west-1:123456789012:stream/s/consumer/c:1\n",
			[]string{"- **Consumer:** the existing consumer given in `consumer` becomes the mapping's source"}},
		{"consumer on DynamoDB",
			"functions:\n  f:\n    events:\n      - ^stream:\n          arn: arn:aws:dynamodb:eu-west-1:123456789012:table/t/stream/2024-01-01T00:00:00.000\n          consumer: true\n",
			[]string{"- **Consumer:** none: the framework ignores `consumer`"}},
		{"a dot in the stream name makes an invalid consumer ID",
			"functions:\n  f:\n    events:\n      - ^stream:\n          arn: arn:aws:kinesis:eu-west-1:123456789012:stream/my.stream\n          consumer: true\n",
			[]string{"`Fmy.streamConsumerStreamConsumer`", "the logical ID is invalid for CloudFormation"}},
		{"AT_TIMESTAMP without consumer",
			"functions:\n  f:\n    events:\n      - ^stream:\n          arn: arn:aws:kinesis:eu-west-1:123456789012:stream/s\n          startingPosition: AT_TIMESTAMP\n          startingPositionTimestamp: 1700000000\n",
			[]string{"- **StartingPositionTimestamp:** not written"}},
		{"AT_TIMESTAMP with consumer",
			"functions:\n  f:\n    events:\n      - ^stream:\n          arn: arn:aws:kinesis:eu-west-1:123456789012:stream/s\n          consumer: true\n          startingPosition: AT_TIMESTAMP\n          startingPositionTimestamp: 1700000000\n",
			[]string{"- **StartingPositionTimestamp:** `1700000000`"}},
		{"a variable in the stream name",
			"functions:\n  f:\n    events:\n      - ^stream: arn:aws:kinesis:eu-west-1:123456789012:stream/${self:custom.stream}\n",
			[]string{"the exact name depends on a variable resolved at deploy time"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := hover(t, tc.src)
			contains(t, r.Markdown, tc.want...)
		})
	}
}

func TestNothingToSay(t *testing.T) {
	for name, src := range map[string]string{
		"a function key":        "functions:\n  fn:\n    hand^ler: h.h\n    events:\n      - stream: arn:aws:kinesis:eu-west-1:123456789012:stream/s\n",
		"another event":         "functions:\n  fn:\n    events:\n      - ht^tp: GET /\n",
		"the provider":          "provi^der:\n  name: aws\n",
		"a resource":            "functions:\n  fn:\n    events:\n      - stream: arn:aws:kinesis:eu-west-1:123456789012:stream/s\n" + strings.Replace(resources, "ClickStream:", "Click^Stream:", 1),
		"a filter field":        "functions:\n  fn:\n    events:\n      - stream:\n          filterPatterns:\n            - eventN^ame: [INSERT]\n",
		"an unknown stream key": "functions:\n  fn:\n    events:\n      - stream:\n          colou^r: red\n",
		"the events list dash":  "functions:\n  fn:\n    events:\n      ^- stream: arn:aws:kinesis:eu-west-1:123456789012:stream/s\n",
	} {
		t.Run(name, func(t *testing.T) {
			text, off := at(t, src)
			if r, ok := Hover(modelOf(text), off); ok {
				t.Errorf("hover where nothing is known: %+v", r)
			}
		})
	}
	if _, ok := Hover(nil, 0); ok {
		t.Error("hover without a model")
	}
	m := modelOf("functions:\n  fn:\n    events:\n      - stream: arn:aws:kinesis:eu-west-1:123456789012:stream/s\n")
	for _, off := range []int{-1, 1 << 20} {
		if _, ok := Hover(m, off); ok {
			t.Errorf("hover at offset %d", off)
		}
	}
}

func TestHoverSurvivesABrokenFunction(t *testing.T) {
	// yamlast recovers per function, so the intact one still hovers.
	src := "functions:\n  broken:\n    events: [\n  fine:\n    events:\n      - stream:\n          batch^Size: 5\n"
	r, _ := hover(t, src)
	k, _ := catalog.StreamKey("batchSize")
	if r.Markdown != catalog.MarkdownDoc(k) {
		t.Errorf("got\n%s", r.Markdown)
	}
}

func TestSourceOf(t *testing.T) {
	m := modelOf(resources)
	for id, want := range map[string]Source{
		"OrdersTable":   {Stream: catalog.DynamoDB, Attribute: "StreamArn", RefGives: "the table name", HasStream: true, ViewType: "NEW_AND_OLD_IMAGES"},
		"PlainTable":    {Stream: catalog.DynamoDB, Attribute: "StreamArn", RefGives: "the table name"},
		"ClickStream":   {Stream: catalog.Kinesis, Attribute: "Arn", RefGives: "the stream name", HasStream: true},
		"ClickConsumer": {Stream: catalog.Kinesis, Attribute: "ConsumerARN", Consumer: true, RefGives: "the consumer ARN", RefIsARN: true, HasStream: true},
		"FailedQueue":   {Attribute: "Arn", Destination: true, RefGives: "the queue URL"},
	} {
		got := SourceOf(m.Resources[id])
		want.Resource = m.Resources[id]
		if got != want {
			t.Errorf("%s: got %+v\nwant %+v", id, got, want)
		}
	}
	if !SourceOf(m.Resources["OrdersTable"]).StreamSource() || SourceOf(m.Resources["PlainTable"]).StreamSource() ||
		SourceOf(m.Resources["ClickConsumer"]).StreamSource() {
		t.Error("StreamSource: only streams and tables with a stream are sources")
	}
}

func TestCRLFAndNonASCII(t *testing.T) {
	src := strings.ReplaceAll("# flux « commandes » 📦\nfunctions:\n  traitement-é:\n    events:\n      - stream:\n          arn: arn:aws:kinesis:eu-west-1:123456789012:stream/flux-📦\n          batch^Size: 5\n", "\n", "\r\n")
	r, covered := hover(t, src)
	if covered != "batchSize" {
		t.Errorf("span covers %q", covered)
	}
	k, _ := catalog.StreamKey("batchSize")
	if r.Markdown != catalog.MarkdownDoc(k) {
		t.Errorf("got\n%s", r.Markdown)
	}
	r, covered = hover(t, strings.Replace(strings.Replace(src, "^", "", 1), "- stream:", "- str^eam:", 1))
	if covered != "stream" {
		t.Errorf("span covers %q", covered)
	}
	// The function name keeps its é (only - and _ are spelled out); the
	// stream name keeps ASCII letters and digits only.
	contains(t, r.Markdown, "`TraitementDashéEventSourceMappingKinesisFlux`")
	r, _ = hover(t, "functions:\n  écoute:\n    events:\n      - str^eam: arn:aws:kinesis:eu-west-1:123456789012:stream/s\n")
	contains(t, r.Markdown, "`ÉcouteEventSourceMappingKinesisS`")
}

// The keys of a defaults mapping that stream events merge are described
// as the events' keys; Hover alone finds nothing there, outside every
// event.
func TestMergedDefaultsAreDescribed(t *testing.T) {
	const src = "custom:\n  defaults: &defaults\n    batch^Size: 100\n    startingPosition: LATEST\n" +
		"functions:\n  fn:\n    events:\n      - stream:\n          <<: *defaults\n          type: kinesis\n" +
		"          arn: arn:aws:kinesis:us-east-1:123456789012:stream/s\n"
	text, off := at(t, src)
	model := modelOf(text)
	if _, ok := Hover(model, off); ok {
		t.Fatal("Hover describes the anchor by itself; HoverMerged has nothing to add")
	}
	r, ok := HoverMerged(model, off)
	if !ok {
		t.Fatal("no hover on a merged key")
	}
	k, _ := catalog.StreamKey("batchSize")
	if text[r.Span.Start:r.Span.End] != "batchSize" || r.Markdown != catalog.MarkdownDoc(k) {
		t.Errorf("hover on the merged key covers %q:\n%s", text[r.Span.Start:r.Span.End], r.Markdown)
	}

	// A value there is read in the context of the event that merges it.
	text, off = at(t, strings.Replace(strings.Replace(src, "^", "", 1), "LATEST", "LAT^EST", 1))
	r, ok = HoverMerged(modelOf(text), off)
	if !ok {
		t.Fatal("no hover on a merged value")
	}
	contains(t, r.Markdown, "**`startingPosition: LATEST`**")

	// A mapping nobody merges has nothing to say.
	text, off = at(t, strings.Replace(src, "<<: *defaults", "batchSize: 5", 1))
	if r, ok := HoverMerged(modelOf(text), off); ok {
		t.Errorf("hover on a mapping no event merges: %s", r.Markdown)
	}
}
