package catalog

import (
	"math/rand/v2"
	"regexp"
	"testing"
)

func TestParseARN(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want ARN
	}{
		{
			name: "Kinesis stream",
			in:   "arn:aws:kinesis:us-east-1:123456789012:stream/lambda-stream",
			want: ARN{Partition: "aws", Service: "kinesis", Region: "us-east-1", Account: "123456789012",
				Resource: "stream/lambda-stream", Kind: ARNKinesisStream, Name: "lambda-stream"},
		},
		{
			name: "Kinesis consumer, aws-esm.md section 4 example",
			in:   "arn:aws:kinesis:us-east-1:123456789012:stream/lambda-stream/consumer/con1:1540591608",
			want: ARN{Partition: "aws", Service: "kinesis", Region: "us-east-1", Account: "123456789012",
				Resource: "stream/lambda-stream/consumer/con1:1540591608", Kind: ARNKinesisConsumer,
				Name: "lambda-stream", ConsumerName: "con1", ConsumerCreation: "1540591608"},
		},
		{
			name: "DynamoDB stream, aws-esm.md section 4 example",
			in:   "arn:aws:dynamodb:us-east-1:123456789012:table/TestTable/stream/2015-05-11T21:21:33.291",
			want: ARN{Partition: "aws", Service: "dynamodb", Region: "us-east-1", Account: "123456789012",
				Resource: "table/TestTable/stream/2015-05-11T21:21:33.291", Kind: ARNDynamoDBStream,
				Name: "TestTable", StreamLabel: "2015-05-11T21:21:33.291"},
		},
		{
			name: "DynamoDB table without /stream/",
			in:   "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders",
			want: ARN{Partition: "aws", Service: "dynamodb", Region: "eu-west-1", Account: "123456789012",
				Resource: "table/Orders", Kind: ARNDynamoDBTable, Name: "Orders"},
		},
		{
			name: "aws-cn partition",
			in:   "arn:aws-cn:kinesis:cn-north-1:123456789012:stream/orders",
			want: ARN{Partition: "aws-cn", Service: "kinesis", Region: "cn-north-1", Account: "123456789012",
				Resource: "stream/orders", Kind: ARNKinesisStream, Name: "orders"},
		},
		{
			name: "aws-us-gov partition",
			in:   "arn:aws-us-gov:dynamodb:us-gov-west-1:123456789012:table/T_1.x/stream/2024-01-01T00:00:00.000",
			want: ARN{Partition: "aws-us-gov", Service: "dynamodb", Region: "us-gov-west-1", Account: "123456789012",
				Resource: "table/T_1.x/stream/2024-01-01T00:00:00.000", Kind: ARNDynamoDBStream,
				Name: "T_1.x", StreamLabel: "2024-01-01T00:00:00.000"},
		},
		{
			name: "aws-eusc partition",
			in:   "arn:aws-eusc:kinesis:eusc-de-east-1:123456789012:stream/s",
			want: ARN{Partition: "aws-eusc", Service: "kinesis", Region: "eusc-de-east-1", Account: "123456789012",
				Resource: "stream/s", Kind: ARNKinesisStream, Name: "s"},
		},
		{
			name: "region outside its partition",
			in:   "arn:aws-cn:kinesis:us-east-1:123456789012:stream/s",
			want: ARN{Partition: "aws-cn", Service: "kinesis", Region: "us-east-1", Account: "123456789012",
				Resource: "stream/s", Kind: ARNKinesisStream, Name: "s", Invalid: PartRegion},
		},
		{
			name: "placeholders from the framework docs",
			in:   "arn:aws:dynamodb:region:XXXXXX:table/foo/stream/1970-01-01T00:00:00.000",
			want: ARN{Partition: "aws", Service: "dynamodb", Region: "region", Account: "XXXXXX",
				Resource: "table/foo/stream/1970-01-01T00:00:00.000", Kind: ARNDynamoDBStream,
				Name: "foo", StreamLabel: "1970-01-01T00:00:00.000", Invalid: PartRegion | PartAccount},
		},
		{
			name: "variables in region and account",
			in:   "arn:aws:kinesis:${aws:region}:${aws:accountId}:stream/orders",
			want: ARN{Partition: "aws", Service: "kinesis", Region: "${aws:region}", Account: "${aws:accountId}",
				Resource: "stream/orders", Kind: ARNKinesisStream, Name: "orders", Unresolved: PartRegion | PartAccount},
		},
		{
			name: "pseudo parameters and a variable table name",
			in:   "arn:aws:dynamodb:#{AWS::Region}:#{AWS::AccountId}:table/${self:service}-${sls:stage}/stream/2020-02-02T02:02:02.002",
			want: ARN{Partition: "aws", Service: "dynamodb", Region: "#{AWS::Region}", Account: "#{AWS::AccountId}",
				Resource: "table/${self:service}-${sls:stage}/stream/2020-02-02T02:02:02.002", Kind: ARNDynamoDBStream,
				Name: "${self:service}-${sls:stage}", StreamLabel: "2020-02-02T02:02:02.002",
				Unresolved: PartRegion | PartAccount | PartResource},
		},
		{
			name: "variable table name without /stream/ is still a table",
			in:   "arn:aws:dynamodb:us-east-1:123456789012:table/${self:custom.table}",
			want: ARN{Partition: "aws", Service: "dynamodb", Region: "us-east-1", Account: "123456789012",
				Resource: "table/${self:custom.table}", Kind: ARNDynamoDBTable, Name: "${self:custom.table}",
				Unresolved: PartResource},
		},
		{
			name: "nested variable with a colon and a default",
			in:   "arn:aws:kinesis:${opt:region, ${self:provider.region}}:123456789012:stream/s",
			want: ARN{Partition: "aws", Service: "kinesis", Region: "${opt:region, ${self:provider.region}}",
				Account: "123456789012", Resource: "stream/s", Kind: ARNKinesisStream, Name: "s", Unresolved: PartRegion},
		},
		{
			name: "variable partition",
			in:   "arn:${aws:partition}:sqs:us-east-1:123456789012:dlq",
			want: ARN{Partition: "${aws:partition}", Service: "sqs", Region: "us-east-1", Account: "123456789012",
				Resource: "dlq", Kind: ARNSQSQueue, Name: "dlq", Unresolved: PartPartition},
		},
		{
			name: "one variable standing for region and account",
			in:   "arn:aws:kinesis:${self:custom.regionAndAccount}:stream/s",
			want: ARN{Partition: "aws", Service: "kinesis", Region: "${self:custom.regionAndAccount}",
				Resource: "stream/s", Kind: ARNKinesisStream, Name: "s", Unresolved: PartRegion | PartAccount},
		},
		{
			name: "resource entirely a variable",
			in:   "arn:aws:kinesis:us-east-1:123456789012:${self:custom.stream}",
			want: ARN{Partition: "aws", Service: "kinesis", Region: "us-east-1", Account: "123456789012",
				Resource: "${self:custom.stream}", Kind: ARNOther, Unresolved: PartResource},
		},
		{
			name: "variable service cannot be classified",
			in:   "arn:aws:${self:custom.svc}:us-east-1:123456789012:stream/s",
			want: ARN{Partition: "aws", Service: "${self:custom.svc}", Region: "us-east-1", Account: "123456789012",
				Resource: "stream/s", Kind: ARNOther, Unresolved: PartService},
		},
		{
			name: "SNS topic",
			in:   "arn:aws:sns:us-east-1:123456789012:alerts",
			want: ARN{Partition: "aws", Service: "sns", Region: "us-east-1", Account: "123456789012",
				Resource: "alerts", Kind: ARNSNSTopic, Name: "alerts"},
		},
		{
			name: "SNS subscription is not a topic",
			in:   "arn:aws:sns:us-east-1:123456789012:alerts:7f3c",
			want: ARN{Partition: "aws", Service: "sns", Region: "us-east-1", Account: "123456789012",
				Resource: "alerts:7f3c", Kind: ARNOther},
		},
		{
			name: "SQS queue named by a variable",
			in:   "arn:aws:sqs:us-east-1:123456789012:${self:service}-dlq",
			want: ARN{Partition: "aws", Service: "sqs", Region: "us-east-1", Account: "123456789012",
				Resource: "${self:service}-dlq", Kind: ARNSQSQueue, Name: "${self:service}-dlq", Unresolved: PartResource},
		},
		{
			name: "S3 bucket has no region or account",
			in:   "arn:aws:s3:::failed-batches",
			want: ARN{Partition: "aws", Service: "s3", Resource: "failed-batches", Kind: ARNS3Bucket, Name: "failed-batches"},
		},
		{
			name: "Lambda function is some other resource",
			in:   "arn:aws:lambda:us-east-1:123456789012:function:f",
			want: ARN{Partition: "aws", Service: "lambda", Region: "us-east-1", Account: "123456789012",
				Resource: "function:f", Kind: ARNOther},
		},
		{
			name: "DynamoDB index is not a stream source",
			in:   "arn:aws:dynamodb:us-east-1:123456789012:table/T1x/index/byDate",
			want: ARN{Partition: "aws", Service: "dynamodb", Region: "us-east-1", Account: "123456789012",
				Resource: "table/T1x/index/byDate", Kind: ARNOther},
		},
		{
			name: "empty stream name",
			in:   "arn:aws:kinesis:us-east-1:123456789012:stream/",
			want: ARN{Partition: "aws", Service: "kinesis", Region: "us-east-1", Account: "123456789012",
				Resource: "stream/", Kind: ARNKinesisStream, Invalid: PartResource},
		},
		{
			name: "bad stream label and short table name",
			in:   "arn:aws:dynamodb:us-east-1:123456789012:table/ab/stream/latest",
			want: ARN{Partition: "aws", Service: "dynamodb", Region: "us-east-1", Account: "123456789012",
				Resource: "table/ab/stream/latest", Kind: ARNDynamoDBStream, Name: "ab", StreamLabel: "latest",
				Invalid: PartResource},
		},
		{
			name: "consumer without creation time",
			in:   "arn:aws:kinesis:us-east-1:123456789012:stream/s/consumer/c",
			want: ARN{Partition: "aws", Service: "kinesis", Region: "us-east-1", Account: "123456789012",
				Resource: "stream/s/consumer/c", Kind: ARNKinesisConsumer, Name: "s", ConsumerName: "c",
				Invalid: PartResource},
		},
		{
			name: "bad partition and service",
			in:   "arn:amazon:kine sis:us-east-1:123456789012:stream/s",
			want: ARN{Partition: "amazon", Service: "kine sis", Region: "us-east-1", Account: "123456789012",
				Resource: "stream/s", Kind: ARNOther, Invalid: PartPartition | PartService},
		},
		{
			name: "service is case-sensitive",
			in:   "arn:aws:Kinesis:us-east-1:123456789012:stream/s",
			want: ARN{Partition: "aws", Service: "Kinesis", Region: "us-east-1", Account: "123456789012",
				Resource: "stream/s", Kind: ARNOther},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ParseARN(tt.in)
			if !ok {
				t.Fatalf("ParseARN(%q) failed", tt.in)
			}
			if got != tt.want {
				t.Errorf("ParseARN(%q) =\n%+v\nwant\n%+v", tt.in, got, tt.want)
			}
			if got.Resolved() != (tt.want.Unresolved == 0) {
				t.Errorf("Resolved() = %v", got.Resolved())
			}
		})
	}
}

