package analysis

import (
	"fmt"
	"strings"
	"testing"
)

// A function checked again whose events are as they were leaves their
// groups unchecked; one whose events changed gets its groups checked
// again.
func TestRecheckedFunctionsLeaveUnchangedGroupsAlone(t *testing.T) {
	const arn = "arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2024-01-01T00:00:00.000"
	var b strings.Builder
	b.WriteString("service: s\nprovider:\n  name: aws\ncustom:\n  fn: &fn\n    memorySize: 256\n")
	b.WriteString("  source: &source " + arn + "\nfunctions:\n")
	const readers = 6
	for k := range readers {
		fmt.Fprintf(&b, "  f%d:\n    <<: *fn\n    handler: f.h\n    events:\n      - stream:\n          arn: *source\n", k)
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

	// The first check after opening has no facts to compare with (they
	// are not worked out on opening); the second has.
	edit("the functions' defaults", "memorySize: 256", "memorySize: 2560")
	edit("the functions' defaults again", "memorySize: 2560", "memorySize: 256")
	if st := s.Stats(); st.Units != readers || st.Groups != 0 {
		t.Errorf("typing in the functions' defaults checked %d functions and %d groups, want %d and 0", st.Units, st.Groups, readers)
	}
	edit("the source's stream label", "2024-01-01T00:00:00.000", "2024-01-02T00:00:00.000")
	if st := s.Stats(); st.Units != readers || st.Groups == 0 {
		t.Errorf("changing the stream all of them read checked %d functions and %d groups, want %d and at least 1", st.Units, st.Groups, readers)
	}
}

// A group rule reads more of an event than its source's ARN: the
// collision of two events' logical IDs depends on `consumer` too. An edit
// that changes only that, through an alias, checks the group again. (Found
// in review.)
func TestAGroupSeesAChangeOfAnyPartOfItsEvents(t *testing.T) {
	const arn = "arn: arn:aws:kinesis:us-east-1:123456789012:stream/a"
	text := "service: s\nprovider:\n  name: aws\ncustom:\n  c: &c true\nfunctions:\n  f:\n    handler: h\n    events:\n" +
		"      - stream:\n          type: kinesis\n          " + arn + "\n" +
		"      - stream:\n          type: kinesis\n          " + arn + "\n          consumer: *c\n"
	s := NewSession(Options{})
	s.Update(text, nil)
	text = replaceAndCompare(t, s, text, "&c true", "&c false")
	replaceAndCompare(t, s, text, "&c false", "&c true")
}
