package catalog

import (
	"slices"
	"strconv"
	"strings"
)

// StreamType is a set of stream services, so that one value can say "this
// key only matters for Kinesis" and another "for both".
type StreamType uint8

const (
	Kinesis StreamType = 1 << iota
	DynamoDB

	AnyStream = Kinesis | DynamoDB
)

// Has reports whether every service in u is also in t.
func (t StreamType) Has(u StreamType) bool { return u != 0 && t&u == u }

// String names the services the way hovers print them.
func (t StreamType) String() string {
	switch t {
	case Kinesis:
		return "Kinesis Data Streams only"
	case DynamoDB:
		return "DynamoDB Streams only"
	case AnyStream:
		return "Kinesis Data Streams and DynamoDB Streams"
	}
	return "no stream type"
}

// ValueKind is the shape of value the framework's schema accepts for a key.
// It is coarser than JSON schema on purpose: completion and hover need to
// know what to offer, validation rules check the details (Ranges, Enum).
type ValueKind uint8

const (
	KindInteger        ValueKind = iota + 1
	KindNumber                   // any number, fractions allowed
	KindBoolean                  // true or false
	KindEnum                     // one of Key.Enum, exact spelling
	KindARNOrIntrinsic           // a string starting with "arn:", or a CloudFormation intrinsic
	KindTrueOrARN                // the literal true, or an ARN / intrinsic (consumer)
	KindList                     // a YAML sequence (of mappings, for filterPatterns)
	KindMapping                  // a YAML mapping with the keys in Key.Children
	KindARNOrMapping             // an "arn:" string, or a mapping with the keys in Key.Children
)

// String is the type name shown in hovers.
func (v ValueKind) String() string {
	switch v {
	case KindInteger:
		return "integer"
	case KindNumber:
		return "number"
	case KindBoolean:
		return "boolean"
	case KindEnum:
		return "string (one of the values below)"
	case KindARNOrIntrinsic:
		return "ARN string or CloudFormation intrinsic"
	case KindTrueOrARN:
		return "`true`, or an ARN string or CloudFormation intrinsic"
	case KindList:
		return "list"
	case KindMapping:
		return "mapping"
	case KindARNOrMapping:
		return "ARN string or mapping"
	}
	return "unknown"
}

// FrameworkCoerces reports whether the framework's validator silently turns
// a quoted value into this kind ("100" into 100, "false" into false). Rules
// use it to avoid flagging what the framework accepts; enum-only keys are
// not converted, which is why `startingPosition: latest` is an error.
func (v ValueKind) FrameworkCoerces() bool {
	return v == KindInteger || v == KindNumber || v == KindBoolean
}

// IntRange is an inclusive range of allowed integers.
type IntRange struct{ Min, Max int64 }

// Contains reports whether n lies in r.
func (r IntRange) Contains(n int64) bool { return n >= r.Min && n <= r.Max }

// String prints the range for people: "-1" for a single value, "1 to 10000"
// otherwise.
func (r IntRange) String() string {
	if r.Min == r.Max {
		return strconv.FormatInt(r.Min, 10)
	}
	return strconv.FormatInt(r.Min, 10) + " to " + strconv.FormatInt(r.Max, 10)
}

// Link is a documentation page a hover points to.
type Link struct {
	Title string
	URL   string
}

// EnumValue documents one allowed value of an enum key. Values can be
// narrower than their key: AT_TIMESTAMP is a startingPosition that only
// Kinesis supports, so completion can leave it out for DynamoDB.
type EnumValue struct {
	Value     string
	Summary   string
	AppliesTo StreamType
	Since     string // framework version that added the value; "" if it was always there
}

