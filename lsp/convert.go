package lsp

import (
	"math"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/document"
)

// This file is the only place where analysis types become protocol types and
// back. Analysis works in byte spans and protocol-free UTF-16 positions; the
// Mapper has already done the hard part, so these are field copies plus the
// int/uint32 boundary the library imposes.

// diagnosticSource is what editors show next to each message.
const diagnosticSource = "stream-ls"

func toProtocolPosition(p document.Position) protocol.Position {
	return protocol.Position{Line: toUint32(p.Line), Character: toUint32(p.Character)}
}

func fromProtocolPosition(p protocol.Position) document.Position {
	return document.Position{Line: int(p.Line), Character: int(p.Character)}
}

func toProtocolRange(r document.Range) protocol.Range {
	return protocol.Range{Start: toProtocolPosition(r.Start), End: toProtocolPosition(r.End)}
}

func fromProtocolRange(r protocol.Range) document.Range {
	return document.Range{Start: fromProtocolPosition(r.Start), End: fromProtocolPosition(r.End)}
}

// toProtocolDiagnostics converts analysis results for the text m was built
// for. The result is never nil: the library encodes a nil slice as null, and
// a client receiving null may keep showing the previous markers.
func toProtocolDiagnostics(m *document.Mapper, ds []diag.Diagnostic) []protocol.Diagnostic {
	out := make([]protocol.Diagnostic, 0, len(ds))
	for _, d := range ds {
		out = append(out, toProtocolDiagnostic(toProtocolRange(m.SpanRange(d.Span)), d))
	}
	return out
}

// toProtocolDiagnostic converts d, whose span is at r. Publications encode
// its result (see encodeContent), so what a client is sent and what code
// actions compare with cannot drift apart.
func toProtocolDiagnostic(r protocol.Range, d diag.Diagnostic) protocol.Diagnostic {
	pd := protocol.Diagnostic{
		Range:    r,
		Severity: protocol.DiagnosticSeverity(d.Severity),
		Source:   diagnosticSource,
		Message:  d.Message,
	}
	if d.Rule != "" {
		pd.Code = d.Rule
	}
	if d.Href != "" {
		pd.CodeDescription = &protocol.CodeDescription{Href: uri.URI(d.Href)}
	}
	return pd
}

// toUint32 clamps, because a negative or huge int would otherwise wrap into a
// position far away from the one meant.
func toUint32(n int) uint32 {
	switch {
	case n < 0:
		return 0
	case uint64(n) > math.MaxUint32:
		return math.MaxUint32
	}
	return uint32(n)
}
