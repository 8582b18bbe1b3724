package yamlast

import "testing"

func TestScalarChangeOf(t *testing.T) {
	const before = "  defaults: &d\n    batchSize: 100 # c\n    enabled: true\n    list: [1, 2]\n    ref: *x\n"
	cases := []struct {
		name, after, key, old, new string
	}{
		{"a value typed into", "  defaults: &d\n    batchSize: 1001 # c\n    enabled: true\n    list: [1, 2]\n    ref: *x\n", "batchSize", "100", "1001"},
		{"a value shortened", "  defaults: &d\n    batchSize: 10 # c\n    enabled: true\n    list: [1, 2]\n    ref: *x\n", "batchSize", "100", "10"},
		{"a boolean", "  defaults: &d\n    batchSize: 100 # c\n    enabled: yes\n    list: [1, 2]\n    ref: *x\n", "", "", ""},
		{"a comment", "  defaults: &d\n    batchSize: 100 # cc\n    enabled: true\n    list: [1, 2]\n    ref: *x\n", "", "", ""},
		{"a key", "  defaults: &d\n    batchSizes: 100 # c\n    enabled: true\n    list: [1, 2]\n    ref: *x\n", "", "", ""},
		{"a list item", "  defaults: &d\n    batchSize: 100 # c\n    enabled: true\n    list: [1, 3]\n    ref: *x\n", "", "", ""},
		{"a quoted value", "  defaults: &d\n    batchSize: '100' # c\n    enabled: true\n    list: [1, 2]\n    ref: *x\n", "", "", ""},
		{"an anchor", "  defaults: &e\n    batchSize: 100 # c\n    enabled: true\n    list: [1, 2]\n    ref: *x\n", "", "", ""},
		{"an alias", "  defaults: &d\n    batchSize: 100 # c\n    enabled: true\n    list: [1, 2]\n    ref: *y\n", "", "", ""},
		{"a new pair", "  defaults: &d\n    batchSize: 100 # c\n    enabled: true\n    list: [1, 2]\n    ref: *x\n    more: 1\n", "", "", ""},
	}
	old := ParseTree(before)
	for _, c := range cases {
		sc, ok := ScalarChangeOf(old, ParseTree(c.after), 10, 10)
		switch {
		case c.key == "" && ok:
			t.Errorf("%s: reported %q: %q -> %q, want no scalar change", c.name, sc.Key, sc.Old.Value, sc.New.Value)
		case c.key != "" && !ok:
			t.Errorf("%s: no scalar change, want %s", c.name, c.key)
		case c.key != "" && (sc.Key != c.key || sc.Old.Value != c.old || sc.New.Value != c.new || sc.Old.Tag != "!!int"):
			t.Errorf("%s: got %q: %q -> %q (%s)", c.name, sc.Key, sc.Old.Value, sc.New.Value, sc.Old.Tag)
		case c.key != "" && (sc.Old.Span.Start != 10+len("  defaults: &d\n    batchSize: ") || sc.New.Span.End != sc.New.Span.Start+len(c.new)):
			t.Errorf("%s: spans %v -> %v", c.name, sc.Old.Span, sc.New.Span)
		}
	}
}

func TestMergedOnlyInto(t *testing.T) {
	event := func(path []string) bool { return len(path) == 4 && path[1] == "events" && path[3] == "stream" }
	cases := []struct {
		name, text string
		want       bool
	}{
		{"merged into an event", "  f:\n    events:\n      - stream:\n          <<: *d\n          arn: a\n", true},
		{"in a merge list", "  f:\n    events:\n      - stream:\n          <<: [*e, *d]\n", true},
		{"merged into the function", "  f:\n    <<: *d\n    events:\n      - stream:\n          arn: a\n", false},
		{"merged into a pattern", "  f:\n    events:\n      - stream:\n          filterPatterns:\n            - <<: *d\n", false},
		{"aliased as the event", "  f:\n    events:\n      - stream: *d\n", false},
		{"one use of two is not a merge", "  f:\n    events:\n      - stream:\n          <<: *d\n      - stream:\n          x: *d\n", false},
		{"not used", "  f:\n    events:\n      - stream:\n          <<: *e\n", true},
	}
	for _, c := range cases {
		tree := ParseTree(c.text)
		ref := -1
		for i, name := range tree.Refs() {
			if name == "d" {
				ref = i
			}
		}
		if got := tree.MergedOnlyInto(ref, event, 1000); got != c.want {
			t.Errorf("%s: MergedOnlyInto = %v, want %v", c.name, got, c.want)
		}
	}
}
