// Package rules holds stream-ls's diagnostics rules, one per file, and the
// engine that runs them over a serverless model. Every rule reports under an
// ID from the catalog, which supplies the default severity and the docs link.
//
// # What a rule sees
//
// The engine serves an analysis that follows the user's edits (package
// analysis): after an edit it re-checks only what the edit can have
// changed. For that it must know what each check depends on, so a rule sees
// a view of the file, not the whole of it, and the view is the same whether
// the file is analysed from scratch or after an edit:
//
//   - A StreamRule sees, in Context.File, one function: Functions holds it,
//     Streams its stream events, Resources and ResourceOrder the resources
//     that its GetAtt and Ref calls name (serverless.Mentions), and
//     AST.Root the rest of the configuration without `functions`, `custom`,
//     `resources.Outputs` and the resources it does not name
//     (serverless.NarrowRoot). ResourcesComplete, HasPlugins and
//     ConfigValidationMode are the file's. A check reruns when its function,
//     an anchor the function uses, a resource it names or the rest of the
//     configuration changes.
//   - What lies beyond the view is read through Context's methods
//     (Resource, ResourceIDs, AllResources, StreamsNaming), which record
//     what was read, so that the check reruns when that changes.
//   - A GroupRule checks together the events that share a key (the stream
//     they read, say) wherever they are; the engine keeps the groups as
//     functions change.
//   - A FileRule sees the whole model, and reruns after every edit; one
//     that declares ScopeSyntax sees only the syntax facts and is cheap.
//   - Messages may name lines (AST.Mapper): the engine notices and reruns
//     the check when lines move. Other positions must come from spans.
package rules

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/suppress"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// Options tune the rules; the zero value means the defaults.
type Options struct {
	// FilterPatternQuota is the number of filter patterns per mapping that
	// the account may use; AWS's default quota is 5.
	FilterPatternQuota int
}

func (o Options) filterPatternQuota() int {
	if o.FilterPatternQuota > 0 {
		return o.FilterPatternQuota
	}
	return catalog.FilterPatternsDefaultQuota
}

// Context is what a rule sees besides the event it checks.
type Context struct {
	// File is the rule's view of the file; see the package comment.
	File    *serverless.File
	Options Options

	env  Env
	deps *Deps
	// memo holds what a rule computes once for the whole view rather than
	// once per event (see memoized); it lives as long as the Context. A
	// view has a few such values, which a list holds for less than a map.
	memo []memoEntry
	// cur holds what the rules work out from the event being checked (see
	// eventFacts).
	cur eventFacts
}

// memoized returns the value stored under key, computing it with build the
// first time. Rules use it where a per-event check would otherwise compare
// every pair of events, which is quadratic in a function with thousands.
func memoized[T any](c *Context, key any, build func() T) T {
	for _, e := range c.memo {
		if e.key == key {
			if v, ok := e.value.(T); ok {
				return v
			}
		}
	}
	v := build()
	c.memo = append(c.memo, memoEntry{key, v})
	return v
}

type memoEntry struct {
	key, value any
}

// Resource returns the resource with logical ID id wherever the file
// defines it, nil when it does not. The resources a function names with
// GetAtt or Ref are in File.Resources already; this is for the others.
func (c *Context) Resource(id string) *serverless.Resource {
	if r, ok := c.File.Resources[id]; ok {
		return r
	}
	if c.env == nil {
		return nil
	}
	if c.deps != nil {
		c.deps.Resources = append(c.deps.Resources, id)
	}
	return c.env.Resource(id)
}

// ResourceIDs lists every logical ID of resources.Resources in document
// order, for suggestions.
func (c *Context) ResourceIDs() []string {
	if c.env == nil {
		return c.File.ResourceOrder
	}
	if c.deps != nil {
		c.deps.ResourceIDs = true
	}
	return c.env.ResourceIDs()
}

