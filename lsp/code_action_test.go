package lsp_test

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/lsp"
	"github.com/stream-ls/stream-ls/lsp/lsptest"
)

const fixDoc = "service: orders\n" +
	"functions:\n" +
	"  audit:\n" +
	"    handler: audit.handler\n" +
	"    events:\n" +
	"      - stream:\n" +
	"          type: dynamodb\n" +
	"          arn: !GetAtt OrdersTable.StreamArn\n" +
	"          startingPosition: latest\n" +
	"          batchsize: 10\n" +
	"resources:\n" +
	"  Resources:\n" +
	"    OrdersTable:\n" +
	"      Type: AWS::DynamoDB::Table\n" +
	"      Properties:\n" +
	"        StreamSpecification:\n" +
	"          StreamViewType: NEW_AND_OLD_IMAGES\n"

// startReal runs the server with its real analysis, as a client that takes
// hierarchical symbols, and opens doc.
func startReal(t *testing.T, uri, doc string, params *protocol.InitializeParams) *lsptest.Client {
	t.Helper()
	c := lsptest.Start(t, lsp.Options{})
	if params == nil {
		params = &protocol.InitializeParams{}
	}
	if params.Capabilities.TextDocument == nil {
		params.Capabilities.TextDocument = &protocol.TextDocumentClientCapabilities{}
	}
	params.Capabilities.TextDocument.DocumentSymbol = &protocol.DocumentSymbolClientCapabilities{HierarchicalDocumentSymbolSupport: true}
	c.InitializeWith(params)
	c.Open(uri, 1, doc)
	return c
}

func diagnosticOf(t *testing.T, ds []protocol.Diagnostic, rule string) protocol.Diagnostic {
	t.Helper()
	for _, d := range ds {
		if d.Code == rule {
			return d
		}
	}
	t.Fatalf("no %s diagnostic in %v", rule, ds)
	return protocol.Diagnostic{}
}

// applyEdits applies a WorkspaceEdit's edits for uri, which all refer to
// the original text, as a client does.
func applyEdits(t *testing.T, text string, edit *protocol.WorkspaceEdit, uri string) string {
	t.Helper()
	if edit == nil {
		t.Fatal("the action has no edit")
	}
	edits := append([]protocol.TextEdit(nil), edit.Changes[protocol.DocumentURI(uri)]...)
	sort.Slice(edits, func(i, j int) bool {
		a, b := edits[i].Range.Start, edits[j].Range.Start
		return a.Line > b.Line || a.Line == b.Line && a.Character > b.Character
	})
	for _, e := range edits {
		r := document.Range{
			Start: document.Position{Line: int(e.Range.Start.Line), Character: int(e.Range.Start.Character)},
			End:   document.Position{Line: int(e.Range.End.Line), Character: int(e.Range.End.Character)},
		}
		var err error
		if text, err = document.ApplyChanges(text, []document.Change{{Range: &r, Text: e.NewText}}); err != nil {
			t.Fatal(err)
		}
	}
	return text
}

func TestQuickFixIsAttachedToItsDiagnosticAndFixesIt(t *testing.T) {
	const uri = "file:///app/serverless.yml"
	c := startReal(t, uri, fixDoc, nil)
	d := diagnosticOf(t, c.WaitDiagnostics(uri, 1), "stream-enum-value")

	actions := c.CodeActions(uri, d.Range, protocol.CodeActionContext{Diagnostics: []protocol.Diagnostic{d}})
	// Unasked, the lightbulb also offers to fix the file's two problems.
	if len(actions) != 2 || actions[1].Kind != "source.fixAll.stream-ls" {
		t.Fatalf("got %d actions, want the fix and fix-all: %+v", len(actions), actions)
	}
	a := actions[0]
	if a.Title != "Change `latest` to `LATEST`" || a.Kind != protocol.QuickFix || !a.IsPreferred {
		t.Errorf("action %q kind %q preferred %v", a.Title, a.Kind, a.IsPreferred)
	}
	if len(a.Diagnostics) != 1 || a.Diagnostics[0].Range != d.Range || a.Diagnostics[0].Message != d.Message {
		t.Errorf("the action is attached to %+v, want the diagnostic it fixes", a.Diagnostics)
	}
	fixed := applyEdits(t, fixDoc, a.Edit, uri)
	if want := strings.Replace(fixDoc, "startingPosition: latest", "startingPosition: LATEST", 1); fixed != want {
		t.Fatalf("the fix wrote\n%s", fixed)
	}

	c.ChangeFull(uri, 2, fixed)
	for _, d := range c.WaitDiagnostics(uri, 2) {
		if d.Code == "stream-enum-value" {
			t.Errorf("still reported after the fix: %s", d.Message)
		}
	}
}

