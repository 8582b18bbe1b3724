package catalog

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// walk visits the stream event and every key below it, with its path.
func walk(t *testing.T, f func(t *testing.T, path string, k Key)) {
	t.Helper()
	var rec func(prefix string, k Key)
	rec = func(prefix string, k Key) {
		path := prefix + k.Name
		t.Run(path, func(t *testing.T) { f(t, path, k) })
		for _, c := range k.Children {
			rec(path+".", c)
		}
	}
	rec("", StreamEvent())
}

func names(keys []Key) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k.Name
	}
	return out
}

func TestStreamKeysFollowTheFrameworkSchemaOrder(t *testing.T) {
	want := []string{
		"arn", "type", "batchSize", "parallelizationFactor", "startingPosition",
		"startingPositionTimestamp", "enabled", "consumer", "batchWindow",
		"maximumRetryAttempts", "bisectBatchOnFunctionError",
		"maximumRecordAgeInSeconds", "functionResponseType", "destinations",
		"tumblingWindowInSeconds", "filterPatterns",
	}
	if got := names(StreamKeys()); !slices.Equal(got, want) {
		t.Errorf("StreamKeys() =\n%q\nwant\n%q", got, want)
	}
	if got := names(StreamEvent().Children); !slices.Equal(got, want) {
		t.Errorf("StreamEvent().Children = %q", got)
	}
}

var snippetDollar = regexp.MustCompile(`\$[^{0-9]|\$$`)

func TestEveryKeyIsDocumented(t *testing.T) {
	walk(t, func(t *testing.T, path string, k Key) {
		if k.Summary == "" || strings.Contains(k.Summary, "\n") {
			t.Errorf("Summary must be one non-empty line, got %q", k.Summary)
		}
		if len(k.Doc) < 80 {
			t.Errorf("Doc too short: %q", k.Doc)
		}
		// Doc is restricted so PlainDoc can strip it; links go in Links.
		if strings.Contains(k.Doc, "](") || strings.Contains(k.Doc, "<") || regexp.MustCompile(`(?m)^#`).MatchString(k.Doc) {
			t.Errorf("Doc uses markdown outside its subset: %q", k.Doc)
		}
		if k.Kind == 0 || k.Kind.String() == "unknown" {
			t.Errorf("Kind not set")
		}
		if k.AppliesTo == 0 {
			t.Errorf("AppliesTo not set")
		}
		if len(k.Links) == 0 {
			t.Errorf("no links")
		}
		for _, l := range k.Links {
			if l.Title == "" || !strings.HasPrefix(l.URL, "https://") || strings.ContainsAny(l.URL, " \n") {
				t.Errorf("bad link %+v", l)
			}
		}
		if k.Snippet == "" {
			t.Errorf("no snippet")
		}
		if snippetDollar.MatchString(k.Snippet) {
			t.Errorf("snippet %q has a bare $, which LSP clients read as a variable", k.Snippet)
		}
		if (k.Kind == KindEnum) != (len(k.Enum) > 0) {
			t.Errorf("Kind %v with Enum %q", k.Kind, k.Enum)
		}
		if (k.Kind == KindMapping || (k.Kind == KindARNOrMapping)) != (len(k.Children) > 0) {
			t.Errorf("Kind %v with %d children", k.Kind, len(k.Children))
		}
		if len(k.Values) != len(k.Enum) {
			t.Errorf("Values and Enum differ: %d vs %d", len(k.Values), len(k.Enum))
		}
		for i, v := range k.Values {
			if v.Value != k.Enum[i] || v.Summary == "" || v.AppliesTo == 0 || !k.AppliesTo.Has(v.AppliesTo) {
				t.Errorf("bad enum value %+v", v)
			}
		}
	})
}

