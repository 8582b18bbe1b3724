// Package editors_test runs stream-ls inside real editors, headless, with the
// configurations shipped under editors/, and checks what a user would see:
// the stream-consumer-dynamodb diagnostic on the fixture's `consumer` key.
//
// Each editor test skips when its editor is missing, naming the Debian
// package to install. CI sets STREAM_LS_REQUIRE_EDITORS=1, which turns those
// skips into failures, so a CI machine that lost an editor cannot pass
// silently.
package editors_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// The fixture's one mistake (see testdata/README.md).
const (
	wantCode   = "stream-consumer-dynamodb"
	wantSource = "stream-ls"
	faultyLine = "consumer: true"
)

// editorTimeout bounds one editor run. The editors' own waits are 10-15 s
// each, so a hung server is reported by the editor script long before this.
const editorTimeout = 90 * time.Second

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
	buildDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// streamLS builds cmd/stream-ls once per test binary and returns its path.
// STREAM_LS_TEST_BIN names an existing binary to test instead (a release
// build, say).
func streamLS(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		if p := os.Getenv("STREAM_LS_TEST_BIN"); p != "" {
			binPath, buildErr = filepath.Abs(p)
			return
		}
		buildDir, buildErr = os.MkdirTemp("", "stream-ls-editors-")
		if buildErr != nil {
			return
		}
		binPath = filepath.Join(buildDir, "stream-ls")
		if runtime.GOOS == "windows" {
			binPath += ".exe"
		}
		cmd := exec.Command("go", "build", "-o", binPath, "./cmd/stream-ls")
		cmd.Dir = ".."
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build ./cmd/stream-ls: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// need skips the test (or fails it under STREAM_LS_REQUIRE_EDITORS) when ok
// is false.
func need(t *testing.T, ok bool, why string) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv("STREAM_LS_REQUIRE_EDITORS") != "" {
		t.Fatalf("%s (STREAM_LS_REQUIRE_EDITORS is set, so this is a failure)", why)
	}
	t.Skip(why)
}

func onPath(name string) bool {
	_, err := exec.LookPath(name)
	return err == nil
}

