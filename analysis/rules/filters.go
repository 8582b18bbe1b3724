package rules

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// Filter patterns are written in YAML but reach AWS as JSON: the framework
// serialises every list item of `filterPatterns` with JSON.stringify into
// one FilterCriteria pattern (reference/serverless-stream.md 3.1). The
// helpers here walk a pattern the way Lambda reads it.

// eventFilterPatterns returns the event's filter patterns that are
// mappings, the only ones whose content can be judged.
func eventFilterPatterns(ev *serverless.StreamEvent) []*yamlast.Node {
	list := ev.PropValue("filterPatterns")
	if list == nil || list.Kind != yamlast.Sequence {
		return nil
	}
	var out []*yamlast.Node
	for _, it := range list.Items {
		if it.Kind == yamlast.Mapping && !isOpaque(it) {
			out = append(out, it)
		}
	}
	return out
}

// patternField is one field of a filter pattern: a key that names a field of
// the record, and what the pattern says about it.
type patternField struct {
	// Path names the enclosing fields, outermost first. `$or` adds no level:
	// its alternatives describe the same record level as the `$or` itself.
	Path []string
	Pair *yamlast.Pair
}

// Name is the field's key.
func (f patternField) Name() string { return f.Pair.Key.Value }

// patternFields lists every field of a pattern, depth first in document
// order. Value lists are leaves; the fields of nested mappings follow their
// parent.
func patternFields(pattern *yamlast.Node) []patternField {
	out := make([]patternField, 0, 2*len(pattern.Pairs))
	var walk func(n *yamlast.Node, path []string)
	walk = func(n *yamlast.Node, path []string) {
		if len(path) > maxPatternDepth {
			return
		}
		for _, p := range n.Pairs {
			if p.Key.Value == orKeyword {
				if p.Value.Kind == yamlast.Sequence {
					for _, alt := range p.Value.Items {
						if alt.Kind == yamlast.Mapping && !isOpaque(alt) {
							walk(alt, path)
						}
					}
				}
				continue
			}
			out = append(out, patternField{Path: path, Pair: p})
			if p.Value.Kind == yamlast.Mapping && !isOpaque(p.Value) {
				walk(p.Value, append(path[:len(path):len(path)], p.Key.Value))
			}
		}
	}
	walk(pattern, nil)
	return out
}

// maxPatternDepth bounds the nesting patternFields follows. Each field
// carries its path, so listing a pattern n levels deep costs n² (a hostile
// 10,000-level pattern took gigabytes); and a pattern deeper than this
// cannot be valid: at six characters a level (`{"a":` and `}`) its JSON
// passes the 4,096 characters AWS allows (stream-filter-pattern-too-long).
const maxPatternDepth = 4096 / 6

// orKeyword is the field-level operator that ORs sub-patterns.
const orKeyword = "$or"

// isOpaque reports whether a value's content is unknown until deploy time:
// a variable, or an intrinsic function written as a tag.
func isOpaque(n *yamlast.Node) bool {
	if n == nil {
		return false
	}
	if _, tagged := n.ShortTag(); tagged {
		return true
	}
	return serverless.IsVariable(n)
}

// containsOpaque reports whether anything inside n is opaque.
func containsOpaque(n *yamlast.Node) bool {
	if isOpaque(n) {
		return true
	}
	for _, p := range n.Pairs {
		if isOpaque(p.Key) || containsOpaque(p.Value) {
			return true
		}
	}
	for _, it := range n.Items {
		if containsOpaque(it) {
			return true
		}
	}
	return false
}

// isOperatorObject reports whether a value-list item is an operator object
// such as `{prefix: "us-"}`.
func isOperatorObject(n *yamlast.Node) bool { return n.Kind == yamlast.Mapping && !isOpaque(n) }

// The record structure of DynamoDB stream events: attribute values sit under
// an image and carry a type descriptor (reference/aws-esm.md 3.4).
var dynamoDBImages = []string{"Keys", "NewImage", "OldImage"}

func isDynamoDBImage(name string) bool {
	for _, img := range dynamoDBImages {
		if name == img {
			return true
		}
	}
	return false
}

