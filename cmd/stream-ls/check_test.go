package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/document"
)

// fakeAnalyze reports each "bad" as an error and each "meh" as a warning,
// so these tests pin the command's output, not the rules.
func fakeAnalyze(text string) []diag.Diagnostic {
	var out []diag.Diagnostic
	for word, sev := range map[string]diag.Severity{"bad": diag.Error, "meh": diag.Warning} {
		for off := 0; ; {
			i := strings.Index(text[off:], word)
			if i < 0 {
				break
			}
			start := off + i
			out = append(out, diag.Diagnostic{
				Rule: "test-" + word, Severity: sev, Span: document.Span{Start: start, End: start + len(word)},
				Message: "found <" + word + ">", Href: "https://example.com/" + word,
			})
			off = start + len(word)
		}
	}
	return out
}

// writeFiles creates files (path → content) under a new temporary directory
// and returns it.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func check(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(append([]string{"check"}, args...), env{stdout: &out, stderr: &errOut, analyze: fakeAnalyze})
	return code, out.String(), errOut.String()
}

func TestCheckText(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		// é is one UTF-16 unit, 😀 two, so "bad" starts at unit 10 (column
		// 11); lines end in CRLF.
		"serverless.yml": "service: meh\r\nname: é😀 bad\r\n",
	})
	file := filepath.Join(dir, "serverless.yml")
	code, stdout, stderr := check(t, file)
	want := file + ":1:10: warning: found <meh> [test-meh]\n" +
		file + ":2:11: error: found <bad> [test-bad]\n"
	if stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, want)
	}
	if code != 1 || stderr != "" {
		t.Errorf("exit code %d, stderr %q; want 1 and nothing", code, stderr)
	}
}

func TestCheckJSON(t *testing.T) {
	dir := writeFiles(t, map[string]string{"serverless.yaml": "a: 😀bad\n"})
	file := filepath.Join(dir, "serverless.yaml")
	code, stdout, _ := check(t, "--format", "json", file)
	fileJSON := strings.ReplaceAll(file, `\`, `\\`)
	want := `[
  {
    "file": "` + fileJSON + `",
    "range": {
      "start": {
        "line": 0,
        "character": 5
      },
      "end": {
        "line": 0,
        "character": 8
      }
    },
    "severity": "error",
    "code": "test-bad",
    "message": "found <bad>",
    "href": "https://example.com/bad"
  }
]
`
	if stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, want)
	}
	if code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
}

func TestCheckJSONWithNothingFoundIsAnEmptyArray(t *testing.T) {
	dir := writeFiles(t, map[string]string{"serverless.yml": "service: fine\n"})
	code, stdout, _ := check(t, "--format=json", dir)
	if stdout != "[]\n" || code != 0 {
		t.Errorf("got %q, exit code %d; want \"[]\\n\" and 0", stdout, code)
	}
}

func TestCheckWarningsAloneExitZero(t *testing.T) {
	dir := writeFiles(t, map[string]string{"serverless.yml": "service: meh\n"})
	code, stdout, _ := check(t, dir)
	if code != 0 || !strings.Contains(stdout, "warning: found <meh>") {
		t.Errorf("exit code %d, stdout %q; want 0 and the warning", code, stdout)
	}
}

func TestCheckDirectoryFindsServerlessFilesOnly(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"serverless.yml":                      "bad",
		"svc/b/serverless.yaml":               "bad",
		"svc/a/serverless.yml":                "bad",
		"svc/a/other.yml":                     "bad",
		"svc/serverless.yml.bak":              "bad",
		"node_modules/pkg/serverless.yml":     "bad",
		".serverless/serverless.yml":          "bad",
		".git/serverless.yml":                 "bad",
		"svc/a/node_modules/x/serverless.yml": "bad",
	})
	explicit := filepath.Join(dir, "svc", "a", "other.yml") // named files are checked whatever their name
	_, stdout, stderr := check(t, dir, explicit)
	var want strings.Builder
	for _, f := range []string{"serverless.yml", "svc/a/serverless.yml", "svc/b/serverless.yaml", "svc/a/other.yml"} {
		want.WriteString(filepath.Join(dir, filepath.FromSlash(f)) + ":1:1: error: found <bad> [test-bad]\n")
	}
	if stdout != want.String() {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, want.String())
	}
	if stderr != "" {
		t.Errorf("stderr: %s", stderr)
	}
}

func TestCheckUsageAndIOErrors(t *testing.T) {
	dir := writeFiles(t, map[string]string{"serverless.yml": "bad", "empty/readme.md": "x"})
	missing := filepath.Join(dir, "missing.yml")
	for _, tc := range []struct {
		name       string
		args       []string
		wantStdout string
		wantStderr string
	}{
		{"no paths", nil, "", "Usage: stream-ls check"},
		{"unknown format", []string{"--format", "xml", dir}, "", `unknown format "xml"`},
		{"unknown flag", []string{"--fix", dir}, "", "flag provided but not defined: -fix"},
		{
			"missing file, with the readable ones still checked",
			[]string{missing, dir},
			filepath.Join(dir, "serverless.yml") + ":1:1: error: found <bad> [test-bad]\n",
			"missing.yml: no such file or directory",
		},
		{"directory without serverless files", []string{filepath.Join(dir, "empty")}, "", "no serverless.yml or serverless.yaml under"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := check(t, tc.args...)
			if code != 2 {
				t.Errorf("exit code %d, want 2", code)
			}
			if stdout != tc.wantStdout {
				t.Errorf("stdout %q, want %q", stdout, tc.wantStdout)
			}
			if !strings.Contains(stderr, tc.wantStderr) {
				t.Errorf("stderr %q does not contain %q", stderr, tc.wantStderr)
			}
		})
	}
}