// Key is everything stream-ls knows about one key of a stream event.
type Key struct {
	// Name is the framework's spelling; YAML keys are case-sensitive.
	Name string
	// Summary is one line, used as completion detail.
	Summary string
	// Doc is the body of the hover, in a small markdown subset (paragraphs,
	// "- " bullets, `code`, **bold**; no links, they live in Links) so that
	// PlainDoc can strip it reliably.
	Doc  string
	Kind ValueKind
	// Required is set for keys that must always be present. Conditional
	// requirements (type is needed when arn is an intrinsic) are in Doc and
	// belong to the rules.
	Required bool
	// Ranges are the allowed integers; a value is valid if any range
	// contains it. maximumRecordAgeInSeconds has two: {-1,-1} and {60,604800}.
	Ranges []IntRange
	// Enum lists the allowed values, exact and case-sensitive, in the
	// framework's schema order. It is filled from Values.
	Enum   []string
	Values []EnumValue
	// MinItems and MaxItems bound a KindList value; zero means unbounded.
	MinItems, MaxItems int
	// FrameworkDefault is what the framework writes to the template when the
	// key is omitted; "" when it writes nothing and AWS's default applies.
	FrameworkDefault string
	// AWSDefault is the service's default; "" when there is none.
	AWSDefault string
	AppliesTo  StreamType
	// CloudFormationProperty is the AWS::Lambda::EventSourceMapping property
	// the value ends up in (a dotted path for nested ones); "" for keys that
	// only steer the framework, such as type.
	CloudFormationProperty string
	// Since is the framework version that added the key; "" if it predates
	// the versions the reference tracks.
	Since string
	Links []Link
	// Snippet is an LSP snippet for the value, inserted after "key: ". A
	// snippet that starts with a newline is a block, indented relative to
	// the key; clients re-indent it to the key's column.
	Snippet string
	// Children are the keys of a mapping value (destinations, onFailure).
	Children []Key

	// docs is the catalog key's documentation, rendered once, shared by
	// the copies the accessors hand out: completion offers a dozen
	// documented keys on every keystroke, and rendering them was two
	// thirds of what a request allocated. A copy whose fields no longer
	// match the catalog's key, and a Key built elsewhere, render anew.
	docs *renderedDocs
}

type renderedDocs struct {
	of      Key // the catalog's key, as rendered
	md, txt string
}

func renderDocs(k Key) *renderedDocs {
	return &renderedDocs{of: k, md: markdownDoc(k), txt: plainDoc(k)}
}

// docsOf returns the rendered documentation of k when k renders as the
// catalog's key it was copied from.
func docsOf(k Key) *renderedDocs {
	if d := k.docs; d != nil && sameDocInputs(k, d.of) {
		return d
	}
	return nil
}

// sameDocInputs reports whether a and b agree on every field the
// documentation is rendered from.
func sameDocInputs(a, b Key) bool {
	return a.Name == b.Name && a.Summary == b.Summary && a.Doc == b.Doc && a.Kind == b.Kind &&
		a.Required == b.Required && a.MinItems == b.MinItems && a.MaxItems == b.MaxItems &&
		a.FrameworkDefault == b.FrameworkDefault && a.AWSDefault == b.AWSDefault && a.AppliesTo == b.AppliesTo &&
		a.CloudFormationProperty == b.CloudFormationProperty && a.Since == b.Since &&
		slices.Equal(a.Ranges, b.Ranges) && slices.Equal(a.Values, b.Values) && slices.Equal(a.Links, b.Links)
}

// InRange reports whether n is an allowed value. Keys without Ranges accept
// any integer.
func (k Key) InRange(n int64) bool {
	if len(k.Ranges) == 0 {
		return true
	}
	for _, r := range k.Ranges {
		if r.Contains(n) {
			return true
		}
	}
	return false
}

// RangeText prints Ranges for messages: "1 to 10000", "-1 or 60 to 604800".
func (k Key) RangeText() string {
	parts := make([]string, len(k.Ranges))
	for i, r := range k.Ranges {
		parts[i] = r.String()
	}
	return strings.Join(parts, " or ")
}

