// Command stream-ls checks the stream events (Kinesis and DynamoDB) of
// Serverless Framework serverless.yml files, as a language server for
// editors or as a linter for CI.
//
// Usage:
//
//	stream-ls [--log-level L] [--log-file F] [--trace-file F] [--stdio]
//	stream-ls check [--format text|json|sarif] [--config FILE]
//	                [--filter-pattern-quota N] [--rule ID=SEVERITY]... PATH...
//	stream-ls version
//
// Without a subcommand it serves LSP on stdin and stdout. Logs go to stderr
// (and to --log-file if given), never to stdout, which carries the protocol.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"syscall"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/lsp"
)

// version is set at release time: -ldflags "-X main.version=v1.2.3".
var version string

func main() {
	// The runtime samples one allocation per 512 KiB for heap profiles
	// and keeps what it samples for the life of the process, 1.5 MB at
	// 5,000 functions, under the memory limit the server sets. Only
	// --memprofile reads them, and turns sampling back on.
	runtime.MemProfileRate = 0
	os.Exit(run(os.Args[1:], env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}))
}

// env is the process's outside world, injected so tests can run the command
// as a function.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	// analyze replaces the analysis, for tests; nil means the analysis
	// with the user's settings.
	analyze func(text string) []diag.Diagnostic
}

// Exit codes shared by every mode; lsp.Serve returns 0 or 1 itself.
const (
	exitOK    = 0
	exitFound = 1 // check found an error; or LSP exit without shutdown
	exitUsage = 2 // bad arguments or unreadable input
)

const usage = `Usage:
  stream-ls [flags]                                   serve LSP on stdin/stdout
  stream-ls check [--format text|json|sarif] PATH...  check files or directories
                  (stream-ls check --help: settings flags)
  stream-ls version                                   print the version

Flags:
`

func run(args []string, e env) int {
	fs := flag.NewFlagSet("stream-ls", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprint(e.stderr, usage)
		fs.PrintDefaults()
	}
	logLevel := fs.String("log-level", "info", "log `level`: debug, info, warn or error")
	logFile := fs.String("log-file", "", "also write logs, as JSON lines, to `file`")
	traceFile := fs.String("trace-file", "", "write every LSP message to `file`")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the session to `file` (for performance work)")
	memProfile := fs.String("memprofile", "", "write a heap profile to `file` when the session ends (for performance work)")
	showVersion := fs.Bool("version", false, "print the version and exit")
	// Editors' LSP clients (vscode-languageclient, for one) append --stdio.
	fs.Bool("stdio", false, "accepted and ignored: stdin/stdout is the only transport")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}

	if *showVersion {
		return printVersion(e.stdout)
	}
	if fs.NArg() > 0 {
		switch cmd, rest := fs.Arg(0), fs.Args()[1:]; cmd {
		case "version":
			return printVersion(e.stdout)
		case "check":
			return runCheck(rest, e.stdout, e.stderr, e.analyze)
		default:
			fmt.Fprintf(e.stderr, "stream-ls: unknown command %q\n", cmd)
			fs.Usage()
			return exitUsage
		}
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintf(e.stderr, "stream-ls: %v\n", err)
			return exitUsage
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(e.stderr, "stream-ls: --cpuprofile: %v\n", err)
			return exitUsage
		}
		defer pprof.StopCPUProfile()
	}
	if *memProfile != "" {
		f, err := os.Create(*memProfile)
		if err != nil {
			fmt.Fprintf(e.stderr, "stream-ls: %v\n", err)
			return exitUsage
		}
		defer f.Close()
		// One sample per 64 KiB allocated, not the default 512 KiB, so
		// that the profile shows a session's smaller structures too.
		runtime.MemProfileRate = 64 << 10
		defer func() {
			// The heap as the session left it: the documents still open
			// at exit are the live set worth seeing.
			runtime.GC()
			if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
				fmt.Fprintf(e.stderr, "stream-ls: --memprofile: %v\n", err)
			}
		}()
	}
	return serve(e, *logLevel, *logFile, *traceFile)
}

func printVersion(w io.Writer) int {
	fmt.Fprintf(w, "stream-ls %s\n", resolveVersion())
	return exitOK
}

// resolveVersion prefers the release stamp, then the module version that
// `go install ...@v1.2.3` records, and admits to a development build
// otherwise.
func resolveVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

func serve(e env, logLevel, logFile, traceFile string) int {
	log, closeLog, err := newLogger(e.stderr, logLevel, logFile)
	if err != nil {
		fmt.Fprintf(e.stderr, "stream-ls: %v\n", err)
		return exitUsage
	}
	defer closeLog()

	opts := lsp.Options{Logger: log, Version: resolveVersion(), Analyze: e.analyze}
	if traceFile != "" {
		f, err := os.Create(traceFile)
		if err != nil {
			fmt.Fprintf(e.stderr, "stream-ls: %v\n", err)
			return exitUsage
		}
		defer f.Close()
		opts.Trace = f
	}

	// The server sets a soft memory limit from what the open documents
	// need (lsp.Options.MemoryBudget), unless the user tuned the collector
	// with GOGC or GOMEMLIMIT. It did not pay while each keystroke copied
	// the 6 MB text of a 5,000-function file: a limit of 64 to 96 MiB
	// made the collector run almost without pause and edits two to three
	// times slower. With the text in chunks a keystroke makes 0.8 MB of
	// garbage, and the limit costs no measurable edit latency.
	opts.MemoryBudget = os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == ""

	// An editor that quits without shutdown usually just closes stdin, but
	// a signal must also end the server cleanly.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log.Info("stream-ls starting", zap.String("version", opts.Version), zap.Int("pid", os.Getpid()))
	return lsp.Serve(ctx, stdio{in: e.stdin, out: e.stdout}, opts)
}

// stdio joins stdin and stdout into the stream lsp.Serve wants.
type stdio struct {
	in  io.Reader
	out io.Writer
}

func (s stdio) Read(p []byte) (int, error)  { return s.in.Read(p) }
func (s stdio) Write(p []byte) (int, error) { return s.out.Write(p) }

// Close closes stdin so the reader sees the end of input where the reader
// supports that (a pipe in tests); stdout stays open for the process to
// flush.
func (s stdio) Close() error {
	if c, ok := s.in.(io.Closer); ok {
		return c.Close()
	}
	return nil
}

// newLogger logs to stderr in a human-readable form and, given a file, also
// as JSON lines there, for attaching to bug reports.
func newLogger(stderr io.Writer, level, file string) (*zap.Logger, func(), error) {
	var lvl zapcore.Level
	switch level {
	case "debug", "info", "warn", "error":
		_ = lvl.UnmarshalText([]byte(level))
	default:
		return nil, nil, fmt.Errorf("--log-level %q: want debug, info, warn or error", level)
	}
	cores := []zapcore.Core{zapcore.NewCore(
		zapcore.NewConsoleEncoder(zap.NewDevelopmentEncoderConfig()),
		zapcore.Lock(zapcore.AddSync(stderr)), lvl)}
	closeLog := func() {}
	if file != "" {
		f, err := os.OpenFile(file, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			return nil, nil, fmt.Errorf("--log-file: %w", err)
		}
		cores = append(cores, zapcore.NewCore(
			zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.Lock(f), lvl))
		closeLog = func() { _ = f.Close() }
	}
	log := zap.New(zapcore.NewTee(cores...))
	return log, func() { _ = log.Sync(); closeLog() }, nil
}