func TestCloudFormationProperties(t *testing.T) {
	want := map[string]string{
		"stream":                             "",
		"stream.arn":                         "EventSourceArn",
		"stream.type":                        "",
		"stream.batchSize":                   "BatchSize",
		"stream.parallelizationFactor":       "ParallelizationFactor",
		"stream.startingPosition":            "StartingPosition",
		"stream.startingPositionTimestamp":   "StartingPositionTimestamp",
		"stream.enabled":                     "Enabled",
		"stream.consumer":                    "EventSourceArn",
		"stream.batchWindow":                 "MaximumBatchingWindowInSeconds",
		"stream.maximumRetryAttempts":        "MaximumRetryAttempts",
		"stream.bisectBatchOnFunctionError":  "BisectBatchOnFunctionError",
		"stream.maximumRecordAgeInSeconds":   "MaximumRecordAgeInSeconds",
		"stream.functionResponseType":        "FunctionResponseTypes",
		"stream.destinations":                "DestinationConfig",
		"stream.destinations.onFailure":      "DestinationConfig.OnFailure.Destination",
		"stream.destinations.onFailure.arn":  "DestinationConfig.OnFailure.Destination",
		"stream.destinations.onFailure.type": "",
		"stream.tumblingWindowInSeconds":     "TumblingWindowInSeconds",
		"stream.filterPatterns":              "FilterCriteria",
	}
	seen := 0
	walk(t, func(t *testing.T, path string, k Key) {
		seen++
		w, ok := want[path]
		if !ok {
			t.Fatalf("key %s missing from the test table", path)
		}
		if k.CloudFormationProperty != w {
			t.Errorf("CloudFormationProperty = %q, want %q", k.CloudFormationProperty, w)
		}
		// A key that maps to a top-level property links to its anchor;
		// consumer maps to EventSourceArn only indirectly and links to the
		// StreamConsumer resource instead.
		if w != "" && !strings.Contains(w, ".") && k.Kind != KindTrueOrARN {
			anchor := DocESMProperty(w)
			if !slices.ContainsFunc(k.Links, func(l Link) bool { return l.URL == anchor }) {
				t.Errorf("no link to %s", anchor)
			}
		}
	})
	if seen != len(want) {
		t.Errorf("visited %d keys, table has %d", seen, len(want))
	}
}

func TestDocESMProperty(t *testing.T) {
	got := DocESMProperty("MaximumBatchingWindowInSeconds")
	want := "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-eventsourcemapping.html#cfn-lambda-eventsourcemapping-maximumbatchingwindowinseconds"
	if got != want {
		t.Errorf("got %s", got)
	}
}

func mustKey(t *testing.T, path ...string) Key {
	t.Helper()
	k, ok := KeyAt(path...)
	if !ok {
		t.Fatalf("KeyAt(%q) not found", path)
	}
	return k
}

// The literal values here are the framework's schema (v3.40.0 = sf-core
// 4.41.0) and match AWS's limits; changing one must be deliberate.
func TestRangesAreTheFrameworkSchema(t *testing.T) {
	tests := []struct {
		key  string
		want []IntRange
		text string
	}{
		{"batchSize", []IntRange{{1, 10000}}, "1 to 10000"},
		{"batchWindow", []IntRange{{0, 300}}, "0 to 300"},
		{"maximumRetryAttempts", []IntRange{{-1, 10000}}, "-1 to 10000"},
		{"maximumRecordAgeInSeconds", []IntRange{{-1, -1}, {60, 604800}}, "-1 or 60 to 604800"},
		{"parallelizationFactor", []IntRange{{1, 10}}, "1 to 10"},
		{"tumblingWindowInSeconds", []IntRange{{0, 900}}, "0 to 900"},
	}
	withRanges := 0
	for _, k := range StreamKeys() {
		if len(k.Ranges) > 0 {
			withRanges++
		}
	}
	if withRanges != len(tests) {
		t.Errorf("%d keys have ranges, the test pins %d", withRanges, len(tests))
	}
	for _, tt := range tests {
		k := mustKey(t, tt.key)
		if k.Kind != KindInteger {
			t.Errorf("%s: Kind = %v", tt.key, k.Kind)
		}
		if !slices.Equal(k.Ranges, tt.want) {
			t.Errorf("%s: Ranges = %v, want %v", tt.key, k.Ranges, tt.want)
		}
		if got := k.RangeText(); got != tt.text {
			t.Errorf("%s: RangeText = %q, want %q", tt.key, got, tt.text)
		}
	}
}