// HasEnumValue reports whether v is one of the allowed values, compared the
// way the framework compares them: exactly.
func (k Key) HasEnumValue(v string) bool { return slices.Contains(k.Enum, v) }

// EnumValue returns the documentation of one allowed value.
func (k Key) EnumValue(v string) (EnumValue, bool) {
	for _, e := range k.Values {
		if e.Value == v {
			return e, true
		}
	}
	return EnumValue{}, false
}

// Child returns the child key with the given exact name.
func (k Key) Child(name string) (Key, bool) {
	for _, c := range k.Children {
		if c.Name == name {
			return c.clone(), true
		}
	}
	return Key{}, false
}

// clone copies every slice, so that a caller who appends to or edits a
// returned Key cannot change the catalog that every hover reads.
func (k Key) clone() Key {
	k.Ranges = slices.Clone(k.Ranges)
	k.Enum = slices.Clone(k.Enum)
	k.Values = slices.Clone(k.Values)
	k.Links = slices.Clone(k.Links)
	if k.Children != nil {
		children := make([]Key, len(k.Children))
		for i, c := range k.Children {
			children[i] = c.clone()
		}
		k.Children = children
	}
	return k
}

func cloneKeys(keys []Key) []Key {
	out := make([]Key, len(keys))
	for i, k := range keys {
		out[i] = k.clone()
	}
	return out
}

// StreamEvent describes the `stream` event itself; its Children are
// StreamKeys.
func StreamEvent() Key { return streamEvent.clone() }

// StreamKeys lists the keys of the object form of a stream event, in the
// order of the framework's schema.
func StreamKeys() []Key { return cloneKeys(streamEvent.Children) }

// StreamKey looks a key up by its exact name. The lookup is case-sensitive
// because the framework's schema is: `BatchSize` is an unknown key.
func StreamKey(name string) (Key, bool) { return streamEvent.Child(name) }

// DestinationKeys lists the keys of the object form of
// destinations.onFailure (arn, type).
func DestinationKeys() []Key {
	k, _ := KeyAt("destinations", "onFailure")
	return k.Children
}

// KeyAt walks from the stream event down the given key path, e.g.
// KeyAt("destinations", "onFailure", "type"). An empty path is the stream
// event itself.
func KeyAt(path ...string) (Key, bool) {
	k := streamEvent
	for _, name := range path {
		var ok bool
		if k, ok = k.Child(name); !ok {
			return Key{}, false
		}
	}
	return k.clone(), true
}

// SuggestKey finds the key a misspelt name probably meant: the same name in
// another case, or the CloudFormation property name (people copy
// `BatchSize` or `MaximumBatchingWindowInSeconds` from templates). It
// returns false for exact names, which need no suggestion.
func SuggestKey(keys []Key, name string) (Key, bool) {
	for _, k := range keys {
		if k.Name == name {
			return Key{}, false
		}
	}
	for _, k := range keys {
		if strings.EqualFold(k.Name, name) {
			return k.clone(), true
		}
	}
	for _, k := range keys {
		prop, _, _ := strings.Cut(k.CloudFormationProperty, ".")
		// consumer also lands in EventSourceArn; arn is the better guess.
		if prop != "" && strings.EqualFold(prop, name) && k.Kind != KindTrueOrARN {
			return k.clone(), true
		}
	}
	return Key{}, false
}

// MarkdownDoc is the full hover text of a key in markdown.
func MarkdownDoc(k Key) string {
	if d := docsOf(k); d != nil {
		return d.md
	}
	return markdownDoc(k)
}

