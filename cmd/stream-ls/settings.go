package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/stream-ls/stream-ls/analysis/settings"
)

// defaultConfigFiles are looked for in the current directory, in this
// order, when --config is not given: a repository keeps its stream-ls
// settings next to the CI job that runs `stream-ls check`.
var defaultConfigFiles = []string{".stream-ls.yml", ".stream-ls.yaml", ".stream-ls.json"}

// settingsFlags are the flags of `check` that configure the analysis, with
// the same settings an editor sends to the language server.
type settingsFlags struct {
	config string
	quota  int
	rules  map[string]string
}

func addSettingsFlags(fset *flag.FlagSet) *settingsFlags {
	f := &settingsFlags{rules: map[string]string{}}
	fset.StringVar(&f.config, "config", "", "read settings from `file` (JSON or YAML; default: "+strings.Join(defaultConfigFiles, ", ")+" in the current directory)")
	fset.Func("filter-pattern-quota", "the account's filter patterns per event source mapping (`n`; AWS's default is 5)", func(v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return errors.New("want a whole number of at least 1")
		}
		f.quota = n
		return nil
	})
	fset.Func("rule", "set a rule's severity: `id=severity`, severity one of error, warning, information, hint, off (repeatable)", func(v string) error {
		id, sev, ok := strings.Cut(v, "=")
		if !ok {
			return errors.New("want id=severity, such as stream-unknown-key=off")
		}
		if problem := settings.CheckRule(id, sev); problem != "" {
			return errors.New(strings.TrimSuffix(problem, "; its setting is ignored"))
		}
		f.rules[id] = sev
		return nil
	})
	return f
}

// load returns the settings: the config file's, with the flags over them.
// A config file that cannot be read or is not a settings object is an
// error; entries in it that are wrong are reported on stderr and left out,
// as the language server does.
func (f *settingsFlags) load(stderr io.Writer) (settings.Settings, error) {
	var s settings.Settings
	name, data, err := f.readConfig()
	if err != nil {
		return s, err
	}
	if name != "" {
		var problems, unknown []string
		s, problems, unknown, err = settings.Decode(data)
		if err != nil {
			return s, fmt.Errorf("%s: %w", name, err)
		}
		for _, p := range problems {
			fmt.Fprintf(stderr, "stream-ls check: %s: %s\n", name, p)
		}
		sort.Strings(unknown)
		for _, k := range unknown {
			fmt.Fprintf(stderr, "stream-ls check: %s: unknown setting %q ignored\n", name, k)
		}
	}
	flags := settings.Settings{FilterPatternQuota: f.quota}
	if len(f.rules) > 0 {
		flags.Rules = f.rules
	}
	return s.Overlay(flags), nil
}

// readConfig reads the --config file, or the first default one present.
// name is "" when there is none.
func (f *settingsFlags) readConfig() (name string, data []byte, err error) {
	if f.config != "" {
		data, err := os.ReadFile(f.config)
		return f.config, data, err
	}
	for _, name := range defaultConfigFiles {
		data, err := os.ReadFile(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		return name, data, err
	}
	return "", nil, nil
}
