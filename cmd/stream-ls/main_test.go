package main

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"testing"

	"github.com/stream-ls/stream-ls/lsp/lsptest"
)

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}, {"-version"}} {
		var out bytes.Buffer
		if code := run(args, env{stdout: &out, stderr: io.Discard}); code != 0 {
			t.Errorf("%v: exit code %d", args, code)
		}
		// A test binary has no release stamp and no module version.
		if out.String() != "stream-ls devel\n" {
			t.Errorf("%v printed %q, want %q", args, out.String(), "stream-ls devel\n")
		}
	}
}

func TestUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args       []string
		wantStderr string
	}{
		{[]string{"serve-forever"}, `unknown command "serve-forever"`},
		{[]string{"--log-level", "loud"}, `--log-level "loud"`},
		{[]string{"--port", "80"}, "flag provided but not defined: -port"},
		{[]string{"--log-file", filepath.Join(t.TempDir(), "no", "such", "dir", "log")}, "--log-file"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(tc.args, env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr})
		if code != 2 {
			t.Errorf("%v: exit code %d, want 2", tc.args, code)
		}
		if !strings.Contains(stderr.String(), tc.wantStderr) {
			t.Errorf("%v: stderr %q does not contain %q", tc.args, stderr.String(), tc.wantStderr)
		}
		if stdout.Len() != 0 {
			t.Errorf("%v: wrote %q to stdout", tc.args, stdout.String())
		}
	}
}

// lockedBuffer collects the server's stderr while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// pipeConn is the client's end of a server's stdin and stdout.
type pipeConn struct {
	io.Reader
	io.Writer
	closers []io.Closer
}

func (p pipeConn) Close() error {
	for _, c := range p.closers {
		_ = c.Close()
	}
	return nil
}

// TestServeOnStdio runs the default command in process, wired to pipes in
// place of stdin and stdout.
func TestServeOnStdio(t *testing.T) {
	// Unless the user tuned the collector, the server sets the process's
	// memory limit; the tests after this one get it back as it was.
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	limit := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(limit) })
	stdinR, stdinW := io.Pipe()
	stdoutR, stdoutW := io.Pipe()
	var stderr lockedBuffer
	trace := filepath.Join(t.TempDir(), "trace.log")
	exit := make(chan int, 1)
	go func() {
		exit <- run([]string{"--stdio", "--log-level", "debug", "--trace-file", trace},
			env{stdin: stdinR, stdout: stdoutW, stderr: &stderr, analyze: fakeAnalyze})
	}()
	c := lsptest.Connect(t, pipeConn{Reader: stdoutR, Writer: stdinW, closers: []io.Closer{stdinW, stdoutR}}, exit)

	if info := c.Initialize().ServerInfo; info == nil || info.Name != "stream-ls" || info.Version != "devel" {
		t.Errorf("serverInfo = %+v, want stream-ls devel", info)
	}
	const uri = "file:///app/serverless.yml"
	c.Open(uri, 1, "bad")
	if ds := c.WaitDiagnostics(uri, 1); len(ds) != 1 || ds[0].Code != "test-bad" {
		t.Errorf("diagnostics = %+v, want one test-bad", ds)
	}
	if got := debug.SetMemoryLimit(-1); got == math.MaxInt64 || got < 64<<20 {
		t.Errorf("memory limit %d after opening a document, want the server's budget (at least 64 MiB)", got)
	}
	c.Shutdown()
	c.Exit()
	if code := c.WaitExit(); code != 0 {
		t.Errorf("exit code %d, want 0", code)
	}
	for _, want := range []string{"stream-ls starting", "DEBUG", "textDocument/didOpen"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr does not contain %q:\n%s", want, stderr.String())
		}
	}
	if data, err := os.ReadFile(trace); err != nil || !strings.Contains(string(data), "textDocument/publishDiagnostics") {
		t.Errorf("trace file (err %v) does not show the diagnostics sent:\n%s", err, data)
	}
}

// TestBinary builds the real command and checks what only a process shows:
// the version stamp, exit statuses, and that stdout carries nothing but the
// protocol (any stray byte there would break the client's framing).
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build with")
	}
	bin := filepath.Join(t.TempDir(), "stream-ls")
	build := exec.Command(goTool, "build", "-o", bin, "-ldflags", "-X main.version=v9.8.7-test", ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	for _, args := range [][]string{{"version"}, {"--version"}} {
		out, err := exec.Command(bin, args...).Output()
		if err != nil || string(out) != "stream-ls v9.8.7-test\n" {
			t.Errorf("stream-ls %v = %q, %v; want %q", args[0], out, err, "stream-ls v9.8.7-test\n")
		}
	}

	for _, tc := range []struct {
		name string
		end  func(c *lsptest.Client)
		want int
	}{
		{"exit after shutdown", func(c *lsptest.Client) { c.Shutdown(); c.Exit() }, 0},
		{"exit without shutdown", func(c *lsptest.Client) { c.Exit() }, 1},
		{"stdin closed without shutdown", func(c *lsptest.Client) { c.Disconnect() }, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			logFile := filepath.Join(t.TempDir(), "stream-ls.log")
			c := startBinary(t, bin, "--stdio", "--log-level", "debug", "--log-file", logFile)
			if info := c.Initialize().ServerInfo; info == nil || info.Version != "v9.8.7-test" {
				t.Errorf("serverInfo = %+v, want version v9.8.7-test", info)
			}
			c.Open("file:///app/serverless.yml", 1, "service: x\n")
			c.WaitDiagnostics("file:///app/serverless.yml", 1)
			tc.end(c)
			if got := c.WaitExit(); got != tc.want {
				t.Errorf("exit status %d, want %d", got, tc.want)
			}
			assertJSONLog(t, logFile)
		})
	}
}

// startBinary runs bin as an LSP server and connects a client to it.
func startBinary(t *testing.T, bin string, args ...string) *lsptest.Client {
	t.Helper()
	stdinR, stdinW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stdoutR, stdoutW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdinR, stdoutW, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The child has its own copies; ours would keep the pipes open.
	stdinR.Close()
	stdoutW.Close()
	exit := make(chan int, 1)
	go func() {
		_ = cmd.Wait()
		exit <- cmd.ProcessState.ExitCode()
	}()
	return lsptest.Connect(t, pipeConn{Reader: stdoutR, Writer: stdinW, closers: []io.Closer{stdinW, stdoutR}}, exit)
}

func assertJSONLog(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) < 2 {
		t.Fatalf("log file has %d lines:\n%s", len(lines), data)
	}
	for _, line := range lines {
		var entry map[string]any
		if err := json.Unmarshal([]byte(line), &entry); err != nil || entry["msg"] == nil {
			t.Errorf("log line is not a JSON log entry: %s", line)
		}
	}
}
