package rules

import (
	"math"
	"strconv"
	"time"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// timestampFormat: startingPositionTimestamp is a number, the Unix time in
// seconds (fractions allowed), and it must not lie in the future
// (reference/aws-esm.md R2, section 2). The framework rejects a date string
// ("must be number") and converts a quoted number, so "1700000000" is fine
// (reference/serverless-stream.md 1.2, 1.5).
//
// A value in milliseconds, the unit JavaScript's Date.now() gives, lies
// thousands of years ahead in seconds, which AWS refuses; past 1e11 (the
// year 5138) no value can be meant as seconds, so that is an error too, with
// the value divided by 1000 as the fix.
type timestampFormat struct{}

func init() { register(catalog.RuleTimestampFormat, timestampFormat{}) }

// millisecondsThreshold is the smallest value taken for milliseconds.
const millisecondsThreshold = 1e11

func (timestampFormat) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	m := streamMapping(ev)
	if m == nil {
		return
	}
	p := present(m, "startingPositionTimestamp")
	if p == nil || !judged(p.Value) {
		return
	}
	n := p.Value
	v, how := frameworkNumber(n)
	switch {
	case how == rejected || math.IsNaN(v) || math.IsInf(v, 0):
		if t, ok := parseDate(n); ok {
			r.Report(catalog.RuleTimestampFormat, n.Span,
				"`startingPositionTimestamp` takes Unix time in seconds, not a date (the framework rejects it); write `%d` for %s",
				t.Unix(), t.UTC().Format(time.RFC3339))
			return
		}
		r.Report(catalog.RuleTimestampFormat, n.Span,
			"`startingPositionTimestamp` takes Unix time in seconds, such as `1700000000`, not %s", describeValue(n))
	case v >= millisecondsThreshold:
		r.Report(catalog.RuleTimestampFormat, n.Span,
			"%s looks like milliseconds: read as seconds it lies far in the future, which AWS rejects; write the Unix time in seconds, `%s`",
			describeValue(n), strconv.FormatFloat(v/1000, 'f', -1, 64))
	}
}

// dateLayouts are the ways people write a date instead of a number: ISO
// 8601 with or without zone and fraction, and YAML's own timestamp forms.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02",
}

// parseDate reads a scalar as a date; dates without a zone are UTC, as
// YAML says for its timestamps.
func parseDate(n *yamlast.Node) (time.Time, bool) {
	if n.Kind != yamlast.Scalar {
		return time.Time{}, false
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, n.Value); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
