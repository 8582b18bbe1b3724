package lsp

import (
	"bytes"
	"encoding/json"

	"go.lsp.dev/jsonrpc2"
)

// rawNotification is a notification whose envelope decodeNotification read.
// It embeds the library's type so that the connection dispatches it as a
// notification; its method and params are its own.
type rawNotification struct {
	*jsonrpc2.Notification
	method string
	params json.RawMessage
}

func (n *rawNotification) Method() string          { return n.method }
func (n *rawNotification) Params() json.RawMessage { return n.params }

// decodeNotification reads the envelope of a notification written the
// plain way clients write them: "jsonrpc": "2.0", a method without escapes
// and an object or array of params, no id, nothing else. The params are
// handed on undecoded, as the library does, but unchecked: the library's
// decoder validated every string in them, which for the didOpen of a 6 MB
// file was 20 ms, before the handler decoded the text once more. A handler
// that finds them malformed answers as for any bad params. Anything else
// (a call, a response, escapes, duplicate or unknown keys) is left to the
// library: ok is false.
func decodeNotification(body []byte) (n *rawNotification, ok bool) {
	var method string
	var params []byte
	var version, named bool
	end := eachMember(body, func(key string, rest []byte) int {
		switch {
		case key == "jsonrpc" && !version:
			v, n, ok := plainJSONString(rest, 0)
			if !ok || v != "2.0" {
				return -1
			}
			version = true
			return n
		case key == "method" && !named:
			v, n, ok := plainJSONString(rest, 0)
			if !ok || v == "" {
				return -1
			}
			method, named = v, true
			return n
		case key == "params" && params == nil && len(rest) > 0 && (rest[0] == '{' || rest[0] == '['):
			n := valueEnd(rest, 0)
			if n < 0 {
				return -1
			}
			params = rest[:n]
			return n
		}
		return -1 // an id, a repeated or unknown key: the library's
	})
	if end < 0 || skipJSONSpace(body, end) != len(body) {
		return nil, false
	}
	if !version || !named || params == nil {
		return nil, false
	}
	base, err := jsonrpc2.NewNotification(method, nil)
	if err != nil {
		return nil, false
	}
	return &rawNotification{Notification: base, method: method, params: params}, true
}

func skipJSONSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

// plainJSONString reads the string at b[i] when it is printable ASCII
// without escapes, and returns it and the offset after its closing quote.
func plainJSONString(b []byte, i int) (string, int, bool) {
	if i >= len(b) || b[i] != '"' {
		return "", i, false
	}
	end := bytes.IndexByte(b[i+1:], '"')
	if end < 0 {
		return "", i, false
	}
	s := b[i+1 : i+1+end]
	for _, c := range s {
		if c < 0x20 || c > 0x7e || c == '\\' {
			return "", i, false
		}
	}
	return string(s), i + end + 2, true
}
