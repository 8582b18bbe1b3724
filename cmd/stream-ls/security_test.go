package main

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stream-ls/stream-ls/lsp/lsptest"
)

// stream-ls edits nothing and talks to no one: it never runs a program,
// never opens a network connection, reads no file on a document's behalf,
// and writes no file but the log (and the wire trace) the user names on the
// command line. The command's own `check` reads the paths it is given.
// These tests hold every source file linked into the binary to that, and
// run the binary to see that its logs keep documents to themselves.

// allowedCalls lists, per source file (relative to the module root), the
// file-system calls it may make and why.
var allowedCalls = map[string]map[string]string{
	"cmd/stream-ls/main.go": {
		"os.OpenFile": "--log-file",
		"os.Create":   "--trace-file",
	},
	"cmd/stream-ls/sarif.go": {
		"filepath.Abs": "stream-ls check --format sarif names the files it checked by absolute path",
	},
	"cmd/stream-ls/settings.go": {
		"os.ReadFile":    "stream-ls check reads the settings file named by --config, or .stream-ls.yml/.yaml/.json in the current directory",
		"fs.ErrNotExist": "not a call",
	},
	"cmd/stream-ls/check.go": {
		"os.ReadFile":        "stream-ls check reads the files it is given",
		"os.Stat":            "stream-ls check tells files from directories",
		"filepath.WalkDir":   "stream-ls check searches the directories it is given",
		"filepath.SkipDir":   "not a call: WalkDir's signal",
		"fs.DirEntry":        "not a call: WalkDir's type",
		"fs.SkipDir":         "not a call: WalkDir's signal",
		"os.ErrNotExist":     "not a call",
		"fs.ErrNotExist":     "not a call",
		"os.PathSeparator":   "not a call",
		"filepath.Separator": "not a call",
	},
}

// forbiddenImports may not be imported by any source of the binary.
var forbiddenImports = map[string]string{
	"os/exec":    "runs programs",
	"plugin":     "loads code",
	"net":        "opens connections",
	"net/http":   "opens connections",
	"net/rpc":    "opens connections",
	"net/smtp":   "opens connections",
	"io/ioutil":  "reads and writes files",
	"crypto/tls": "opens connections",
}

// forbiddenCalls are package members no source may use unless
// allowedCalls lets it.
var forbiddenCalls = map[string][]string{
	"os": {"StartProcess", "Create", "CreateTemp", "WriteFile", "OpenFile", "Open", "ReadFile", "ReadDir", "Stat", "Lstat",
		"Mkdir", "MkdirAll", "MkdirTemp", "Remove", "RemoveAll", "Rename", "Symlink", "Link", "Chmod", "Chown", "Lchown",
		"Truncate", "Chtimes", "DirFS", "Chdir", "Readlink"},
	"syscall":             {"Exec", "ForkExec", "StartProcess", "Socket", "Connect", "Open", "Openat", "Creat", "Mkdir", "Unlink", "Rename"},
	"path/filepath":       {"Walk", "WalkDir", "Glob", "EvalSymlinks", "Abs"},
	"io/fs":               {"WalkDir", "ReadFile", "ReadDir", "Glob", "Stat", "Sub"},
	"go.lsp.dev/jsonrpc2": {"ListenAndServe", "Serve", "NewServer", "NetListener", "NetPipe"},
	"go.uber.org/zap":     {"Open", "RegisterSink", "NewProduction", "NewDevelopment", "NewExample", "NewProductionConfig", "NewDevelopmentConfig"},
}

// violations scans one source file.
func violations(fset *token.FileSet, rel string, file *ast.File) []string {
	var out []string
	names := map[string]string{} // local name → import path
	for _, imp := range file.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		if why, bad := forbiddenImports[path]; bad || strings.HasPrefix(path, "net/http/") {
			out = append(out, fmt.Sprintf("%s:%d: imports %s, which %s", rel, fset.Position(imp.Pos()).Line, path, why))
		}
		name := path[strings.LastIndex(path, "/")+1:]
		if imp.Name != nil {
			name = imp.Name.Name
		}
		names[name] = path
	}
	ast.Inspect(file, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		pkg, ok := sel.X.(*ast.Ident)
		if !ok || names[pkg.Name] == "" {
			return true
		}
		path := names[pkg.Name]
		for _, member := range forbiddenCalls[path] {
			if sel.Sel.Name != member {
				continue
			}
			use := pkg.Name + "." + member
			if _, ok := allowedCalls[rel][use]; !ok {
				out = append(out, fmt.Sprintf("%s:%d: uses %s (%s.%s)", rel, fset.Position(sel.Pos()).Line, use, path, member))
			}
		}
		return true
	})
	return out
}

// binarySources lists the module's non-test Go files that go into the
// binary, relative to the module root.
func binarySources(t *testing.T) (root string, files []string) {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to list the binary's packages")
	}
	out, err := exec.Command(goTool, "list", "-deps", "-json=Dir,GoFiles,Module", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p struct {
			Dir     string
			GoFiles []string
			Module  *struct {
				Path string
				Dir  string
				Main bool
			}
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		if p.Module == nil || !p.Module.Main {
			continue
		}
		root = p.Module.Dir
		for _, f := range p.GoFiles {
			rel, _ := filepath.Rel(root, filepath.Join(p.Dir, f))
			files = append(files, filepath.ToSlash(rel))
		}
	}
	sort.Strings(files)
	return root, files
}

