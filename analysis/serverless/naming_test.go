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

// TestStreamLogicalIDSpellsItsParts checks StreamLogicalID, which builds
// the ID in one go, against the parts it is defined by.
func TestStreamLogicalIDSpellsItsParts(t *testing.T) {
	words := []string{"", "a", "fn-one", "orders_fn", "écoute", "ßtraße", "ǆ", "1st", "-x", "\xff", "\xffa", "my.stream:x/y",
		"Kinesis", "dynamodb", "arn:aws:kinesis:us-east-1:1:stream/É-x_9"}
	for _, fn := range words {
		for _, typ := range words {
			for _, name := range words {
				want := NormalizedFunctionName(fn) + "EventSourceMapping" + upperFirst(typ) + upperFirst(AlphanumericOnly(name))
				if got := StreamLogicalID(fn, typ, name); got != want {
					t.Errorf("StreamLogicalID(%q, %q, %q) = %q, want %q", fn, typ, name, got, want)
				}
			}
		}
	}
}
