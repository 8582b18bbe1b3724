package document_test

import (
	"testing"

	"github.com/stream-ls/stream-ls/analysis/document"
)

// edit is a ranged change; the four ints are start line, start character,
// end line, end character, in the order LSP writes them.
func edit(sl, sc, el, ec int, text string) document.Change {
	return document.Change{
		Range: &document.Range{Start: pos(sl, sc), End: pos(el, ec)},
		Text:  text,
	}
}

// full is a whole-text replacement, sent without a range.
func full(text string) document.Change { return document.Change{Text: text} }

func TestApplyChanges(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		changes []document.Change
		want    string
	}{
		{name: "no changes leave the text as it is", text: "a: b\n", want: "a: b\n"},
		{name: "an insert in the middle of a line", text: "service: demo\n", changes: []document.Change{edit(0, 9, 0, 9, "my-")}, want: "service: my-demo\n"},
		{name: "an insert at the start of the text", text: "b", changes: []document.Change{edit(0, 0, 0, 0, "a")}, want: "ab"},
		{name: "an insert into an empty text", text: "", changes: []document.Change{edit(0, 0, 0, 0, "a: b\n")}, want: "a: b\n"},
		{name: "an insert at the end of a text without a final newline", text: "ab\ncd", changes: []document.Change{edit(1, 2, 1, 2, "e")}, want: "ab\ncde"},
		{name: "an insert on the empty last line after a final newline", text: "ab\n", changes: []document.Change{edit(1, 0, 1, 0, "cd")}, want: "ab\ncd"},
		{name: "an insert at a line past the end appends to the text", text: "ab\n", changes: []document.Change{edit(99, 0, 99, 0, "z")}, want: "ab\nz"},
		{name: "an insert at a character past the end of the line goes before its newline", text: "ab\ncd", changes: []document.Change{edit(0, 40, 0, 40, "!")}, want: "ab!\ncd"},
		{name: "a newline inserted in the middle of a line splits it", text: "a: b", changes: []document.Change{edit(0, 2, 0, 3, "\n  ")}, want: "a:\n  b"},
		{name: "a delete within a line", text: "abcdef", changes: []document.Change{edit(0, 1, 0, 4, "")}, want: "aef"},
		{name: "a delete of a whole line with its newline", text: "a\nb\nc\n", changes: []document.Change{edit(1, 0, 2, 0, "")}, want: "a\nc\n"},
		{name: "a delete of a line break joins two lines", text: "ab\ncd", changes: []document.Change{edit(0, 2, 1, 0, "")}, want: "abcd"},
		{name: "a delete of everything up to the end of the text", text: "ab\ncd\n", changes: []document.Change{edit(0, 1, 9, 0, "")}, want: "a"},
		{name: "a delete of the last character", text: "ab\ncd", changes: []document.Change{edit(1, 1, 1, 2, "")}, want: "ab\nc"},
		{name: "a replace across lines", text: "one\ntwo\nthree\n", changes: []document.Change{edit(0, 1, 2, 2, "NE\nTWO\nTH")}, want: "oNE\nTWO\nTHree\n"},
		{name: "a replace that shortens many lines to one", text: "a\nb\nc\nd", changes: []document.Change{edit(0, 0, 3, 0, "x")}, want: "xd"},
		{name: "a whole-text replacement", text: "old\n", changes: []document.Change{full("new: text\n")}, want: "new: text\n"},
		{name: "a whole-text replacement with nothing", text: "old\n", changes: []document.Change{full("")}, want: ""},
		{
			name:    "a ranged change after a whole-text replacement applies to the new text",
			text:    "old text",
			changes: []document.Change{full("ab\ncd"), edit(1, 1, 1, 1, "X")},
			want:    "ab\ncXd",
		},
		{
			name:    "a whole-text replacement after ranged changes discards them",
			text:    "abc",
			changes: []document.Change{edit(0, 0, 0, 1, "Z"), full("fresh")},
			want:    "fresh",
		},
		{
			name:    "each change applies to the text the previous one produced",
			text:    "ac",
			changes: []document.Change{edit(0, 1, 0, 1, "b"), edit(0, 2, 0, 2, "B")},
			want:    "abBc",
		},
		{
			name: "typing a word one change at a time",
			text: "k: \n",
			changes: []document.Change{
				edit(0, 3, 0, 3, "v"), edit(0, 4, 0, 4, "a"), edit(0, 5, 0, 5, "l"),
			},
			want: "k: val\n",
		},
		{
			// Multi-cursor edits arrive bottom-up so that each range is
			// still valid after the previous change.
			name:    "changes sent bottom-up by a multi-cursor edit",
			text:    "a\nb\nc",
			changes: []document.Change{edit(2, 0, 2, 0, "- "), edit(1, 0, 1, 0, "- "), edit(0, 0, 0, 0, "- ")},
			want:    "- a\n- b\n- c",
		},
		{
			name:    "a later change may delete what an earlier one inserted",
			text:    "ab",
			changes: []document.Change{edit(0, 1, 0, 1, "XYZ"), edit(0, 2, 0, 4, "")},
			want:    "aXb",
		},
		{
			name:    "an edit at the end of the text after an earlier insert moved it",
			text:    "ab",
			changes: []document.Change{edit(0, 0, 0, 0, "\n\n"), edit(2, 2, 2, 2, "!")},
			want:    "\n\nab!",
		},
		{name: "a replace of an emoji spans its two UTF-16 units", text: "a😀b", changes: []document.Change{edit(0, 1, 0, 3, "X")}, want: "aXb"},
		{name: "an insert after an emoji counts its two UTF-16 units", text: "😀b", changes: []document.Change{edit(0, 2, 0, 2, "é")}, want: "😀éb"},
		{name: "an insert between é and a CJK rune", text: "é日", changes: []document.Change{edit(0, 1, 0, 1, "😀")}, want: "é😀日"},
		{name: "an insert on a later line of a non-ASCII text", text: "日本\né😀x", changes: []document.Change{edit(1, 3, 1, 3, "|")}, want: "日本\né😀|x"},
		{name: "a replace of CJK text with ASCII", text: "k: 日本語\n", changes: []document.Change{edit(0, 3, 0, 6, "nihongo")}, want: "k: nihongo\n"},
		{name: "a range ending inside a surrogate pair stops before the emoji", text: "a😀b", changes: []document.Change{edit(0, 0, 0, 2, "")}, want: "😀b"},
		{name: "a delete of a CRLF joins two lines", text: "a\r\nb", changes: []document.Change{edit(0, 1, 1, 0, "")}, want: "ab"},
		{name: "an insert past the end of a CRLF line goes before the CR", text: "ab\r\ncd", changes: []document.Change{edit(0, 9, 0, 9, "!")}, want: "ab!\r\ncd"},
		{name: "an insert at the start of a line after CRLF", text: "ab\r\ncd", changes: []document.Change{edit(1, 0, 1, 0, "> ")}, want: "ab\r\n> cd"},
		{name: "a replace across CRLF lines with non-ASCII text", text: "é\r\n😀\r\nz", changes: []document.Change{edit(0, 1, 1, 2, "\r\nü")}, want: "é\r\nü\r\nz"},
		{name: "an insert after a lone CR", text: "a\rb", changes: []document.Change{edit(1, 0, 1, 0, "x")}, want: "a\rxb"},
		{name: "an insert at the end of a text ending in CRLF", text: "a\r\n", changes: []document.Change{edit(1, 0, 1, 0, "b\r\n")}, want: "a\r\nb\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := document.ApplyChanges(tt.text, tt.changes)
			if err != nil {
				t.Fatalf("ApplyChanges(%q): %v", tt.text, err)
			}
			if got != tt.want {
				t.Errorf("ApplyChanges(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestApplyChangesErrors(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		changes []document.Change
	}{
		{name: "an end before the start on the same line", text: "abcdef", changes: []document.Change{edit(0, 4, 0, 1, "x")}},
		{name: "an end on an earlier line", text: "ab\ncd", changes: []document.Change{edit(1, 1, 0, 0, "")}},
		{name: "a negative position", text: "ab", changes: []document.Change{edit(0, -1, 0, 1, "")}},
		{
			// Earlier changes must not leak into the result when a later one
			// fails: the text is restored as a whole.
			name:    "a bad change after good ones",
			text:    "ab\ncd",
			changes: []document.Change{edit(0, 0, 0, 0, "X"), full("replaced"), edit(0, 5, 0, 2, "")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := document.ApplyChanges(tt.text, tt.changes)
			if err == nil {
				t.Fatalf("ApplyChanges(%q) = %q, want an error", tt.text, got)
			}
			if got != tt.text {
				t.Errorf("ApplyChanges(%q) returned %q with its error, want the original text", tt.text, got)
			}
		})
	}
}
