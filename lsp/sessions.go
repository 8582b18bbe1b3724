package lsp

import (
	"sync"

	"github.com/stream-ls/stream-ls/analysis"
	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/document"
	usersettings "github.com/stream-ls/stream-ls/analysis/settings"
)

// sessions keeps one incremental analysis per open document, so that a
// keystroke re-checks what it touched rather than the whole file. Its
// results equal a from-scratch analysis (the analysis package's property
// tests hold it to that).
type sessions struct {
	mu    sync.Mutex
	byURI map[string]*docSession
}

type docSession struct {
	mu         sync.Mutex // one Update at a time, in the order they are asked for
	sess       *analysis.Session
	generation uint64             // the settings the session's rule options come from
	last       *document.Document // the snapshot the session analysed last
}

func newSessions() *sessions { return &sessions{byURI: make(map[string]*docSession)} }

// update analyses doc in its document's session and returns the session's
// snapshot and the rules' diagnostics (before settings and suppressions).
// A change of settings starts a new session, since the rule options are
// fixed for a session's life.
func (ss *sessions) update(doc *document.Document, generation uint64, st usersettings.Settings) (*analysis.Snapshot, []diag.Diagnostic) {
	ss.mu.Lock()
	ds := ss.byURI[doc.URI]
	if ds == nil || ds.generation != generation {
		ds = &docSession{sess: analysis.NewSession(analysis.RuleOptions(st)), generation: generation}
		ss.byURI[doc.URI] = ds
	}
	ss.mu.Unlock()

	ds.mu.Lock()
	defer ds.mu.Unlock()
	// The byte edits recorded with a snapshot lead from its predecessor; for
	// any other step (the first, or versions skipped by coalescing) the
	// session finds the changed region by comparing the texts.
	var edits []document.Edit
	if ds.last != nil && doc.Version == ds.last.Version+1 {
		edits = doc.Edits
	}
	res := ds.sess.UpdateMapped(doc.Content, doc.Mapper(), edits)
	ds.last = doc
	return ds.sess.Snapshot(), res.Diagnostics
}

func (ss *sessions) forget(uri string) {
	ss.mu.Lock()
	delete(ss.byURI, uri)
	ss.mu.Unlock()
}
