package lsp

import (
	"strings"
	"testing"

	"github.com/segmentio/encoding/json"
	"go.lsp.dev/protocol"
)

// jsonText must decode exactly as the decoder does, whatever it is given:
// it only takes a shorter way for the strings clients send.
func checkJSONText(t *testing.T, raw []byte) {
	t.Helper()
	var want string
	wantErr := json.Unmarshal(raw, &want)
	var got jsonText
	gotErr := got.UnmarshalJSON(raw)
	if (gotErr != nil) != (wantErr != nil) {
		t.Fatalf("%q: error %v, the decoder's %v", raw, gotErr, wantErr)
	}
	if wantErr == nil && string(got) != want {
		t.Fatalf("%q: decoded %q, the decoder %q", raw, got, want)
	}
}

func TestJSONTextDecodesAsTheDecoderDoes(t *testing.T) {
	for _, raw := range []string{
		`""`, `"a"`, `"service: x\nfunctions:\n  f:\n    handler: h\n"`,
		`"tab\there, quote \" slash \/ backslash \\ \b\f\r"`,
		`"\u00e9t\u00E9 \u2028 \u0000"`, `"é—ü 日本"`,
		`"\ud83d\ude00"`, `"\ud800"`, `"\udfff x"`, // surrogates: the decoder's business
		"\"bad \xff utf-8\"", "\"raw\x01control\"", `"bare " quote"`,
		`"\x"`, `"\u12"`, `"\u12zz"`, `"unterminated`, `"ends in \"`, `12`, `null`, `["a"]`, ``,
	} {
		checkJSONText(t, []byte(raw))
	}
	// The fast path must be the one taken for what clients send.
	if _, ok := unquoteCommon([]byte(`"a\n\"b\" \u00e9 é"`)); !ok {
		t.Error("a common string left to the decoder")
	}
}

func FuzzJSONText(f *testing.F) {
	for _, s := range []string{"", "a\nb", `"\`, "é\u2028", "\xff", "\x00\x1f", "\U0001F600"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, asIs bool) {
		raw := []byte(`"` + s + `"`) // s read as JSON: escapes and all
		if !asIs {
			var err error
			if raw, err = json.Marshal(s); err != nil {
				t.Skip()
			}
		}
		checkJSONText(t, raw)
	})
}

// A notification whose params do not decode is answered with an error that
// the server logs; it must not quote the params, which may be the text of
// a document.
func TestUndecodableTextParamsAreNotQuoted(t *testing.T) {
	const secret = "AKIAIOSFODNN7EXAMPLE"
	failed := 0
	for _, params := range []string{
		`{"textDocument":{"uri":"file:///s.yml","text":["` + secret + `"]}}`,
		`{"textDocument":{"uri":"file:///s.yml","text":"` + secret + `"}`,
		`{"textDocument":{"uri":"file:///s.yml","version":"` + secret + `"}}`,
		`{"contentChanges":[{"text":{"` + secret + `":1}}]}`,
		`"` + secret + `"`,
	} {
		for _, method := range []string{protocol.MethodTextDocumentDidOpen, protocol.MethodTextDocumentDidChange} {
			var err error
			if method == protocol.MethodTextDocumentDidOpen {
				var p didOpenParams
				err = json.Unmarshal([]byte(params), &p)
			} else {
				var p didChangeParams
				err = json.Unmarshal([]byte(params), &p)
			}
			if err == nil {
				continue
			}
			failed++
			if msg := invalidTextParams(method, err).Error(); strings.Contains(msg, secret[:8]) || !strings.Contains(msg, method) {
				t.Errorf("%s %s: error %q", method, params, msg)
			}
		}
	}
	if failed < 8 {
		t.Errorf("only %d of the params failed to decode; the test checks too little", failed)
	}
}
