// Package settings is what a team can tune in stream-ls without forking
// it: the filter-pattern quota of its AWS account, the severity of each
// rule (or turning it off), and the validation mode to assume when a file
// does not set configValidationMode. The same settings come from an
// editor (LSP initializationOptions and workspace configuration) and from
// `stream-ls check` (a config file and flags); this package reads them and
// applies them to diagnostics, and knows nothing of where they came from.
package settings

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/diag"
)

// Settings are the user's choices; the zero value means the defaults. The
// JSON names are the keys users write, in the editor's settings and in
// .stream-ls.yml.
type Settings struct {
	// FilterPatternQuota is the number of filter patterns per event source
	// mapping that the account may use; 0 means AWS's default, 5.
	FilterPatternQuota int `json:"filterPatternQuota,omitempty"`
	// Rules maps a rule ID to "error", "warning", "information", "hint" or
	// "off", overriding the rule's own severity.
	Rules map[string]string `json:"rules,omitempty"`
	// ValidationMode is the framework's configValidationMode ("error",
	// "warn" or "off") to assume for a file that does not set one; ""
	// means the framework's default, warn.
	ValidationMode string `json:"validationMode,omitempty"`
}

// Off is the Rules value that turns a rule off.
const Off = "off"

// ValidationModes are the values of configValidationMode the framework
// accepts.
var ValidationModes = []string{"error", "warn", "off"}

// Decode reads settings written as JSON or YAML (an object with the keys of
// Settings). Entries that are wrong are left out and described in
// problems, each a sentence for the user, so that one typo costs that
// entry, not all settings; keys this version does not know are listed in
// unknown, since a newer stream-ls may know them. err is set only when
// data is not an object at all.
func Decode(data []byte) (s Settings, problems, unknown []string, err error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return Settings{}, nil, nil, fmt.Errorf("settings are not valid JSON or YAML: %w", err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return Settings{}, nil, nil, nil // empty input: the defaults
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return Settings{}, nil, nil, nil
	}
	if root.Kind != yaml.MappingNode {
		return Settings{}, nil, nil, fmt.Errorf("settings must be an object with the keys filterPatternQuota, rules and validationMode")
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, value := root.Content[i].Value, root.Content[i+1]
		switch key {
		case "filterPatternQuota":
			s.FilterPatternQuota, problems = decodeQuota(value, problems)
		case "rules":
			s.Rules, problems = decodeRules(value, problems)
		case "validationMode":
			s.ValidationMode, problems = decodeMode(value, problems)
		default:
			unknown = append(unknown, key)
		}
	}
	return s, problems, unknown, nil
}

func decodeQuota(n *yaml.Node, problems []string) (int, []string) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return 0, problems
	}
	q, err := strconv.Atoi(n.Value)
	if n.Kind != yaml.ScalarNode || err != nil || q < 1 {
		return 0, append(problems, fmt.Sprintf("filterPatternQuota must be a whole number of at least 1, not %s; using AWS's default of %d",
			describe(n), catalog.FilterPatternsDefaultQuota))
	}
	return q, problems
}

func decodeRules(n *yaml.Node, problems []string) (map[string]string, []string) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil, problems
	}
	if n.Kind != yaml.MappingNode {
		return nil, append(problems, "rules must map rule IDs to error, warning, information, hint or off, not "+describe(n))
	}
	out := map[string]string{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		id, v := n.Content[i].Value, n.Content[i+1]
		if v.Kind != yaml.ScalarNode {
			problems = append(problems, fmt.Sprintf("rules.%s must be error, warning, information, hint or off, not %s", id, describe(v)))
			continue
		}
		if p := CheckRule(id, v.Value); p != "" {
			problems = append(problems, p)
			continue
		}
		out[id] = normalSeverity(v.Value)
	}
	return out, problems
}

func decodeMode(n *yaml.Node, problems []string) (string, []string) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return "", problems
	}
	if n.Kind != yaml.ScalarNode || !isValidationMode(n.Value) {
		return "", append(problems, "validationMode must be error, warn or off, not "+describe(n))
	}
	return n.Value, problems
}

func isValidationMode(s string) bool {
	for _, m := range ValidationModes {
		if s == m {
			return true
		}
	}
	return false
}

// CheckRule returns what is wrong with the setting `id: value` of Rules, or
// "" when it is valid. An unknown ID gets a suggestion.
func CheckRule(id, value string) string {
	if _, ok := catalog.Lookup(id); !ok {
		msg := fmt.Sprintf("%q is not a stream-ls rule", id)
		if s, ok := catalog.ClosestName(id, catalog.RuleIDs()); ok {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		return msg + " (docs/rules.md lists them); its setting is ignored"
	}
	if value != Off {
		if _, ok := diag.ParseSeverity(value); !ok {
			return fmt.Sprintf("the severity of %s must be error, warning, information, hint or off, not %q; its setting is ignored", id, value)
		}
	}
	return ""
}

// normalSeverity spells a valid severity the way Severity.String does, so
// that "warn" and "warning" compare equal.
func normalSeverity(v string) string {
	if v == Off {
		return Off
	}
	sev, _ := diag.ParseSeverity(v)
	return sev.String()
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "an object"
	case yaml.SequenceNode:
		return "a list"
	}
	return strconv.Quote(n.Value)
}

// Overlay returns s with the settings o sets: o's quota and validation mode
// when set, and its rule severities added to s's, winning where both name
// a rule. Later sources (a flag over a config file, workspace settings
// over initialization options) are overlaid on earlier ones.
func (s Settings) Overlay(o Settings) Settings {
	out := s
	if o.FilterPatternQuota != 0 {
		out.FilterPatternQuota = o.FilterPatternQuota
	}
	if o.ValidationMode != "" {
		out.ValidationMode = o.ValidationMode
	}
	if len(o.Rules) > 0 {
		out.Rules = make(map[string]string, len(s.Rules)+len(o.Rules))
		for id, v := range s.Rules {
			out.Rules[id] = v
		}
		for id, v := range o.Rules {
			out.Rules[id] = v
		}
	}
	return out
}

// Equal reports whether s and o have the same effect.
func (s Settings) Equal(o Settings) bool {
	if s.FilterPatternQuota != o.FilterPatternQuota || s.ValidationMode != o.ValidationMode || len(s.Rules) != len(o.Rules) {
		return false
	}
	for id, v := range s.Rules {
		if w, ok := o.Rules[id]; !ok || normalSeverity(v) != normalSeverity(w) {
			return false
		}
	}
	return true
}

// String describes the settings for logs, in a stable order.
func (s Settings) String() string {
	parts := []string{fmt.Sprintf("filterPatternQuota=%d", s.FilterPatternQuota), "validationMode=" + s.ValidationMode}
	ids := make([]string, 0, len(s.Rules))
	for id := range s.Rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		parts = append(parts, id+"="+s.Rules[id])
	}
	return strings.Join(parts, " ")
}

// Apply sets the severity of each diagnostic whose rule the settings name,
// and drops those of rules turned off. ds is not modified.
func (s Settings) Apply(ds []diag.Diagnostic) []diag.Diagnostic {
	if len(s.Rules) == 0 {
		return ds
	}
	out := make([]diag.Diagnostic, 0, len(ds))
	for _, d := range ds {
		v, ok := s.Rules[d.Rule]
		if !ok {
			out = append(out, d)
			continue
		}
		if v == Off {
			continue
		}
		if sev, ok := diag.ParseSeverity(v); ok {
			d.Severity = sev
		}
		out = append(out, d)
	}
	return out
}
