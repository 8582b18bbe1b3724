package fix

import (
	"strconv"
	"time"

	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/diag"
)

// now is the clock the timestamp fix reads; tests set it.
var now = time.Now

// AT_TIMESTAMP needs startingPositionTimestamp. Which moment to start from
// is the user's decision, so the fix writes the current time, a valid value
// to edit, right after startingPosition, and is not preferred: "fix all"
// must not choose a start time on the user's behalf.
func init() { register(catalog.RuleTimestampMissing, fixTimestampMissing) }

func fixTimestampMissing(s *source, d diag.Diagnostic) []Fix {
	for _, ev := range s.model.Streams {
		m := streamMapping(ev)
		p := pairWithValue(m, d.Span)
		if p == nil || p.Key.Value != "startingPosition" {
			continue
		}
		stamp := strconv.FormatInt(now().Unix(), 10)
		kv := "startingPositionTimestamp: " + stamp
		var edit Edit
		var ok bool
		if existing := m.Pair("startingPositionTimestamp"); existing != nil {
			// Written without a value, which counts as absent.
			edit, ok = s.setNullValue(existing, stamp)
		} else {
			edit, ok = s.insertAfter(m, p, entry{block: []string{kv}, flow: kv})
		}
		if !ok {
			return nil
		}
		return []Fix{{Title: "Add `startingPositionTimestamp` (now; edit it to the time to start from)", Edits: []Edit{edit}}}
	}
	return nil
}
