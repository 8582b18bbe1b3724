package rules

import (
	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// integerValue checks the integer settings against the framework's schema,
// which matches AWS's limits (reference/serverless-stream.md 1.2,
// reference/aws-esm.md R3-R8): the ranges come from the keys catalog.
//
// What the framework's validator converts is accepted like the framework
// accepts it: "100" and 100.0 are 100. Two conversions are legal but
// surely not meant, so they are warnings: `true` read as 1, and a one-item
// list read as its item. Out-of-range values are errors even where the
// framework repairs them quietly (batchSize 0 becomes 10), because the
// deployed mapping is then not what the file says.
type integerValue struct{ keys []catalog.Key }

func init() {
	register(catalog.RuleIntegerValue, integerValue{keys: streamKeysOfKind(catalog.KindInteger)})
}

func (rule integerValue) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	m := streamMapping(ev)
	if m == nil {
		return
	}
	for _, k := range rule.keys {
		if p := present(m, k.Name); p != nil {
			checkInteger(k, p.Value, r)
		}
	}
}

// checkInteger judges n as the value of integer key k, on its own: what
// it reports depends on n alone (see ValueDiagnostics).
func checkInteger(k catalog.Key, n *yamlast.Node, r *Reporter) {
	if !judged(n) {
		return
	}
	v, how := frameworkNumber(n)
	switch {
	case how == rejected:
		r.Report(catalog.RuleIntegerValue, n.Span, "`%s` takes a whole number, %s; %s is not a number", k.Name, k.RangeText(), describeValue(n))
	case !isWholeNumber(v):
		r.Report(catalog.RuleIntegerValue, n.Span, "`%s` takes a whole number, %s; %s is not whole", k.Name, k.RangeText(), describeValue(n))
	case !inRanges(k, v):
		r.Report(catalog.RuleIntegerValue, n.Span, "`%s` takes %s, not %s%s", k.Name, k.RangeText(), formatNumber(v), outOfRangeNote(k.Name, v))
	case how == fromBoolean:
		r.ReportSeverity(catalog.RuleIntegerValue, diag.Warning, n.Span,
			"the framework reads %s as %s for `%s`; write the number itself", describeValue(n), formatNumber(v), k.Name)
	case how == fromList && n.Kind == yamlast.Sequence:
		r.ReportSeverity(catalog.RuleIntegerValue, diag.Warning, n.Span,
			"`%s` takes one number, not a list; the framework unwraps the list, but write `%s: %s`", k.Name, k.Name, formatNumber(v))
	}
}

// localKeys are the stream keys whose values only checkInteger reads:
// every integer setting but maximumRecordAgeInSeconds, which
// dynamoDBRecordAge also reads. TestValueLocalKeysAreReadByOneRule holds
// the rules to that, by changing these values in every fixture.
var localKeys = func() map[string]catalog.Key {
	out := map[string]catalog.Key{}
	for _, k := range streamKeysOfKind(catalog.KindInteger) {
		if k.Name != "maximumRecordAgeInSeconds" {
			out[k.Name] = k
		}
	}
	return out
}()

// ValueLocal reports whether no rule reads the value of a stream event's
// key named key but to judge that value alone, reporting at it: a change
// of such a value that keeps it a plain integer changes only what
// ValueDiagnostics says of it, in every event it reaches. The incremental
// analysis relies on it to take an edit of such a value in defaults that
// many events merge without checking the events again.
func ValueLocal(key string) bool {
	_, ok := localKeys[key]
	return ok
}

// ValueDiagnostics are the diagnostics the rules report on n as the value
// of key (for which ValueLocal holds) in a stream event that takes it.
func ValueDiagnostics(key string, n *yamlast.Node) []diag.Diagnostic {
	k, ok := localKeys[key]
	if !ok {
		return nil
	}
	r := &Reporter{}
	checkInteger(k, n, r)
	return r.diags
}

// inRanges is Key.InRange for any float, so that huge values cannot
// overflow an int64 on the way.
func inRanges(k catalog.Key, v float64) bool {
	if len(k.Ranges) == 0 {
		return true
	}
	for _, rg := range k.Ranges {
		if v >= float64(rg.Min) && v <= float64(rg.Max) {
			return true
		}
	}
	return false
}

// outOfRangeNote adds what the framework or AWS does with the value where
// that is not simply "rejected".
func outOfRangeNote(key string, v float64) string {
	switch {
	case key == "batchSize" && v == 0:
		return " (the framework's schema rejects it, and unless configValidationMode is error the framework quietly writes its default 10 instead)"
	case key == "parallelizationFactor" && v == 0:
		return " (the framework's schema rejects it, and unless configValidationMode is error the framework drops it and AWS's default of 1 applies)"
	case key == "maximumRecordAgeInSeconds" && v >= 0 && v < 60:
		return " (the framework and AWS accept no age below 60 seconds; -1 means no limit)"
	}
	return "; the framework's schema and AWS reject it"
}
