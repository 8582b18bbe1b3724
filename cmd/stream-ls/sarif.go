package main

import (
	"encoding/json"
	"io"
	"path/filepath"
	"strings"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/diag"
)

// SARIF 2.1.0 output, the format GitHub code scanning ingests
// (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html). Only
// the properties code scanning reads are written: rule metadata with help
// links, and results with a rule, a level, a message and a region.
const sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool sarifTool `json:"tool"`
	// columnKind says how region columns count; LSP and stream-ls count
	// UTF-16 code units, so regions need no conversion beyond 1-basing.
	ColumnKind string        `json:"columnKind"`
	Results    []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string             `json:"id"`
	ShortDescription     sarifText          `json:"shortDescription"`
	HelpURI              string             `json:"helpUri,omitempty"`
	Help                 sarifText          `json:"help"`
	DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
	// uriBaseId marks a relative URI as relative to the checkout, which is
	// how code scanning maps results to files in the repository.
	URIBaseID string `json:"uriBaseId,omitempty"`
}

// sarifRegion is 1-based; the end column is the column just past the
// region, as SARIF specifies.
type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

const projectURL = "https://github.com/stream-ls/stream-ls"

// sarifLevel maps severities to SARIF's three result levels.
func sarifLevel(s diag.Severity) string {
	switch s {
	case diag.Error:
		return "error"
	case diag.Warning:
		return "warning"
	}
	return "note"
}

func writeSARIF(w io.Writer, results []fileResult) error {
	driver := sarifDriver{Name: "stream-ls", Version: resolveVersion(), InformationURI: projectURL}
	index := map[string]int{}
	for _, r := range catalog.Rules() {
		index[r.ID] = len(driver.Rules)
		driver.Rules = append(driver.Rules, sarifRule{
			ID:                   r.ID,
			ShortDescription:     sarifText{Text: r.Title},
			HelpURI:              r.Href,
			Help:                 sarifText{Text: r.Title + ". See " + r.Href},
			DefaultConfiguration: sarifConfiguration{Level: sarifLevel(r.Severity)},
		})
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, ColumnKind: "utf16CodeUnits", Results: []sarifResult{}}
	for _, r := range results {
		artifact := sarifArtifactFor(r.name)
		for _, d := range r.diags {
			rng := r.mapper.SpanRange(d.Span)
			i, ok := index[d.Rule]
			if !ok {
				// Every diagnostic comes from a catalog rule; a stray one still
				// gets reported rather than dropped.
				i = len(run.Tool.Driver.Rules)
				index[d.Rule] = i
				run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{ID: d.Rule, HelpURI: d.Href,
					ShortDescription: sarifText{Text: d.Rule}, Help: sarifText{Text: d.Rule},
					DefaultConfiguration: sarifConfiguration{Level: sarifLevel(d.Severity)}})
			}
			run.Results = append(run.Results, sarifResult{
				RuleID:    d.Rule,
				RuleIndex: i,
				Level:     sarifLevel(d.Severity),
				Message:   sarifText{Text: d.Message},
				Locations: []sarifLocation{{PhysicalLocation: sarifPhysicalLocation{
					ArtifactLocation: artifact,
					Region: sarifRegion{
						StartLine: rng.Start.Line + 1, StartColumn: rng.Start.Character + 1,
						EndLine: rng.End.Line + 1, EndColumn: rng.End.Character + 1,
					},
				}}},
			})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}})
}

// sarifArtifactFor names a checked file the way code scanning expects: a
// forward-slash path relative to the checkout. An absolute path outside the
// working directory becomes a file URI.
func sarifArtifactFor(name string) sarifArtifact {
	path := name
	if filepath.IsAbs(path) {
		if wd, err := filepath.Abs("."); err == nil {
			if rel, err := filepath.Rel(wd, path); err == nil && !strings.HasPrefix(rel, "..") {
				path = rel
			}
		}
	}
	if filepath.IsAbs(path) {
		return sarifArtifact{URI: "file://" + filepath.ToSlash(path)}
	}
	return sarifArtifact{URI: strings.TrimPrefix(filepath.ToSlash(filepath.Clean(path)), "./"), URIBaseID: "%SRCROOT%"}
}