func TestInRange(t *testing.T) {
	age := mustKey(t, "maximumRecordAgeInSeconds")
	for n, want := range map[int64]bool{-2: false, -1: true, 0: false, 59: false, 60: true, 604800: true, 604801: false} {
		if got := age.InRange(n); got != want {
			t.Errorf("maximumRecordAgeInSeconds.InRange(%d) = %v", n, got)
		}
	}
	bs := mustKey(t, "batchSize")
	for n, want := range map[int64]bool{0: false, 1: true, 10000: true, 10001: false} {
		if got := bs.InRange(n); got != want {
			t.Errorf("batchSize.InRange(%d) = %v", n, got)
		}
	}
	if !mustKey(t, "enabled").InRange(12345) {
		t.Error("a key without ranges must accept any integer")
	}
}

func TestEnumsAreExact(t *testing.T) {
	tests := []struct {
		path []string
		want []string
	}{
		{[]string{"type"}, []string{"dynamodb", "kinesis"}},
		{[]string{"startingPosition"}, []string{"LATEST", "TRIM_HORIZON", "AT_TIMESTAMP"}},
		{[]string{"functionResponseType"}, []string{"ReportBatchItemFailures"}},
		{[]string{"destinations", "onFailure", "type"}, []string{"sns", "sqs"}},
	}
	enums := 0
	walk(t, func(t *testing.T, _ string, k Key) {
		if len(k.Enum) > 0 {
			enums++
		}
	})
	if enums != len(tests) {
		t.Errorf("%d keys have enums, the test pins %d", enums, len(tests))
	}
	for _, tt := range tests {
		k := mustKey(t, tt.path...)
		if !slices.Equal(k.Enum, tt.want) {
			t.Errorf("%v: Enum = %q, want %q", tt.path, k.Enum, tt.want)
		}
		for _, v := range tt.want {
			if !k.HasEnumValue(v) || k.HasEnumValue(strings.ToLower(v)+"x") {
				t.Errorf("%v: HasEnumValue(%q) wrong", tt.path, v)
			}
		}
	}
	sp := mustKey(t, "startingPosition")
	if sp.HasEnumValue("latest") {
		t.Error("enum comparison must be case-sensitive")
	}
	if v, ok := sp.EnumValue("AT_TIMESTAMP"); !ok || v.AppliesTo != Kinesis || v.Since != "v3.24.0" {
		t.Errorf("AT_TIMESTAMP = %+v, %v; want Kinesis only, since v3.24.0", v, ok)
	}
}

// Choice snippets must offer exactly the allowed values, or completion
// would insert something validation then rejects.
func TestChoiceSnippetsMatchEnums(t *testing.T) {
	choice := regexp.MustCompile(`^\$\{1\|([^|]*)\|\}$`)
	walk(t, func(t *testing.T, _ string, k Key) {
		m := choice.FindStringSubmatch(k.Snippet)
		switch {
		case m != nil && k.Kind == KindBoolean:
			if m[1] != "true,false" {
				t.Errorf("boolean snippet %q", k.Snippet)
			}
		case m != nil:
			if got := strings.Split(m[1], ","); !slices.Equal(got, k.Enum) {
				t.Errorf("snippet choices %q, Enum %q", got, k.Enum)
			}
		case k.Kind == KindEnum && !k.HasEnumValue(k.Snippet):
			t.Errorf("enum key with snippet %q that is neither a choice nor a value", k.Snippet)
		}
	})
}