func TestQuickFixIgnoresAStaleDiagnostic(t *testing.T) {
	const uri = "file:///app/serverless.yml"
	c := startReal(t, uri, fixDoc, nil)
	d := diagnosticOf(t, c.WaitDiagnostics(uri, 1), "stream-enum-value")
	// A line inserted above moves the problem; the client still holds the
	// diagnostic with its old range.
	c.ChangeFull(uri, 2, "# moved\n"+fixDoc)
	c.WaitDiagnostics(uri, 2)
	stale := protocol.CodeActionContext{Diagnostics: []protocol.Diagnostic{d}, Only: []protocol.CodeActionKind{protocol.QuickFix}}
	if actions := c.CodeActions(uri, d.Range, stale); len(actions) != 0 {
		t.Errorf("a fix for a diagnostic that is no longer there: %+v", actions)
	}
}

func TestFixAllSourceAction(t *testing.T) {
	const uri = "file:///app/serverless.yml"
	c := startReal(t, uri, fixDoc, nil)
	c.WaitDiagnostics(uri, 1)
	all := protocol.Range{End: protocol.Position{Line: 20}}
	actions := c.CodeActions(uri, all, protocol.CodeActionContext{Only: []protocol.CodeActionKind{"source.fixAll"}})
	if len(actions) != 1 || actions[0].Kind != "source.fixAll.stream-ls" {
		t.Fatalf("want one source.fixAll.stream-ls action, got %+v", actions)
	}
	fixed := applyEdits(t, fixDoc, actions[0].Edit, uri)
	want := strings.NewReplacer("startingPosition: latest", "startingPosition: LATEST", "batchsize", "batchSize").Replace(fixDoc)
	if fixed != want {
		t.Errorf("fix all wrote\n%s", fixed)
	}
	if quick := c.CodeActions(uri, all, protocol.CodeActionContext{Only: []protocol.CodeActionKind{protocol.QuickFix}}); len(quick) != 2 {
		t.Errorf("asked for quick fixes only, got %+v", quick)
	}
}

func TestDefinitionThroughTheProtocol(t *testing.T) {
	const uri = "file:///app/serverless.yml"
	c := startReal(t, uri, fixDoc, nil)
	line, char := position(t, fixDoc, "!GetAtt OrdersTable", len("!GetAtt Ord"))
	locs := c.Definition(uri, line, char)
	wantLine, wantChar := position(t, fixDoc, "    OrdersTable:", 4)
	want := protocol.Location{URI: uri, Range: protocol.Range{
		Start: protocol.Position{Line: wantLine, Character: wantChar},
		End:   protocol.Position{Line: wantLine, Character: wantChar + uint32(len("OrdersTable"))},
	}}
	if len(locs) != 1 || locs[0] != want {
		t.Errorf("definition = %+v, want %+v", locs, want)
	}
	if locs := c.Definition(uri, 0, 2); len(locs) != 0 {
		t.Errorf("definition of `service` = %+v, want none", locs)
	}
}

