package lsp

import (
	"sync"

	"github.com/stream-ls/stream-ls/analysis"
	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/serverless"
)

// models remembers, per document, the serverless model of the newest
// snapshot that was analysed, so that hover and completion reuse the
// diagnostics worker's work instead of parsing again on the request path.
type models struct {
	mu    sync.Mutex
	byURI map[string]modelEntry
}

type modelEntry struct {
	doc   *document.Document
	model *serverless.File
	// diags, when analysed, are the configured analysis's diagnostics for
	// doc under the settings of that generation.
	diags      []diag.Diagnostic
	analysed   bool
	generation uint64
}

func newModels() *models { return &models{byURI: make(map[string]modelEntry)} }

// remember records the model built from doc, unless a newer snapshot's
// model is already known.
func (m *models) remember(doc *document.Document, model *serverless.File) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if old, ok := m.byURI[doc.URI]; ok && (old.doc.Version > doc.Version || old.doc == doc) {
		return // a newer snapshot's model, or this one's with its analysis
	}
	m.byURI[doc.URI] = modelEntry{doc: doc, model: model}
}

// rememberAnalysis records the configured analysis of doc, unless a newer
// snapshot's model is already known.
func (m *models) rememberAnalysis(doc *document.Document, r analysisResult) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if old, ok := m.byURI[doc.URI]; ok && old.doc.Version > doc.Version {
		return
	}
	m.byURI[doc.URI] = modelEntry{doc: doc, model: r.model, diags: r.diags, analysed: true, generation: r.generation}
}

// analysis returns the recorded analysis of exactly doc under the settings
// of generation.
func (m *models) analysis(doc *document.Document, generation uint64) (analysisResult, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.byURI[doc.URI]
	if !ok || e.doc != doc || !e.analysed || e.generation != generation {
		return analysisResult{}, false
	}
	return analysisResult{model: e.model, diags: e.diags, generation: e.generation}, true
}

// analysisResult is one configured analysis of a snapshot.
type analysisResult struct {
	model      *serverless.File
	diags      []diag.Diagnostic
	generation uint64
}

// analyse runs the analysis of doc under the current settings and
// remembers it for hover, completion and code actions.
func (s *server) analyse(doc *document.Document) analysisResult {
	st, gen := s.cfg.current()
	res := analysis.AnalyzeConfigured(doc.Text, st)
	r := analysisResult{model: res.Model, diags: res.Diagnostics, generation: gen}
	if s.store.Get(doc.URI) != nil { // not closed meanwhile
		s.models.rememberAnalysis(doc, r)
	}
	return r
}

// analysed returns the analysis of exactly doc under the current settings,
// running it on the caller's goroutine when the diagnostics worker has not
// got to it yet: a code action must be computed from the text it edits.
func (s *server) analysed(doc *document.Document) analysisResult {
	_, gen := s.cfg.current()
	if r, ok := s.models.analysis(doc, gen); ok {
		return r
	}
	return s.analyse(doc)
}

// exact returns the model of exactly this snapshot, building it when the
// worker has not got to it yet. Hover needs this: its spans must match the
// text the client sees.
func (m *models) exact(doc *document.Document) *serverless.File {
	m.mu.Lock()
	e, ok := m.byURI[doc.URI]
	m.mu.Unlock()
	if ok && e.doc == doc {
		return e.model
	}
	model := analysis.Model(doc.Text)
	m.remember(doc, model)
	return model
}

// latest returns the newest model known for uri, possibly of an older
// snapshot, or nil. Completion reads the text itself and only takes facts
// such as the resources' logical IDs from the model, which a keystroke
// rarely changes.
func (m *models) latest(uri string) *serverless.File {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.byURI[uri].model
}

func (m *models) forget(uri string) {
	m.mu.Lock()
	delete(m.byURI, uri)
	m.mu.Unlock()
}