func TestParseARNRejectsNonARNs(t *testing.T) {
	for _, in := range []string{
		"",
		"not-an-arn",
		"arn",
		"arn:",
		"ARN:aws:kinesis:us-east-1:123456789012:stream/s",
		"arn:aws:kinesis:us-east-1:123456789012",
		"${self:custom.streamArn}",
		" arn:aws:kinesis:us-east-1:123456789012:stream/s",
	} {
		if a, ok := ParseARN(in); ok {
			t.Errorf("ParseARN(%q) = %+v, want failure", in, a)
		}
	}
}

func TestRegionPartition(t *testing.T) {
	tests := map[string]string{
		"us-east-1": "aws", "eu-central-2": "aws", "il-central-1": "aws", "mx-central-1": "aws",
		"cn-northwest-1": "aws-cn", "us-gov-east-1": "aws-us-gov", "eusc-de-east-1": "aws-eusc",
		"us-iso-east-1": "aws-iso", "us-isob-east-1": "aws-iso-b", "eu-isoe-west-1": "aws-iso-e",
		"us-isof-south-1": "aws-iso-f",
	}
	for region, want := range tests {
		if got, ok := RegionPartition(region); !ok || got != want {
			t.Errorf("RegionPartition(%q) = %q, %v; want %q", region, got, ok, want)
		}
	}
	for _, region := range []string{"region", "", "xx-east-1", "us-east"} {
		if got, ok := RegionPartition(region); ok {
			t.Errorf("RegionPartition(%q) = %q", region, got)
		}
	}
}