// dynamoDBPlace says what a key at a given path stands for in a DynamoDB
// record.
type dynamoDBPlace uint8

const (
	notInDynamoDBRecord dynamoDBPlace = iota
	dynamoDBRecordField               // under `dynamodb`: Keys, NewImage, SequenceNumber...
	dynamoDBAttribute                 // under an image, or under an `M` descriptor: an attribute name
	dynamoDBDescriptor                // under an attribute: S, N, M...
)

// dynamoDBPlaceOf works out the place of a key whose enclosing fields are
// path: `dynamodb` > image > attribute > descriptor, where a map
// descriptor `M` holds attributes again.
func dynamoDBPlaceOf(path []string) dynamoDBPlace {
	if len(path) == 0 || path[0] != "dynamodb" {
		return notInDynamoDBRecord
	}
	if len(path) == 1 {
		return dynamoDBRecordField
	}
	if !isDynamoDBImage(path[1]) {
		return notInDynamoDBRecord
	}
	rest := path[2:]
	for i := 1; i < len(rest); i += 2 {
		if rest[i] != "M" {
			return notInDynamoDBRecord
		}
	}
	if len(rest)%2 == 0 {
		return dynamoDBAttribute
	}
	return dynamoDBDescriptor
}

// underDynamoDBImage reports whether path lies inside an image, where values
// are DynamoDB attribute values.
func underDynamoDBImage(path []string) bool {
	return len(path) >= 2 && path[0] == "dynamodb" && isDynamoDBImage(path[1])
}

// patternJSON serialises a pattern the way the framework does, with
// JavaScript's JSON.stringify over the js-yaml value. It returns false when
// part of the pattern is only known at deploy time.
func patternJSON(n *yamlast.Node) (string, bool) {
	if containsOpaque(n) {
		return "", false
	}
	var b strings.Builder
	writeJSON(&b, n)
	return b.String(), true
}

func writeJSON(b *strings.Builder, n *yamlast.Node) {
	switch n.Kind {
	case yamlast.Null:
		b.WriteString("null")
	case yamlast.Sequence:
		b.WriteByte('[')
		for i, it := range n.Items {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSON(b, it)
		}
		b.WriteByte(']')
	case yamlast.Mapping:
		// A JavaScript object keeps one value per key: a later duplicate
		// wins, an explicit key wins over a merged one, as in Node.Pair.
		// The keys of a pattern's mapping are a handful, found in a list;
		// a map is built only for many.
		var few [8]jsProperty
		props := few[:0]
		var index map[string]int
		for _, p := range n.Pairs {
			k := jsKey(p.Key)
			i := -1
			if index != nil {
				if j, ok := index[k]; ok {
					i = j
				}
			} else {
				i = slices.IndexFunc(props, func(q jsProperty) bool { return q.key == k })
			}
			switch {
			case i < 0:
				props = append(props, jsProperty{k, p})
				if index == nil && len(props) > len(few) {
					index = make(map[string]int, len(n.Pairs))
					for j, q := range props {
						index[q.key] = j
					}
				} else if index != nil {
					index[k] = len(props) - 1
				}
			case props[i].pair.Merged || !p.Merged:
				props[i].pair = p
			}
		}
		b.WriteByte('{')
		for i, q := range props {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONString(b, q.key)
			b.WriteByte(':')
			writeJSON(b, q.pair.Value)
		}
		b.WriteByte('}')
	default:
		writeJSONScalar(b, n)
	}
}

// jsProperty is one property of the JavaScript object a mapping becomes.
type jsProperty struct {
	key  string
	pair *yamlast.Pair
}

// jsKey is the property name a YAML key becomes in the JavaScript object
// js-yaml builds: keys are converted to strings, so an unquoted `NULL`
// becomes "null" and `True` becomes "true".
func jsKey(k *yamlast.Node) string {
	switch {
	case k.Kind == yamlast.Null:
		return "null"
	case k.Kind != yamlast.Scalar:
		var b strings.Builder
		writeJSON(&b, k)
		return b.String()
	case k.Tag == "!!str":
		// What the general case below finds too, without writing it.
		return k.Value
	}
	var b strings.Builder
	writeJSONScalar(&b, k)
	if k.Tag == "!!str" || b.Len() == 0 || b.String()[0] == '"' {
		return k.Value
	}
	return b.String()
}