func TestDefaults(t *testing.T) {
	tests := []struct{ key, framework, aws string }{
		{"arn", "", ""},
		{"type", "", ""},
		{"batchSize", "10", "100"},
		{"parallelizationFactor", "", "1"},
		{"startingPosition", "TRIM_HORIZON", ""},
		{"startingPositionTimestamp", "", ""},
		{"enabled", "true", "true"},
		{"consumer", "", ""},
		{"batchWindow", "", "0"},
		{"maximumRetryAttempts", "", "-1"},
		{"bisectBatchOnFunctionError", "", "false"},
		{"maximumRecordAgeInSeconds", "", "-1"},
		{"functionResponseType", "", ""},
		{"destinations", "", ""},
		{"tumblingWindowInSeconds", "", "0"},
		{"filterPatterns", "", ""},
	}
	if len(tests) != len(StreamKeys()) {
		t.Fatalf("test covers %d keys, catalog has %d", len(tests), len(StreamKeys()))
	}
	for _, tt := range tests {
		k := mustKey(t, tt.key)
		if k.FrameworkDefault != tt.framework || k.AWSDefault != tt.aws {
			t.Errorf("%s: defaults framework=%q aws=%q, want %q and %q", tt.key, k.FrameworkDefault, k.AWSDefault, tt.framework, tt.aws)
		}
	}
}

func TestAppliesTo(t *testing.T) {
	kinesisOnly := map[string]bool{"consumer": true, "startingPositionTimestamp": true}
	for _, k := range StreamKeys() {
		want := AnyStream
		if kinesisOnly[k.Name] {
			want = Kinesis
		}
		if k.AppliesTo != want {
			t.Errorf("%s: AppliesTo = %v, want %v", k.Name, k.AppliesTo, want)
		}
	}
	if !AnyStream.Has(Kinesis) || !AnyStream.Has(DynamoDB) || Kinesis.Has(DynamoDB) || AnyStream.Has(0) {
		t.Error("StreamType.Has is wrong")
	}
}

func TestRequiredAndItems(t *testing.T) {
	var required []string
	walk(t, func(t *testing.T, path string, k Key) {
		if k.Required {
			required = append(required, path)
		}
	})
	want := []string{"stream.arn", "stream.destinations.onFailure", "stream.destinations.onFailure.arn"}
	if !slices.Equal(required, want) {
		t.Errorf("required = %q, want %q", required, want)
	}
	fp := mustKey(t, "filterPatterns")
	if fp.MinItems != 1 || fp.MaxItems != 10 {
		t.Errorf("filterPatterns items %d..%d, want 1..10", fp.MinItems, fp.MaxItems)
	}
}

func TestStreamKeyIsCaseSensitive(t *testing.T) {
	if k, ok := StreamKey("batchSize"); !ok || k.Name != "batchSize" {
		t.Fatalf("StreamKey(batchSize) = %v, %v", k.Name, ok)
	}
	for _, name := range []string{"BatchSize", "batchsize", "BATCHSIZE", " batchSize", ""} {
		if _, ok := StreamKey(name); ok {
			t.Errorf("StreamKey(%q) found a key", name)
		}
	}
	if _, ok := StreamKey("onFailure"); ok {
		t.Error("onFailure is not a top-level key")
	}
}

func TestKeyAtAndDestinationKeys(t *testing.T) {
	if got := names(DestinationKeys()); !slices.Equal(got, []string{"arn", "type"}) {
		t.Errorf("DestinationKeys() = %q", got)
	}
	if got := names(mustKey(t, "destinations").Children); !slices.Equal(got, []string{"onFailure"}) {
		t.Errorf("destinations children = %q", got)
	}
	if k := mustKey(t); k.Name != "stream" {
		t.Errorf("KeyAt() = %q, want the stream event", k.Name)
	}
	for _, path := range [][]string{{"destinations", "onSuccess"}, {"batchSize", "x"}, {"Destinations"}} {
		if _, ok := KeyAt(path...); ok {
			t.Errorf("KeyAt(%q) found a key", path)
		}
	}
}

