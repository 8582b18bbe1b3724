package lsp_test

import (
	"testing"

	"go.lsp.dev/protocol"

	"github.com/stream-ls/stream-ls/lsp"
	"github.com/stream-ls/stream-ls/lsp/lsptest"
)

// serverText returns the text the server analysed, echoed by fakeAnalyze.
func serverText(t *testing.T, ds []protocol.Diagnostic) string {
	t.Helper()
	for _, d := range ds {
		if d.Code == textRule {
			return d.Message
		}
	}
	t.Fatalf("no %s diagnostic in %+v", textRule, ds)
	return ""
}

// badRanges returns the ranges of the bad-word diagnostics.
func badRanges(ds []protocol.Diagnostic) []protocol.Range {
	var out []protocol.Range
	for _, d := range ds {
		if d.Code == wordRule {
			out = append(out, d.Range)
		}
	}
	return out
}

func rng(sl, sc, el, ec uint32) protocol.Range {
	return protocol.Range{
		Start: protocol.Position{Line: sl, Character: sc},
		End:   protocol.Position{Line: el, Character: ec},
	}
}

func TestEditsKeepTheServersTextInStep(t *testing.T) {
	const uri = "file:///app/serverless.yml"
	c := start(t, lsp.Options{})
	// é is one UTF-16 unit and two bytes; 😀 is outside the BMP: two units,
	// four bytes. Lines end in CRLF.
	c.Open(uri, 1, "name: café\r\nemoji: 😀x\r\n")
	c.WaitDiagnostics(uri, 1)

	steps := []struct {
		name     string
		send     func(version int32)
		wantText string
		wantBad  []protocol.Range
	}{
		{
			name:     "replace after a surrogate pair",
			send:     func(v int32) { c.Change(uri, v, lsptest.Replace(1, 9, 1, 10, "bad")) },
			wantText: "name: café\r\nemoji: 😀bad\r\n",
			wantBad:  []protocol.Range{rng(1, 9, 1, 12)},
		},
		{
			name:     "insert after a two-byte rune",
			send:     func(v int32) { c.Change(uri, v, lsptest.Replace(0, 10, 0, 10, " bad")) },
			wantText: "name: café bad\r\nemoji: 😀bad\r\n",
			wantBad:  []protocol.Range{rng(0, 11, 0, 14), rng(1, 9, 1, 12)},
		},
		{
			name: "several edits in one notification, each against the previous result",
			send: func(v int32) {
				c.Change(uri, v,
					lsptest.Replace(0, 9, 0, 10, ""),      // drop é
					lsptest.Replace(0, 10, 0, 13, "good"), // the word moved left by one
				)
			},
			wantText: "name: caf good\r\nemoji: 😀bad\r\n",
			wantBad:  []protocol.Range{rng(1, 9, 1, 12)},
		},
		{
			name:     "delete a CRLF line break",
			send:     func(v int32) { c.Change(uri, v, lsptest.Replace(0, 14, 1, 0, "")) },
			wantText: "name: caf goodemoji: 😀bad\r\n",
			wantBad:  []protocol.Range{rng(0, 23, 0, 26)},
		},
		{
			name:     "a character past the line end means the line end",
			send:     func(v int32) { c.Change(uri, v, lsptest.Replace(0, 99, 0, 99, "!")) },
			wantText: "name: caf goodemoji: 😀bad!\r\n",
			wantBad:  []protocol.Range{rng(0, 23, 0, 26)},
		},
		{
			// Without our own decoding this would be an insertion at 0:0.
			name:     "a change without a range replaces the whole text",
			send:     func(v int32) { c.ChangeFull(uri, v, "bad\n") },
			wantText: "bad\n",
			wantBad:  []protocol.Range{rng(0, 0, 0, 3)},
		},
		{
			name: "a whole-text change followed by an edit in one notification",
			send: func(v int32) {
				c.Notify(protocol.MethodTextDocumentDidChange, map[string]any{
					"textDocument": map[string]any{"uri": uri, "version": v},
					"contentChanges": []map[string]any{
						{"text": "é\n"},
						{"range": rng(1, 0, 1, 0), "text": "bad"},
					},
				})
			},
			wantText: "é\nbad",
			wantBad:  []protocol.Range{rng(1, 0, 1, 3)},
		},
	}
	for i, step := range steps {
		version := int32(i + 2)
		step.send(version)
		ds := c.WaitDiagnostics(uri, version)
		if got := serverText(t, ds); got != step.wantText {
			t.Errorf("%s: server text = %q, want %q", step.name, got, step.wantText)
		}
		if got := badRanges(ds); !equalRanges(got, step.wantBad) {
			t.Errorf("%s: diagnostics at %v, want %v", step.name, got, step.wantBad)
		}
	}
}

