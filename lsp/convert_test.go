package lsp

import (
	"encoding/json"
	"math"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/document"
)

func TestToProtocolDiagnostics(t *testing.T) {
	text := "a: é😀bad\n"
	start := len("a: é😀")
	m := document.NewMapper(text)
	got := toProtocolDiagnostics(m, []diag.Diagnostic{
		{Rule: "some-rule", Severity: diag.Warning, Span: document.Span{Start: start, End: start + 3},
			Message: "msg", Href: "https://example.com/rule"},
		{Severity: diag.Hint, Span: document.Span{Start: 0, End: 1}, Message: "no rule, no href"},
	})
	want := []protocol.Diagnostic{
		{
			// é is one UTF-16 unit, 😀 two: "a: é😀" is 6 units long.
			Range:           protocol.Range{Start: protocol.Position{Line: 0, Character: 6}, End: protocol.Position{Line: 0, Character: 9}},
			Severity:        protocol.DiagnosticSeverityWarning,
			Code:            "some-rule",
			CodeDescription: &protocol.CodeDescription{Href: "https://example.com/rule"},
			Source:          "stream-ls",
			Message:         "msg",
		},
		{
			Range:    protocol.Range{End: protocol.Position{Character: 1}},
			Severity: protocol.DiagnosticSeverityHint,
			Source:   "stream-ls",
			Message:  "no rule, no href",
		},
	}
	gotJSON, _ := json.Marshal(got)
	wantJSON, _ := json.Marshal(want)
	if string(gotJSON) != string(wantJSON) {
		t.Errorf("got  %s\nwant %s", gotJSON, wantJSON)
	}
}

func TestToProtocolDiagnosticsEncodesEmptyAsArray(t *testing.T) {
	got, err := json.Marshal(toProtocolDiagnostics(document.NewMapper(""), nil))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != "[]" {
		t.Errorf("no diagnostics encode as %s, want []", got)
	}
}

func TestRangeRoundTrip(t *testing.T) {
	r := document.Range{Start: document.Position{Line: 1, Character: 2}, End: document.Position{Line: 3, Character: 4}}
	if got := fromProtocolRange(toProtocolRange(r)); got != r {
		t.Errorf("round trip of %v gave %v", r, got)
	}
}

func TestToUint32Clamps(t *testing.T) {
	for _, tc := range []struct {
		in   int
		want uint32
	}{
		{-1, 0},
		{0, 0},
		{42, 42},
		{math.MaxUint32, math.MaxUint32},
		{math.MaxInt, math.MaxUint32},
	} {
		if got := toUint32(tc.in); got != tc.want {
			t.Errorf("toUint32(%d) = %d, want %d", tc.in, got, tc.want)
		}
	}
}
