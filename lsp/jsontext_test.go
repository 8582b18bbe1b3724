package lsp

import (
	"math/rand/v2"
	"runtime"
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
	// What follows a string does not change how it decodes, and its
	// length is where it ends.
	if s, ok := unquoteCommon(raw); ok {
		tail := append(append([]byte{}, raw...), `, "more": "\"x\""}`+strings.Repeat(" ", 100)...)
		if s2, n, ok := unquotePrefix(tail); !ok || s2 != s || n != len(raw) {
			t.Fatalf("%q with more after it: %q, %d, %v; alone %q, %d", raw, s2, n, ok, s, len(raw))
		}
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

// decodeDidOpen must decode what json.Unmarshal decodes, and fail where
// it fails, on params as clients write them and on params mangled.
func TestDecodeDidOpenDecodesAsTheDecoderDoes(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	texts := []string{`""`, `"a: b\n"`, `"é \u00e9 \"q\" \\ \/"`, "\"bad \xff\"", `"\ud83d\ude00"`, `"x\u12"`, `"ctl` + "\x01" + `"`, `12`, `null`}
	members := []string{
		`"uri":"file:///a/serverless.yml"`, `"uri":"file:\/\/\/b"`, `"languageId":"yaml"`, `"version":3`, `"version":-1`,
		`"version":1.5`, `"version":"3"`, `"extra":{"a":[1,2,{"b":"}"}]}`, `"extra":tru`, `"extra":null`, `"uri":7`,
		// The decoder matches keys in any case.
		`"URI":"file:///c"`, `"Text":"z"`, `"LanguageID":"x"`,
	}
	var cases []string
	for range 3000 {
		var td []string
		for range rng.IntN(5) {
			td = append(td, members[rng.IntN(len(members))])
		}
		if rng.IntN(4) > 0 {
			td = append(td, `"text":`+texts[rng.IntN(len(texts))])
		}
		rng.Shuffle(len(td), func(i, j int) { td[i], td[j] = td[j], td[i] })
		doc := "{" + strings.Join(td, ",") + "}"
		if rng.IntN(8) == 0 {
			doc = "null"
		}
		top := []string{`"textDocument":` + doc}
		if rng.IntN(3) == 0 {
			top = append(top, `"textDocument":{"version":9}`, `"other":[1]`)
		}
		if rng.IntN(6) == 0 {
			top = append(top, `"TextDocument":{"text":"y"}`)
		}
		rng.Shuffle(len(top), func(i, j int) { top[i], top[j] = top[j], top[i] })
		raw := " {" + strings.Join(top, " ,\n") + "}\t"
		if rng.IntN(3) == 0 {
			b := []byte(raw)
			b[rng.IntN(len(b))] = `{}[]",:\ 1a`[rng.IntN(11)]
			raw = string(b)
		}
		cases = append(cases, raw)
	}
	walked := 0
	for _, raw := range cases {
		var want, got didOpenParams
		wantErr := json.Unmarshal([]byte(raw), &want)
		gotErr := decodeDidOpen([]byte(raw), &got)
		if (gotErr != nil) != (wantErr != nil) || (wantErr == nil && got != want) {
			t.Fatalf("%s:\n got %+v, %v\nwant %+v, %v", raw, got, gotErr, want, wantErr)
		}
		var scratch didOpenParams
		if walkDidOpen([]byte(raw), &scratch) {
			walked++
		}
	}
	// The walk must be what decodes the params clients send, not the
	// fallback.
	if walked < len(cases)/8 {
		t.Errorf("only %d of %d params were walked", walked, len(cases))
	}
	var p didOpenParams
	if !walkDidOpen([]byte(`{"textDocument":{"uri":"file:///s.yml","languageId":"yaml","version":1,"text":"a: \"b\"\n"}}`), &p) {
		t.Error("a plain didOpen was left to the decoder")
	}
}

// A text is given room for itself, not for all the params after it: params
// repeating a short escaped text many times (a broken client) decode in
// time and memory that grow with their size.
func TestDecodeDidOpenGrowsWithTheParams(t *testing.T) {
	params := `{"textDocument":{` + strings.Repeat(`"text":"\n",`, 20000) + `"uri":"file:///a"}}`
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	var p didOpenParams
	if err := decodeDidOpen([]byte(params), &p); err != nil || p.TextDocument.Text != "\n" {
		t.Fatalf("decoded %q, %v", p.TextDocument.Text, err)
	}
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > 50*uint64(len(params)) {
		t.Errorf("decoding %d bytes of params allocated %d bytes", len(params), got)
	}
}