func TestARNKinds(t *testing.T) {
	for k := ARNOther; k <= ARNS3Bucket; k++ {
		if k.String() == "" {
			t.Errorf("kind %d has no name", k)
		}
	}
	for k := ARNOther; k <= ARNS3Bucket; k++ {
		f := k.Format()
		if f == "" {
			continue
		}
		a, ok := ParseARN(f)
		if !ok || a.Kind != k {
			t.Errorf("the format of %v parses as %v, %v", k, a.Kind, ok)
		}
	}
	if ARNDynamoDBTable.DocURL() != DocDynamoDBARNFormat || ARNKinesisConsumer.DocURL() != DocKinesisARNFormat || ARNSNSTopic.DocURL() != "" {
		t.Error("ARNKind.DocURL is wrong")
	}
	if !KnownPartition("aws-iso-f") || KnownPartition("aws-xyz") {
		t.Error("KnownPartition is wrong")
	}
	if ARNKinesisConsumer.StreamType() != Kinesis || ARNDynamoDBTable.StreamType() != DynamoDB || ARNSQSQueue.StreamType() != 0 {
		t.Error("ARNKind.StreamType is wrong")
	}
}

// FuzzParseARN checks that no input panics and that a parsed ARN with six
// literal fields gives back its text.
func FuzzParseARN(f *testing.F) {
	for _, s := range []string{
		"arn:aws:kinesis:us-east-1:123456789012:stream/s",
		"arn:aws:dynamodb:us-east-1:123456789012:table/T/stream/2015-05-11T21:21:33.291",
		"arn:${x}",
		"arn:aws:kinesis:${a:b}:stream/x/consumer/${c}:1",
		"arn:aws:sqs:#{AWS::Region:${x}}",
		"arn::::::",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, ok := ParseARN(s)
		if !ok || HasVariable(s) {
			return
		}
		back := "arn:" + a.Partition + ":" + a.Service + ":" + a.Region + ":" + a.Account + ":" + a.Resource
		if back != s {
			t.Errorf("ParseARN(%q) rebuilt as %q", s, back)
		}
	})
}

