package analysis

import (
	"sync"
	"sync/atomic"

	"github.com/stream-ls/stream-ls/analysis/document"
)

// Session analyses the successive versions of one document, redoing only
// what each edit touches.
//
// The text is cut into pieces (yamlast.Split): the top-level entries, each
// function, each resource, each entry of `custom`. A piece is parsed on its
// own, once, and kept as a compact tree (yamlast.Tree) while edits elsewhere
// only move it. Anchors are resolved across pieces in document order. The
// rules check each function in a view that holds what the function can see
// (package rules), so a function is checked again only when its text, an
// anchor it uses, a resource it names, the rest of the configuration, or
// something it read through the rules' Context changes. Diagnostics are
// kept relative to the piece they point into, and move with it.
//
// The result after any sequence of updates is the result of analysing the
// last text from scratch with a new Session, and that is Analyze's result
// (the tests hold all three to it). A text beyond the limits of
// analysis/limits.go gets Analyze's one diagnostic.
//
// Updates are serialized; Snapshot never waits for one, and snapshots are
// immutable, so hover and completion read them from any goroutine while the
// next version is analysed.
//
// A language server keeps one Session per open document:
//
//	s := analysis.NewSession(analysis.RuleOptions(settings))
//	res := s.Update(doc.Text, doc.Edits) // edits since the last Update, or nil
//	diags := s.Snapshot().Finish(res.Diagnostics, settings)
//	...
//	model := s.Snapshot().ModelAt(offset) // hover, completion
//
// The diagnostics are in document order, deduplicated and capped like
// Analyze's; Result.Model is nil (Snapshot builds models on demand).
type Session struct {
	mu   sync.Mutex // serializes Updates
	opts Options
	st   *state
	snap atomic.Pointer[Snapshot]
}

// NewSession returns a session that analyses with opts.
func NewSession(opts Options) *Session { return &Session{opts: opts} }

// Edit is a change of bytes: Text replaces [Start, End) of the previous text.
type Edit = document.Edit

// Update analyses text, the document's new content. edits, when not nil,
// are the byte edits that turn the text of the previous Update into text,
// in order (document.Document.Edits holds them for one didChange; the
// edits of several can be concatenated). With nil edits the session finds
// the changed region by comparing the two texts, which costs a pass of
// memory comparison over them. Edits that do not match the texts are
// detected at their ends and then ignored.
func (s *Session) Update(text string, edits []Edit) *Result {
	return s.UpdateMapped(document.NewText(text), nil, edits)
}

// UpdateMapped is Update for a caller that keeps the text as a
// document.Text and its mapper (a document store keeps both): an edit then
// costs neither a copy of the text nor a new mapper. m must be the mapper
// of this very Text (Mapper.Text), or nil.
func (s *Session) UpdateMapped(text document.Text, m *document.Mapper, edits []Edit) *Result {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer func() {
		if p := recover(); p != nil {
			// The state is half updated; the next Update starts afresh,
			// and the snapshot stays the last whole one.
			s.st = nil
			panic(p)
		}
	}()
	if s.st == nil {
		s.st = newState(s.opts)
		edits = nil
	}
	if m != nil && !m.Text().Same(text) {
		m = nil // not this text's: build our own rather than trust it
	}
	s.st.given = m
	r, snap := s.st.update(text, edits)
	s.st.given = nil
	s.snap.Store(snap)
	return r
}

// Snapshot returns what the last Update analysed, or nil before the first.
// It never waits for an Update in progress.
func (s *Session) Snapshot() *Snapshot { return s.snap.Load() }

// Stats returns what the last Update did.
func (s *Session) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st == nil {
		return Stats{}
	}
	return s.st.stats
}