// Callers get copies: editing one must not change what the next hover sees.
func TestCatalogIsNotShared(t *testing.T) {
	k := mustKey(t, "startingPosition")
	k.Enum[0] = "BROKEN"
	k.Links[0].URL = "BROKEN"
	k.Values[0].Value = "BROKEN"
	keys := StreamKeys()
	keys[0].Name = "BROKEN"
	d := DestinationKeys()
	d[1].Enum[0] = "BROKEN"
	if again := mustKey(t, "startingPosition"); again.Enum[0] != "LATEST" || again.Links[0].URL == "BROKEN" || again.Values[0].Value != "LATEST" {
		t.Error("StreamKey returned shared slices")
	}
	if StreamKeys()[0].Name != "arn" {
		t.Error("StreamKeys returned a shared slice")
	}
	if DestinationKeys()[1].Enum[0] != "sns" {
		t.Error("DestinationKeys returned shared slices")
	}
}

func TestMarkdownDocBatchSize(t *testing.T) {
	k := mustKey(t, "batchSize")
	md := MarkdownDoc(k)
	for _, want := range []string{
		"**batchSize**",
		k.Summary,
		"**Allowed:** 1 to 10000",
		"**Framework default:** `10`",
		"**AWS default:** `100`",
		"**Applies to:** Kinesis Data Streams and DynamoDB Streams",
		"**CloudFormation:** `BatchSize`",
		"**Type:** integer",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("MarkdownDoc lacks %q:\n%s", want, md)
		}
	}
	for _, l := range k.Links {
		if !strings.Contains(md, "["+l.Title+"]("+l.URL+")") {
			t.Errorf("MarkdownDoc lacks link %v", l)
		}
	}
	if !strings.Contains(md, ServerlessStreamsDocs) || !strings.Contains(md, DocESMProperty("BatchSize")) || !strings.Contains(md, DocKinesisParameters) {
		t.Errorf("MarkdownDoc lacks one of the three kinds of link:\n%s", md)
	}
}

func TestMarkdownDocShapes(t *testing.T) {
	md := MarkdownDoc(mustKey(t, "startingPosition"))
	for _, want := range []string{
		"- `AT_TIMESTAMP`: ",
		"(Kinesis Data Streams only, since Serverless Framework v3.24.0)",
		"**Framework default:** `TRIM_HORIZON`",
		"**AWS default:** none",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("startingPosition MarkdownDoc lacks %q:\n%s", want, md)
		}
	}
	md = MarkdownDoc(mustKey(t, "parallelizationFactor"))
	if !strings.Contains(md, "**Framework default:** none") || !strings.Contains(md, "**AWS default:** `1`") {
		t.Errorf("parallelizationFactor MarkdownDoc:\n%s", md)
	}
	md = MarkdownDoc(mustKey(t, "arn"))
	if strings.Contains(md, "default") || !strings.Contains(md, "**Required:** yes") {
		t.Errorf("arn has no defaults and is required:\n%s", md)
	}
	md = MarkdownDoc(mustKey(t, "filterPatterns"))
	if !strings.Contains(md, "**Type:** list, 1 to 10 items") {
		t.Errorf("filterPatterns MarkdownDoc:\n%s", md)
	}
}

func TestPlainDoc(t *testing.T) {
	walk(t, func(t *testing.T, _ string, k Key) {
		p := PlainDoc(k)
		if strings.Contains(p, "**") || strings.Contains(p, "`") || strings.Contains(p, "](") {
			t.Errorf("PlainDoc keeps markdown:\n%s", p)
		}
		for _, l := range k.Links {
			if !strings.Contains(p, l.URL) {
				t.Errorf("PlainDoc lacks %s", l.URL)
			}
		}
	})
	p := PlainDoc(mustKey(t, "batchSize"))
	for _, want := range []string{"Allowed: 1 to 10000", "Framework default: 10 ", "AWS default: 100"} {
		if !strings.Contains(p, want) {
			t.Errorf("PlainDoc lacks %q:\n%s", want, p)
		}
	}
}

