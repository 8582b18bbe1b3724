package lsp

import (
	"sync"

	"go.uber.org/zap"

	"github.com/stream-ls/stream-ls/analysis"
	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/navigate"
	"github.com/stream-ls/stream-ls/analysis/serverless"
)

// models remembers, per document, the serverless model of the newest
// snapshot that was analysed, so that hover and completion reuse the
// diagnostics worker's work instead of parsing again on the request path.
type models struct {
	log   *zap.Logger
	mu    sync.Mutex
	byURI map[string]modelEntry
	// served, refreshing and parsed are completion's (see latest and
	// forCompletion).
	served     map[string]servedModel
	refreshing map[string]bool
	parsed     map[string]*analysis.Snapshot
}

type modelEntry struct {
	doc   *document.Document
	model *serverless.File
	// diags, when analysed, are the configured analysis's diagnostics for
	// doc under the settings of that generation.
	diags      []diag.Diagnostic
	analysed   bool
	generation uint64
	// snap is the incremental session's snapshot of doc when the model is
	// built from it on demand (model is then nil until asked for).
	snap *analysis.Snapshot
}

// fullModel is the model of the entry's snapshot, built from the session's
// parsed pieces the first time it is needed (the snapshot memoizes it).
func (e modelEntry) fullModel() *serverless.File {
	if e.model == nil && e.snap != nil {
		return e.snap.Model()
	}
	return e.model
}

func newModels(log *zap.Logger) *models {
	return &models{log: log, byURI: make(map[string]modelEntry),
		served: make(map[string]servedModel), refreshing: make(map[string]bool), parsed: make(map[string]*analysis.Snapshot)}
}

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
	m.byURI[doc.URI] = modelEntry{doc: doc, model: r.model, snap: r.snap, diags: r.diags, analysed: true, generation: r.generation}
	// The last version that parsed throughout is what completion reads
	// where the current one does not parse (see forCompletion); it is
	// kept only while a newer version has a syntax error.
	if r.snap != nil && r.snap.Parsed() {
		m.parsed[doc.URI] = r.snap
	}
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
	return analysisResult{model: e.model, snap: e.snap, diags: e.diags, generation: e.generation}, true
}

// analysisResult is one configured analysis of a snapshot.
type analysisResult struct {
	model      *serverless.File
	snap       *analysis.Snapshot
	diags      []diag.Diagnostic
	generation uint64
}

// fullModel is the whole model of the analysed snapshot.
func (r analysisResult) fullModel() *serverless.File {
	return modelEntry{model: r.model, snap: r.snap}.fullModel()
}

// analyse runs the analysis of doc under the current settings and
// remembers it for hover, completion and code actions.
func (s *server) analyse(doc *document.Document) analysisResult {
	st, gen := s.cfg.current()
	snap, found := s.sessions.update(doc, gen, st)
	r := analysisResult{snap: snap, diags: snap.Finish(found, st), generation: gen}
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
		return e.fullModel()
	}
	model := analysis.Model(doc.Text())
	m.remember(doc, model)
	return model
}

// symbols returns the outline of exactly doc: read piece by piece from
// the session's snapshot when the worker has analysed doc (see
// Snapshot.Symbols), else from its whole model.
func (m *models) symbols(doc *document.Document) []navigate.Symbol {
	m.mu.Lock()
	e, ok := m.byURI[doc.URI]
	m.mu.Unlock()
	if ok && e.doc == doc && e.model == nil && e.snap != nil {
		return e.snap.Symbols()
	}
	return navigate.Symbols(m.exact(doc))
}

// latest returns a whole model for completion: the newest snapshot's when
// it is built, else the newest one built before, while the newest is
// built off the request path for the next request; the first request
// for a document builds it in place. Completion reads the text itself
// and takes only facts such as the resources' logical IDs from the model
// (it checks that a model's text matches before reading an event from
// it), and building the whole model costs tens of milliseconds on a
// file of thousands of functions: a completion right after a keystroke
// must not wait for it.
func (m *models) latest(uri string) *serverless.File {
	m.mu.Lock()
	e := m.byURI[uri]
	prev := m.served[uri]
	m.mu.Unlock()
	if e.model != nil || e.snap == nil {
		return e.model
	}
	if built := e.snap.BuiltModel(); built != nil {
		m.serve(uri, e.doc, built)
		return built
	}
	if prev.model == nil {
		model := e.snap.Model()
		m.serve(uri, e.doc, model)
		return model
	}
	m.refresh(uri, e)
	return prev.model
}