// AllResources returns every resource of the file, by logical ID and in
// document order. Reading them all makes the check rerun on any change to
// any resource, so use it only when a lookup by ID cannot do.
func (c *Context) AllResources() (map[string]*serverless.Resource, []string) {
	if c.env == nil {
		return c.File.Resources, c.File.ResourceOrder
	}
	if c.deps != nil {
		c.deps.AllResources = true
	}
	return c.env.AllResources()
}

// StreamsNaming returns the stream events, in the whole file and in
// document order, of the functions whose GetAtt or Ref calls name logical
// ID id (serverless.Mentions): all the events that may read the resource.
// The check reruns when any of those functions changes.
func (c *Context) StreamsNaming(id string) []*serverless.StreamEvent {
	if c.env == nil {
		var out []*serverless.StreamEvent
		for _, ev := range c.File.Streams {
			if slices.Contains(serverless.Mentions(ev.Function.Node), id) {
				out = append(out, ev)
			}
		}
		return out
	}
	if c.deps != nil {
		c.deps.Naming = append(c.deps.Naming, id)
	}
	return c.env.StreamsNaming(id)
}

// Directives returns the file's suppression comments, as suppress.Parse
// finds them in AST.Text. An engine that keeps them between versions
// hands them over (its Env has a Directives method), so that a check after
// an edit does not read the whole text again.
func (c *Context) Directives() []suppress.Directive {
	if e, ok := c.env.(interface{ Directives() []suppress.Directive }); ok {
		return e.Directives()
	}
	return suppress.Parse(c.File.AST.Text.String())
}

// Env answers Context's questions about the file beyond a view.
type Env interface {
	Resource(id string) *serverless.Resource
	ResourceIDs() []string
	AllResources() (map[string]*serverless.Resource, []string)
	StreamsNaming(id string) []*serverless.StreamEvent
}

// Deps is what a check read beyond its view, besides the view itself.
type Deps struct {
	// Resources are the logical IDs looked up with Context.Resource.
	Resources []string
	// ResourceIDs and AllResources record calls of those methods.
	ResourceIDs  bool
	AllResources bool
	// Naming are the logical IDs passed to Context.StreamsNaming.
	Naming []string
	// Positions are the byte offsets whose line or column the check
	// looked up through AST.Mapper, -1 for a lookup by line number.
	Positions []int
}

// StreamRule checks one stream event. Rules are per event so that a change
// inside one function re-checks only that function's events.
type StreamRule interface {
	CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter)
}

// FileRule checks something that spans the file.
type FileRule interface {
	CheckFile(ctx *Context, r *Reporter)
}

// GroupRule checks together the stream events that share a key, wherever
// they are in the file: the functions that read one stream, say. The
// engine keeps the groups up to date as functions change, and re-checks a
// group only when one of its events changed or joined or left it.
type GroupRule interface {
	// GroupKey is the key ev belongs under; ok is false to leave ev out.
	// ctx is ev's function's view.
	GroupKey(ctx *Context, ev *serverless.StreamEvent) (key string, ok bool)
	// MemberFacts are everything CheckGroup reads of ev besides its key,
	// its function's place and the resources it names; ctx is nil, for
	// they depend on ev alone. A function checked again whose events keep
	// their keys and their facts leaves its groups as they were,
	// unchecked: one whose function-level defaults changed, say.
	MemberFacts(ctx *Context, ev *serverless.StreamEvent) Facts
	// CheckGroup checks the events of one key, in document order, for
	// every key that at least two events share. ctx's view holds their
	// functions and the resources the events name; other resources are
	// read through ctx (Resource), which records the read.
	CheckGroup(ctx *Context, key string, events []*serverless.StreamEvent, r *Reporter)
}

// Scope says how much of the file a FileRule reads.
type Scope uint8