func TestSuggestKey(t *testing.T) {
	keys := StreamKeys()
	tests := map[string]string{
		"BatchSize":                      "batchSize",
		"batchsize":                      "batchSize",
		"MaximumBatchingWindowInSeconds": "batchWindow",
		"EventSourceArn":                 "arn",
		"FunctionResponseTypes":          "functionResponseType",
		"DestinationConfig":              "destinations",
		"FilterCriteria":                 "filterPatterns",
		"startingPositionTimeStamp":      "startingPositionTimestamp",
	}
	for in, want := range tests {
		if k, ok := SuggestKey(keys, in); !ok || k.Name != want {
			t.Errorf("SuggestKey(%q) = %q, %v; want %q", in, k.Name, ok, want)
		}
	}
	for _, in := range []string{"batchSize", "nonsense", ""} {
		if k, ok := SuggestKey(keys, in); ok {
			t.Errorf("SuggestKey(%q) = %q", in, k.Name)
		}
	}
	if k, ok := SuggestKey(DestinationKeys(), "Type"); !ok || k.Name != "type" {
		t.Errorf("SuggestKey in destinations = %q, %v", k.Name, ok)
	}
}

func TestUnsupportedStreamKey(t *testing.T) {
	if r, ok := UnsupportedStreamKey("maximumConcurrency"); !ok || !strings.Contains(r, "SQS") {
		t.Errorf("maximumConcurrency: %q, %v", r, ok)
	}
	for name := range unsupportedStreamKeys {
		if _, ok := StreamKey(name); ok {
			t.Errorf("%s is both supported and unsupported", name)
		}
	}
	if _, ok := UnsupportedStreamKey("batchSize"); ok {
		t.Error("batchSize is supported")
	}
}

func TestValueKindCoercion(t *testing.T) {
	for _, k := range StreamKeys() {
		want := k.Kind == KindInteger || k.Kind == KindNumber || k.Kind == KindBoolean
		if k.Kind.FrameworkCoerces() != want {
			t.Errorf("%s: FrameworkCoerces = %v", k.Name, !want)
		}
	}
	if mustKey(t, "startingPosition").Kind.FrameworkCoerces() {
		t.Error("enum values are not coerced by the framework")
	}
}

// The documentation the catalog's keys keep is what rendering them gives,
// in both forms, for every key, and for a copy with any field changed.
func TestKeptDocsAreTheRenderedDocs(t *testing.T) {
	var walk func(keys []Key)
	walk = func(keys []Key) {
		for _, k := range keys {
			if docsOf(k) == nil {
				t.Errorf("%s keeps no documentation", k.Name)
			}
			check(t, k.Name, k)
			v := reflect.ValueOf(&k).Elem()
			for i := range v.NumField() {
				f := v.Type().Field(i)
				if !f.IsExported() || f.Name == "Children" {
					continue
				}
				edited := k.clone()
				if changeField(reflect.ValueOf(&edited).Elem().Field(i)) {
					check(t, k.Name+" with "+f.Name+" changed", edited)
				}
			}
			walk(k.Children)
		}
	}
	walk([]Key{StreamEvent()})
}

func check(t *testing.T, what string, k Key) {
	t.Helper()
	if MarkdownDoc(k) != markdownDoc(k) || PlainDoc(k) != plainDoc(k) {
		t.Errorf("%s: the documentation given differs from a fresh rendering", what)
	}
}

// changeField changes a field of a copied key in place, reporting whether
// it could.
func changeField(f reflect.Value) bool {
	switch f.Kind() {
	case reflect.String:
		f.SetString(f.String() + "X")
	case reflect.Bool:
		f.SetBool(!f.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		f.SetInt(f.Int() + 1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		f.SetUint(f.Uint() + 1)
	case reflect.Slice:
		if f.Len() == 0 {
			f.Set(reflect.Append(f, reflect.Zero(f.Type().Elem())))
			return true
		}
		return changeField(f.Index(0)) || f.Index(0).Kind() == reflect.Struct && changeField(f.Index(0).Field(0))
	case reflect.Struct:
		return changeField(f.Field(0))
	default:
		return false
	}
	return true
}
