package analysis

import (
	"fmt"
	"strings"
	"testing"
)

// A function checked again whose events keep their groups and what the
// group rules read of them leaves the groups unchecked; one whose events
// change what a group rule reads gets its groups checked again.
func TestRecheckedFunctionsLeaveUnchangedGroupsAlone(t *testing.T) {
	const arn = "arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2024-01-01T00:00:00.000"
	var b strings.Builder
	b.WriteString("service: s\nprovider:\n  name: aws\ncustom:\n  defaults: &defaults\n    batchSize: 100\n    startingPosition: LATEST\n")
	b.WriteString("  source: &source " + arn + "\nfunctions:\n")
	const readers = 6
	for k := range readers {
		fmt.Fprintf(&b, "  f%d:\n    handler: f.h\n    events:\n      - stream:\n          <<: *defaults\n          arn: *source\n", k)
	}
	text := b.String()
	s := NewSession(Options{})
	first := s.Update(text, nil)
	if !strings.Contains(fmt.Sprint(first.Diagnostics), "stream-dynamodb-readers") {
		t.Fatalf("the fixture should report its %d readers of one stream:\n%v", readers, first.Diagnostics)
	}

	edit := func(what, old, new string) {
		t.Helper()
		at := strings.Index(text, old)
		next := text[:at] + new + text[at+len(old):]
		got := s.Update(next, []Edit{{Start: at, End: at + len(old), Text: new}})
		text = next
		want := NewSession(Options{}).Update(next, nil)
		if fmt.Sprint(got.Diagnostics) != fmt.Sprint(want.Diagnostics) {
			t.Errorf("%s: incremental diagnostics differ from a fresh analysis:\n got %v\nwant %v", what, got.Diagnostics, want.Diagnostics)
		}
	}

	edit("batchSize in the defaults", "batchSize: 100", "batchSize: 1001")
	if st := s.Stats(); st.Units != readers || st.Groups != 0 {
		t.Errorf("typing in the defaults checked %d functions and %d groups, want %d and 0", st.Units, st.Groups, readers)
	}
	edit("the source's stream label", "2024-01-01T00:00:00.000", "2024-01-02T00:00:00.000")
	if st := s.Stats(); st.Units != readers || st.Groups == 0 {
		t.Errorf("changing the stream all of them read checked %d functions and %d groups, want %d and at least 1", st.Units, st.Groups, readers)
	}
}
