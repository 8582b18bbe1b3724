package serverless

import "testing"

// The expected IDs are the ones the rule fixtures and the hover tests
// already rely on, so that the shared naming cannot drift from what they
// promise the user.
func TestStreamLogicalID(t *testing.T) {
	for _, tc := range []struct {
		function, streamType, streamName, want string
	}{
		// stream-logical-id-collision/names.yml: `-` and `_` in the stream
		// name are dropped, so both give the same ID.
		{"fn-one", "kinesis", "my-stream", "FnDashoneEventSourceMappingKinesisMystream"},
		{"fn-one", "kinesis", "my_stream", "FnDashoneEventSourceMappingKinesisMystream"},
		// hover: TestStreamKeyHover.
		{"fn-one", "kinesis", "my_stream-1", "FnDashoneEventSourceMappingKinesisMystream1"},
		{"orders_fn", "dynamodb", "OrdersTable", "OrdersUnderscorefnEventSourceMappingDynamodbOrdersTable"},
		{"f", "dynamodb", "my-table", "FEventSourceMappingDynamodbMytable"},
		{"f", "kinesis", "shared-stream-arn", "FEventSourceMappingKinesisSharedstreamarn"},
		// hover: TestCRLFAndNonASCII. The function name keeps its non-ASCII
		// letters, upper-cased whole when first; the stream name loses them.
		{"traitement-é", "kinesis", "flux-📦", "TraitementDashéEventSourceMappingKinesisFlux"},
		{"écoute", "kinesis", "s", "ÉcouteEventSourceMappingKinesisS"},
		// A stream name with nothing alphanumeric leaves nothing behind.
		{"f", "kinesis", "-_.", "FEventSourceMappingKinesis"},
	} {
		if got := StreamLogicalID(tc.function, tc.streamType, tc.streamName); got != tc.want {
			t.Errorf("StreamLogicalID(%q, %q, %q) = %q, want %q", tc.function, tc.streamType, tc.streamName, got, tc.want)
		}
	}
}

func TestStreamConsumerLogicalID(t *testing.T) {
	for _, tc := range []struct{ consumerName, want string }{
		// hover: TestStreamKeyHover.
		{"fn-onemy_stream-1Consumer", "FnDashonemyUnderscorestreamDash1ConsumerStreamConsumer"},
		{"f1my-exportprobeprodConsumer", "F1myDashexportprobeprodConsumerStreamConsumer"},
		// Only `-` and `_` are spelt out; the rest stays, making an ID
		// CloudFormation refuses (stream-consumer-logical-id/names.yml).
		{"fmy.streamConsumer", "Fmy.streamConsumerStreamConsumer"},
		{"f1shared:stream.arnConsumer", "F1shared:stream.arnConsumerStreamConsumer"},
	} {
		if got := StreamConsumerLogicalID(tc.consumerName); got != tc.want {
			t.Errorf("StreamConsumerLogicalID(%q) = %q, want %q", tc.consumerName, got, tc.want)
		}
	}
}

func TestNormalizedFunctionName(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"", ""},
		{"fn-one", "FnDashone"},
		{"orders_fn", "OrdersUnderscorefn"},
		{"-a", "Dasha"},
		{"Already", "Already"},
		{"1st", "1st"},
		{"écoute", "Écoute"},
	} {
		if got := NormalizedFunctionName(tc.name); got != tc.want {
			t.Errorf("NormalizedFunctionName(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}
