package analysis

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// A new session gives what Analyze gives on every realistic file and every
// rule fixture.
func TestSessionEqualsAnalyze(t *testing.T) {
	var paths []string
	for _, pat := range []string{"testdata/incremental/*.yml", "../examples/*.yml", "../../shared/corpus/realworld/*.yml",
		"rules/testdata/*/*.yml"} {
		m, _ := filepath.Glob(pat)
		paths = append(paths, m...)
	}
	t.Logf("%d files", len(paths))
	n := 0
	defer func() { t.Logf("%d diagnostics", n) }()
	for _, p := range paths {
		data, _ := os.ReadFile(p)
		want := Analyze(string(data)).Diagnostics
		got := NewSession(Options{}).Update(string(data), nil).Diagnostics
		n += len(got)
		if fmt.Sprint(want) != fmt.Sprint(got) {
			t.Errorf("%s:\n got %d %v\nwant %d %v", p, len(got), got, len(want), want)
		}
	}
}
