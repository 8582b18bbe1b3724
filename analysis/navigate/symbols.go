package navigate

import (
	"slices"
	"strconv"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// SymbolKind follows LSP's numbering, so the conversion is the identity,
// but the type is ours so that analysis does not import the protocol.
type SymbolKind int

const (
	KindNamespace SymbolKind = 3
	KindFunction  SymbolKind = 12
	KindObject    SymbolKind = 19
	KindEvent     SymbolKind = 24
)

// Symbol is one entry of the outline.
type Symbol struct {
	Name   string
	Detail string
	Kind   SymbolKind
	// Range covers the whole block; Selection the key that names it.
	// Selection lies within Range, and children's ranges within their
	// parent's.
	Range, Selection document.Span
	Children         []Symbol
}

// Symbols is the outline of a serverless.yml as far as streams go:
// `functions` with every function and, under each, its stream events,
// named by type and stream ("stream: dynamodb OrdersTable"); and
// `resources` with the resources that are streams or have one: Kinesis
// streams and their consumers, and DynamoDB tables with a
// StreamSpecification or read by a stream event.
func Symbols(model *serverless.File) []Symbol {
	if model == nil || model.AST == nil || model.AST.Root == nil || model.AST.Root.Kind != yamlast.Mapping {
		return nil
	}
	root := model.AST.Root
	var out []Symbol
	fns := functionSymbols(model)
	if p := root.Pair("functions"); p != nil && !p.Merged {
		out = append(out, group(p, fns))
	} else {
		out = append(out, fns...) // a file of functions included from `functions`
	}
	if p := root.Pair("resources"); p != nil && !p.Merged {
		if res := resourceSymbols(model); len(res) > 0 {
			out = append(out, group(p, res))
		}
	}
	return out
}

// group is a top-level key holding symbols.
func group(p *yamlast.Pair, children []Symbol) Symbol {
	return Group(p.Key.Value, p.Key.Span, block(p), children)
}

func functionSymbols(f *serverless.File) []Symbol {
	// Each function's events, found in one pass: looking through all the
	// events for each function was quadratic, 67 ms at 5,000 functions.
	events := make(map[*serverless.Function][]Symbol, len(f.Functions))
	for _, ev := range f.Streams {
		events[ev.Function] = append(events[ev.Function], eventSymbol(f, ev))
	}
	var out []Symbol
	for _, fn := range f.Functions {
		s := Symbol{Name: fn.Name, Kind: KindFunction, Range: blockOf(fn.Key, fn.Node), Selection: fn.Key.Span}
		if h := fn.Node.Get("handler"); h != nil && h.Kind == yamlast.Scalar {
			s.Detail = h.Value
		}
		out = append(out, contained(s, events[fn]))
	}
	return out
}

func eventSymbol(f *serverless.File, ev *serverless.StreamEvent) Symbol {
	name := "stream:"
	if typ, _ := f.SourceType(ev); typ != serverless.UnknownStream {
		name += " " + typ.String()
	}
	name += " " + streamName(f, ev)
	r := ev.Item.Span
	if r.Start > ev.Key.Span.Start || r.End < ev.Key.Span.End {
		r = ev.Key.Span
	}
	return Symbol{Name: name, Detail: "event " + strconv.Itoa(ev.Index+1), Kind: KindEvent, Range: r, Selection: ev.Key.Span}
}

// streamName names the stream an event reads: the logical ID it
// references, the stream or table name of a literal ARN, or the value as
// written when it is a variable.
func streamName(f *serverless.File, ev *serverless.StreamEvent) string {
	arn := ev.ARN()
	if arn == nil || arn.IsNull() {
		return "(no arn)"
	}
	if in, ok := serverless.IntrinsicOf(arn); ok {
		if in.LogicalID != "" {
			return in.LogicalID
		}
		return "!" + in.Name
	}
	if arn.Kind != yamlast.Scalar {
		return "(arn)"
	}
	if a, ok := catalog.ParseARN(arn.Value); ok && a.Name != "" {
		return a.Name
	}
	const limit = 48
	if len(arn.Value) > limit {
		return arn.Value[:limit] + "…"
	}
	return arn.Value
}

func resourceSymbols(f *serverless.File) []Symbol {
	read := map[string]bool{}
	for _, ev := range f.Streams {
		if in, ok := serverless.IntrinsicOf(ev.ARN()); ok && in.LogicalID != "" {
			read[in.LogicalID] = true
		}
	}
	var out []Symbol
	for _, id := range f.ResourceOrder {
		r := f.Resources[id]
		if s, ok := StreamResourceSymbol(id, r.Type, HasStreamSpecification(r), read[id], r.Key.Span, blockOf(r.Key, r.Node)); ok {
			out = append(out, s)
		}
	}
	return out
}

func block(p *yamlast.Pair) document.Span { return blockOf(p.Key, p.Value) }

// blockOf spans a key and its value. A value reached through an alias lies
// elsewhere, at its anchor; the block is then the key alone.
func blockOf(key, value *yamlast.Node) document.Span {
	s := key.Span
	if value != nil && value.Span.Start >= key.Span.End && value.Span.End > s.End {
		s.End = value.Span.End
	}
	return s
}

// contained gives s the children whose ranges lie within its range: a
// child reached through an alias may lie elsewhere, and an outline whose
// children stick out of their parent confuses editors.
func contained(s Symbol, children []Symbol) Symbol {
	inside := func(c Symbol) bool { return c.Range.Start >= s.Range.Start && c.Range.End <= s.Range.End }
	if !slices.ContainsFunc(children, func(c Symbol) bool { return !inside(c) }) {
		// The usual case, and thousands of functions under `functions`:
		// the list is taken as it is.
		if len(children) > 0 {
			s.Children = children
		}
		return s
	}
	for _, c := range children {
		if inside(c) {
			s.Children = append(s.Children, c)
		}
	}
	return s
}

// FunctionSymbols is Symbols' entry for each function of f, with its
// events: for a caller that assembles the outline from views of a few
// functions each (see StreamResourceSymbol and Group for the rest).
func FunctionSymbols(f *serverless.File) []Symbol { return functionSymbols(f) }

// StreamResourceSymbol is Symbols' entry for the resource id of type typ,
// whose key spans key and whose block spans block, and whether Symbols
// lists it: hasSpec says whether its Properties set StreamSpecification,
// readByAnEvent whether a stream event's source names it.
func StreamResourceSymbol(id, typ string, hasSpec, readByAnEvent bool, key, block document.Span) (Symbol, bool) {
	switch typ {
	case "AWS::Kinesis::Stream", "AWS::Kinesis::StreamConsumer":
	case "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable":
		if !readByAnEvent && !hasSpec {
			return Symbol{}, false
		}
	default:
		return Symbol{}, false
	}
	return Symbol{Name: id, Detail: typ, Kind: KindObject, Range: block, Selection: key}, true
}

// HasStreamSpecification reports whether resource r's Properties set
// StreamSpecification.
func HasStreamSpecification(r *serverless.Resource) bool {
	return r.Properties.Get("StreamSpecification") != nil
}

// BlockOf spans a key and its value as Symbols does: a value reached
// through an alias lies elsewhere, and the block is then the key alone.
func BlockOf(key, value *yamlast.Node) document.Span { return blockOf(key, value) }

// Group is the entry of the top-level key named name, whose key spans key
// and whose block spans block, holding those of children that lie within
// it.
func Group(name string, key, block document.Span, children []Symbol) Symbol {
	return contained(Symbol{Name: name, Kind: KindNamespace, Range: block, Selection: key}, children)
}