func writeJSONScalar(b *strings.Builder, n *yamlast.Node) {
	switch n.Tag {
	case "!!int":
		if i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64); err == nil {
			b.WriteString(strconv.FormatInt(i, 10))
			return
		}
	case "!!float":
		if f, ok := yamlFloat(n.Value); ok {
			b.WriteString(jsNumber(f))
			return
		}
	case "!!bool":
		b.WriteString(strings.ToLower(n.Value))
		return
	}
	writeJSONString(b, n.Value)
}

// yamlFloat reads a YAML float, including the special values.
func yamlFloat(s string) (float64, bool) {
	switch strings.ToLower(strings.TrimLeft(s, "+")) {
	case ".inf":
		return math.Inf(1), true
	case "-.inf":
		return math.Inf(-1), true
	case ".nan":
		return math.NaN(), true
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, "_", ""), 64)
	return f, err == nil
}

// jsNumber prints a number as JavaScript's Number#toString does, which
// JSON.stringify uses; infinities and NaN become null.
func jsNumber(f float64) string {
	switch {
	case math.IsInf(f, 0) || math.IsNaN(f):
		return "null"
	case f == 0:
		return "0"
	}
	abs := math.Abs(f)
	if abs >= 1e-6 && abs < 1e21 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	s := strconv.FormatFloat(f, 'e', -1, 64)
	// Go writes e-07 and e+21 where JavaScript writes e-7 and e+21.
	mant, exp, _ := strings.Cut(s, "e")
	sign, digits := exp[:1], strings.TrimLeft(exp[1:], "0")
	return mant + "e" + sign + digits
}

// writeJSONString quotes s as JSON.stringify does: only the quote, the
// backslash and control characters are escaped; other characters, non-ASCII
// included, are written as they are.
func writeJSONString(b *strings.Builder, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte(hex[r>>4])
			b.WriteByte(hex[r&0xf])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	b.WriteByte('"')
}

// jsonFitsIn reports, without writing it, that the JSON patternJSON writes
// for n is at most limit UTF-16 code units long, by a bound on each node:
// a scalar's escaped text (at most six units a byte) or a number's (at
// most 32), the keys and the punctuation, duplicates included. Most
// patterns are far below AWS's limit; false only means that the bound
// does not tell, or that a key is itself a collection.
func jsonFitsIn(n *yamlast.Node, limit int) bool {
	left := limit
	var fits func(n *yamlast.Node) bool
	fits = func(n *yamlast.Node) bool {
		switch n.Kind {
		case yamlast.Null:
			left -= len("null")
		case yamlast.Sequence:
			left -= 2 + len(n.Items)
			for _, it := range n.Items {
				if left < 0 || !fits(it) {
					return false
				}
			}
		case yamlast.Mapping:
			left -= 2 + len(n.Pairs)
			for _, p := range n.Pairs {
				switch p.Key.Kind {
				case yamlast.Null:
					left -= len(`"null":`)
				case yamlast.Scalar:
					// jsKey gives the value or a number's text,
					// which writeJSONString then quotes.
					left -= 6*(2*len(p.Key.Value)+32) + 3
				default:
					return false
				}
				if left < 0 || !fits(p.Value) {
					return false
				}
			}
		default:
			left -= 6*len(n.Value) + 32
		}
		return left >= 0
	}
	return fits(n)
}