// TestARNPartTestsMatchTheirExpressions checks the hand-written tests of
// ARN parts against the regular expressions they stand for, on the
// strings that decide them and on random ones made of the characters that
// matter.
func TestARNPartTestsMatchTheirExpressions(t *testing.T) {
	tests := []struct {
		re   string
		test func(string) bool
	}{
		{`^aws[a-zA-Z0-9-]*$`, isPartition},
		{`^[a-zA-Z0-9-]+$`, isService},
		{`^(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d$`, isRegion},
		{`^\d{12}$`, isAccount},
		{`^[a-zA-Z0-9_.-]{1,128}$`, isStreamName},
		{`^[a-zA-Z0-9_.-]{3,255}$`, isTableName},
		{`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$`, isStreamLabel},
		{`^\d+$`, isTimestamp},
		{`^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$`, partitions[0].hasRegion},
		{`^cn-\w+-\d+$`, partitions[1].hasRegion},
		{`^us-gov-\w+-\d+$`, partitions[2].hasRegion},
		{`^eusc-(de)-\w+-\d+$`, partitions[3].hasRegion},
		{`^us-iso-\w+-\d+$`, partitions[4].hasRegion},
		{`^us-isob-\w+-\d+$`, partitions[5].hasRegion},
		{`^eu-isoe-\w+-\d+$`, partitions[6].hasRegion},
		{`^us-isof-\w+-\d+$`, partitions[7].hasRegion},
	}
	known := []string{
		"", "aws", "aws-cn", "aws-us-gov", "awsx", "aw", "AWS", "aws_x", "kinesis", "dynamo-db", "s3", "a.b",
		"us-east-1", "us-east-12", "us-east-", "us--1", "us-gov-west-1", "us-iso-east-1", "us-isob-east-1",
		"us-isobb-east-1", "eusc-de-east-1", "eusc-us-east-1", "eusc-de-east", "cn-north-1", "eu-isoe-west-1",
		"us-isof-south-1", "us-east-1\n", "us-East-1", "us-ea_st-1", "us-east1-1", "u-east-1", "use-east-1",
		"123456789012", "12345678901", "1234567890123", "1", "0", "a", "ab", "abc", "a/b",
		"2024-01-01T00:00:00.000", "2024-01-01T00:00:00.0000", "2024-01-01 00:00:00.000", "2024-01-01T00:00:00,000",
		string(make([]byte, 128)), "x\u00e9y",
	}
	for _, n := range []int{127, 128, 129, 254, 255, 256} {
		b := make([]byte, n)
		for i := range b {
			b[i] = 'a'
		}
		known = append(known, string(b))
	}
	r := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"a", "z", "A", "Z", "0", "9", "1", "-", "_", ".", ":", "/", "T", "us", "eu", "cn", "eusc-", "de",
		"-gov", "-iso", "-isob", "aws", "east", "-1", "é", " "}
	for range 20000 {
		var b []byte
		for range r.IntN(8) {
			b = append(b, pieces[r.IntN(len(pieces))]...)
		}
		known = append(known, string(b))
	}
	for _, tt := range tests {
		re := regexp.MustCompile(tt.re)
		for _, s := range known {
			if got, want := tt.test(s), re.MatchString(s); got != want {
				t.Errorf("%s on %q: %v, want %v", tt.re, s, got, want)
			}
		}
	}
}
