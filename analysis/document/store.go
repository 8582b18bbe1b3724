package document

import (
	"fmt"
	"sync"
)

// Document is an immutable snapshot of one open document. Edits produce a new
// Document; readers holding an old one keep a consistent view.
type Document struct {
	URI     string
	Version int32
	// Content is the text. Text returns it as one string, which for an
	// edited snapshot costs a copy of the text, once: the analysis reads
	// Content, and the features that read the string are the ones a user
	// waits for less than for diagnostics.
	Content Text
	// Edits are the byte edits that turned the previous snapshot's text
	// into Content, in order; nil for a document just opened. An incremental
	// analysis reads them to know what changed without comparing texts.
	Edits []Edit

	mapperOnce sync.Once
	mapper     *Mapper
}

// Text returns the document's text as one string.
func (d *Document) Text() string { return d.Content.String() }

// Mapper returns the position mapper for this snapshot's text.
func (d *Document) Mapper() *Mapper {
	d.mapperOnce.Do(func() { d.mapper = newMapper(d.Content, d.Content.String()) })
	return d.mapper
}

// Store holds the latest snapshot of every open document, keyed by the URI
// exactly as the client sent it (the client matches published diagnostics by
// that string, so it is never rewritten).
type Store struct {
	mu   sync.RWMutex
	docs map[string]*Document
}

// NewStore returns an empty store.
func NewStore() *Store { return &Store{docs: make(map[string]*Document)} }

// Open records a newly opened document, replacing any earlier snapshot (a
// client that opens a document twice means its latest text).
func (s *Store) Open(uri string, version int32, text string) *Document {
	d := &Document{URI: uri, Version: version, Content: NewText(text)}
	s.mu.Lock()
	s.docs[uri] = d
	s.mu.Unlock()
	return d
}

// ErrStaleVersion is returned by Change for a version not newer than the
// stored one; such changes are dropped.
var ErrStaleVersion = fmt.Errorf("stale document version")

// ErrNotOpen is returned by Change for a document that was never opened.
var ErrNotOpen = fmt.Errorf("document is not open")

// Change applies changes to the stored document and stores the result as
// version. A failed change leaves the stored snapshot as it was.
func (s *Store) Change(uri string, version int32, changes []Change) (*Document, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.docs[uri]
	if !ok {
		return nil, ErrNotOpen
	}
	if version <= old.Version {
		return old, fmt.Errorf("%w: got %d, have %d", ErrStaleVersion, version, old.Version)
	}
	text, edits, m, err := applyChangesMapped(old.Content, old.Mapper(), changes)
	if err != nil {
		return old, err
	}
	d := &Document{URI: uri, Version: version, Content: text, Edits: edits}
	// The new line table is the old one updated, which costs what the
	// edit touches, not what the text holds.
	d.mapper = m
	d.mapperOnce.Do(func() {})
	s.docs[uri] = d
	return d, nil
}

// Get returns the latest snapshot of uri, or nil.
func (s *Store) Get(uri string) *Document {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.docs[uri]
}

// Bytes returns the size of the open documents' texts in all.
func (s *Store) Bytes() int64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var n int64
	for _, d := range s.docs {
		n += int64(d.Content.Len())
	}
	return n
}

// Close forgets uri and reports whether it was open.
func (s *Store) Close(uri string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.docs[uri]
	delete(s.docs, uri)
	return ok
}

// URIs lists the open documents' URIs.
func (s *Store) URIs() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]string, 0, len(s.docs))
	for u := range s.docs {
		out = append(out, u)
	}
	return out
}
