package lsp

import (
	"unicode/utf8"

	"github.com/segmentio/encoding/json"
)

// jsonText is a document's text in a didOpen or didChange notification.
// The JSON decoders read a string a character at a time, about 200 MB/s
// here, and the text of a file of 5,000 functions is 6 MB: 30 ms before
// the analysis could start. jsonText decodes the strings that clients send,
// which are valid UTF-8 with the usual escapes, in one pass that copies
// runs, and leaves anything else (invalid UTF-8, surrogate escapes,
// malformed input) to the decoder, so the result is always the decoder's.
type jsonText string

func (t *jsonText) UnmarshalJSON(b []byte) error {
	if s, ok := unquoteCommon(b); ok {
		*t = jsonText(s)
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*t = jsonText(s)
	return nil
}

// unescaped maps the character after a backslash to what the escape
// stands for; 0 for \u and for anything that is not an escape.
var unescaped = [256]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// unquoteCommon decodes the JSON string b (quotes included) when it is
// valid UTF-8 and its \u escapes name no surrogate; ok is false otherwise,
// and for anything that is not a JSON string.
func unquoteCommon(b []byte) (string, bool) {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return "", false
	}
	b = b[1 : len(b)-1]
	if !utf8.Valid(b) {
		return "", false
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		j := i
		for j < len(b) && b[j] != '\\' && b[j] != '"' && b[j] >= 0x20 {
			j++
		}
		out = append(out, b[i:j]...)
		if j == len(b) {
			break
		}
		if b[j] != '\\' || j+1 == len(b) {
			return "", false // a bare quote or control character
		}
		if e := unescaped[b[j+1]]; e != 0 {
			out = append(out, e)
			i = j + 2
			continue
		}
		if b[j+1] != 'u' || j+6 > len(b) {
			return "", false
		}
		r, ok := hex4(b[j+2 : j+6])
		if !ok || utf8.RuneLen(r) < 0 { // RuneLen is -1 for surrogates
			return "", false
		}
		out = utf8.AppendRune(out, r)
		i = j + 6
	}
	return string(out), true
}

func hex4(b []byte) (rune, bool) {
	var r rune
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}