const (
	// ScopeModel: the whole model, every function, event and resource.
	// The default, and costly: the whole model is built for every run.
	ScopeModel Scope = iota
	// ScopeSyntax: only AST.Text, AST.Mapper, AST.Errors, AST.Duplicates
	// and the file's settings (HasPlugins, ConfigValidationMode,
	// ResourcesComplete). AST.Root is set only when the whole tree is at
	// hand anyway (an analysis from scratch); an incremental analysis
	// leaves it nil.
	ScopeSyntax
)

// Scoped is implemented by a FileRule that reads less than the whole model.
type Scoped interface {
	Scope() Scope
}

var (
	streamRules []StreamRule
	fileRules   []FileRule
	groupRules  []GroupRule
	registered  = map[string]bool{}
)

// register adds a rule to the engine. Rules register themselves from their
// own file's init, so that adding a rule touches no shared list; the ID
// must be in the catalog, which a test also checks.
func register(id string, rule any) {
	if _, ok := catalog.Lookup(id); !ok {
		panic(fmt.Sprintf("rule %q is not in the catalog", id))
	}
	registered[id] = true
	switch r := rule.(type) {
	case StreamRule:
		streamRules = append(streamRules, r)
	case GroupRule:
		groupRules = append(groupRules, r)
	case FileRule:
		fileRules = append(fileRules, r)
	default:
		panic(fmt.Sprintf("rule %q implements neither StreamRule, GroupRule nor FileRule", id))
	}
}

// RegisterForTest adds rule to the engine under catalog ID id, for tests
// of an engine in another package (whose own rules exercise every way a
// rule can read the file), and returns the function that removes it.
func RegisterForTest(id string, rule any) (remove func()) {
	saved := [3]int{len(streamRules), len(fileRules), len(groupRules)}
	wasRegistered := registered[id]
	register(id, rule)
	return func() {
		streamRules, fileRules, groupRules = streamRules[:saved[0]], fileRules[:saved[1]], groupRules[:saved[2]]
		if !wasRegistered {
			delete(registered, id)
		}
	}
}

