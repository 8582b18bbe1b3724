// Package catalog is the single source of truth for what stream-ls knows by
// name: the rule IDs with their severity, title and documentation link, and
// (in keys.go) the stream event's keys with their docs, types and ranges.
// Diagnostics, hovers, completions, the CLI's SARIF output and docs/rules.md
// all read from here, so a fact is written once.
package catalog

import (
	"sort"

	"github.com/stream-ls/stream-ls/analysis/diag"
)

// Rule describes one diagnostic rule. IDs are stable: users write them in
// suppression comments and settings, so an ID is never renamed or reused.
type Rule struct {
	ID       string
	Severity diag.Severity // default; settings may override it
	Title    string        // one line, shown in rule listings
	Href     string        // the AWS or Serverless docs page for the subject
}

// Documentation pages cited by several rules. The anchors come from
// reference/serverless-stream.md and reference/aws-esm.md (section 7).
const (
	ServerlessStreamsDocs = "https://www.serverless.com/framework/docs/providers/aws/events/streams"
	FilteringDocs         = "https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html"
	KinesisEFODocs        = "https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-create.html"
	YAMLSpecDocs          = "https://yaml.org/spec/1.2.2/"
)

// Rule IDs. Keep them kebab-case and grouped by subject.
const (
	RuleYAMLSyntax          = "yaml-syntax"
	RuleYAMLDuplicateKey    = "yaml-duplicate-key"
	RuleConsumerOnDynamoDB  = "stream-consumer-dynamodb"
	RuleFilterPatternsMax   = "stream-filter-patterns-max"
	RuleFilterPatternsQuota = "stream-filter-patterns-quota"
	// RuleFileTooLarge marks a file beyond the limits in analysis/limits.go,
	// of which nothing else is checked.
	RuleFileTooLarge = "file-too-large"
)

// rules holds every rule by ID. The foundation's rules are listed here;
// groups of later rules define theirs in their own catalog file through
// define, so adding a group does not edit a shared list.
var rules = map[string]Rule{
	RuleYAMLSyntax: {
		ID: RuleYAMLSyntax, Severity: diag.Error,
		Title: "The file is not valid YAML",
		Href:  YAMLSpecDocs,
	},
	RuleConsumerOnDynamoDB: {
		ID: RuleConsumerOnDynamoDB, Severity: diag.Error,
		Title: "`consumer` (enhanced fan-out) on a DynamoDB stream",
		Href:  KinesisEFODocs,
	},
	RuleYAMLDuplicateKey: {
		ID: RuleYAMLDuplicateKey, Severity: diag.Error,
		Title: "A key is written twice in one mapping",
		Href:  YAMLSpecDocs,
	},
	RuleFilterPatternsMax: {
		ID: RuleFilterPatternsMax, Severity: diag.Error,
		Title: "More than 10 filter patterns on one stream event",
		Href:  FilteringDocs,
	},
	RuleFilterPatternsQuota: {
		ID: RuleFilterPatternsQuota, Severity: diag.Warning,
		Title: "More filter patterns than the account's quota (AWS default: 5)",
		Href:  FilteringDocs,
	},
	RuleFileTooLarge: {
		ID: RuleFileTooLarge, Severity: diag.Warning,
		Title: "The file is larger, or its aliases expand further or nest deeper, than stream-ls analyses",
		Href:  YAMLSpecDocs,
	},
}

// define adds rules to the catalog from a group's init. A repeated ID is a
// programming error that would make two rules share suppressions and
// settings, so it stops the program at start-up, where any test sees it.
func define(rs ...Rule) {
	for _, r := range rs {
		if _, dup := rules[r.ID]; dup {
			panic("catalog: rule ID defined twice: " + r.ID)
		}
		rules[r.ID] = r
	}
}

// Lookup returns the rule with the given ID.
func Lookup(id string) (Rule, bool) {
	r, ok := rules[id]
	return r, ok
}

// Rules lists every rule, sorted by ID.
func Rules() []Rule {
	out := make([]Rule, 0, len(rules))
	for _, r := range rules {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// RuleIDs lists the rule IDs in Rules' order: the candidates a misspelt ID
// is matched against (ClosestName), in settings and suppression comments
// alike.
func RuleIDs() []string {
	rs := Rules()
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	return ids
}
