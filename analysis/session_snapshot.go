package analysis

import (
	"sync"
	"sync/atomic"

	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// Snapshot is one version a Session analysed. It keeps the pieces of that
// version, not their nodes, and builds the model on demand; it is
// immutable and safe for concurrent use.
type Snapshot struct {
	Text   document.Text
	Mapper *document.Mapper
	slots  []slot
	// settings are the file's, as the views had them.
	settings      settings
	functionsFile bool
	idxOnce       sync.Once
	idx           *snapIndex
	// model is set at once for a text analysed as one piece.
	once  sync.Once
	model *serverless.File
	built atomic.Bool // model is set: Model has run, or it was set at once
	// sup is the suppression comments of a text analysed in pieces; nil
	// for a text analysed as a whole.
	sup *suppression
	// parsed says that no piece failed (see Parsed); the session keeps
	// the failed pieces as it goes, so the server need not look at every
	// piece after each keystroke to know.
	parsed bool
	// outline is the session's parts of outlines (see Symbols).
	outline *outlineCache
	// idsCache is the session's last resourceIDs, which the index
	// reuses while the resource entries are the same pieces.
	idsCache *resourceIDsCache
}

func (s *state) snapshot() *Snapshot {
	sn := &Snapshot{Text: s.text, Mapper: s.mapper, slots: s.slots, settings: s.settings, functionsFile: s.functionsFile,
		sup: s.sup, parsed: len(s.errPieces) == 0, outline: &s.outline, idsCache: &s.resourceIDs}
	s.snap = sn
	return sn
}

func (s *state) snapshotWhole() *Snapshot {
	sn := &Snapshot{Text: s.text, Mapper: s.mapper}
	if s.wholeResult != nil {
		sn.model = s.wholeResult.Model
	} else {
		sn.model = Model(s.text.String())
	}
	if m := sn.model; m != nil {
		sn.settings = settings{hasPlugins: m.HasPlugins, configValidationMode: m.ConfigValidationMode, resourcesComplete: m.ResourcesComplete}
	}
	sn.once.Do(func() {})
	sn.built.Store(true)
	s.snap = sn
	return sn
}

// Model builds the model of the whole file, as Model(Text) would. It costs
// what building the model of the text from its parsed pieces costs, once
// per snapshot.
func (sn *Snapshot) Model() *serverless.File {
	sn.once.Do(func() {
		sn.model = serverless.Build(sn.ast())
		sn.built.Store(true)
	})
	return sn.model
}

// BuiltModel returns the model if it has been built already, and nil
// otherwise; it never builds it. Completion uses it to prefer a model at
// hand to building one on the request path.
func (sn *Snapshot) BuiltModel() *serverless.File {
	if !sn.built.Load() {
		return nil
	}
	return sn.model
}

// ast assembles the tree of the whole file from the snapshot's pieces.
func (sn *Snapshot) ast() *yamlast.File {
	f := &yamlast.File{Text: sn.Text, Mapper: sn.Mapper}
	index := make(map[*pstate]int, len(sn.slots))
	pieces := make([]yamlast.Piece, len(sn.slots))
	mats := make([]*yamlast.Materialized, len(sn.slots))
	for i, sl := range sn.slots {
		index[sl.p] = i
		q := sl.p.piece
		q.Start, q.End = sl.start, sl.start+sl.p.tree.Len()
		pieces[i] = q
		t := sl.p.tree
		switch {
		case t.Err != nil:
			f.Errors = append(f.Errors, t.Err.Shift(sl.start))
			continue
		case sl.res != nil && sl.res.err != nil:
			f.Errors = append(f.Errors, sl.res.err.Shift(sl.start))
			continue
		}
		var resolve func(int) *yamlast.Node
		if res := sl.res; res != nil {
			resolve = func(ref int) *yamlast.Node {
				tg := res.targets[ref]
				if tg.def == nil {
					return nil
				}
				if m := mats[index[tg.def]]; m != nil {
					return m.Anchor(tg.anchor)
				}
				return nil
			}
		}
		mats[i] = t.Materialize(sl.start, resolve)
		f.Duplicates = append(f.Duplicates, mats[i].Duplicates...)
	}
	root, dups := yamlast.Assemble(pieces, mats)
	f.Root = root
	f.Duplicates = append(f.Duplicates, dups...)
	return f
}

// Light is a model of the snapshot without its tree: the text, its mapper
// and the file's settings, at no cost.
func (sn *Snapshot) Light() *serverless.File {
	return &serverless.File{AST: &yamlast.File{Text: sn.Text, Mapper: sn.Mapper},
		Resources: map[string]*serverless.Resource{}, ResourcesComplete: sn.settings.resourcesComplete,
		HasPlugins: sn.settings.hasPlugins, ConfigValidationMode: sn.settings.configValidationMode}
}