func markdownDoc(k Key) string {
	var b strings.Builder
	b.WriteString("**" + k.Name + "**")
	if k.Summary != "" {
		b.WriteString(": " + k.Summary)
	}
	b.WriteString("\n\n")
	if k.Doc != "" {
		b.WriteString(strings.TrimSpace(k.Doc) + "\n\n")
	}
	for _, f := range facts(k) {
		b.WriteString("- **" + f.label + ":** " + f.text + "\n")
	}
	if len(k.Values) > 0 {
		b.WriteString("\nValues:\n\n")
		for _, v := range k.Values {
			b.WriteString("- `" + v.Value + "`: " + v.Summary + enumQualifiers(v, k.AppliesTo) + "\n")
		}
	}
	if len(k.Links) > 0 {
		b.WriteString("\nDocs: ")
		for i, l := range k.Links {
			if i > 0 {
				b.WriteString(" · ")
			}
			b.WriteString("[" + l.Title + "](" + l.URL + ")")
		}
		b.WriteString("\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// PlainDoc is MarkdownDoc for clients that only render plain text.
func PlainDoc(k Key) string {
	if d := docsOf(k); d != nil {
		return d.txt
	}
	return plainDoc(k)
}

func plainDoc(k Key) string {
	var b strings.Builder
	b.WriteString(k.Name)
	if k.Summary != "" {
		b.WriteString(": " + plain(k.Summary))
	}
	b.WriteString("\n\n")
	if k.Doc != "" {
		b.WriteString(plain(strings.TrimSpace(k.Doc)) + "\n\n")
	}
	for _, f := range facts(k) {
		b.WriteString(f.label + ": " + plain(f.text) + "\n")
	}
	if len(k.Values) > 0 {
		b.WriteString("\nValues:\n")
		for _, v := range k.Values {
			b.WriteString("- " + v.Value + ": " + plain(v.Summary+enumQualifiers(v, k.AppliesTo)) + "\n")
		}
	}
	if len(k.Links) > 0 {
		b.WriteString("\nDocs:\n")
		for _, l := range k.Links {
			b.WriteString("- " + l.Title + ": " + l.URL + "\n")
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

type fact struct{ label, text string }

// facts are the hover's key/value lines, shared by both renderings so that
// they cannot drift apart.
func facts(k Key) []fact {
	var out []fact
	typ := k.Kind.String()
	if k.Kind == KindList && (k.MinItems > 0 || k.MaxItems > 0) {
		typ += ", " + IntRange{int64(k.MinItems), int64(k.MaxItems)}.String() + " items"
	}
	out = append(out, fact{"Type", typ})
	if k.Required {
		out = append(out, fact{"Required", "yes"})
	}
	if len(k.Ranges) > 0 {
		out = append(out, fact{"Allowed", k.RangeText()})
	}
	if k.FrameworkDefault != "" || k.AWSDefault != "" {
		fw := "none (the framework leaves the property out of the template)"
		if k.FrameworkDefault != "" {
			fw = "`" + k.FrameworkDefault + "` (written to the template when the key is omitted)"
		}
		aws := "none"
		if k.AWSDefault != "" {
			aws = "`" + k.AWSDefault + "`"
		}
		out = append(out, fact{"Framework default", fw}, fact{"AWS default", aws})
	}
	out = append(out, fact{"Applies to", k.AppliesTo.String()})
	if k.CloudFormationProperty != "" {
		out = append(out, fact{"CloudFormation", "`" + k.CloudFormationProperty + "`"})
	}
	if k.Since != "" {
		out = append(out, fact{"Since", "Serverless Framework " + k.Since})
	}
	return out
}

// enumQualifiers notes what makes a value narrower than its key.
func enumQualifiers(v EnumValue, keyApplies StreamType) string {
	var q []string
	if v.AppliesTo != 0 && v.AppliesTo != keyApplies {
		q = append(q, v.AppliesTo.String())
	}
	if v.Since != "" {
		q = append(q, "since Serverless Framework "+v.Since)
	}
	if len(q) == 0 {
		return ""
	}
	return " (" + strings.Join(q, ", ") + ")"
}

// plain strips the markdown subset that Doc is allowed to use.
var plainReplacer = strings.NewReplacer("**", "", "`", "")

func plain(md string) string { return plainReplacer.Replace(md) }