func TestSourcesRunNoProgramOpenNoConnectionAndTouchNoFile(t *testing.T) {
	root, files := binarySources(t)
	if len(files) < 20 {
		t.Fatalf("found only %d source files of the binary: %v", len(files), files)
	}
	fset := token.NewFileSet()
	for _, rel := range files {
		file, err := parser.ParseFile(fset, filepath.Join(root, rel), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range violations(fset, rel, file) {
			t.Error(v)
		}
	}
}

// TestViolationsAreFound keeps the scan honest: a file that does each
// forbidden thing is caught, and an allowed call is let through only where
// it is allowed.
func TestViolationsAreFound(t *testing.T) {
	src := `package x
import (
	"os"
	osexec "os/exec"
	"net/http"
	fp "path/filepath"
	"go.lsp.dev/jsonrpc2"
)
func f() {
	osexec.Command("sh")
	http.Get("https://example.com")
	os.WriteFile("x", nil, 0o600)
	os.OpenFile("log", 0, 0)
	fp.WalkDir(".", nil)
	jsonrpc2.ListenAndServe(nil, "tcp", ":0", nil, 0)
	os.Getenv("HOME")
}
`
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "x.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(violations(fset, "cmd/stream-ls/main.go", file), "\n")
	for _, want := range []string{"imports os/exec", "imports net/http", "uses os.WriteFile", "uses fp.WalkDir", "uses jsonrpc2.ListenAndServe"} {
		if !strings.Contains(got, want) {
			t.Errorf("the scan missed %q; it found:\n%s", want, got)
		}
	}
	for _, allowed := range []string{"os.OpenFile", "os.Getenv"} {
		if strings.Contains(got, allowed) {
			t.Errorf("the scan flags %s, which main.go may use:\n%s", allowed, got)
		}
	}
}

// TestLogsKeepDocumentsToThemselves runs the binary on a document holding a
// secret, through opening, editing, failing edits, malformed messages that
// carry it, hovers and completions, and requires that neither the log file
// nor stderr ever shows it. Debug level logs more than the default info
// level (URIs and method names, which are not document text); neither may
// hold document text.
func TestLogsKeepDocumentsToThemselves(t *testing.T) {
	const secret = "AKIA5EKR1TV4LUE0000X"
	doc := strings.Replace(baseDoc, "probe: 1", "probe: "+secret, 1)
	for _, level := range []string{"info", "debug"} {
		t.Run(level, func(t *testing.T) {
			logFile := filepath.Join(t.TempDir(), "stream-ls.log")
			s := startSession(t, "--log-level", level, "--log-file", logFile)
			s.Initialize()
			s.Open(docURI, 1, doc)
			s.WaitDiagnostics(docURI, 1)
			s.Change(docURI, 2, lsptest.Replace(0, 0, 0, 0, "# "+secret+"\n"))
			s.WaitDiagnostics(docURI, 2)
			s.Change(docURI, 1, lsptest.Replace(0, 0, 0, 0, secret)) // stale
			s.Change(docURI, 3, lsptest.Replace(4, 0, 1, 0, secret)) // backwards
			s.Change("file:///elsewhere/serverless.yml", 3, lsptest.Replace(0, 0, 0, 0, secret))
			s.WaitShowMessage()
			// Broken messages whose text the server cannot even decode.
			s.raw(framed(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"text":"` + secret))
			s.raw(framed(`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"contentChanges":[{"text":"` + secret + `"}],"textDocument":7}}`))
			body := fmt.Sprintf(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"untitled:x","version":1,"text":"%s"}}}`, secret)
			s.raw(fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body)/2, body)) // the rest is read as headers
			s.Hover(docURI, 11, 12)
			s.Completion(docURI, 11, 12)
			s.Open("untitled:Untitled-1", 1, secret)
			s.Close(docURI)
			s.WaitCleared(docURI)
			s.Shutdown()
			s.Exit()
			if code := s.WaitExit(); code != 0 {
				t.Errorf("exit status %d, want 0", code)
			}

			data, err := os.ReadFile(logFile)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(data), "stream-ls starting") || !strings.Contains(s.stderr.String(), "stream-ls starting") {
				t.Fatalf("the log file or stderr lacks the start message; the test cannot see what it checks:\n%s", data)
			}
			for where, text := range map[string]string{"the log file": string(data), "stderr": s.stderr.String()} {
				for _, line := range strings.Split(text, "\n") {
					if strings.Contains(line, secret) || strings.Contains(line, secret[:12]) {
						t.Errorf("%s holds document text: %s", where, line)
					}
				}
			}
		})
	}
}

// TestServerHoldsNoSocketOrStrayFile looks at the running server's open
// file descriptors (Linux only): its pipes, its log file, and the runtime's
// own event descriptors, but no socket and no other file.
func TestServerHoldsNoSocketOrStrayFile(t *testing.T) {
	logFile := filepath.Join(t.TempDir(), "stream-ls.log")
	s := startSession(t, "--log-file", logFile)
	fdDir := fmt.Sprintf("/proc/%d/fd", s.cmd.Process.Pid)
	if _, err := os.Stat(fdDir); err != nil {
		t.Skip("no /proc to read open files from")
	}
	s.Initialize()
	s.open()
	s.checkIntact()

	entries, err := os.ReadDir(fdDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		target, err := os.Readlink(filepath.Join(fdDir, e.Name()))
		if err != nil {
			continue // closed meanwhile
		}
		switch {
		case strings.HasPrefix(target, "pipe:"), strings.HasPrefix(target, "anon_inode:"), target == "/dev/null", target == logFile,
			strings.HasPrefix(target, "/sys/fs/cgroup/"): // the runtime reads its CPU quota
		default:
			t.Errorf("the server holds file descriptor %s open on %s", e.Name(), target)
		}
	}
	s.Shutdown()
	s.Exit()
	s.WaitExit()
}