// fixture is a project directory holding serverless.yml (the fixture) and
// other.yml, a byte-for-byte copy under a name stream-ls must not attach to:
// were the client attached to it, the same diagnostic would show there.
type fixture struct {
	dir       string
	line, col int // 0-based position of the `consumer` key
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "project", "serverless.yml"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, name := range []string{"serverless.yml", "other.yml"} {
		if err := os.WriteFile(filepath.Join(dir, name), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f := fixture{dir: dir, line: -1}
	for i, l := range strings.Split(string(src), "\n") {
		if j := strings.Index(l, faultyLine); j >= 0 {
			f.line, f.col = i, j
		}
	}
	if f.line < 0 {
		t.Fatalf("fixture has no %q line", faultyLine)
	}
	return f
}

// runEditor runs an editor script that writes its findings as JSON to
// $PROBE_OUT, and decodes them into out. The editor gets an empty HOME and
// XDG directories, so no user configuration or plugin can interfere.
func runEditor(t *testing.T, env []string, out any, name string, args ...string) {
	t.Helper()
	home := t.TempDir()
	probeOut := filepath.Join(t.TempDir(), "probe.json")
	ctx, cancel := context.WithTimeout(context.Background(), editorTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(),
		"HOME="+home,
		"XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"XDG_CACHE_HOME="+filepath.Join(home, ".cache"),
		"XDG_DATA_HOME="+filepath.Join(home, ".local", "share"),
		"XDG_STATE_HOME="+filepath.Join(home, ".local", "state"),
		"PROBE_OUT="+probeOut,
	)
	cmd.Env = append(cmd.Env, env...)
	cmd.Stdin = nil // vim -es must not wait for the terminal
	var stderr bytes.Buffer
	cmd.Stdout = &stderr
	cmd.Stderr = &stderr
	start := time.Now()
	runErr := cmd.Run()
	t.Logf("%s ran in %v", name, time.Since(start).Round(time.Millisecond))
	raw, readErr := os.ReadFile(probeOut)
	if readErr != nil || len(bytes.TrimSpace(raw)) == 0 {
		t.Fatalf("%s wrote no result (exit: %v, ctx: %v)\noutput:\n%s", name, runErr, ctx.Err(), stderr.String())
	}
	t.Logf("%s saw: %s", name, bytes.TrimSpace(raw))
	if err := json.Unmarshal(raw, out); err != nil {
		t.Fatalf("decoding %s's result: %v\n%s", name, err, raw)
	}
	if runErr != nil {
		t.Errorf("%s exited with %v\noutput:\n%s", name, runErr, stderr.String())
	}
}

// lspDiag is an LSP diagnostic as Neovim and Eglot report it.
type lspDiag struct {
	Lnum     int    `json:"lnum"`
	Col      int    `json:"col"`
	Severity int    `json:"severity"`
	Code     any    `json:"code"`
	Source   string `json:"source"`
	Message  string `json:"message"`
}

// answer is one request's outcome as an editor script recorded it.
type answer struct {
	Sent       bool            `json:"sent"`
	Answered   bool            `json:"answered"`
	Advertised bool            `json:"advertised"`
	Err        json.RawMessage `json:"err"`
	Result     json.RawMessage `json:"result"`
	Count      *int            `json:"count"`
}

// checkAnswered: a request must be answered; an advertised method must be
// answered without an error. Hover and completion content is still being
// written, so it is only logged.
func checkAnswered(t *testing.T, method string, a answer) {
	t.Helper()
	if !a.Answered {
		t.Errorf("%s: no answer (sent: %v)", method, a.Sent)
		return
	}
	hasErr := len(a.Err) > 0 && string(a.Err) != "null"
	switch {
	case a.Advertised && hasErr:
		t.Errorf("%s: advertised by the server but answered with an error: %s", method, a.Err)
	case hasErr:
		t.Logf("%s: not advertised by the server yet; it answered with %s", method, a.Err)
	default:
		t.Logf("%s answered: result %s, count %v", method, orNull(a.Result), derefOr(a.Count))
	}
}

func orNull(r json.RawMessage) string {
	if len(r) == 0 {
		return "null"
	}
	return string(r)
}

func derefOr(p *int) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprint(*p)
}

func findDiag(ds []lspDiag, code string) *lspDiag {
	for i := range ds {
		if fmt.Sprint(ds[i].Code) == code {
			return &ds[i]
		}
	}
	return nil
}

func TestNeovim(t *testing.T) {
	t.Parallel()
	need(t, onPath("nvim"), "nvim not installed: apt-get install neovim")
	bin := streamLS(t)
	f := newFixture(t)
	plugin, _ := filepath.Abs("neovim")

	var got struct {
		Error     string `json:"error"`
		Nvim      string `json:"nvim"`
		LSPConfig struct {
			Cmd                []string        `json:"cmd"`
			Filetypes          []string        `json:"filetypes"`
			RootServerlessYML  json.RawMessage `json:"root_serverless_yml"`
			RootServerlessYAML json.RawMessage `json:"root_serverless_yaml"`
			RootOtherYML       json.RawMessage `json:"root_other_yml"`
		} `json:"lspconfig"`
		ClientsOnServerless int       `json:"clients_on_serverless_yml"`
		ClientsOnOther      int       `json:"clients_on_other_yml"`
		LanguageID          string    `json:"languageId"`
		ChangeKind          any       `json:"change_kind"`
		DiagnosticsArrived  bool      `json:"diagnostics_arrived"`
		Diagnostics         []lspDiag `json:"diagnostics"`
		Hover               answer    `json:"hover"`
		Completion          answer    `json:"completion"`
		ClearedAfterDelete  bool      `json:"cleared_after_delete"`
		AfterDelete         []lspDiag `json:"after_delete"`
		BackAfterRestore    bool      `json:"back_after_restore"`
		AfterRestore        []lspDiag `json:"after_restore"`
	}
	runEditor(t, []string{
		"STREAM_LS_CMD=" + bin,
		"STREAM_LS_NVIM_DIR=" + plugin,
		"PROBE_DIR=" + f.dir,
	}, &got, "nvim", "--headless", "-u", "NONE", "-i", "NONE", "-n", "+luafile "+filepath.Join(plugin, "test", "probe.lua"))
	if got.Error != "" {
		t.Fatalf("Neovim %s script failed: %s", got.Nvim, got.Error)
	}

	// lsp/stream_ls.lua, the nvim-lspconfig form.
	c := got.LSPConfig
	if len(c.Cmd) == 0 || c.Cmd[0] != "stream-ls" || !slices.Equal(c.Filetypes, []string{"yaml"}) {
		t.Errorf("lsp/stream_ls.lua: cmd %q, filetypes %q; want stream-ls and [yaml]", c.Cmd, c.Filetypes)
	}
	wantRoot, _ := json.Marshal(filepath.Join(f.dir, "sub"))
	if string(c.RootServerlessYML) != string(wantRoot) || string(c.RootServerlessYAML) != string(wantRoot) {
		t.Errorf("lsp/stream_ls.lua root_dir: serverless.yml -> %s, serverless.yaml -> %s; want %s",
			c.RootServerlessYML, c.RootServerlessYAML, wantRoot)
	}
	if string(c.RootOtherYML) != "false" {
		t.Errorf("lsp/stream_ls.lua root_dir attached to other.yml (root %s); it must not", c.RootOtherYML)
	}

	// lua/stream_ls.lua, the 0.7+ module, in the real client.
	if got.ClientsOnServerless != 1 || got.ClientsOnOther != 0 {
		t.Errorf("clients attached: serverless.yml %d, other.yml %d; want 1 and 0", got.ClientsOnServerless, got.ClientsOnOther)
	}
	if got.LanguageID != "yaml" {
		t.Errorf("buffer filetype (sent as languageId) = %q, want yaml", got.LanguageID)
	}
	d := findDiag(got.Diagnostics, wantCode)
	if !got.DiagnosticsArrived || d == nil {
		t.Fatalf("no %s diagnostic in Neovim; got %+v", wantCode, got.Diagnostics)
	}
	if d.Lnum != f.line || d.Col != f.col || d.Severity != 1 || d.Source != wantSource || d.Message == "" {
		t.Errorf("diagnostic = %+v; want an error from %s at %d:%d", *d, wantSource, f.line, f.col)
	}
	checkAnswered(t, "textDocument/hover", got.Hover)
	checkAnswered(t, "textDocument/completion", got.Completion)
	t.Logf("server's textDocumentSync.change = %v (2 means Neovim sent the edits below as ranged, incremental changes)", got.ChangeKind)
	if !got.ClearedAfterDelete || findDiag(got.AfterDelete, wantCode) != nil {
		t.Errorf("after deleting the consumer line the diagnostic stayed: %+v", got.AfterDelete)
	}
	if !got.BackAfterRestore || findDiag(got.AfterRestore, wantCode) == nil {
		t.Errorf("after typing the consumer line back the diagnostic did not return: %+v", got.AfterRestore)
	}
}

func TestEmacsEglot(t *testing.T) {
	t.Parallel()
	need(t, onPath("emacs"), "emacs not installed: apt-get install emacs-nox elpa-eglot")
	// Debian's elpa-eglot is activated from site-start.d, hence no -Q.
	need(t, exec.Command("emacs", "--batch", "--eval", "(require 'eglot)").Run() == nil,
		"eglot not available to emacs: apt-get install elpa-eglot")
	bin := streamLS(t)
	f := newFixture(t)
	dir, _ := filepath.Abs("emacs")

	var got struct {
		Error          string `json:"error"`
		OtherMode      string `json:"other_yml_mode"`
		ServerlessMode string `json:"serverless_yml_mode"`
		LanguageID     string `json:"language_id"`
		Raw            []struct {
			Range struct {
				Start struct{ Line, Character int }
			} `json:"range"`
			Severity int    `json:"severity"`
			Code     any    `json:"code"`
			Source   string `json:"source"`
			Message  string `json:"message"`
		} `json:"raw_diagnostics"`
		Flymake []struct {
			Line int    `json:"line"`
			Type string `json:"type"`
			Text string `json:"text"`
		} `json:"flymake"`
		Hover struct {
			Answered any             `json:"answered"`
			Error    string          `json:"error"`
			Result   json.RawMessage `json:"result"`
		} `json:"hover"`
	}
	runEditor(t, []string{
		"STREAM_LS_CMD=" + bin,
		"STREAM_LS_EMACS_DIR=" + dir,
		"PROBE_DIR=" + f.dir,
	}, &got, "emacs", "--batch", "-l", filepath.Join(dir, "test", "probe.el"))
	if got.Error != "" {
		t.Fatalf("Emacs script failed: %s", got.Error)
	}
	if got.ServerlessMode != "serverless-yaml-mode" || got.OtherMode == "serverless-yaml-mode" {
		t.Errorf("modes: serverless.yml %q, other.yml %q; want serverless-yaml-mode for serverless.yml only",
			got.ServerlessMode, got.OtherMode)
	}
	if got.LanguageID != "yaml" {
		t.Errorf("Eglot languageId = %q, want yaml", got.LanguageID)
	}
	found := false
	for _, d := range got.Raw {
		if fmt.Sprint(d.Code) == wantCode && d.Source == wantSource && d.Severity == 1 &&
			d.Range.Start.Line == f.line && d.Range.Start.Character == f.col {
			found = true
		}
	}
	if !found {
		t.Errorf("no %s error at %d:%d in the published diagnostics: %+v", wantCode, f.line, f.col, got.Raw)
	}
	// What the user sees: Flymake's error on the line, with code and source.
	found = false
	for _, d := range got.Flymake {
		if d.Line == f.line+1 && d.Type == "eglot-error" && strings.Contains(d.Text, wantCode) && strings.Contains(d.Text, wantSource) {
			found = true
		}
	}
	if !found {
		t.Errorf("Flymake shows no %s error on line %d: %+v", wantCode, f.line+1, got.Flymake)
	}
	if got.Hover.Answered != true {
		t.Errorf("hover was not answered: %s", got.Hover.Error)
	} else {
		t.Logf("hover answered: %s", orNull(got.Hover.Result))
	}
}

func TestVimALE(t *testing.T) {
	t.Parallel()
	need(t, onPath("vim"), "vim not installed: apt-get install vim vim-ale")
	need(t, exec.Command("dpkg", "-L", "vim-ale").Run() == nil, "ALE not installed: apt-get install vim-ale")
	bin := streamLS(t)
	f := newFixture(t)
	dir, _ := filepath.Abs("vim")

	type entry struct {
		Lnum       int    `json:"lnum"`
		Col        int    `json:"col"`
		Type       string `json:"type"`
		Code       any    `json:"code"`
		Text       string `json:"text"`
		LinterName string `json:"linter_name"`
	}
	var got struct {
		Arrived      any      `json:"arrived"`
		Loclist      []entry  `json:"loclist"`
		OtherLoclist []entry  `json:"other_loclist"`
		OtherRefused []string `json:"other_refused"`
	}
	runEditor(t, []string{
		"STREAM_LS_CMD=" + bin,
		"STREAM_LS_VIM_DIR=" + dir,
		"PROBE_DIR=" + f.dir,
	}, &got, "vim", "-N", "-u", "NONE", "-i", "NONE", "-es", "-S", filepath.Join(dir, "test", "probe.vim"))

	found := false
	for _, e := range got.Loclist {
		if fmt.Sprint(e.Code) == wantCode && e.LinterName == "stream-ls" && e.Type == "E" &&
			e.Lnum == f.line+1 && e.Col == f.col+1 && e.Text != "" {
			found = true
		}
	}
	if !found {
		t.Errorf("ALE shows no %s error at %d:%d: %+v", wantCode, f.line+1, f.col+1, got.Loclist)
	}
	if len(got.OtherLoclist) != 0 {
		t.Errorf("ALE linted other.yml with stream-ls: %+v", got.OtherLoclist)
	}
	if !slices.ContainsFunc(got.OtherRefused, func(s string) bool { return strings.Contains(s, "project root") }) {
		t.Errorf("ALE did not record that stream-ls declined other.yml (no project root): %q", got.OtherRefused)
	}
}

// TestJetBrainsTemplate checks the LSP4IJ template's shape as LSP4IJ's
// deserializer reads it (no IntelliJ runs here).
func TestJetBrainsTemplate(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("jetbrains", "lsp4ij-template", "stream-ls")
	decode := func(name string, v any) {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		if _, strict := v.(*map[string]any); !strict {
			dec.DisallowUnknownFields()
		}
		if err := dec.Decode(v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}

	var tmpl struct {
		ID          string            `json:"id"`
		Name        string            `json:"name"`
		ProgramArgs map[string]string `json:"programArgs"`
		FileTypes   []struct {
			FileType struct {
				// A name would also map the whole named file type (all
				// YAML); LSP4IJ creates both mappings when both are set.
				Name     *string  `json:"name"`
				Patterns []string `json:"patterns"`
			} `json:"fileType"`
			LanguageID string `json:"languageId"`
		} `json:"fileTypeMappings"`
		// Present would attach to every file of a language: refused below.
		LanguageMappings []any `json:"languageMappings"`
	}
	decode("template.json", &tmpl)
	if tmpl.ID != "stream-ls" || tmpl.Name == "" {
		t.Errorf("id %q, name %q; want id stream-ls and a name", tmpl.ID, tmpl.Name)
	}
	// LSP4IJ reads programArgs.default unconditionally.
	if !strings.HasPrefix(tmpl.ProgramArgs["default"], "stream-ls") {
		t.Errorf("programArgs.default = %q, want the stream-ls command", tmpl.ProgramArgs["default"])
	}
	if w := tmpl.ProgramArgs["windows"]; w != "" && !strings.HasPrefix(w, "stream-ls.exe") {
		t.Errorf("programArgs.windows = %q, want stream-ls.exe", w)
	}
	for k := range tmpl.ProgramArgs {
		if !slices.Contains([]string{"default", "windows", "mac", "unix"}, k) {
			t.Errorf("programArgs has unknown OS key %q", k)
		}
	}
	if len(tmpl.LanguageMappings) != 0 {
		t.Errorf("languageMappings would attach stream-ls to a whole language: %v", tmpl.LanguageMappings)
	}
	var patterns []string
	for _, m := range tmpl.FileTypes {
		if m.FileType.Name != nil {
			t.Errorf("fileType has name %q: LSP4IJ would map every file of that type, not just serverless files", *m.FileType.Name)
		}
		if m.LanguageID != "yaml" {
			t.Errorf("languageId %q, want yaml (LSP4IJ drops a mapping without one)", m.LanguageID)
		}
		patterns = append(patterns, m.FileType.Patterns...)
	}
	slices.Sort(patterns)
	if !slices.Equal(patterns, []string{"serverless.yaml", "serverless.yml"}) {
		t.Errorf("file name patterns = %q, want exactly serverless.yml and serverless.yaml", patterns)
	}

	// Companions: JSON objects LSP4IJ loads as they are.
	for _, name := range []string{"initializationOptions.json", "settings.json", "clientSettings.json"} {
		var m map[string]any
		decode(name, &m)
	}
	var inst map[string]any
	decode("installer.json", &inst)
	for _, k := range []string{"id", "name", "check", "run"} {
		if _, ok := inst[k]; !ok {
			t.Errorf("installer.json has no %q", k)
		}
	}
	if b, err := os.ReadFile(filepath.Join(dir, "README.md")); err != nil || !bytes.Contains(b, []byte("serverless.yml")) {
		t.Errorf("README.md (shown by LSP4IJ's dialog) missing or says nothing about serverless.yml: %v", err)
	}
}

// TestVSCodeExtension runs the extension's unit tests, then builds the
// platform .vsix with the freshly built server in it and checks what VS Code
// would install.
func TestVSCodeExtension(t *testing.T) {
	t.Parallel()
	ext, _ := filepath.Abs("vscode")
	_, err := os.Stat(filepath.Join(ext, "node_modules", ".bin", "vsce"))
	need(t, err == nil, "editors/vscode/node_modules is missing: run `npm ci` in editors/vscode")
	need(t, onPath("node"), "node not installed (Node 20 is needed)")
	bin := streamLS(t)

	// Work on a copy so the test never writes into the checkout (bin/,
	// dist/, out/) and can run alongside a developer's own builds.
	work := t.TempDir()
	for _, p := range []string{"package.json", "package-lock.json", "tsconfig.json", ".vscodeignore", "README.md", "src", "scripts"} {
		copyTree(t, filepath.Join(ext, p), filepath.Join(work, p))
	}
	if err := os.Symlink(filepath.Join(ext, "node_modules"), filepath.Join(work, "node_modules")); err != nil {
		t.Fatal(err)
	}
	run := func(name string, args ...string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, name, args...)
		cmd.Dir = work
		start := time.Now()
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		t.Logf("%s %s: %v", name, strings.Join(args, " "), time.Since(start).Round(time.Millisecond))
	}

	run("npm", "test")

	target := map[string]string{"amd64": "x64", "arm64": "arm64"}[runtime.GOARCH]
	goos := map[string]string{"linux": "linux", "darwin": "darwin", "windows": "win32"}[runtime.GOOS]
	need(t, target != "" && goos != "", "no VS Code target platform for "+runtime.GOOS+"/"+runtime.GOARCH)
	platform := goos + "-" + target
	vsix := filepath.Join(t.TempDir(), "stream-ls-"+platform+".vsix")
	run("node", "scripts/package-platform.mjs", platform, "--binary", bin, "--out", vsix)

	files := readZip(t, vsix)
	exe := "extension/bin/stream-ls"
	if goos == "win32" {
		exe += ".exe"
	}
	for _, name := range []string{"extension/package.json", "extension/dist/extension.js", "extension/readme.md", "extension.vsixmanifest", exe} {
		if _, ok := files[name]; !ok {
			t.Errorf("%s is not in the .vsix; it has %v", name, sortedKeys(files))
		}
	}
	for name := range files {
		for _, bad := range []string{"node_modules/", "/src/", ".ts", "/e2e/", ".map"} {
			if strings.Contains(name, bad) && !strings.HasSuffix(name, ".vsixmanifest") {
				t.Errorf("%s should not be in the .vsix (.vscodeignore)", name)
			}
		}
	}
	if f, ok := files[exe]; ok {
		if goos != "win32" && f.mode.Perm()&0o111 == 0 {
			t.Errorf("%s is not executable in the .vsix (mode %v); the extension runs it directly", exe, f.mode)
		}
		want, err := os.ReadFile(bin)
		if err != nil {
			t.Fatal(err)
		}
		if sha256.Sum256(f.data) != sha256.Sum256(want) {
			t.Errorf("%s is not the binary that was passed in", exe)
		}
	}
	if m := string(files["extension.vsixmanifest"].data); !strings.Contains(m, `TargetPlatform="`+platform+`"`) {
		t.Errorf("extension.vsixmanifest does not name TargetPlatform %q:\n%s", platform, m)
	}
	if js := string(files["extension/dist/extension.js"].data); !strings.Contains(js, "streamLs.restart") || strings.Contains(js, "require(\"vscode-languageclient") {
		t.Errorf("dist/extension.js is not the bundled extension (restart command missing or vscode-languageclient left external)")
	}

	// The manifest VS Code reads: activation, document scope, settings.
	var pkg struct {
		Main             string   `json:"main"`
		ActivationEvents []string `json:"activationEvents"`
		Contributes      struct {
			Commands []struct {
				Command string `json:"command"`
			} `json:"commands"`
			Configuration struct {
				Properties map[string]struct {
					Type    string `json:"type"`
					Default any    `json:"default"`
					Enum    []string
				} `json:"properties"`
			} `json:"configuration"`
		} `json:"contributes"`
	}
	if err := json.Unmarshal(files["extension/package.json"].data, &pkg); err != nil {
		t.Fatal(err)
	}
	if pkg.Main != "./dist/extension.js" {
		t.Errorf("main = %q", pkg.Main)
	}
	for _, ev := range []string{"workspaceContains:**/serverless.yml", "workspaceContains:**/serverless.yaml", "onLanguage:yaml"} {
		if !slices.Contains(pkg.ActivationEvents, ev) {
			t.Errorf("activationEvents %q lack %q", pkg.ActivationEvents, ev)
		}
	}
	if !slices.ContainsFunc(pkg.Contributes.Commands, func(c struct {
		Command string `json:"command"`
	}) bool {
		return c.Command == "streamLs.restart"
	}) {
		t.Errorf("no streamLs.restart command: %+v", pkg.Contributes.Commands)
	}
	props := pkg.Contributes.Configuration.Properties
	if p, ok := props["streamLs.server.path"]; !ok || p.Type != "string" {
		t.Errorf("streamLs.server.path setting missing or not a string: %+v", p)
	}
	if p, ok := props["streamLs.trace.server"]; !ok || !slices.Equal(p.Enum, []string{"off", "messages", "verbose"}) {
		t.Errorf("streamLs.trace.server setting missing or wrong values: %+v", p)
	}
	if p, ok := props["streamLs.settings"]; !ok || p.Type != "object" {
		t.Errorf("streamLs.settings setting missing or not an object: %+v", p)
	}
	// The document selector is in code; check the bundle carries it.
	if js := string(files["extension/dist/extension.js"].data); !strings.Contains(js, "**/serverless.{yml,yaml}") {
		t.Errorf("dist/extension.js has no **/serverless.{yml,yaml} document selector")
	}

	// The platform build must not leave its binary where the universal
	// .vsix would pick it up.
	if _, err := os.Stat(filepath.Join(work, "bin")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("package-platform.mjs left bin/ behind (%v)", err)
	}
}

type zipFile struct {
	mode os.FileMode
	data []byte
}

func readZip(t *testing.T, path string) map[string]zipFile {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	files := map[string]zipFile{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name] = zipFile{mode: f.Mode(), data: data}
	}
	return files
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, info.Mode().Perm())
	})
	if err != nil {
		t.Fatal(err)
	}
}
