package completion

import (
	"sync"
	"weak"

	"github.com/stream-ls/stream-ls/analysis/hover"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// facts are what completion learns from a whole model: its resources as
// stream sources, the logical IDs its stream events read, and how it
// writes Fn::GetAtt. On a file with thousands of events this takes tens of
// milliseconds, and the server hands the same model to every request until
// the document parses again, so the facts are kept per model. Models are
// never changed once built, which makes the cache safe.
type facts struct {
	sources    []hover.Source
	referenced map[string]bool
	// form is how the stream events write Fn::GetAtt; ok is false when
	// none does.
	form   refForm
	formOK bool
}

// styleVotes is how many stream events are enough to learn how the file
// writes Fn::GetAtt; reading every event of a huge file would tell no more.
const styleVotes = 32

func computeFacts(m *serverless.File) *facts {
	f := &facts{referenced: map[string]bool{}}
	for _, id := range m.ResourceOrder {
		f.sources = append(f.sources, hover.SourceOf(m.Resources[id]))
	}
	votes := map[refForm]int{}
	n := 0
	for _, ev := range m.Streams {
		in, ok := serverless.IntrinsicOf(ev.ARN())
		if !ok || in.LogicalID == "" {
			continue
		}
		f.referenced[in.LogicalID] = true
		if in.Name != "GetAtt" || n == styleVotes {
			continue
		}
		n++
		switch {
		case in.Short:
			votes[short]++
		case in.Args.Kind == yamlast.Sequence && !in.Args.Flow:
			votes[longBlock]++
		default:
			votes[longFlow]++
		}
	}
	if n > 0 {
		f.formOK = true
		for _, form := range []refForm{longFlow, longBlock, short} {
			if votes[form] > votes[f.form] {
				f.form = form
			}
		}
	}
	return f
}

// factsCache keeps the facts of the last few models, one per open document
// being edited; weak pointers let a model that the server has replaced be
// collected.
var factsCache struct {
	sync.Mutex
	entries []factsEntry
}

type factsEntry struct {
	model weak.Pointer[serverless.File]
	facts *facts
}

const factsCacheSize = 8

func factsOf(m *serverless.File) *facts {
	if m == nil {
		return &facts{referenced: map[string]bool{}}
	}
	wp := weak.Make(m)
	factsCache.Lock()
	for _, e := range factsCache.entries {
		if e.model == wp {
			factsCache.Unlock()
			return e.facts
		}
	}
	factsCache.Unlock()

	f := computeFacts(m)

	factsCache.Lock()
	defer factsCache.Unlock()
	live := factsCache.entries[:0]
	for _, e := range factsCache.entries {
		if e.model.Value() != nil {
			live = append(live, e)
		}
	}
	if len(live) >= factsCacheSize {
		live = live[1:]
	}
	factsCache.entries = append(live, factsEntry{model: wp, facts: f})
	return f
}
