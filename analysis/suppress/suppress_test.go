package suppress_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stream-ls/stream-ls/analysis/suppress"
)

// directives renders what Parse finds as "line:scope:alone:[ids]", each ID
// with the text its span covers, so that a wrong span shows.
func directives(text string) string {
	var out []string
	for _, d := range suppress.Parse(text) {
		var ids []string
		for _, r := range d.Rules {
			if text[r.Span.Start:r.Span.End] != r.ID {
				ids = append(ids, "BADSPAN:"+r.ID)
				continue
			}
			ids = append(ids, r.ID)
		}
		out = append(out, fmt.Sprintf("%d:%s:%v:%v", d.Line, text[d.Keyword.Start:d.Keyword.End], d.Alone, ids))
	}
	return strings.Join(out, " ")
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"line directive with IDs, commas and a reason",
			"a: 1 # stream-ls-disable-line x, y z -- because\n",
			"0:stream-ls-disable-line:false:[x y z]"},
		{"next-line and block directives alone on their lines",
			"# stream-ls-disable-next-line x\nb: 2\n  #stream-ls-disable y\n",
			"0:stream-ls-disable-next-line:true:[x] 2:stream-ls-disable:true:[y]"},
		{"a directive without IDs is still a directive",
			"a: 1 # stream-ls-disable-line\n",
			"0:stream-ls-disable-line:false:[]"},
		{"a second comment on the line ends the IDs",
			"a: 1 # stream-ls-disable-line x #@diag(\"a\", x)\n",
			"0:stream-ls-disable-line:false:[x]"},
		{"lookalike keywords are not directives",
			"# stream-ls-disabled x\n# stream-ls-disable-lines x\n# see stream-ls-disable-line x\n",
			""},
		{"# inside quotes or a plain scalar is text",
			"a: 'x # stream-ls-disable-line q'\nb: x#stream-ls-disable-line q\nc: \"it's # stream-ls-disable-line q\"\n",
			""},
		{"an apostrophe in a plain scalar opens nothing",
			"a: it's fine # stream-ls-disable-line x\n",
			"0:stream-ls-disable-line:false:[x]"},
		{"a quoted scalar over several lines",
			"a: \"one\n  # stream-ls-disable-line q\n  two\" # stream-ls-disable-line x\n",
			"2:stream-ls-disable-line:false:[x]"},
		{"block scalars, tagged and anchored, hold text",
			"a: |\n  # stream-ls-disable-line q\nb: !!str &x >-\n  # stream-ls-disable-line q\n\n  more\nc: 1 # stream-ls-disable-line x\n",
			"6:stream-ls-disable-line:false:[x]"},
		{"CRLF",
			"a: 1 # stream-ls-disable-line x\r\n# stream-ls-disable-next-line y\r\nb: 2\r\n",
			"0:stream-ls-disable-line:false:[x] 1:stream-ls-disable-next-line:true:[y]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := directives(tt.text); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}
