package lsp

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"go.lsp.dev/jsonrpc2"
)

// A notification written the plain way is read without the library, with
// the method and params the library would have given.
func TestDecodeNotificationReadsPlainNotifications(t *testing.T) {
	for _, body := range []string{
		`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///a.yml","text":"a: \"b\"\\n\\\\"}}}`,
		"{ \"params\" : [1, {\"x\": \"}\"}] ,\r\n \"method\": \"a/b\", \"jsonrpc\" : \"2.0\" }\n",
		`{"method":"textDocument/didChange","jsonrpc":"2.0","params":{"contentChanges":[{"text":"\u00e9\t"}]}}`,
	} {
		got, ok := decodeNotification([]byte(body))
		if !ok {
			t.Fatalf("%s: not read", body)
		}
		want, err := jsonrpc2.DecodeMessage([]byte(body))
		if err != nil {
			t.Fatal(err)
		}
		n := want.(*jsonrpc2.Notification)
		if got.Method() != n.Method() || !bytes.Equal(got.Params(), n.Params()) {
			t.Errorf("%s: got %q %s, the library %q %s", body, got.Method(), got.Params(), n.Method(), n.Params())
		}
		var msg jsonrpc2.Message = got
		if _, isRequest := msg.(jsonrpc2.Request); !isRequest {
			t.Errorf("%s: the connection would not dispatch it", body)
		}
	}
}

// Anything else is left to the library, which then decides as before.
func TestDecodeNotificationLeavesTheRestToTheLibrary(t *testing.T) {
	for _, body := range []string{
		`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}`, // a call
		`{"jsonrpc":"2.0","id":1,"result":null}`,                     // a response
		`{"jsonrpc":"2.0","method":"exit"}`,                          // no params
		`{"jsonrpc":"2.0","method":"a","params":null}`,
		`{"jsonrpc":"2.0","method":"a","params":"text"}`,
		`{"method":"a","params":{}}`,                              // no version
		`{"jsonrpc":"1.0","method":"a","params":{}}`,              // another version
		`{"jsonrpc":"2.0","method":"a\/b","params":{}}`,           // an escape
		`{"jsonrpc":"2.0","method":"é","params":{}}`,              // beyond ASCII
		`{"jsonrpc":"2.0","method":"","params":{}}`,               // no method
		`{"jsonrpc":"2.0","method":"a","method":"b","params":{}}`, // a duplicate
		`{"jsonrpc":"2.0","method":"a","params":{},"params":[]}`,  // a duplicate
		`{"jsonrpc":"2.0","method":"a","params":{},"extra":1}`,    // unknown
		`{"jsonrpc":"2.0","method":"a","params":{"x":"}`,          // unterminated
		`{"jsonrpc":"2.0","method":"a","params":{}} trailing`,     // more after
		`{"jsonrpc":"2.0","method":"a","params":{}`,               // unclosed
		`{"jsonrpc":"2.0","method":"a" "params":{}}`,              // no comma
		`{"jsonrpc":"2.0","method":"a","params":{},}`,             // trailing comma
		`["jsonrpc"]`,
		``,
	} {
		if n, ok := decodeNotification([]byte(body)); ok {
			t.Errorf("%s: read as %q %s", body, n.Method(), n.Params())
		}
	}
}

// referenceJSONEnd is jsonEnd.feed as a plain loop over bytes.
func referenceJSONEnd(j *jsonEnd, p []byte) int {
	for i, c := range p {
		switch {
		case j.escaped:
			j.escaped = false
		case j.inString:
			switch c {
			case '\\':
				j.escaped = true
			case '"':
				j.inString = false
			}
		case c == '"':
			j.inString = true
		case c == '{' || c == '[':
			j.depth++
		case c == '}' || c == ']':
			j.depth--
			if j.depth <= 0 {
				j.done = true
				return i + 1
			}
		}
	}
	return len(p)
}

// jsonEnd's jumps within strings find the end the plain loop finds, fed in
// any pieces.
func TestJSONEndMatchesAByteLoop(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	alphabet := []byte(`{}[]"\\\\\"ab, :`)
	for range 20000 {
		in := make([]byte, rng.IntN(80))
		for i := range in {
			in[i] = alphabet[rng.IntN(len(alphabet))]
		}
		in = append([]byte{'{'}, in...)
		var fast, slow jsonEnd
		var fastAt, slowAt int
		for p := in; len(p) > 0 && !slow.done; {
			k := 1 + rng.IntN(len(p))
			used := referenceJSONEnd(&slow, p[:k])
			slowAt += used
			p = p[used:]
		}
		for p := in; len(p) > 0 && !fast.done; {
			k := 1 + rng.IntN(len(p))
			used := fast.feed(p[:k])
			fastAt += used
			p = p[used:]
		}
		if fast != slow || fastAt != slowAt {
			t.Fatalf("%s: feed ends at %d in state %+v, the byte loop at %d in %+v", in, fastAt, fast, slowAt, slow)
		}
	}
}
