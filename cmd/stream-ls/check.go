package main

import (
	"cmp"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/stream-ls/stream-ls/analysis"
	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/document"
)

// skipDirs are never searched: dependencies, VCS data and the framework's
// own build output, which holds generated copies of the config.
var skipDirs = map[string]bool{"node_modules": true, ".git": true, ".serverless": true}

// runCheck is `stream-ls check`. It returns 1 if any error-severity
// diagnostic was found, 2 for bad arguments or unreadable input (after
// checking everything it could read), 0 otherwise. A nil analyze is the
// analysis with the settings of the config file and flags.
func runCheck(args []string, stdout, stderr io.Writer, analyze func(string) []diag.Diagnostic) int {
	fset := flag.NewFlagSet("stream-ls check", flag.ContinueOnError)
	fset.SetOutput(stderr)
	format := fset.String("format", "text", "output `format`: text, json or sarif")
	settingsFlags := addSettingsFlags(fset)
	fset.Usage = func() {
		fmt.Fprint(stderr, "Usage: stream-ls check [--format text|json|sarif] [--config FILE] [--filter-pattern-quota N] [--rule ID=SEVERITY]... PATH...\n\n"+
			"Checks files, and the serverless.yml and serverless.yaml files under directories.\n\n")
		fset.PrintDefaults()
	}
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if *format != "text" && *format != "json" && *format != "sarif" {
		fmt.Fprintf(stderr, "stream-ls check: unknown format %q: want text, json or sarif\n", *format)
		return exitUsage
	}
	if fset.NArg() == 0 {
		fset.Usage()
		return exitUsage
	}
	st, err := settingsFlags.load(stderr)
	if err != nil {
		fmt.Fprintf(stderr, "stream-ls check: %v\n", err)
		return exitUsage
	}
	if analyze == nil {
		analyze = func(text string) []diag.Diagnostic { return analysis.AnalyzeConfigured(text, st).Diagnostics }
	}

	files, ok := collectFiles(fset.Args(), stderr)
	var results []fileResult
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintf(stderr, "stream-ls check: %v\n", err)
			ok = false
			continue
		}
		text := string(data)
		ds := slices.Clone(analyze(text))
		slices.SortStableFunc(ds, func(a, b diag.Diagnostic) int {
			return cmp.Or(cmp.Compare(a.Span.Start, b.Span.Start), cmp.Compare(a.Span.End, b.Span.End),
				cmp.Compare(a.Rule, b.Rule))
		})
		results = append(results, fileResult{name: name, mapper: document.NewMapper(text), diags: ds})
	}

	switch *format {
	case "json":
		err = writeJSON(stdout, results)
	case "sarif":
		err = writeSARIF(stdout, results)
	default:
		err = writeText(stdout, results)
	}
	if err != nil {
		fmt.Fprintf(stderr, "stream-ls check: %v\n", err)
		return exitUsage
	}

	switch {
	case !ok:
		return exitUsage
	case hasErrors(results):
		return exitFound
	}
	return exitOK
}

type fileResult struct {
	name   string
	mapper *document.Mapper
	diags  []diag.Diagnostic
}

// collectFiles expands the arguments: a file is checked whatever its name
// (the user named it), a directory contributes its serverless files. ok is
// false if an argument could not be read or a directory held no serverless
// file, which in CI almost always means a wrong path rather than a clean
// project.
func collectFiles(args []string, stderr io.Writer) (files []string, ok bool) {
	ok = true
	for _, arg := range args {
		info, err := os.Stat(arg)
		if err != nil {
			fmt.Fprintf(stderr, "stream-ls check: %v\n", err)
			ok = false
			continue
		}
		if !info.IsDir() {
			files = append(files, arg)
			continue
		}
		found := 0
		err = filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				fmt.Fprintf(stderr, "stream-ls check: %v\n", err)
				ok = false
				return nil // WalkDir skips what it could not read
			}
			if d.IsDir() {
				if path != arg && skipDirs[d.Name()] {
					return filepath.SkipDir
				}
				return nil
			}
			if analysis.IsServerlessFile(d.Name()) {
				files = append(files, path)
				found++
			}
			return nil
		})
		if err != nil {
			fmt.Fprintf(stderr, "stream-ls check: %v\n", err)
			ok = false
		} else if found == 0 {
			fmt.Fprintf(stderr, "stream-ls check: no serverless.yml or serverless.yaml under %s\n", arg)
			ok = false
		}
	}
	return files, ok
}

func hasErrors(results []fileResult) bool {
	for _, r := range results {
		for _, d := range r.diags {
			if d.Severity == diag.Error {
				return true
			}
		}
	}
	return false
}

// writeText prints one line per diagnostic in the file:line:col form that
// compilers use, so editors and terminals turn it into a link. Columns are
// 1-based UTF-16 units, which is what editors display for nearly all text.
func writeText(w io.Writer, results []fileResult) error {
	for _, r := range results {
		for _, d := range r.diags {
			p := r.mapper.OffsetPosition(d.Span.Start)
			line := fmt.Sprintf("%s:%d:%d: %s: %s", r.name, p.Line+1, p.Character+1, d.Severity, d.Message)
			if d.Rule != "" {
				line += " [" + d.Rule + "]"
			}
			if _, err := fmt.Fprintln(w, line); err != nil {
				return err
			}
		}
	}
	return nil
}

// jsonDiagnostic is one element of the JSON output. Its range is an LSP
// range (0-based, UTF-16) so tools can hand it to editors unchanged.
type jsonDiagnostic struct {
	File     string    `json:"file"`
	Range    jsonRange `json:"range"`
	Severity string    `json:"severity"`
	Code     string    `json:"code"`
	Message  string    `json:"message"`
	Href     string    `json:"href"`
}

// document.Range carries no JSON tags: analysis types are not a wire format.
type jsonRange struct {
	Start jsonPosition `json:"start"`
	End   jsonPosition `json:"end"`
}

type jsonPosition struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

func toJSONRange(r document.Range) jsonRange {
	return jsonRange{
		Start: jsonPosition{Line: r.Start.Line, Character: r.Start.Character},
		End:   jsonPosition{Line: r.End.Line, Character: r.End.Character},
	}
}

func writeJSON(w io.Writer, results []fileResult) error {
	out := []jsonDiagnostic{} // an empty result is [], not null
	for _, r := range results {
		for _, d := range r.diags {
			out = append(out, jsonDiagnostic{
				File:     r.name,
				Range:    toJSONRange(r.mapper.SpanRange(d.Span)),
				Severity: d.Severity.String(),
				Code:     d.Rule,
				Message:  d.Message,
				Href:     d.Href,
			})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // messages quote YAML such as "<= 10000" verbatim
	return enc.Encode(out)
}
