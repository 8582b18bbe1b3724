package lsp_test

import (
	"strings"
	"testing"

	"github.com/stream-ls/stream-ls/lsp"
	"github.com/stream-ls/stream-ls/lsp/lsptest"
)

// TestTracedServerPublishesTheSame checks the path publications take when
// the wire is traced (through the connection, so that the trace sees them)
// against the direct one: the client must not be able to tell them apart,
// and the trace must show the publication.
func TestTracedServerPublishesTheSame(t *testing.T) {
	const uri = "file:///app/serverless.yml"
	const text = "x: é😀bad\r\n<&> bad\n"
	var pubs []lsptest.Publication
	var trace syncBuffer
	for _, opts := range []lsp.Options{{}, {Trace: &trace}} {
		c := start(t, opts)
		c.Open(uri, 3, text)
		pubs = append(pubs, c.WaitPublication(uri, "version 3", func(p lsptest.Publication) bool {
			return p.Version != nil && *p.Version == 3
		}))
		c.Close(uri)
		pubs = append(pubs, c.WaitCleared(uri))
	}
	for i := range 2 {
		direct, traced := pubs[i], pubs[i+2]
		if string(direct.Raw) != string(traced.Raw) || (direct.Version == nil) != (traced.Version == nil) {
			t.Errorf("publication %d:\ndirect %s\ntraced %s", i, direct.Raw, traced.Raw)
		}
	}
	if len(badRanges(pubs[0].Diagnostics)) != 2 {
		t.Errorf("published %s, want two bad words", pubs[0].Raw)
	}
	if !strings.Contains(trace.String(), "textDocument/publishDiagnostics") {
		t.Errorf("the trace does not show the publication:\n%s", trace.String())
	}
}