func TestDocumentSymbolsThroughTheProtocol(t *testing.T) {
	const uri = "file:///app/serverless.yml"
	c := startReal(t, uri, fixDoc, nil)
	var b strings.Builder
	var dump func(ss []protocol.DocumentSymbol, indent string)
	dump = func(ss []protocol.DocumentSymbol, indent string) {
		for _, s := range ss {
			fmt.Fprintf(&b, "%s%s (%d) %d:%d-%d:%d sel %d:%d\n", indent, s.Name, int(s.Kind),
				s.Range.Start.Line, s.Range.Start.Character, s.Range.End.Line, s.Range.End.Character,
				s.SelectionRange.Start.Line, s.SelectionRange.Start.Character)
			dump(s.Children, indent+"  ")
		}
	}
	dump(c.DocumentSymbols(uri), "")
	want := `functions (3) 1:0-9:23 sel 1:0
  audit (12) 2:2-9:23 sel 2:2
    stream: dynamodb OrdersTable (24) 5:8-9:23 sel 5:8
resources (3) 10:0-16:44 sel 10:0
  OrdersTable (19) 12:4-16:44 sel 12:4
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestInitializeAdvertisesTheNavigationAndFixCapabilities(t *testing.T) {
	c := lsptest.Start(t, lsp.Options{})
	raw, err := c.Call(protocol.MethodInitialize, &protocol.InitializeParams{})
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Capabilities struct {
			CodeActionProvider struct {
				CodeActionKinds []string `json:"codeActionKinds"`
			} `json:"codeActionProvider"`
			DefinitionProvider     bool `json:"definitionProvider"`
			DocumentSymbolProvider bool `json:"documentSymbolProvider"`
		} `json:"capabilities"`
	}
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	caps := got.Capabilities
	if fmt.Sprint(caps.CodeActionProvider.CodeActionKinds) != "[quickfix source.fixAll source.fixAll.stream-ls]" ||
		!caps.DefinitionProvider || !caps.DocumentSymbolProvider {
		t.Errorf("capabilities %s", raw)
	}
}

func TestFixAllOfOneRule(t *testing.T) {
	const uri = "file:///app/serverless.yml"
	doc := strings.Replace(fixDoc, "          batchsize: 10\n", "          functionResponseType: [ReportBatchItemFailures]\n", 1)
	c := startReal(t, uri, doc, nil)
	d := diagnosticOf(t, c.WaitDiagnostics(uri, 1), "stream-enum-value")
	actions := c.CodeActions(uri, d.Range, protocol.CodeActionContext{
		Diagnostics: []protocol.Diagnostic{d}, Only: []protocol.CodeActionKind{protocol.QuickFix},
	})
	var titles []string
	for _, a := range actions {
		titles = append(titles, a.Title)
	}
	if len(actions) != 2 || actions[1].Title != "Fix all 2 `stream-enum-value` problems" {
		t.Fatalf("actions %q", titles)
	}
	want := strings.NewReplacer("startingPosition: latest", "startingPosition: LATEST",
		"[ReportBatchItemFailures]", "ReportBatchItemFailures").Replace(doc)
	if got := applyEdits(t, doc, actions[1].Edit, uri); got != want {
		t.Errorf("fix all of the rule wrote\n%s", got)
	}
}

func TestDocumentSymbolsForAClientWithoutHierarchy(t *testing.T) {
	const uri = "file:///app/serverless.yml"
	c := lsptest.Start(t, lsp.Options{})
	c.InitializeWith(&protocol.InitializeParams{})
	c.Open(uri, 1, fixDoc)
	raw, err := c.Call(protocol.MethodTextDocumentDocumentSymbol, map[string]any{"textDocument": map[string]any{"uri": uri}})
	if err != nil {
		t.Fatal(err)
	}
	var flat []protocol.SymbolInformation
	if err := json.Unmarshal(raw, &flat); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range flat {
		got = append(got, s.ContainerName+">"+s.Name)
	}
	if fmt.Sprint(got) != "[>functions functions>audit audit>stream: dynamodb OrdersTable >resources resources>OrdersTable]" {
		t.Errorf("got %q", got)
	}
}
