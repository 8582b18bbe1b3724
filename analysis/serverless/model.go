package serverless

import (
	"slices"
	"strings"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// File is the model of one serverless.yml.
type File struct {
	AST       *yamlast.File
	Functions []*Function
	// Streams lists every stream event of every function, in document order.
	Streams []*StreamEvent
	// Resources are the entries of resources.Resources by logical ID.
	Resources map[string]*Resource
	// ResourceOrder keeps the logical IDs in document order.
	ResourceOrder []string
	// ResourcesComplete is false when part of `resources` comes from
	// somewhere this file does not show (a `${file(...)}` or other
	// variable), or when the file holds only functions: a logical ID missing
	// from Resources may then still exist at deploy time.
	ResourcesComplete bool
	// HasPlugins is true when the file lists plugins, which may add keys of
	// their own to events.
	HasPlugins bool
	// ConfigValidationMode is the top-level setting as written ("" if absent
	// or not a literal).
	ConfigValidationMode string
}

// Function is one entry of `functions`.
type Function struct {
	Name string
	Key  *yamlast.Node
	Node *yamlast.Node
	// Events is the function's `events` list (nil when absent).
	Events *yamlast.Node
}

// StreamEvent is one `- stream: ...` entry of a function's events.
type StreamEvent struct {
	Function *Function
	// Index is the event's position in the function's events list.
	Index int
	// Item is the events list entry, the mapping that holds `stream`.
	Item *yamlast.Node
	// Key is the `stream` key and Value what it maps to: an ARN string for
	// the shorthand form, a mapping for the full form, or anything a user
	// wrote by mistake.
	Key   *yamlast.Node
	Value *yamlast.Node

	// arn is what ARN returns, when arnRead says it was worked out as
	// the event was read: the rules ask for it a dozen times per event.
	arn     *yamlast.Node
	arnRead bool
}

// Shorthand reports whether the event is written as `stream: <arn>`.
func (e *StreamEvent) Shorthand() bool { return e.Value != nil && e.Value.Kind == yamlast.Scalar }

// Prop returns the pair for a key of the mapping form, or nil.
func (e *StreamEvent) Prop(name string) *yamlast.Pair {
	if e.Value == nil || e.Value.Kind != yamlast.Mapping {
		return nil
	}
	return e.Value.Pair(name)
}

// PropValue returns the value of a key of the mapping form, or nil.
func (e *StreamEvent) PropValue(name string) *yamlast.Node {
	if p := e.Prop(name); p != nil {
		return p.Value
	}
	return nil
}

// ARN returns the node that names the source: the shorthand string, or the
// `arn` property.
func (e *StreamEvent) ARN() *yamlast.Node {
	if e.arnRead {
		return e.arn
	}
	return e.readARN()
}

func (e *StreamEvent) readARN() *yamlast.Node {
	if e.Shorthand() {
		return e.Value
	}
	return e.PropValue("arn")
}

// Resource is one entry of resources.Resources.
type Resource struct {
	LogicalID  string
	Key        *yamlast.Node
	Node       *yamlast.Node
	Type       string // "" when missing or not a literal
	Properties *yamlast.Node
}

// Build reads the model from a parsed file.
func Build(ast *yamlast.File) *File {
	f := &File{AST: ast, Resources: map[string]*Resource{}, ResourcesComplete: true}
	root := ast.Root
	if root == nil || root.Kind != yamlast.Mapping {
		return f
	}
	if n := root.Get("configValidationMode"); n != nil && n.Kind == yamlast.Scalar {
		f.ConfigValidationMode = n.Value
	}
	if p := root.Get("plugins"); p != nil && !p.IsNull() {
		f.HasPlugins = true
	}
	functions := root.Get("functions")
	if functions == nil && looksLikeFunctionsFile(root) {
		// A file included with ${file(...)} from the functions section.
		functions = root
		f.ResourcesComplete = false
	}
	f.readFunctions(functions)
	f.readResources(root.Get("resources"), root.Pair("resources") != nil)
	return f
}

// looksLikeFunctionsFile recognises a file whose top level is a map of
// functions: no top-level key of a service file, and entries that have
// `handler`, `image` or `events`.
func looksLikeFunctionsFile(root *yamlast.Node) bool {
	for _, k := range []string{"service", "provider", "functions", "resources", "custom", "plugins"} {
		if root.Pair(k) != nil {
			return false
		}
	}
	for _, p := range root.Pairs {
		v := p.Value
		if v.Kind == yamlast.Mapping && (v.Pair("handler") != nil || v.Pair("events") != nil || v.Pair("image") != nil) {
			return true
		}
	}
	return false
}

func (f *File) readFunctions(n *yamlast.Node) {
	for _, fn := range FunctionsOf(n) {
		f.Functions = append(f.Functions, fn)
		f.Streams = fn.AppendStreams(f.Streams)
	}
}

// FunctionsOf reads the functions that the value of `functions` defines: a
// mapping of functions, or a list of such mappings (typically ${file(...)}
// includes, which are skipped).
func FunctionsOf(n *yamlast.Node) []*Function {
	var maps []*yamlast.Node
	switch {
	case n == nil:
	case n.Kind == yamlast.Mapping:
		maps = append(maps, n)
	case n.Kind == yamlast.Sequence:
		for _, it := range n.Items {
			if it.Kind == yamlast.Mapping {
				maps = append(maps, it)
			}
		}
	}
	var out []*Function
	for _, m := range maps {
		for _, p := range m.Pairs {
			out = append(out, NewFunction(p))
		}
	}
	return out
}

// NewFunction reads the function that an entry of `functions` defines.
func NewFunction(p *yamlast.Pair) *Function {
	fn := &Function{Name: p.Key.Value, Key: p.Key, Node: p.Value}
	if p.Value.Kind == yamlast.Mapping {
		fn.Events = p.Value.Get("events")
	}
	return fn
}

// AppendStreams appends the function's stream events to dst.
func (fn *Function) AppendStreams(dst []*StreamEvent) []*StreamEvent {
	if fn.Events == nil || fn.Events.Kind != yamlast.Sequence {
		return dst
	}
	// The events are allocated together: a check reads every function's
	// events, and one allocation per function costs less than one per
	// event.
	n := 0
	for _, item := range fn.Events.Items {
		if item.Pair("stream") != nil {
			n++
		}
	}
	if n == 0 {
		return dst
	}
	events := make([]StreamEvent, 0, n)
	dst = slices.Grow(dst, n)
	for i, item := range fn.Events.Items {
		p := item.Pair("stream")
		if p == nil {
			continue
		}
		events = append(events, StreamEvent{Function: fn, Index: i, Item: item, Key: p.Key, Value: p.Value})
		ev := &events[len(events)-1]
		ev.arn, ev.arnRead = ev.readARN(), true
		dst = append(dst, ev)
	}
	return dst
}

func (f *File) readResources(n *yamlast.Node, present bool) {
	complete := ReadResources(n, present, func(r *Resource) {
		if _, dup := f.Resources[r.LogicalID]; !dup {
			f.ResourceOrder = append(f.ResourceOrder, r.LogicalID)
		}
		f.Resources[r.LogicalID] = r
	})
	if !complete {
		f.ResourcesComplete = false
	}
}

// ReadResources reads the value n of `resources` (present tells a
// `resources:` with no value from no key at all), calling add for each entry
// of resources.Resources in document order (a later one with the same
// logical ID overrides an earlier one). It reports false when part of the
// resources comes from something the file does not show.
func ReadResources(n *yamlast.Node, present bool, add func(*Resource)) (complete bool) {
	complete = true
	var parts []*yamlast.Node
	switch {
	case n == nil:
		if !present {
			return complete
		}
	case n.Kind == yamlast.Sequence:
		parts = n.Items
	default:
		parts = []*yamlast.Node{n}
	}
	for _, part := range parts {
		if IsVariable(part) {
			complete = false
			continue
		}
		res := part.Get("Resources")
		if IsVariable(res) {
			complete = false
			continue
		}
		if res == nil || res.Kind != yamlast.Mapping {
			continue
		}
		for _, p := range res.Pairs {
			add(NewResource(p))
		}
	}
	return complete
}

// NewResource reads the resource that an entry of resources.Resources
// defines.
func NewResource(p *yamlast.Pair) *Resource {
	r := &Resource{LogicalID: p.Key.Value, Key: p.Key, Node: p.Value}
	if p.Value.Kind == yamlast.Mapping {
		if t := p.Value.Get("Type"); t != nil && t.Kind == yamlast.Scalar && !HasVariable(t.Value) {
			r.Type = t.Value
		}
		r.Properties = p.Value.Get("Properties")
	}
	return r
}

// StreamType is the kind of source a stream event reads.
type StreamType uint8

const (
	UnknownStream StreamType = iota
	Kinesis
	DynamoDB
)

func (t StreamType) String() string {
	switch t {
	case Kinesis:
		return "kinesis"
	case DynamoDB:
		return "dynamodb"
	}
	return "unknown"
}

// TypeEvidence says where a stream type was learned from, so that messages
// can name it.
type TypeEvidence uint8

const (
	NoEvidence TypeEvidence = iota
	FromTypeKey
	FromARN
	FromResource
)

// SourceType works out which kind of stream the event reads, the way the
// framework does: an explicit `type` wins, then the service named in a
// literal ARN; beyond the framework, the type of a resource referenced with
// GetAtt or Ref.
func (f *File) SourceType(e *StreamEvent) (StreamType, TypeEvidence) {
	if t := e.PropValue("type"); t != nil && t.Kind == yamlast.Scalar {
		switch t.Value {
		case "dynamodb":
			return DynamoDB, FromTypeKey
		case "kinesis":
			return Kinesis, FromTypeKey
		}
	}
	arn := e.ARN()
	if arn == nil {
		return UnknownStream, NoEvidence
	}
	if arn.Kind == yamlast.Scalar && !arn.IsNull() {
		if _, ok := arn.ShortTag(); !ok {
			switch ARNService(arn.Value) {
			case "dynamodb":
				return DynamoDB, FromARN
			case "kinesis":
				return Kinesis, FromARN
			}
			return UnknownStream, NoEvidence
		}
	}
	if in, ok := IntrinsicOf(arn); ok && in.LogicalID != "" {
		if r := f.Resources[in.LogicalID]; r != nil {
			switch r.Type {
			case "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable":
				return DynamoDB, FromResource
			case "AWS::Kinesis::Stream", "AWS::Kinesis::StreamConsumer":
				return Kinesis, FromResource
			}
		}
	}
	return UnknownStream, NoEvidence
}

// ARNService returns the service field of an ARN string (the third
// colon-separated field), or "" when s is not an ARN or the field is a
// variable.
func ARNService(s string) string {
	if !strings.HasPrefix(s, "arn:") {
		return ""
	}
	var buf [6]string
	parts := catalog.AppendSplitOutsideVariables(buf[:0], s, ':', 6)
	if len(parts) < 4 || HasVariable(parts[2]) {
		return ""
	}
	return parts[2]
}

// SplitARN splits an ARN at the colons that separate its fields, leaving
// alone the colons inside variables such as ${self:custom.x} or
// #{AWS::Region}. The resource part (from the sixth field on) may contain
// colons of its own and stays whole. It scans variables with catalog's
// splitter, the one ParseARN uses, so that the rules that read single fields
// and the ones that parse whole ARNs agree on where a variable ends.
func SplitARN(s string) []string {
	return catalog.SplitOutsideVariables(s, ':', 6)
}
