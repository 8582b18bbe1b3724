package lsp

import (
	"bytes"
	"encoding/binary"
	"strings"
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
	s, n, ok := unquotePrefix(b)
	return s, ok && n == len(b)
}

// unquotePrefix is unquoteCommon for the JSON string at the start of b:
// it also returns the string's length in b, quotes included.
func unquotePrefix(b []byte) (string, int, bool) {
	if len(b) < 2 || b[0] != '"' {
		return "", 0, false
	}
	// The end first, with IndexByte's jumps, so that the decoded string
	// is given room for itself and not for all that follows it.
	n := stringEnd(b, 0)
	if n < 0 {
		return "", 0, false
	}
	body := b[1 : n-1]
	if !utf8.Valid(body) {
		return "", 0, false
	}
	j := plainRun(body)
	if j == len(body) {
		return string(body), n, true // no escape: the string is the run
	}
	// A Builder's string is its buffer: the text is not copied again.
	var out strings.Builder
	out.Grow(len(body))
	for i := 0; i < len(body); {
		j := i + plainRun(body[i:])
		out.Write(body[i:j])
		if j == len(body) {
			break
		}
		if body[j] != '\\' || j+1 == len(body) {
			return "", 0, false // a control character
		}
		if e := unescaped[body[j+1]]; e != 0 {
			out.WriteByte(e)
			i = j + 2
			continue
		}
		if body[j+1] != 'u' || j+6 > len(body) {
			return "", 0, false
		}
		r, ok := hex4(body[j+2 : j+6])
		if !ok || utf8.RuneLen(r) < 0 { // RuneLen is -1 for surrogates
			return "", 0, false
		}
		out.WriteRune(r)
		i = j + 6
	}
	return out.String(), n, true
}

// plainRun is the length of the run at the start of b that a JSON string
// holds as it is: no backslash, quote or control character. It looks at
// eight bytes at a time, since a document's text is mostly such runs.
func plainRun(b []byte) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(b); i += 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		below := (w - 0x20*ones) &^ w & highs // a byte under 0x20
		bs, q := w^('\\'*ones), w^('"'*ones)
		special := (bs-ones)&^bs&highs | (q-ones)&^q&highs
		if below|special != 0 {
			break
		}
	}
	for ; i < len(b) && b[i] != '\\' && b[i] != '"' && b[i] >= 0x20; i++ {
	}
	return i
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

// decodeDidOpen decodes didOpen's params as json.Unmarshal does. The
// decoder reads the whole text once to find where it ends and jsonText
// reads it again: for a file of 6 MB, two thirds of the 19 ms between
// the message and the store. The params clients send are walked here
// instead, and the text decoded as it is found, in one pass; anything
// this walk does not expect goes to the decoder, whose result (and
// error) is then the answer.
func decodeDidOpen(raw []byte, p *didOpenParams) error {
	if walkDidOpen(raw, p) {
		return nil
	}
	*p = didOpenParams{}
	return json.Unmarshal(raw, p)
}

func walkDidOpen(raw []byte, p *didOpenParams) bool {
	end := eachMember(raw, func(key string, rest []byte) int {
		if key != "textDocument" {
			if strings.EqualFold(key, "textDocument") {
				return -1 // the decoder matches keys in any case
			}
			return validValue(rest)
		}
		td := &p.TextDocument
		return eachMember(rest, func(key string, rest []byte) int {
			if known := foldedMember(key); known != "" && known != key {
				return -1
			}
			switch key {
			case "uri":
				return decodeValue(rest, &td.URI)
			case "languageId":
				return decodeValue(rest, &td.LanguageID)
			case "version":
				return decodeValue(rest, &td.Version)
			case "text":
				s, n, ok := unquotePrefix(rest)
				if !ok {
					return -1
				}
				td.Text = jsonText(s)
				return n
			}
			return validValue(rest)
		})
	})
	return end >= 0 && skipJSONSpace(raw, end) == len(raw)
}

// foldedMember is the member of a text document key names, matched as the
// decoder matches them, in any case; "" for none.
func foldedMember(key string) string {
	for _, m := range []string{"uri", "languageId", "version", "text"} {
		if strings.EqualFold(key, m) {
			return m
		}
	}
	return ""
}

// eachMember walks the JSON object at the start of b (after white space):
// it calls f with each member's key and b from the member's value on, and
// f returns the length of the value it read, or -1 to stop. eachMember
// returns the offset just past the object, or -1 when f stopped or the
// object is not one it can walk: keys with escapes, or anything malformed
// in its structure (the values are f's to check).
func eachMember(b []byte, f func(key string, rest []byte) int) int {
	i := skipJSONSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return -1
	}
	i = skipJSONSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return i + 1
	}
	for {
		key, next, ok := plainJSONString(b, i)
		if !ok {
			return -1
		}
		i = skipJSONSpace(b, next)
		if i >= len(b) || b[i] != ':' {
			return -1
		}
		i = skipJSONSpace(b, i+1)
		n := f(key, b[i:])
		if n < 0 {
			return -1
		}
		i = skipJSONSpace(b, i+n)
		switch {
		case i < len(b) && b[i] == ',':
			i = skipJSONSpace(b, i+1)
		case i < len(b) && b[i] == '}':
			return i + 1
		default:
			return -1
		}
	}
}

// validValue is the length of the valid JSON value at the start of b, or
// -1.
func validValue(b []byte) int {
	n := valueEnd(b, 0)
	if n < 0 || !json.Valid(b[:n]) {
		return -1
	}
	return n
}

// decodeValue decodes the JSON value at the start of b into v and returns
// its length, or -1 when it does not decode.
func decodeValue(b []byte, v any) int {
	n := valueEnd(b, 0)
	if n < 0 || json.Unmarshal(b[:n], v) != nil {
		return -1
	}
	return n
}

// valueEnd is the offset just past the JSON value that starts at b[i], or
// -1 when it does not end. Only its extent is found: a string's closing
// quote, an object's or array's closing bracket, a literal's last
// character.
func valueEnd(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		var scan jsonEnd
		used := scan.feed(b[i:])
		if !scan.done {
			return -1
		}
		return i + used
	}
	j := i
	for j < len(b) && !strings.ContainsRune(",}] \t\r\n", rune(b[j])) {
		j++
	}
	return j
}

// stringEnd is the offset just past the JSON string whose opening quote is
// b[i], or -1 when it does not end. Like jsonEnd.feed, it jumps between
// quotes and backslashes.
func stringEnd(b []byte, i int) int {
	nextEscape := -1
	for j := i + 1; j < len(b); {
		if nextEscape < j {
			nextEscape = len(b)
			if k := bytes.IndexByte(b[j:], '\\'); k >= 0 {
				nextEscape = j + k
			}
		}
		if q := bytes.IndexByte(b[j:nextEscape], '"'); q >= 0 {
			return j + q + 1
		}
		if nextEscape == len(b) {
			return -1
		}
		j = nextEscape + 2
	}
	return -1
}