// forCompletion returns the model completion reads at byte offset off of
// doc, and where it gets the whole file's model when it needs it. When the
// session has analysed exactly doc, that is the part of its snapshot around
// off, which costs about as much in a file of thousands of functions as in
// one of ten; the whole model (latest) is then only built for completions
// that list the file's resources.
//
// Where the YAML around off does not parse (the user is typing a key), the
// snapshot cannot say what the event there merges; the last snapshot in
// which the YAML parsed there can (the last that parsed throughout, or the
// last in which completion found the cursor's piece parsed), for the line
// off is on, which typing on it does not move. Completion checks that a
// model's text matches the document's up to the event before it trusts
// it. When there is no such snapshot, or the session has not got to doc
// yet, the newest whole model stands in (see latest).
func (m *models) forCompletion(doc *document.Document, off int) (*serverless.File, func() *serverless.File) {
	whole := func() *serverless.File { return m.latest(doc.URI) }
	m.mu.Lock()
	e, ok := m.byURI[doc.URI]
	parsed := m.parsed[doc.URI]
	m.mu.Unlock()
	if ok && e.doc == doc && e.model == nil && e.snap != nil {
		if e.snap.ParsedAt(off) {
			m.mu.Lock()
			if _, open := m.byURI[doc.URI]; open {
				m.parsed[doc.URI] = e.snap
			}
			m.mu.Unlock()
			return e.snap.ModelAt(off), whole
		}
		if parsed != nil {
			lineStart := doc.Content.LastIndexByte(off, '\n') + 1
			return parsed.ModelAt(lineStart), whole
		}
	}
	return m.latest(doc.URI), nil
}

// servedModel is the newest whole model latest has handed out for a
// document, and the version it is of.
type servedModel struct {
	model   *serverless.File
	version int32
}

func (m *models) serve(uri string, doc *document.Document, model *serverless.File) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, open := m.byURI[uri]; !open {
		return
	}
	if old, ok := m.served[uri]; ok && old.version > doc.Version {
		return
	}
	m.served[uri] = servedModel{model: model, version: doc.Version}
}

// refresh builds e's model in the background, one build per document at
// a time; a build for a version that a newer one overtook still serves
// until the newer is built.
func (m *models) refresh(uri string, e modelEntry) {
	m.mu.Lock()
	if m.refreshing[uri] {
		m.mu.Unlock()
		return
	}
	m.refreshing[uri] = true
	m.mu.Unlock()
	go func() {
		defer func() {
			m.mu.Lock()
			delete(m.refreshing, uri)
			m.mu.Unlock()
			if p := recover(); p != nil && m.log != nil {
				m.log.Error("panic building a model for completion", zap.String("uri", uri),
					zap.Any("panic", p), zap.Stack("stack"))
			}
		}()
		m.serve(uri, e.doc, e.snap.Model())
	}()
}

// at returns the model to read around byte offset off of exactly doc: the
// view of the piece there when the session analysed doc (cheap: it builds
// only that part), else the whole model.
func (m *models) at(doc *document.Document, off int) *serverless.File {
	m.mu.Lock()
	e, ok := m.byURI[doc.URI]
	m.mu.Unlock()
	if ok && e.doc == doc && e.model == nil && e.snap != nil {
		return e.snap.ModelAt(off)
	}
	return m.exact(doc)
}

// mergersAt returns the models to read, for byte offset off of exactly
// doc, the events that merge a mapping defined there (see
// Snapshot.MergersAt): views of the first few functions that alias an
// anchor of the piece there, or the whole model.
func (m *models) mergersAt(doc *document.Document, off int) []*serverless.File {
	m.mu.Lock()
	e, ok := m.byURI[doc.URI]
	m.mu.Unlock()
	if ok && e.doc == doc && e.model == nil && e.snap != nil {
		return e.snap.MergersAt(off, maxMergerViews)
	}
	if f := m.exact(doc); f != nil {
		return []*serverless.File{f}
	}
	return nil
}

// maxMergerViews bounds the functions hover reads for a key of a mapping
// that events merge: the first that merges it is enough to describe a
// key, and a few cover the events whose own keys override some.
const maxMergerViews = 4

func (m *models) forget(uri string) {
	m.mu.Lock()
	delete(m.byURI, uri)
	delete(m.served, uri)
	delete(m.parsed, uri)
	m.mu.Unlock()
}
