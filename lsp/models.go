package lsp

import (
	"sync"

	"github.com/stream-ls/stream-ls/analysis"
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
}

func newModels() *models { return &models{byURI: make(map[string]modelEntry)} }

// remember records the model built from doc, unless a newer snapshot's
// model is already known.
func (m *models) remember(doc *document.Document, model *serverless.File) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if old, ok := m.byURI[doc.URI]; ok && old.doc.Version > doc.Version {
		return
	}
	m.byURI[doc.URI] = modelEntry{doc: doc, model: model}
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
