package analysis_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stream-ls/stream-ls/analysis"
	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/completion"
)

// The language server completes from the part of a snapshot around the
// cursor (ModelAt), with the whole model only on demand, so that
// completion in a file of thousands of functions costs what it costs in a
// small one. That must not change a single item: on every real-world
// config and every file of testdata/incremental, at the start, in the middle and at the end of every line that
// parses, the list equals the one completed from the whole model.
func TestCompletionFromTheModelAroundTheCursorEqualsTheWholeModel(t *testing.T) {
	dir := corpusDir(t)
	files, err := filepath.Glob(filepath.Join(dir, "*.yml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files in %s (%v)", dir, err)
	}
	// The generated files merge anchors into stream events, which no
	// real-world config here does.
	generated, err := filepath.Glob(filepath.Join("testdata", "incremental", "*.yml"))
	if err != nil || len(generated) == 0 {
		t.Fatalf("no files in testdata/incremental (%v)", err)
	}
	if testing.Short() {
		files = files[:8]
	}
	files = append(files, generated...)
	compared, offered := 0, 0
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		s := analysis.NewSession(analysis.Options{})
		s.Update(text, nil)
		sn := s.Snapshot()
		whole := sn.Model()
		start := 0
		for start < len(text) {
			end := strings.IndexByte(text[start:], '\n')
			if end < 0 {
				end = len(text) - start
			}
			end += start
			content := strings.TrimRight(text[start:end], "\r")
			indent := len(content) - len(strings.TrimLeft(content, " "))
			for _, off := range []int{start + indent, start + (indent+len(content))/2, start + len(content)} {
				if !sn.ParsedAt(off) {
					continue
				}
				compared++
				for _, snippets := range []bool{false, true} {
					want := completion.Complete(document.NewText(text), off, whole, completion.Options{SnippetSupport: snippets})
					got := completion.Complete(document.NewText(text), off, sn.ModelAt(off), completion.Options{SnippetSupport: snippets, Whole: sn.Model})
					if len(want.Items) > 0 && !snippets {
						offered++
					}
					if !reflect.DeepEqual(got, want) {
						line := strings.Count(text[:off], "\n") + 1
						t.Errorf("%s:%d (byte %d): completion from the view differs:\n got %v\nwant %v",
							filepath.Base(path), line, off, labelsOf(got), labelsOf(want))
					}
				}
			}
			start = end + 1
		}
	}
	// Most lines of a config are not in a stream event, where completion
	// has nothing to offer; enough positions must offer something for the
	// comparison to say much.
	if offered < compared/20 {
		t.Errorf("only %d of %d positions offered anything", offered, compared)
	}
}

func labelsOf(l completion.List) []string {
	var out []string
	for _, it := range l.Items {
		out = append(out, it.Label+" → "+it.Edit.NewText)
	}
	return out
}