// jsLength is the length of s as JavaScript counts it, in UTF-16 code
// units; AWS's 4096 limit applies to the pattern string the framework
// produced.
func jsLength(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// filterSuggestion finds the word a misspelt one probably meant: the same
// word in another case or with other separators, or one within a small
// edit distance. It returns false when nothing is close enough.
func filterSuggestion(word string, candidates []string) (string, bool) {
	squash := func(s string) string {
		return strings.ToLower(strings.NewReplacer("-", "", "_", "", " ", "").Replace(s))
	}
	for _, c := range candidates {
		if strings.EqualFold(c, word) || squash(c) == squash(word) {
			return c, true
		}
	}
	best, bestDist := "", 3
	for _, c := range candidates {
		limit := 2
		if len(c) <= 4 {
			limit = 1
		}
		if d := editDistanceFold(word, c); d <= limit && d < bestDist {
			best, bestDist = c, d
		}
	}
	return best, best != ""
}

// editDistanceFold is the Levenshtein distance between a and b, ignoring
// case.
func editDistanceFold(a, b string) int {
	ra, rb := []rune(strings.ToLower(a)), []rune(strings.ToLower(b))
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// quoteList writes names as `A`, `B` or `C` for messages.
func quoteList(names []string, conjunction string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = "`" + n + "`"
	}
	switch len(q) {
	case 0:
		return ""
	case 1:
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " " + conjunction + " " + q[len(q)-1]
}

// valueOperatorKeywords are the operators Lambda documents that go inside a
// value list, such as `prefix` in `[{prefix: "us-"}]`.
// valueOperatorKeywords is read for every field of every filter pattern, so
// it is derived from the catalog once; callers must not modify it.
var valueOperatorKeywords = sync.OnceValue(func() []string {
	var out []string
	for _, op := range catalog.FilterOperators() {
		if op.Keyword != "" && !op.FieldLevel && !slices.Contains(out, op.Keyword) {
			out = append(out, op.Keyword)
		}
	}
	return out
})

var eventBridgeOnlyKeywords = sync.OnceValue(catalog.EventBridgeOnlyFilterKeywords)

// isValueOperatorKeyword reports whether name is an operator that belongs in
// a value list, including the EventBridge ones Lambda does not list.
func isValueOperatorKeyword(name string) bool {
	return slices.Contains(valueOperatorKeywords(), name) || slices.Contains(eventBridgeOnlyKeywords(), name)
}

// misplacedOperator reports whether a field is really an operator written
// outside a value list: `eventName: {prefix: IN}` reads as a field named
// prefix with the value IN.
func misplacedOperator(f patternField) bool {
	v := f.Pair.Value
	return isValueOperatorKeyword(f.Name()) && v.Kind != yamlast.Sequence && v.Kind != yamlast.Mapping && !isOpaque(v)
}

// holdsRecordObject reports whether a field names a part of a DynamoDB
// record that is an object (`dynamodb`, an image, an attribute value), whose
// pattern is therefore a mapping and never a value list. The DynamoDB
// rules explain how such a field is written.
func holdsRecordObject(typ serverless.StreamType, f patternField) bool {
	if typ == serverless.Kinesis {
		return false
	}
	switch dynamoDBPlaceOf(f.Path) {
	case notInDynamoDBRecord:
		return len(f.Path) == 0 && f.Name() == "dynamodb"
	case dynamoDBRecordField:
		return isDynamoDBImage(f.Name())
	case dynamoDBAttribute:
		return true
	}
	return false
}

// sourceText is the text of a node as written, for messages that quote it;
// long or multi-line values are elided.
func sourceText(f *serverless.File, n *yamlast.Node) string {
	text := f.AST.Text
	if n.Span.Start < 0 || n.Span.End > text.Len() || n.Span.Start >= n.Span.End {
		return n.Value
	}
	s := text.Slice(n.Span.Start, n.Span.End)
	if strings.ContainsAny(s, "\r\n") || len(s) > 60 {
		return "…"
	}
	return s
}

// patternLevels lists every mapping of a pattern that holds fields: the
// pattern itself, nested field mappings and `$or` alternatives.
func patternLevels(pattern *yamlast.Node) []*yamlast.Node {
	out := make([]*yamlast.Node, 0, 4)
	var walk func(n *yamlast.Node)
	walk = func(n *yamlast.Node) {
		out = append(out, n)
		for _, p := range n.Pairs {
			switch {
			case p.Key.Value == orKeyword && p.Value.Kind == yamlast.Sequence:
				for _, alt := range p.Value.Items {
					if alt.Kind == yamlast.Mapping && !isOpaque(alt) {
						walk(alt)
					}
				}
			case p.Value.Kind == yamlast.Mapping && !isOpaque(p.Value):
				walk(p.Value)
			}
		}
	}
	walk(pattern)
	return out
}