func equalRanges(a, b []protocol.Range) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestStaleVersionsAreIgnored(t *testing.T) {
	const uri = "file:///app/serverless.yml"
	c := start(t, lsp.Options{})
	c.Open(uri, 1, "a")
	c.ChangeFull(uri, 3, "bad")
	c.WaitDiagnostics(uri, 3)
	c.ChangeFull(uri, 2, "older")                           // older than stored
	c.Change(uri, 3, lsptest.Replace(0, 0, 0, 0, "again ")) // not newer
	c.Change(uri, 4, lsptest.Replace(0, 3, 0, 3, "!"))
	if got := serverText(t, c.WaitDiagnostics(uri, 4)); got != "bad!" {
		t.Errorf("server text = %q, want %q: a stale change was applied", got, "bad!")
	}
	for _, p := range c.Publications(uri) {
		if p.Version != nil && *p.Version == 2 {
			t.Error("diagnostics published for stale version 2")
		}
	}
}

func TestChangeOfUnopenedDocumentIsIgnored(t *testing.T) {
	const uri = "file:///app/serverless.yml"
	c := start(t, lsp.Options{})
	c.ChangeFull(uri, 5, "bad")
	c.Open(uri, 1, "fine")
	if got := serverText(t, c.WaitDiagnostics(uri, 1)); got != "fine" {
		t.Errorf("server text = %q, want %q", got, "fine")
	}
	if pubs := c.Publications(uri); len(pubs) != 1 {
		t.Errorf("got %d publications, want only the one for didOpen: %+v", len(pubs), pubs)
	}
}

func TestUnappliableChangeIsReported(t *testing.T) {
	const uri = "file:///app/serverless.yml"
	c := start(t, lsp.Options{})
	c.Open(uri, 1, "one\ntwo\n")
	c.WaitDiagnostics(uri, 1)
	c.Change(uri, 2, lsptest.Replace(1, 0, 0, 0, "x")) // end before start
	if m := c.WaitShowMessage(); m.Type != protocol.MessageTypeError {
		t.Errorf("showMessage type = %v, want error", m.Type)
	}
	// The document keeps its last good text and accepts later edits.
	c.Change(uri, 3, lsptest.Replace(0, 0, 0, 3, "bad"))
	if got := serverText(t, c.WaitDiagnostics(uri, 3)); got != "bad\ntwo\n" {
		t.Errorf("server text = %q, want %q", got, "bad\ntwo\n")
	}
}

func TestURIsAreKeptAsSent(t *testing.T) {
	c := start(t, lsp.Options{})
	for _, uri := range []string{
		// Forms a canonicalizing URI library would rewrite; the client
		// matches diagnostics by the exact string it sent.
		"file:///C:/Users/me/serverless.yml",
		"file:///c%3A/Users/me/serverless.yml",
		"file:///home/me/sü/serverless.yml",
		"vscode-remote://ssh-remote%2Bbox/home/me/serverless.yml",
		"untitled:serverless.yml",
	} {
		c.Open(uri, 1, "bad")
		if got := badRanges(c.WaitDiagnostics(uri, 1)); len(got) != 1 {
			t.Errorf("%s: got %d diagnostics, want 1", uri, len(got))
		}
	}
}

func TestOtherFilesGetNoDiagnostics(t *testing.T) {
	others := []string{
		"file:///app/config.yml",
		"file:///app/serverless.yml.orig",
		"untitled:Untitled-1", // uri.Filename would panic on this one
	}
	const barrier = "file:///app/serverless.yml"
	c := start(t, lsp.Options{})
	for _, uri := range others {
		c.Open(uri, 1, "bad")
		c.ChangeFull(uri, 2, "bad bad")
		if h := c.Hover(uri, 0, 0); h != nil {
			t.Errorf("%s: hover = %+v, want null", uri, h)
		}
	}
	c.Open(barrier, 1, "bad")
	c.WaitDiagnostics(barrier, 1)
	for _, uri := range others {
		c.Close(uri)
	}
	c.Close(barrier)
	c.WaitCleared(barrier)
	for _, uri := range others {
		if pubs := c.Publications(uri); len(pubs) != 0 {
			t.Errorf("%s got publications: %+v", uri, pubs)
		}
	}
}
