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
	i := skipJSONSpace(body, 0)
	if i >= len(body) || body[i] != '{' {
		return nil, false
	}
	for i++; ; i++ {
		key, next, ok := plainJSONString(body, skipJSONSpace(body, i))
		if !ok {
			return nil, false
		}
		i = skipJSONSpace(body, next)
		if i >= len(body) || body[i] != ':' {
			return nil, false
		}
		i = skipJSONSpace(body, i+1)
		switch {
		case key == "jsonrpc" && !version:
			v, next, ok := plainJSONString(body, i)
			if !ok || v != "2.0" {
				return nil, false
			}
			version, i = true, next
		case key == "method" && !named:
			v, next, ok := plainJSONString(body, i)
			if !ok || v == "" {
				return nil, false
			}
			method, named, i = v, true, next
		case key == "params" && params == nil:
			if i >= len(body) || (body[i] != '{' && body[i] != '[') {
				return nil, false
			}
			var end jsonEnd
			used := end.feed(body[i:])
			if !end.done {
				return nil, false
			}
			params, i = body[i:i+used], i+used
		default:
			return nil, false
		}
		i = skipJSONSpace(body, i)
		if i < len(body) && body[i] == ',' {
			continue
		}
		if i < len(body) && body[i] == '}' && skipJSONSpace(body, i+1) == len(body) {
			break
		}
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