// Registered lists the IDs of the rules the engine runs.
func Registered() []string {
	out := make([]string, 0, len(registered))
	for id := range registered {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// Reporter collects a rule's diagnostics.
type Reporter struct {
	diags []diag.Diagnostic
}

// Report adds a diagnostic with the rule's default severity.
func (r *Reporter) Report(id string, span document.Span, format string, args ...any) {
	rule, _ := catalog.Lookup(id)
	r.ReportSeverity(id, rule.Severity, span, format, args...)
}

// ReportSeverity adds a diagnostic with a severity other than the rule's
// default, for rules whose findings differ in how sure they are.
func (r *Reporter) ReportSeverity(id string, sev diag.Severity, span document.Span, format string, args ...any) {
	rule, _ := catalog.Lookup(id)
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	r.diags = append(r.diags, diag.Diagnostic{Rule: id, Severity: sev, Span: span, Message: msg, Href: rule.Href})
}

// observed gives the check its own mapper, which records the offsets whose
// positions the check looks up.
func observed(view *serverless.File, deps *Deps) *serverless.File {
	if view.AST == nil || view.AST.Mapper == nil {
		return view
	}
	v := *view
	ast := *view.AST
	ast.Mapper = view.AST.Mapper.Observed(func(off int) {
		if n := len(deps.Positions); n == 0 || deps.Positions[n-1] != off {
			deps.Positions = append(deps.Positions, off)
		}
	})
	v.AST = &ast
	return &v
}

// CheckFunction runs every StreamRule on the stream events of a function's
// view, and lists the groups (see GroupRule) that the events belong to.
// The diagnostics are not sorted. Both are done in one pass over the
// events, so that the rules share what they work out about each.
func CheckFunction(view *serverless.File, env Env, opts Options) ([]diag.Diagnostic, []Member, Deps) {
	var deps Deps
	ctx := &Context{File: observed(view, &deps), Options: opts, env: env, deps: &deps}
	r := &Reporter{}
	var members []Member
	for _, ev := range view.Streams {
		ctx.checking(ev)
		for _, rule := range streamRules {
			rule.CheckStream(ctx, ev, r)
		}
		for i, rule := range groupRules {
			if key, ok := rule.GroupKey(ctx, ev); ok {
				members = append(members, Member{Rule: i, Key: key, Event: ev})
			}
		}
	}
	return r.diags, members, deps
}

// Member is one stream event's place in a GroupRule's groups.
type Member struct {
	Rule  int // index among the group rules
	Key   string
	Event *serverless.StreamEvent
}

// Facts are the member's facts (see GroupRule.MemberFacts). CheckFunction
// does not work them out: they are compared only when a function is
// checked again, and opening a file would pay for every event's.
func (m Member) Facts() Facts { return groupRules[m.Rule].MemberFacts(nil, m.Event) }

// Facts are what a group rule reads of one event (see
// GroupRule.MemberFacts): text that holds the values it reads, and the
// spans it reports at or reads positions from. The engine compares spans
// by where they lie in their piece of the text, so that facts do not
// change when the text before them moves.
type Facts struct {
	Text  string
	Spans []document.Span
	// Incomparable facts are never equal to others: the member's groups
	// are checked whenever its function is.
	Incomparable bool
}

// maxFactsLen bounds the facts of one event; an event whose source is
// bigger than that (aliases can make it so) has no facts that compare
// equal, and its groups are checked every time it is.
const maxFactsLen = 4096

// nodeFacts writes what n holds (kinds, tags and values, all the way
// down) to b: two nodes that write the same are the same to a rule.
// Strings are written with their lengths, so that no value can pass for
// another's structure.
func nodeFacts(b *strings.Builder, n *yamlast.Node) {
	if b.Len() > maxFactsLen {
		return
	}
	if n == nil {
		b.WriteByte('~')
		return
	}
	b.WriteByte(byte('0' + n.Kind))
	for _, str := range [2]string{n.Tag, n.Value} {
		b.WriteString(strconv.Itoa(len(str)))
		b.WriteByte(':')
		b.WriteString(str)
	}
	for _, p := range n.Pairs {
		b.WriteByte('{')
		nodeFacts(b, p.Key)
		nodeFacts(b, p.Value)
		b.WriteByte('}')
	}
	for _, it := range n.Items {
		b.WriteByte('[')
		nodeFacts(b, it)
		b.WriteByte(']')
	}
}

// sourceFacts are the facts of an event that both group rules read: its
// function's name, everything the event holds (merged keys included), the
// resources it names, and the spans of its source and its `stream` key.
// The whole event rather than the keys the rules read today:
// logicalIDCollision reads `consumer` through the source's identity, which
// a list of keys had missed (found in review).
func sourceFacts(ev *serverless.StreamEvent) Facts {
	var b strings.Builder
	b.WriteString(ev.Function.Name)
	b.WriteString("\x00")
	nodeFacts(&b, ev.Item)
	for _, id := range serverless.Mentions(ev.Item) {
		b.WriteString("\x00")
		b.WriteString(id)
	}
	if b.Len() > maxFactsLen {
		return Facts{Incomparable: true}
	}
	return Facts{Text: b.String(), Spans: []document.Span{sourceSpan(ev), ev.Key.Span}}
}

// GroupRuleCount is the number of group rules, which Member.Rule indexes.
func GroupRuleCount() int { return len(groupRules) }

// CheckGroup runs group rule number rule on the events of one key, which
// view (see GroupView) holds in document order.
func CheckGroup(rule int, key string, view *serverless.File, env Env, opts Options) ([]diag.Diagnostic, Deps) {
	var deps Deps
	ctx := &Context{File: observed(view, &deps), Options: opts, env: env, deps: &deps}
	r := &Reporter{}
	groupRules[rule].CheckGroup(ctx, key, view.Streams, r)
	return r.diags, deps
}

// NeedsModel reports whether a FileRule reads the whole model, which an
// incremental analysis then builds for every run.
func NeedsModel() bool {
	for _, rule := range fileRules {
		if scopeOf(rule) == ScopeModel {
			return true
		}
	}
	return false
}

func scopeOf(rule FileRule) Scope {
	if s, ok := rule.(Scoped); ok {
		return s.Scope()
	}
	return ScopeModel
}

// CheckFileRules runs the file rules: those of ScopeSyntax on syntax (see
// SyntaxView), the others on the model that model returns, which is only
// called if one needs it.
func CheckFileRules(syntax *serverless.File, model func() *serverless.File, env Env, opts Options) []diag.Diagnostic {
	r := &Reporter{}
	var whole *serverless.File
	for _, rule := range fileRules {
		view := syntax
		if scopeOf(rule) == ScopeModel {
			if whole == nil {
				whole = model()
			}
			view = whole
		}
		rule.CheckFile(&Context{File: view, Options: opts, env: env}, r)
	}
	return r.diags
}

// SyntaxView is the part of f that ScopeSyntax rules read.
func SyntaxView(f *serverless.File) *serverless.File {
	return &serverless.File{
		AST: &yamlast.File{Text: f.AST.Text, Mapper: f.AST.Mapper, Root: f.AST.Root,
			Errors: f.AST.Errors, Duplicates: f.AST.Duplicates},
		Resources:         map[string]*serverless.Resource{},
		ResourcesComplete: f.ResourcesComplete, HasPlugins: f.HasPlugins, ConfigValidationMode: f.ConfigValidationMode,
	}
}

// View builds the view of a whole model f that holds the functions fns
// and their stream events (see the package comment).
func View(f *serverless.File, fns []*serverless.Function, streams []*serverless.StreamEvent, functionsFile bool) *serverless.File {
	keep := map[string]bool{}
	for _, fn := range fns {
		for _, id := range serverless.Mentions(fn.Node) {
			keep[id] = true
		}
	}
	v := &serverless.File{
		Functions: fns, Streams: streams, Resources: map[string]*serverless.Resource{},
		ResourcesComplete: f.ResourcesComplete, HasPlugins: f.HasPlugins, ConfigValidationMode: f.ConfigValidationMode,
	}
	for _, id := range f.ResourceOrder {
		if keep[id] {
			v.Resources[id] = f.Resources[id]
			v.ResourceOrder = append(v.ResourceOrder, id)
		}
	}
	var root *yamlast.Node
	if r := f.AST.Root; r != nil && r.Kind == yamlast.Mapping {
		root = serverless.NarrowRoot(r.Pairs, functionsFile, func(id string) bool { return keep[id] })
	}
	v.AST = &yamlast.File{Text: f.AST.Text, Mapper: f.AST.Mapper, Root: root}
	return v
}

// IsFunctionsFile reports whether the model's functions are the file's top
// level (see serverless.LooksLikeFunctionsFile).
func IsFunctionsFile(f *serverless.File) bool {
	r := f.AST.Root
	return r != nil && r.Kind == yamlast.Mapping && r.Get("functions") == nil && serverless.LooksLikeFunctionsFile(r)
}

// fullEnv answers Context's questions from a whole model.
type fullEnv struct {
	f      *serverless.File
	naming map[string][]*serverless.StreamEvent // resource ID → the events whose functions name it
}

func (e *fullEnv) Resource(id string) *serverless.Resource { return e.f.Resources[id] }
func (e *fullEnv) ResourceIDs() []string                   { return e.f.ResourceOrder }
func (e *fullEnv) AllResources() (map[string]*serverless.Resource, []string) {
	return e.f.Resources, e.f.ResourceOrder
}
func (e *fullEnv) StreamsNaming(id string) []*serverless.StreamEvent {
	if e.naming == nil {
		// Indexed once: a scan of every stream per question made files
		// where many events name resources quadratic.
		mentions := make(map[*serverless.Function][]string, len(e.f.Functions))
		for _, fn := range e.f.Functions {
			mentions[fn] = serverless.Mentions(fn.Node)
		}
		e.naming = map[string][]*serverless.StreamEvent{}
		for _, ev := range e.f.Streams {
			for k, name := range mentions[ev.Function] {
				if !slices.Contains(mentions[ev.Function][:k], name) {
					e.naming[name] = append(e.naming[name], ev)
				}
			}
		}
	}
	return e.naming[id]
}

// Run checks a whole model: every function's events in the function's
// view, every group, and the file rules. The result is in document order,
// without duplicates: an aliased value shared by several events is reported
// once, at the anchor. An incremental analysis gets the same result by
// running the same checks on the same views, only fewer of them after an
// edit.
func Run(f *serverless.File, opts Options) []diag.Diagnostic {
	env := &fullEnv{f: f}
	ds := CheckFileRules(SyntaxView(f), func() *serverless.File { return f }, env, opts)
	functionsFile := IsFunctionsFile(f)
	type group struct {
		rule   int
		key    string
		events []*serverless.StreamEvent
	}
	var groups []*group
	type groupID struct {
		rule int
		key  string
	}
	byKey := map[groupID]*group{}
	// One pass over the streams: scanning them for each function made a
	// file of many small functions quadratic.
	streamsOf := make(map[*serverless.Function][]*serverless.StreamEvent, len(f.Functions))
	for _, ev := range f.Streams {
		streamsOf[ev.Function] = append(streamsOf[ev.Function], ev)
	}
	for _, fn := range f.Functions {
		view := View(f, []*serverless.Function{fn}, streamsOf[fn], functionsFile)
		d, members, _ := CheckFunction(view, env, opts)
		ds = append(ds, d...)
		for _, m := range members {
			k := groupID{m.Rule, m.Key}
			g := byKey[k]
			if g == nil {
				g = &group{rule: m.Rule, key: m.Key}
				byKey[k] = g
				groups = append(groups, g)
			}
			g.events = append(g.events, m.Event)
		}
	}
	for _, g := range groups {
		if len(g.events) > 1 {
			ds = append(ds, checkGroup(f, g.rule, g.key, g.events, functionsFile, env, opts)...)
		}
	}
	return SortAndDedupe(ds)
}

func checkGroup(f *serverless.File, rule int, key string, events []*serverless.StreamEvent, functionsFile bool, env Env, opts Options) []diag.Diagnostic {
	var fns []*serverless.Function
	for _, ev := range events {
		if !slices.Contains(fns, ev.Function) {
			fns = append(fns, ev.Function)
		}
	}
	d, _ := CheckGroup(rule, key, View(f, fns, events, functionsFile), env, opts)
	return d
}

// SortAndDedupe puts diagnostics in document order and drops repeats, in
// place.
func SortAndDedupe(ds []diag.Diagnostic) []diag.Diagnostic {
	sort.SliceStable(ds, func(i, j int) bool { return Less(ds[i], ds[j]) })
	out := ds[:0]
	for i, d := range ds {
		if i > 0 && d == ds[i-1] {
			continue
		}
		out = append(out, d)
	}
	if out == nil {
		out = []diag.Diagnostic{}
	}
	return out
}

// Less is the order of SortAndDedupe.
func Less(a, b diag.Diagnostic) bool {
	if a.Span.Start != b.Span.Start {
		return a.Span.Start < b.Span.Start
	}
	if a.Span.End != b.Span.End {
		return a.Span.End < b.Span.End
	}
	if a.Rule != b.Rule {
		return a.Rule < b.Rule
	}
	if a.Message != b.Message {
		return a.Message < b.Message
	}
	if a.Severity != b.Severity {
		return a.Severity < b.Severity
	}
	return a.Href < b.Href
}
