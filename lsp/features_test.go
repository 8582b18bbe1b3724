package lsp_test

import (
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/stream-ls/stream-ls/lsp"
	"github.com/stream-ls/stream-ls/lsp/lsptest"
)

// featureDoc is a small service whose DynamoDB event is being written: the
// cursor tests below point into it by searching its text, never by
// hand-counted columns.
const featureDoc = "service: orders\n" +
	"functions:\n" +
	"  audit:\n" +
	"    handler: audit.handler\n" +
	"    events:\n" +
	"      - stream:\n" +
	"          type: dynamodb\n" +
	"          arn: !GetAtt OrdersTable.StreamArn\n" +
	"          batchSize: 50\n" +
	"          \n" +
	"resources:\n" +
	"  Resources:\n" +
	"    OrdersTable:\n" +
	"      Type: AWS::DynamoDB::Table\n" +
	"      Properties:\n" +
	"        StreamSpecification:\n" +
	"          StreamViewType: NEW_AND_OLD_IMAGES\n"

// position finds the first occurrence of needle and returns the position
// delta bytes into it (the text is ASCII, so bytes are UTF-16 units).
func position(t *testing.T, text, needle string, delta int) (uint32, uint32) {
	t.Helper()
	i := strings.Index(text, needle)
	if i < 0 {
		t.Fatalf("%q not in the document", needle)
	}
	i += delta
	line := strings.Count(text[:i], "\n")
	return uint32(line), uint32(i - (strings.LastIndex(text[:i], "\n") + 1))
}

func TestHoverThroughTheProtocolExplainsAStreamKey(t *testing.T) {
	const uri = "file:///app/serverless.yml"
	c := lsptest.Start(t, lsp.Options{})
	c.InitializeWith(&protocol.InitializeParams{Capabilities: protocol.ClientCapabilities{
		TextDocument: &protocol.TextDocumentClientCapabilities{
			Hover: &protocol.HoverTextDocumentClientCapabilities{ContentFormat: []protocol.MarkupKind{protocol.Markdown}},
		},
	}})
	c.Open(uri, 1, featureDoc)
	line, char := position(t, featureDoc, "batchSize", 3)
	h := c.Hover(uri, line, char)
	if h == nil {
		t.Fatal("hover on batchSize is null")
	}
	if h.Contents.Kind != protocol.Markdown {
		t.Errorf("hover kind = %s, want markdown", h.Contents.Kind)
	}
	for _, want := range []string{"batchSize", "10000", "https://docs.aws.amazon.com/"} {
		if !strings.Contains(h.Contents.Value, want) {
			t.Errorf("hover text lacks %q:\n%s", want, h.Contents.Value)
		}
	}
	if h.Range == nil || h.Range.Start.Line != line || h.Range.End.Character-h.Range.Start.Character != uint32(len("batchSize")) {
		t.Errorf("hover range = %+v, want the batchSize key on line %d", h.Range, line)
	}
}

func TestCompletionThroughTheProtocolOffersMissingKeys(t *testing.T) {
	const uri = "file:///app/serverless.yml"
	c := lsptest.Start(t, lsp.Options{})
	c.Initialize()
	c.Open(uri, 1, featureDoc)
	c.WaitDiagnostics(uri, 1)
	// The blank line inside the stream mapping, after its indentation.
	line, char := position(t, featureDoc, "batchSize: 50\n          ", len("batchSize: 50\n          "))
	list := c.Completion(uri, line, char)
	labels := map[string]protocol.CompletionItem{}
	for _, it := range list.Items {
		labels[it.Label] = it
	}
	for _, want := range []string{"startingPosition", "filterPatterns", "maximumRetryAttempts"} {
		if _, ok := labels[want]; !ok {
			t.Errorf("completion lacks %q; got %d items", want, len(list.Items))
		}
	}
	for _, present := range []string{"batchSize", "type", "arn", "consumer"} {
		if _, ok := labels[present]; ok {
			t.Errorf("completion offers %q, which is present or does not apply to DynamoDB", present)
		}
	}
	it, ok := labels["startingPosition"]
	if !ok || it.TextEdit == nil {
		t.Fatalf("startingPosition has no text edit: %+v", it)
	}
	if it.TextEdit.Range.Start.Line != line || !strings.HasPrefix(it.TextEdit.NewText, "startingPosition: ") {
		t.Errorf("edit = %+v, want startingPosition inserted on line %d", it.TextEdit, line)
	}
	if it.InsertTextFormat != protocol.InsertTextFormatPlainText {
		t.Errorf("a client without snippet support got insertTextFormat %v", it.InsertTextFormat)
	}
}

