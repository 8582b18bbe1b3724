package rules

import (
	"math"
	"strconv"
	"strings"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/document"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// Helpers shared by the rules that judge a stream event's values. They
// mirror what the framework does with a value before it reaches
// CloudFormation, so that a rule never flags what the framework accepts.

// judged reports whether n is a literal value a rule may judge: present,
// not null, free of `${...}`/`#{...}` variables (resolved only at deploy
// time) and not a CloudFormation intrinsic (resolved by CloudFormation).
func judged(n *yamlast.Node) bool {
	if n.IsNull() || serverless.IsVariable(n) {
		return false
	}
	return !serverless.IsIntrinsic(n)
}

// isIntrinsic reports whether n is a CloudFormation intrinsic, long or short
// form.
func isIntrinsic(n *yamlast.Node) bool { return serverless.IsIntrinsic(n) }

// streamMapping returns the event's settings mapping, or nil when the event
// is written in another form. A one-key `Fn::...` mapping is an intrinsic
// standing for the whole event, not a mapping of settings.
func streamMapping(ev *serverless.StreamEvent) *yamlast.Node {
	if ev.Value == nil || ev.Value.Kind != yamlast.Mapping || isIntrinsic(ev.Value) {
		return nil
	}
	return ev.Value
}

// present returns the pair for key when it is written with a non-null value.
// The framework deletes null-valued keys before validating and treats them
// as absent (reference/serverless-stream.md 1.5).
func present(m *yamlast.Node, key string) *yamlast.Pair {
	p := m.Pair(key)
	if p == nil || p.Value.IsNull() {
		return nil
	}
	return p
}

// isString reports whether a scalar is a YAML string, which is what the
// framework's JavaScript sees as a string: quoted, or plain text that is not
// a number, boolean or null.
func isString(n *yamlast.Node) bool {
	return n != nil && n.Kind == yamlast.Scalar && (n.Quoted || n.Tag == "!!str")
}

// stringValue returns a scalar's text if it is a string without variables.
func stringValue(n *yamlast.Node) (string, bool) {
	if !isString(n) || serverless.IsVariable(n) {
		return "", false
	}
	if _, tagged := n.ShortTag(); tagged {
		return "", false
	}
	return n.Value, true
}

// frameworkType is the stream type the framework's compiler works with: the
// `type` value as written, else the third field of a literal ARN string
// (reference/serverless-stream.md 3.2). It is "" when neither is known.
func frameworkType(ev *serverless.StreamEvent) string {
	if m := streamMapping(ev); m != nil {
		if p := present(m, "type"); p != nil {
			if s, ok := stringValue(p.Value); ok {
				return s
			}
			return ""
		}
	}
	if s, ok := stringValue(ev.ARN()); ok {
		return serverless.ARNService(s)
	}
	return ""
}

// consumerSet reports whether the event asks for a consumer in a way the
// framework's compiler honours: any value but null and false.
func consumerSet(ev *serverless.StreamEvent) bool {
	m := streamMapping(ev)
	if m == nil {
		return false
	}
	p := present(m, "consumer")
	return p != nil && !(p.Value.Tag == "!!bool" && !p.Value.Quoted && strings.EqualFold(p.Value.Value, "false"))
}

// coercion says how the framework's validator got a value of the type it
// wanted. The validator is Ajv with coerceTypes "array", and it changes the
// configuration the compiler then reads, without a word
// (reference/serverless-stream.md 1.5).
type coercion uint8

const (
	// rejected: the validator could not convert the value.
	rejected coercion = iota
	// asWritten: the YAML value already has the type.
	asWritten
	// fromString: a string such as "100" or "false" was converted.
	fromString
	// fromBoolean: true or false was turned into 1 or 0.
	fromBoolean
	// fromNumber: 1 or 0 was turned into true or false.
	fromNumber
	// fromList: a one-item list was replaced by its item.
	fromList
)

// frameworkNumber returns the number the validator sees for n, for keys
// whose schema type is integer or number. Ajv converts strings that
// JavaScript reads as a number, booleans, and one-item lists.
func frameworkNumber(n *yamlast.Node) (float64, coercion) {
	if n == nil {
		return 0, rejected
	}
	if n.Kind == yamlast.Sequence && len(n.Items) == 1 {
		// Ajv unwraps one level only, then converts the item as usual.
		v, c := frameworkNumber(n.Items[0])
		if c == rejected || n.Items[0].Kind == yamlast.Sequence {
			return 0, rejected
		}
		return v, fromList
	}
	if n.Kind != yamlast.Scalar {
		return 0, rejected
	}
	if _, tagged := n.ShortTag(); tagged {
		return 0, rejected
	}
	switch {
	case n.Quoted || n.Tag == "!!str":
		if n.Value == "" {
			return 0, rejected
		}
		v, ok := jsStringToNumber(n.Value)
		if !ok {
			return 0, rejected
		}
		return v, fromString
	case n.Tag == "!!bool":
		if strings.EqualFold(n.Value, "true") {
			return 1, fromBoolean
		}
		return 0, fromBoolean
	case n.Tag == "!!int" || n.Tag == "!!float":
		if v, ok := yamlNumber(n); ok {
			return v, asWritten
		}
	}
	return 0, rejected
}

// frameworkBool returns the boolean the validator sees for n: YAML booleans,
// the exact strings "true" and "false", the numbers 1 and 0, and one-item
// lists of those.
func frameworkBool(n *yamlast.Node) (bool, coercion) {
	if n == nil {
		return false, rejected
	}
	if n.Kind == yamlast.Sequence && len(n.Items) == 1 && n.Items[0].Kind == yamlast.Scalar {
		v, c := frameworkBool(n.Items[0])
		if c == rejected {
			return false, rejected
		}
		return v, fromList
	}
	if n.Kind != yamlast.Scalar {
		return false, rejected
	}
	if _, tagged := n.ShortTag(); tagged {
		return false, rejected
	}
	switch {
	case n.Quoted || n.Tag == "!!str":
		// JavaScript compares strictly: "False" and "yes" stay strings.
		switch n.Value {
		case "true":
			return true, fromString
		case "false":
			return false, fromString
		}
	case n.Tag == "!!bool":
		return strings.EqualFold(n.Value, "true"), asWritten
	case n.Tag == "!!int" || n.Tag == "!!float":
		if v, ok := yamlNumber(n); ok && (v == 0 || v == 1) {
			return v == 1, fromNumber
		}
	}
	return false, rejected
}

// yamlNumber reads a plain YAML number the way the YAML loader does.
func yamlNumber(n *yamlast.Node) (float64, bool) {
	s := strings.ReplaceAll(n.Value, "_", "")
	switch strings.ToLower(strings.TrimLeft(s, "+-")) {
	case ".inf":
		if strings.HasPrefix(s, "-") {
			return math.Inf(-1), true
		}
		return math.Inf(1), true
	case ".nan":
		return math.NaN(), true
	}
	if n.Tag == "!!int" {
		if i, err := strconv.ParseInt(s, 0, 64); err == nil {
			return float64(i), true
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

// jsStringToNumber is JavaScript's unary plus on a string: surrounding
// white space is ignored, an empty string is 0, and hexadecimal, octal and
// binary literals and Infinity are numbers too.
func jsStringToNumber(s string) (float64, bool) {
	t := strings.TrimFunc(s, isJSWhiteSpace)
	if t == "" {
		return 0, true
	}
	if len(t) > 2 && t[0] == '0' {
		base := 0
		switch t[1] {
		case 'x', 'X':
			base = 16
		case 'o', 'O':
			base = 8
		case 'b', 'B':
			base = 2
		}
		if base != 0 {
			u, err := strconv.ParseUint(t[2:], base, 64)
			return float64(u), err == nil
		}
	}
	switch t {
	case "Infinity", "+Infinity":
		return math.Inf(1), true
	case "-Infinity":
		return math.Inf(-1), true
	}
	if !isDecimalLiteral(t) {
		return 0, false
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil && !strings.Contains(err.Error(), "range") {
		return 0, false
	}
	return f, true
}

// isDecimalLiteral accepts JavaScript's StrDecimalLiteral: an optional sign,
// digits with an optional fraction (or a fraction alone), and an optional
// exponent. Go's ParseFloat alone would also take "0x1p-2", "inf" and "1_0".
func isDecimalLiteral(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && isDigit(s[i]) {
		i, digits = i+1, digits+1
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isDigit(s[i]) {
			i, digits = i+1, digits+1
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < len(s) && isDigit(s[i]) {
			i, exp = i+1, exp+1
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isJSWhiteSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\v', '\f', '\r', 0xA0, 0xFEFF, 0x2028, 0x2029:
		return true
	}
	return r == 0x1680 || (r >= 0x2000 && r <= 0x200A) || r == 0x202F || r == 0x205F || r == 0x3000
}

// isWholeNumber reports whether v passes the validator's integer check.
func isWholeNumber(v float64) bool {
	return !math.IsInf(v, 0) && !math.IsNaN(v) && v == math.Trunc(v)
}

// formatNumber prints a number the way the user would write it.
func formatNumber(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// streamKeysOfKind lists the stream keys whose values are of one kind, in
// the catalog's order, for the rules that check one kind of value.
func streamKeysOfKind(kind catalog.ValueKind) []catalog.Key {
	var keys []catalog.Key
	for _, k := range catalog.StreamKeys() {
		if k.Kind == kind {
			keys = append(keys, k)
		}
	}
	return keys
}

// tagSpan is the span of a short intrinsic's tag (`!Sub`), or the node's
// whole span when the tag is not written at its start (a verbatim tag).
func tagSpan(text document.Text, n *yamlast.Node) document.Span {
	tag, ok := n.ShortTag()
	if ok && text.HasAt(n.Span.Start, tag) {
		return document.Span{Start: n.Span.Start, End: n.Span.Start + len(tag)}
	}
	return n.Span
}

// intrinsicNameSpan is where an intrinsic's function is named: the tag of
// the short form, the `Fn::...` key of the long one.
func intrinsicNameSpan(text document.Text, in *serverless.Intrinsic) document.Span {
	if in.Short {
		return tagSpan(text, in.Node)
	}
	return in.Node.Pairs[0].Key.Span
}

// intrinsicLabel names an intrinsic as the user wrote it, for messages.
func intrinsicLabel(in *serverless.Intrinsic) string {
	if in.Short {
		return "!" + in.Name
	}
	return in.Node.Pairs[0].Key.Value
}

// arnText returns the ARN a value stands for, for rules that judge the
// service or resource it names: a literal string, or an `Fn::Join` of
// strings and intrinsics, or an `Fn::Sub` template. Whatever is only known
// at deploy time is left as a variable, which catalog.ParseARN never judges.
func arnText(n *yamlast.Node) (string, bool) {
	if s, ok := stringValue(n); ok {
		return s, true
	}
	if serverless.IsVariable(n) {
		if _, tagged := n.ShortTag(); !tagged {
			return n.Value, true
		}
	}
	in, ok := serverless.ReadIntrinsic(n)
	if !ok {
		return "", false
	}
	switch in.Name {
	case "Join":
		a := in.Args
		if a.Kind != yamlast.Sequence || len(a.Items) != 2 || a.Items[1].Kind != yamlast.Sequence {
			return "", false
		}
		sep, ok := scalarText(a.Items[0])
		if !ok {
			return "", false
		}
		parts := make([]string, len(a.Items[1].Items))
		for i, item := range a.Items[1].Items {
			if s, ok := scalarText(item); ok {
				parts[i] = s
			} else {
				parts[i] = unknownPart
			}
		}
		return strings.Join(parts, sep), true
	case "Sub":
		// Sub's `${AWS::Region}` placeholders read as variables already.
		a := in.Args
		if a.Kind == yamlast.Sequence && len(a.Items) > 0 {
			a = a.Items[0]
		} else if in.Short && a.Kind == yamlast.Scalar {
			// `!Sub template`: the tag belongs to Sub, the text is the template.
			return a.Value, true
		}
		return scalarText(a)
	}
	return "", false
}

// unknownPart stands for a piece of an ARN that an intrinsic computes.
const unknownPart = "${}"

// scalarText is the text of an untagged scalar, variables included.
func scalarText(n *yamlast.Node) (string, bool) {
	if n == nil || n.Kind != yamlast.Scalar {
		return "", false
	}
	if _, tagged := n.ShortTag(); tagged {
		return "", false
	}
	return n.Value, true
}

// lastSegmentLiteral reports whether the last `/`-separated segment of an
// ARN resource ends in literal text. A trailing variable could hide more
// path segments (`table/${self:custom.x}` might be a stream path), so such
// a resource is not judged by its shape.
func lastSegmentLiteral(resource string) bool {
	return !strings.HasSuffix(strings.TrimSpace(resource), "}") && resource != ""
}

// describeValue shows a value in a message: scalars as written, other
// shapes by kind.
func describeValue(n *yamlast.Node) string {
	switch n.Kind {
	case yamlast.Scalar:
		if n.Quoted {
			return strconv.Quote(n.Value)
		}
		return "`" + n.Value + "`"
	case yamlast.Sequence:
		return "a list"
	case yamlast.Mapping:
		return "a mapping"
	}
	return "null"
}

// literalStreamARN parses the event's source ARN when it is written out: a
// string (variables allowed inside) or an Fn::Join. Fn::Sub is left out on
// purpose: the framework crashes on it whatever it names, and
// stream-arn-intrinsic-unsupported says so.
func literalStreamARN(ev *serverless.StreamEvent) (catalog.ARN, *yamlast.Node, bool) {
	n := ev.ARN()
	if n.IsNull() {
		return catalog.ARN{}, nil, false
	}
	if in, ok := serverless.ReadIntrinsic(n); ok && in.Name != "Join" {
		return catalog.ARN{}, nil, false
	}
	s, ok := arnText(n)
	if !ok {
		return catalog.ARN{}, nil, false
	}
	a, ok := catalog.ParseARN(s)
	if !ok || a.Unresolved.Has(catalog.PartService) {
		return catalog.ARN{}, nil, false
	}
	return a, n, true
}

// resourceOf returns the resource an intrinsic references by logical ID,
// when the file defines it.
func resourceOf(f *serverless.File, n *yamlast.Node) (*serverless.Intrinsic, *serverless.Resource) {
	in, ok := serverless.IntrinsicOf(n)
	if !ok || in.LogicalID == "" {
		return nil, nil
	}
	return in, f.Resources[in.LogicalID]
}

// atTimestamp returns the `startingPosition` pair when it says exactly
// AT_TIMESTAMP.
func atTimestamp(m *yamlast.Node) *yamlast.Pair {
	p := present(m, "startingPosition")
	if p == nil {
		return nil
	}
	if s, ok := stringValue(p.Value); ok && s == "AT_TIMESTAMP" {
		return p
	}
	return nil
}

// onFailure returns the `destinations.onFailure` pair, when it is written
// with a value.
func onFailure(ev *serverless.StreamEvent) *yamlast.Pair {
	m := streamMapping(ev)
	if m == nil {
		return nil
	}
	d := present(m, "destinations")
	if d == nil || d.Value.Kind != yamlast.Mapping || isIntrinsic(d.Value) {
		return nil
	}
	return present(d.Value, "onFailure")
}

// destinationARN returns the node that holds the on-failure destination's
// ARN, in the string form or the `{arn, type}` form.
func destinationARN(f *yamlast.Pair) *yamlast.Node {
	v := f.Value
	if v.Kind == yamlast.Mapping && !isIntrinsic(v) {
		return v.Get("arn")
	}
	return v
}

// arnSpan is where to report a problem with an ARN value: the value itself,
// or for an intrinsic, which may run over many lines, its function name.
func arnSpan(text document.Text, n *yamlast.Node) document.Span {
	if in, ok := serverless.ReadIntrinsic(n); ok {
		return intrinsicNameSpan(text, &in)
	}
	return n.Span
}