// mergingDoc's stream event takes most of its keys from an anchor; the
// blank line in the event is where the tests type a key, and the one in
// the function before it where one completes first.
const mergingDoc = "custom:\n" +
	"  defaults: &defaults\n" +
	"    type: kinesis\n" +
	"    batchSize: 500\n" +
	"    startingPosition: LATEST\n" +
	"functions:\n" +
	"  other:\n" +
	"    handler: other.handler\n" +
	"    \n" +
	"  ingest:\n" +
	"    handler: ingest.handler\n" +
	"    events:\n" +
	"      - stream:\n" +
	"          <<: *defaults\n" +
	"          arn: arn:aws:kinesis:us-east-1:123456789012:stream/orders\n" +
	"          \n"

// While a key is half typed the event does not parse, so the snapshot of
// that version cannot say what the event merges; completion then reads the
// last version in which it found that place parsed, which still can. The
// last completion may have been in another function.
func TestCompletionOfAHalfTypedKeyKnowsTheMergedKeys(t *testing.T) {
	for _, where := range []string{"the same event", "another function", "nowhere"} {
		t.Run(where, func(t *testing.T) {
			completeHalfTypedKey(t, where)
		})
	}
}

// completeHalfTypedKey types `ba` in mergingDoc's event and completes
// there, after a completion in the event, in another function, or none.
func completeHalfTypedKey(t *testing.T, completedFirst string) {
	const uri = "file:///app/serverless.yml"
	c := lsptest.Start(t, lsp.Options{})
	c.Initialize()
	c.Open(uri, 1, mergingDoc)
	c.WaitDiagnostics(uri, 1)
	line, char := position(t, mergingDoc, "orders\n          ", len("orders\n          "))
	switch completedFirst {
	case "the same event":
		if before := c.Completion(uri, line, char); len(before.Items) == 0 {
			t.Fatal("no completion on the blank line of the event")
		}
	case "another function":
		l, ch := position(t, mergingDoc, "other.handler\n    ", len("other.handler\n    "))
		c.Completion(uri, l, ch)
	}
	c.Change(uri, 2, lsptest.Replace(line, char, line, char, "ba"))
	if diags := c.WaitDiagnostics(uri, 2); len(diags) == 0 {
		t.Fatal("the half-typed key got no syntax error; the test no longer covers a piece that does not parse")
	}
	list := c.Completion(uri, line, char+2)
	labels := map[string]bool{}
	for _, it := range list.Items {
		labels[it.Label] = true
	}
	if !labels["bisectBatchOnFunctionError"] {
		t.Errorf("completion of `ba` lacks bisectBatchOnFunctionError: %v", labels)
	}
	if labels["batchSize"] {
		t.Errorf("completion of `ba` offers batchSize, which the event merges from its anchor")
	}
}

// A key of a defaults mapping that stream events merge gets the stream
// key's hover, even though no event holds it; the first function that
// merges it overrides batchSize, so a later one answers for that key.
func TestHoverExplainsTheKeysOfMergedDefaults(t *testing.T) {
	const uri = "file:///app/serverless.yml"
	const doc = "service: s\nprovider:\n  name: aws\ncustom:\n  defaults: &defaults\n    batchSize: 100\n    startingPosition: LATEST\n" +
		"functions:\n  first:\n    handler: h.first\n    events:\n      - stream:\n          <<: *defaults\n          batchSize: 5\n" +
		"          arn: arn:aws:kinesis:us-east-1:123456789012:stream/a\n" +
		"  second:\n    handler: h.second\n    events:\n      - stream:\n          <<: *defaults\n" +
		"          arn: arn:aws:kinesis:us-east-1:123456789012:stream/b\n"
	c := lsptest.Start(t, lsp.Options{})
	c.InitializeWith(&protocol.InitializeParams{Capabilities: protocol.ClientCapabilities{
		TextDocument: &protocol.TextDocumentClientCapabilities{
			Hover: &protocol.HoverTextDocumentClientCapabilities{ContentFormat: []protocol.MarkupKind{protocol.Markdown}},
		},
	}})
	c.Open(uri, 1, doc)
	c.WaitDiagnostics(uri, 1)
	line, char := position(t, doc, "batchSize: 100", 3)
	h := c.Hover(uri, line, char)
	if h == nil {
		t.Fatal("hover on the defaults' batchSize is null")
	}
	if !strings.Contains(h.Contents.Value, "**Allowed:** 1 to 10000") || h.Range == nil || h.Range.Start.Line != line {
		t.Errorf("hover on the defaults' batchSize = %+v", h)
	}
	line, char = position(t, doc, "LATEST", 2)
	if h := c.Hover(uri, line, char); h == nil || !strings.Contains(h.Contents.Value, "startingPosition: LATEST") {
		t.Errorf("hover on the defaults' LATEST = %+v", h)
	}
	line, char = position(t, doc, "service", 2)
	if h := c.Hover(uri, line, char); h != nil {
		t.Errorf("hover on service = %+v, want null", h)
	}
}
